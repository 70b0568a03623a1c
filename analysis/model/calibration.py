"""The calibration: fits, pace spread, country propensities, stall prior; stored or fitted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from analysis.datafiles import data_path
from analysis.model.fits import _cut_day, _fit_a, _fit_b, _one_blas_thread, _scores
from analysis.model.history import (
    CALIBRATION_TREATIES,
    SIBLINGS,
    _is_state,
    _reio_codes,
    treaty_history,
)
from analysis.model.stall import Stall, stall_prior

__all__ = [
    "COV_SHRINK",
    "Calibration",
    "MIN_CALIBRATION",
    "STORE",
    "STORE_STEP",
    "calibrate",
    "real_time_set",
    "stored_calibration",
]

#: Shrinkage of the treaty-effect covariance toward its diagonal (fixed a priori).
COV_SHRINK = 0.25


# --------------------------------------------------------------------------------------
# Calibration


@dataclass(frozen=True, eq=False)
class Calibration:
    """Everything the simulation takes from the reference treaties (see :func:`calibrate`)."""

    treaty_ids: tuple[str, ...]
    origin: int
    universe: tuple[str, ...]
    thetas: np.ndarray          # (J, 6): logit pi, mu, log sigma for A, then for B
    mean: np.ndarray
    cov: np.ndarray
    propensity_mean: dict[str, float]
    propensity_var: float
    correlations: dict[str, float]
    stall: Stall | None = None
    cut: str | None = None
    source: str = "fitted"


@cache
def _universe(ids: tuple[str, ...], cut: str | None = None) -> tuple[str, ...]:
    reio = _reio_codes()
    states: set[str] = set()
    for t in ids:
        h = treaty_history(t)
        ok = _is_state(h.iso3, reio)
        if cut is not None:
            last = _cut_day(h, cut)
            ok &= (h.sig <= last) | (h.con <= last)
        states.update(h.iso3[ok])
    return tuple(sorted(states))


def _propensity(ids: tuple[str, ...], universe: tuple[str, ...], sibling: bool,
                cut: str | None) -> tuple[dict[str, float], float, dict[str, float]]:
    z = np.column_stack([_scores(t, universe, cut) for t in ids])       # (countries, J)
    corr = np.corrcoef(z, rowvar=False) if len(ids) > 1 else np.ones((1, 1))
    sib = np.array([t in SIBLINGS for t in ids])
    blocks = {}
    off = ~np.eye(len(ids), dtype=bool)
    for name, mask in (("siblings", np.outer(sib, sib)), ("mixed", np.outer(sib, ~sib)
                       | np.outer(~sib, sib)), ("others", np.outer(~sib, ~sib))):
        vals = corr[mask & off]
        blocks[name] = float(np.clip(np.nanmean(vals), 0.0, 0.95)) if len(vals) else np.nan
    fallback = np.nanmean(list(blocks.values())) if not all(
        np.isnan(v) for v in blocks.values()) else 0.0
    blocks = {k: (fallback if np.isnan(v) else v) for k, v in blocks.items()}
    r = np.where(np.outer(sib, sib), blocks["siblings"],
                 np.where(np.outer(~sib, ~sib), blocks["others"], blocks["mixed"]))
    np.fill_diagonal(r, 1.0)
    c = np.where(sib, blocks["siblings"] if sibling else blocks["mixed"],
                 blocks["mixed"] if sibling else blocks["others"])
    w = np.linalg.solve(r + 1e-6 * np.eye(len(ids)), c)
    var = float(np.clip(1 - c @ w, 0.05, 1.0))
    m = z @ w
    return dict(zip(universe, m.tolist(), strict=True)), var, blocks


def _spread(thetas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = thetas.mean(axis=0)
    s = np.cov(thetas, rowvar=False) if len(thetas) > 1 else np.diag(np.full(6, 0.25))
    cov = (1 - COV_SHRINK) * s + COV_SHRINK * np.diag(np.diag(s)) + 1e-6 * np.eye(6)
    return mean, cov


@cache
def calibrate(treaty_ids: tuple[str, ...] = CALIBRATION_TREATIES, origin: int = 0,
              sibling: bool = True, cut: str | None = None,
              exclude: tuple[str, ...] = (), stall: bool = True) -> Calibration:
    """Fit the model on ``treaty_ids`` (only those) for a forecast made ``origin`` days in.

    ``sibling`` says whether the forecast treaty belongs to the UNODC family (it decides
    which correlations link a country's record to its propensity). ``cut`` (ISO date,
    None = everything): only what was known on that day is used -- consents after it are
    censored, and the stall prior uses only treaties that reached their threshold before
    it (the real-time backtest). ``exclude``: treaties the stall prior leaves out (the
    forecast treaty and its siblings). ``stall=False`` drops the stall component. Cached.

    >>> c = calibrate(("untoc", "uncac", "fctc"), origin=365)
    >>> c.thetas.shape, sorted(c.treaty_ids)
    ((3, 6), ['fctc', 'uncac', 'untoc'])
    """
    ids = tuple(sorted(treaty_ids))
    if not ids:
        raise ValueError("no calibration treaties")
    universe = _universe(ids, cut)
    with _one_blas_thread():
        thetas = np.array([np.concatenate([_fit_a(t, cut), _fit_b(t, int(origin), universe,
                                                                 cut)]) for t in ids])
    mean, cov = _spread(thetas)
    pm, var, blocks = _propensity(ids, universe, sibling, cut)
    return Calibration(
        treaty_ids=ids, origin=int(origin), universe=universe, thetas=thetas, mean=mean,
        cov=cov, propensity_mean=pm, propensity_var=var, correlations=blocks,
        stall=stall_prior(cut, tuple(sorted(exclude))) if stall else None, cut=cut,
    )


#: Days between the origins at which the build step stores group B's fits.
STORE_STEP = 14
#: Fewest calibration treaties a real-time (replay or backtest) forecast accepts.
MIN_CALIBRATION = 3
STORE = ("derived", "forecast", "calibration.json")


@cache
def _stored() -> dict[str, Any] | None:
    path = data_path(*STORE)
    if not path.exists():
        return None
    import json

    return json.loads(path.read_text(encoding="utf-8"))


def stored_calibration(origin: int) -> Calibration | None:
    """The build step's calibration of the default treaties (group B at the stored origin on
    or before ``origin``), or None when ``data/derived/forecast/calibration.json`` is absent.

    >>> c = stored_calibration(208)
    >>> c is None or (c.source.startswith("stored") and c.origin % STORE_STEP == 0)
    True
    """
    s = _stored()
    if s is None:
        return None
    step = int(s["store_step"])
    grid = int(min(max(origin, 0) // step * step, int(s["max_origin"])))
    ids = tuple(s["treaty_ids"])
    thetas = np.array([s["fits_a"][t] + s["fits_b"][str(grid)][t] for t in ids], float)
    mean, cov = _spread(thetas)
    return Calibration(
        treaty_ids=ids, origin=grid, universe=tuple(s["universe"]), thetas=thetas, mean=mean,
        cov=cov, propensity_mean=dict(s["propensity_mean"]),
        propensity_var=float(s["propensity_var"]), correlations=dict(s["correlations"]),
        stall=Stall(**{**s["stall"], "slow_treaties": tuple(s["stall"]["slow_treaties"])}),
        source=f"stored ({'/'.join(STORE)}, group B at day {grid})")


def real_time_set(pool: Sequence[str], family: Sequence[str], when: pd.Timestamp,
                  origin: int) -> tuple[str, ...]:
    """The treaties of ``pool`` a forecast made on ``when``, ``origin`` days after the
    forecast treaty opened, may calibrate on: outside ``family``, threshold reached before
    ``when``, and known on ``when`` for more than 30 days past ``origin``.

    >>> real_time_set(CALIBRATION_TREATIES, ("untoc",), pd.Timestamp("1999-01-01"), 0)
    ('cbd', 'crc', 'ottawa', 'unccd', 'unfccc')
    """
    out = []
    cut = str(pd.Timestamp(when).date())
    for t in pool:
        if t in family:
            continue
        h = treaty_history(t)
        if h.threshold_date is None or h.threshold_date >= when:
            continue
        if _cut_day(h, cut) <= origin + 30:
            continue
        out.append(t)
    return tuple(sorted(out))
