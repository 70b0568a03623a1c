"""Plotly figures that render with no network, in JupyterLab, in ``make report`` and in nbconvert.

Call :func:`setup` in the first code cell of every notebook::

    from analysis import offline
    offline.setup()

It does three things:

1. displays ONE ``text/html`` output (the *bundle*) holding plotly.js and plotly's own world map
   data (``window.PlotlyGeoAssets``), so figures draw offline in JupyterLab and in a plain
   ``jupyter nbconvert --to html --execute`` page (default template);
2. makes the :class:`OfflineRenderer` plotly's default renderer: each figure becomes a small
   ``text/html`` output (a ``<div>`` and a ``Plotly.newPlot`` call) that relies on the page's
   single copy of plotly.js. (plotly's default renderer under ipykernel writes a MIME type that
   nbconvert drops: figures would silently vanish from the HTML);
3. seeds ``random`` and ``numpy.random`` and makes pandas ``Styler`` escape HTML.

``make report`` (:mod:`analysis.report`) removes the bundle output again and puts plotly.js and
the map data the page's figures need once at the end of the page instead (:func:`tail_html`):
plotly.js is parsed only after the first paint, and figures queue until it is there.

>>> "PlotlyGeoAssets" in geo_assets_script(["world_110m"])
True
>>> OfflineRenderer().to_mimebundle({"data": [], "layout": {}})["text/html"][:27]
'<div class="analysis-figure'
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_CONFIG", "DEFAULT_HEIGHT", "MAPS", "OfflineRenderer", "bundle_html",
    "figure_html", "geo_assets_script", "head_html", "is_bundle_output", "plotlyjs_version",
    "page_html", "register", "setup", "show", "write_html",
]

import hashlib
import html
import itertools
import json
import os
import random
import tempfile
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from plotly.io._base_renderers import MimetypeRenderer

#: The first line of the bundle output, so that reports can find and drop it.
BUNDLE_MARKER = "<!-- analysis.offline bundle: plotly.js and map data -->"
#: Key set in the bundle output's metadata (the other way reports find it).
BUNDLE_METADATA_KEY = "analysis.offline"
#: Name of the renderer registered with ``plotly.io.renderers``.
RENDERER = "analysis_offline"
#: plotly's TopoJSON pre-seeded by default (world scope; 110m is plotly's default resolution).
MAPS: tuple[str, ...] = ("world_110m", "world_50m")
#: Mode bar and logo settings for every figure: no "send to cloud" button, no plotly logo.
#: ``scrollZoom`` off: the mouse wheel over a figure scrolls the page instead of zooming.
DEFAULT_CONFIG: dict[str, Any] = {
    "showSendToCloud": False,
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,
}
#: Trace types drawn on a ``geo`` subplot (they need plotly's map data).
GEO_TRACES = frozenset({"choropleth", "scattergeo"})
#: Attribute of a figure's outer ``<div>`` naming the map data it needs (see :func:`maps_used`).
MAPS_ATTR = "data-analysis-maps"
#: Figures queue their drawing here until plotly.js is there (see :func:`tail_html`).
QUEUE = "__analysisFigures"
DEFAULT_HEIGHT = 500
DEFAULT_SEED = 20241224

_counter = itertools.count(1)


def _script_safe_json(value: Any) -> str:
    """JSON that cannot close a ``<script>`` element or start an HTML comment."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@cache
def plotlyjs() -> str:
    """The minified plotly.js bundled with the installed plotly (about 4.8 MB).

    >>> plotlyjs().startswith("/**")
    True
    """
    from plotly.offline import get_plotlyjs

    js = get_plotlyjs()
    if "</script" in js.lower():  # would end the inline <script> early
        raise RuntimeError("plotly.js contains '</script': cannot be inlined safely")
    return js


def plotlyjs_version() -> str:
    """Version of the bundled plotly.js, e.g. ``'4.1.1'``."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


@cache
def _topojson_json(name: str) -> str:
    from analysis import geo

    return _script_safe_json(geo.plotly_topojson(name))


def geo_assets_script(maps: Iterable[str] = MAPS) -> str:
    """JavaScript that pre-seeds ``window.PlotlyGeoAssets.topojson`` with plotly's map data.

    plotly.js looks there before fetching ``https://cdn.plot.ly/un/<name>.json``; the script
    merges, so it may run before or after plotly.js, and more than once.

    >>> geo_assets_script(["world_110m"]).startswith("window.PlotlyGeoAssets")
    True
    """
    parts = [
        "window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};",
        "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};",
    ]
    for name in maps:
        parts.append(f"window.PlotlyGeoAssets.topojson[{json.dumps(name)}] = "
                     f"{_topojson_json(name)};")
    return "\n".join(parts)


def head_html(maps: Iterable[str] = MAPS) -> str:
    """``<script>`` elements: plotly.js, then the map data pre-seed (for a page's ``<head>``).

    ``window.PlotlyConfig = {MathJaxConfig: 'local'}`` stops plotly.js from reconfiguring a
    page's MathJax, as plotly's own notebook renderer does.

    >>> html = head_html(["world_110m"])
    >>> html.count("<script"), html.index("Plotly") < html.index("PlotlyGeoAssets")
    (3, True)
    """
    return (
        '<script type="text/javascript">window.PlotlyConfig = {MathJaxConfig: "local"};'
        "</script>\n"
        f'<script type="text/javascript">{plotlyjs()}</script>\n'
        f'<script type="text/javascript">{geo_assets_script(maps)}</script>\n'
    )


def bundle_html(maps: Iterable[str] = MAPS) -> str:
    """The ``text/html`` output that :func:`setup` displays: marker comment + :func:`head_html`.

    >>> bundle_html(["world_110m"]).startswith(BUNDLE_MARKER)
    True
    """
    return f"{BUNDLE_MARKER}\n{head_html(maps)}"


def is_bundle_output(output: Mapping[str, Any]) -> bool:
    """Whether a notebook output is the bundle displayed by :func:`setup`.

    >>> is_bundle_output({"output_type": "display_data", "data": {"text/html": BUNDLE_MARKER}})
    True
    >>> is_bundle_output({"output_type": "stream", "text": "hi"})
    False
    """
    if output.get("output_type") not in ("display_data", "execute_result"):
        return False
    if BUNDLE_METADATA_KEY in (output.get("metadata") or {}):
        return True
    html = (output.get("data") or {}).get("text/html", "")
    if isinstance(html, list):  # nbformat may store multi-line strings as lists
        html = html[0] if html else ""
    return html.startswith(BUNDLE_MARKER)


def maps_needed(fig: Any) -> list[str]:
    """The plotly map data a figure draws from: ``["world_<resolution>m"]`` or ``[]``.

    plotly.js picks ``world_110m`` unless ``layout.geo.resolution`` is 50.

    >>> import plotly.graph_objects as go
    >>> maps_needed(go.Figure(go.Scattergeo(lon=[0], lat=[0]), layout={"geo": {"resolution": 50}}))
    ['world_50m']
    >>> maps_needed(go.Figure(go.Bar(x=[1], y=[1])))
    []
    """
    fig_dict = fig if isinstance(fig, dict) else fig.to_plotly_json()
    if not any(t.get("type") in GEO_TRACES for t in fig_dict.get("data", [])):
        return []
    geo = (fig_dict.get("layout") or {}).get("geo") or {}
    return [f"world_{50 if geo.get('resolution') == 50 else 110}m"]


def maps_used(page: str) -> list[str]:
    """The map data named by the figures of an HTML text (their :data:`MAPS_ATTR`), sorted.

    >>> maps_used('<div data-analysis-maps="world_110m"></div><div data-analysis-maps=""></div>')
    ['world_110m']
    """
    import re

    found = re.findall(MAPS_ATTR + r'="([^"]*)"', page)
    return sorted({name for value in found for name in value.split() if name in _KNOWN_MAPS})


_KNOWN_MAPS = ("world_110m", "world_50m")


def figure_html(fig: Any, *, config: Mapping[str, Any] | None = None,
                div_id: str | None = None) -> str:
    """A figure as a ``<div>`` plus a ``Plotly.newPlot`` call, without plotly.js.

    The div id is deterministic (a counter and a hash of the figure), so two executions of a
    notebook give the same HTML. Figure JSON is escaped so no text in it can end the script.
    ``config`` is merged over :data:`DEFAULT_CONFIG`. When plotly.js is not loaded yet (a
    report loads it after the first paint, see :func:`tail_html`) the drawing waits in
    ``window.__analysisFigures``; the outer div names the map data the figure needs.

    >>> import plotly.graph_objects as go
    >>> html = figure_html(go.Figure(go.Bar(x=["a"], y=[1])), div_id="demo")
    >>> 'id="demo"' in html and '"displaylogo":false' in html and '"scrollZoom":false' in html
    True
    """
    from plotly.io.json import to_json_plotly

    fig_dict = fig if isinstance(fig, dict) else fig.to_plotly_json()
    data = to_json_plotly(fig_dict.get("data", []))
    layout = to_json_plotly(fig_dict.get("layout", {}))
    frames = fig_dict.get("frames") or []
    conf = _script_safe_json({**DEFAULT_CONFIG, **(config or {})})
    if div_id is None:
        digest = hashlib.sha256(f"{data}\n{layout}\n{conf}".encode()).hexdigest()[:10]
        div_id = f"analysis-fig-{next(_counter)}-{digest}"
    height = fig_dict.get("layout", {}).get("height") or DEFAULT_HEIGHT
    size = f"height:{int(height)}px; width:100%;"
    if maps_needed(fig_dict) and (fig_dict.get("layout", {}).get("geo") or {}).get(
            "fitbounds") is False:
        # a world map keeps its shape: as tall as a 2:1 box at the page's width (no empty
        # band above and below it on a phone), at most its layout height
        fig_dict = {**fig_dict, "layout": {k: v for k, v in fig_dict["layout"].items()
                                           if k != "height"}}
        layout = to_json_plotly(fig_dict.get("layout", {}))
        size = f"width:100%; aspect-ratio:2 / 1; max-height:{int(height)}px; min-height:240px;"
    frames_js = f".then(function () {{ Plotly.addFrames(gd, {to_json_plotly(frames)}); }})" \
        if frames else ""
    id_js = json.dumps(div_id)
    maps = " ".join(maps_needed(fig_dict))
    return (
        f'<div class="analysis-figure" {MAPS_ATTR}="{maps}">'
        f'<div id="{div_id}" class="plotly-graph-div" '
        f'style="{size}"></div>\n'
        '<script type="text/javascript">\n'
        "(function () {\n"
        f"  var id = {id_js};\n"
        "  function draw() {\n"
        "    var gd = document.getElementById(id);\n"
        "    if (!gd) { return; }\n"
        f"    Plotly.newPlot(gd, {data}, {layout}, {conf}){frames_js};\n"
        "  }\n"
        "  if (window.Plotly) { draw(); return; }\n"
        f"  (window.{QUEUE} = window.{QUEUE} || []).push(draw);\n"
        "  document.addEventListener('DOMContentLoaded', function () {\n"
        "    var gd = document.getElementById(id);\n"
        "    if (gd && !window.Plotly && !window.__analysisPlotlyPending) {\n"
        "      gd.textContent = 'plotly.js is not loaded: call analysis.offline.setup() "
        "in the first code cell.';\n"
        "    }\n"
        "  });\n"
        "})();\n"
        "</script></div>"
    )


def tail_html(maps: Iterable[str] = MAPS) -> str:
    """Scripts for the END of a report's ``<body>``: map data, then plotly.js after first paint.

    plotly.js (about 4.8 MB) sits in a ``<script type="text/plain">`` that the browser does
    not parse; a small loader runs it once the page has painted, then draws the figures that
    queued themselves (:func:`figure_html`). So text, tables and the summary show before
    plotly.js is parsed. No map data when ``maps`` is empty.

    >>> tail_html([]).startswith('<script type="text/plain" id="analysis-plotlyjs">')
    True
    >>> tail_html(["world_110m"]).startswith('<script type="text/javascript">window.PlotlyGeo')
    True
    """
    maps = list(maps)
    seed = (f'<script type="text/javascript">{geo_assets_script(maps)}</script>\n'
            if maps else "")
    return (
        seed
        + f'<script type="text/plain" id="analysis-plotlyjs">{plotlyjs()}</script>\n'
        '<script type="text/javascript">\n'
        "window.__analysisPlotlyPending = true;\n"
        "(function () {\n"
        "  var done = false;\n"
        "  function load() {\n"
        "    if (done) { return; }\n"
        "    done = true;\n"
        '    window.PlotlyConfig = {MathJaxConfig: "local"};\n'
        "    var src = document.getElementById('analysis-plotlyjs');\n"
        "    var s = document.createElement('script');\n"
        "    s.text = src.textContent;\n"
        "    document.head.appendChild(s);  // an inline script runs on insertion\n"
        "    src.parentNode.removeChild(src);\n"
        f"    var queue = window.{QUEUE} || [];\n"
        f"    window.{QUEUE} = {{push: function (f) {{ f(); }}}};\n"
        "    queue.forEach(function (f) { f(); });\n"
        "  }\n"
        "  // after the first paint (a hidden tab does not paint: load at once)\n"
        "  if (document.visibilityState === 'hidden') { setTimeout(load, 0); }\n"
        "  else { requestAnimationFrame(function () { setTimeout(load, 0); }); }\n"
        "})();\n"
        "</script>\n"
    )


class OfflineRenderer(MimetypeRenderer):
    """plotly renderer writing ``text/html`` that uses the page's single plotly.js.

    ``fig.show(config={...})`` merges the given config over :data:`DEFAULT_CONFIG`.
    """

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        self.config = dict(config or {})

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, str]:
        return {"text/html": figure_html(fig_dict, config=self.config)}


def register() -> None:
    """Register :class:`OfflineRenderer` as ``plotly.io.renderers["analysis_offline"]``
    and make it the default renderer."""
    import plotly.io as pio

    pio.renderers[RENDERER] = OfflineRenderer()
    pio.renderers.default = RENDERER


def setup(*, seed: int = DEFAULT_SEED, maps: Iterable[str] = MAPS, display: bool = True) -> None:
    """Prepare a notebook for offline figures and reproducible output (see module docstring).

    Call it once, in the first code cell. Outside IPython nothing is displayed.

    >>> setup(display=False)
    >>> import plotly.io as pio
    >>> pio.renderers.default
    'analysis_offline'
    """
    global _counter
    import numpy as np
    import pandas as pd

    random.seed(seed)
    np.random.seed(seed)
    _counter = itertools.count(1)
    # Styler does not escape by default: data text would become markup in tables.
    pd.set_option("styler.format.escape", "html")
    register()
    if not display:
        return
    try:
        from IPython import get_ipython
        from IPython.display import display as ipy_display
    except ImportError:  # pragma: no cover - IPython is a dependency
        return
    if get_ipython() is None:
        return
    ipy_display({"text/html": bundle_html(tuple(maps))}, raw=True,
                metadata={BUNDLE_METADATA_KEY: {"maps": list(maps)}})


# --- your own figures as pages that open offline ------------------------------------------
# plotly's own ``fig.write_html(path)`` (even with ``include_plotlyjs=True``) leaves the base
# map of every geo figure to a CDN (``https://cdn.plot.ly/un/world_110m.json``): offline the
# map is blank. :func:`write_html` writes plotly.js, plotly's world map data (pre-seeded in
# ``window.PlotlyGeoAssets``) and the figure into one self-contained file:
#
#     fig = px.choropleth(df, geojson=geo.geojson(), featureidkey="id", locations="iso3",
#                         color="value")
#     offline.write_html(fig, "my_map.html")   # opens offline, in any browser
#     offline.show(fig)                         # in a notebook, or a browser tab

def page_html(fig: Any, *, title: str | None = None, maps: Iterable[str] = MAPS,
              config: Mapping[str, Any] | None = None) -> str:
    """A whole HTML page holding plotly.js, the map data of ``maps`` and the figure.

    ``maps`` are plotly's TopoJSON names (``world_110m``, ``world_50m``); pass ``()`` for a
    figure without a geo map (the page is then about 1 MB smaller). ``title`` defaults to the
    figure's title text.

    >>> import plotly.graph_objects as go
    >>> "<title>Demo</title>" in page_html(go.Figure(layout_title_text="Demo"), maps=())
    True
    """
    fig_dict = fig if isinstance(fig, dict) else fig.to_plotly_json()
    if title is None:
        layout_title = (fig_dict.get("layout") or {}).get("title") or {}
        title = (layout_title.get("text") if isinstance(layout_title, dict)
                 else str(layout_title)) or "Figure"
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(str(title))}</title>\n"
        f"{head_html(tuple(maps))}"
        "</head>\n<body>\n"
        f"{figure_html(fig_dict, config=config)}\n"
        "</body>\n</html>\n"
    )


def write_html(fig: Any, path: str | os.PathLike[str], *, title: str | None = None,
               maps: Iterable[str] = MAPS,
               config: Mapping[str, Any] | None = None) -> Path:
    """Write ``fig`` as a self-contained page that opens offline; returns the path.

    The file is written to a temporary name and renamed, so a failure never leaves half a
    page. See :func:`page_html` for ``title``, ``maps`` and ``config``.

    >>> import plotly.graph_objects as go, tempfile, pathlib
    >>> out = write_html(go.Figure(go.Bar(x=["a"], y=[1])),
    ...                  pathlib.Path(tempfile.mkdtemp()) / "bar.html", maps=())
    >>> out.read_text(encoding="utf-8").count("<script src=")
    0
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{str(path)[:200]!r} is a folder: give a file name")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"folder {str(target.parent)[:200]!r} does not exist")
    page = page_html(fig, title=title, maps=maps, config=config)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def show(fig: Any, *, maps: Iterable[str] = MAPS,
         config: Mapping[str, Any] | None = None, open_browser: bool = True) -> Path | None:
    """Show ``fig`` offline: inline in a notebook, else in a browser tab.

    In a Jupyter kernel it displays plotly.js, the map data and the figure as one output
    (like :func:`analysis.setup` followed by ``fig.show()``) and returns ``None``.
    Elsewhere it writes a temporary page with :func:`write_html`, opens it with the default
    browser (unless ``open_browser=False``) and returns its path.

    >>> import plotly.graph_objects as go
    >>> path = show(go.Figure(go.Bar(x=["a"], y=[1])), maps=(), open_browser=False)
    >>> path.suffix
    '.html'
    """
    if _in_notebook():
        from IPython.display import display

        display({"text/html": head_html(tuple(maps))
                 + figure_html(fig, config=config)}, raw=True)
        return None
    folder = Path(tempfile.mkdtemp(prefix="analysis-figure-"))
    path = write_html(fig, folder / "figure.html", maps=maps, config=config)
    if open_browser:
        import webbrowser

        webbrowser.open(path.as_uri())
    return path
