"""Figure builders for the entry-into-force report (``notebooks/02_entry_into_force.ipynb``).

- :func:`cumulative_figure` and :func:`siblings_figure`: signatures and counting instruments
  of the Convention against UNTOC and UNCAC, aligned on days since opening, with the
  threshold lines (and, optionally, the forecast's band of instruments to come); the curves
  are computed by :func:`analysis.timeline.cumulative_counts` (re-exported here, with
  :func:`analysis.timeline.with_plot_dates`), :func:`analysis.timeline.reference_curves`,
  :func:`analysis.forecast.convention_curves` and :func:`analysis.forecast.instrument_band`;
- :func:`fan_chart`: counting instruments deposited by each month-end (10-90 % band and
  mean), the threshold, and the entry-into-force date's median and 50/80/95 % intervals;
- :func:`probability_figure`: the probability of being in force by each month-end, one line
  per scenario (baseline and what-ifs);
- :func:`scenario_table`: quantiles and probabilities by date per scenario;
- :func:`backtest_overview` and :func:`coverage_figure`: the backtest's aggregate table and
  the interval coverage against the nominal level;
- :func:`forecast_text`, :func:`scenario_text` and :func:`backtest_text`: the report's
  printed summaries of a forecast, of the what-ifs and of the backtest.

The figures stay lean: curves are step change points or the forecast's month-end grid, never
the Monte Carlo samples. Text that comes from data (treaty names, scenario labels, notes) is
HTML-escaped with :func:`analysis.plots.escape`; show figures with :func:`analysis.plots.show`
and tables with :func:`analysis.plots.table`.

>>> import pandas as pd
>>> ev = pd.DataFrame({"participant": ["A", "A", "B"], "iso3": ["AAA", "AAA", "BBB"],
...                    "action": ["signature", "ratification", "signature"],
...                    "date": pd.to_datetime(["2020-01-01", "2020-03-01", "2020-01-02"])})
>>> out = cumulative_counts(ev, "2020-01-01", "X", threshold=2)
>>> out[["series", "day", "count"]].values.tolist()
[['signatures', 0, 1], ['signatures', 1, 2], ['instruments', 60, 1]]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.plots import PALETTE, escape
from analysis.timeline import cumulative_counts, with_plot_dates  # re-exported

if TYPE_CHECKING:
    from analysis.forecast import Forecast

__all__ = [
    "SERIES",
    "backtest_overview",
    "count_table_display",
    "score_table",
    "backtest_text",
    "coverage_figure",
    "cumulative_counts",
    "cumulative_figure",
    "fan_chart",
    "forecast_text",
    "probability_figure",
    "scenario_table",
    "scenario_text",
    "siblings_figure",
    "with_plot_dates",
]

#: The two cumulative series, in legend order.
SERIES: tuple[str, ...] = ("signatures", "instruments")
#: Display names of the backtest's methods, in table order.
METHOD_LABELS: dict[str, str] = {
    "model": "our model",
    "progress_matched": "progress-matched reference class (time from the same share of the "
                        "threshold)",
    "reference_class": "reference class (other treaties' durations)",
    "linear": "linear (pace so far, extrapolated; naive)",
}
#: Column of :func:`backtest_overview` with the error of the median forecast.
ERROR_LABEL = "error of the median (days, mean over cases)"
BAND_COLOR = "rgba(0, 114, 178, 0.18)"
THRESHOLD_COLOR = "#D55E00"
GRID_COLOR = "#eeeeee"
#: Line patterns of the scenarios of :func:`probability_figure`, in order.
SCENARIO_DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash",
                                    "longdashdot")
#: Fill opacity of the entry-into-force intervals in the fan chart (95 %, 80 %, 50 %).
INTERVAL_OPACITY: dict[str, float] = {"95%": 0.10, "80%": 0.16, "50%": 0.24}


def _iso(values: Any) -> list[str]:
    """Dates as ISO day strings (lean, deterministic JSON); NaT as None."""
    return [None if pd.isna(v) else pd.Timestamp(v).date().isoformat() for v in values]


def _layout(fig: go.Figure, title: str, *, height: int, xaxis: dict[str, Any],
            yaxis: dict[str, Any]) -> go.Figure:
    fig.update_layout(
        title={"text": escape(title), "x": 0.01, "xanchor": "left"} if title else None,
        height=height, plot_bgcolor="white", hovermode="closest",
        margin={"l": 8, "r": 8, "t": 56 if title else 8, "b": 8},
        legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0.0},
        xaxis={"gridcolor": GRID_COLOR, "automargin": True, "fixedrange": True, **xaxis},
        yaxis={"gridcolor": GRID_COLOR, "automargin": True, "rangemode": "tozero",
               "fixedrange": True, **yaxis},
        dragmode=False,  # a swipe on a phone scrolls the page, it does not zoom the chart
    )
    return fig


# --- cumulative curves -------------------------------------------------------------------

def _step_xy(days: Sequence[int], counts: Sequence[int], end_day: int | None
             ) -> tuple[list[int], list[int]]:
    """Start at (0, 0) and hold the last count to ``end_day`` (drawn with ``shape="hv"``)."""
    x, y = [0, *map(int, days)], [0, *map(int, counts)]
    if end_day is not None and x[-1] < end_day:
        x.append(int(end_day))
        y.append(y[-1])
    return x, y


def cumulative_figure(curves: pd.DataFrame, threshold: int = 40, *,
                      other_thresholds: Mapping[str, int] | None = None,
                      end_days: Mapping[str, int | Mapping[str, int]] | None = None,
                      band: pd.DataFrame | None = None, band_color: str = BAND_COLOR,
                      band_line_color: str = PALETTE[0],
                      colors: Mapping[str, str] | None = None,
                      title: str = "", max_day: int | None = None,
                      height: int = 520) -> go.Figure:
    """Step curves of :func:`cumulative_counts` frames (concatenated), one colour per treaty.

    Signatures are dashed, counting instruments solid; ``threshold`` is drawn as a horizontal
    line (the Convention's 40), ``other_thresholds`` (treaty -> count, e.g. UNCAC's 30) as
    dotted lines in the treaty's colour. ``end_days`` holds a treaty's last count to that day
    (how far its data reach): treaty -> day, or treaty -> {series: day}. ``band`` (``day,
    low, high, mean``, e.g. from a forecast's ``by_date``) is drawn as a shaded band
    "forecast instruments (10-90 %)" in ``band_color``, its mean dotted in ``band_line_color``.

    >>> c = pd.DataFrame({"treaty": ["X", "X"], "series": ["signatures", "instruments"],
    ...                   "day": [0, 5], "count": [3, 1]})
    >>> fig = cumulative_figure(c, 2)
    >>> [t.name for t in fig.data], fig.layout.shapes[0].y0
    (['X signatures', 'X instruments'], 2)
    """
    treaties = list(dict.fromkeys(curves["treaty"]))
    given = dict(colors or {})
    spare = iter(c for c in PALETTE if c not in given.values())
    palette = {t: given.get(t) or next(spare) for t in treaties}
    fig = go.Figure()
    if band is not None and len(band):
        b = band if max_day is None else band[band["day"] <= max_day]
        fig.add_trace(go.Scatter(x=b["day"].tolist(), y=b["high"].tolist(), mode="lines",
                                 line={"width": 0}, hoverinfo="skip", showlegend=False,
                                 legendgroup="band"))
        fig.add_trace(go.Scatter(
            x=b["day"].tolist(), y=b["low"].tolist(), mode="lines", line={"width": 0},
            fill="tonexty", fillcolor=band_color, name="forecast instruments (10-90 &#37;)",
            legendgroup="band", customdata=b["high"].tolist(),
            hovertemplate="day %{x}: %{y}-%{customdata} instruments (10-90 &#37;)"
                          "<extra></extra>"))
        if "mean" in b:
            fig.add_trace(go.Scatter(
                x=b["day"].tolist(), y=np.round(b["mean"], 1).tolist(), mode="lines",
                line={"color": band_line_color, "width": 1.5, "dash": "dot"},
                name="forecast instruments (mean)", legendgroup="band",
                hovertemplate="day %{x}: %{y} instruments (mean)<extra></extra>"))
    for treaty in treaties:
        for series in SERIES:
            rows = curves[(curves["treaty"] == treaty) & (curves["series"] == series)]
            if rows.empty:
                continue
            end = (end_days or {}).get(treaty)
            if isinstance(end, Mapping):
                end = end.get(series)
            if end is not None and max_day is not None:
                end = min(end, max_day)
            x, y = _step_xy(rows["day"], rows["count"], end)
            label = escape(f"{treaty} {series}")
            fig.add_trace(go.Scatter(
                x=x, y=y, mode="lines", line_shape="hv", name=label,
                line={"color": palette[treaty], "width": 2.2 if series == "instruments" else 1.5,
                      "dash": "solid" if series == "instruments" else "dash"},
                hovertemplate=f"<b>{label}</b><br>day %{{x}}: %{{y}}<extra></extra>"))
    fig.add_hline(y=threshold, line={"color": THRESHOLD_COLOR, "width": 1.5},
                  annotation_text=escape(f"threshold: {threshold} instruments"),
                  annotation_position="top left")
    for treaty, value in (other_thresholds or {}).items():
        fig.add_hline(y=value, line={"color": palette.get(treaty, "#666666"), "width": 1,
                                     "dash": "dot"},
                      annotation_text=escape(f"{treaty} threshold: {value}"),
                      annotation_position="bottom right")
    xaxis: dict[str, Any] = {"title": {"text": "days since opening for signature"}}
    if max_day is not None:
        xaxis["range"] = [0, max_day]
    return _layout(fig, title, height=height, xaxis=xaxis,
                   yaxis={"title": {"text": "signatories / counting instruments"}})


#: The Convention's colour in :func:`siblings_figure` (its curves and its forecast band).
CONVENTION_COLOR = "#000000"
CONVENTION_BAND_COLOR = "rgba(0, 0, 0, 0.10)"


def siblings_figure(references: pd.DataFrame, convention: pd.DataFrame,
                    band: pd.DataFrame | None = None, *, max_day: int | None = None,
                    title: str = "", height: int = 520) -> go.Figure:
    """The Convention's curves against its reference treaties', by days since opening.

    ``references``: :func:`analysis.timeline.reference_curves` (each treaty held to
    ``max_day``; a threshold other than the Convention's is a dotted line);
    ``convention``: :func:`analysis.forecast.convention_curves` (in black, held to its
    ``end_days``); ``band``: :func:`analysis.forecast.instrument_band` (grey). Drawn by
    :func:`cumulative_figure`.

    >>> ref = pd.DataFrame({"treaty": ["R"], "series": ["instruments"], "day": [5],
    ...                     "count": [30]})
    >>> ref.attrs["thresholds"] = {"R": (30, 5)}
    >>> conv = pd.DataFrame({"treaty": ["C"], "series": ["instruments"], "day": [3],
    ...                      "count": [1]})
    >>> conv.attrs.update(threshold=40, treaty="C", end_days={"instruments": 9})
    >>> fig = siblings_figure(ref, conv, max_day=10)
    >>> [t.name for t in fig.data], [t.x[-1] for t in fig.data], fig.data[1].line.color
    (['R instruments', 'C instruments'], [10, 9], '#000000')
    """
    threshold = convention.attrs["threshold"]
    label = convention.attrs["treaty"]
    refs = references.attrs["thresholds"]
    return cumulative_figure(
        pd.concat([references, convention], ignore_index=True), threshold,
        other_thresholds={t: n for t, (n, _) in refs.items() if n != threshold},
        end_days={**dict.fromkeys(refs, max_day), label: convention.attrs["end_days"]},
        band=band, band_color=CONVENTION_BAND_COLOR, band_line_color=CONVENTION_COLOR,
        max_day=max_day, colors={label: CONVENTION_COLOR}, title=title, height=height)


# --- the forecast -------------------------------------------------------------------------

def _quantiles(f: Forecast) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    q = f.quantiles.set_index("interval")
    return {name: (q.loc[name, "lower"], q.loc[name, "upper"]) for name in q.index}


def _day(value: Any) -> str:
    return "beyond the horizon" if pd.isna(value) else str(pd.Timestamp(value).date())


def forecast_text(f: Forecast, dates: Sequence[Any] = ()) -> str:
    """A forecast in words: its dates and counts, the median and intervals of the
    entry-into-force date, the probability of being in force by each of ``dates``, the
    probability of not being in force within the horizon, and the forecast's notes.

    >>> from analysis.forecast import forecast
    >>> text = forecast_text(forecast("2026-11-29", n_paths=2000, seed=1), ["2030-12-31"])
    >>> text.splitlines()[0][:41]
    'forecast made 2026-11-29; information dat'
    >>> [line[:25] for line in text.splitlines()[5:7]]
    ['  P(in force by 2030-12-3', '  P(not in force within 1']
    """
    lines = [f"forecast made {f.as_of.date()}; information date {f.info_date.date()}; "
             f"{f.known_instruments} counting instruments {_known_words(f)}; "
             f"{f.attrs['needed']} missing; {f.attrs['n_paths']:,} paths, seed {f.attrs['seed']}",
             f"median entry into force: {_day(f.median)}"]
    lines += [f"  {row.interval} interval: {_day(row.lower)} to {_day(row.upper)}"
              for row in f.quantiles.itertuples() if row.interval != "median"]
    lines += [f"  P(in force by {day}) = {f.p_in_force_by(day):.1%}" for day in dates]
    lines += [f"  P(not in force within {f.attrs['horizon_years']} years) = "
              f"{f.p_never:.2%}", "", "notes:"]
    lines += [f" - {plain_text(note)}" for note in f.notes]
    return "\n".join(lines)


def _reported_counted(f: Forecast) -> bool:
    return any("include_reported=True" in n for n in f.notes)


def _known_words(f: Forecast) -> str:
    """How the forecast's known instruments were counted, in words."""
    return ("counted (the ratifications reported at home count as deposited)"
            if _reported_counted(f) else "known")


def plain_text(text: str) -> str:
    """Python list literals in a note as words ("A, B and C").

    >>> plain_text("reported consents (['Azerbaijan', 'Qatar', 'Viet Nam']) are counted")
    'reported consents (Azerbaijan, Qatar and Viet Nam) are counted'
    """
    def words(m: re.Match[str]) -> str:
        items = re.findall(r"'([^']*)'", m.group(0))
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"

    return re.sub(r"\[(?:'[^']*'(?:, )?)+\]", words, text)


def fan_chart(f: Forecast, *, title: str = "", end: Any = None, height: int = 520,
              known_label: str | None = None) -> go.Figure:
    """Counting instruments by month-end (mean, 10-90 % band), threshold, and the
    entry-into-force date's median and 50/80/95 % intervals (shaded, darkest = 50 %).

    ``end`` cuts the month-end grid (default: a year after the 95 % interval's upper end);
    the instruments already known (``f.known_instruments`` at ``f.info_date``) are a marker.

    >>> from analysis.forecast import forecast
    >>> fig = fan_chart(forecast("2026-11-29", n_paths=2000, seed=1))
    >>> [t.name for t in fig.data][1:3]
    ['instruments (10-90 &#37;)', 'instruments (mean)']
    """
    q = _quantiles(f)
    lo95, hi95 = q["95%"]
    if end is None:
        end = (hi95 if pd.notna(hi95) else f.by_date["date"].max()) + pd.DateOffset(years=1)
    bd = f.by_date[f.by_date["date"] <= pd.Timestamp(end)]
    x = _iso(bd["date"])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=bd["instruments_p90"].tolist(), mode="lines",
                             line={"width": 0}, hoverinfo="skip", showlegend=False,
                             legendgroup="band"))
    fig.add_trace(go.Scatter(
        x=x, y=bd["instruments_p10"].tolist(), mode="lines", line={"width": 0}, fill="tonexty",
        fillcolor=BAND_COLOR, name="instruments (10-90 &#37;)", legendgroup="band",
        customdata=bd["instruments_p90"].tolist(),
        hovertemplate="%{x}: %{y}-%{customdata} instruments (10-90 &#37;)<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=x, y=np.round(bd["instruments_mean"], 1).tolist(), mode="lines",
        line={"color": PALETTE[0], "width": 2}, name="instruments (mean)",
        hovertemplate="%{x}: %{y} instruments (mean)<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=_iso([f.info_date]), y=[f.known_instruments], mode="markers",
        marker={"color": "#000000", "size": 8, "symbol": "diamond"},
        name=escape(known_label or (
            f"counted: {f.known_instruments} by {f.info_date.date()}"
            + (" (reported at home, counted as deposited)" if _reported_counted(f) else ""))),
        hovertemplate="%{x}: %{y} instruments known<extra></extra>"))
    if len(bd):  # the months with no data are simulated: say so where the band starts
        first = bd.iloc[0]
        fig.add_trace(go.Scatter(
            x=_iso([f.info_date, first["date"]]),
            y=[f.known_instruments, round(float(first["instruments_mean"]), 1)],
            mode="lines", line={"color": PALETTE[0], "width": 1.5, "dash": "dot"},
            name=escape(f"simulated: no deposit data after {f.info_date.date()}"),
            hovertemplate=escape(f"no deposit data after {f.info_date.date()}: the model "
                                 "simulates these months") + "<extra></extra>"))
    for name in ("95%", "80%", "50%"):
        lo, hi = q[name]
        if pd.isna(lo):
            continue
        right = hi if pd.notna(hi) else pd.Timestamp(end)
        fig.add_vrect(x0=_iso([lo])[0], x1=_iso([right])[0], fillcolor=THRESHOLD_COLOR,
                      opacity=INTERVAL_OPACITY[name], line_width=0, layer="below")
        # an invisible trace gives the interval a legend entry and a hover label
        fig.add_trace(go.Scatter(
            x=_iso([lo, right]), y=[f.threshold, f.threshold], mode="markers",
            marker={"color": THRESHOLD_COLOR, "opacity": INTERVAL_OPACITY[name] * 3,
                    "symbol": "square", "size": 10},
            name=escape(f"entry into force, {name} interval"),
            hovertemplate=escape(f"{name} interval: {lo.date()} to ")
            + (escape(hi.date()) if pd.notna(hi) else "beyond the horizon")
            + "<extra></extra>"))
    med = f.median
    if pd.notna(med):
        fig.add_vline(x=_iso([med])[0], line={"color": THRESHOLD_COLOR, "width": 2})
        fig.add_trace(go.Scatter(
            x=_iso([med]), y=[f.threshold], mode="markers",
            marker={"color": THRESHOLD_COLOR, "size": 10, "symbol": "line-ns-open",
                    "line": {"width": 2, "color": THRESHOLD_COLOR}},
            name=escape(f"entry into force, median: {med.date()}"),
            hovertemplate=escape(f"median entry into force: {med.date()}") + "<extra></extra>"))
    fig.add_hline(y=f.threshold, line={"color": "#444444", "width": 1.2, "dash": "dash"},
                  annotation_text=escape(f"threshold: {f.threshold} instruments"),
                  annotation_position="top left")
    start = min(f.info_date, f.as_of) - pd.DateOffset(months=3)
    return _layout(fig, title, height=height,
                   xaxis={"title": {"text": "date"}, "type": "date",
                          "range": _iso([start, pd.Timestamp(end)])},
                   yaxis={"title": {"text": "counting instruments deposited"}})


def probability_figure(scenarios: Mapping[str, Forecast], *, title: str = "",
                       end: Any = None, max_years: int = 8, height: int = 460,
                       colors: Mapping[str, str] | None = None) -> go.Figure:
    """The probability of being in force by each month-end, one line per scenario.

    Scenario names (the mapping's keys) are escaped. The first scenario (the baseline) is
    drawn thicker and solid; every other has its own dash pattern (:data:`SCENARIO_DASHES`),
    so lines stay apart in greyscale and for colour-blind readers, and a scenario whose curve
    is identical to an earlier one stays visible on top of it. ``end`` cuts the grid
    (default: a year after the first month-end by which every scenario is at least 95 % in
    force, at most ``max_years`` after the forecast date).

    >>> from analysis.forecast import forecast
    >>> f = forecast("2026-11-29", n_paths=2000, seed=1)
    >>> fig = probability_figure({"baseline": f})
    >>> fig.data[0].name, max(fig.data[0].y) <= 1
    ('baseline', True)
    """
    if end is None:
        ends = []
        for f in scenarios.values():
            hit = f.by_date.loc[f.by_date["p_in_force"] >= 0.95, "date"]
            ends.append(hit.iloc[0] if len(hit) else f.by_date["date"].max())
        first = min(f.as_of for f in scenarios.values())
        end = min(max(ends) + pd.DateOffset(years=1), first + pd.DateOffset(years=max_years))
    fig = go.Figure()
    spare = iter(PALETTE * 2)
    seen: list[np.ndarray] = []
    for i, (name, f) in enumerate(scenarios.items()):
        bd = f.by_date[f.by_date["date"] <= pd.Timestamp(end)]
        label = escape(name)
        colour = (colors or {}).get(name) or next(spare)
        p = f.by_date["p_in_force"].to_numpy()
        same = any(len(q) == len(p) and np.array_equal(q, p) for q in seen)
        seen.append(p)
        # each line its own dash pattern: two Okabe-Ito colours can look alike to a
        # deuteranope or on paper, two patterns cannot
        dash = SCENARIO_DASHES[i % len(SCENARIO_DASHES)]
        fig.add_trace(go.Scatter(
            x=_iso(bd["date"]), y=np.round(bd["p_in_force"], 4).tolist(), mode="lines",
            line={"color": colour, "width": 3.5 if i == 0 else 2,
                  "dash": "dash" if same and dash == "solid" else dash}, name=label,
            hovertemplate=f"<b>{label}</b><br>%{{x}}: %{{y:.1%}}<extra></extra>"))
    fig.add_hline(y=0.5, line={"color": "#999999", "width": 1, "dash": "dot"})
    return _layout(fig, title, height=height,
                   xaxis={"title": {"text": "date"}, "type": "date"},
                   yaxis={"title": {"text": "probability in force"}, "tickformat": ".0%",
                          "range": [0, 1.02]})


def scenario_table(scenarios: Mapping[str, Forecast], dates: Sequence[Any] = ()
                   ) -> pd.DataFrame:
    """One row per scenario: median, 50/80/95 % intervals, P(in force by each date), p_never.

    Dates are ISO text ("beyond horizon" for an open end); probabilities are percentages.

    >>> from analysis.forecast import forecast
    >>> t = scenario_table({"baseline": forecast("2026-11-29", n_paths=2000, seed=1)},
    ...                    ["2030-12-31"])
    >>> list(t.columns)[:3]
    ['scenario', 'median', '50% interval']
    """
    def day(v: Any) -> str:
        return "beyond horizon" if pd.isna(v) else pd.Timestamp(v).date().isoformat()

    rows = []
    for name, f in scenarios.items():
        q = _quantiles(f)
        row: dict[str, Any] = {"scenario": name, "median": day(f.median)}
        for level in ("50%", "80%", "95%"):
            lo, hi = q[level]
            row[f"{level} interval"] = f"{day(lo)} to {day(hi)}"
        for d in dates:
            row[f"P(in force by {pd.Timestamp(d).date()})"] = \
                f"{100 * f.p_in_force_by(d):.1f}%"
        row["P(not within 15 years)"] = f"{100 * f.p_never:.2f}%"
        rows.append(row)
    return pd.DataFrame(rows)


def scenario_text(medians: pd.DataFrame, notes: pd.DataFrame) -> str:
    """The what-ifs in words: per scenario, its new notes and its median against the baseline.

    ``medians`` and ``notes`` are :func:`analysis.scenarios.scenario_medians` and
    :func:`analysis.scenarios.scenario_notes`.

    >>> medians = pd.DataFrame({"scenario": ["baseline", "EU"],
    ...     "median": pd.to_datetime(["2028-04-28", "2028-03-30"]),
    ...     "shift_days": pd.array([0, -29], dtype="Int64")})
    >>> notes = pd.DataFrame({"scenario": ["EU"], "note": ["the EU does not count"]})
    >>> print(scenario_text(medians, notes))
    baseline: median 2028-04-28 (+0 days against the baseline)
    [EU] the EU does not count
    EU: median 2028-03-30 (-29 days against the baseline)
    """
    lines = []
    for row in medians.itertuples(index=False):
        lines += [f"[{row.scenario}] {note}"
                  for note in notes.loc[notes["scenario"] == row.scenario, "note"]]
        shift = "unknown" if pd.isna(row.shift_days) else f"{row.shift_days:+d}"
        lines.append(f"{row.scenario}: median {_day(row.median)} ({shift} days against the "
                     "baseline)")
    return "\n".join(lines)


# --- the backtest -------------------------------------------------------------------------

def backtest_overview(table: pd.DataFrame, scope: str = "overall") -> pd.DataFrame:
    """The backtest's aggregate rows for one ``scope``, one row per method, for display.

    ``scope``: ``overall`` (every case), ``overall_linear_cases`` (the cases where the linear
    baseline is defined) or ``origin`` (one row per origin and method). Columns: method,
    (origin), cases, :data:`ERROR_LABEL` (the absolute error of the forecast median, averaged
    over the cases), coverage of the 50/80/95 % intervals (share of cases inside), CRPS
    (days); numbers as text, "–" where a method has none (the linear point forecast).

    >>> from analysis.backtest import backtest
    >>> bt = backtest(["untoc", "uncac", "fctc"], origins={12: 365}, n_paths=300)
    >>> backtest_overview(bt)["method"].tolist()[0]
    'our model'
    """
    rows = table[table["scope"] == scope].copy()
    rows["order"] = rows["model"].map({m: i for i, m in enumerate(METHOD_LABELS)})
    keys = ["origin_months", "order"] if scope == "origin" else ["order"]
    rows = rows.sort_values(keys, kind="stable")
    out = pd.DataFrame({"method": rows["model"].map(METHOD_LABELS).fillna(rows["model"])})
    if scope == "origin":
        out["origin (months after opening)"] = rows["origin_months"].astype(int)
    out["cases"] = rows["n"].astype(int)
    out[ERROR_LABEL] = ["–" if pd.isna(v) else f"{v:.0f}" for v in rows["abs_error"]]
    for level in ("50", "80", "95"):
        out[f"{level}% interval coverage"] = [
            "–" if pd.isna(v) else f"{100 * v:.0f}%" for v in rows[f"cover_{level}"]]
    out["CRPS (days)"] = ["–" if pd.isna(v) else f"{v:.0f}" for v in rows["crps"]]
    return out.reset_index(drop=True)


def backtest_text(table: pd.DataFrame) -> str:
    """The backtest in words: the cases, the error of the forecast median of each method
    (every case; the cases where the linear baseline is defined), the model's interval
    coverage and the cases outside its 95 % interval.

    >>> from analysis.backtest import backtest
    >>> bt = backtest(["untoc", "uncac", "fctc"], origins={12: 365}, n_paths=300)
    >>> backtest_text(bt).splitlines()[0]
    '3 cases (3 treaties x 1 origins, origins after the threshold skipped)'
    """
    from analysis.forecast import backtest_misses, backtest_scope

    overall = backtest_scope(table, "overall")
    lin = backtest_scope(table, "overall_linear_cases")
    model = overall.loc["model"]
    cases = table[table["scope"] == "case"]
    outside = backtest_misses(table, 95)
    return "\n".join([
        f"{int(model['n'])} cases ({cases['treaty_id'].nunique()} treaties x "
        f"{cases['origin_months'].nunique()} origins, origins after the threshold skipped)",
        "absolute error of the forecast median, mean over cases:",
        f"  all cases: model {overall.loc['model', 'abs_error']:.0f} days, "
        f"reference class {overall.loc['reference_class', 'abs_error']:.0f} days",
        f"  the {int(lin.loc['linear', 'n'])} cases with a linear "
        f"forecast: model {lin.loc['model', 'abs_error']:.0f}, reference class "
        f"{lin.loc['reference_class', 'abs_error']:.0f}, linear "
        f"{lin.loc['linear', 'abs_error']:.0f} days",
        f"model interval coverage: 50 %: {model['cover_50']:.0%}, "
        f"80 %: {model['cover_80']:.0%}, 95 %: {model['cover_95']:.0%}",
        "outside the model's 95 % interval: "
        + ", ".join(f"{r.treaty_id} at {r.origin_months} months" for r in outside.itertuples()),
    ])


def coverage_figure(table: pd.DataFrame, *, title: str = "", height: int = 380) -> go.Figure:
    """Share of backtest cases inside the central 50/80/95 % intervals, against the nominal
    level (the diagonal is perfect calibration), for the methods with intervals.

    >>> from analysis.backtest import backtest
    >>> bt = backtest(["untoc", "uncac", "fctc"], origins={12: 365}, n_paths=300)
    >>> [t.name for t in coverage_figure(bt).data][:2]
    ['nominal', 'our model']
    """
    overall = table[table["scope"] == "overall"].set_index("model")
    levels = [0.5, 0.8, 0.95]
    fig = go.Figure(go.Scatter(x=[0.4, 1.0], y=[0.4, 1.0], mode="lines", name="nominal",
                               line={"color": "#999999", "dash": "dot"}, hoverinfo="skip"))
    for i, (model, label) in enumerate(METHOD_LABELS.items()):
        if model not in overall.index or overall.loc[model, "cover_50"] != \
                overall.loc[model, "cover_50"]:
            continue
        cover = [float(overall.loc[model, f"cover_{int(round(100 * lv))}"]) for lv in levels]
        name = escape(label)
        fig.add_trace(go.Scatter(
            x=levels, y=cover, mode="lines+markers", name=name,
            line={"color": PALETTE[i], "width": 2}, marker={"size": 9},
            hovertemplate=f"<b>{name}</b><br>nominal %{{x:.0%}}: covered %{{y:.0%}}"
                          "<extra></extra>"))
    return _layout(fig, title, height=height,
                   xaxis={"title": {"text": "nominal level of the central interval"},
                          "tickformat": ".0%", "range": [0.4, 1.0]},
                   yaxis={"title": {"text": "share of cases covered"}, "tickformat": ".0%",
                          "range": [0.4, 1.0], "rangemode": "normal"})


def score_table(summary: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.backtest.score_summary` for display: one row per method, each figure
    with its bootstrap interval over treaties ("240 [166-334]"), "–" where a method has none.

    >>> t = pd.DataFrame({"model": ["model"] * 3, "metric": ["cases", "crps", "cover_80"],
    ...                   "value": [68.0, 240.4, 0.74], "lower": [None, 166.0, 0.61],
    ...                   "upper": [None, 334.0, 0.85]})
    >>> score_table(t).iloc[0].tolist()
    ['our model', '68', '240 [166-334]', '74% [61-85%]']
    """
    def fmt(metric: str, row: pd.Series) -> str:
        if pd.isna(row["value"]):
            return "–"
        pct = metric.startswith("cover") or metric.startswith("crps_ratio")
        if metric.startswith("cover"):
            one = lambda v: f"{100 * v:.0f}"  # noqa: E731
            tail = "%"
        elif pct:
            one = lambda v: f"{v:.2f}"  # noqa: E731
            tail = ""
        else:
            one = lambda v: f"{v:.0f}"  # noqa: E731
            tail = ""
        text = one(row["value"]) + tail
        if pd.notna(row.get("lower")) and pd.notna(row.get("upper")):
            text += f" [{one(row['lower'])}-{one(row['upper'])}{tail}]"
        return text

    labels = {"cases": "cases", "mae": ERROR_LABEL, "crps": "CRPS (days)",
              "cover_50": "50% interval coverage", "cover_80": "80% interval coverage",
              "cover_95": "95% interval coverage",
              "crps_ratio_vs_progress_matched": "CRPS / progress-matched"}
    rows = []
    for model, group in summary.groupby("model", sort=False):
        row = {"method": METHOD_LABELS.get(model, model)}
        for r in group.itertuples():
            if r.metric in labels:
                row[labels[r.metric]] = fmt(r.metric, pd.Series(r._asdict()))
        rows.append(row)
    out = pd.DataFrame(rows).fillna("–")
    order = {label: i for i, label in enumerate(METHOD_LABELS.values())}
    out = out.sort_values("method", key=lambda c: c.map(order).fillna(99), kind="stable")
    return out.reset_index(drop=True)


def count_table_display(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.forecast.count_table` for display: dates as text, open ends in words.

    >>> t = pd.DataFrame({"known_count": [0, 5], "median": [pd.NaT, pd.Timestamp("2029-01-03")],
    ...                   "lower_80": [pd.Timestamp("2029-08-20"), pd.Timestamp("2028-03-22")],
    ...                   "upper_80": [pd.NaT, pd.Timestamp("2030-08-12")],
    ...                   "p_not_in_force_2030": [0.795, 0.2]})
    >>> count_table_display(t).iloc[0].tolist()
    ['0', 'beyond the horizon', '2029-08-20 to beyond the horizon', '80%']
    """
    def day(v: Any) -> str:
        return "beyond the horizon" if pd.isna(v) else str(pd.Timestamp(v).date())

    return pd.DataFrame({
        "instruments deposited today": table["known_count"].astype(str),
        "median entry into force": [day(v) for v in table["median"]],
        "80% interval": [f"{day(a)} to {day(b)}"
                         for a, b in zip(table["lower_80"], table["upper_80"], strict=True)],
        "P(not in force by end of 2030)": [f"{100 * v:.0f}%"
                                           for v in table["p_not_in_force_2030"]],
    })
