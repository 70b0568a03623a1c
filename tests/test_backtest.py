"""analysis.backtest: leave-one-treaty-out replay of the forecast."""

from __future__ import annotations

import numpy as np
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
    # 5 treaties x 2 origins x 3 models; no origin reaches the threshold here
    assert len(cases) == 5 * 2 * 3
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

    def spy_calibrate(ids, origin=0, sibling=True):
        calibrated.append(tuple(ids))
        return real_calibrate(tuple(ids), origin, sibling)

    def spy(name):
        real = getattr(fc, name)

        def wrapper(first, *args):
            touched.extend([first] if isinstance(first, str) else list(first))
            return real(first, *args)
        return wrapper

    monkeypatch.setattr(fc, "calibrate", spy_calibrate)
    for name in ("_fit_a", "_fit_b", "_scores", "_universe"):
        monkeypatch.setattr(fc, name, spy(name))
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
