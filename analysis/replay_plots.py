"""The truth of a replay drawn on a forecast figure (see :mod:`analysis.replay`).

>>> import plotly.graph_objects as go
>>> from analysis import replay
>>> fig = add_truth(go.Figure(), replay.truth("untoc"), replay.actual_instruments("untoc"))
>>> [t.name for t in fig.data][0]
'what happened: counting instruments'
"""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

__all__ = ["TRUTH_COLOR", "add_truth"]

#: The truth's colour: black, apart from the forecast's blue band and red intervals.
TRUTH_COLOR = "#000000"


def add_truth(fig: go.Figure, truth: pd.DataFrame, actual: pd.DataFrame | None = None,
              *, end: pd.Timestamp | None = None) -> go.Figure:
    """``fig`` (a date-axis forecast chart) with what really happened: the real counting
    instruments as a step line (``actual``: ``date, count``, to ``end`` when given) and a
    dashed vertical line at each known milestone of ``truth`` (:func:`analysis.replay.truth`).
    Milestones not known are left out. Returns the same figure.

    >>> from analysis import replay
    >>> fig = add_truth(go.Figure(), replay.truth("untoc"))
    >>> sorted(s.x0 for s in fig.layout.shapes)
    ['2003-07-01', '2003-09-29']
    """
    if actual is not None and len(actual):
        shown = actual if end is None else actual[actual["date"] <= pd.Timestamp(end)]
        fig.add_trace(go.Scatter(
            x=[d.strftime("%Y-%m-%d") for d in shown["date"]], y=shown["count"].tolist(),
            mode="lines", line={"color": TRUTH_COLOR, "width": 2, "shape": "hv"},
            name="what happened: counting instruments",
            hovertemplate="%{x}: %{y} instruments (what happened)<extra></extra>"))
    for rec in truth[truth["known"]].to_dict("records"):
        day = pd.Timestamp(rec["date"]).strftime("%Y-%m-%d")
        text = escape(f"what happened: {rec['label']}, {day}")
        fig.add_vline(x=day, line={"color": TRUTH_COLOR, "width": 2, "dash": "dash"})
        # an invisible marker gives the line a legend entry and a hover label
        fig.add_trace(go.Scatter(
            x=[day], y=[int(rec["count"])], mode="markers",
            marker={"color": TRUTH_COLOR, "size": 10, "symbol": "x"},
            name=text, hovertemplate=text + "<extra></extra>"))
    return fig
