"""The figure kit: world and regional maps, sorted bars, escaped tables, headline cards.

Generic builders that know nothing of a report's categories: a report's own figures live in
its module (:mod:`analysis.participation_plots` for report 01, :mod:`analysis.timeline_plots`
for report 02, :mod:`analysis.replay_plots` for a replay) and pass their categories, colours
and emphasis in.

Every builder returns a ``plotly.graph_objects.Figure`` that draws with no network once
:func:`analysis.offline.setup` has run (maps use plotly's built-in ISO-3 country shapes from the
pre-seeded ``world_50m`` data; small states are drawn as markers at their label points).

Text that comes from data (names, notes, sources, category labels) is HTML-escaped before it
goes into hover labels, legends, axis labels or titles: plotly renders a subset of HTML there,
so escaped text shows ``<script>`` literally and never becomes markup.

>>> import pandas as pd
>>> df = pd.DataFrame({"iso3": ["FRA", "MCO"], "kind": ["large", "small"]})
>>> fig = world_map(df, "iso3", "kind", categories=["small", "large"])
>>> fig.layout.geo.fitbounds, [t.name for t in fig.data if t.type == "choropleth"]
(False, ['small', 'large'])
"""

from __future__ import annotations

__all__ = [
    "NO_DATA", "PALETTE", "bar_chart", "csv_link", "csv_text", "escape", "figure_block",
    "headline", "legend_html", "lightness", "prose", "region_map", "show", "table",
    "world_map",
]

import html
import math
from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from analysis.offline import DEFAULT_CONFIG

if TYPE_CHECKING:
    import pandas as pd
    from IPython.display import HTML

#: States smaller than this (km²) get a marker when in an emphasised class (Qatar).
EMPHASIS_AREA_KM2 = 30_000
#: How far (px) from a marker the pointer may be and still pick it: small, so that a tap on
#: a country is not taken by a neighbour's dot.
HOVER_DISTANCE = 6
#: Colours given to categories in order when no colour is specified (Okabe-Ito).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                            "#D55E00", "#F0E442", "#000000")
#: Land with no data, and the "no data" category.
NO_DATA = "no data"
NO_DATA_COLOR = "#f7f7f7"
BORDER_COLOR = "#8c8c8c"
MARKER_SIZE = 8
#: Size of the markers of small states in an emphasised class (see :func:`_geo_figure`).
EMPHASIS_SIZE = 6

#: Report 01's names that lived here before the kit was split (issue #12): reaching one
#: says where it went (no import of report 01 from the kit: figures flow kit -> report).
_MOVED = frozenset({
    "RATIFIED_DOMESTICALLY", "PARTICIPATION_ORDER", "PARTICIPATION_COLORS", "LEGEND_LABELS",
    "EMPHASIS", "EU_MARKER_LONLAT", "PARTICIPATION_HOVER", "SHARE_COLORS", "BAND_COLORS",
    "participation_map", "share_bars", "accumulation_chart",
})


def __getattr__(name: str) -> Any:
    where = (f"; report 01's figures moved to analysis.participation_plots.{name}"
             if name in _MOVED else "")
    raise AttributeError(f"module 'analysis.plots' has no attribute {name!r}{where}")


def escape(value: Any) -> str:
    """Text for plotly labels: HTML-escaped, ``%`` neutralised, missing values as ``"–"``.

    ``%{...}`` would otherwise be read as a hover-template field when the text is part of a
    template (plotly shows ``&#37;`` as ``%``).

    >>> escape("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    >>> escape(float("nan")), escape("100%")
    ('–', '100&#37;')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    try:
        import pandas as pd

        if value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
            return "–"
        if isinstance(value, pd.Timestamp):
            value = value.date().isoformat() if value == value.normalize() else value.isoformat()
    except (TypeError, ValueError):
        pass
    return html.escape(str(value), quote=False).replace("%", "&#37;")


#: Machado, Oliveira & Fernandes (2009) matrix for deuteranopia (severity 1), linear RGB.
_DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                 (-0.011820, 0.042940, 0.968881))


def _linear_rgb(color: str) -> tuple[float, float, float]:
    text = color.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"colour {color!r}: write it as #rrggbb")
    def one(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (one(int(text[i:i + 2], 16)) for i in (0, 2, 4))
    return r, g, b


def _l_star(y: float) -> float:
    y = min(max(y, 0.0), 1.0)
    return 116 * y ** (1 / 3) - 16 if y > (6 / 29) ** 3 else y * (29 / 3) ** 3


def lightness(color: str, vision: str = "normal") -> float:
    """CIE L* (0 black - 100 white) of a ``#rrggbb`` colour, as seen with ``vision``
    ``"normal"``, ``"deuteranopia"`` (Machado et al. 2009) or ``"greyscale"`` (printed:
    Rec. 601 luma).

    >>> round(lightness("#ffffff")), round(lightness("#000000"))
    (100, 0)
    >>> abs(lightness("#ff0000", "deuteranopia") - lightness("#ff0000")) < 20
    True
    """
    r, g, b = _linear_rgb(color)
    if vision == "deuteranopia":
        r, g, b = (sum(m * c for m, c in zip(row, (r, g, b), strict=True))
                   for row in _DEUTERANOPIA)
    elif vision == "greyscale":
        text = color.lstrip("#")
        luma = sum(w * int(text[i:i + 2], 16) / 255
                   for w, i in zip((0.299, 0.587, 0.114), (0, 2, 4), strict=True))
        r = g = b = _linear_rgb("#{0:02x}{0:02x}{0:02x}".format(round(luma * 255)))[0]
    elif vision != "normal":
        raise ValueError(f"vision {vision!r}: use 'normal', 'deuteranopia' or 'greyscale'")
    return _l_star(0.2126 * r + 0.7152 * g + 0.0722 * b)


def figure_block(fig: go.Figure, config: Mapping[str, Any] | None = None, *,
                 data: pd.DataFrame | None = None, filename: str | None = None) -> HTML:
    """A figure as HTML: its title as a heading that wraps on a phone (never under the mode
    bar or a legend), the figure (:func:`analysis.offline.figure_html`), and a CSV download of
    ``data`` (the numbers the chart draws) when given.

    >>> import pandas as pd
    >>> b = figure_block(go.Figure(layout={"title": {"text": "3 &lt;b&gt; signed"}}),
    ...                  data=pd.DataFrame({"a": [1]}), filename="a.csv").data
    >>> '<p class="analysis-chart-title">3 &lt;b&gt; signed</p>' in b, 'download="a.csv"' in b
    (True, True)
    """
    from IPython.display import HTML

    from analysis.offline import figure_html

    fig = go.Figure(fig)
    title = fig.layout.title.text if fig.layout.title and fig.layout.title.text else ""
    if title:
        top = fig.layout.margin.t if fig.layout.margin and fig.layout.margin.t else 48
        fig.update_layout(title=None, margin={"t": max(8, top - 40)})
    head = (f'<p class="analysis-chart-title">{html.escape(html.unescape(title), quote=False)}'
            "</p>" if title else "")
    legend = (fig.layout.meta or {}).get("legend") if isinstance(fig.layout.meta, dict) \
        else None
    link = legend_html(legend) if legend else ""
    link += "" if data is None else (
        '<p class="analysis-chart-csv">'
        f'{csv_link(data, filename or "chart.csv", "Download the chart data (CSV)")}</p>')
    return HTML(f'<div class="analysis-chart">{head}'
                f"{figure_html(fig, config={**DEFAULT_CONFIG, **(config or {})})}{link}</div>")


def show(fig: go.Figure, config: Mapping[str, Any] | None = None, *,
         data: pd.DataFrame | None = None, filename: str | None = None) -> None:
    """Display :func:`figure_block` (the project's mode-bar config: no cloud button, no
    plotly logo, no scroll zoom).

    >>> show  # doctest: +ELLIPSIS
    <function show at ...>
    """
    from IPython.display import display

    display(figure_block(fig, config, data=data, filename=filename))


def csv_text(df: pd.DataFrame) -> str:
    """A frame as CSV text (no index; dates as ISO).

    >>> import pandas as pd
    >>> csv_text(pd.DataFrame({"a": [1], "b": ["x,y"]}))
    'a,b\\r\\n1,"x,y"\\r\\n'
    """
    import csv
    import io

    buf = io.StringIO()
    df.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n",
              date_format="%Y-%m-%d")
    return buf.getvalue()


def csv_link(df: pd.DataFrame, filename: str, label: str = "Download the data (CSV)") -> str:
    """An ``<a download>`` with the frame as a ``data:`` URL: works offline, no file beside.

    >>> import pandas as pd
    >>> link = csv_link(pd.DataFrame({"a": [1]}), "x.csv")
    >>> link.startswith('<a class="analysis-csv" download="x.csv" href="data:text/csv')
    True
    """
    import urllib.parse

    url = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv_text(df), safe="")
    return (f'<a class="analysis-csv" download="{html.escape(filename, quote=True)}" href="{url}">'
            f"{html.escape(label, quote=True)}</a>")


def _no_drag(fig: go.Figure) -> go.Figure:
    """Charts that a swipe on a phone cannot zoom: no drag mode, fixed axes."""
    fig.update_layout(dragmode=False)
    fig.update_xaxes(fixedrange=True)
    fig.update_yaxes(fixedrange=True)
    return fig


def table(df: pd.DataFrame, *, index: bool = False, caption: str | None = None) -> HTML:
    """A DataFrame as an HTML table for notebooks, with every cell HTML-escaped.

    Use it instead of ``df.style`` (``Styler`` does not escape by default and writes random
    element ids, which breaks reproducible reports).

    >>> import pandas as pd
    >>> t = table(pd.DataFrame({"name": ["<b>x</b>"]}))
    >>> "&lt;b&gt;x&lt;/b&gt;" in t.data and "<b>x" not in t.data
    True
    """
    from IPython.display import HTML

    body = df.to_html(escape=True, index=index, na_rep="–", border=0,
                      classes="analysis-table dataframe", render_links=False)
    body = (f'<p class="analysis-scroll-hint">The table scrolls sideways.</p>'
            f'<div class="analysis-scroll">{body}</div>')
    if caption:
        body = f"<figure><figcaption>{html.escape(caption)}</figcaption>{body}</figure>"
    return HTML(body)


@cache
def _plotly_ids(resolution: int) -> frozenset[str]:
    from analysis import geo

    topo = geo.plotly_topojson(f"world_{resolution}m")
    return frozenset(g.get("id") for g in topo["objects"]["countries"]["geometries"])


@cache
def _areas() -> dict[str, float]:
    from analysis import geo

    p = geo.points()
    return {r.iso3: float(r.area_km2) for r in p.itertuples() if r.area_km2 == r.area_km2}


@cache
def _points() -> dict[str, tuple[float, float, bool]]:
    from analysis import geo

    p = geo.points()
    return {r.iso3: (float(r.lon), float(r.lat), bool(r.is_small)) for r in p.itertuples()}


def _category_colors(values: Sequence[str], categories: Sequence[str] | None,
                     colors: Mapping[str, str] | None) -> dict[str, str]:
    """Category -> colour in legend order: given categories, then other values; no data last.
    Colours from ``colors``, else :data:`PALETTE` in order."""
    order = [c for c in (categories or []) if c != NO_DATA]
    order += [v for v in values if v not in order and v != NO_DATA]
    if NO_DATA in values or NO_DATA in (categories or []):
        order.append(NO_DATA)
    given = dict(colors or {})
    out, spare = {}, iter(PALETTE * (1 + len(order) // len(PALETTE)))
    for cat in order:
        out[cat] = given.get(cat) or (NO_DATA_COLOR if cat == NO_DATA else next(spare))
    return out


def _hover(df: pd.DataFrame, name_col: str, color_col: str, hover_cols: Sequence[str]
           ) -> tuple[list[list[str]], str]:
    """Hover rows ``[name, class, *fields, details]`` and the template; ``details`` lists only
    the fields with a value, so a country with no signature shows no empty "signature" line."""
    cols = [name_col, color_col, *[c for c in hover_cols if c not in (name_col, color_col)]]
    custom = []
    for row in df[cols].itertuples(index=False, name=None):
        values = [escape(v) for v in row]
        details = "".join(f"<br>{escape(c)}: {v}" for c, v in zip(cols[2:], values[2:],
                                                                    strict=True)
                          if v not in ("", "–"))
        custom.append([*values, details])
    last = len(cols)
    template = (f"<b>%{{customdata[0]}}</b><br>{escape(color_col)}: %{{customdata[1]}}"
                f"%{{customdata[{last}]}}<extra></extra>")
    return custom, template


def _geo_figure(df: pd.DataFrame, iso3_col: str, color_col: str, hover_cols: Sequence[str],
                title: str, *, name_col: str | None, categories: Sequence[str] | None,
                colors: Mapping[str, str] | None, colorscale: str, resolution: int,
                height: int, fitbounds: str | bool, legend_title: str | None,
                emphasis: Sequence[str] = (),
                emphasis_label: str = "small states, emphasised") -> go.Figure:
    import pandas as pd

    data = df.copy()
    data["_iso3"] = data[iso3_col].astype(str).str.upper()
    data = data.drop_duplicates("_iso3", keep="first")
    name_col = name_col or iso3_col
    shaped, pts = _plotly_ids(resolution), _points()
    data["_shape"] = data["_iso3"].isin(shaped)
    # Markers for small states and for entities plotly's map lacks (San Marino at 50m, the
    # Holy See, Kosovo): invisible or absent at world zoom otherwise.
    data["_marker"] = data["_iso3"].map(
        lambda c: c in pts and (pts[c][2] or c not in shaped)).astype(bool)
    data["_lon"] = data["_iso3"].map(lambda c: pts[c][0] if c in pts else None)
    data["_lat"] = data["_iso3"].map(lambda c: pts[c][1] if c in pts else None)
    not_drawn = sorted(data.loc[~data["_shape"] & ~data["_marker"], "_iso3"])

    numeric = pd.api.types.is_numeric_dtype(data[color_col]) and not \
        pd.api.types.is_bool_dtype(data[color_col])
    fig = go.Figure()
    line = {"color": BORDER_COLOR, "width": 0.5}
    if numeric:
        custom, template = _hover(data, name_col, color_col, hover_cols)
        data["_custom"] = custom
        has = data[color_col].notna()
        shapes, marks = data[data["_shape"] & has], data[data["_marker"] & has]
        fig.add_trace(go.Choropleth(
            locations=shapes["_iso3"].tolist(), z=shapes[color_col].tolist(),
            locationmode="ISO-3", coloraxis="coloraxis", marker_line=line,
            customdata=shapes["_custom"].tolist(), hovertemplate=template,
            name=escape(color_col), showlegend=False))
        fig.add_trace(go.Scattergeo(
            lon=marks["_lon"].tolist(), lat=marks["_lat"].tolist(), mode="markers",
            marker={"size": MARKER_SIZE, "color": marks[color_col].tolist(),
                    "coloraxis": "coloraxis", "line": {"color": "#444444", "width": 0.6}},
            customdata=marks["_custom"].tolist(), hovertemplate=template,
            name=escape(color_col), showlegend=False))
        missing = data[data["_shape"] & ~has]  # rows without a value: grey, kept in bounds
        if not missing.empty:
            fig.add_trace(go.Choropleth(
                locations=missing["_iso3"].tolist(), z=[0] * len(missing), locationmode="ISO-3",
                colorscale=[[0, NO_DATA_COLOR], [1, NO_DATA_COLOR]], showscale=False,
                marker_line=line, customdata=missing["_custom"].tolist(),
                hovertemplate=template, name=NO_DATA, showlegend=False))
        fig.update_layout(coloraxis={
            "colorscale": colorscale,
            "colorbar": {"title": {"text": escape(legend_title or color_col)}}})
    else:
        data[color_col] = data[color_col].astype("object").where(data[color_col].notna(), NO_DATA)
        data[color_col] = data[color_col].map(str)
        if categories is None and isinstance(df[color_col].dtype, pd.CategoricalDtype):
            categories = [str(c) for c in df[color_col].cat.categories]
        palette = _category_colors(sorted(data[color_col].unique()), categories, colors)
        custom, template = _hover(data, name_col, color_col, hover_cols)
        data["_custom"] = custom
        lower: list[tuple[pd.DataFrame, str]] = []
        upper: list[tuple[pd.DataFrame, str]] = []
        areas = _areas()
        for cat, colour in palette.items():
            rows = data[data[color_col] == cat]
            if rows.empty and cat == NO_DATA:
                continue
            shapes = rows[rows["_shape"]]
            label = escape(cat)
            fig.add_trace(go.Choropleth(
                locations=shapes["_iso3"].tolist(), z=[0] * len(shapes), locationmode="ISO-3",
                colorscale=[[0, colour], [1, colour]], zmin=0, zmax=1, showscale=False,
                marker_line=line, customdata=shapes["_custom"].tolist(),
                hovertemplate=template, name=label, legendgroup=label, showlegend=True))
            if cat in emphasis:  # small parties (Qatar) must not hide under a neighbour's dot
                small = [areas.get(c, 0.0) < EMPHASIS_AREA_KM2 and lon is not None
                         and lon == lon for c, lon in zip(rows["_iso3"], rows["_lon"],
                                                          strict=True)]
                marks = rows[rows["_marker"].to_numpy(bool) | pd.Series(small, dtype=bool,
                                                                        index=rows.index)]
                upper.append((marks, colour))
            else:
                lower.append((rows[rows["_marker"]], colour))
        # One trace for the small states' dots, then one for parties and reported
        # ratifications above them (plotly draws later traces on top).
        # plotly.js scores a point under the pointer max(d - r, 1 - 3/r) (r: marker radius,
        # at least 3): a dot of radius 3 scores 0 and beats a neighbour's bigger dot (0.25 at
        # radius 4), so the upper markers are size 6 drawn bigger by a thick outline.
        for group, name, size, edge in (
                (lower, "small states", MARKER_SIZE, 0.8),
                (upper, emphasis_label, EMPHASIS_SIZE, 2.5)):
            marks = pd.concat([m for m, _ in group]) if group else data.iloc[:0]
            colours = [c for m, c in group for _ in range(len(m))]
            fig.add_trace(go.Scattergeo(
                lon=marks["_lon"].tolist(), lat=marks["_lat"].tolist(), mode="markers",
                marker={"size": size, "color": colours,
                        # the small lower dots get a dark ring; the upper ones are widened
                        # by a ring of their own colour (a solid, larger dot)
                        "line": {"color": colours if group is upper else "#1a1a1a",
                                 "width": edge}},
                customdata=marks["_custom"].tolist(), hovertemplate=template,
                name=name, showlegend=False))

    world = fitbounds is False
    fig.update_layout(
        title={"text": escape(title), "x": 0.01, "xanchor": "left"} if title else None,
        height=height,
        margin={"l": 0, "r": 0, "t": 48 if title else 8, "b": 0},
        legend={"title": {"text": escape(legend_title or color_col)}, "orientation": "h",
                "yanchor": "top", "y": 0.02, "x": 0.01, "bgcolor": "rgba(255,255,255,0.7)"},
        geo={
            "resolution": resolution,
            "fitbounds": fitbounds,
            "projection": {"type": "natural earth"},
            "showframe": False, "showcoastlines": False,
            "showcountries": True, "countrycolor": BORDER_COLOR, "countrywidth": 0.5,
            "showland": True, "landcolor": NO_DATA_COLOR,
            "showocean": False, "showlakes": False,
            **({"lataxis": {"range": [-58, 85]}} if world else {}),
        },
        meta={"not_drawn": not_drawn},
        hoverdistance=HOVER_DISTANCE, dragmode=False,
    )
    return fig


def world_map(df: pd.DataFrame, iso3_col: str, color_col: str,
              hover_cols: Sequence[str] = (), title: str = "", *,
              name_col: str | None = None, categories: Sequence[str] | None = None,
              colors: Mapping[str, str] | None = None, colorscale: str = "Blues",
              resolution: int = 50, height: int = 520,
              legend_title: str | None = None, emphasis: Sequence[str] = (),
              emphasis_label: str = "small states, emphasised") -> go.Figure:
    """A world map: one colour per country from ``color_col``; small states as markers.

    Categorical columns get one legend entry per category in a fixed order (``categories``,
    else the column's categorical order, else sorted), coloured from ``colors``, else from
    :data:`PALETTE` in that order; numeric columns a colour scale. Small states (under
    30,000 km²) in an ``emphasis`` class get a marker drawn above every other marker (one
    trace named ``emphasis_label``), so a small member of a rare class is never hidden.
    Countries absent from ``df`` are plain grey land. ISO-3 codes with neither a shape nor a
    label point (e.g. ``EUU``) are listed in ``fig.layout.meta["not_drawn"]``.
    Shapes come from plotly's built-in ``world_50m`` (``resolution=50``) or ``world_110m``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso3": ["NAM", "TUV", "VAT"], "name": ["Namibia", "Tuvalu", "Holy See"],
    ...                    "status": ["party", "signatory", "not signed"]})
    >>> fig = world_map(df, "iso3", "status", hover_cols=["name"], name_col="name")
    >>> [t.type for t in fig.data].count("scattergeo"), fig.data[0].name
    (2, 'not signed')
    >>> sorted(sum((list(t.lon) for t in fig.data if t.type == "scattergeo"), []))[:1]
    [12.4393]
    """
    return _geo_figure(df, iso3_col, color_col, hover_cols, title, name_col=name_col,
                       categories=categories, colors=colors, colorscale=colorscale,
                       resolution=resolution, height=height, fitbounds=False,
                       legend_title=legend_title, emphasis=emphasis,
                       emphasis_label=emphasis_label)


def region_map(df: pd.DataFrame, iso3_col: str, color_col: str,
               iso3_in_region: Sequence[str], hover_cols: Sequence[str] = (),
               title: str = "", *, name_col: str | None = None,
               categories: Sequence[str] | None = None, colors: Mapping[str, str] | None = None,
               colorscale: str = "Blues", resolution: int = 50, height: int = 480,
               legend_title: str | None = None, emphasis: Sequence[str] = (),
               emphasis_label: str = "small states, emphasised") -> go.Figure:
    """A map zoomed on a region: world scope with ``fitbounds="locations"`` (the other
    arguments as in :func:`world_map`).

    Only rows whose ISO-3 code is in ``iso3_in_region`` are drawn; region members missing from
    ``df`` are drawn as ``"no data"`` so the zoom covers the whole region. (plotly's regional
    ``scope`` values would fetch other map files.)

    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso3": ["FRA", "BRA"], "status": ["party", "signatory"]})
    >>> fig = region_map(df, "iso3", "status", ["FRA", "MCO"])
    >>> fig.layout.geo.fitbounds, sorted(fig.data[0].locations)
    ('locations', ['FRA'])
    """
    import pandas as pd

    members = [str(c).upper() for c in iso3_in_region]
    data = df[df[iso3_col].astype(str).str.upper().isin(members)].copy()
    present = set(data[iso3_col].astype(str).str.upper())
    missing = [c for c in members if c not in present]
    if missing:
        fill: dict[str, Any] = {iso3_col: missing}
        if name_col and name_col != iso3_col:
            fill[name_col] = missing
        if pd.api.types.is_numeric_dtype(df[color_col]):
            fill[color_col] = [float("nan")] * len(missing)
        else:
            fill[color_col] = [NO_DATA] * len(missing)
            if isinstance(df[color_col].dtype, pd.CategoricalDtype):
                data[color_col] = data[color_col].astype(str)
                categories = categories or [str(c) for c in df[color_col].cat.categories]
        data = pd.concat([data, pd.DataFrame(fill)], ignore_index=True)
    return _geo_figure(data, iso3_col, color_col, hover_cols, title, name_col=name_col,
                       categories=categories, colors=colors, colorscale=colorscale,
                       resolution=resolution, height=height, fitbounds="locations",
                       legend_title=legend_title, emphasis=emphasis,
                       emphasis_label=emphasis_label)


def bar_chart(df: pd.DataFrame, label_col: str, value_col: str, title: str = "", *,
              color_col: str | None = None, categories: Sequence[str] | None = None,
              colors: Mapping[str, str] | None = None, hover_cols: Sequence[str] = (),
              descending: bool = True, horizontal: bool = True, height: int | None = None,
              value_title: str | None = None) -> go.Figure:
    """Sorted bars (largest first, at the top when horizontal), labels HTML-escaped.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"region": ["Africa", "Asia", "Europe"], "n": [3, 9, 5]})
    >>> list(bar_chart(df, "region", "n").data[0].y)
    ['Asia', 'Europe', 'Africa']
    """
    data = df.sort_values([value_col, label_col], ascending=[not descending, True],
                          kind="stable").reset_index(drop=True)
    labels = [escape(v) for v in data[label_col]]
    extra = [c for c in hover_cols if c not in (label_col, value_col)]
    custom = [[escape(v) for v in row]
              for row in data[[label_col, value_col, *extra]].itertuples(index=False, name=None)]
    template = "<br>".join(
        ["<b>%{customdata[0]}</b>", f"{escape(value_col)}: %{{customdata[1]}}"]
        + [f"{escape(c)}: %{{customdata[{i}]}}" for i, c in enumerate(extra, start=2)]
    ) + "<extra></extra>"
    orientation = "h" if horizontal else "v"
    groups: list[tuple[str | None, list[int], str]] = []
    if color_col is None:
        groups.append((None, list(range(len(data))), PALETTE[0]))
    else:
        values = data[color_col].astype(str).tolist()
        palette = _category_colors(sorted(set(values)), categories, colors)
        groups += [(cat, [i for i, v in enumerate(values) if v == cat], colour)
                   for cat, colour in palette.items() if cat in values]
    fig = go.Figure()
    for cat, rows, colour in groups:  # one trace per category: one legend entry each
        lab = [labels[i] for i in rows]
        val = [data[value_col].iloc[i] for i in rows]
        fig.add_trace(go.Bar(
            x=val if horizontal else lab, y=lab if horizontal else val,
            orientation=orientation, marker_color=colour, name=escape(cat) if cat else "",
            customdata=[custom[i] for i in rows], hovertemplate=template,
            showlegend=cat is not None))
    axis = {"categoryorder": "array",
            "categoryarray": labels[::-1] if horizontal else labels, "automargin": True}
    value_axis = {"title": {"text": escape(value_title or value_col)}, "rangemode": "tozero"}
    fig.update_layout(
        title={"text": escape(title), "x": 0.01, "xanchor": "left"} if title else None,
        height=height or (max(300, 22 * len(labels) + 120) if horizontal else 420),
        margin={"l": 8, "r": 8, "t": 48 if title else 8, "b": 8},
        yaxis=axis if horizontal else value_axis, xaxis=value_axis if horizontal else axis,
        barmode="overlay", plot_bgcolor="white",
        legend={"title": {"text": escape(color_col)}} if color_col else None,
    )
    fig.update_xaxes(gridcolor="#eeeeee")
    fig.update_yaxes(gridcolor="#eeeeee")
    return _no_drag(fig)


def headline(items: Sequence[Mapping[str, Any]], *, as_of: str | None = None,
             caption: str = "") -> HTML:
    """Headline numbers as HTML a reader and a test can both read.

    Each item is a mapping with ``metric`` (a machine name, written to ``data-metric``),
    ``value``, ``label`` and optionally ``detail``. The block carries ``data-as-of`` (the
    ``as_of`` the numbers are for, "" for the latest data). Every text is HTML-escaped.

    >>> h = headline([{"metric": "signatories", "value": 73, "label": "<b>signed</b>"}],
    ...              as_of="2026-11-29")
    >>> import re
    >>> re.findall(r'data-metric="([^"]+)"[^>]*>([^<]*)</span>', h.data)
    [('signatories', '73')]
    >>> "&lt;b&gt;signed&lt;/b&gt;" in h.data and 'data-as-of="2026-11-29"' in h.data
    True
    """
    from IPython.display import HTML

    def esc(value: Any) -> str:
        return html.escape("–" if value is None else str(value), quote=True)

    cards = []
    for item in items:
        detail = item.get("detail")
        cards.append(
            '<div class="analysis-metric" style="flex:1 1 9em; padding:0.5em 0.75em; '
            'border:1px solid #d0d0d0; border-radius:6px; background:#fafafa;">'
            f'<span class="analysis-metric-value" data-metric="{esc(item["metric"])}" '
            'style="display:block; font-size:2em; font-weight:600; line-height:1.2;">'
            f'{esc(item["value"])}</span>'
            f'<span class="analysis-metric-label" style="display:block;">'
            f'{esc(item["label"])}</span>'
            + (f'<span class="analysis-metric-detail" style="display:block; color:#555; '
               f'font-size:0.85em;">{esc(detail)}</span>' if detail else "")
            + "</div>")
    body = "".join(cards)
    cap = (f'<p class="analysis-headline-caption" style="margin:0.5em 0 0; color:#555;">'
           f"{esc(caption)}</p>" if caption else "")
    return HTML(f'<div class="analysis-headline" data-as-of="{esc(as_of or "")}">'
                f'<div style="display:flex; flex-wrap:wrap; gap:0.5em;">{body}</div>{cap}</div>')


def legend_html(items: Sequence[Mapping[str, str]]) -> str:
    """An HTML legend: one swatch (square, circle or star) and label per item, escaped.

    >>> h = legend_html([{"label": "<b>party</b>", "color": "#0b3d6e", "symbol": "square"}])
    >>> h.startswith('<ul class="analysis-legend"'), "&lt;b&gt;party&lt;/b&gt;" in h
    (True, True)
    """
    shapes = {"square": "border-radius:2px", "circle": "border-radius:50%"}
    out = []
    for item in items:
        colour = html.escape(str(item.get("color", "#999999")), quote=True)
        if item.get("symbol") == "star":
            swatch = (f'<span aria-hidden="true" style="color:{colour};font-size:1.2em;'
                      '-webkit-text-stroke:1px #333">&#9733;</span>')
        else:
            swatch = (f'<span aria-hidden="true" style="display:inline-block;width:0.9em;'
                      f'height:0.9em;background:{colour};border:1px solid #555;'
                      f'{shapes.get(str(item.get("symbol")), "")};vertical-align:-0.1em">'
                      "</span>")
        out.append(f'<li style="display:inline-block;margin:0 1em 0.2em 0">{swatch} '
                   f'{html.escape(str(item.get("label", "")), quote=False)}</li>')
    return ('<ul class="analysis-legend" style="list-style:none;padding:0;margin:0.2em 0;'
            f'font-size:0.9em">{"".join(out)}</ul>')


def prose(text: str) -> HTML:
    """A sentence built from data, as an HTML paragraph with every character escaped.

    Use it for story text that carries numbers or names computed in a notebook (Markdown
    cells cannot, and Markdown output would read data text as markup).

    >>> prose("73 signed <b>so far</b>").data
    '<p class="analysis-prose">73 signed &lt;b&gt;so far&lt;/b&gt;</p>'
    """
    from IPython.display import HTML

    return HTML(f'<p class="analysis-prose">{html.escape(text, quote=False)}</p>')
