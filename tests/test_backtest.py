"""analysis.backtest: leave-one-treaty-out replay of the forecast."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import backtest as bt
from analysis import forecast as fc

SMALL = ("untoc", "uncac", "fctc", "ccm", "bombings")


@pytest.fixture(scope="module")
def table():
    return bt.backtest(SMALL, origins={0: 0, 12: 365}, n_paths=600)


def test_table_shape_and_columns(table):
    assert list(table.columns) == [
        "scope", "treaty_id", "origin_months", "origin_day", "model", "n", "truth_day",
        "median_day", "abs_error", "cover_50", "cover_80", "cover_95", "crps", "p_never"]
    cases = table[table["scope"] == "case"]
    # 5 treaties x 2 origins x 4 models; no origin reaches the threshold here
    assert len(cases) == 5 * 2 * 4
    assert set(cases["model"]) == set(bt.MODELS)
    assert set(table["scope"]) == {"case", "origin", "overall", "overall_linear_cases"}
    overall = table[table["scope"] == "overall"].set_index("model")
    assert overall.loc["model", "n"] == 10 and overall.loc["linear", "n"] <= 5
    model = cases[cases["model"] == "model"]
    assert model[["cover_50", "cover_80", "cover_95"]].isin([0.0, 1.0]).all().all()
    assert (model["cover_50"] <= model["cover_80"]).all()
    assert (model["cover_80"] <= model["cover_95"]).all()
    assert (model["crps"] >= 0).all() and (model["abs_error"] >= 0).all()
    assert table.attrs["n_paths"] == 600


def test_origins_after_the_threshold_are_skipped():
    t = bt.backtest(("crc", "untoc", "uncac"), test_ids=["crc"], origins={0: 0, 12: 365},
                    n_paths=200)
    # CRC reached its threshold on day 189: only the opening origin remains
    assert set(t.loc[t["scope"] == "case", "origin_months"]) == {0}


def test_leave_one_out_never_sees_the_test_treaty(monkeypatch):
    real_calibrate = fc.calibrate.__wrapped__
    calibrated: list[tuple[str, ...]] = []
    touched: list[str] = []

    def spy_calibrate(ids, origin=0, sibling=True, **kwargs):
        calibrated.append(tuple(ids))
        return real_calibrate(tuple(ids), origin, sibling, **kwargs)

    def spy(name):
        from analysis.model import calibration as cal

        real = getattr(cal, name)

        def wrapper(first, *args):
            touched.extend([first] if isinstance(first, str) else list(first))
            return real(first, *args)
        return wrapper

    monkeypatch.setattr(fc, "calibrate", spy_calibrate)
    from analysis.model import calibration as cal

    for name in ("_fit_a", "_fit_b", "_scores", "_universe"):
        monkeypatch.setattr(cal, name, spy(name))
    for test_id in ("untoc", "uncac"):
        calibrated.clear()
        touched.clear()
        t = bt.backtest(SMALL, test_ids=[test_id], origins={0: 0, 12: 365}, n_paths=100)
        assert set(t.loc[t["scope"] == "case", "treaty_id"]) == {test_id}
        assert calibrated and touched
        # neither the fits, nor the pace spread, nor the country propensities (scores),
        # nor the pool of states come from the treaty under test
        assert all(test_id not in ids for ids in calibrated)
        assert test_id not in touched
        assert set(touched) == set(SMALL) - {test_id}


def test_calibration_set_excludes_only_the_test_treaty():
    for t in fc.CALIBRATION_TREATIES:
        ids = bt.calibration_set(t)
        assert t not in ids and len(ids) == len(fc.CALIBRATION_TREATIES) - 1


def test_crps_matches_the_definition():
    rng = np.random.default_rng(0)
    x = rng.normal(size=400)
    direct = np.mean(np.abs(x - 0.3)) - 0.5 * np.mean(np.abs(x[:, None] - x[None, :]))
    assert bt.crps_samples(x, 0.3) == pytest.approx(direct)
    assert bt.crps_samples(np.array([5.0, 5.0]), 5.0) == 0.0


def test_summary_rows(table):
    s = bt.summary(table)
    assert "case" not in set(s["scope"])
    assert set(s["model"]) == set(bt.MODELS)


# --- the real-time backtest ------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_time():
    return bt.backtest(fc.CALIBRATION_TREATIES, origins={0: 0, 12: 365}, n_paths=500,
                       real_time=True, test_ids=("untoc", "uncac", "rome", "fctc", "crc",
                                                 "untoc_tip", "ccm"))


def test_real_time_folds_see_only_the_past(real_time):
    folds = real_time.attrs["calibration"]
    assert folds and real_time.attrs["real_time"] is True
    for key, ids in folds.items():
        test_id, months = key.split("@")
        h = fc.treaty_history(test_id)
        when = h.opened + pd.Timedelta(days=bt.ORIGINS[int(months)])
        assert len(ids) >= fc.MIN_CALIBRATION and test_id not in ids
        for t in ids:
            assert fc.treaty_history(t).threshold_date < when
    # siblings of one conference never train each other
    assert not {"untoc", "untoc_som", "untoc_firearms"} & set(folds["untoc_tip@12"])
    # CRC (1990) has no earlier treaty with a table: its folds are skipped, and said so
    assert "crc@0" in real_time.attrs["skipped"]
    cases = real_time[real_time["scope"] == "case"]
    assert "crc" not in set(cases["treaty_id"])


def test_real_time_calibration_is_cut(monkeypatch):
    seen = []
    real = fc.calibrate.__wrapped__

    def spy(ids, origin=0, sibling=True, cut=None, exclude=(), stall=True):
        seen.append((tuple(ids), cut, tuple(exclude)))
        return real(tuple(ids), origin, sibling, cut, exclude, stall)

    monkeypatch.setattr(fc, "calibrate", spy)
    bt.backtest(fc.CALIBRATION_TREATIES, test_ids=["untoc_tip"], origins={12: 365},
                n_paths=100, real_time=True)
    (ids, cut, exclude), = seen
    assert cut == "2001-12-12"
    assert set(exclude) == {"untoc", "untoc_tip", "untoc_som", "untoc_firearms"}


def test_progress_matched_baseline():
    h = fc.treaty_history("uncac")
    s = bt.progress_matched(h, 365, ["untoc", "fctc", "ccm"])
    assert len(s) == 3 and (s > 365).all()
    # a reference treaty that reached the same share later contributes its remaining time
    untoc = fc.treaty_history("untoc")
    share = bt._count_at(h, 365) / h.rule["threshold"]
    k = int(np.ceil(share * untoc.rule["threshold"]))
    assert 365 + untoc.threshold_day - bt._first_day_with(untoc, k) in set(s)


def test_score_summary_bootstrap(real_time):
    s = bt.score_summary(real_time, n_boot=300)
    assert set(s["model"]) == set(bt.MODELS)
    rows = s.dropna(subset=["lower"])
    assert (rows["lower"] <= rows["value"] + 1e-9).all()
    assert (rows["value"] <= rows["upper"] + 1e-9).all()
    t = s.set_index(["model", "metric"])
    cases = real_time[(real_time["scope"] == "case") & (real_time["model"] == "model")]
    assert t.loc[("model", "cases"), "value"] == len(cases)
    assert t.loc[("model", "crps"), "value"] == pytest.approx(cases["crps"].mean())
    pm = real_time[(real_time["scope"] == "case") & (real_time["model"] == "progress_matched")]
    assert t.loc[("model", "crps_ratio_vs_progress_matched"), "value"] == pytest.approx(
        cases["crps"].sum() / pm["crps"].sum())
    # the naive linear baseline has no intervals
    assert ("linear", "cover_80") not in t.index


def test_stored_summary_matches_the_notes():
    from analysis.datafiles import data_path, read_table

    stored = read_table(data_path("derived", "forecast", "backtest_summary.csv"))
    note = fc.backtest_note()
    row = stored[(stored["model"] == "model") & (stored["metric"] == "crps")]
    assert f"CRPS {float(row['value'].iloc[0]):.0f} days" in note


def test_treaty_keyword_replays_one_treaty():
    t = bt.backtest(treaty="uncac", origins={12: 365}, n_paths=200, real_time=True)
    assert set(t.loc[t["scope"] == "case", "treaty_id"]) == {"uncac"}
    with pytest.raises(ValueError, match="no complete history"):
        bt.backtest(treaty="hanoi", n_paths=100)
