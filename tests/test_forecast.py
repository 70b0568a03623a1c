"""analysis.forecast: the Monte Carlo entry-into-force forecast."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from analysis import forecast as fc
from analysis import status, timeline
from analysis.datafiles import data_path

N = 4000
AS_OF = "2026-11-29"
TODAY = "2026-12-07"


def _deposits_in_data() -> int:
    ev = status.events()
    con = ev[ev["action"].isin(timeline.CONSENT_ACTIONS) & ~ev["uncertain"]]
    return int((fc.consent_stages(con) == "deposited").sum())


def _domestic_rows() -> pd.DataFrame:
    # States only: the EU's own approval is never an instrument that counts (art. 65(1)).
    ev = status.events()
    con = ev[ev["action"].isin(timeline.CONSENT_ACTIONS) & ~ev["uncertain"]
             & ev["iso3"].ne("EUU")]
    return con[fc.consent_stages(con) == "domestic"]


def _domestic_in_data() -> int:
    return len(_domestic_rows())


@pytest.fixture(scope="module")
def base() -> fc.Forecast:
    return fc.forecast(AS_OF, n_paths=N, seed=3)


def test_reproducible_with_seed(base):
    again = fc.forecast(AS_OF, n_paths=N, seed=3)
    assert np.array_equal(base.samples, again.samples, equal_nan=True)
    assert base.quantiles.equals(again.quantiles)
    other = fc.forecast(AS_OF, n_paths=N, seed=4)
    assert not np.array_equal(base.samples, other.samples, equal_nan=True)


def test_result_shape_and_frozen(base):
    assert isinstance(base, fc.Forecast)
    assert base.samples.dtype == np.dtype("datetime64[D]") and len(base.samples) == N
    assert list(base.quantiles.columns) == ["interval", "level", "lower", "upper"]
    assert list(base.by_date.columns) == ["date", "p_in_force", "instruments_mean",
                                          "instruments_p10", "instruments_p90"]
    assert 0 <= base.p_never <= 1
    # only deposits count; reported domestic ratifications are pending (domestic="early")
    assert base.threshold == 40 and base.known_instruments == _deposits_in_data()
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.p_never = 0.5  # type: ignore[misc]


def test_attrs_layout(base):
    for key in ("as_of", "data_as_of", "data_as_of_label", "sources", "source_urls",
                "source_files", "treaty"):
        assert key in base.attrs and key in base.quantiles.attrs
    assert base.attrs["as_of"] == AS_OF and base.attrs["treaty"] == "un_cybercrime"
    assert tuple(base.attrs["calibration"]) == tuple(sorted(fc.CALIBRATION_TREATIES))


def test_probability_by_date_is_monotone(base):
    p = base.by_date["p_in_force"].to_numpy()
    assert np.all(np.diff(p) >= 0) and 0 <= p[0] and p[-1] <= 1
    assert np.all(np.diff(base.by_date["instruments_mean"]) >= -1e-9)
    assert (base.by_date["instruments_p10"] <= base.by_date["instruments_p90"]).all()
    assert (base.by_date["instruments_p10"] >= base.known_instruments).all()


def test_quantiles_ordered_and_nested(base):
    q = base.quantiles.set_index("interval")
    assert q.loc["median", "lower"] == q.loc["median", "upper"] == base.median
    for inner, outer in (("50%", "80%"), ("80%", "95%")):
        assert q.loc[outer, "lower"] <= q.loc[inner, "lower"]
        assert pd.isna(q.loc[outer, "upper"]) or q.loc[inner, "upper"] <= q.loc[outer, "upper"]
    # nothing enters into force before the 90 days after the information date
    assert q.loc["95%", "lower"] >= base.info_date + pd.Timedelta(days=90)


def test_the_assumption_about_months_without_data_is_stated_in_words(base):
    note = base.attrs["imputation_note"]
    now = base.attrs["imputed_now"]
    assert str(base.info_date.date()) in note and "simulates deposits" in note
    assert f"about {now['instruments_median']} instruments deposited by now" in note
    given = fc.forecast(AS_OF, n_paths=500, seed=3, known_count=2)
    assert given.attrs["imputation_note"].startswith("conditioned on 2 qualifying instruments")


def test_notes_say_what_is_imputed(base):
    text = " ".join(base.notes)
    assert f"status data end on {base.info_date.date()}" in text
    now = base.attrs["imputed_now"]
    assert (f"assumes {now['instruments_median']} qualifying instruments now (median; 80 %: "
            f"{now['instruments_p10']}-{now['instruments_p90']})") in text
    assert now["instruments_p10"] <= now["instruments_median"] <= now["instruments_p90"]
    assert "condition on it" in text and "not named" in text
    assert "P(not in force by end of 2030)" in text
    # figures in notes are computed: no literal backtest claims
    assert "about right" not in text and "23 treaties x 4" not in text


def test_p_not_in_force_by_2030(base):
    p = base.attrs["p_not_in_force_by_2030"]
    assert p == pytest.approx(1 - base.p_in_force_by("2030-12-31"))
    assert 0 <= p <= 1 and p >= base.p_never


# --- known_count: the information date is as_of ------------------------------------------


@pytest.fixture(scope="module")
def by_count() -> dict[int, fc.Forecast]:
    return {n: fc.forecast(TODAY, n_paths=N, seed=5, known_count=n) for n in (3, 8, 15, 25)}


def test_known_count_conditions_at_as_of(by_count):
    f = by_count[3]
    assert f.info_date == pd.Timestamp(TODAY) and f.known_instruments == 3
    ok = ~np.isnat(f.samples)
    assert (f.samples[ok] > np.datetime64(TODAY) + np.timedelta64(90, "D")).all()
    assert any("conditioned on known_count=3" in n for n in f.notes)
    assert not any("imputed, not known" in n for n in f.notes)


def test_known_count_is_monotone(by_count):
    counts = sorted(by_count)
    medians = [by_count[n].median for n in counts]
    assert all(pd.isna(a) or a >= b for a, b in zip(medians, medians[1:], strict=False))
    assert by_count[3].median > by_count[15].median
    for day in ("2027-12-31", "2028-12-31", "2030-12-31"):
        p = [by_count[n].p_in_force_by(day) for n in counts]
        assert all(a <= b + 0.02 for a, b in zip(p, p[1:], strict=False))


def test_known_count_errors():
    for bad in (-1, 2.5, True, "3"):
        with pytest.raises(ValueError, match="known_count"):
            fc.forecast(TODAY, n_paths=200, known_count=bad)
    with pytest.raises(ValueError, match="threshold"):
        fc.forecast(TODAY, n_paths=200, known_count=40)


def test_count_table(by_count):
    t = fc.count_table(TODAY, counts=(3, 15, 40), n_paths=N, seed=5)
    assert t["known_count"].tolist() == [3, 15] and 40 in t.attrs["left_out"]
    assert t.loc[0, "median"] == by_count[3].median
    assert (t["lower_80"] <= t["median"]).all()
    assert t["p_not_in_force_2030"].is_monotonic_decreasing


# --- as_of --------------------------------------------------------------------------------


def test_as_of_is_parsed_strictly():
    for bad in (2026, "31/12/2026", pd.NaT, "2026-12"):
        with pytest.raises(ValueError):
            fc.forecast(bad, n_paths=200)


def test_as_of_before_the_opening_raises():
    with pytest.raises(ValueError, match="before .* opened"):
        fc.forecast("2025-01-01", n_paths=200)


def test_as_of_far_past_the_data():
    with pytest.raises(ValueError, match="known_count"):
        fc.forecast("2040-01-01", n_paths=200)
    f = fc.forecast("2040-01-01", n_paths=1000, known_count=10)
    ok = ~np.isnat(f.samples)
    assert (f.samples[ok] >= np.datetime64("2040-01-01")).all()
    assert pd.isna(f.median) or f.median > pd.Timestamp("2040-01-01")


def test_never_before_as_of(base):
    ok = ~np.isnat(base.samples)
    assert (base.samples[ok] >= np.datetime64(AS_OF)).all()


# --- domestic ratifications and what-ifs ------------------------------------------------


def test_domestic_ratifications_as_a_scenario(base):
    dep = fc.forecast(AS_OF, n_paths=N, seed=3, domestic="deposited")
    wait = fc.forecast(AS_OF, n_paths=N, seed=3, domestic="waiting")
    assert dep.known_instruments == _deposits_in_data() + _domestic_in_data()
    assert wait.known_instruments == base.known_instruments
    assert dep.median <= base.median
    assert any("are counted as deposited" in n for n in dep.notes)
    # the older spelling maps onto the modes
    old = fc.forecast(AS_OF, n_paths=N, seed=3, include_reported=False)
    assert fc.same_paths(old, wait)
    with pytest.raises(ValueError, match="domestic"):
        fc.forecast(AS_OF, n_paths=200, domestic="maybe")


def test_eu_only_extra_instrument_changes_nothing(base):
    eu = fc.forecast(AS_OF, n_paths=N, seed=3, extra_instruments=[("EUU", "2027-03-01")])
    assert np.array_equal(eu.samples, base.samples, equal_nan=True)
    assert any("does not count" in n for n in eu.notes)


def test_extra_instruments_move_the_distribution_earlier_and_update_the_pace(base):
    extra = [(iso, "2027-03-01") for iso in ("FRA", "DEU", "ITA", "JPN", "GBR", "BRA")]
    ex = fc.forecast(AS_OF, n_paths=N, seed=3, extra_instruments=extra)
    assert ex.median < base.median
    assert ex.p_in_force_by("2028-12-31") > base.p_in_force_by("2028-12-31")
    q, qb = ex.quantiles.set_index("interval"), base.quantiles.set_index("interval")
    assert q.loc["80%", "lower"] <= qb.loc["80%", "lower"]
    # the what-ifs are information on the pace: fewer stalled paths
    assert ex.attrs["stall"]["posterior_never"] < base.attrs["stall"]["posterior_never"]
    assert any("information on the pace" in n for n in ex.notes)


def test_more_added_instruments_never_hurt(base):
    pool = ["FRA", "DEU", "ITA", "JPN", "GBR", "BRA", "ARG", "CHL", "KEN", "NGA"]
    prev = base
    for k in (3, 6, 10):
        f = fc.forecast(AS_OF, n_paths=N, seed=3,
                        extra_instruments=[(i, "2027-06-30") for i in pool[:k]])
        for day in ("2027-12-31", "2028-12-31", "2030-12-31"):
            assert f.p_in_force_by(day) >= prev.p_in_force_by(day) - 0.02
        prev = f


def test_threshold_already_reached_is_deterministic():
    # What-if instruments dated before the information date: with the reported domestic
    # ratifications counted (domestic="deposited") the count reaches 40 on the last one.
    pool = [i for i in fc._universe(fc.CALIBRATION_TREATIES)
            if i not in {"QAT", "VNM", "AZE"}][:40 - _deposits_in_data() - _domestic_in_data()]
    f = fc.forecast(AS_OF, n_paths=500, domestic="deposited",
                    extra_instruments=[(i, "2026-03-01") for i in pool])
    assert f.known_instruments == 40 and f.p_never == 0
    days = f.samples.astype("datetime64[D]")
    assert (days == days[0]).all()
    # The 40th instrument is the last reported domestic ratification, on the latest day its
    # window allows (the as-of rule), or the what-ifs' day if that is later.
    last = max(_domestic_rows()["date_latest"].max(), pd.Timestamp("2026-03-01"))
    assert pd.Timestamp(days[0]) == last + pd.Timedelta(days=90)


# --- who deposits first; counts at the dates that matter ----------------------------------


def test_deposit_probabilities(base):
    p = fc.deposit_probabilities(base)
    cols = [c for c in p.columns if c.startswith("p_by_")]
    assert cols == sorted(cols) and len(cols) >= 2
    assert p["p_among_first"].between(0, 1).all()
    assert p["p_among_first"].is_monotonic_decreasing
    # a state's probability of depositing grows with the date
    assert (np.diff(p[cols].to_numpy(), axis=1) >= -1e-12).all()
    # the reported domestic ratifications are simulated as likely early deposits
    top = set(p["iso3"].head(10))
    assert {"QAT", "VNM", "AZE"} <= top
    # the expected number of new deposits by a date is the sum over states
    keys = fc.expected_counts(base).set_index("date")
    for col in cols:
        day = pd.Timestamp(col.removeprefix("p_by_"))
        new = keys.loc[day, "instruments_mean"] - base.known_instruments
        assert p[col].sum() == pytest.approx(new, rel=0.05, abs=0.3)


def test_expected_counts(base):
    e = fc.expected_counts(base)
    assert e["label"].tolist()[:2] == ["as_of", "end of the signature period"]
    sim = e[e["basis"] == "simulated"]
    assert (sim["instruments_p10"] <= sim["instruments_median"]).all()
    assert (sim["instruments_median"] <= sim["instruments_p90"]).all()
    assert sim.sort_values("date")["p_in_force"].is_monotonic_increasing


# --- replay of a reference treaty ------------------------------------------------------------


def test_replay_of_untoc_does_not_calibrate_on_its_family():
    f = fc.forecast("2002-06-01", n_paths=2000, treaty="untoc")
    calib = set(f.attrs["calibration"])
    assert not calib & {"untoc", "untoc_tip", "untoc_som", "untoc_firearms"}
    for t in calib:
        assert fc.treaty_history(t).threshold_date < pd.Timestamp("2002-06-01")
    assert f.known_instruments == 15 and f.threshold == 40
    assert f.attrs["truth_threshold_date"] == pd.Timestamp("2003-07-01")
    assert f.median > pd.Timestamp("2002-06-01")
    with pytest.raises(ValueError, match="too few|complete only"):
        fc.forecast("1990-06-01", n_paths=200, treaty="crc")


# --- the stored calibration ----------------------------------------------------------------


def test_stored_parameters_are_the_fits():
    stored = json.loads(data_path("derived", "forecast", "calibration.json").read_text())
    ids = tuple(stored["treaty_ids"])
    assert ids == tuple(sorted(fc.CALIBRATION_TREATIES))
    universe = fc._universe(ids)
    assert tuple(stored["universe"]) == universe
    for t in ("untoc", "fctc", "icmw"):
        assert np.allclose(stored["fits_a"][t], fc._fit_a(t), atol=1e-4)
        assert np.allclose(stored["fits_b"]["280"][t], fc._fit_b(t, 280, universe), atol=1e-4)
    c = fc.stored_calibration(285)
    assert c.origin == 280 and c.thetas.shape == (len(ids), 6)
    assert c.stall == fc.stall_prior(None, (fc.TARGET,))


def test_simulation_is_exact_given_stored_parameters():
    c = fc.stored_calibration(280)
    p = fc.problem_from_history(fc.treaty_history("uncac"), 365, c.universe)
    a = fc.simulate(p, c, n_paths=3000, seed=11)["threshold_days"]
    b = fc.simulate(p, c, n_paths=3000, seed=11)["threshold_days"]
    assert np.array_equal(a, b)


def test_fit_gradient_is_exact():
    from scipy import optimize

    rng = np.random.default_rng(0)
    ev, ce = np.exp(rng.normal(6, 1, 50)), np.exp(rng.normal(7, 1, 30))
    tr = np.full(80, 100.0)
    theta = np.array([0.3, 6.5, 0.1])
    grad = fc._nll(theta, ev, ce, tr)[1]
    num = optimize.approx_fprime(theta, lambda t: fc._nll(t, ev, ce, tr)[0], 1e-6)
    assert np.allclose(grad, num, rtol=1e-4, atol=1e-3)


def test_vectorised_count_agrees_with_the_rule_engine():
    # deterministic deposits only: the simulation's threshold and EIF = the engine's
    opened = pd.Timestamp("2025-10-25")
    days = np.array([100.0, 120.0, 120.0, 150.0])
    problem = fc.Problem(opened=opened, t_info=50.0, t_sig=50.0, threshold=40, known=37,
                         a_sig=np.zeros(0), a_iso3=np.zeros(0, str), b_iso3=np.zeros(0, str),
                         done_wait=np.zeros(0), extra_days=days)
    calib = fc.calibrate(("untoc", "uncac"), 50)
    thr = fc.simulate(problem, calib, n_paths=10)["threshold_days"]
    rule = {"threshold": 40, "lag_days": 90, "reio_counts": False}
    eif = fc._eif_days(thr, opened, rule)
    log = pd.DataFrame({
        "participant": [f"S{i}" for i in range(37)] + ["A", "B", "C", "D", "EU"],
        "iso3": [f"S{i}" for i in range(37)] + ["A", "B", "C", "D", "EUU"],
        "action": ["ratification"] * 41 + ["approval"],
        "date": [opened + pd.Timedelta(days=10)] * 37
        + [opened + pd.Timedelta(days=float(d)) for d in days] + [opened],
    })
    engine = timeline.entry_into_force(log, **rule)
    assert np.all(thr == (engine.threshold_date - opened).days)
    assert np.all(eif == (engine.entry_into_force_date - opened).days)


def test_calibration_uses_only_its_treaties():
    c = fc.calibrate(("untoc", "fctc"), 365)
    assert c.treaty_ids == ("fctc", "untoc") and c.thetas.shape == (2, 6)
    assert np.all(np.linalg.eigvalsh(c.cov) > 0)
    assert 0 < c.propensity_var <= 1


def test_cut_censors_later_consents():
    # cut at UNTOC's threshold: consents after it are unknown, so fewer events
    full = fc._fit_a("untoc")
    cut = fc._fit_a("untoc", "2003-07-01")
    assert not np.allclose(full, cut)
    assert set(fc._universe(("untoc",), "2001-01-01")) < set(fc._universe(("untoc",)))


def test_stall_prior_is_real_time():
    early = fc.stall_prior("2002-06-01", ("untoc",))
    assert early.n_treaties < fc.stall_prior().n_treaties
    assert early.n_agreements < fc.stall_prior().n_agreements
    for s in (early, fc.stall_prior()):
        assert 0 < s.p_never < 0.5 and 0 < s.p_slow < 0.5


def _synthetic_coverage(n_worlds: int, n_paths: int) -> dict[str, float]:
    """Worlds drawn from the model itself: the forecast's intervals must cover the truth."""
    calib = fc.Calibration(
        treaty_ids=("synthetic",), origin=0, universe=(), thetas=np.zeros((1, 6)),
        mean=np.array([2.5, 6.9, 0.0, 0.0, 8.0, -0.4]),
        cov=np.diag([0.6, 0.15, 0.03, 0.5, 0.1, 0.02]),
        propensity_mean={}, propensity_var=1.0, correlations={})
    rng = np.random.default_rng(123)
    origin, n_states, threshold = 365.0, 100, 30
    hits = {"50": [], "80": [], "95": []}
    levels = {"50": (0.25, 0.75), "80": (0.1, 0.9), "95": (0.025, 0.975)}
    while len(hits["80"]) < n_worlds:
        theta = rng.multivariate_normal(calib.mean, calib.cov, size=1)
        times = fc._draw_times(np.zeros(n_states), np.ones(n_states), np.zeros(n_states), 1.0,
                               theta[:, 0:1], theta[:, 1:2], theta[:, 2:3], rng)[0]
        truth = np.floor(np.sort(times)[threshold - 1])
        if not np.isfinite(truth) or truth <= origin:
            continue
        done = times <= origin
        problem = fc.Problem(
            opened=pd.Timestamp("2000-01-01"), t_info=origin, t_sig=origin,
            threshold=threshold, known=int(done.sum()), a_sig=np.zeros(int((~done).sum())),
            a_iso3=np.full(int((~done).sum()), ""), b_iso3=np.zeros(0, str),
            done_wait=np.full(int(done.sum()), origin))
        horizon = origin + 365.25 * fc.HORIZON_YEARS
        sim = fc.simulate(problem, calib, n_paths=n_paths, seed=len(hits["80"]),
                          horizon_days=horizon)
        samples = np.minimum(sim["threshold_days"], horizon)
        for name, (lo, hi) in levels.items():
            q = np.quantile(samples, [lo, hi])
            hits[name].append(q[0] <= truth <= q[1])
    return {k: float(np.mean(v)) for k, v in hits.items()}


def test_calibration_self_check_on_a_synthetic_world():
    cover = _synthetic_coverage(n_worlds=100, n_paths=1000)
    assert abs(cover["50"] - 0.50) < 0.15
    assert abs(cover["80"] - 0.80) < 0.12
    assert cover["95"] > 0.85
