"""The entry-into-force report: notebook hygiene, figure builders, and the built page.

Fast tests use small forecasts (no kernel). The built-page tests share the session build of
every report with ``test_report.py`` (``tests/browser/build.py``); one rebuilds notebook 02 to
check that the same parameters give the same page.
"""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from browser.build import ROOT, build_reports, cached

from analysis import forecast, offline, report, timeline, timeline_plots, treaties

NOTEBOOK = ROOT / "notebooks" / "02_entry_into_force.ipynb"
CRAFTED = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
AS_OF = "2026-11-29"


@pytest.fixture(scope="module")
def small() -> forecast.Forecast:
    return forecast.forecast(AS_OF, n_paths=4_000, seed=3)


def _figure_json(fig) -> str:
    return json.dumps(fig.to_plotly_json(), default=str)


# --- the notebook -------------------------------------------------------------------------

def test_notebook_is_thin_parameterised_and_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert NOTEBOOK in report.notebooks()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and code[0] is params[0]
    names = set(re.findall(r"^(\w+)\s*(?::[^=]+)?=", params[0].source, flags=re.M))
    assert {"as_of", "n_paths", "seed", "what_if", "eu_date", "backtest_paths"} <= names
    assert "offline.setup()" in code[1].source  # right after the parameters
    source = "\n".join(c.source for c in code)
    assert "from analysis import" in source
    assert "Styler" not in source and ".style" not in source  # tables via plots.table
    assert "today" not in source and "now()" not in source  # the date is a parameter
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    # the prose states the design; every result is printed by code, never typed in
    for claim in ("deposited with the UN Secretary-General", "not deposits", "stall",
                  "not modelled", "progress-matched", "siblings", "nothing from the future"):
        assert claim.lower() in markdown.lower(), claim
    assert not re.search(r"cover(s|ed)? (the truth in )?(about )?\d", markdown)
    assert not re.search(r"CRPS (of |moved by )?\d", markdown)


def test_parameters_are_json_friendly_for_papermill() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    scope: dict = {}
    exec(params.source, scope)  # plain literals only
    values = {k: v for k, v in scope.items() if not k.startswith("__")}
    json.dumps(values)
    assert all(len(pair) == 2 and pd.Timestamp(pair[1]) for pair in values["what_if"])


# --- the builders -------------------------------------------------------------------------

def test_doctests() -> None:
    result = doctest.testmod(timeline_plots, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 5


@pytest.mark.parametrize(("treaty_id", "count", "day"), [("untoc", 40, 931), ("uncac", 30, 646)])
def test_cumulative_counts_reach_the_documented_threshold_day(
        treaty_id: str, count: int, day: int) -> None:
    m = treaties.milestones().set_index("treaty_id", drop=False)
    rule = timeline.rule_from_milestone(m.loc[treaty_id], m)
    c = timeline.cumulative_counts(treaties.events(treaty_id),
                                   m.loc[treaty_id, "opened_for_signature_date"],
                                   treaty_id, rule=rule)
    assert c.attrs["threshold"] == count and c.attrs["threshold_day"] == day
    inst = c[c["series"] == "instruments"]
    assert inst["count"].is_monotonic_increasing and inst["day"].is_unique
    assert inst.loc[inst["day"] <= day, "count"].iloc[-1] >= count
    assert inst.loc[inst["day"] < day, "count"].iloc[-1] < count
    assert int(m.loc[treaty_id, "days_open_to_threshold"]) == day


def test_cumulative_counts_leave_out_the_eu_instrument_and_count_its_signature() -> None:
    ev = pd.DataFrame({
        "participant": ["France", "European Union", "European Union", "Chile"],
        "iso3": ["FRA", "EUU", "EUU", "CHL"],
        "action": ["ratification", "signature", "approval", "signature"],
        "date": pd.to_datetime(["2026-01-10", "2026-01-01", "2026-01-05", "2026-01-01"]),
    })
    c = timeline.cumulative_counts(ev, "2026-01-01", "X", threshold=40)
    assert c.loc[c["series"] == "instruments", ["day", "count"]].values.tolist() == [[9, 1]]
    assert c.loc[c["series"] == "signatures", ["day", "count"]].values.tolist() == [[0, 2]]


def test_plot_dates_follow_the_forecast_for_reported_consents() -> None:
    from analysis import status

    ev = timeline.with_plot_dates(status.events())
    consents = ev[ev["action"] != "signature"].set_index("iso3")
    assert (consents["date"] == consents["date_latest"]).all()
    # a consent known to the day is drawn on that day; any other on its window's last day
    exact = consents["date_precision"].eq("day")
    assert set(consents.loc[exact, "plot_precision"]) <= {"day"}
    assert set(consents.loc[~exact, "plot_precision"]) == {"window"}
    assert ev["date"].notna().all() and not ev["uncertain"].any()


def test_figures_escape_data_text_and_stay_lean(small: forecast.Forecast) -> None:
    curves = pd.DataFrame({"treaty": [CRAFTED] * 2, "series": ["signatures", "instruments"],
                           "day": [0, 10], "count": [5, 1]})
    band = pd.DataFrame({"day": [10, 40], "low": [1, 2], "high": [3, 9], "mean": [2.0, 5.0]})
    figs = [
        timeline_plots.cumulative_figure(curves, 40, other_thresholds={CRAFTED: 30},
                                         band=band, title=CRAFTED),
        timeline_plots.fan_chart(small, title=CRAFTED, known_label=CRAFTED),
        timeline_plots.probability_figure({CRAFTED: small}, title=CRAFTED),
    ]
    for fig in figs:
        text = _figure_json(fig)
        assert "<script" not in text and "<img" not in text
        assert "&lt;script&gt;" in text
        assert len(text) < 60_000  # month-end grid and change points, never the samples
    html = offline.figure_html(figs[1], div_id="x")
    assert len(html) < 60_000


def test_fan_chart_shows_the_intervals_in_order(small: forecast.Forecast) -> None:
    fig = timeline_plots.fan_chart(small)
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) == 3  # 95, 80, 50 %: nested, widest first
    spans = [(pd.Timestamp(r.x0), pd.Timestamp(r.x1)) for r in rects]
    assert spans[0][0] <= spans[1][0] <= spans[2][0] <= spans[2][1] <= spans[1][1] <= spans[0][1]
    names = [t.name for t in fig.data]
    assert any(n and n.startswith("entry into force, median") for n in names)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert any(s.y0 == 40 == s.y1 for s in lines)  # the threshold


def test_probability_figure_dashes_a_scenario_equal_to_the_baseline(
        small: forecast.Forecast) -> None:
    eu = forecast.forecast(AS_OF, n_paths=4_000, seed=3, extra_instruments=[("EUU", "2027-01-01")])
    fig = timeline_plots.probability_figure({"baseline": small, "EU alone": eu})
    assert [t.line.dash for t in fig.data] == ["solid", "dash"]
    assert list(fig.data[0].y) == list(fig.data[1].y)
    five = timeline_plots.probability_figure({str(i): small for i in range(5)})
    dashes = [t.line.dash for t in five.data]
    assert len(set(dashes)) == 5  # tell lines apart without colour (deuteranopia, paper)
    y = np.array(fig.data[0].y)
    assert np.all(np.diff(y) >= 0) and y.max() <= 1


def test_scenario_table_has_one_row_per_scenario(small: forecast.Forecast) -> None:
    t = timeline_plots.scenario_table({"a": small, "b": small}, ["2028-12-31"])
    assert t["scenario"].tolist() == ["a", "b"]
    assert t.loc[0, "median"] == small.median.date().isoformat()
    assert t.loc[0, "P(in force by 2028-12-31)"].endswith("%")


def test_backtest_overview_has_every_method() -> None:
    from analysis.backtest import backtest

    bt = backtest(["untoc", "uncac", "fctc", "ccm"], origins={0: 0, 12: 365}, n_paths=300)
    t = timeline_plots.backtest_overview(bt)
    assert t["method"].tolist() == list(timeline_plots.METHOD_LABELS.values())
    linear = t["method"].eq(timeline_plots.METHOD_LABELS["linear"])
    assert t.loc[linear, "50% interval coverage"].tolist() == ["–"]  # a point forecast
    by_origin = timeline_plots.backtest_overview(bt, "origin")
    assert len(by_origin) == 2 * len(t) and "–" in by_origin[timeline_plots.ERROR_LABEL].tolist()
    # nominal + every method with intervals (all but the linear point forecast)
    assert len(timeline_plots.coverage_figure(bt).data) == 1 + len(t) - 1


# --- the built report ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder, result = cached(tmp_path_factory, "reports", build_reports)
    assert result["exit_code"] == 0, "make report's build failed"
    path = folder / f"{NOTEBOOK.stem}.html"
    return path, path.read_text(encoding="utf-8")


def test_report_is_built_small_and_passes_its_checks(page: tuple[Path, str]) -> None:
    path, text = page
    assert path.stat().st_size < report.MAX_BYTES
    body = text.split("</head>", 1)[1]
    assert "checks passed" in body
    assert "Traceback" not in body
    assert body.count('class="analysis-figure"') == 4
    assert text.count(f"plotly.js v{offline.plotlyjs_version()}") == 1
    assert "median entry into force: 20" in body
    # figures are lean: the page without plotly.js (inert at the end) is far below its size
    plotly = re.compile(r'<script id="analysis-plotlyjs" type="text/plain">.*?</script>', re.S)
    assert len(plotly.findall(body)) == 1 and plotly.search(body).start() > body.index(
        'class="analysis-summary"')
    assert len(plotly.sub("", body).encode()) < 600_000


def test_report_is_reproducible(page: tuple[Path, str], tmp_path: Path) -> None:
    again = report.build_one(NOTEBOOK, tmp_path, build_time="another time")
    assert report.strip_build_time(page[1]) == report.strip_build_time(
        again.read_text(encoding="utf-8"))
