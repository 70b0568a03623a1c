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
    inspect_page,
)
from browser.layout import (
    DESK,
    FIRST_SCREEN_JS,
    MARKER_AT_JS,
    PHONE,
    WATCH_RELAYOUT_JS,
    open_page,
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
    from analysis import notebook_params

    declared = notebook_params.declared(notebook)
    if "as_of" not in declared:
        raise AssertionError("no as_of parameter")
    return declared["as_of"]


@pytest.mark.skipif(not PARTICIPATION.exists(), reason="no participation notebook")
def test_participation_report_map_draws_every_state(built: Path) -> None:
    from analysis import regions

    page = inspect_page(built / f"{PARTICIPATION.stem}.html", evaluate={"codes": DRAWN_CODES_JS})
    assert page.blocked == [] and page.requests == [page.url], page.requests
    assert page.console_errors == [] and page.page_errors == []
    _check_inert(page)
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
    assert {"VAT", "SMR", "MCO", "TUV", "NRU", "PLW"} <= set(codes["markers"])
    zooms = [f for f in page.figures if f["fitbounds"] == "locations"]
    assert len(zooms) == 1 and zooms[0]["shapes"] == zooms[0]["expectedShapes"] > 0


# --- what a reader sees first, on a desk and on a phone --------------------------------------

IMG = ROOT / "docs" / "img"


@pytest.fixture(scope="module")
def expected_band() -> dict[str, str]:
    """The band's numbers from the package for the notebook's as_of (the forecast is the
    report's own: its median must be the same in both reports)."""
    from analysis import summary

    as_of = _notebook_as_of(PARTICIPATION)
    s = summary.from_package(as_of, n_paths=2_000)
    return {"asOf": as_of or "", "deposited": str(s.deposited), "threshold": str(s.threshold),
            "completeTo": summary.human_date(s.complete_to),
            "latestFact": summary.human_date(s.latest_fact)}


@pytest.mark.parametrize("stem", [p.stem for p in report.notebooks()])
def test_first_screen_answers_first_with_no_code(built: Path, stem: str,
                                                expected_band: dict[str, str]) -> None:
    def look(page):
        page.wait_for_timeout(300)
        if stem == PARTICIPATION.stem:
            IMG.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(IMG / "report_desk.png"))
        return page.evaluate(FIRST_SCREEN_JS), page.blocked, page.errors

    seen, blocked, errors = open_page(built / f"{stem}.html", DESK, look)
    assert blocked == [] and errors == [], (blocked, errors)
    assert seen["band"] and seen["codeVisible"] == 0, seen
    for key, value in expected_band.items():
        assert seen[key] == value, (key, seen[key], value)
    assert seen["eif"] and seen["eif"][-4:].isdigit(), seen  # a date, e.g. "28 Apr 2028"
    assert seen["eifInterval"].startswith("80 % interval"), seen
    assert not seen["title"].startswith(("01_", "02_"))


def test_both_reports_and_the_index_give_the_same_estimate(built: Path) -> None:
    from analysis import summary

    bands = {p.name: summary.band_from_page(p.read_text(encoding="utf-8"))
             for p in built.glob("*.html") if p.name != f"{DEMO.stem}.html"}
    assert len(bands) == 3 and None not in bands.values()
    assert len(set(bands.values())) == 1, "the reports disagree"


@pytest.mark.parametrize("stem", [p.stem for p in report.notebooks()] + ["index"])
def test_phone_layout_has_no_sideways_scroll(built: Path, stem: str) -> None:
    def look(page):
        page.wait_for_timeout(300)
        if stem == PARTICIPATION.stem:
            page.screenshot(path=str(IMG / "report_phone.png"))
        seen = page.evaluate(FIRST_SCREEN_JS)
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(200)
        return seen, page.evaluate("() => [document.documentElement.scrollWidth, "
                                   "window.innerWidth, window.scrollX]")

    seen, (scroll_width, width, x) = open_page(built / f"{stem}.html", PHONE, look,
                                               wait_drawn=stem != "index")
    assert scroll_width <= width == PHONE["width"] and x == 0, (scroll_width, width)
    assert seen["cut"] == [], seen["cut"]  # wide tables scroll inside their own box
    assert seen["band"] and seen["deposited"] is not None and seen["codeVisible"] == 0, seen


def test_participant_table_lists_everyone_and_filters_as_you_type(built: Path) -> None:
    from analysis import summary

    as_of = _notebook_as_of(PARTICIPATION)
    people = summary.participants(as_of)

    def use(page):
        rows = "() => Array.from(document.querySelectorAll('.analysis-participants tbody tr'))" \
               ".filter((r) => !r.hidden).map((r) => r.id)"
        every = page.evaluate(rows)
        box = page.locator(".analysis-participants input[type=search]")
        box.scroll_into_view_if_needed()
        box.type("qata")  # as you type: no button to press
        one = page.evaluate(rows)
        count = page.locator(".analysis-participants .pt-count").text_content()
        box.fill("")
        box.dispatch_event("input")
        again = page.evaluate(rows)
        # sort by signature date: the column heading is a button
        page.locator(".analysis-participants thead button", has_text="Signature").click()
        first = page.evaluate(rows)[0]
        with page.expect_download() as info:
            page.locator(".analysis-participants a.analysis-csv").click()
        csv = Path(info.value.path()).read_bytes().decode("utf-8")  # keep the CRLF
        anchor = page.evaluate("() => { location.hash = '#p-QAT'; "
                               "return document.querySelector(':target').id; }")
        return every, one, count, again, first, csv, info.value.suggested_filename, anchor

    every, one, count, again, first, csv, name, anchor = open_page(
        built / f"{PARTICIPATION.stem}.html", DESK, use)
    assert sorted(every) == sorted(f"p-{c}" for c in people["iso3"])
    assert one == ["p-QAT"] and count.startswith(f"1 of {len(people)}")
    assert sorted(again) == sorted(every)
    earliest = people.loc[people["signature"] != "", "iso3"]
    assert first.removeprefix("p-") in set(earliest)
    assert csv == summary.csv_text(people) and name.endswith(".csv")
    assert anchor == "p-QAT"


def test_maps_ignore_the_wheel_and_small_parties_win_the_hover(built: Path) -> None:
    def use(page):
        page.evaluate(WATCH_RELAYOUT_JS)
        world = page.locator(".analysis-figure .js-plotly-plot").first
        world.scroll_into_view_if_needed()
        box = world.bounding_box()
        before = page.evaluate("() => window.scrollY")
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(500)
        after = page.evaluate("() => window.scrollY")
        relayouts = page.evaluate("() => window.__relayouts")
        page.evaluate("() => window.scrollTo(0, 0)")
        world.scroll_into_view_if_needed()
        target = page.evaluate(MARKER_AT_JS, "QAT")
        page.mouse.move(target["x"], target["y"])
        page.wait_for_timeout(400)
        hover = world.locator(".hoverlayer").text_content()
        return before, after, relayouts, target, hover

    before, after, relayouts, target, hover = open_page(
        built / f"{PARTICIPATION.stem}.html", DESK, use)
    assert after > before and relayouts == 0  # the page scrolled; the map did not zoom
    assert target["trace"] == "small parties and reported ratifications"
    assert "Qatar" in hover and "Bahrain" not in hover, hover
    assert "deposit not confirmed" in hover


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
