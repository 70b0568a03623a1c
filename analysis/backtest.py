"""Leave-one-treaty-out backtest of :mod:`analysis.forecast` on the reference treaties.

For each treaty of :data:`analysis.forecast.CALIBRATION_TREATIES` and each origin (the
opening date, and 6, 12 and 24 months after, counted as 0, 182, 365 and 730 days so that the
per-origin fits can be shared), the forecast is replayed with the treaty's history cut at the
origin and a calibration on the *other* treaties only: their fits, the treaty-pace spread,
the country propensities (a country's record comes only from the other treaties) and the
pool of states. Origins on or after the treaty's threshold date are skipped.

The forecast quantity is the threshold date (the day of the last instrument needed); the
entry-into-force date is a fixed shift of it by the treaty's rule, so errors are the same.
The truth is the threshold date the rule engine computes from the treaty's table, which
equals the documented date for every treaty used (``tests/test_timeline_rules.py``).

Two baselines:

- ``reference_class``: the days from opening to threshold of the other treaties, keeping
  those longer than the time already elapsed (its median and empirical quantiles);
- ``linear``: the pace so far (counting instruments per day since opening) extrapolated to
  the threshold; a point forecast (no intervals, CRPS = absolute error), undefined at the
  opening (no pace observed yet) and when no instrument has been deposited.

Scores: absolute error of the median (days), whether the central 50/80/95 % intervals cover
the truth, and the CRPS (days) from the samples. Paths that do not reach the threshold
within 15 years count as the horizon day. The backtest uses 10,000 paths per case by
default (the forecast itself uses 100,000).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis import forecast as fc

__all__ = ["ORIGINS", "backtest", "calibration_set", "crps_samples", "summary"]

#: Origins: months after opening -> days after opening.
ORIGINS: dict[int, int] = {0: 0, 6: 182, 12: 365, 24: 730}
MODELS = ("model", "reference_class", "linear")
_LEVELS = {"50": (0.25, 0.75), "80": (0.1, 0.9), "95": (0.025, 0.975)}


def calibration_set(test_id: str, treaty_ids: Sequence[str] = fc.CALIBRATION_TREATIES
                    ) -> tuple[str, ...]:
    """The treaties a backtest of ``test_id`` calibrates on: all others, never itself.

    >>> "uncac" in calibration_set("uncac")
    False
    """
    return tuple(sorted(t for t in treaty_ids if t != test_id))


def crps_samples(samples: np.ndarray, truth: float) -> float:
    """Continuous ranked probability score of an ensemble (same units as the samples).

    CRPS = E|X - y| - E|X - X'| / 2, computed exactly from the sorted samples.

    >>> round(crps_samples(np.array([0.0, 1.0]), 0.0), 3)
    0.25
    """
    x = np.sort(np.asarray(samples, float))
    n = len(x)
    first = np.mean(np.abs(x - truth))
    i = np.arange(1, n + 1)
    pair = 2.0 * np.sum((2 * i - n - 1) * x) / (n * n)
    return float(first - 0.5 * pair)


def _scores(samples: np.ndarray, truth: float) -> dict[str, float]:
    out = {"median_day": float(np.quantile(samples, 0.5, method="inverted_cdf"))}
    out["abs_error"] = abs(out["median_day"] - truth)
    for name, (lo, hi) in _LEVELS.items():
        q = np.quantile(samples, [lo, hi], method="inverted_cdf")
        out[f"cover_{name}"] = float(q[0] <= truth <= q[1])
    out["crps"] = crps_samples(samples, truth)
    return out


def _count_at(h: fc.History, day: int) -> int:
    return int((h.counted & (h.con <= day)).sum())


def backtest(treaty_ids: Sequence[str] = fc.CALIBRATION_TREATIES,
             origins: dict[int, int] | None = None, n_paths: int = 10_000,
             seed: int = 0, test_ids: Sequence[str] | None = None,
             clustering: bool = False) -> pd.DataFrame:
    """Leave-one-treaty-out backtest: one tidy table of cases and aggregates.

    Columns: ``scope`` (``case``, ``origin`` = mean over treaties at one origin, ``overall``
    = mean over all cases), ``treaty_id`` ("" for aggregates), ``origin_months``,
    ``origin_day``, ``model`` (``model``, ``reference_class``, ``linear``), ``n`` (cases),
    ``truth_day``, ``median_day``, ``abs_error`` (days), ``cover_50``, ``cover_80``,
    ``cover_95`` (share of cases covered; NaN for the point forecast), ``crps`` (days),
    ``p_never`` (model only). ``attrs``: ``n_paths``, ``seed``, ``seconds``.
    ``test_ids`` (default: all of ``treaty_ids``) are the treaties replayed; each is
    calibrated on ``treaty_ids`` without itself.

    ``clustering`` (default off): the model snaps simulated deposits to the test treaty's
    event windows (:func:`analysis.forecast.event_windows`) with the strength
    :func:`analysis.forecast.clustering_share` estimates on the calibration treaties of the
    fold (never the test treaty); same seeds, so the unsnapped deposits are those of the
    run without it. ``attrs`` then adds ``clustering_share``: the share per test treaty. The
    baselines do not change.

    >>> bt = backtest(["untoc", "uncac", "fctc", "ccm"], origins={12: 365}, n_paths=500)
    >>> sorted(bt["model"].unique())
    ['linear', 'model', 'reference_class']
    """
    origins = ORIGINS if origins is None else origins
    ids = tuple(treaty_ids)
    start = time.perf_counter()
    rows = []
    tests = ids if test_ids is None else tuple(test_ids)
    shares: dict[str, float] = {}
    for test_id in tests:
        k = ids.index(test_id) if test_id in ids else len(ids)
        h = fc.treaty_history(test_id)
        truth = h.threshold_day
        calib_ids = calibration_set(test_id, ids)
        durations = np.array([fc.treaty_history(t).threshold_day for t in calib_ids])
        if clustering:
            shares[test_id] = fc.clustering_share(calib_ids).share
        for months, day in origins.items():
            if not np.isfinite(truth) or day >= truth:
                continue
            calib = fc.calibrate(calib_ids, day, sibling=test_id in fc.SIBLINGS)
            problem = fc.problem_from_history(h, day, calib.universe)
            horizon = day + 365.25 * fc.HORIZON_YEARS
            windows = None
            if clustering:
                windows = fc.event_windows(h.opened, int(np.ceil(horizon)) + fc.SNAP_HORIZON
                                           + 2, shares[test_id])
            sim = fc.simulate(problem, calib, n_paths=n_paths, seed=seed + 1000 * k + months,
                              horizon_days=horizon, clustering=windows)
            samples = np.minimum(sim["threshold_days"], horizon)
            base = {"scope": "case", "treaty_id": test_id, "origin_months": months,
                    "origin_day": day, "n": 1, "truth_day": truth}
            rows.append({**base, "model": "model", **_scores(samples, truth),
                         "p_never": float(np.mean(~np.isfinite(sim["threshold_days"])))})
            ref = durations[durations > day]
            ref = ref if len(ref) else np.array([float(day + 1)])
            rows.append({**base, "model": "reference_class", **_scores(ref, truth)})
            count = _count_at(h, day)
            need = h.rule["threshold"]
            if day > 0 and count > 0:
                pred = day + (need - count) * day / count
                lin = {"median_day": pred, "abs_error": abs(pred - truth),
                       "crps": abs(pred - truth)}
            else:
                lin = {"median_day": np.nan, "abs_error": np.nan, "crps": np.nan}
            rows.append({**base, "model": "linear", **lin,
                         **{f"cover_{n}": np.nan for n in _LEVELS}})
    cases = pd.DataFrame(rows)
    table = pd.concat([cases, _aggregate(cases)], ignore_index=True)
    cols = ["scope", "treaty_id", "origin_months", "origin_day", "model", "n", "truth_day",
            "median_day", "abs_error", "cover_50", "cover_80", "cover_95", "crps", "p_never"]
    table = table.reindex(columns=cols)
    table.attrs.update({"n_paths": n_paths, "seed": seed,
                        "seconds": round(time.perf_counter() - start, 2),
                        "treaties": ids, "test_ids": tests, "origins": dict(origins)})
    if clustering:
        table.attrs.update({"clustering": True, "clustering_share": shares})
    return table


def _aggregate(cases: pd.DataFrame) -> pd.DataFrame:
    metrics = ["abs_error", "cover_50", "cover_80", "cover_95", "crps", "p_never"]
    out = []
    for (months, model), g in cases.groupby(["origin_months", "model"], sort=True):
        ok = g[g["abs_error"].notna()]
        out.append({"scope": "origin", "treaty_id": "", "origin_months": months,
                    "origin_day": g["origin_day"].iloc[0], "model": model, "n": len(ok),
                    **ok[metrics].mean().to_dict()})
    for model, g in cases.groupby("model", sort=True):
        ok = g[g["abs_error"].notna()]
        out.append({"scope": "overall", "treaty_id": "", "origin_months": np.nan,
                    "origin_day": np.nan, "model": model, "n": len(ok),
                    **ok[metrics].mean().to_dict()})
        # the same cases as the linear baseline (origins after opening with a pace)
        lin = cases[(cases["model"] == "linear") & cases["abs_error"].notna()]
        keys = set(zip(lin["treaty_id"], lin["origin_months"], strict=True))
        same = g[[k in keys for k in zip(g["treaty_id"], g["origin_months"], strict=True)]]
        out.append({"scope": "overall_linear_cases", "treaty_id": "", "origin_months": np.nan,
                    "origin_day": np.nan, "model": model, "n": len(same),
                    **same[metrics].mean().to_dict()})
    return pd.DataFrame(out)


def summary(table: pd.DataFrame) -> pd.DataFrame:
    """The aggregate rows of a :func:`backtest` table, one line per scope, origin and model.

    >>> bt = backtest(["untoc", "uncac", "fctc"], origins={12: 365}, n_paths=300)
    >>> set(summary(bt)["scope"]) == {"origin", "overall", "overall_linear_cases"}
    True
    """
    cols = ["scope", "origin_months", "model", "n", "abs_error", "cover_50", "cover_80",
            "cover_95", "crps", "p_never"]
    return table.loc[table["scope"] != "case", cols].reset_index(drop=True)
