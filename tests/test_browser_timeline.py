"""The entry-into-force report in headless Debian Chromium: every line, band and marker drawn.

``test_browser.py`` already opens every report (no request, no console error, figures laid
out); the figures of ``02_entry_into_force`` are line charts, which its shape/marker/bar counts
do not see. This opens the page once more, offline, and counts the drawn scatter traces and
their line paths, and the shaded interval rectangles of the fan chart.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser.build import ROOT, build_reports, cached
from browser.chromium import CHROMIUM, FLAGS, LOCAL_SCHEMES, chromium_missing, inspect_page

SCREENSHOTS = ROOT / "reports" / "screenshots"
STEM = "02_entry_into_force"

if chromium_missing():
    pytest.skip(chromium_missing(), allow_module_level=True)

# Per figure: scatter traces in the data, drawn scatter trace groups, drawn line paths with
# a non-empty outline, drawn markers, and the layout rectangles (fan chart intervals).
LINES_JS = """
() => Array.from(document.querySelectorAll(".js-plotly-plot")).map((gd) => {
  const traces = (gd.data || []).filter((t) => t.type === "scatter");
  const lines = Array.from(gd.querySelectorAll(".scatterlayer .trace path.js-line"))
    .filter((p) => (p.getAttribute("d") || "").length > 10);
  const fills = Array.from(gd.querySelectorAll(".scatterlayer .trace path.js-fill"))
    .filter((p) => (p.getAttribute("d") || "").length > 10);
  return {
    // titles are HTML headings above the figure (analysis.plots.figure_block)
    title: ((gd.closest(".analysis-chart") || gd).querySelector(".analysis-chart-title")
            || {}).textContent || "",
    scatterTraces: traces.length,
    drawnTraces: gd.querySelectorAll(".scatterlayer .trace.scatter").length,
    lineTraces: traces.filter((t) => (t.mode || "").includes("lines")
      && !(t.line && t.line.width === 0)).length,
    lines: lines.length,
    fills: fills.length,
    markers: gd.querySelectorAll(".scatterlayer .points path.point").length,
    rects: gd.querySelectorAll(".shapelayer path, .layer-below .shapelayer path").length,
    legend: gd.querySelectorAll(".legend .traces").length,
  };
})
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, result = cached(tmp_path_factory, "reports", build_reports)
    assert result["exit_code"] == 0, "make report's build failed"
    return folder


def _figures(path: Path) -> tuple[list[dict], list[str], list[str]]:
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS[1:])
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900},
                                          offline=True, service_workers="block")

            def route(r) -> None:
                if r.request.url.startswith(LOCAL_SCHEMES):
                    r.continue_()
                else:
                    blocked.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(path.resolve().as_uri(), wait_until="load")
            page.wait_for_function(
                "() => document.querySelectorAll('.plotly-graph-div').length > 0 && "
                "Array.from(document.querySelectorAll('.plotly-graph-div'))"
                ".every((gd) => gd._fullLayout)", timeout=30_000)
            page.wait_for_timeout(300)
            figures = page.evaluate(LINES_JS)
        finally:
            browser.close()
    return figures, blocked, errors


def test_entry_into_force_report_draws_every_line_offline(built: Path) -> None:
    path = built / f"{STEM}.html"
    report = inspect_page(path, SCREENSHOTS)
    assert report.blocked == [] and report.requests == [report.url], report.requests
    assert report.console_errors == [] and report.page_errors == []
    assert report.drawn and report.dialogs == []
    assert report.inert["plotlyScripts"] == 1 and report.inert["injectedScripts"] == 0

    figures, blocked, errors = _figures(path)
    assert blocked == [] and errors == [], (blocked, errors)
    titles = [f["title"] for f in figures]
    assert len(figures) == 4, titles
    for fig in figures:
        assert fig["scatterTraces"] > 0 and fig["drawnTraces"] == fig["scatterTraces"], fig
        assert fig["lines"] >= fig["lineTraces"] > 0, fig
        assert fig["legend"] > 0, fig
    curves, fan, probability, coverage = figures
    assert "days to reach 40 instruments" in curves["title"]  # a finding, computed
    assert curves["fills"] == 1  # the forecast band
    assert fan["fills"] == 1 and fan["rects"] >= 3  # band; 95/80/50 % intervals
    assert fan["markers"] >= 1  # the instruments already known
    from analysis import scenarios as what_ifs
    # one line per scenario: the fixed ones and the parameters' what-if list
    fixed = {what_ifs.BASELINE, what_ifs.EU_ALONE, what_ifs.NOT_REPORTED,
             what_ifs.DOMESTIC_DEPOSITED}
    assert probability["lines"] == probability["scatterTraces"] >= len(fixed) + 1
    assert coverage["markers"] == 9  # three methods with intervals x three levels
