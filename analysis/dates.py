"""One strict date parser and one as-of rule, used by every public function.

- :func:`parse_date` turns what a user passes as a date (ISO text ``YYYY-MM-DD``, a
  ``datetime.date``/``datetime``, a ``pandas.Timestamp`` or ``numpy.datetime64``) into a
  day-precision ``pandas.Timestamp`` (tz-naive, midnight). Everything else is a
  ``ValueError`` that says what to write: a bare number (``2026`` would be read by pandas as
  nanoseconds since 1970), ``NaT``/NaN, ``"31/12/2025"`` or any other day/month order,
  an empty string.
- :func:`parse_as_of` is the same for an optional ``as_of`` (``None`` stays ``None``).
- :func:`parse_month` reads ``YYYY-MM`` (and ``YYYY-MM-DD``) with its precision, for the
  curated tables' month dates.
- :func:`period_end` / :func:`latest_possible_date` and :func:`certainly_by` are the as-of
  rule: an event counts at ``as_of`` only when it *certainly* happened on or before it (its
  latest possible date, from its precision and a curated upper bound, is ``<= as_of``).

>>> parse_date("2026-12-31")
Timestamp('2026-12-31 00:00:00')
>>> parse_date(2026)
Traceback (most recent call last):
...
ValueError: as_of: 2026 is a bare number, not a date; write an ISO date such as '2026-12-31'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "PRECISIONS",
    "certainly_by",
    "latest_possible_date",
    "parse_as_of",
    "parse_date",
    "parse_month",
    "period_end",
]

#: Precisions a curated date may have.
PRECISIONS = ("day", "month", "year", "unknown")

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DAYTIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
_ISO_YEAR = re.compile(r"^\d{4}$")
_MAX_QUOTE = 200


def _quote(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_QUOTE else text[:_MAX_QUOTE] + "...'"


def _day(ts: pd.Timestamp) -> pd.Timestamp:
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.normalize().as_unit("ns")


def parse_date(value: Any, *, name: str = "as_of") -> pd.Timestamp:
    """A user-supplied date as a day-precision ``Timestamp``; anything doubtful raises.

    Accepts ``YYYY-MM-DD`` (or an ISO date-time), ``datetime.date``, ``datetime.datetime``,
    ``pandas.Timestamp`` and ``numpy.datetime64``. Time zones are converted to UTC and
    dropped; the time of day is dropped. ``name`` is used in error messages.

    >>> parse_date(pd.Timestamp("2025-10-25 13:00"))
    Timestamp('2025-10-25 00:00:00')
    >>> parse_date("31/12/2025")
    Traceback (most recent call last):
    ...
    ValueError: as_of: '31/12/2025' is not an ISO date; write YYYY-MM-DD, e.g. '2025-12-31'
    """
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        raise ValueError(f"{name}: a date is required, got {value!r}; write YYYY-MM-DD")
    if isinstance(value, bool) or isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name}: {value!r} is a bare number, not a date; write an ISO date "
                         "such as '2026-12-31'")
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | np.datetime64):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            raise ValueError(f"{name}: a date is required, got {value!r}; write YYYY-MM-DD")
        return _day(ts)
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DAY.match(text) or _ISO_DAYTIME.match(text):
            try:
                return _day(pd.Timestamp(text))
            except ValueError:
                raise ValueError(f"{name}: {_quote(value)} is not a valid date") from None
        if _ISO_MONTH.match(text) or _ISO_YEAR.match(text):
            raise ValueError(f"{name}: {_quote(value)} is a month or a year, not a day; write "
                             "the day you mean, e.g. the last day of the period "
                             f"('{_example_end(text)}')")
        example = _example(text)
        raise ValueError(f"{name}: {_quote(value)} is not an ISO date; write YYYY-MM-DD"
                         + (f", e.g. '{example}'" if example else ""))
    raise ValueError(f"{name}: {type(value).__name__} {_quote(value)} is not a date; "
                     "write YYYY-MM-DD")


def _example_end(text: str) -> str:
    if _ISO_YEAR.match(text):
        return f"{text}-12-31"
    start = pd.Timestamp(text + "-01")
    return str((start + pd.offsets.MonthEnd(0)).date())


def _example(text: str) -> str | None:
    # Only to make the message concrete: a guess is never used as the answer.
    m = re.match(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$", text)
    if not m:
        return None
    a, b, year = (int(g) for g in m.groups())
    for day, month in ((a, b), (b, a)):
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def parse_as_of(value: Any, *, name: str = "as_of") -> pd.Timestamp | None:
    """:func:`parse_date`, with ``None`` meaning "the latest data" (returned as ``None``).

    >>> parse_as_of(None) is None
    True
    >>> parse_as_of("2002-06-01")
    Timestamp('2002-06-01 00:00:00')
    """
    if value is None:
        return None
    return parse_date(value, name=name)


def parse_month(text: str, *, name: str = "date") -> tuple[pd.Timestamp, str]:
    """A curated ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as (first day, precision).

    >>> parse_month("2026-07")
    (Timestamp('2026-07-01 00:00:00'), 'month')
    """
    text = text.strip()
    for pattern, precision, fmt in ((_ISO_DAY, "day", "%Y-%m-%d"),
                                    (_ISO_MONTH, "month", "%Y-%m"),
                                    (_ISO_YEAR, "year", "%Y")):
        if pattern.match(text):
            try:
                return pd.Timestamp(dt.datetime.strptime(text, fmt)), precision
            except ValueError:
                break
    raise ValueError(f"{name}: {_quote(text)} is not YYYY-MM-DD, YYYY-MM or YYYY")


def period_end(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """Last day of the period a date of ``precision`` stands for (NaT stays NaT).

    >>> period_end(pd.Timestamp("2026-02-01"), "month")
    Timestamp('2026-02-28 00:00:00')
    """
    if pd.isna(date):
        return pd.NaT
    if precision == "month":
        return date + pd.offsets.MonthEnd(0)
    if precision == "year":
        return date + pd.offsets.YearEnd(0)
    return date


def latest_possible_date(date: pd.Timestamp, precision: str,
                         bound: pd.Timestamp | None = None) -> pd.Timestamp:
    """The latest day an event can have happened: the rule behind ``as_of`` (NaT = unbounded).

    >>> latest_possible_date(pd.Timestamp("2026-07-01"), "month")
    Timestamp('2026-07-31 00:00:00')
    >>> latest_possible_date(pd.NaT, "unknown", pd.Timestamp("2025-10-26"))
    Timestamp('2025-10-26 00:00:00')
    """
    end = period_end(date, precision)
    if bound is None or pd.isna(bound):
        return end
    return bound if pd.isna(end) else min(end, bound)


def certainly_by(latest: pd.Series, as_of: pd.Timestamp | None) -> pd.Series:
    """Boolean mask: which events certainly happened by ``as_of`` (all of them for None).

    ``latest`` holds each event's latest possible date (NaT = unbounded, never certain).

    >>> certainly_by(pd.Series(pd.to_datetime(["2026-01-31", None])),
    ...              pd.Timestamp("2026-02-01")).tolist()
    [True, False]
    """
    if as_of is None:
        return pd.Series(True, index=latest.index)
    return latest.le(as_of).fillna(False).astype(bool)
