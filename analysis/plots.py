"""Figure builders: world and regional maps, sorted bars, escaped tables.

Every builder returns a ``plotly.graph_objects.Figure`` that draws with no network once
:func:`analysis.offline.setup` has run (maps use plotly's built-in ISO-3 country shapes from the
pre-seeded ``world_50m`` data; small states are drawn as markers at their label points).

Text that comes from data (names, notes, sources, category labels) is HTML-escaped before it
goes into hover labels, legends, axis labels or titles: plotly renders a subset of HTML there,
so escaped text shows ``<script>`` literally and never becomes markup.

>>> import pandas as pd
>>> df = pd.DataFrame({"iso3": ["FRA", "MCO"], "status": ["party", "signatory"]})
>>> fig = world_map(df, "iso3", "status", categories=PARTICIPATION_ORDER)
>>> fig.layout.geo.fitbounds
False
"""

from __future__ import annotations

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

#: Participation categories in legend order, and their colours (colour-blind safe).
PARTICIPATION_ORDER: tuple[str, ...] = ("party", "signatory", "not signed")
PARTICIPATION_COLORS: dict[str, str] = {
    "party": "#1b7837",
    "signatory": "#7fbf7b",
    "not signed": "#bababa",
}
#: Colours given to categories in order when no colour is specified (Okabe-Ito).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                            "#D55E00", "#F0E442", "#000000")
#: Land with no data, and the "no data" category.
NO_DATA = "no data"
NO_DATA_COLOR = "#e8e8e8"
BORDER_COLOR = "#ffffff"
MARKER_SIZE = 8


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


def show(fig: go.Figure, config: Mapping[str, Any] | None = None) -> None:
    """Show a figure with the project's mode-bar config (no cloud button, no plotly logo).

    >>> show  # doctest: +ELLIPSIS
    <function show at ...>
    """
    fig.show(config={**DEFAULT_CONFIG, **(config or {})})


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
    if caption:
        body = f"<figure><figcaption>{html.escape(caption)}</figcaption>{body}</figure>"
    return HTML(body)


@cache
def _plotly_ids(resolution: int) -> frozenset[str]:
    from analysis import geo

    topo = geo.plotly_topojson(f"world_{resolution}m")
    return frozenset(g.get("id") for g in topo["objects"]["countries"]["geometries"])


@cache
def _points() -> dict[str, tuple[float, float, bool]]:
    from analysis import geo

    p = geo.points()
    return {r.iso3: (float(r.lon), float(r.lat), bool(r.is_small)) for r in p.itertuples()}


def _category_colors(values: Sequence[str], categories: Sequence[str] | None,
                     colors: Mapping[str, str] | None) -> dict[str, str]:
    """Category -> colour in legend order: given categories, then other values; no data last."""
    participation = set(PARTICIPATION_ORDER) | {NO_DATA}
    if categories is None and set(values) <= participation:
        categories = PARTICIPATION_ORDER
    order = [c for c in (categories or []) if c != NO_DATA]
    order += [v for v in values if v not in order and v != NO_DATA]
    if NO_DATA in values or NO_DATA in (categories or []):
        order.append(NO_DATA)
    given = dict(colors) if colors is not None else \
        (dict(PARTICIPATION_COLORS) if set(order) <= participation else {})
    out, spare = {}, iter(PALETTE * (1 + len(order) // len(PALETTE)))
    for cat in order:
        out[cat] = given.get(cat) or (NO_DATA_COLOR if cat == NO_DATA else next(spare))
    return out


def _hover(df: pd.DataFrame, name_col: str, color_col: str, hover_cols: Sequence[str]
           ) -> tuple[list[list[str]], str]:
    cols = [name_col, color_col, *[c for c in hover_cols if c not in (name_col, color_col)]]
    custom = [[escape(v) for v in row] for row in df[cols].itertuples(index=False, name=None)]
    lines = ["<b>%{customdata[0]}</b>", f"{escape(color_col)}: %{{customdata[1]}}"]
    lines += [f"{escape(c)}: %{{customdata[{i}]}}" for i, c in enumerate(cols[2:], start=2)]
    return custom, "<br>".join(lines) + "<extra></extra>"


def _geo_figure(df: pd.DataFrame, iso3_col: str, color_col: str, hover_cols: Sequence[str],
                title: str, *, name_col: str | None, categories: Sequence[str] | None,
                colors: Mapping[str, str] | None, colorscale: str, resolution: int,
                height: int, fitbounds: str | bool, legend_title: str | None) -> go.Figure:
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
        marker_traces = []
        for cat, colour in palette.items():
            rows = data[data[color_col] == cat]
            if rows.empty and cat == NO_DATA:
                continue
            shapes, marks = rows[rows["_shape"]], rows[rows["_marker"]]
            label = escape(cat)
            fig.add_trace(go.Choropleth(
                locations=shapes["_iso3"].tolist(), z=[0] * len(shapes), locationmode="ISO-3",
                colorscale=[[0, colour], [1, colour]], zmin=0, zmax=1, showscale=False,
                marker_line=line, customdata=shapes["_custom"].tolist(),
                hovertemplate=template, name=label, legendgroup=label, showlegend=True))
            marker_traces.append(go.Scattergeo(
                lon=marks["_lon"].tolist(), lat=marks["_lat"].tolist(), mode="markers",
                marker={"size": MARKER_SIZE, "color": colour,
                        "line": {"color": "#444444", "width": 0.6}},
                customdata=marks["_custom"].tolist(), hovertemplate=template,
                name=label, legendgroup=label, showlegend=False))
        for trace in marker_traces:  # markers above every shape
            fig.add_trace(trace)

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
    )
    return fig


def world_map(df: pd.DataFrame, iso3_col: str, color_col: str,
              hover_cols: Sequence[str] = (), title: str = "", *,
              name_col: str | None = None, categories: Sequence[str] | None = None,
              colors: Mapping[str, str] | None = None, colorscale: str = "Blues",
              resolution: int = 50, height: int = 520,
              legend_title: str | None = None) -> go.Figure:
    """A world map: one colour per country from ``color_col``; small states as markers.

    Categorical columns get one legend entry per category in a fixed order (``categories``,
    else the column's categorical order, else the participation order when the labels are
    ``party``/``signatory``/``not signed``, else sorted); numeric columns a colour scale.
    Countries absent from ``df`` are plain grey land. ISO-3 codes with neither a shape nor a
    label point (e.g. ``EUU``) are listed in ``fig.layout.meta["not_drawn"]``.
    Shapes come from plotly's built-in ``world_50m`` (``resolution=50``) or ``world_110m``.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso3": ["NAM", "TUV", "VAT"], "name": ["Namibia", "Tuvalu", "Holy See"],
    ...                    "status": ["party", "signatory", "not signed"]})
    >>> fig = world_map(df, "iso3", "status", hover_cols=["name"], name_col="name")
    >>> [t.type for t in fig.data].count("scattergeo"), fig.data[0].name
    (3, 'party')
    >>> sorted(sum((list(t.lon) for t in fig.data if t.type == "scattergeo"), []))[:1]
    [12.4393]
    """
    return _geo_figure(df, iso3_col, color_col, hover_cols, title, name_col=name_col,
                       categories=categories, colors=colors, colorscale=colorscale,
                       resolution=resolution, height=height, fitbounds=False,
                       legend_title=legend_title)


def region_map(df: pd.DataFrame, iso3_col: str, color_col: str,
               iso3_in_region: Sequence[str], hover_cols: Sequence[str] = (),
               title: str = "", *, name_col: str | None = None,
               categories: Sequence[str] | None = None, colors: Mapping[str, str] | None = None,
               colorscale: str = "Blues", resolution: int = 50, height: int = 480,
               legend_title: str | None = None) -> go.Figure:
    """A map zoomed on a region: world scope with ``fitbounds="locations"``.

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
                       legend_title=legend_title)


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
    return fig
