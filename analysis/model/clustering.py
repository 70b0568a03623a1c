"""Optional: clustering of deposits at treaty events (off by default)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from analysis.model.history import (
    CALIBRATION_TREATIES,
    History,
    _is_state,
    _reio_codes,
    treaty_history,
)

__all__ = [
    "ANNIVERSARY_HALF_WIDTH",
    "ClusteringEstimate",
    "EventWindows",
    "SNAP_HORIZON",
    "UNGA_WINDOW_DAYS",
    "clustering_share",
    "event_windows",
]

#
# Fixed a priori from treaty_models_literature.md (ss. 2 and 6), before any backtest run,
# and not changed after seeing its results:
# - windows, in every calendar year: the UNGA / UN Treaty Event window, the 10 days from the
#   third Tuesday of September (inclusive), and the anniversary of the treaty's opening for
#   signature +-3 days, from the first anniversary on (for UNCAC: 9 December, International
#   Anti-Corruption Day); overlapping windows merge;
# - a simulated deposit on a day outside every window whose next window starts within
#   SNAP_HORIZON days is moved, with probability ``share``, to a uniform day of that window;
# - ``share`` comes from the calibration treaties only: the excess of the observed share of
#   deposits in windows over the share a locally smooth density would put there, divided by
#   the share such a density puts on "eligible" days (see :func:`clustering_share`).

UNGA_WINDOW_DAYS = 10
ANNIVERSARY_HALF_WIDTH = 3
SNAP_HORIZON = 120
#: Half-width (days) of the uniform kernel giving the share expected without clustering.
_SMOOTH_HALF_WIDTH = 91


def _third_tuesday_of_september(year: int) -> pd.Timestamp:
    first = pd.Timestamp(year=year, month=9, day=1)
    return first + pd.Timedelta(days=(1 - first.weekday()) % 7 + 14)


def _window_flags(opened: pd.Timestamp, last_day: int) -> np.ndarray:
    """True for each day ``0..last_day`` (since opening) inside an event window."""
    flags = np.zeros(last_day + 1, bool)

    def mark(lo: pd.Timestamp, hi: pd.Timestamp) -> None:
        a, b = max((lo - opened).days, 0), min((hi - opened).days, last_day)
        if a <= b:
            flags[a:b + 1] = True

    end = opened + pd.Timedelta(days=last_day)
    for year in range(opened.year, end.year + 1):
        tue = _third_tuesday_of_september(year)
        mark(tue, tue + pd.Timedelta(days=UNGA_WINDOW_DAYS - 1))
    for k in range(1, end.year - opened.year + 2):
        ann = opened + pd.DateOffset(years=k)
        half = pd.Timedelta(days=ANNIVERSARY_HALF_WIDTH)
        mark(ann - half, ann + half)
    return flags


@dataclass(frozen=True, eq=False)
class EventWindows:
    """A treaty's event windows by day since opening, with the snapping rule's lookups.

    ``in_window[d]``: day ``d`` is in a window; ``next_start[d]``/``next_len[d]``: first day
    and length of the first window starting after ``d`` (a large number when none);
    ``eligible[d]``: outside every window with the next one starting within ``horizon``.
    ``share``: probability that an eligible simulated deposit is snapped.
    """

    opened: pd.Timestamp
    share: float
    in_window: np.ndarray
    next_start: np.ndarray
    next_len: np.ndarray
    eligible: np.ndarray
    horizon: int = SNAP_HORIZON


def event_windows(opened: Any, last_day: int, share: float = 0.0,
                  horizon: int = SNAP_HORIZON) -> EventWindows:
    """The event windows of a treaty opened on ``opened``, for days ``0..last_day``.

    >>> w = event_windows("2003-12-09", 800)           # UNCAC, opened at Merida
    >>> [str(pd.Timestamp("2003-12-09") + pd.Timedelta(days=int(d)))[:10]
    ...  for d in np.flatnonzero(w.in_window)[[0, 9, 10, 16]]]
    ['2004-09-21', '2004-09-30', '2004-12-06', '2004-12-12']
    """
    opened = pd.Timestamp(opened)
    flags = _window_flags(opened, int(last_day))
    prev = np.concatenate([[False], flags[:-1]])
    starts = np.flatnonzero(flags & ~prev)
    ends = np.flatnonzero(flags & ~np.concatenate([flags[1:], [False]]))
    days = np.arange(len(flags))
    idx = np.searchsorted(starts, days, side="right")
    big = np.iinfo(np.int64).max // 4
    has = idx < len(starts)
    next_start = np.where(has, starts[np.minimum(idx, len(starts) - 1)] if len(starts)
                          else big, big).astype(np.int64)
    next_len = np.where(has, (ends - starts + 1)[np.minimum(idx, len(starts) - 1)]
                        if len(starts) else 1, 1).astype(np.int64)
    eligible = ~flags & (next_start - days <= horizon)
    for a in (flags, next_start, next_len, eligible):
        a.flags.writeable = False
    return EventWindows(opened=opened, share=float(share), in_window=flags,
                        next_start=next_start, next_len=next_len, eligible=eligible,
                        horizon=int(horizon))


@dataclass(frozen=True)
class ClusteringEstimate:
    """:func:`clustering_share`: ``share`` = clip((observed - expected) / eligible, 0, 1).

    ``observed``: share of the calibration deposits on window days; ``expected``: the share
    a locally smooth density (uniform kernel of +-91 days around each deposit) puts on window
    days; ``eligible``: the share it puts on days a deposit could be snapped from; ``n``:
    deposits used.
    """

    treaty_ids: tuple[str, ...]
    share: float
    observed: float
    expected: float
    eligible: float
    n: int


def _deposit_days(h: History) -> np.ndarray:
    """Days (since opening) of the counting state consents after the opening day."""
    ok = (h.counted & _is_state(h.iso3, _reio_codes()) & np.isfinite(h.con) & (h.con > 0)
          & (h.con <= h.vintage_day))
    return h.con[ok].astype(np.int64)


@cache
def clustering_share(treaty_ids: tuple[str, ...] = CALIBRATION_TREATIES
                     ) -> ClusteringEstimate:
    """The clustering strength, estimated on ``treaty_ids`` only (pooled deposits). Cached.

    Deposits on the opening day (signing ceremonies) are left out, as is everything after a
    table's vintage.

    >>> est = clustering_share(("untoc", "uncac"))
    >>> 0.0 <= est.share <= 1.0 and est.n > 100
    True
    """
    ids = tuple(sorted(treaty_ids))
    obs = exp = elig = 0.0
    n = 0
    for t in ids:
        h = treaty_history(t)
        days = _deposit_days(h)
        if not len(days):
            continue
        last = int(h.vintage_day)
        w = event_windows(h.opened, last + SNAP_HORIZON + 1)
        cw = np.concatenate([[0], np.cumsum(w.in_window[:last + 1])])
        ce = np.concatenate([[0], np.cumsum(w.eligible[:last + 1])])
        lo = np.maximum(days - _SMOOTH_HALF_WIDTH, 1)
        hi = np.minimum(days + _SMOOTH_HALF_WIDTH, last)
        width = hi - lo + 1
        obs += float(w.in_window[days].sum())
        exp += float(((cw[hi + 1] - cw[lo]) / width).sum())
        elig += float(((ce[hi + 1] - ce[lo]) / width).sum())
        n += len(days)
    if n == 0 or elig <= 0:
        return ClusteringEstimate(ids, 0.0, np.nan, np.nan, np.nan, n)
    share = float(np.clip((obs - exp) / elig, 0.0, 1.0))
    return ClusteringEstimate(ids, share, obs / n, exp / n, elig / n, n)


def _snap(times: np.ndarray, windows: EventWindows, rng: np.random.Generator) -> None:
    """Move eligible simulated deposits to the next event window, in place (float32)."""
    s = np.float32(windows.share)
    if s <= 0 or times.size == 0:
        return
    last = len(windows.in_window) - 1
    u = rng.random(times.shape, dtype=np.float32)
    fin = np.isfinite(times)
    day = np.minimum(np.where(fin, times, 0), last).astype(np.int64)
    move = fin & windows.eligible[day] & (u < s)
    d = day[move]
    # given u < s, u / s is uniform on [0, 1): the position inside the window
    new = windows.next_start[d] + (u[move] / s) * windows.next_len[d]
    times[move] = new.astype(np.float32)
