"""Offline pages of users' own figures (plotly.js and the map data inline) and the hints
naming the ``maps`` extra for geopandas' plot/explore/to_parquet."""

from __future__ import annotations

import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import pytest

from analysis import geo, offline


class _Loads(HTMLParser):
    """Every URL the page would load by itself (src/href/data attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        for name, value in attrs:
            if name in ("src", "href", "data", "srcset") and value:
                self.urls.append(f"{tag}[{name}]={value}")


def _choropleth() -> go.Figure:
    df = pd.DataFrame({"iso3": ["NAM", "FRA", "VNM"], "value": [1, 2, 3]})
    return px.choropleth(df, geojson=geo.geojson(), featureidkey="id", locations="iso3",
                         color="value", title="Users' own <data>")


def test_written_page_is_self_contained(tmp_path: Path) -> None:
    out = offline.write_html(_choropleth(), tmp_path / "map.html")
    page = out.read_text(encoding="utf-8")
    parser = _Loads()
    parser.feed(page)
    assert parser.urls == []  # nothing to fetch: no script src, no stylesheet, no image
    assert not re.search(r"<script[^>]+src=", page)
    assert offline.plotlyjs() in page  # plotly.js itself, whole
    assert "window.PlotlyGeoAssets.topojson[\"world_110m\"]" in page  # plotly's base map
    assert '"type":"Topology"' in page
    assert '"featureidkey":"id"' in page and '"NAM"' in page  # the figure and its shapes
    assert "<title>Users&#x27; own &lt;data&gt;</title>" in page  # escaped
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]  # no temporary file left


def test_maps_can_be_left_out(tmp_path: Path) -> None:
    bar = go.Figure(go.Bar(x=["a"], y=[1]))
    small = offline.write_html(bar, tmp_path / "bar.html", maps=()).stat().st_size
    full = offline.write_html(bar, tmp_path / "full.html").stat().st_size
    assert small < full
    assert 'topojson["world_110m"]' not in (tmp_path / "bar.html").read_text("utf-8")


def test_bad_paths_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="folder"):
        offline.write_html(go.Figure(), tmp_path)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        offline.write_html(go.Figure(), tmp_path / "no" / "x.html")


def test_show_outside_a_notebook_writes_a_page(monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    path = offline.show(_choropleth())
    assert path is not None and opened == [path.as_uri()]
    assert offline.plotlyjs() in path.read_text(encoding="utf-8")


def test_show_in_a_notebook_displays_one_output(monkeypatch) -> None:
    shown: list[dict] = []
    monkeypatch.setattr(offline, "_in_notebook", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: shown.append(obj))
    assert offline.show(_choropleth()) is None
    (bundle,) = shown
    assert "PlotlyGeoAssets" in bundle["text/html"] and "Plotly.newPlot" in bundle["text/html"]


def test_missing_maps_packages_are_named(monkeypatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("folium", "pyarrow") else real(name))
    assert geo.missing_maps_extra("plot") == []
    assert geo.missing_maps_extra("explore") == ["folium"]
    assert geo.missing_maps_extra() == ["folium", "pyarrow"]
    with pytest.raises(ImportError, match=r"\[maps\]") as info:
        geo.require_maps_extra("to_parquet")
    assert "pyarrow" in str(info.value) and "to_parquet()" in str(info.value)
    geo.require_maps_extra("plot")  # nothing missing: no error
    with pytest.raises(ValueError, match="choose from"):
        geo.require_maps_extra("scatter")


@pytest.mark.slow  # a browser
def test_written_map_draws_in_a_browser_with_the_network_blocked(tmp_path: Path) -> None:
    from browser.chromium import chromium_missing, inspect_page

    if (why := chromium_missing()) is not None:
        pytest.skip(why)
    fig = _choropleth()
    fig.add_trace(go.Scattergeo(lon=[2.35], lat=[48.86], mode="markers"))  # needs the base map
    page = inspect_page(offline.write_html(fig, tmp_path / "map.html"))
    assert page.blocked == [], page.blocked
    assert page.console_errors == [] and page.page_errors == []
    assert page.drawn, page.figures
    (drawn,) = page.figures
    assert drawn["shapes"] == 3 and drawn["points"] == 1
    # the control: the same figure without the map data asks plotly's CDN for it
    bare = inspect_page(offline.write_html(fig, tmp_path / "bare.html", maps=()))
    assert any("cdn.plot.ly" in url for url in bare.blocked), bare.blocked


def test_missing_map_data_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(geo, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(FileNotFoundError, match="ANALYSIS_DATA_DIR"):
        geo._data_file(*geo.GEOJSON)
