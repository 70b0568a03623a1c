"""Backtests of :mod:`analysis.forecast` on the reference treaties.

For each treaty of :data:`analysis.forecast.CALIBRATION_TREATIES` and each origin (the
opening date, and 6, 12 and 24 months after, counted as 0, 182, 365 and 730 days), the
forecast is replayed with the treaty's history cut at the origin. Origins on or after the
treaty's threshold date are skipped. Two designs:

- ``real_time=True`` (the honest one): the fold calibrates only on treaties whose threshold
  date came before the fold's forecast date (opening + origin), each cut at that date (later
  consents censored), and leaves out the held-out treaty and its siblings (same conference
  or parent convention, :attr:`analysis.treaty.Treaty.siblings`); the stall prior also uses
  only what was known then. Folds with fewer than
  :data:`analysis.forecast.MIN_CALIBRATION` such treaties are skipped (``attrs["skipped"]``).
- ``real_time=False``: leave one treaty out, calibrated on all the others' full tables
  (they may have reached their thresholds after the fold's date: it sees the future).

The forecast quantity is the threshold date (the day of the last instrument needed); the
entry-into-force date is a fixed shift of it by the treaty's rule, so errors are the same.
The truth is the threshold date the rule engine computes from the treaty's table, which
equals the documented date for every treaty used (``tests/test_timeline_rules.py``).

Baselines, on the same calibration treaties as the fold:

- ``reference_class``: the days from opening to threshold of the calibration treaties,
  keeping those longer than the time already elapsed (empirical quantiles);
- ``progress_matched``: for each calibration treaty, the days it took from the day it first
  had the same share of its threshold as the held-out treaty has at the origin, to its
  threshold, added to the origin (the fair baseline: it knows the progress so far);
- ``linear`` (naive): the pace so far (counting instruments per day since opening)
  extrapolated to the threshold; a point forecast (no intervals, CRPS = absolute error),
  undefined at the opening and when no instrument has been deposited.

Scores: absolute error of the median (days), whether the central 50/80/95 % intervals cover
the truth, and the CRPS (days). Paths that do not reach the threshold within 15 years count
as the horizon day. :func:`score_summary` gives MAE, CRPS and coverage per model with a
bootstrap interval over treaties.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from analysis import forecast as fc

__all__ = ["MODELS", "ORIGINS", "backtest", "calibration_set", "crps_samples",
           "fold_calibration", "score_summary", "summary"]

#: Origins: months after opening -> days after opening.
ORIGINS: dict[int, int] = {0: 0, 6: 182, 12: 365, 24: 730}
MODELS = ("model", "reference_class", "progress_matched", "linear")
_LEVELS = {"50": (0.25, 0.75), "80": (0.1, 0.9), "95": (0.025, 0.975)}


def calibration_set(test_id: str, treaty_ids: Sequence[str] = fc.CALIBRATION_TREATIES
                    ) -> tuple[str, ...]:
    """The treaties a leave-one-out backtest of ``test_id`` calibrates on: all others.

    >>> "uncac" in calibration_set("uncac")
    False
    """
    return tuple(sorted(t for t in treaty_ids if t != test_id))


def _family(test_id: str) -> tuple[str, ...]:
    from analysis import treaty

    try:
        sib = treaty.get(test_id).siblings
    except ValueError:
        sib = frozenset()
    return tuple(sorted({test_id} | set(sib)))


def fold_calibration(test_id: str, origin_day: int,
                     treaty_ids: Sequence[str] = fc.CALIBRATION_TREATIES,
                     real_time: bool = True) -> tuple[tuple[str, ...], str | None]:
    """The calibration treaties and cut date (ISO; None = full tables) of one fold.

    >>> fold_calibration("untoc", 365)
    (('bombings', 'cbd', 'crc', 'ottawa', 'unccd', 'unfccc'), '2001-12-12')
    """
    if not real_time:
        return calibration_set(test_id, treaty_ids), None
    h = fc.treaty_history(test_id)
    when = h.opened + pd.Timedelta(days=int(origin_day))
    return (fc.real_time_set(treaty_ids, _family(test_id), when, int(origin_day)),
            str(when.date()))


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


def _count_at(h: fc.History, day: float) -> int:
    return int((h.counted & (h.con <= day)).sum())


def _first_day_with(h: fc.History, k: int) -> float:
    """First day (since opening) on which ``h`` had ``k`` counting instruments (0 -> 0)."""
    if k <= 0:
        return 0.0
    days = np.sort(h.con[h.counted & np.isfinite(h.con)])
    return float(max(days[k - 1], 0.0)) if k <= len(days) else np.nan


def progress_matched(h: fc.History, origin: int, reference: Sequence[str]) -> np.ndarray:
    """Progress-matched reference class: ``origin`` + each reference treaty's days from the
    day it first had the held-out treaty's share of its threshold to its threshold.

    >>> s = progress_matched(fc.treaty_history("uncac"), 365, ["untoc", "fctc"])
    >>> len(s), bool((s > 365).all())
    (2, True)
    """
    share = _count_at(h, origin) / h.rule["threshold"]
    out = []
    for t in reference:
        r = fc.treaty_history(t)
        if not np.isfinite(r.threshold_day):
            continue
        k = min(int(np.ceil(share * r.rule["threshold"])), r.rule["threshold"])
        d = _first_day_with(r, k)
        if np.isfinite(d):
            out.append(origin + max(r.threshold_day - d, 1.0))
    return np.array(out, float)


def backtest(treaty_ids: Sequence[str] = fc.CALIBRATION_TREATIES,
             origins: dict[int, int] | None = None, n_paths: int = 10_000,
             seed: int = 0, test_ids: Sequence[str] | None = None,
             clustering: bool = False, real_time: bool = False,
             stall: bool = True, treaty: Any = None) -> pd.DataFrame:
    """Backtest: one tidy table of cases and aggregates (designs: module docstring).

    Columns: ``scope`` (``case``, ``origin`` = mean over treaties at one origin, ``overall``
    = mean over all cases), ``treaty_id`` ("" for aggregates), ``origin_months``,
    ``origin_day``, ``model`` (:data:`MODELS`), ``n`` (cases), ``truth_day``,
    ``median_day``, ``abs_error`` (days), ``cover_50``, ``cover_80``, ``cover_95`` (share of
    cases covered; NaN for the point forecast), ``crps`` (days), ``p_never`` (model only).
    ``attrs``: ``n_paths``, ``seed``, ``seconds``, ``real_time``, ``calibration`` (per fold),
    ``skipped`` (folds without enough calibration treaties). ``test_ids`` (default: all of
    ``treaty_ids``) are the treaties replayed; ``treaty`` (an :mod:`analysis.treaty` id or
    profile) replays that one treaty only. ``clustering``: the model snaps simulated
    deposits to the test treaty's event windows with the share estimated on the fold's
    calibration treaties. ``stall=False``: the model without the stall component.

    >>> bt = backtest(["untoc", "uncac", "fctc", "ccm"], origins={12: 365}, n_paths=500)
    >>> sorted(bt["model"].unique())
    ['linear', 'model', 'progress_matched', 'reference_class']
    """
    origins = ORIGINS if origins is None else origins
    ids = tuple(treaty_ids)
    start = time.perf_counter()
    rows = []
    if treaty is not None:
        from analysis.treaty import get

        prof = get(treaty)
        if prof.status_source != "reference":
            raise ValueError(f"{prof.id} has no complete history to replay; backtest a "
                             "reference treaty (analysis.treaty.ids())")
        test_ids = (prof.id,)
    tests = ids if test_ids is None else tuple(test_ids)
    shares: dict[str, float] = {}
    folds: dict[str, tuple[str, ...]] = {}
    skipped: list[str] = []
    for test_id in tests:
        k = ids.index(test_id) if test_id in ids else len(ids)
        h = fc.treaty_history(test_id)
        truth = h.threshold_day
        family = _family(test_id) if real_time else (test_id,)
        for months, day in origins.items():
            if not np.isfinite(truth) or day >= truth:
                continue
            calib_ids, cut = fold_calibration(test_id, day, ids, real_time)
            if len(calib_ids) < (fc.MIN_CALIBRATION if real_time else 1):
                skipped.append(f"{test_id}@{months}")
                continue
            folds[f"{test_id}@{months}"] = calib_ids
            calib = fc.calibrate(calib_ids, day, sibling=test_id in fc.SIBLINGS, cut=cut,
                                 exclude=family, stall=stall)
            problem = fc.problem_from_history(h, day, calib.universe)
            horizon = day + 365.25 * fc.HORIZON_YEARS
            windows = None
            if clustering:
                share = fc.clustering_share(calib_ids).share
                shares[f"{test_id}@{months}"] = share
                windows = fc.event_windows(h.opened, int(np.ceil(horizon)) + fc.SNAP_HORIZON
                                           + 2, share)
            sim = fc.simulate(problem, calib, n_paths=n_paths, seed=seed + 1000 * k + months,
                              horizon_days=horizon, clustering=windows)
            samples = np.minimum(sim["threshold_days"], horizon)
            base = {"scope": "case", "treaty_id": test_id, "origin_months": months,
                    "origin_day": day, "n": 1, "truth_day": truth}
            rows.append({**base, "model": "model", **_scores(samples, truth),
                         "p_never": float(np.mean(~np.isfinite(sim["threshold_days"])))})
            durations = np.array([fc.treaty_history(t).threshold_day for t in calib_ids])
            ref = durations[durations > day]
            ref = ref if len(ref) else np.array([float(day + 1)])
            rows.append({**base, "model": "reference_class", **_scores(ref, truth)})
            pm = progress_matched(h, day, calib_ids)
            pm = pm if len(pm) else np.array([float(day + 1)])
            rows.append({**base, "model": "progress_matched", **_scores(pm, truth)})
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
    cases = pd.DataFrame(rows, columns=["scope", "treaty_id", "origin_months", "origin_day",
                                        "model", "n", "truth_day"] if not rows else None)
    table = pd.concat([cases, _aggregate(cases)], ignore_index=True) if rows else cases
    cols = ["scope", "treaty_id", "origin_months", "origin_day", "model", "n", "truth_day",
            "median_day", "abs_error", "cover_50", "cover_80", "cover_95", "crps", "p_never"]
    table = table.reindex(columns=cols)
    table.attrs.update({"n_paths": n_paths, "seed": seed,
                        "seconds": round(time.perf_counter() - start, 2),
                        "treaties": ids, "test_ids": tests, "origins": dict(origins),
                        "real_time": real_time, "stall": stall, "calibration": folds,
                        "skipped": skipped})
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


def score_summary(table: pd.DataFrame, n_boot: int = 2000, seed: int = 0,
                  level: float = 0.95) -> pd.DataFrame:
    """MAE, CRPS and 50/80/95 % coverage per model, with a bootstrap interval over treaties.

    One row per ``model`` and ``metric`` (``cases``, ``treaties``, ``mae``, ``crps``,
    ``cover_50``, ``cover_80``, ``cover_95``, and ``crps_ratio_vs_progress_matched``: the
    model's mean CRPS over the progress-matched baseline's on the same cases); ``value`` is
    the mean over the model's cases, ``lower``/``upper`` the central ``level`` interval of
    the means over ``n_boot`` resamples of the treaties (whole treaties, all their origins,
    are drawn with replacement). Cases where a model has no forecast (linear) are left out
    of its figures.

    >>> bt = backtest(["untoc", "uncac", "fctc", "ccm"], origins={12: 365}, n_paths=300)
    >>> s = score_summary(bt, n_boot=200).set_index(["model", "metric"])
    >>> bool(s.loc[("model", "crps"), "lower"] <= s.loc[("model", "crps"), "value"])
    True
    """
    cases = table[table["scope"] == "case"]
    metrics = {"mae": "abs_error", "crps": "crps", "cover_50": "cover_50",
               "cover_80": "cover_80", "cover_95": "cover_95"}
    treaty_list = sorted(cases["treaty_id"].unique())
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(treaty_list), size=(n_boot, len(treaty_list)))
    a = (1 - level) / 2
    rows = []
    wide = cases.pivot_table(index=["treaty_id", "origin_months"], columns="model",
                             values="crps")
    for model in [m for m in MODELS if m in set(cases["model"])]:
        g = cases[(cases["model"] == model) & cases["abs_error"].notna()]
        rows.append({"model": model, "metric": "cases", "value": float(len(g))})
        rows.append({"model": model, "metric": "treaties", "value": float(g["treaty_id"]
                                                                          .nunique())})
        per = g.groupby("treaty_id")
        sums = per[list(metrics.values())].sum().reindex(treaty_list)
        n = per.size().reindex(treaty_list).fillna(0).to_numpy()
        for name, col in metrics.items():
            s = sums[col].fillna(0).to_numpy()
            if g[col].isna().all():
                continue
            boot = s[draws].sum(axis=1) / np.maximum(n[draws].sum(axis=1), 1)
            rows.append({"model": model, "metric": name, "value": float(g[col].mean()),
                         "lower": float(np.quantile(boot, a)),
                         "upper": float(np.quantile(boot, 1 - a))})
        if model != "progress_matched" and "progress_matched" in wide and model in wide:
            w = wide[[model, "progress_matched"]].dropna().reset_index()
            by = w.groupby("treaty_id")[[model, "progress_matched"]].sum().reindex(
                treaty_list).fillna(0).to_numpy()
            num, den = by[:, 0][draws].sum(axis=1), by[:, 1][draws].sum(axis=1)
            ratio = num / np.where(den > 0, den, np.nan)
            rows.append({"model": model, "metric": "crps_ratio_vs_progress_matched",
                         "value": float(w[model].sum() / w["progress_matched"].sum()),
                         "lower": float(np.nanquantile(ratio, a)),
                         "upper": float(np.nanquantile(ratio, 1 - a))})
    out = pd.DataFrame(rows, columns=["model", "metric", "value", "lower", "upper"])
    out.attrs.update({"n_boot": n_boot, "seed": seed, "level": level,
                      "real_time": table.attrs.get("real_time"),
                      "n_paths": table.attrs.get("n_paths")})
    return out
