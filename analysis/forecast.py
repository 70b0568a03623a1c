"""When will a treaty (by default the UN Convention against Cybercrime) enter into force?

:func:`forecast` simulates, path by path, when each missing instrument of ratification,
acceptance, approval or accession is deposited after the information date, finds the day
the count reaches the threshold (40, art. 65(1)) and adds the rule's lag (90 days). The
model is a country-level event-history model aggregated to the treaty, calibrated on
reference treaties (:data:`CALIBRATION_TREATIES`, read through :mod:`analysis.treaties`).

What is known. Only instruments deposited with the Secretary-General count (the status
vocabulary's ``stage == "deposited"``); consents reported as ratified at home with no deposit
found are pending deposits (``domestic="early"``: simulated at the front of the queue;
``"waiting"`` and ``"deposited"`` are the scenarios). Without ``known_count`` the status data
are used as far as they reach and the months to ``as_of`` are simulated (imputed); the notes
say so and give the imputed count now. With ``known_count=N`` the information date is
``as_of``: N instruments deposited, every other signatory still waiting.

Model (chosen a priori from ``treaty_models_literature.md``; changes made after a backtest
are said where they are made):

1. **Signatories** (group A): days from a state's signature to its consent follow a
   log-normal *cure* model: the state consents eventually with probability ``pi_A``; if it
   does, ``log(days + 1) ~ Normal(mu_A, sigma_A)``. A signatory that has waited ``w`` days
   without consenting is conditioned on it, ``S(w + t) / S(w)``.
2. **Non-signatories** (group B, states that have neither signed nor consented at the
   origin ``a``, days since opening): days from opening to consent follow the same cure
   model, left-truncated at ``a``, fitted per reference treaty at the same ``a``.
3. **Treaty pace** (random effect): each reference treaty gets its own penalised maximum
   likelihood estimate of the six parameters (exact gradients, tight tolerance); every path
   draws a treaty from their multivariate normal spread (covariance shrunk 25 % toward its
   diagonal, fixed a priori). The draws are weighted by the likelihood of what the treaty
   has shown so far -- each signatory "consented by the information date" (``F(w)``) or
   "still waiting after ``w`` days" (``S(w)``), and what-if deposits as "consented by their
   day" -- and resampled. (A first version used the exact consent day; same-day
   ratifications then dominated the weights, so the likelihood became current status.)
4. **Stall component** (the right tail): a share of paths, before the weighting, never
   reach the threshold (:func:`stall_prior`: the IEADB agreements not in force 15 years
   after signature). A slow start moves weight onto them. A second, "slow" mode is
   computed and reported but off (:data:`STALL_SLOW`; the reason is at its definition).
5. **Country propensity** (frailty): a state's record on each reference treaty is its
   normal score (rank of its consent date; non-consenters tied last). A Gaussian copula
   links its latent score on the new treaty to those with the correlations estimated on
   them (UNODC siblings and other treaties as separate blocks). From it,
   :func:`deposit_probabilities` gives each state's probability of depositing by a date and
   of being among the first 40.
6. **Counting and lag**: the rule comes from the treaty's profile (:mod:`analysis.treaty`);
   what is already counted comes from :func:`analysis.timeline.entry_into_force`, which
   also decides whether a what-if instrument counts (the EU's does not).

Calibration is a build step (``scripts/build/forecast.py``): the default treaties' fits are
stored in ``data/derived/forecast/calibration.json`` (group B on a 14-day grid of origins)
and read by :func:`forecast`, so the same seed gives the same forecast on every machine.
Replays of a reference treaty (``treaty="untoc"``) and backtests fit at run time, only on
what was known on the forecast date. The backtest's figures quoted in the notes are read
from ``data/derived/forecast/backtest_summary.csv`` (:func:`backtest_note`).

Optional, off by default (``clustering=True``): clustering of deposits at treaty events
(the 10 days from the third Tuesday of September; the opening anniversary +-3 days); the
strength is estimated on the calibration treaties (:func:`clustering_share`).

Not modelled (said in ``notes``): diffusion among peers beyond the treaty-level random
effect; the treaty's own politics; states that do not yet exist; the European Union's own
instrument (it never counts). Everything is vectorised numpy (float32 for the latent
draws), in two threads; ``benchmarks/timeline.py`` times it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis import timeline
from analysis.datafiles import data_path, read_table
from analysis.dates import parse_as_of
from analysis.model.calibration import (  # noqa: F401  (re-exported)
    COV_SHRINK,
    MIN_CALIBRATION,
    STORE,
    STORE_STEP,
    Calibration,
    _propensity,
    _spread,
    _stored,
    _universe,
    calibrate,
    real_time_set,
    stored_calibration,
)
from analysis.model.clustering import (  # noqa: F401  (re-exported)
    _SMOOTH_HALF_WIDTH,
    ANNIVERSARY_HALF_WIDTH,
    SNAP_HORIZON,
    UNGA_WINDOW_DAYS,
    ClusteringEstimate,
    EventWindows,
    _deposit_days,
    _snap,
    _third_tuesday_of_september,
    _window_flags,
    clustering_share,
    event_windows,
)
from analysis.model.fits import (  # noqa: F401  (re-exported)
    _PRIOR_LP_SD,
    _PRIOR_LS_SD,
    _PRIOR_MU,
    _PRIOR_MU_SD,
    _censored_terms,
    _cut_day,
    _fit,
    _fit_a,
    _fit_b,
    _log_f,
    _log_s,
    _nll,
    _one_blas_thread,
    _scores,
)
from analysis.model.history import (  # noqa: F401  (re-exported)
    CALIBRATION_TREATIES,
    SIBLINGS,
    TARGET,
    History,
    _is_state,
    _reio_codes,
    _rule,
    opened_date,
    treaty_history,
)
from analysis.model.result import (  # noqa: F401  (re-exported)
    _LEVELS,
    Forecast,
    _quantile_table,
)
from analysis.model.simulation import (  # noqa: F401  (re-exported)
    _CHUNK,
    _COUNT_PATHS,
    _THREADS,
    EARLY_PROPENSITY,
    HORIZON_YEARS,
    Problem,
    _draw_times,
    _log_s_rows,
    _posterior_draws,
    problem_from_history,
    simulate,
)
from analysis.model.stall import (  # noqa: F401  (re-exported)
    _IEADB_DATA_END,
    NEVER_FACTOR,
    NEVER_YEARS,
    SLOW_RATIO,
    STALL_SLOW,
    Stall,
    stall_prior,
)
from analysis.model.target import (  # noqa: F401  (re-exported)
    DOMESTIC_MODES,
    _end_of,
    _mid,
    _status_snapshot,
    _target_problem,
    consent_stages,
)

__all__ = [
    "ANNIVERSARY_HALF_WIDTH",
    "BACKTEST_STORE",
    "CALIBRATION_TREATIES",
    "COV_SHRINK",
    "Calibration",
    "ClusteringEstimate",
    "DOMESTIC_MODES",
    "EARLY_PROPENSITY",
    "EventWindows",
    "Forecast",
    "HORIZON_YEARS",
    "History",
    "MAX_IMPUTE_DAYS",
    "MIN_CALIBRATION",
    "NEVER_FACTOR",
    "NEVER_YEARS",
    "Problem",
    "SIBLINGS",
    "SLOW_RATIO",
    "SNAP_HORIZON",
    "STALL_SLOW",
    "STORE",
    "STORE_STEP",
    "Stall",
    "TARGET",
    "UNGA_WINDOW_DAYS",
    "backtest_misses",
    "backtest_note",
    "backtest_scope",
    "calibrate",
    "clustering_share",
    "consent_stages",
    "convention_curves",
    "count_table",
    "counted_events",
    "deposit_probabilities",
    "event_windows",
    "expected_counts",
    "forecast",
    "instrument_band",
    "opened_date",
    "problem_from_history",
    "real_time_set",
    "same_paths",
    "simulate",
    "stall_prior",
    "stored_calibration",
    "treaty_history",
]


def _eif_days(threshold_days: np.ndarray, opened: pd.Timestamp, rule: dict[str, Any]
              ) -> np.ndarray:
    """Entry-into-force day (since opening) for each threshold day, by the treaty's rule."""
    out = np.full(threshold_days.shape, np.inf)
    ok = np.isfinite(threshold_days)
    if rule.get("lag_months") is None and rule.get("eif_day", "exact") == "exact":
        out[ok] = threshold_days[ok] + rule["lag_days"]
    else:  # calendar rules: the engine's own date shift, once per distinct day
        uniq, inv = np.unique(threshold_days[ok], return_inverse=True)
        shifted = np.array([
            (timeline.shift_by_rule(opened + pd.Timedelta(days=float(d)), rule.get("lag_days"),
                             rule.get("lag_months"), rule.get("eif_day", "exact"))
             - opened).days for d in uniq], float)
        out[ok] = shifted[inv]
    if rule.get("not_before") is not None:
        nb = float((pd.Timestamp(rule["not_before"]) - opened).days)
        out[ok] = np.maximum(out[ok], nb)
    return out
#: Without ``known_count``, the furthest ``as_of`` may lie past the data's information date.
MAX_IMPUTE_DAYS = 365
BACKTEST_STORE = ("derived", "forecast", "backtest_summary.csv")


def _default_calibration(ids: tuple[str, ...], origin: int) -> Calibration:
    if ids == tuple(sorted(CALIBRATION_TREATIES)):
        c = stored_calibration(origin)
        if c is not None:
            return c
    return calibrate(ids, origin, sibling=True, exclude=(TARGET,))


def backtest_note() -> str:
    """The stored real-time backtest's figures in words (``data/derived/forecast``).

    >>> "backtest" in backtest_note()
    True
    """
    path = data_path(*BACKTEST_STORE)
    if not path.exists():
        return ("no stored backtest summary (run scripts/build_data.py forecast); see "
                "analysis.backtest")
    t = read_table(path).set_index(["model", "metric"])

    def v(model: str, metric: str, col: str = "value") -> float:
        return float(t.loc[(model, metric), col])

    n, k = int(v("model", "cases")), int(v("model", "treaties"))
    return (f"real-time backtest ({n} cases of {k} treaties, each calibrated only on what was "
            f"known then, siblings left out): CRPS {v('model', 'crps'):.0f} days against "
            f"{v('progress_matched', 'crps'):.0f} for the progress-matched reference class; "
            f"central intervals covered the truth in {v('model', 'cover_50'):.0%} (50 %), "
            f"{v('model', 'cover_80'):.0%} (80 %, bootstrap over treaties "
            f"{v('model', 'cover_80', 'lower'):.0%}-{v('model', 'cover_80', 'upper'):.0%}) "
            f"and {v('model', 'cover_95'):.0%} (95 %) of the cases; see analysis.backtest")


def _key_dates(prof: Any) -> list[tuple[str, pd.Timestamp]]:
    out = []
    if prof.signature_closes is not None:
        out.append(("end of the signature period", pd.Timestamp(prof.signature_closes)))
    out += [("one year after opening", prof.opened + pd.DateOffset(years=1)),
            ("two years after opening", prof.opened + pd.DateOffset(years=2)),
            ("end of 2030", pd.Timestamp("2030-12-31"))]
    return out


def forecast(as_of: Any = None, n_paths: int = 100_000, seed: int = 0, *,
             known_count: int | None = None, domestic: str = "early",
             include_reported: bool | None = None,
             extra_instruments: Sequence[tuple[str, Any]] = (),
             calibration: Sequence[str] | None = None,
             horizon_years: float = HORIZON_YEARS,
             data_as_of: Any = None, data_dir: str | Path | None = None,
             clustering: bool = False, treaty: Any = None) -> Forecast:
    """Monte Carlo forecast of a treaty's entry into force (model: module docstring).

    ``as_of`` (ISO date; default today, read by :func:`analysis.dates.parse_as_of`) is the
    date the forecast is made. ``known_count``: "as of ``as_of``, N qualifying instruments
    are deposited" -- the information date becomes ``as_of``; without it the status data
    are used as far as they reach and the months after are imputed (``notes`` give the
    imputed count now). ``domestic``: consents reported as ratified at home with no
    deposit found -- ``early`` (default: not counted, simulated as pending deposits at the
    front of the queue), ``waiting`` (ordinary waiting signatories) or ``deposited``
    (counted; a scenario). ``include_reported`` (older spelling): True = ``deposited``,
    False = ``waiting``. ``extra_instruments``: what-if deposits ``(iso3, date)``; they
    count, and they reweight the treaty's pace; an ``EUU`` instrument adds nothing (art.
    65(1)). ``calibration``: the reference treaties (default
    :data:`CALIBRATION_TREATIES`; for the default treaty the stored build-step fits).
    ``treaty``: an :mod:`analysis.treaty` profile; a reference treaty is replayed from its
    table as of ``as_of``, calibrated only on treaties that reached their threshold before
    ``as_of``, never on itself or its siblings (``attrs["calibration"]``). ``data_dir``: the
    status data snapshot. ``clustering`` (default off): snap simulated deposits to
    treaty-event windows. The forecast never returns a date before ``as_of``. Reproducible
    for a given ``seed``.

    >>> f = forecast("2026-11-29", n_paths=5000, seed=1)
    >>> f.threshold, list(f.quantiles["interval"])
    (40, ['median', '50%', '80%', '95%'])
    >>> forecast("2026-11-29", n_paths=2000, known_count=3).info_date == pd.Timestamp("2026-11-29")
    True
    """
    from analysis import treaty as _treaty

    prof = _treaty.get(treaty)
    as_of = parse_as_of(as_of)
    as_of = pd.Timestamp.today().normalize() if as_of is None else as_of
    if as_of < prof.opened:
        raise ValueError(f"as_of {as_of.date()} is before {prof.short_name} opened for "
                         f"signature ({prof.opened.date()}): there is nothing to forecast yet")
    if include_reported is not None:
        domestic = "deposited" if include_reported else "waiting"
    if domestic not in DOMESTIC_MODES:
        raise ValueError(f"domestic must be one of {DOMESTIC_MODES}, not {domestic!r}")
    if known_count is not None and (isinstance(known_count, bool)
                                    or not isinstance(known_count, int | np.integer)
                                    or known_count < 0):
        raise ValueError(f"known_count must be a count (int >= 0), not {known_count!r}")
    rule = prof.rule.kwargs()
    notes: list[str] = []
    extra_attrs: dict[str, Any] = {}
    if prof.status_source == "curated":
        ids = tuple(sorted(CALIBRATION_TREATIES if calibration is None else calibration))
        universe = _universe(ids)
        pm = _default_calibration(ids, 0).propensity_mean if known_count is not None else None
        problem, pnotes, problem_attrs = _target_problem(
            as_of, domestic, extra_instruments, universe, rule, data_as_of, data_dir,
            known_count, pm)
        notes += pnotes
        calib = _default_calibration(ids, int(problem.t_sig))
        data_info = problem_attrs["data_info_date"]
    else:
        if known_count is not None or extra_instruments or data_dir is not None:
            raise ValueError("known_count, extra_instruments and data_dir apply to the "
                             f"curated treaty ({_treaty.DEFAULT.id}), not to a replay of "
                             f"{prof.id}")
        h = treaty_history(prof.id)
        if as_of > h.vintage:
            raise ValueError(f"{prof.id}'s table is complete only to {h.vintage.date()}; "
                             f"as_of {as_of.date()} is later")
        family = tuple(sorted({prof.id} | set(prof.siblings)))
        cut = str(as_of.date())
        origin = int((as_of - h.opened).days)
        pool = CALIBRATION_TREATIES if calibration is None else tuple(calibration)
        ids = real_time_set(pool, family, as_of, origin)
        if len(ids) < MIN_CALIBRATION:
            raise ValueError(f"only {len(ids)} reference treaties reached their threshold "
                             f"before {as_of.date()} (outside {prof.id}'s family): too few "
                             "to calibrate")
        calib = calibrate(ids, origin, sibling=prof.id in SIBLINGS, cut=cut, exclude=family)
        problem = problem_from_history(h, origin, calib.universe)
        data_info = as_of
        problem_attrs = {"as_of": cut, "data_as_of": {"complete_to": cut,
                                                      "latest_fact": cut,
                                                      "compiled": str(h.vintage.date())},
                         "data_as_of_label": f"{prof.id} table cut at {cut}",
                         "sources": [f"UNTC status table ({prof.mtdsg})"],
                         "source_urls": [prof.untc_html_url],
                         "source_files": [f"raw/treaties/participants/{prof.id}.csv"]}
        notes.append(f"replay of {prof.short_name} as of {cut} from its table: calibrated "
                     f"only on treaties that reached their threshold before then, each cut "
                     f"at that day, never on {', '.join(family)}")
        extra_attrs = {"truth_threshold_date": h.threshold_date,
                       "truth_entry_into_force": None if h.threshold_date is None else
                       pd.Timestamp(opened_date(prof.id) + pd.Timedelta(days=float(
                           _eif_days(np.array([h.threshold_day]), h.opened, rule)[0])))}
    opened = problem.opened
    t_info_date = opened + pd.Timedelta(days=problem.t_info)
    gap = (as_of - t_info_date).days
    if known_count is None and gap > MAX_IMPUTE_DAYS:
        raise ValueError(
            f"as_of {as_of.date()} is {gap} days after the data's information date "
            f"({t_info_date.date()}); imputing that much would make the forecast mostly "
            "guesswork. Pass known_count= (the qualifying instruments deposited as of "
            "as_of) or newer status data (data_dir=)")

    horizon = (as_of - opened).days + 365.25 * horizon_years
    grid_dates = pd.date_range(as_of + pd.offsets.MonthEnd(0),
                               as_of + pd.DateOffset(years=int(horizon_years)), freq="ME")
    keys = [("as_of", as_of)] + _key_dates(prof)
    key_days = [float((d - opened).days) for _, d in keys]
    all_days = np.unique(np.concatenate([[(d - opened).days for d in grid_dates], key_days]))
    grid = np.array(all_days, float)
    state_days = sorted({d for d in key_days[1:] if problem.t_info < d <= horizon})
    windows = None
    if clustering:
        est = clustering_share(calib.treaty_ids)
        windows = event_windows(opened, int(np.ceil(horizon)) + SNAP_HORIZON + 2, est.share)
    sim = simulate(problem, calib, n_paths=n_paths, seed=seed, horizon_days=horizon,
                   grid=grid, clustering=windows, state_days=state_days)
    thr = sim["threshold_days"]
    eif = _eif_days(thr, opened, rule)
    as_day = float((as_of - opened).days)
    early_eif = eif < as_day
    if problem.needed == 0 and early_eif.any():
        notes.append(f"in force before {as_of.date()} by the data: a fact, not a forecast")
    elif early_eif.any():
        # in force before as_of would be public knowledge by as_of: condition on "not yet"
        share = float(early_eif.mean())
        if share == 1.0:
            raise ValueError(f"every simulated path enters into force before {as_of.date()}:"
                             " pass known_count= or newer status data")
        keep = np.flatnonzero(~early_eif)
        fill = np.random.default_rng([seed, 1]).choice(keep, size=int(early_eif.sum()))
        eif[early_eif], thr[early_eif] = eif[fill], thr[fill]
        notes.append(f"{share:.2%} of the paths entered into force before {as_of.date()} "
                     "(in the imputed months); they are replaced by paths that did not")
    samples = np.full(n_paths, np.datetime64("NaT"), dtype="datetime64[D]")
    fin = np.isfinite(eif)
    samples[fin] = np.datetime64(opened.date(), "D") + eif[fin].astype(np.int64)
    p_never = float(np.mean(~np.isfinite(thr)))

    def to_date(d: float) -> pd.Timestamp:
        return pd.NaT if not np.isfinite(d) else opened + pd.Timedelta(days=int(d))

    quantiles = _quantile_table(eif, to_date)
    srt = np.sort(eif)
    hist = sim["count_hist"]
    n_count = hist[0].sum()
    cdf = np.cumsum(hist, axis=1) / n_count
    counts = np.arange(hist.shape[1])
    mean_c = (hist * counts).sum(axis=1) / n_count

    def q(level: float) -> np.ndarray:
        return (cdf < level).sum(axis=1)

    month_idx = np.searchsorted(grid, [(d - opened).days for d in grid_dates])
    by_date = pd.DataFrame({
        "date": grid_dates,
        "p_in_force": np.searchsorted(srt, grid[month_idx], side="right") / n_paths,
        "instruments_mean": mean_c[month_idx],
        "instruments_p10": q(0.1)[month_idx],
        "instruments_p90": q(0.9)[month_idx],
    })
    key_rows = []
    for (label, d), day in zip(keys, key_days, strict=True):
        i = int(np.searchsorted(grid, day))
        simulated = day >= problem.t_info
        key_rows.append({
            "label": label, "date": d,
            "basis": "simulated" if simulated else "before the information date",
            "instruments_mean": mean_c[i] if simulated else np.nan,
            "instruments_p10": q(0.1)[i] if simulated else pd.NA,
            "instruments_median": q(0.5)[i] if simulated else pd.NA,
            "instruments_p90": q(0.9)[i] if simulated else pd.NA,
            "p_in_force": float(np.searchsorted(srt, day, side="right") / n_paths)})
    key_table = pd.DataFrame(key_rows).astype({"instruments_p10": "Int64",
                                               "instruments_median": "Int64",
                                               "instruments_p90": "Int64"})
    now = key_table.iloc[0]
    if known_count is not None:
        assumption = (f"conditioned on {known_count} qualifying instruments deposited as of "
                      f"{as_of.date()} (the count given for that date), nothing imputed")
    elif problem.t_info < as_day and problem.needed > 0:
        assumption = (
            f"the deposit data stop on {t_info_date.date()}; for the "
            f"{int(as_day - problem.t_info)} days to {as_of.date()} the model simulates "
            f"deposits rather than assuming none: about {now['instruments_median']} "
            f"instruments deposited by now (median; 80 %: {now['instruments_p10']}-"
            f"{now['instruments_p90']}) against {problem.known} known")
    else:
        assumption = f"the data run to {as_of.date()}: nothing is imputed"
    if problem.t_info < as_day and problem.needed > 0:
        notes.insert(0, (
            f"imputed, not known: the status data end on {t_info_date.date()}; for the "
            f"{int(as_day - problem.t_info)} days to {as_of.date()} the model simulates the "
            f"deposits, so it assumes {now['instruments_median']} qualifying instruments now "
            f"(median; 80 %: {now['instruments_p10']}-{now['instruments_p90']}) against "
            f"{problem.known} known. Knowing the count today would replace this imputation "
            "(the forecast can condition on it)"))
    if problem.needed == 0:
        notes.append("the threshold is already reached in the data: the entry-into-force "
                     "date is the rule engine's, with no spread")
    p_2030 = float(np.mean(~(np.isfinite(eif) & (eif <= float(
        (pd.Timestamp("2030-12-31") - opened).days)))))
    st = calib.stall
    shares = sim.get("stall", {})
    if st is not None and shares:
        notes.append(
            f"stall component: a priori {st.p_never:.0%} of paths never reach the threshold "
            f"({st.n_never} of {st.n_agreements} IEADB multilateral agreements were not in "
            f"force {NEVER_YEARS} years after signature); weighted by the start so far: "
            f"{shares['posterior_never']:.0%}"
            + (f"; slow paths (delays x {st.slow_factor:.1f}) a priori {st.p_slow:.0%}, "
               f"weighted {shares['posterior_slow']:.0%}" if STALL_SLOW else "")
            + f". P(not in force by end of 2030) = {p_2030:.0%}")
    notes += [
        f"calibrated on {len(calib.treaty_ids)} reference treaties "
        f"({', '.join(calib.treaty_ids)}; {calib.source}); a treaty pace is drawn per path "
        f"and reweighted by the treaty's own start (effective sample size "
        f"{sim['ess']:.0f} of {max(n_paths, 20_000)} draws)",
        "not modelled: clustering of deposits at treaty events (an option, off by default), "
        "peer diffusion beyond the treaty-level pace, the treaty's own politics, the EU's "
        "own instrument (never counts), new states",
        backtest_note(),
        "the reference class of the pace holds only treaties that entered into force; the "
        "stall component adds slow and never-in-force ones from wider tables",
        *([f"clustering on: a simulated deposit outside the event windows "
           f"is moved to the next window within {SNAP_HORIZON} days with probability "
           f"{est.share:.3f}, estimated on the calibration treaties"] if clustering else []),
        f"group B (states that have not signed) is the pool of {len(problem.b_iso3)} states "
        "of the reference tables minus the named signatories",
    ]
    states = sim.get("states")
    if states is not None:
        states = states.rename(columns={
            f"p_by_{int(d)}": f"p_by_{(opened + pd.Timedelta(days=d)).date()}"
            for d in state_days})
    attrs = {
        "as_of": str(as_of.date()),
        "data_as_of": problem_attrs.get("data_as_of"),
        "data_as_of_label": problem_attrs.get("data_as_of_label"),
        "sources": problem_attrs.get("sources", []),
        "source_urls": problem_attrs.get("source_urls", []),
        "source_files": problem_attrs.get("source_files", []),
        "treaty": prof.id,
        "rule": rule, "info_date": str(t_info_date.date()),
        "data_info_date": str(pd.Timestamp(data_info).date()),
        "known_count": known_count, "domestic": domestic,
        "signatures_known_to": str((opened + pd.Timedelta(days=problem.t_sig)).date()),
        "n_paths": n_paths, "seed": seed, "ess": sim["ess"], "horizon_years": horizon_years,
        "calibration": calib.treaty_ids, "calibration_source": calib.source,
        "correlations": calib.correlations,
        "propensity_var": calib.propensity_var, "signatories_waiting": len(problem.a_sig),
        "non_signatories": len(problem.b_iso3), "needed": problem.needed,
        "threshold_samples_days": thr, "p_not_in_force_by_2030": p_2030,
        "stall": {**(asdict(st) if st is not None else {}), **shares},
        "imputed_now": {k: now[k] for k in ("instruments_median", "instruments_p10",
                                             "instruments_p90")},
        "key_dates": key_table, "states": states, "imputation_note": assumption,
        **extra_attrs,
    }
    if clustering:
        attrs["clustering"] = asdict(est)
    for table in (quantiles, by_date, key_table):
        table.attrs.update({k: attrs[k] for k in (
            "as_of", "data_as_of", "data_as_of_label", "sources", "source_urls",
            "source_files", "treaty")})
    return Forecast(
        as_of=as_of, info_date=t_info_date,
        threshold=problem.threshold, known_instruments=problem.known, quantiles=quantiles,
        by_date=by_date, samples=samples, p_never=p_never, notes=tuple(notes), attrs=attrs,
    )


def instrument_band(f: Forecast) -> pd.DataFrame:
    """The forecast's counting instruments by month-end, by days since the Convention opened.

    Columns ``day, date, low, high, mean``: the 10 % and 90 % quantiles and the mean of the
    instruments deposited by ``date`` (from ``f.by_date``), ``day`` counted from
    :func:`opened_date`. This is the ``band`` of
    :func:`analysis.timeline_plots.cumulative_figure`.

    >>> b = instrument_band(forecast("2026-11-29", n_paths=2000, seed=1))
    >>> list(b.columns), bool((b["low"] <= b["high"]).all())
    (['day', 'date', 'low', 'high', 'mean'], True)
    """
    bd = f.by_date
    return pd.DataFrame({"day": (bd["date"] - opened_date()).dt.days, "date": bd["date"],
                         "low": bd["instruments_p10"], "high": bd["instruments_p90"],
                         "mean": bd["instruments_mean"]})


def convention_curves(f: Forecast, events: pd.DataFrame,
                      label: str = "Cybercrime Convention") -> pd.DataFrame:
    """The Convention's signatures and counting instruments by day since opening, as known.

    ``events`` is :func:`analysis.status.events` (the data the forecast used); each event is
    placed on one day by :func:`analysis.timeline.with_plot_dates` and counted by
    :func:`analysis.timeline.cumulative_counts` with the forecast's threshold. ``attrs``
    adds ``treaty`` (``label``) and ``end_days``: how far the data reach, in days since
    opening, per series (instruments: the information date; signatures: the last reported
    signature), to hold the curves to in a figure.

    Only the consents the forecast counts are drawn (:func:`counted_events`): deposits, and
    the reported domestic ratifications only in the ``domestic="deposited"`` scenario. With
    no deposit yet, the instruments series is one row, 0 on the opening day.

    >>> from analysis import status
    >>> f = forecast("2026-11-29", n_paths=2000, seed=1, domestic="deposited")
    >>> c = convention_curves(f, status.events())
    >>> int(c.loc[c["series"] == "instruments", "count"].max()) == f.known_instruments
    True
    >>> c.attrs["end_days"]["instruments"] == (f.info_date - opened_date()).days
    True
    """
    opened = opened_date()
    out = timeline.cumulative_counts(timeline.with_plot_dates(counted_events(f, events)),
                                     opened, label, threshold=f.threshold)
    if not (out["series"] == "instruments").any():
        # no deposit yet: a zero row on the opening day, so the curve is drawn (flat at 0)
        zero = pd.DataFrame({"treaty": [label], "series": ["instruments"], "day": [0],
                             "date": [opened], "count": [0]}).astype(out.dtypes.to_dict())
        attrs = dict(out.attrs)
        out = pd.concat([out, zero], ignore_index=True)
        out.attrs.update(attrs)
    signatures_to = pd.Timestamp(f.attrs["signatures_known_to"])
    out.attrs.update({"treaty": label,
                      "end_days": {"instruments": (f.info_date - opened).days,
                                   "signatures": (signatures_to - opened).days}})
    return out


def counted_events(f: Forecast, events: pd.DataFrame) -> pd.DataFrame:
    """The event log as ``f`` counts it: signatures, deposited consents, and the consents
    reported as ratified at home only when ``f`` was made with ``domestic="deposited"``.

    >>> from analysis import status
    >>> ev = status.events()
    >>> f = forecast("2026-11-29", n_paths=1000)
    >>> con = counted_events(f, ev)["action"].isin(timeline.CONSENT_ACTIONS)
    >>> int(con.sum()) <= int(ev["action"].isin(timeline.CONSENT_ACTIONS).sum())
    True
    """
    con = events["action"].isin(timeline.CONSENT_ACTIONS)
    if f.attrs.get("domestic") == "deposited" or not con.any():
        return events
    keep = ~con | (consent_stages(events) == "deposited")
    return events[keep]


def same_paths(a: Forecast, b: Forecast) -> bool:
    """True if two forecasts have the same entry-into-force date on every path.

    NaT (beyond the horizon) compares equal, as its integer.

    >>> f = forecast("2026-11-29", n_paths=2000, seed=1)
    >>> same_paths(f, f), same_paths(f, forecast("2026-11-29", n_paths=2000, seed=2))
    (True, False)
    """
    return np.array_equal(a.samples.view("i8"), b.samples.view("i8"))


def backtest_scope(table: pd.DataFrame, scope: str = "overall") -> pd.DataFrame:
    """One aggregate scope of an :func:`analysis.backtest.backtest` table, indexed by model.

    ``scope``: ``overall`` (every case) or ``overall_linear_cases`` (the cases where the
    linear baseline is defined); one row per model (``model``, ``reference_class``,
    ``linear``) with ``n``, ``abs_error``, ``cover_50/80/95``, ``crps``, ``p_never``.

    >>> t = pd.DataFrame({"scope": ["case", "overall", "overall"],
    ...                   "model": ["model", "model", "linear"], "abs_error": [1.0, 2.0, 3.0]})
    >>> backtest_scope(t)["abs_error"].to_dict()
    {'model': 2.0, 'linear': 3.0}
    """
    if scope not in ("overall", "overall_linear_cases"):
        raise ValueError(f"scope must be 'overall' or 'overall_linear_cases', not {scope!r}")
    return table[table["scope"] == scope].set_index("model")


def backtest_misses(table: pd.DataFrame, level: int = 95, model: str = "model"
                    ) -> pd.DataFrame:
    """The backtest cases whose truth falls outside ``model``'s central ``level`` % interval.

    Returns ``treaty_id, origin_months, truth_day, median_day`` in the table's order.

    >>> t = pd.DataFrame({"scope": ["case", "case"], "model": ["model", "model"],
    ...                   "treaty_id": ["crc", "fctc"], "origin_months": [0.0, 6.0],
    ...                   "truth_day": [200.0, 500.0], "median_day": [900.0, 480.0],
    ...                   "cover_95": [0.0, 1.0]})
    >>> backtest_misses(t).values.tolist()
    [['crc', 0, 200.0, 900.0]]
    """
    cases = table[(table["scope"] == "case") & (table["model"] == model)]
    out = cases.loc[cases[f"cover_{level}"] == 0,
                    ["treaty_id", "origin_months", "truth_day", "median_day"]]
    return out.astype({"origin_months": int}).reset_index(drop=True)


def count_table(as_of: Any = None, counts: Sequence[int] = (0, 3, 5, 10, 15, 20), *,
                n_paths: int = 20_000, seed: int = 0, **kwargs: Any) -> pd.DataFrame:
    """"If the count today is N": the forecast conditioned on each ``known_count``.

    One row per N: ``known_count``, ``median``, ``lower_80``, ``upper_80`` (the central
    80 % interval; NaT = beyond the horizon) and ``p_not_in_force_2030``; same ``as_of``,
    paths and seed for every N. Counts below the deposits in the data or at the threshold
    are left out (``attrs["left_out"]`` says which and why). ``kwargs`` go to
    :func:`forecast`.

    >>> t = count_table("2026-12-07", counts=(3, 15), n_paths=2000)
    >>> t["known_count"].tolist(), bool(t["median"].iloc[0] >= t["median"].iloc[1])
    ([3, 15], True)
    """
    rows, left_out = [], {}
    attrs: dict[str, Any] = {}
    for n in counts:
        try:
            f = forecast(as_of, n_paths=n_paths, seed=seed, known_count=int(n), **kwargs)
        except ValueError as exc:
            if "known_count" not in str(exc):
                raise
            left_out[int(n)] = str(exc)
            continue
        q = f.quantiles.set_index("interval")
        rows.append({"known_count": int(n), "median": f.median,
                     "lower_80": q.loc["80%", "lower"], "upper_80": q.loc["80%", "upper"],
                     "p_not_in_force_2030": f.attrs["p_not_in_force_by_2030"]})
        attrs = dict(f.quantiles.attrs)
    out = pd.DataFrame(rows, columns=["known_count", "median", "lower_80", "upper_80",
                                      "p_not_in_force_2030"])
    out.attrs.update({**attrs, "left_out": left_out, "n_paths": n_paths, "seed": seed})
    return out


def deposit_probabilities(f: Forecast) -> pd.DataFrame:
    """Per state: the probability of depositing by each key date and of being among the
    instruments that bring the treaty into force (the first ``threshold``).

    Columns ``iso3, group, p_among_first, p_by_<date>...`` (the key dates after the
    information date: end of the signature period, one and two years after opening, end of
    2030), sorted by ``p_among_first``, highest first. From the propensity term (a state's
    record on the reference treaties) and the treaty's pace; unnamed signatories are
    one row each with ``iso3`` "".

    >>> p = deposit_probabilities(forecast("2026-12-07", n_paths=2000))
    >>> bool(p["p_among_first"].between(0, 1).all())
    True
    """
    states = f.attrs.get("states")
    if states is None:
        return pd.DataFrame(columns=["iso3", "group", "p_among_first"])
    out = states.sort_values(["p_among_first", "iso3"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)
    out.attrs.update(f.quantiles.attrs)
    return out


def expected_counts(f: Forecast) -> pd.DataFrame:
    """Qualifying instruments expected at the dates that matter, and P(in force) then.

    Rows: ``as_of`` (the imputed count now when the data end earlier), the end of the
    signature period, one and two years after opening, the end of 2030. Columns ``label,
    date, basis`` ("simulated" or "before the information date": then not simulated, the
    numbers are missing), ``instruments_mean``, ``instruments_p10/median/p90``,
    ``p_in_force``.

    >>> e = expected_counts(forecast("2026-12-07", n_paths=2000))
    >>> ok = e["instruments_p10"].dropna() <= e["instruments_p90"].dropna()
    >>> e["label"].iloc[0], bool(ok.all())
    ('as_of', True)
    """
    return f.attrs["key_dates"].copy()
