"""Report 01's figures (notebooks/01_participation.ipynb): who signed, who is bound.

Participation classes, their colours and legend, the world map with the EU's own marker, the
regional zoom, the share bars and the accumulation chart, built on the generic kit
(:mod:`analysis.plots`), which knows nothing of these classes.

>>> import pandas as pd
>>> t = pd.DataFrame({"iso3": ["FRA", "QAT"], "name": ["France", "Qatar"],
...                   "status": ["signatory", "ratified_domestically"]})
>>> fig = participation_map(t)
>>> [tr.name for tr in fig.data if tr.type == "choropleth"] == list(PARTICIPATION_ORDER)
True
"""

from __future__ import annotations

__all__ = [
    "BAND_COLORS", "EMPHASIS", "EU_MARKER_LONLAT", "LEGEND_LABELS", "PARTICIPATION_COLORS",
    "PARTICIPATION_HOVER", "PARTICIPATION_ORDER", "RATIFIED_DOMESTICALLY", "SHARE_COLORS",
    "accumulation_chart", "focus_map", "participation_map", "share_bars", "shown_status",
]

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from analysis.plots import PALETTE, _category_colors, _no_drag, escape, region_map, world_map

if TYPE_CHECKING:
    import pandas as pd

#: Map label of ``status`` ``ratified_domestically`` (issue #9): never drawn as a party.
RATIFIED_DOMESTICALLY = "ratified at home, deposit not confirmed"
#: Participation categories in legend order, and their colours: a dark-to-light ramp whose
#: steps differ in CIE lightness by at least 15 L* in colour, under deuteranopia and in
#: greyscale (see :func:`analysis.plots.lightness`; tested), so the classes never merge on
#: paper.
PARTICIPATION_ORDER: tuple[str, ...] = ("party", RATIFIED_DOMESTICALLY, "signatory",
                                        "not signed")
PARTICIPATION_COLORS: dict[str, str] = {
    "party": "#0b3d6e",
    RATIFIED_DOMESTICALLY: "#c5621a",
    "signatory": "#8fbfe8",
    "not signed": "#ededed",
}
#: Legend text of the participation classes (a consent is "party" only once deposited).
LEGEND_LABELS: dict[str, str] = {"party": "party (instrument deposited with the UN)"}
#: Classes whose small members get a marker drawn above every other marker.
EMPHASIS: tuple[str, ...] = ("party", RATIFIED_DOMESTICALLY)
#: Name of the trace of those markers.
EMPHASIS_LABEL = "small parties and reported ratifications"
#: Where the European Union's own marker sits on world maps (mid-Atlantic, west of Europe:
#: it stands for the organization, not for a place, and covers no member state).
EU_MARKER_LONLAT: tuple[float, float] = (-27.0, 47.0)
#: Display names of the hover fields of :func:`participation_map`.
PARTICIPATION_HOVER: dict[str, str] = {
    "iso3": "ISO code", "kind": "kind", "signature": "signature", "consent": "consent",
    "stage": "stage",
    "confidence": "source", "note": "note",
}
#: Colours of the two measures of :func:`share_bars`.
SHARE_COLORS: dict[str, str] = {"signed": PARTICIPATION_COLORS["signatory"],
                                "parties": PARTICIPATION_COLORS["party"]}
#: Colours of the evidence bands of :func:`accumulation_chart`.
BAND_COLORS: dict[str, str] = {"named: official record": "#3a3a3a",
                               "named: news only": "#E69F00",
                               "unnamed (count only)": "#d0d0d0"}


def shown_status(table: pd.DataFrame) -> pd.DataFrame:
    """The countries of ``table`` (its ``EUU`` row left out: not a country) with ``status``
    in map words (``ratified_domestically`` -> :data:`RATIFIED_DOMESTICALLY`).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"iso3": ["QAT", "EUU"], "status": ["ratified_domestically", "party"]})
    >>> shown_status(t)["status"].tolist()
    ['ratified at home, deposit not confirmed']
    """
    data = table[table["iso3"].astype(str).str.upper() != "EUU"].copy()
    data["status"] = data["status"].astype("object").replace(
        {"ratified_domestically": RATIFIED_DOMESTICALLY})
    return data


def _map_args(data: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    hover = [c for c in PARTICIPATION_HOVER if c in data.columns]
    return data.rename(columns=PARTICIPATION_HOVER), {
        "hover_cols": [PARTICIPATION_HOVER[c] for c in hover], "name_col": "name",
        "categories": PARTICIPATION_ORDER, "colors": PARTICIPATION_COLORS,
        "legend_title": "status", "emphasis": EMPHASIS, "emphasis_label": EMPHASIS_LABEL}


def participation_map(table: pd.DataFrame, title: str = "", *,
                      eu: Mapping[str, Any] | None = None, height: int = 560) -> go.Figure:
    """World map of participation: party, signatory, not signed; the EU as its own marker.

    ``table`` is :func:`analysis.participation.by_country` (columns ``iso3, name, status`` and
    the hover fields of :data:`PARTICIPATION_HOVER`); its ``EUU`` row is not a country and is
    left out of the map. ``eu`` (e.g. that row as a dict) adds one star marker, placed at
    :data:`EU_MARKER_LONLAT` and coloured by the EU's own status, so that member states keep
    their own colours. Small states are markers (:func:`analysis.plots.world_map`).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"iso3": ["FRA", "EUU"], "name": ["France", "European Union"],
    ...                   "status": ["signatory", "signatory"]})
    >>> fig = participation_map(t, eu=t.iloc[1].to_dict())
    >>> fig.data[-1].name, fig.data[-1].marker.symbol, fig.layout.meta["not_drawn"]
    ('European Union (signed as an organization)', 'star', [])
    """
    data = shown_status(table)
    hover = [c for c in PARTICIPATION_HOVER if c in data.columns]
    shown, args = _map_args(data)
    fig = world_map(shown, PARTICIPATION_HOVER["iso3"], "status", title=title, height=height,
                    **args)
    if eu is not None:
        state = str(eu.get("status", "signatory"))
        state = RATIFIED_DOMESTICALLY if state == "ratified_domestically" else state
        verb = {"party": "consented to be bound", "signatory": "signed"}.get(state, state)
        row = [escape(eu.get("name", "European Union")), escape(state)]
        row += [escape(eu.get(c, "")) for c in hover]
        lines = ["<b>%{customdata[0]}</b>", "status: %{customdata[1]}"]
        lines += [f"{escape(PARTICIPATION_HOVER[c])}: %{{customdata[{i}]}}"
                  for i, c in enumerate(hover, start=2)]
        fig.add_trace(go.Scattergeo(
            lon=[EU_MARKER_LONLAT[0]], lat=[EU_MARKER_LONLAT[1]], mode="markers+text",
            text=["EU"], textposition="middle right", textfont={"size": 11},
            marker={"size": 16, "symbol": "star",
                    "color": PARTICIPATION_COLORS.get(state, PALETTE[0]),
                    "line": {"color": "#333333", "width": 1}},
            customdata=[row], hovertemplate="<br>".join(lines) + "<extra></extra>",
            name=escape(f"European Union ({verb} as an organization)"), showlegend=True))
    # The legend as HTML under the map (figure_block): it wraps on a phone, where plotly's
    # horizontal legend runs off the side; every class is listed, also one with no member yet.
    legend = [{"label": LEGEND_LABELS.get(c, c), "color": PARTICIPATION_COLORS[c],
               "symbol": "square"} for c in PARTICIPATION_ORDER]
    legend.append({"label": "small state (dot)", "color": "#ffffff", "symbol": "circle"})
    if eu is not None:
        legend.append({"label": f"European Union ({verb} as an organization)",
                       "color": PARTICIPATION_COLORS.get(state, PALETTE[0]), "symbol": "star"})
    fig.update_layout(showlegend=False, meta={**fig.layout.meta, "legend": legend})
    return fig


def focus_map(table: pd.DataFrame, members: Sequence[str], title: str = "", *,
              resolution: int = 110, height: int = 480) -> go.Figure:
    """The participation map zoomed on a group of countries (e.g.
    :func:`analysis.regions.region_members`): same classes, colours and hover fields as
    :func:`participation_map`; members missing from ``table`` drawn as "no data".

    >>> import pandas as pd
    >>> t = pd.DataFrame({"iso3": ["FRA", "BRA"], "name": ["France", "Brazil"],
    ...                   "status": ["party", "signatory"]})
    >>> fig = focus_map(t, ["FRA", "MCO"])
    >>> fig.layout.geo.fitbounds, [tr.name for tr in fig.data if tr.type == "choropleth"][-1]
    ('locations', 'no data')
    """
    shown, args = _map_args(shown_status(table))
    return region_map(shown, PARTICIPATION_HOVER["iso3"], "status", members, title=title,
                      resolution=resolution, height=height, **args)


def share_bars(df: pd.DataFrame, label_col: str, title: str = "", *,
               members_col: str = "members", height: int | None = None) -> go.Figure:
    """Horizontal bars: the share of each group's members that signed and that are parties.

    ``df`` has ``label_col``, ``members_col``, ``signed``, ``parties``, ``signed_pct`` and
    ``parties_pct`` (e.g. :func:`analysis.participation.by_group`). Groups are sorted by the
    share that signed (largest at the top), then by size; labels are HTML-escaped; hover and
    bar text give "n of N".

    >>> import pandas as pd
    >>> df = pd.DataFrame({"group": ["A", "B"], "members": [4, 10], "signed": [1, 5],
    ...                    "parties": [0, 1], "signed_pct": [25.0, 50.0],
    ...                    "parties_pct": [0.0, 10.0]})
    >>> fig = share_bars(df, "group")
    >>> [t.name for t in fig.data], list(fig.layout.yaxis.categoryarray)
    (['parties', 'signed'], ['A', 'B'])
    """
    data = df.sort_values(["signed_pct", members_col, label_col],
                          ascending=[False, False, True], kind="stable").reset_index(drop=True)
    labels = [escape(v) for v in data[label_col]]
    fig = go.Figure()
    # Horizontal grouped bars stack traces bottom-up: parties first puts "signed" on top.
    for measure, word in (("parties", "parties (consented)"), ("signed", "signed")):
        custom = [[lab, escape(f"{n} of {m} ({p:.0f}%)"), escape(word)]
                  for lab, n, m, p in zip(labels, data[measure], data[members_col],
                                          data[f"{measure}_pct"], strict=True)]
        fig.add_trace(go.Bar(
            x=data[f"{measure}_pct"].tolist(), y=labels, orientation="h",
            name=measure, marker_color=SHARE_COLORS[measure],
            text=[f"{n}/{m}" if n or measure == "signed" else ""
                  for n, m in zip(data[measure], data[members_col], strict=True)],
            textposition="outside", cliponaxis=False, customdata=custom,
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[2]}: %{customdata[1]}"
                          "<extra></extra>"))
    fig.update_layout(
        title={"text": escape(title), "x": 0.01, "xanchor": "left"} if title else None,
        height=height or max(300, 40 * len(labels) + 130), barmode="group",
        margin={"l": 8, "r": 40, "t": 48 if title else 8, "b": 8}, plot_bgcolor="white",
        yaxis={"categoryorder": "array", "categoryarray": labels[::-1], "automargin": True},
        xaxis={"title": {"text": "share of the group's members (&#37;)"}, "range": [0, 105],
               "gridcolor": "#eeeeee"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0,
                "traceorder": "reversed"},
    )
    return _no_drag(fig)


def accumulation_chart(acc: pd.DataFrame, title: str = "") -> go.Figure:
    """Stacked bars: signatures accumulated by the end of each period, one band per evidence.

    ``acc`` is :func:`analysis.participation.accumulation` (``period, band, count,
    cumulative``): periods on the x axis in their given order; each bar is the running total,
    split into bands (:data:`BAND_COLORS`) by cumulative count; the text above a bar gives the
    total and what the period added.

    >>> import pandas as pd
    >>> acc = pd.DataFrame({"period": ["d1", "d1", "d2", "d2"], "band": ["a", "b", "a", "b"],
    ...                     "count": [3, 1, 2, 0], "cumulative": [4, 4, 6, 6]})
    >>> fig = accumulation_chart(acc)
    >>> [t.type for t in fig.data], list(fig.data[0].y), list(fig.data[-1].text)
    (['bar', 'bar', 'scatter'], [3, 5], ['4', '6 (+2)'])
    """
    periods = list(dict.fromkeys(acc["period"]))
    labels = [escape(p) for p in periods]
    bands = list(dict.fromkeys(acc["band"]))
    palette = _category_colors(bands, bands, BAND_COLORS if set(bands) <= set(BAND_COLORS)
                               else None)
    fig = go.Figure()
    for band in bands:
        rows = acc[acc["band"] == band].set_index("period")
        added = [int(rows["count"].get(p, 0)) for p in periods]
        running = [sum(added[: i + 1]) for i in range(len(added))]
        fig.add_trace(go.Bar(
            x=labels, y=running, name=escape(band), marker_color=palette[band],
            customdata=[[escape(band), lab, n] for lab, n in zip(labels, added, strict=True)],
            hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[0]}: %{y} by the end of the "
                          "period (+%{customdata[2]})<extra></extra>"))
    totals = acc.groupby("period", sort=False)["count"].sum()
    running_total = acc.groupby("period", sort=False)["cumulative"].first()
    text = [f"{int(running_total[p])}" + (f" (+{int(totals[p])})" if i and totals[p] else "")
            for i, p in enumerate(periods)]
    fig.add_trace(go.Scatter(
        x=labels, y=[int(running_total[p]) for p in periods], mode="text", text=text,
        textposition="top center", hoverinfo="skip", showlegend=False, cliponaxis=False))
    top = max([int(running_total.max()) if len(running_total) else 0, 1])
    fig.update_layout(
        title={"text": escape(title), "x": 0.01, "xanchor": "left"} if title else None,
        barmode="stack", height=440, plot_bgcolor="white",
        margin={"l": 8, "r": 8, "t": 48 if title else 8, "b": 8},
        xaxis={"categoryorder": "array", "categoryarray": labels, "automargin": True},
        yaxis={"title": {"text": "signatures by the end of the period"},
               "range": [0, top * 1.12], "gridcolor": "#eeeeee"},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0,
                "traceorder": "normal"},
    )
    return _no_drag(fig)
