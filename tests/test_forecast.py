"""analysis.forecast: the Monte Carlo entry-into-force forecast."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from analysis import forecast as fc
from analysis import timeline

N = 4000
AS_OF = "2026-11-29"


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
    assert base.threshold == 40 and base.known_instruments == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.p_never = 0.5  # type: ignore[misc]


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
        assert q.loc[inner, "upper"] <= q.loc[outer, "upper"]
    assert q.loc["50%", "lower"] <= base.median <= q.loc["50%", "upper"]
    # nothing enters into force before the 90 days after the information date
    assert q.loc["95%", "lower"] >= base.info_date + pd.Timedelta(days=90)


def test_notes_say_the_data_are_partial(base):
    text = " ".join(base.notes)
    assert "partial after 2026-05-21" in text
    assert "include_reported" in text
    assert "not named" in text
    assert base.attrs["data_as_of"]["complete_to"] == "2025-11-19"


def test_reported_consents_as_a_scenario(base):
    without = fc.forecast(AS_OF, n_paths=N, seed=3, include_reported=False)
    assert without.known_instruments == 0
    assert without.median >= base.median
    assert any("include_reported=False" in n for n in without.notes)


def test_eu_only_extra_instrument_changes_nothing(base):
    eu = fc.forecast(AS_OF, n_paths=N, seed=3, extra_instruments=[("EUU", "2027-03-01")])
    assert np.array_equal(eu.samples, base.samples, equal_nan=True)
    assert any("does not count" in n for n in eu.notes)


def test_extra_instruments_move_the_distribution_earlier(base):
    extra = [(iso, "2027-03-01") for iso in ("FRA", "DEU", "ITA", "JPN", "GBR", "BRA")]
    ex = fc.forecast(AS_OF, n_paths=N, seed=3, extra_instruments=extra)
    assert ex.median < base.median
    assert ex.p_in_force_by("2028-12-31") > base.p_in_force_by("2028-12-31")
    q, qb = ex.quantiles.set_index("interval"), base.quantiles.set_index("interval")
    assert q.loc["80%", "lower"] <= qb.loc["80%", "lower"]


def test_threshold_already_reached_is_deterministic():
    # 37 what-if instruments dated before the information date: with the 3 reported ones
    # the count reaches 40 on the last reported deposit window (Azerbaijan, 21 May 2026).
    base = fc.forecast(AS_OF, n_paths=500)
    pool = [i for i in fc._universe(fc.CALIBRATION_TREATIES)
            if i not in {"QAT", "VNM", "AZE"}][:37]
    f = fc.forecast(AS_OF, n_paths=500, extra_instruments=[(i, "2026-03-01") for i in pool])
    assert f.known_instruments == 40 and f.p_never == 0
    days = f.samples.astype("datetime64[D]")
    assert (days == days[0]).all()
    expected = pd.Timestamp("2026-05-21") + pd.Timedelta(days=90)
    assert pd.Timestamp(days[0]) == expected
    q = f.quantiles.set_index("interval")
    assert (q["lower"] == expected).all() and (q["upper"] == expected).all()
    assert base.known_instruments == 3


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
