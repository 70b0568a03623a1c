"""Open every report in headless Debian Chromium with all non-file requests blocked.

For each page: no request other than the file itself, no console or page error, every map
shape, small-state marker and bar drawn, and the crafted ``<script>`` payload shown as text and
never run. Screenshots go to ``reports/screenshots/``. Skipped only when Chromium is not
installed (CI installs it: see ``.ci/run``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser.build import DEMO, ROOT, build_plain, build_reports, cached
from browser.chromium import (
    CHROMIUM,
    CRAFTED_IMG,
    CRAFTED_SCRIPT,
    DRAWN_CODES_JS,
    HEADLINE_JS,
    inspect_page,
)

from analysis import report

SCREENSHOTS = ROOT / "reports" / "screenshots"

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (CI runs apt-get install chromium)",
                allow_module_level=True)
try:
    import playwright.sync_api  # noqa: F401
except ImportError as exc:  # an environment error, not a reason to skip
    raise ImportError("the browser tests need the Python package playwright "
                      "(it drives Debian's /usr/bin/chromium)") from exc


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, result = cached(tmp_path_factory, "reports", build_reports)
    assert result["exit_code"] == 0, "make report's build failed"
    return folder


def _check_figures(page) -> None:
    assert page.figures, "no figure found"
    for fig in page.figures:
        assert fig["ready"], fig
        assert fig["shapes"] == fig["expectedShapes"], fig
        assert fig["points"] == fig["expectedPoints"], fig
        assert fig["bars"] == fig["expectedBars"], fig
        assert fig["modebarCloud"] == 0 and fig["logo"] == 0, fig


def _check_inert(page) -> None:
    assert page.dialogs == [], page.dialogs
    assert page.inert["dialogs"] == [] and page.inert["dialogsAfterHover"] == []
    assert page.inert["injectedImages"] == 0 and page.inert["injectedScripts"] == 0


@pytest.mark.parametrize("stem", [p.stem for p in report.notebooks()] + ["index"])
def test_report_renders_offline_with_zero_requests(built: Path, stem: str) -> None:
    page = inspect_page(built / f"{stem}.html", SCREENSHOTS)
    assert page.blocked == [], f"requests attempted: {page.blocked}"
    assert page.requests == [page.url], page.requests
    assert page.console_errors == [], page.console_errors
    assert page.page_errors == [], page.page_errors
    _check_inert(page)
    assert page.screenshots and all(p.stat().st_size > 5_000 for p in page.screenshots)
    if stem == "index":
        return
    assert page.drawn, page.figures
    _check_figures(page)
    assert page.inert["plotlyScripts"] == 1


def test_demo_report_draws_every_shape_and_marker_and_keeps_the_payload_inert(
        built: Path) -> None:
    page = inspect_page(built / f"{DEMO.stem}.html")
    world, region, bars = page.figures
    # 9 countries with a shape in plotly's world_50m; Monaco, San Marino, the Holy See and
    # Tuvalu as markers; the European Union is neither.
    assert (world["shapes"], world["points"], world["fitbounds"]) == (9, 4, False)
    # The region: France, Germany, Italy, Monaco + members without data; 4 markers.
    assert (region["shapes"], region["points"], region["fitbounds"]) == (10, 4, "locations")
    assert bars["bars"] == 3
    # The payload shows as text: in the table, in the hover label and in the title.
    assert page.inert["tableCellsWithPayload"] == 1 and page.inert["textHasPayload"]
    assert page.hover and CRAFTED_SCRIPT in page.hover[0]["text"], page.hover
    assert CRAFTED_IMG in page.hover[0]["text"]
    assert CRAFTED_SCRIPT in world["title"] and "<b>not</b>" in world["title"]
    _check_inert(page)


PARTICIPATION = ROOT / "notebooks" / "01_participation.ipynb"


def _notebook_as_of(notebook: Path) -> str | None:
    """The ``as_of`` default of a notebook's ``parameters`` cell (papermill's override: none)."""
    import ast

    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "as_of":
            return ast.literal_eval(node.value)
    raise AssertionError("no as_of parameter")


@pytest.mark.skipif(not PARTICIPATION.exists(), reason="no participation notebook")
def test_participation_report_headline_is_counts_and_map_draws_every_state(
        built: Path) -> None:
    from analysis import regions, status

    page = inspect_page(built / f"{PARTICIPATION.stem}.html",
                        evaluate={"headline": HEADLINE_JS, "codes": DRAWN_CODES_JS})
    assert page.blocked == [] and page.requests == [page.url], page.requests
    assert page.console_errors == [] and page.page_errors == []
    _check_inert(page)

    # The headline shows analysis.status.counts() for the notebook's as_of.
    headline = page.extra["headline"]
    as_of = _notebook_as_of(PARTICIPATION)
    assert headline is not None and headline["asOf"] == (as_of or "")
    expected = status.counts(as_of).to_frame().set_index("metric")["value"]
    shown = headline["metrics"]
    for key in ("signatories", "parties", "qualifying_instruments", "remaining_to_threshold"):
        assert key in shown, (key, shown)
    for key, text in shown.items():
        value = expected[key]  # every metric shown is one of counts()'
        assert text == ("–" if value is None else str(value)), (key, text, value)

    # The world map (the first figure) draws every UN Member State, Palestine and the Holy
    # See (and Kosovo), each as a shape or a marker, plus the EU's own marker.
    world = page.figures[0]
    assert world["geo"] and world["fitbounds"] is False
    assert world["shapes"] == world["expectedShapes"] and world["points"] == world["expectedPoints"]
    codes = page.extra["codes"][0]
    drawn = set(codes["shapes"]) | set(codes["markers"])
    groups = regions.un_groups()
    wanted = set(groups["iso3"]) | {"XKX"}
    assert int(groups["un_member"].sum()) == 193 and {"PSE", "VAT"} <= wanted
    assert wanted - drawn == set(), sorted(wanted - drawn)
    assert "EUU" in codes["markers"]  # the EU's signature, shown as such
    # Small states are markers: the Holy See, San Marino, Monaco, Tuvalu, Nauru, Palau.
    assert {"VAT", "SMR", "MCO", "TUV", "NRU", "PLW"} <= set(codes["markers"])
    # The regional zoom draws only its region's members, fitted to them.
    zooms = [f for f in page.figures if f["fitbounds"] == "locations"]
    assert len(zooms) == 1 and zooms[0]["shapes"] == zooms[0]["expectedShapes"] > 0


def test_plain_nbconvert_page_draws_every_figure_offline(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """``jupyter nbconvert --to html --execute`` with the default template: figures drawn from
    the notebook's own copy of plotly.js and map data. Only nbconvert's own CDN scripts
    (require.js, MathJax) are attempted; nothing from plotly's CDN."""
    _, result = cached(tmp_path_factory, "plain", build_plain)
    page = inspect_page(Path(result["page"]), SCREENSHOTS / "plain")
    assert page.drawn, page.figures
    _check_figures(page)
    _check_inert(page)
    assert page.page_errors == [], page.page_errors
    assert all("cdnjs.cloudflare.com/ajax/libs/" in u and ("require" in u or "mathjax" in u)
               for u in page.blocked), page.blocked
    assert not any("plot.ly" in u for u in page.requests)
    assert len(page.console_errors) == len(page.blocked)  # "Failed to load resource" each
