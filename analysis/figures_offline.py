"""Your own plotly figures as pages that open with no network: plotly.js and the map data inline.

plotly's own ``fig.write_html(path)`` (and ``include_plotlyjs=True``) still leaves the base map
of every geo figure to a CDN (``https://cdn.plot.ly/un/world_110m.json``): offline the map is
blank. :func:`write_html` writes plotly.js, plotly's world map data (pre-seeded in
``window.PlotlyGeoAssets``) and the figure into one self-contained file::

    import plotly.express as px
    from analysis import figures_offline, geo

    fig = px.choropleth(df, geojson=geo.geojson(), featureidkey="id", locations="iso3",
                        color="value")
    figures_offline.write_html(fig, "my_map.html")   # opens offline, in any browser
    figures_offline.show(fig)                         # in a notebook, or a browser tab

In a notebook that calls :func:`analysis.offline.setup` first, plain ``fig.show()`` works too.

>>> import plotly.graph_objects as go
>>> page = page_html(go.Figure(go.Bar(x=["a"], y=[1])), maps=())
>>> page.startswith("<!doctype html>") and "Plotly.newPlot" in page
True
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from analysis import offline

__all__ = ["page_html", "show", "write_html"]


def page_html(fig: Any, *, title: str | None = None, maps: Iterable[str] = offline.MAPS,
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
        f"{offline.head_html(tuple(maps))}"
        "</head>\n<body>\n"
        f"{offline.figure_html(fig_dict, config=config)}\n"
        "</body>\n</html>\n"
    )


def write_html(fig: Any, path: str | os.PathLike[str], *, title: str | None = None,
               maps: Iterable[str] = offline.MAPS,
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


def show(fig: Any, *, maps: Iterable[str] = offline.MAPS,
         config: Mapping[str, Any] | None = None, open_browser: bool = True) -> Path | None:
    """Show ``fig`` offline: inline in a notebook, else in a browser tab.

    In a Jupyter kernel it displays plotly.js, the map data and the figure as one output
    (like :func:`analysis.offline.setup` followed by ``fig.show()``) and returns ``None``.
    Elsewhere it writes a temporary page with :func:`write_html`, opens it with the default
    browser (unless ``open_browser=False``) and returns its path.

    >>> import plotly.graph_objects as go
    >>> path = show(go.Figure(go.Bar(x=["a"], y=[1])), maps=(), open_browser=False)
    >>> path.suffix
    '.html'
    """
    if _in_notebook():
        from IPython.display import display

        display({"text/html": offline.head_html(tuple(maps))
                 + offline.figure_html(fig, config=config)}, raw=True)
        return None
    folder = Path(tempfile.mkdtemp(prefix="analysis-figure-"))
    path = write_html(fig, folder / "figure.html", maps=maps, config=config)
    if open_browser:
        import webbrowser

        webbrowser.open(path.as_uri())
    return path
