"""Penalised maximum-likelihood fits of the cure log-normal (exact gradients), per treaty."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from analysis.model.history import History, _is_state, _reio_codes, treaty_history

__all__ = []

_PRIOR_MU, _PRIOR_MU_SD = 7.0, 3.0      # log(days): weak prior, e ** 7 ~ 3 years
_PRIOR_LS_SD = 1.5                       # log sigma ~ N(0, 1.5)
_PRIOR_LP_SD = 3.0                       # logit pi ~ N(0, 3)


# --------------------------------------------------------------------------------------
# Cure log-normal fits


def _log_s(x: np.ndarray, lp: float, mu: float, ls: float) -> np.ndarray:
    """log S(x) of the cure log-normal, x = days + 1 (> 0)."""
    z = (np.log(x) - mu) / np.exp(ls)
    return np.log1p(-special.expit(lp) * special.ndtr(z))


def _log_f(x: np.ndarray, lp: float, mu: float, ls: float) -> np.ndarray:
    sigma = np.exp(ls)
    z = (np.log(x) - mu) / sigma
    return np.log(special.expit(lp)) - 0.5 * z * z - 0.9189385332046727 - ls - np.log(x)


def _censored_terms(x: np.ndarray, lp: float, mu: float, ls: float
                    ) -> tuple[float, np.ndarray]:
    """Sum of log S(x) and its gradient in (lp, mu, ls)."""
    if not len(x):
        return 0.0, np.zeros(3)
    pi, s = special.expit(lp), np.exp(ls)
    z = (np.log(x) - mu) / s
    cdf, pdf = special.ndtr(z), np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
    surv = np.maximum(1.0 - pi * cdf, 1e-300)
    g = np.array([-(pi * (1 - pi) * cdf / surv).sum(), (pi * pdf / (s * surv)).sum(),
                  (pi * pdf * z / surv).sum()])
    return float(np.log(surv).sum()), g


def _nll(theta: np.ndarray, events: np.ndarray, censored: np.ndarray,
         truncation: np.ndarray) -> tuple[float, np.ndarray]:
    """Penalised negative log-likelihood of the cure log-normal and its exact gradient."""
    lp, mu, ls = theta
    ll, g = 0.0, np.zeros(3)
    if len(events):
        s = np.exp(ls)
        z = (np.log(events) - mu) / s
        ll += float(_log_f(events, lp, mu, ls).sum())
        g += np.array([len(events) * (1 - special.expit(lp)), (z / s).sum(),
                       (z * z - 1).sum()])
    c_ll, c_g = _censored_terms(censored, lp, mu, ls)
    t_ll, t_g = _censored_terms(truncation, lp, mu, ls)
    ll += c_ll - t_ll
    g += c_g - t_g
    pen = (0.5 * ((mu - _PRIOR_MU) / _PRIOR_MU_SD) ** 2 + 0.5 * (ls / _PRIOR_LS_SD) ** 2
           + 0.5 * (lp / _PRIOR_LP_SD) ** 2)
    g_pen = np.array([lp / _PRIOR_LP_SD ** 2, (mu - _PRIOR_MU) / _PRIOR_MU_SD ** 2,
                      ls / _PRIOR_LS_SD ** 2])
    return -ll + pen, -g + g_pen


def _fit(events: np.ndarray, censored: np.ndarray, truncation: np.ndarray | None = None
         ) -> np.ndarray:
    """Penalised MLE of (logit pi, mu, log sigma); x are days + 1.

    Exact gradients and a tight tolerance: the optimum is flat, and finite differences
    made the fitted values depend on the BLAS kernels of the machine.
    """
    events = np.asarray(events, float)
    censored = np.asarray(censored, float)
    trunc = np.zeros(0) if truncation is None else np.asarray(truncation, float)
    start = np.array([0.5, np.log(np.median(events)) if len(events) else _PRIOR_MU, 0.0])
    res = optimize.minimize(_nll, start, args=(events, censored, trunc), jac=True,
                            method="L-BFGS-B", bounds=[(-8, 8), (0, 12), (-3, 2.5)],
                            options={"ftol": 1e-14, "gtol": 1e-9, "maxiter": 500})
    return res.x


def _one_blas_thread() -> Any:
    """One BLAS thread for the small fits: on a busy machine OpenBLAS's thread pool makes
    each 3-parameter L-BFGS-B step ten times slower."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # optional: only speed depends on it
        from contextlib import nullcontext

        return nullcontext()
    return threadpool_limits(1, user_api="blas")


def _cut_day(h: History, cut: str | None) -> float:
    """The last trusted day of ``h``: its vintage, or ``cut`` (an ISO date) if earlier."""
    if cut is None:
        return h.vintage_day
    return min(h.vintage_day, float((pd.Timestamp(cut) - h.opened).days))


@cache
def _fit_a(treaty_id: str, cut: str | None = None) -> np.ndarray:
    """Group A: days from signature to consent, state signatories (known on ``cut``).

    Consents deposited on the day of signature (ratification at the signing ceremony) are a
    point mass the log-normal cannot carry; they are left out here (they are known facts
    at any later date) and the fit is of the delay given no same-day consent.
    """
    h = treaty_history(treaty_id)
    last = _cut_day(h, cut)
    keep = (_is_state(h.iso3, _reio_codes()) & (h.sig <= last) & ~(h.con <= h.sig))
    sig, con = h.sig[keep], h.con[keep]
    done = con <= last
    ev = np.maximum(con[done] - sig[done], 0) + 1
    cens = np.maximum(last - sig[~done], 0) + 1
    return _fit(ev, cens)


@cache
def _fit_b(treaty_id: str, origin: int, universe: tuple[str, ...], cut: str | None = None
           ) -> np.ndarray:
    """Group B at ``origin``: states neither signed nor consented by then; days from opening."""
    h = treaty_history(treaty_id)
    last = _cut_day(h, cut)
    by = dict(zip(h.iso3, zip(h.sig, h.con, strict=True), strict=True))
    ev, cens = [], []
    for iso in universe:
        sig, con = by.get(iso, (np.nan, np.nan))
        if (sig <= origin) or (con <= origin):
            continue
        if np.isnan(con) or con > last:
            cens.append(last + 1)
        else:
            ev.append(con + 1)
    trunc = np.full(len(ev) + len(cens), origin + 1.0)
    return _fit(np.array(ev), np.array(cens), trunc)


@cache
def _scores(treaty_id: str, universe: tuple[str, ...], cut: str | None = None) -> np.ndarray:
    """Normal scores of the states' consent days (non-consenters tied last)."""
    h = treaty_history(treaty_id)
    by = dict(zip(h.iso3, h.con, strict=True))
    days = np.array([by.get(i, np.nan) for i in universe], float)
    days[np.isnan(days) | (days > _cut_day(h, cut))] = np.inf
    ranks = stats.rankdata(days, method="average")
    return special.ndtri((ranks - 0.5) / len(universe))
