"""The problem to simulate and the vectorised Monte Carlo simulation."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import special

from analysis.model.calibration import Calibration
from analysis.model.clustering import EventWindows, _snap
from analysis.model.fits import _log_s
from analysis.model.history import History, _is_state, _reio_codes
from analysis.model.stall import NEVER_FACTOR, STALL_SLOW

__all__ = ["EARLY_PROPENSITY", "HORIZON_YEARS", "Problem", "problem_from_history", "simulate"]

HORIZON_YEARS = 15
_CHUNK = 12_500
#: Latent propensity of a state reported as ratified at home, deposit pending (fixed a
#: priori: about the first 2 % of the queue of waiting signatories).
EARLY_PROPENSITY = -2.0
_THREADS = 2
#: Paths used for the instrument-count bands (``by_date``); probabilities use all paths.
_COUNT_PATHS = 25_000


# --------------------------------------------------------------------------------------
# The problem to simulate


@dataclass(frozen=True, eq=False)
class Problem:
    """A treaty at an information date, in days since opening (see :func:`simulate`).

    ``a_sig``/``a_iso3``: signatories without a counted consent at ``t_info`` (signature
    day, ISO3 or "" for an unnamed one); ``b_iso3``: states neither signed nor consented;
    ``done_wait``: for signatories that consented by ``t_info``, days from their signature
    to ``t_info`` (the likelihood uses "consented by then", not the day); ``extra_days``:
    deterministic future counting deposits (what-ifs); ``known``: counting instruments by
    ``t_info``.
    """

    opened: pd.Timestamp
    t_info: float
    t_sig: float
    threshold: int
    known: int
    a_sig: np.ndarray
    a_iso3: np.ndarray
    b_iso3: np.ndarray
    done_wait: np.ndarray
    extra_days: np.ndarray = field(default_factory=lambda: np.zeros(0))
    threshold_day: float | None = None
    #: What-if deposits as information on the pace: for what-if signatories, days from
    #: signature to the what-if day ("consented by then"); for what-if non-signatories,
    #: the what-if day (days since opening).
    pace_a_waits: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pace_b_days: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: Signatories reported as ratified at home, deposit pending: simulated at the front of
    #: the queue (their latent propensity set to ``early_propensity``).
    early_iso3: frozenset[str] = frozenset()

    @property
    def needed(self) -> int:
        """Counting instruments still missing at ``t_info``."""
        return max(self.threshold - self.known, 0)


def problem_from_history(h: History, origin: int, universe: Sequence[str]) -> Problem:
    """The forecasting problem for a reference treaty ``origin`` days after its opening.

    >>> from analysis.model.calibration import _universe
    >>> from analysis.model.history import treaty_history
    >>> h = treaty_history("uncac")
    >>> p = problem_from_history(h, 365, _universe(("untoc",)))
    >>> p.known, p.threshold
    (13, 30)
    """
    reio = _reio_codes()
    state = _is_state(h.iso3, reio)
    counted_now = h.counted & (h.con <= origin)
    signed = state & (h.sig <= origin)
    pending = signed & ~counted_now & ~(h.con <= origin)
    # consents on the signature day are a point mass outside the delay model (see _fit_a)
    done = signed & counted_now & ~np.isnan(h.sig) & (h.con > h.sig)
    known_iso = set(h.iso3[(h.sig <= origin) | (h.con <= origin)])
    b = np.array([i for i in universe if i not in known_iso], dtype=str)
    if h.threshold_date is not None and origin >= h.threshold_day:
        known = h.rule["threshold"]
    else:
        known = int(counted_now.sum())
    return Problem(
        opened=h.opened, t_info=float(origin), t_sig=float(origin),
        threshold=int(h.rule["threshold"]), known=known,
        a_sig=h.sig[pending].astype(float), a_iso3=h.iso3[pending].astype(str), b_iso3=b,
        done_wait=np.maximum(origin - h.sig[done], 0).astype(float),
        threshold_day=h.threshold_day if h.threshold_date is not None and origin >= h.threshold_day
        else None,
    )


# --------------------------------------------------------------------------------------
# Simulation


def _log_s_rows(x: np.ndarray, lp: np.ndarray, mu: np.ndarray, ls: np.ndarray
                ) -> np.ndarray:
    """log S for each draw (rows) at the distinct values of ``x``, summed with counts."""
    v, c = np.unique(np.asarray(x, float), return_counts=True)
    return _log_s(v[None, :], lp, mu, ls), c


def _posterior_draws(problem: Problem, calib: Calibration, n: int,
                     rng: np.random.Generator) -> tuple[np.ndarray, float, dict[str, float]]:
    """Treaty-effect draws from the reference spread and the stall component, reweighted by
    the observed start (and by what-if deposits, as information on the pace)."""
    pool = max(n, 20_000)
    theta = rng.multivariate_normal(calib.mean, calib.cov, size=pool)
    mode = np.zeros(pool, np.int8)
    if calib.stall is not None:
        u = rng.random(pool)
        st = calib.stall
        if STALL_SLOW:
            mode[u < st.p_never + st.p_slow] = 1
        mode[u < st.p_never] = 2
        shift = np.where(mode == 2, np.log(NEVER_FACTOR),
                         np.where(mode == 1, np.log(st.slow_factor), 0.0))
        theta[:, 1] += shift
        theta[:, 4] += shift
    lp, mu, ls = theta[:, 0:1], theta[:, 1:2], theta[:, 2:3]
    ll = np.zeros(pool)
    if len(problem.a_sig):
        s, c = _log_s_rows(np.maximum(problem.t_info - problem.a_sig, 0) + 1, lp, mu, ls)
        ll += (s * c).sum(axis=1)
    # current-status likelihood: "consented by the information date", not the exact day
    # (robust to the shape of the left tail; same-day ratifications exist)
    for waits in (problem.done_wait, problem.pace_a_waits):
        if len(waits):
            s, c = _log_s_rows(np.asarray(waits) + 1, lp, mu, ls)
            ll += (np.log(np.maximum(-np.expm1(s), 1e-300)) * c).sum(axis=1)
    if len(problem.pace_b_days):
        blp, bmu, bls = theta[:, 3:4], theta[:, 4:5], theta[:, 5:6]
        s0 = _log_s(np.array([[problem.t_sig + 1]]), blp, bmu, bls)
        s, c = _log_s_rows(np.asarray(problem.pace_b_days) + 1, blp, bmu, bls)
        ll += (np.log(np.maximum(-np.expm1(s - s0), 1e-300)) * c).sum(axis=1)
    w = np.exp(ll - ll.max())
    w /= w.sum()
    ess = float(1.0 / np.sum(w * w))
    idx = rng.choice(pool, size=n, replace=True, p=w)
    shares = {"prior_slow": float(np.mean(mode == 1)), "prior_never": float(np.mean(mode == 2)),
              "posterior_slow": float(w[mode == 1].sum()),
              "posterior_never": float(w[mode == 2].sum())}
    return theta[idx], ess, shares


def _draw_times(start: np.ndarray, waited: np.ndarray, m: np.ndarray, v: float,
                lp: np.ndarray, mu: np.ndarray, ls: np.ndarray,
                rng: np.random.Generator) -> np.ndarray:
    """Consent days (since opening; inf = never) for one group, conditioned on the wait.

    ``start`` is the clock's zero (signature day for A, 0 for B, with x = days + 1),
    ``waited`` the clock value already survived (x units), ``m`` the state's latent mean.
    Gaussian copula: latent eps ~ N(m, v) truncated to eps > Phi^-1(F(waited)).
    """
    f32 = np.float32
    pi = special.expit(lp).astype(f32)                     # (P, 1)
    sigma = np.exp(ls).astype(f32)
    mu = mu.astype(f32)
    uniq, inv = np.unique(waited, return_inverse=True)     # few distinct waits
    x_wait = np.log(uniq.astype(f32))[None, :]
    cut = special.ndtri(pi * special.ndtr((x_wait - mu) / sigma))   # (P, n_unique)
    sv = f32(np.sqrt(v))
    mm = m.astype(f32)[None, :]
    cut = cut[:, inv] if len(uniq) > 1 else cut
    lower = special.ndtr((cut - mm) / sv)
    u = rng.random(lower.shape, dtype=f32)
    u *= f32(1) - lower
    u += lower
    np.clip(u, f32(1e-7), f32(1 - 1e-7), out=u)
    p = special.ndtr(mm + sv * special.ndtri(u))
    never = p >= pi
    q = np.minimum(p / pi, f32(1 - 1e-7))
    x = special.ndtri(q)
    x *= sigma
    x += mu
    np.exp(x, out=x)
    x += start.astype(f32)[None, :] - f32(1)
    x[never] = np.inf
    return x


def simulate(problem: Problem, calib: Calibration, n_paths: int = 100_000, seed: int = 0,
             horizon_days: float | None = None, grid: np.ndarray | None = None,
             clustering: EventWindows | None = None,
             state_days: Sequence[float] = ()) -> dict[str, Any]:
    """Simulate the threshold day (days since opening; inf = not within the horizon).

    Returns ``threshold_days`` (n_paths), ``ess`` (effective sample size of the posterior
    reweighting), ``stall`` (prior and posterior shares of slow and never paths), and when
    ``grid`` (days since opening) is given, ``count_hist``: for each grid day the histogram
    of the counting instruments deposited by then (grid x counts). ``state_days`` (days
    since opening) adds ``states``: one row per simulated state (``iso3``, ``group``,
    ``p_among_first``: share of paths on which its instrument is one of the first
    ``threshold``, and ``p_by_<day>``: share deposited by each day; from the same first
    paths as ``count_hist``). ``clustering``
    (optional, see :func:`event_windows`): snap simulated deposits (not the what-ifs) to
    the next event window; its random numbers are drawn after all the others, so the
    unsnapped deposits are those of the same seed without it. Given the same ``problem``,
    ``calib`` and ``seed`` the result is the same on every run.

    >>> from analysis.model.calibration import _universe, calibrate
    >>> from analysis.model.history import treaty_history
    >>> p = problem_from_history(treaty_history("uncac"), 365, _universe(("untoc",)))
    >>> out = simulate(p, calibrate(("untoc", "fctc"), 365), n_paths=2000)
    >>> out["threshold_days"].shape
    (2000,)
    """
    rng = np.random.default_rng(seed)
    if horizon_days is None:
        horizon_days = problem.t_info + 365.25 * HORIZON_YEARS
    state_days = [float(d) for d in state_days]
    if problem.needed == 0:
        day = problem.threshold_day if problem.threshold_day is not None else problem.t_info
        out: dict[str, Any] = {"threshold_days": np.full(n_paths, float(day)), "ess": np.nan,
                               "stall": {}}
        if grid is not None:
            hist = np.zeros((len(grid), problem.known + len(problem.a_sig)
                             + len(problem.b_iso3) + len(problem.extra_days) + 1))
            hist[:, problem.known] = n_paths
            out["count_hist"] = hist
        return out

    theta, ess, shares = _posterior_draws(problem, calib, n_paths, rng)
    pm = calib.propensity_mean
    m_a = np.array([pm.get(i, 0.0) for i in problem.a_iso3], float)
    m_b = np.array([pm.get(i, 0.0) for i in problem.b_iso3], float)
    named_a = np.array([i in pm or i in problem.early_iso3 for i in problem.a_iso3], bool)
    # centre each group so the group's marginal stays the fitted one
    if named_a.any():
        m_a[named_a] -= m_a[named_a].mean()
    if len(m_b):
        m_b -= m_b.mean()
    v_a = np.where(named_a, calib.propensity_var, 1.0)
    m_a = np.where(named_a, m_a, 0.0)
    early = np.array([i in problem.early_iso3 for i in problem.a_iso3], bool)
    m_a[early] = EARLY_PROPENSITY
    k = problem.needed
    extra = np.asarray(problem.extra_days, float)
    extra = extra[extra > problem.t_info]
    ncols = len(problem.a_sig) + len(problem.b_iso3) + len(extra)
    max_count = problem.known + ncols + 1
    col_iso = np.concatenate([problem.a_iso3[named_a], problem.a_iso3[~named_a],
                              problem.b_iso3, np.full(len(extra), "(what-if)")]).astype(str)
    col_group = np.array(["signatory"] * int(named_a.sum())
                         + ["signatory (unnamed)"] * int((~named_a).sum())
                         + ["non-signatory"] * len(problem.b_iso3)
                         + ["what-if"] * len(extra))
    lut = None
    if grid is not None:  # day -> index of the first grid day on or after it
        last = int(np.ceil(horizon_days)) + 2
        lut = np.searchsorted(np.asarray(grid, float), np.arange(last), side="left")
        lut = np.append(lut, len(grid)).astype(np.int64)

    def chunk(lo: int, hi: int, crng: np.random.Generator) -> tuple[Any, ...]:
        t = theta[lo:hi]
        parts = []
        if len(problem.a_sig):
            # v differs between named and unnamed signatories: draw them separately
            for mask in (named_a, ~named_a):
                if mask.any():
                    waited = np.maximum(problem.t_info - problem.a_sig[mask], 0) + 1
                    parts.append(_draw_times(problem.a_sig[mask], waited, m_a[mask],
                                             float(v_a[mask][0]), t[:, 0:1], t[:, 1:2],
                                             t[:, 2:3], crng))
        if len(problem.b_iso3):
            waited = np.full(len(problem.b_iso3), problem.t_sig + 1)
            parts.append(_draw_times(np.zeros(len(problem.b_iso3)), waited, m_b,
                                     calib.propensity_var, t[:, 3:4], t[:, 4:5], t[:, 5:6],
                                     crng))
        if len(extra):
            parts.append(np.broadcast_to(extra.astype(np.float32), (hi - lo, len(extra))))
        times = np.concatenate(parts, axis=1) if parts else np.zeros((hi - lo, 0), np.float32)
        np.maximum(times, np.float32(problem.t_info + 1e-3), out=times)
        if clustering is not None:
            _snap(times[:, :ncols - len(extra)], clustering, crng)
        times[times > horizon_days] = np.inf
        thr = np.full(hi - lo, np.inf)
        if k <= times.shape[1]:
            thr = np.floor(np.partition(times, k - 1, axis=1)[:, k - 1]).astype(float)
        per_state = None
        if state_days and lo < _COUNT_PATHS:
            first = (np.floor(times) <= thr[:, None]).sum(axis=0)
            by = [(times <= np.float32(d)).sum(axis=0) for d in state_days]
            per_state = np.vstack([first, *by])
        if lut is None or lo >= _COUNT_PATHS:
            return thr, None, per_state
        days = np.where(np.isfinite(times), times, len(lut) - 1).astype(np.int64)
        bins = lut[np.minimum(days, len(lut) - 1)]
        nb = len(grid) + 1
        flat = (np.arange(hi - lo)[:, None] * nb + bins).ravel()
        per = np.bincount(flat, minlength=(hi - lo) * nb).reshape(hi - lo, nb)
        cum = np.cumsum(per[:, :-1], axis=1) + problem.known   # (paths, grid)
        g_idx = np.arange(len(grid))[None, :] * max_count
        hist = np.bincount((g_idx + cum).ravel(), minlength=len(grid) * max_count)
        return thr, hist.reshape(len(grid), max_count), per_state

    bounds = [(lo, min(lo + _CHUNK, n_paths)) for lo in range(0, n_paths, _CHUNK)]
    rngs = [np.random.default_rng(s) for s in
            np.random.SeedSequence(seed).spawn(len(bounds) + 1)[1:]]
    if len(bounds) > 1:
        with ThreadPoolExecutor(max_workers=_THREADS) as pool:
            results = list(pool.map(lambda b: chunk(*b[0], b[1]), zip(bounds, rngs,
                                                                       strict=True)))
    else:
        results = [chunk(*bounds[0], rngs[0])]
    thr = np.concatenate([r[0] for r in results])
    hist = None if grid is None else sum(r[1] for r in results if r[1] is not None)
    out = {"threshold_days": thr, "ess": ess, "stall": shares}
    if hist is not None:
        out["count_hist"] = hist
    if state_days:
        n_state = sum(min(hi, _COUNT_PATHS) - lo for lo, hi in bounds if lo < _COUNT_PATHS)
        tot = sum(r[2] for r in results if r[2] is not None) / n_state
        states = pd.DataFrame({"iso3": col_iso, "group": col_group,
                               "p_among_first": tot[0]})
        for i, d in enumerate(state_days):
            states[f"p_by_{int(d)}"] = tot[i + 1]
        out["states"] = states
    return out
