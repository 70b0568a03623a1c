"""Replaying a reference treaty: its real milestones (the truth) and where they fell in a
forecast made on an earlier day.

A replay runs the whole pipeline for a treaty whose outcome is known (``report --treaty untoc
--as-of 2002-06-01``): the status as it stood, the forecast calibrated without the treaty and
its siblings (:func:`analysis.forecast.forecast`), and then what really happened, from the
treaty milestone table (:func:`analysis.treaties.milestones`):

- :func:`truth`: the real threshold and entry-into-force dates, one row each;
- :func:`placed`: where each fell in the forecast's distribution (percentile of the paths,
  and which central intervals hold it);
- :func:`truth_sentence`: the same in words, every figure computed;
- :func:`is_replay`, :func:`not_available`: which parts of a report apply, read from the
  profile's ``status_source`` (the curated treaty has news, known unknowns and what-ifs; a
  reference treaty has only its UNTC participant table).

>>> t = truth("untoc")
>>> list(t["milestone"]), bool(t["known"].all())
(['threshold', 'entry_into_force'], True)
>>> bool(truth().loc[0, "known"])  # the Hanoi Convention: not yet known
False
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "LEVELS", "TRUTH_COLUMNS", "actual_instruments", "calibration", "check_day", "data_sources",
    "is_replay",
    "not_available", "placed",
    "probability_dates", "truth", "truth_sentence",
]

#: Columns of :func:`truth`.
TRUTH_COLUMNS = ["milestone", "label", "date", "known", "count", "basis", "source_url",
                 "treaty"]
#: Central intervals reported by :func:`placed` (as in the forecast's quantile table).
LEVELS = (50, 80, 95)


def is_replay(treaty: Any = None) -> bool:
    """True for a reference treaty replayed from its UNTC participant table (its status
    has no news, known unknowns or what-ifs); False for the curated treaty (Hanoi).

    >>> is_replay(), is_replay("untoc")
    (False, True)
    """
    from analysis import treaty as _treaty

    return _treaty.get(treaty).status_source != "curated"


def check_day(treaty: Any, as_of: Any) -> None:
    """Raise ``ValueError`` saying what to write when ``as_of`` cannot be a replay's day: a
    reference treaty needs a day (ISO text) on or after its opening and no later than its
    table's vintage. Nothing to check for the curated treaty.

    >>> check_day("untoc", "2002-06-01")
    >>> check_day("untoc", None)
    Traceback (most recent call last):
    ...
    ValueError: a replay of untoc needs the day to replay: --as-of YYYY-MM-DD, between ...
    """
    from analysis import dates
    from analysis import treaty as _treaty
    from analysis.model.history import treaty_history

    t = _treaty.get(treaty)
    if not is_replay(t):
        return
    vintage = treaty_history(t.id).vintage
    span = (f"between {t.opened.date()} (opened) and {vintage.date()} (its table's "
            "vintage)")
    day = dates.parse_as_of(as_of)
    if day is None:
        raise ValueError(f"a replay of {t.id} needs the day to replay: --as-of YYYY-MM-DD, "
                         f"{span}")
    if not t.opened <= day <= vintage:
        raise ValueError(f"as_of {day.date()} is outside the replay of {t.id}: give a day "
                         f"{span}")


def not_available(what: str, treaty: Any = None) -> str:
    """The sentence a report shows for a section that does not apply to ``treaty``.

    >>> not_available("The what-if scenarios", "untoc")[:58]
    'The what-if scenarios: not available for this treaty (Unit'
    """
    from analysis import treaty as _treaty

    t = _treaty.get(treaty)
    why = ("its status comes only from the UNTC participant table, with no news reports, "
           "known unknowns or curated sources" if t.status_source != "curated" else
           "it has no such data")
    return f"{what}: not available for this treaty ({t.name}): {why}."


def data_sources(treaty: Any = None) -> pd.DataFrame:
    """Where a replayed treaty's status and milestones come from: one row per data file
    (``file, source, url, version, licence, notes``, read from its provenance sidecar).

    Empty for the curated treaty (its sources are :func:`analysis.status.source_summary`).

    >>> d = data_sources("untoc")
    >>> list(d["file"])
    ['raw/treaties/participants/untoc.csv', 'raw/treaties/treaty_milestones.csv']
    """
    import json

    from analysis import treaty as _treaty
    from analysis.datafiles import data_path, sidecar_path

    t = _treaty.get(treaty)
    cols = ["file", "source", "url", "version", "licence", "notes"]
    if not is_replay(t):
        return pd.DataFrame(columns=cols)
    rows = []
    for rel in (("raw", "treaties", "participants", f"{t.id}.csv"),
                ("raw", "treaties", "treaty_milestones.csv")):
        meta = json.loads(sidecar_path(data_path(*rel)).read_text(encoding="utf-8"))
        rows.append({"file": "/".join(rel), **{k: str(meta.get(k, "")) for k in cols[1:]}})
    return pd.DataFrame(rows, columns=cols)


def _attrs(out: pd.DataFrame, t: Any) -> pd.DataFrame:
    out.attrs.update({
        "as_of": None, "data_as_of": {}, "data_as_of_label": "treaty milestone table",
        "sources": ["treaty milestone table"],
        "source_urls": sorted({u for u in out.get("source_url", []) if u}),
        "source_files": ["raw/treaties/treaty_milestones.csv"], "treaty": t.id})
    return out


def truth(treaty: Any = None) -> pd.DataFrame:
    """The treaty's real milestones: the day its threshold was reached and the day it entered
    into force, from ``data/raw/treaties/treaty_milestones.csv``.

    One row per milestone (``threshold``, ``entry_into_force``), columns
    :data:`TRUTH_COLUMNS`; ``known`` is False (``date`` NaT) when the table has no date (a
    treaty not yet in force, such as the Hanoi Convention). Raises ``ValueError`` for an
    unknown treaty.

    >>> t = truth("untoc").set_index("milestone")
    >>> str(t.loc["entry_into_force", "date"].date()), int(t.loc["threshold", "count"])
    ('2003-09-29', 40)
    """
    from analysis import treaties
    from analysis import treaty as _treaty

    t = _treaty.get(treaty)
    m = treaties.milestones().set_index("treaty_id")
    row = m.loc[t.id] if t.id in m.index else pd.Series(dtype=object)

    def value(col: str) -> Any:
        v = row.get(col, pd.NA)
        return None if v is None or pd.isna(v) else v

    count = value("threshold_count")
    count = t.rule.threshold if count is None else int(count)
    rows = [
        {"milestone": "threshold", "label": f"the {count}th instrument",
         "date": value("threshold_reached_date"), "basis": value("threshold_date_basis") or ""},
        {"milestone": "entry_into_force", "label": "entry into force",
         "date": value("entry_into_force_date"), "basis": value("eif_rule") or ""},
    ]
    out = pd.DataFrame(rows)
    out["date"] = pd.to_datetime(out["date"])
    out["known"] = out["date"].notna()
    out["count"] = count
    out["source_url"] = value("source_url") or ""
    out["treaty"] = t.id
    return _attrs(out[TRUTH_COLUMNS], t)


def actual_instruments(treaty: Any = None) -> pd.DataFrame:
    """The counting instruments the treaty really had, by date (change points only), counted
    under its own rule by :func:`analysis.timeline.cumulative_counts` from its table.

    Columns ``date, count``; empty for a treaty without a participant table (the curated
    treaty: its own status lives elsewhere and its future is unknown).

    >>> a = actual_instruments("untoc")
    >>> int(a.loc[a["date"] <= "2003-07-01", "count"].max())
    40
    """
    from analysis import timeline
    from analysis import treaty as _treaty

    t = _treaty.get(treaty)
    if not is_replay(t):
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"),
                             "count": pd.Series(dtype=int)})
    curves = timeline.reference_curves({t.id: t.id})
    out = curves.loc[curves["series"] == "instruments", ["date", "count"]]
    return out.reset_index(drop=True)


def calibration(f: Any) -> pd.DataFrame:
    """The reference treaties forecast ``f`` was calibrated on, with the day each reached
    its threshold; ``attrs["left_out"]``: the treaty and its siblings (never calibrated on).

    >>> from analysis.forecast import forecast
    >>> c = calibration(forecast("2002-06-01", n_paths=2000, treaty="untoc"))
    >>> "untoc" in set(c["treaty_id"]), c.attrs["left_out"][0]
    (False, 'untoc')
    """
    from analysis import treaties
    from analysis import treaty as _treaty

    t = _treaty.get(f.attrs.get("treaty"))
    ids = list(f.attrs.get("calibration", ()))
    m = treaties.milestones().set_index("treaty_id")
    out = pd.DataFrame({
        "treaty_id": ids,
        "title": [str(m.loc[i, "title"]) if i in m.index else "" for i in ids],
        "threshold_reached_date": [m.loc[i, "threshold_reached_date"] if i in m.index
                                   else pd.NaT for i in ids],
    })
    out.attrs.update({k: f.attrs.get(k) for k in (
        "as_of", "data_as_of", "data_as_of_label", "sources", "source_urls", "source_files",
        "treaty")})
    out.attrs["left_out"] = [t.id, *sorted(t.siblings)] if is_replay(t) else []
    return out


def _percentile(samples: np.ndarray, value: float) -> float:
    """Mid-rank percentile of ``value`` among ``samples`` (NaN/inf = never: after all)."""
    s = np.where(np.isfinite(samples), samples, np.inf)
    below = np.mean(s < value)
    at = np.mean(s == value)
    return float(100.0 * (below + at / 2.0))


def _central(samples: np.ndarray, level: int) -> tuple[float, float]:
    s = np.where(np.isfinite(samples), samples, np.inf)
    lo, hi = (100 - level) / 2.0, 100 - (100 - level) / 2.0
    return (float(np.percentile(s, lo, method="inverted_cdf")),
            float(np.percentile(s, hi, method="inverted_cdf")))


def placed(f: Any, milestones: pd.DataFrame | None = None) -> pd.DataFrame:
    """Where each real milestone fell in forecast ``f``'s distribution.

    ``f`` is a :class:`analysis.forecast.Forecast` of a reference treaty; ``milestones``
    defaults to :func:`truth` of ``f``'s treaty. Returns one row per milestone with
    ``milestone, label, date, known, percentile`` (share of the paths that reached it on or
    before the real day, ties counted half, in %; paths that never reach it count as later),
    ``median`` (the forecast's median day) and ``in_50, in_80, in_95`` (whether the real day
    lies in that central interval of the paths). Rows whose truth is not known have NaN
    percentiles and ``pd.NA`` flags.

    >>> from analysis.forecast import forecast
    >>> p = placed(forecast("2002-06-01", n_paths=2000, treaty="untoc"))
    >>> bool(p["percentile"].between(0, 100).all()), list(p["milestone"])
    (True, ['threshold', 'entry_into_force'])
    """
    from analysis import treaty as _treaty

    tid = f.attrs.get("treaty")
    t = _treaty.get(tid)
    table = truth(t) if milestones is None else milestones
    opened = pd.Timestamp(t.opened)
    eif = f.samples.astype("datetime64[D]")
    eif_days = np.where(np.isnat(eif), np.inf,
                        (eif - np.datetime64(opened.date(), "D")).astype(np.int64))
    by_milestone = {"threshold": np.asarray(f.attrs["threshold_samples_days"], float),
                    "entry_into_force": eif_days.astype(float)}
    rows = []
    for rec in table.to_dict("records"):
        samples = by_milestone[rec["milestone"]]
        med = _central(samples, 0)[0]
        row = {"milestone": rec["milestone"], "label": rec["label"], "date": rec["date"],
               "known": bool(rec["known"]),
               "median": opened + pd.Timedelta(days=med) if np.isfinite(med) else pd.NaT}
        if rec["known"]:
            day = float((pd.Timestamp(rec["date"]) - opened).days)
            row["percentile"] = _percentile(samples, day)
            for level in LEVELS:
                lo, hi = _central(samples, level)
                row[f"in_{level}"] = bool(lo <= day <= hi)
        else:
            row["percentile"] = np.nan
            for level in LEVELS:
                row[f"in_{level}"] = pd.NA
        rows.append(row)
    out = pd.DataFrame(rows, columns=["milestone", "label", "date", "known", "percentile",
                                      "median", *(f"in_{lv}" for lv in LEVELS)])
    out.attrs.update({k: f.attrs.get(k) for k in (
        "as_of", "data_as_of", "data_as_of_label", "sources", "source_urls", "source_files",
        "treaty")})
    out.attrs["calibration"] = tuple(f.attrs.get("calibration", ()))
    return out


def _day(value: Any) -> str:
    from analysis.dates import parse_date

    d = parse_date(value, name="date")
    return f"{d.day} {d:%B %Y}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def truth_sentence(table: pd.DataFrame) -> str:
    """What :func:`placed` found, in words (every figure from the table).

    >>> row = {"milestone": "entry_into_force", "label": "entry into force",
    ...        "date": pd.Timestamp("2003-09-29"), "known": True, "percentile": 57.2,
    ...        "median": pd.Timestamp("2003-08-01"), "in_50": True, "in_80": True,
    ...        "in_95": True}
    >>> truth_sentence(pd.DataFrame([row]))[:78]
    'In fact, entry into force came on 29 September 2003, at the 57th percentile of'
    """
    parts = []
    for rec in table.to_dict("records"):
        if not rec["known"]:
            parts.append(f"the real date of {rec['label']} is not known yet")
            continue
        inside = [lv for lv in LEVELS if rec.get(f"in_{lv}") is True]
        where = (f"inside the central {inside[0]} % interval" if inside else
                 f"outside even the central {LEVELS[-1]} % interval")
        median, real = rec["median"], pd.Timestamp(rec["date"])
        if pd.isna(median):
            gap = "; the forecast's median is beyond its horizon"
        elif median == real:
            gap = "; the forecast's median was that day"
        else:
            gap = (f"; the forecast's median was {_day(median)}, {abs((real - median).days)} "
                   f"days {'earlier' if median < real else 'later'}")
        pct = int(round(float(rec["percentile"])))
        parts.append(f"{rec['label']} came on {_day(rec['date'])}, at the "
                     f"{_ordinal(pct)} percentile of the forecast's paths ({where}{gap})")
    if not parts:
        return ""
    text = "; ".join(parts)
    return f"In fact, {text}."


def probability_dates(dates: Sequence[Any], f: Any, n: int = 4) -> list[str]:
    """The dates to quote probabilities for: those of ``dates`` after the forecast's day and
    within its horizon (``f.attrs["horizon_years"]``, default 15); when none is (a replay
    with the Hanoi report's dates, decades later), the ``n`` year ends after the forecast's day.

    >>> class F: as_of, attrs = pd.Timestamp("2002-06-01"), {"horizon_years": 15}
    >>> probability_dates(["2010-12-31"], F()), probability_dates(["2027-12-31"], F(), n=2)
    (['2010-12-31'], ['2002-12-31', '2003-12-31'])
    """
    from analysis.dates import parse_date

    day = pd.Timestamp(f.as_of)
    horizon = day + pd.DateOffset(years=int(getattr(f, "attrs", {}).get("horizon_years", 15)))
    parsed = [parse_date(d, name="probability_dates") for d in dates]
    kept = [str(d.date()) for d in parsed if day < d <= horizon]
    if kept:
        return kept
    first = day.year if pd.Timestamp(f"{day.year}-12-31") > day else day.year + 1
    return [f"{first + i}-12-31" for i in range(n)]
