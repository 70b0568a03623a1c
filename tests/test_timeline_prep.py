"""The computation behind notebook 02's figures and printed summaries (fast: small forecasts).

``analysis.timeline`` (curves), ``analysis.forecast`` (band, the Convention's curves, backtest
rows), ``analysis.scenarios`` (what-ifs) and the assembly in ``analysis.timeline_plots``. The
regression tests rebuild what the notebook used to compute inline and compare.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis import forecast, scenarios, status, timeline, timeline_plots, treaties

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-29"
MAX_DAY = 5 * 365 + 1
NOTEBOOK = ROOT / "notebooks" / "02_entry_into_force.ipynb"


@pytest.fixture(scope="module")
def base() -> forecast.Forecast:
    return forecast.forecast(AS_OF, n_paths=2_000, seed=5)


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return status.events()


def _json(fig) -> str:
    return json.dumps(fig.to_plotly_json(), default=str, sort_keys=True)


def _bt_table() -> pd.DataFrame:
    rows = []
    for scope, lin_n in (("overall", 40), ("overall_linear_cases", 20)):
        for model, err, cover in (("model", 100.0, 0.64), ("reference_class", 300.0, 0.5),
                                  ("linear", 900.0, np.nan)):
            rows.append({"scope": scope, "treaty_id": "", "origin_months": np.nan,
                         "model": model, "n": 40 if model != "linear" else lin_n,
                         "abs_error": err + (0 if scope == "overall" else -50),
                         "cover_50": cover, "cover_80": 0.8 if cover == cover else np.nan,
                         "cover_95": 0.9 if cover == cover else np.nan})
    for treaty, months, c95 in (("crc", 0.0, 0.0), ("crc", 6.0, 1.0), ("icmw", 12.0, 0.0)):
        for model in ("model", "reference_class"):
            rows.append({"scope": "case", "treaty_id": treaty, "origin_months": months,
                         "model": model, "n": 1, "truth_day": 300.0, "median_day": 700.0,
                         "abs_error": 400.0, "cover_95": c95 if model == "model" else 0.0})
    return pd.DataFrame(rows)


# --- curves (analysis.timeline) -----------------------------------------------------------

def test_curve_computation_lives_in_timeline_and_is_re_exported() -> None:
    assert timeline_plots.cumulative_counts is timeline.cumulative_counts
    assert timeline_plots.with_plot_dates is timeline.with_plot_dates
    assert {"cumulative_counts", "reference_curves", "with_plot_dates"} <= set(timeline.__all__)


def test_reference_curves_use_each_treaty_s_own_rule_and_opening() -> None:
    refs = timeline.reference_curves({"UNTOC": "untoc", "UNCAC": "uncac"}, max_day=MAX_DAY)
    assert refs.attrs["thresholds"] == {"UNTOC": (40, 931), "UNCAC": (30, 646)}
    assert list(dict.fromkeys(refs["treaty"])) == ["UNTOC", "UNCAC"]
    assert refs["day"].max() <= MAX_DAY
    m = treaties.milestones().set_index("treaty_id", drop=False)
    one = timeline.cumulative_counts(
        treaties.events("uncac"), m.loc["uncac", "opened_for_signature_date"], "UNCAC",
        rule=timeline.rule_from_milestone(m.loc["uncac"], m), max_day=MAX_DAY)
    got = refs[refs["treaty"] == "UNCAC"].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, one)


def test_reference_curves_without_a_cut_reach_past_five_years() -> None:
    full = timeline.reference_curves({"UNTOC": "untoc"})
    assert full["day"].max() > MAX_DAY


# --- the forecast as frames (analysis.forecast) -------------------------------------------

def test_opened_date_is_the_milestone_row() -> None:
    m = treaties.milestones().set_index("treaty_id")
    assert forecast.opened_date() == pd.Timestamp("2025-10-25")
    assert forecast.opened_date("untoc") == m.loc["untoc", "opened_for_signature_date"]


def test_instrument_band_is_by_date_in_days_since_opening(base: forecast.Forecast) -> None:
    band = forecast.instrument_band(base)
    bd = base.by_date
    assert len(band) == len(bd)
    assert (band["day"] == (bd["date"] - forecast.opened_date()).dt.days).all()
    assert band["low"].tolist() == bd["instruments_p10"].tolist()
    assert band["high"].tolist() == bd["instruments_p90"].tolist()
    assert band["mean"].tolist() == bd["instruments_mean"].tolist()
    assert band["day"].is_monotonic_increasing and (band["low"] <= band["high"]).all()


def test_convention_curves_as_the_forecast_sees_them(base: forecast.Forecast,
                                                     events: pd.DataFrame) -> None:
    c = forecast.convention_curves(base, events, label="C")
    opened = forecast.opened_date()
    expected = timeline.cumulative_counts(
        timeline.with_plot_dates(forecast.counted_events(base, events)), opened, "C",
        threshold=base.threshold)
    if not (expected["series"] == "instruments").any():   # no deposit yet: drawn at 0
        zero = c[c["series"] == "instruments"]
        assert zero[["day", "count"]].values.tolist() == [[0, 0]]
        c = c[c["series"] != "instruments"].reset_index(drop=True)
    pd.testing.assert_frame_equal(c, expected)
    assert c.attrs["treaty"] == "C" and c.attrs["threshold"] == base.threshold == 40
    ends = c.attrs["end_days"]
    assert ends["instruments"] == (base.info_date - opened).days
    assert ends["signatures"] == (pd.Timestamp(base.attrs["signatures_known_to"]) - opened).days
    c = forecast.convention_curves(base, events, label="C")
    inst = c[c["series"] == "instruments"]
    # the deposits the forecast counts (reported domestic ratifications are pending)
    assert (inst["count"].max() if len(inst) else 0) == base.known_instruments
    assert inst["day"].max() <= ends["instruments"]


def test_same_paths(base: forecast.Forecast) -> None:
    assert forecast.same_paths(base, base)
    other = forecast.forecast(AS_OF, n_paths=2_000, seed=6)
    assert not forecast.same_paths(base, other)


def test_backtest_scope_and_misses() -> None:
    t = _bt_table()
    overall = forecast.backtest_scope(t)
    assert list(overall.index) == ["model", "reference_class", "linear"]
    assert overall.loc["model", "abs_error"] == 100
    assert forecast.backtest_scope(t, "overall_linear_cases").loc["linear", "n"] == 20
    with pytest.raises(ValueError, match="scope"):
        forecast.backtest_scope(t, "origin")
    misses = forecast.backtest_misses(t)
    assert misses[["treaty_id", "origin_months"]].values.tolist() == [["crc", 0], ["icmw", 12]]
    assert forecast.backtest_misses(t, model="reference_class").shape[0] == 3


# --- what-ifs (analysis.scenarios) --------------------------------------------------------

def test_eu_member_states_and_who_signed() -> None:
    ev = pd.DataFrame({"iso3": ["FRA", "DEU", "CHL"],
                       "action": ["signature", "ratification", "signature"]})
    eu = scenarios.eu_member_states(ev)
    assert len(eu) == 27 and eu["iso3"].is_monotonic_increasing and "GBR" not in set(eu["iso3"])
    assert set(eu.loc[eu["signed"], "iso3"]) == {"FRA"}  # a ratification is not a signature


def test_what_if_scenarios_match_the_forecasts_they_stand_for(base: forecast.Forecast) -> None:
    what_if = [["BRA", "2027-06-30"], ["ZAF", "2027-09-30"]]
    s = scenarios.what_if_scenarios(AS_OF, eu_date="2027-12-31", what_if=what_if,
                                    what_if_label="two", n_paths=2_000, seed=5, base=base)
    members = scenarios.eu_member_states()["iso3"].tolist()
    eu_label = "EU and its 27 member States on 2027-12-31"
    assert list(s) == ["baseline", scenarios.EU_ALONE, eu_label, "two", scenarios.NOT_REPORTED,
                       scenarios.DOMESTIC_DEPOSITED]
    assert s["baseline"] is base
    run = dict(n_paths=2_000, seed=5)
    expected = {
        scenarios.EU_ALONE: forecast.forecast(AS_OF, **run,
                                              extra_instruments=[("EUU", "2027-12-31")]),
        eu_label: forecast.forecast(AS_OF, **run, extra_instruments=[("EUU", "2027-12-31")]
                                    + [(m, "2027-12-31") for m in members]),
        "two": forecast.forecast(AS_OF, **run, extra_instruments=[("BRA", "2027-06-30"),
                                                                   ("ZAF", "2027-09-30")]),
        scenarios.NOT_REPORTED: forecast.forecast(AS_OF, **run, domestic="waiting"),
        scenarios.DOMESTIC_DEPOSITED: forecast.forecast(AS_OF, **run, domestic="deposited"),
    }
    for name, f in expected.items():
        assert forecast.same_paths(s[name], f), name
        assert s[name].notes == f.notes, name
    assert forecast.same_paths(s[scenarios.EU_ALONE], base)  # art. 65(1)


def test_what_if_scenarios_forward_keywords_and_check_the_base(
        base: forecast.Forecast) -> None:
    s = scenarios.what_if_scenarios(AS_OF, eu_date="2027-12-31", n_paths=500, seed=1,
                                    horizon_years=10)
    assert all(f.attrs["horizon_years"] == 10 for f in s.values())
    assert forecast.same_paths(s["what-if"], s["baseline"])  # no deposits listed
    with pytest.raises(ValueError, match="n_paths"):
        scenarios.what_if_scenarios(AS_OF, eu_date="2027-12-31", n_paths=500, seed=5,
                                    base=base)
    with pytest.raises(ValueError, match="already"):
        scenarios.what_if_scenarios(AS_OF, eu_date="2027-12-31", what_if_label="baseline",
                                    n_paths=2_000, seed=5, base=base)


def test_scenario_medians_and_notes_against_the_first_scenario() -> None:
    base = SimpleNamespace(median=pd.Timestamp("2028-04-28"),
                           notes=("data partial", "calibrated on 23 (ess 100)"))
    later = SimpleNamespace(median=pd.Timestamp("2028-05-08"),
                            notes=("data partial", "calibrated on 23 (ess 90)", "what-if X"))
    never = SimpleNamespace(median=pd.NaT, notes=("group B is 150 states", "no consents"))
    fs = {"baseline": base, "later": later, "never": never}
    medians = scenarios.scenario_medians(fs)
    assert medians["scenario"].tolist() == ["baseline", "later", "never"]
    assert medians["shift_days"].dtype == "Int64"
    assert medians["shift_days"].tolist()[:2] == [0, 10] and pd.isna(medians["shift_days"][2])
    notes = scenarios.scenario_notes(fs)
    assert notes.values.tolist() == [["later", "what-if X"], ["never", "no consents"]]
    assert list(scenarios.scenario_notes({"baseline": base}).columns) == ["scenario", "note"]


# --- assembly and text (analysis.timeline_plots) ------------------------------------------

def test_siblings_figure_equals_the_notebook_s_former_inline_figure(
        base: forecast.Forecast, events: pd.DataFrame) -> None:
    refs = timeline.reference_curves({"UNTOC": "untoc", "UNCAC": "uncac"}, max_day=MAX_DAY)
    conv = forecast.convention_curves(base, events)
    fig = timeline_plots.siblings_figure(refs, conv, forecast.instrument_band(base),
                                         max_day=MAX_DAY, title="T")
    # what the notebook computed inline before
    opened = forecast.opened_date()
    band = pd.DataFrame({"day": (base.by_date["date"] - opened).dt.days,
                         "low": base.by_date["instruments_p10"],
                         "high": base.by_date["instruments_p90"],
                         "mean": base.by_date["instruments_mean"]})
    signatures_to = pd.Timestamp(base.attrs["signatures_known_to"])
    old = timeline_plots.cumulative_figure(
        pd.concat([refs, conv], ignore_index=True), base.threshold,
        other_thresholds={"UNCAC": 30},
        end_days={"UNTOC": MAX_DAY, "UNCAC": MAX_DAY,
                  "Cybercrime Convention": {"instruments": (base.info_date - opened).days,
                                            "signatures": (signatures_to - opened).days}},
        band=band, band_color="rgba(0, 0, 0, 0.10)", band_line_color="#000000",
        max_day=MAX_DAY, colors={"Cybercrime Convention": "#000000"}, title="T")
    assert _json(fig) == _json(old)
    names = [t.name for t in fig.data]
    assert "Cybercrime Convention instruments" in names and "UNTOC signatures" in names
    hlines = [s.y0 for s in fig.layout.shapes]
    assert sorted(hlines) == [30, 40]  # UNTOC's 40 is the Convention's: drawn once


def test_forecast_text(base: forecast.Forecast) -> None:
    text = timeline_plots.forecast_text(base, ["2027-12-31", "2030-12-31"])
    lines = text.splitlines()
    assert lines[0] == (f"forecast made 2026-11-29; information date {base.info_date.date()}; "
                        f"{base.known_instruments} counting instruments known; "
                        f"{40 - base.known_instruments} missing; 2,000 paths, seed 5")
    assert lines[1] == f"median entry into force: {base.median.date()}"
    assert [ln.split(" interval")[0].strip() for ln in lines[2:5]] == ["50%", "80%", "95%"]
    assert lines[5] == f"  P(in force by 2027-12-31) = {base.p_in_force_by('2027-12-31'):.1%}"
    assert lines[7].startswith("  P(not in force within") and lines[8:10] == ["", "notes:"]
    assert lines[10:] == [f" - {n}" for n in base.notes]


def test_scenario_text_handles_a_median_beyond_the_horizon() -> None:
    medians = pd.DataFrame({"scenario": ["baseline", "never"],
                            "median": [pd.Timestamp("2028-04-28"), pd.NaT],
                            "shift_days": pd.array([0, pd.NA], dtype="Int64")})
    notes = pd.DataFrame({"scenario": ["never", "never"], "note": ["a", "b"]})
    assert timeline_plots.scenario_text(medians, notes).splitlines() == [
        "baseline: median 2028-04-28 (+0 days against the baseline)",
        "[never] a", "[never] b",
        "never: median beyond the horizon (unknown days against the baseline)",
    ]


def test_backtest_text() -> None:
    assert timeline_plots.backtest_text(_bt_table()).splitlines() == [
        "40 cases (2 treaties x 3 origins, origins after the threshold skipped)",
        "absolute error of the forecast median, mean over cases:",
        "  all cases: model 100 days, reference class 300 days",
        "  the 20 cases with a linear forecast: model 50, reference class 250, linear 850 days",
        "model interval coverage: 50 %: 64%, 80 %: 80%, 95 %: 90%",
        "outside the model's 95 % interval: crc at 0 months, icmw at 12 months",
    ]


def test_notebook_calls_the_functions_instead_of_computing_inline() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    source = "\n".join(code)
    for call in ("timeline.reference_curves(", "forecast.convention_curves(",
                 "forecast.instrument_band(", "tp.siblings_figure(",
                 "what_ifs.what_if_scenarios(", "tp.backtest_text("):
        assert call in source, call
    assert "def " not in source and "pd.DataFrame(" not in source
    # the checks cells (one per kind of treaty: curated-only, reference-only) come last
    checks = [c for c in code if c.startswith("# The build fails")]
    assert checks and code[-len(checks):] == checks
    story = [c for c in code[1:-len(checks)] if "offline.setup()" not in c]
    assert max(len(c.splitlines()) for c in story) <= 13, [len(c.splitlines()) for c in story]
    assert all("assert" in c for c in checks)
