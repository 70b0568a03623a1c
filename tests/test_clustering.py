"""analysis.forecast / analysis.backtest: the optional clustering of deposits at treaty events."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import backtest as bt
from analysis import forecast as fc

N = 4000
AS_OF = "2026-11-29"
SMALL = ("untoc", "uncac", "fctc", "ccm", "bombings")

@pytest.fixture(scope="module")
def off() -> fc.Forecast:
    return fc.forecast(AS_OF, n_paths=N, seed=3)


@pytest.fixture(scope="module")
def on() -> fc.Forecast:
    return fc.forecast(AS_OF, n_paths=N, seed=3, clustering=True)


def _in_windows(days: np.ndarray, opened: pd.Timestamp) -> float:
    """Share of finite ``days`` (since opening) that fall in an event window."""
    days = days[np.isfinite(days)].astype(np.int64)
    w = fc.event_windows(opened, int(days.max()) + 1)
    return float(w.in_window[days].mean())


# --- the windows, fixed a priori ------------------------------------------------------


def test_windows_unga_week_and_anniversary():
    opened = fc.opened_date()                     # 25 October 2025
    w = fc.event_windows(opened, 800)
    days = opened + pd.to_timedelta(np.flatnonzero(w.in_window), unit="D")
    got = {d.strftime("%Y-%m-%d") for d in days}
    # 2026: third Tuesday of September is the 15th; first anniversary 25 October +- 3
    assert {f"2026-09-{d:02d}" for d in range(15, 25)} <= got
    assert {f"2026-10-{d:02d}" for d in range(22, 29)} <= got
    # the opening day itself is no window (first anniversary on); 2025's UNGA week is past
    assert not w.in_window[0]
    assert len(got) == 2 * (10 + 7)               # two years of windows to day 800
    assert str(fc._third_tuesday_of_september(2025).date()) == "2025-09-16"


def test_window_lookups():
    w = fc.event_windows("2003-12-09", 1200, share=0.5)
    d = np.arange(len(w.in_window) - 200)
    nxt = w.next_start[d]
    assert (nxt > d).all() and w.in_window[nxt].all()
    assert not w.in_window[nxt - 1].any()         # the start of a window run
    assert (w.eligible == (~w.in_window & (w.next_start - np.arange(len(w.in_window))
                                            <= fc.SNAP_HORIZON))).all()


# --- the estimated strength -------------------------------------------------------------


@pytest.mark.parametrize("ids", [fc.CALIBRATION_TREATIES, bt.calibration_set("uncac"),
                                 ("untoc", "fctc"), ("crc",)])
def test_share_is_a_probability(ids):
    est = fc.clustering_share(tuple(ids))
    assert 0.0 <= est.share <= 1.0 and est.n > 0
    for v in (est.observed, est.expected, est.eligible):
        assert 0.0 <= v <= 1.0
    raw = (est.observed - est.expected) / est.eligible
    assert est.share == pytest.approx(min(max(raw, 0.0), 1.0))


def test_share_uses_only_its_treaties(monkeypatch):
    touched: list[str] = []
    real = fc.treaty_history

    def spy(treaty_id):
        touched.append(treaty_id)
        return real(treaty_id)

    from analysis.model import clustering

    monkeypatch.setattr(clustering, "treaty_history", spy)
    ids = bt.calibration_set("uncac")
    fc.clustering_share.__wrapped__(ids)
    assert "uncac" not in touched and set(touched) == set(ids)


# --- snapping ---------------------------------------------------------------------------


def test_snapping_concentrates_deposits_in_windows():
    opened = pd.Timestamp("2000-11-15")
    w = fc.event_windows(opened, 4000, share=0.6)
    rng = np.random.default_rng(0)
    before = rng.uniform(1, 3000, size=(200, 100)).astype(np.float32)
    before[0, :5] = np.inf                        # never: stays never
    after = before.copy()
    fc._snap(after, w, np.random.default_rng(1))
    fin = np.isfinite(before)
    day0 = before[fin].astype(np.int64)
    day1 = after[fin].astype(np.int64)
    share0, share1 = w.in_window[day0].mean(), w.in_window[day1].mean()
    assert share1 > share0 + 0.15
    moved = after[fin] != before[fin]
    # only eligible deposits move, forward, at most a horizon plus a window later
    assert w.eligible[day0[moved]].all() and w.in_window[day1[moved]].all()
    assert (after[fin] >= before[fin]).all()
    assert (after[fin] - before[fin] <= fc.SNAP_HORIZON + 20).all()
    # about the share of the eligible ones
    assert moved.sum() / w.eligible[day0].sum() == pytest.approx(0.6, abs=0.03)
    assert np.isinf(after[0, :5]).all()
    # share 0 moves nothing
    zero = before.copy()
    fc._snap(zero, fc.event_windows(opened, 4000, share=0.0), np.random.default_rng(1))
    assert np.array_equal(zero, before)


def test_forecast_threshold_days_concentrate_in_windows(off, on):
    opened = fc.opened_date()
    t_off = off.attrs["threshold_samples_days"]
    t_on = on.attrs["threshold_samples_days"]
    assert _in_windows(t_on, opened) > _in_windows(t_off, opened) + 0.02
    # same seed: the base deposits are the same, snapping only moves them later
    both = np.isfinite(t_off) & np.isfinite(t_on)
    assert (t_on[both] >= t_off[both]).all()
    assert not np.array_equal(on.samples.view("i8"), off.samples.view("i8"))
    assert 0 < on.attrs["clustering"]["share"] < 1
    assert any("clustering on" in n for n in on.notes)
    assert "clustering" not in off.attrs


# --- off by default; reproducible ------------------------------------------------------


def test_off_is_the_default(off):
    explicit = fc.forecast(AS_OF, n_paths=N, seed=3, clustering=False)
    assert fc.same_paths(explicit, off) and explicit.notes == off.notes


def test_simulate_without_windows_or_with_share_zero_is_unchanged():
    h = fc.treaty_history("uncac")
    calib = fc.calibrate(bt.calibration_set("uncac", SMALL), 365, sibling=True)
    p = fc.problem_from_history(h, 365, calib.universe)
    base = fc.simulate(p, calib, n_paths=3000, seed=5)["threshold_days"]
    zero = fc.simulate(p, calib, n_paths=3000, seed=5,
                       clustering=fc.event_windows(h.opened, 6500, 0.0))["threshold_days"]
    assert np.array_equal(base, zero)


def test_reproducible_with_seed(on):
    again = fc.forecast(AS_OF, n_paths=N, seed=3, clustering=True)
    assert fc.same_paths(on, again) and on.quantiles.equals(again.quantiles)
    other = fc.forecast(AS_OF, n_paths=N, seed=4, clustering=True)
    assert not fc.same_paths(on, other)


# --- backtest ---------------------------------------------------------------------------


def test_backtest_with_clustering():
    kw = {"origins": {0: 0, 12: 365}, "n_paths": 600}
    plain = bt.backtest(SMALL, **kw)
    clus = bt.backtest(SMALL, clustering=True, **kw)
    assert list(clus.columns) == list(plain.columns)
    shares = clus.attrs["clustering_share"]
    assert {k.split("@")[0] for k in shares} == set(SMALL)
    assert all(0.0 <= s <= 1.0 for s in shares.values())
    for key, s in shares.items():
        t = key.split("@")[0]
        assert s == fc.clustering_share(bt.calibration_set(t, SMALL)).share
    # the baselines do not change; the model does
    for model in ("reference_class", "progress_matched", "linear"):
        a, b = plain[plain["model"] == model], clus[clus["model"] == model]
        pd.testing.assert_frame_equal(a, b)
    assert "clustering_share" not in plain.attrs
    assert bt.backtest(SMALL, clustering=False, **kw).equals(plain)
