"""Reports: self-contained, offline, plotly.js once, map data pre-seeded, reproducible.

The demo notebook (``tests/notebooks/offline_check.ipynb``) is built once per session (shared by
the xdist workers, see ``tests/browser/build.py``), with ``make report``'s code and with the
plain ``jupyter nbconvert --to html --execute``. Browser checks are in ``test_browser.py``.
"""

from __future__ import annotations

import doctest
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from browser.build import DEMO, build_plain, build_reports, cached

from analysis import offline, plots, report, summary
from analysis import participation_plots as pp

#: Attributes that make a browser load something, per tag.
LOADING_ATTRS = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "embed": ("src",), "object": ("data",), "track": ("src",), "input": ("src",),
}
FIGURE_DIV = 'class="analysis-figure"'


class _Loads(HTMLParser):
    """Collects every URL an HTML page would load by itself, and its script elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[str] = []
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values)
        if tag == "link" and (values.get("rel") or "") in ("", "canonical", "author"):
            return
        for attr in LOADING_ATTRS.get(tag, ()):
            if values.get(attr):
                self.loads.append(f"{tag}[{attr}]={values[attr]}")


def _parse(page: str) -> _Loads:
    parser = _Loads()
    parser.feed(page)
    return parser


def _remote(url: str) -> bool:
    value = url.split("=", 1)[1].strip().lower()
    return not value.startswith(("data:", "#", "index.html")) and (
        "://" in value or value.startswith("//") or "cdn." in value)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, result = cached(tmp_path_factory, "reports", build_reports)
    assert result["exit_code"] == 0, "make report's build failed (see captured output)"
    return folder


@pytest.fixture(scope="session")
def demo_page(built: Path) -> str:
    return (built / f"{DEMO.stem}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def plain_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    _, result = cached(tmp_path_factory, "plain", build_plain)
    return Path(result["page"]).read_text(encoding="utf-8")


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.html"))


# --- the build ----------------------------------------------------------------------------

def test_every_numbered_notebook_has_a_report_and_the_index_links_it(built: Path) -> None:
    stems = [p.stem for p in report.notebooks()]
    assert stems == ["01_participation", "02_entry_into_force"]
    stems.append(DEMO.stem)
    index = (built / "index.html").read_text(encoding="utf-8")
    for stem in stems:
        assert (built / f"{stem}.html").is_file(), stem
        assert f'href="{stem}.html"' in index
    assert "analysis-build-time" in index


def test_reports_are_smaller_than_8_mb(built: Path) -> None:
    for page in _pages(built):
        assert page.stat().st_size < report.MAX_BYTES, f"{page.name}: {page.stat().st_size}"


def test_plotlyjs_is_inlined_exactly_once(built: Path) -> None:
    probe = offline.plotlyjs()[200:1200]  # a piece of the minified code itself
    for page in _pages(built):
        text = page.read_text(encoding="utf-8")
        expected = 0 if page.name == "index.html" else 1
        assert text.count(probe) == expected, page.name
        assert text.count(f"plotly.js v{offline.plotlyjs_version()}") == expected, page.name


def test_no_script_style_or_image_is_loaded_from_the_network(built: Path) -> None:
    for page in _pages(built):
        text = page.read_text(encoding="utf-8")
        parsed = _parse(text)
        assert not [u for u in parsed.loads if _remote(u)], page.name
        assert not any(s.get("src") for s in parsed.scripts), page.name  # every script inline
        assert not any(s.get("type") == "module" for s in parsed.scripts), page.name
        assert '<script src="http' not in text
        styles = re.findall(r"<style[^>]*>(.*?)</style>", text, flags=re.S)
        assert not any(re.search(r"url\(\s*['\"]?(https?:)?//|@import", s) for s in styles)
        # nbconvert's CDN loaders are gone (plotly.js itself names CDNs for tile maps: skip it)
        rest = text.replace(offline.plotlyjs(), "")
        for needle in ("require.min.js", "MathJax.js", "latest.js?config", "mermaid.esm",
                       "html-manager", "cdnjs.cloudflare.com", "cdn.jsdelivr.net"):
            assert needle not in rest, (page.name, needle)


def test_map_data_is_preseeded_before_plotlyjs_runs(demo_page: str) -> None:
    first_figure = demo_page.index(FIGURE_DIV)
    seeds = {name: demo_page.find(f'window.PlotlyGeoAssets.topojson["{name}"] = '
                                  '{"type":"Topology"') for name in offline.MAPS}
    plotly = demo_page.index('id="analysis-plotlyjs" type="text/plain">')
    # plotly.js sits at the end, unparsed, after the figures and after the map data (the
    # demo's maps use world_50m only: the page carries no other map data)
    assert first_figure < seeds["world_50m"] < plotly, seeds
    assert seeds["world_110m"] == -1
    assert demo_page.index("</main>") < plotly
    assert demo_page.count(FIGURE_DIV) == 3  # world map, regional map, bars
    assert offline.BUNDLE_MARKER not in demo_page  # the notebook's own copy was dropped


def test_pages_carry_only_the_map_data_their_figures_use(built: Path) -> None:
    for page in _pages(built):
        if page.name == "index.html":
            continue
        text = page.read_text(encoding="utf-8")
        used = offline.maps_used(text)
        for name in offline.MAPS:
            seeded = f'window.PlotlyGeoAssets.topojson["{name}"] = ' in text
            assert seeded == (name in used), (page.name, name)
    assert offline.maps_used((built / "02_entry_into_force.html").read_text("utf-8")) == []
    assert offline.maps_used((built / "01_participation.html").read_text("utf-8")) == [
        "world_110m"]


def test_numbered_reports_are_under_6_mb(built: Path) -> None:
    for nb in report.notebooks():
        page = built / f"{nb.stem}.html"
        assert page.stat().st_size < 6_000_000, (page.name, page.stat().st_size)


def test_text_and_summary_come_before_plotlyjs_and_code_is_hidden(built: Path) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    for nb in report.notebooks():
        text = (built / f"{nb.stem}.html").read_text(encoding="utf-8")
        band = text.index('class="analysis-summary"')
        assert band < text.index(FIGURE_DIV) < text.index('id="analysis-plotlyjs"')
        body = text.split("</head>", 1)[1]
        assert 'class="jp-InputPrompt' not in body and 'class="jp-OutputPrompt' not in body
        assert 'class="jp-InputArea-editor' not in body  # no code cell input at all
        assert "from analysis import" not in body  # the code itself is not in the page
        assert f'href="../notebooks/{nb.name}"' in text  # the code is one click away
        assert "<title>01_" not in text and "<title>02_" not in text
        # the index shows the same summary band as the reports
        assert summary.band_from_page(text) == summary.band_from_page(index), nb.name


def test_figures_disable_cloud_button_and_logo(demo_page: str) -> None:
    calls = re.findall(r"Plotly\.newPlot\(gd, .*\)", demo_page)
    assert len(calls) == 3
    for call in calls:
        assert '"showSendToCloud":false' in call and '"displaylogo":false' in call
        assert '"scrollZoom":false' in call  # the wheel scrolls the page, not the figure


def test_crafted_text_is_escaped_in_the_page(demo_page: str) -> None:
    body = demo_page.split("</head>", 1)[1]
    # Only the page's own scripts: the figure scripts, nothing that came from data.
    assert "<script>alert(1)</script>" not in body.replace(
        "&lt;script&gt;alert(1)&lt;/script&gt;", "")
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # table cell, code, markdown


def test_build_is_reproducible_except_the_stated_build_time(
        built: Path, tmp_path: Path) -> None:
    again = report.build_one(DEMO, tmp_path, build_time="another time")
    first = (built / again.name).read_text(encoding="utf-8")
    second = again.read_text(encoding="utf-8")
    assert "another time" in second and "another time" not in first
    assert report.strip_build_time(first) == report.strip_build_time(second)


def test_source_date_epoch_fixes_the_build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735000000")
    assert report.build_time_now() == "2024-12-24 00:26 UTC"


def test_preprocessor_drops_bundle_and_volatile_metadata() -> None:
    nb = nbformat.v4.new_notebook(metadata={"papermill": {"start_time": "x"}, "jupytext": {}})
    cell = nbformat.v4.new_code_cell("offline.setup()", metadata={
        "execution": {"iopub.execute_input": "2026-01-01T00:00:00Z"},
        "papermill": {"duration": 1.2, "start_time": "t"}, "tags": ["injected-parameters"]})
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": offline.BUNDLE_MARKER + "x"}),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>kept</p>"}),
        nbformat.v4.new_output("display_data", data={"text/html": "x"},
                               metadata={offline.BUNDLE_METADATA_KEY: {}}),
    ]
    nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_code_cell("assert True", metadata={"tags": ["remove-cell"]}))
    out, _ = report.ReportPreprocessor().preprocess(nb, {})
    assert len(out.cells) == 1  # the cell tagged remove-cell ran, and is left out
    assert "papermill" not in out.metadata and "jupytext" not in out.metadata
    assert dict(out.cells[0].metadata) == {"tags": ["injected-parameters"]}
    assert [o.data["text/html"] for o in out.cells[0].outputs] == ["<p>kept</p>"]
    assert out.cells[0].id == "cell-0"


def test_repository_nbconvert_config_removes_the_cdn_loaders(tmp_path: Path) -> None:
    """jupyter_nbconvert_config.py at the root: nbconvert reads it from the Jupyter config
    path (JUPYTER_CONFIG_PATH=<repo>, or a link in the environment's etc/jupyter)."""
    import os
    import subprocess
    import sys

    from browser.build import ROOT

    notebook = ROOT / "notebooks" / "01_participation.ipynb"
    env = {k: v for k, v in os.environ.items() if k != "JUPYTER_CONFIG_PATH"}
    linked = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_nbconvert_config.py"
    if not (linked.exists() and linked.resolve() == ROOT / "jupyter_nbconvert_config.py"):
        # outside the environment `make` sets up (which links the file there): say where it is
        env["JUPYTER_CONFIG_PATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(notebook),
         "--output-dir", str(tmp_path)], capture_output=True, text=True, timeout=300,
        cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "01_participation.html").read_text(encoding="utf-8")
    parsed = _parse(page)
    assert not [u for u in parsed.loads if _remote(u)]
    assert not any(s.get("src") for s in parsed.scripts)
    assert "analysis.report (nbconvert lab template, offline)" in page
    for needle in ("require.min.js", "MathJax.js", "cdnjs.cloudflare.com", "mermaid.esm"):
        assert needle not in page, needle


# --- the user's habit: plain nbconvert with the default template ---------------------------

def test_plain_nbconvert_keeps_every_figure_and_the_preseed(plain_page: str) -> None:
    assert plain_page.count(FIGURE_DIV) == 3
    first_figure = plain_page.index(FIGURE_DIV)
    assert plain_page.index(f"plotly.js v{offline.plotlyjs_version()}") < first_figure
    assert plain_page.index('window.PlotlyGeoAssets.topojson["world_50m"]') < first_figure
    assert plain_page.count(f"plotly.js v{offline.plotlyjs_version()}") == 1
    assert len(plain_page.encode()) < report.MAX_BYTES
    assert "cdn.plot.ly/plotly" not in plain_page  # no plotly.js from a CDN


# --- helpers (fast, no kernel) --------------------------------------------------------------

@pytest.mark.parametrize("module", [offline, plots, report], ids=lambda m: m.__name__)
def test_doctests(module) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_figure_html_cannot_be_broken_out_of() -> None:
    import plotly.graph_objects as go

    raw = "</script><script>alert(1)</script><!--"  # not escaped by analysis.plots
    fig = go.Figure(go.Bar(x=[raw], y=[1]), layout={"title": {"text": raw}})
    html = offline.figure_html(fig, div_id="x", config={"note": raw})
    script = html.split('<script type="text/javascript">', 1)[1]
    assert script.count("</script>") == 1 and "<script" not in script and "<!--" not in script


def _markers(fig) -> dict[str, list[tuple[str, str]]]:
    """Marker trace name -> [(ISO code, colour)] (rows: [name, class, ISO code, ...])."""
    out = {}
    for t in fig.data:
        if t.type == "scattergeo":
            colours = t.marker.color if isinstance(t.marker.color, tuple | list) else \
                [t.marker.color] * len(t.lon)
            out[t.name] = [(row[0], c) for row, c in zip(t.customdata, colours, strict=True)]
    return out


def test_world_map_draws_small_states_as_markers_in_category_colours() -> None:
    df = pd.DataFrame({"iso3": ["FRA", "MCO", "VAT", "SMR", "XKX", "EUU", "QAT", "BHR"],
                       "status": ["party", "party", "not signed", "signatory", "signatory",
                                  "party", pp.RATIFIED_DOMESTICALLY, "not signed"]})
    fig = plots.world_map(df, "iso3", "status", categories=pp.PARTICIPATION_ORDER,
                          colors=pp.PARTICIPATION_COLORS, emphasis=pp.EMPHASIS,
                          emphasis_label=pp.EMPHASIS_LABEL)
    shapes = {t.name: list(t.locations) for t in fig.data if t.type == "choropleth"}
    assert list(shapes) == list(pp.PARTICIPATION_ORDER)  # fixed legend order
    assert shapes == {"party": ["FRA", "MCO"], pp.RATIFIED_DOMESTICALLY: ["QAT"],
                      "signatory": [], "not signed": ["BHR"]}
    colour = pp.PARTICIPATION_COLORS
    markers = _markers(fig)
    # Small states (Bahrain, the Holy See, San Marino, Kosovo) are dots; small parties and
    # reported ratifications (Monaco; Qatar, whose shape Bahrain's dot would cover) are
    # larger dots in a trace drawn after them, so on top.
    assert sorted(markers["small states"]) == sorted([
        ("BHR", colour["not signed"]), ("VAT", colour["not signed"]),
        ("SMR", colour["signatory"]), ("XKX", colour["signatory"])])
    assert sorted(markers["small parties and reported ratifications"]) == [
        ("MCO", colour["party"]), ("QAT", colour[pp.RATIFIED_DOMESTICALLY])]
    names = [t.name for t in fig.data]
    assert names.index("small states") < names.index("small parties and reported ratifications")
    # drawn as big (size + outline) but scored first by plotly's hover (smaller radius)
    marker = {t.name: t.marker for t in fig.data if t.type == "scattergeo"}
    upper, lower = marker["small parties and reported ratifications"], marker["small states"]
    assert upper.size + 2 * upper.line.width >= lower.size + 2 * lower.line.width
    assert upper.size / 2 <= 3 < lower.size / 2
    assert fig.layout.meta["not_drawn"] == ["EUU"]
    assert fig.layout.geo.fitbounds is False and fig.layout.geo.resolution == 50
    assert fig.layout.hoverdistance <= 10  # a tap on a country is not taken by a far dot


def test_the_kit_knows_no_report_categories() -> None:
    # Labels that happen to be report 01's classes get the kit's neutral defaults: sorted
    # legend, the Okabe-Ito palette in order, no emphasised markers; report 01 passes its own.
    df = pd.DataFrame({"iso3": ["FRA", "DEU", "MCO"],
                       "status": ["signatory", "party", "party"]})
    fig = plots.world_map(df, "iso3", "status")
    shapes = [t for t in fig.data if t.type == "choropleth"]
    assert [t.name for t in shapes] == ["party", "signatory"]
    assert [t.colorscale[0][1] for t in shapes] == list(plots.PALETTE[:2])
    upper = [t for t in fig.data if t.type == "scattergeo"][-1]
    assert upper.name == "small states, emphasised" and len(upper.lon) == 0  # none asked for
    ours = pp.participation_map(df.assign(name=df["iso3"]))
    assert [t.colorscale[0][1] for t in ours.data if t.type == "choropleth"] == [
        pp.PARTICIPATION_COLORS[c]
        for c in pp.PARTICIPATION_ORDER]


def test_report_01_names_moved_out_of_the_kit_say_where() -> None:
    with pytest.raises(AttributeError, match="moved to analysis.participation_plots.share_bars"):
        plots.share_bars  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'no_such_builder'$"):
        plots.no_such_builder  # noqa: B018


def test_participation_palette_differs_in_lightness_for_every_reader() -> None:
    order = [pp.PARTICIPATION_COLORS[c] for c in pp.PARTICIPATION_ORDER]
    for vision in ("normal", "deuteranopia", "greyscale"):
        light = [plots.lightness(c, vision) for c in order]
        # dark (party) to light (not signed), each step at least 15 L* apart
        steps = [b - a for a, b in zip(light, light[1:], strict=False)]
        assert min(steps) >= 15, (vision, light)
    # the evidence bands of the accumulation chart too; none of them is the party colour
    bands = [plots.lightness(c, "greyscale")
             for c in pp.BAND_COLORS.values()]
    assert min(abs(a - b) for i, a in enumerate(bands) for b in bands[i + 1:]) >= 15
    assert pp.PARTICIPATION_COLORS["party"] not in pp.BAND_COLORS.values()
    # the reference values of the formula
    assert abs(plots.lightness("#777777") - 50.0) < 1.0
    with pytest.raises(ValueError):
        plots.lightness("green")


def test_hover_shows_only_the_fields_a_country_has() -> None:
    df = pd.DataFrame({"iso3": ["FRA", "DEU"], "name": ["France", "Germany"],
                       "status": ["signatory", "not signed"],
                       "signature": ["25 Oct 2025", ""], "note": ["", ""]})
    fig = plots.world_map(df, "iso3", "status", hover_cols=["iso3", "signature", "note"],
                          name_col="name")
    rows = {row[0]: row for t in fig.data if t.type == "choropleth" for row in t.customdata}
    assert rows["France"][-1] == "<br>iso3: FRA<br>signature: 25 Oct 2025"
    assert rows["Germany"][-1] == "<br>iso3: DEU"  # no empty "signature:" or "note:" line
    template = next(t.hovertemplate for t in fig.data if t.type == "choropleth")
    assert template.endswith("%{customdata[5]}<extra></extra>")


def test_bar_charts_cannot_be_drag_zoomed_and_titles_move_out_of_the_figure() -> None:
    df = pd.DataFrame({"group": ["A", "B"], "members": [4, 10], "signed": [1, 5],
                       "parties": [0, 1], "signed_pct": [25.0, 50.0], "parties_pct": [0.0, 10.0]})
    acc = pd.DataFrame({"period": ["d1", "d2"], "band": ["a", "a"], "count": [3, 1],
                        "cumulative": [3, 4]})
    for fig in (pp.share_bars(df, "group", "B signed most"),
                plots.bar_chart(df, "group", "signed", "t"),
                pp.accumulation_chart(acc, "t")):
        assert fig.layout.dragmode is False
        assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    block = plots.figure_block(
        pp.share_bars(df, "group", "<b>B</b> signed most"),
        data=df, filename="g.csv").data
    assert '<p class="analysis-chart-title">&lt;b&gt;B&lt;/b&gt; signed most</p>' in block
    figure_json = block.split("Plotly.newPlot(gd, ", 1)[1]
    assert "signed most" not in figure_json  # the title is HTML that wraps, not in the plot
    assert 'download="g.csv"' in block and "data:text/csv" in block


def test_region_map_zooms_with_fitbounds_on_the_region_only() -> None:
    df = pd.DataFrame({"iso3": ["FRA", "BRA"], "status": ["party", "signatory"]})
    fig = plots.region_map(df, "iso3", "status", ["FRA", "DEU", "MCO"])
    assert fig.layout.geo.fitbounds == "locations" and fig.layout.geo.scope is None
    locations = sorted(c for t in fig.data if t.type == "choropleth" for c in t.locations)
    assert locations == ["DEU", "FRA", "MCO"]  # Brazil left out; DEU and MCO as "no data"


def test_labels_titles_and_tables_are_escaped() -> None:
    crafted = "<img src=x onerror=alert(1)>"
    df = pd.DataFrame({"label": [crafted, "b"], "n": [2, 1], "kind": [crafted, "x"]})
    fig = plots.bar_chart(df, "label", "n", title=crafted, color_col="kind")
    text = json.dumps(fig.to_plotly_json(), default=str)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<img" not in plots.table(df).data
    assert plots.escape("50% of %{x}") == "50&#37; of &#37;{x}"


def test_setup_registers_the_offline_renderer() -> None:
    import plotly.io as pio

    before = pio.renderers.default
    try:
        offline.setup(display=False)
        assert pio.renderers.default == offline.RENDERER
        assert pd.get_option("styler.format.escape") == "html"
        bundle = pio.renderers[offline.RENDERER].to_mimebundle({"data": [], "layout": {}})
        assert list(bundle) == ["text/html"]
        assert "plotly.js v" not in bundle["text/html"]  # figures never embed plotly.js
    finally:
        pio.renderers.default = before


def test_every_report_notebook_is_parameterised_and_offline() -> None:
    for path in [*report.notebooks(), DEMO]:
        nb = nbformat.read(path, as_version=4)
        tags = [t for c in nb.cells for t in c.metadata.get("tags", [])]
        assert "parameters" in tags, path.name
        code = "".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "offline.setup()" in code, path.name
    assert DEMO not in report.notebooks()  # a test fixture, not a report
