"""Who has signed the Hanoi Convention (UNTC MTDSG XVIII-16) and who has consented to be bound.

Reads two hand-curated tables in ``data/curated/status/`` (each derived from
``data/raw/hanoi/hanoi_convention_status.csv`` and its ``.md``):

- ``events.csv``: the event log, one row per action (docs/CONVENTIONS.md), plus three curated
  columns: ``date_earliest`` / ``date_latest`` (a documented window when the day is unknown,
  e.g. "Hanoi, 25 or 26 Oct 2025") and ``uncertain`` (the two unconfirmed candidates for the
  72nd Hanoi signature, the United Arab Emirates and Uganda);
- ``known_unknowns.csv``: what the log does not know, as data (reported totals, unnamed
  signatures with date windows, pending consents, the data's as-of dates).

Functions:

- :func:`events`: the event log with dates parsed;
- :func:`status`: one row per participant, at a date or at the latest data;
- :func:`counts`: signatories, parties and instruments toward art. 65(1), with reported totals;
- :func:`known_unknowns`: the known-unknowns table;
- :func:`fact_summary`, :func:`source_summary`: what the log rests on, for a report's sources
  section.

Rules (documented here once):

*As-of rule.* ``status(as_of=D)`` counts an event only when it *certainly* happened on or
before ``D`` (inclusive): its latest possible date must be ``<= D``. The latest possible date
is the date itself for day precision, the last day of the month (year) for month (year)
precision, and the curated ``date_latest`` bound when the day is unknown; an undated event
without such a bound never counts for a given ``as_of``. So Canada ("2026-07", month) counts
from 31 Jul 2026 on, and the UK ("Hanoi, 25 or 26 Oct 2025") from 26 Oct 2025 on. With
``as_of=None`` every event in the log counts (the state of the data as compiled).

*Uncertain rows.* Rows with ``uncertain == True`` (UAE, Uganda) are not counted unless
``include_uncertain=True``. By default the 72nd Hanoi signature stays a known unknown: the
reported total (72, UNTC) is in :func:`counts` and the gap is in ``known_unknowns.csv``.

*Parties.* ``status == "party"`` means the participant has (reportedly) expressed consent to
be bound (ratification, acceptance, approval, accession, succession, formal confirmation), as
UNTC's "Parties" count does; the Convention is not in force for anyone before art. 65(1) is met.

*Art. 65(1).* Qualifying instruments are consents by states; the European Union's instrument
"shall not be counted as additional to those deposited by member States" and is never counted.

Every result carries ``attrs``: ``as_of`` (the requested date, ISO text or None),
``data_as_of`` (dict: ``complete_to``, ``latest_fact``, ``compiled``), ``data_as_of_label``
(text for chart footers), ``sources`` (short source names) and ``source_urls``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.datafiles import DATA_DIR, read_table

__all__ = [
    "ACTIONS",
    "CONFIDENCES",
    "CONSENT_ACTIONS",
    "EU_ISO3",
    "EVENT_COLUMNS",
    "PRECISIONS",
    "THRESHOLD",
    "Counts",
    "Reported",
    "counts",
    "events",
    "fact_summary",
    "known_unknowns",
    "latest_possible_date",
    "source_summary",
    "status",
]

#: Instruments needed for entry into force (art. 65(1)).
THRESHOLD = 40
#: ISO-style code of the European Union (a regional economic integration organization).
EU_ISO3 = "EUU"
#: Actions that express consent to be bound.
CONSENT_ACTIONS = (
    "ratification", "acceptance", "approval", "accession", "succession", "formal_confirmation",
)
#: Every action the event log may hold.
ACTIONS = ("signature", *CONSENT_ACTIONS, "withdrawal")
PRECISIONS = ("day", "month", "year", "unknown")
CONFIDENCES = ("official", "secondary")
#: The event-log shape of docs/CONVENTIONS.md.
EVENT_COLUMNS = [
    "participant", "iso3", "action", "date", "date_precision", "source_url", "confidence", "note",
]
#: Curated columns added after :data:`EVENT_COLUMNS`.
EXTRA_COLUMNS = ["date_earliest", "date_latest", "uncertain"]

_EVENTS = ("curated", "status", "events.csv")
_UNKNOWNS = ("curated", "status", "known_unknowns.csv")
_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def _root(data_dir: str | Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


def _parse_date(text: str, precision: str, *, where: str) -> pd.Timestamp:
    """Parse ``text`` at ``precision`` (month -> first of month); raise on any mismatch."""
    if precision not in PRECISIONS:
        raise ValueError(f"{where}: date_precision {precision!r} not in {PRECISIONS}")
    if precision == "unknown":
        if text:
            raise ValueError(f"{where}: date {text!r} given but date_precision is 'unknown'")
        return pd.NaT
    try:
        return pd.Timestamp(dt.datetime.strptime(text, _FORMATS[precision]))
    except ValueError:
        raise ValueError(
            f"{where}: date {text!r} does not match precision {precision!r} "
            f"({_FORMATS[precision]})") from None


def _period_end(date: pd.Timestamp, precision: str) -> pd.Timestamp:
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
    end = _period_end(date, precision)
    if bound is None or pd.isna(bound):
        return end
    return bound if pd.isna(end) else min(end, bound)


def events(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The curated event log, one row per action, dates parsed.

    Columns: the event-log shape (``participant, iso3, action, date, date_precision,
    source_url, confidence, note``), then ``date_earliest`` and ``date_latest`` (the window
    the action certainly lies in: from the precision, narrowed by a curated bound; NaT when
    unbounded) and ``uncertain`` (bool). Month-precision dates are the first of the month with
    ``date_precision == "month"``; unknown dates are NaT.

    >>> ev = events()
    >>> ev.loc[ev.participant == "Canada", ["date", "date_precision"]].iloc[0].tolist()
    [Timestamp('2026-07-01 00:00:00'), 'month']
    """
    root = _root(data_dir)
    path = root.joinpath(*_EVENTS)
    raw = read_table(path)
    missing = [c for c in EVENT_COLUMNS + EXTRA_COLUMNS if c not in raw.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    dates, lo, hi = [], [], []
    for i, row in raw.iterrows():
        where = f"{path.name} row {i + 2} ({row['participant']}, {row['action']})"
        date = _parse_date(row["date"], row["date_precision"], where=where)
        b_lo = _parse_date(row["date_earliest"], "day" if row["date_earliest"] else "unknown",
                           where=where + " date_earliest")
        b_hi = _parse_date(row["date_latest"], "day" if row["date_latest"] else "unknown",
                           where=where + " date_latest")
        dates.append(date)
        lo.append(b_lo if pd.isna(date) or pd.notna(b_lo) and b_lo > date else date)
        hi.append(latest_possible_date(date, row["date_precision"], b_hi))
    if set(raw["uncertain"]) - {"true", "false"}:
        raise ValueError(f"{path}: uncertain must be 'true' or 'false'")
    out = raw[EVENT_COLUMNS].copy()
    out["date"] = pd.to_datetime(pd.Series(dates, index=raw.index, dtype="datetime64[ns]"))
    out["date_earliest"] = pd.Series(lo, index=raw.index, dtype="datetime64[ns]")
    out["date_latest"] = pd.Series(hi, index=raw.index, dtype="datetime64[ns]")
    out["uncertain"] = raw["uncertain"].eq("true")
    return _with_attrs(out, None, root, out)


def known_unknowns(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """What the event log does not know, as a table (all text; ``as_of`` may be YYYY-MM).

    Columns: ``as_of, window_start, quantity, value, named, source_url, confidence, note``.
    ``quantity`` is e.g. ``signatories_reported`` (a total reported by a source on ``as_of``,
    ``named`` of which this data names), ``signature_unidentified`` (signed between
    ``window_start`` and ``as_of``, not named), ``consent_pending``, ``coverage_gap``,
    ``data_complete_to``, ``data_latest_fact``, ``data_compiled``.

    >>> ku = known_unknowns()
    >>> ku.loc[ku.quantity == "signatories_reported", "value"].iloc[0]
    '72'
    """
    root = _root(data_dir)
    table = read_table(root.joinpath(*_UNKNOWNS))
    urls = sorted(u for u in set(table["source_url"]) if u)
    table.attrs.update({"as_of": None, **_data_as_of(table),
                        "sources": sorted({_source_name(u) for u in urls}),
                        "source_urls": urls, "source_files": ["/".join(_UNKNOWNS)]})
    return table


def fact_summary(as_of: Any = None, *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """How many facts of the event log there are, by action and kind of source.

    One row per ``action, confidence`` (official = a depositary or government treaty
    database; secondary = news), ``uncertain`` ("yes"/"no") and ``counted`` (whether
    :func:`status` counts the fact at ``as_of``: certainly happened by then and not
    uncertain), with ``facts``, the number of rows. Nothing is dropped: the ``facts`` column
    adds up to the length of :func:`events`.

    >>> fs = fact_summary("2026-11-29")
    >>> int(fs["facts"].sum()) == len(events())
    True
    >>> fs.query("action == 'signature' and confidence == 'official'")["counted"].all()
    np.True_
    """
    root = _root(data_dir)
    when = _as_of(as_of)
    ev = events(data_dir=root)
    certain = (ev["date_latest"].le(when).fillna(False).astype(bool) if when is not None
               else pd.Series(True, index=ev.index))
    out = (ev.assign(counted=certain & ~ev["uncertain"],
                     uncertain=ev["uncertain"].map({True: "yes", False: "no"}))
           .groupby(["action", "confidence", "uncertain", "counted"], as_index=False)
           .size().rename(columns={"size": "facts"}))
    out.attrs.update(ev.attrs, as_of=None if when is None else when.date().isoformat())
    return out


def source_summary(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every source URL of the event log with its kind and how many facts rest on it.

    Columns ``source_url, confidence, facts``; official sources first, then by facts.

    >>> src = source_summary()
    >>> src["confidence"].iloc[0], int(src["facts"].sum()) == len(events())
    ('official', True)
    """
    ev = events(data_dir=data_dir)
    out = (ev.groupby(["source_url", "confidence"], as_index=False)
           .agg(facts=("participant", "size"))
           .sort_values(["confidence", "facts", "source_url"], ascending=[True, False, True],
                        ignore_index=True))
    out.attrs.update(ev.attrs)
    return out


def _as_of_end(text: str) -> pd.Timestamp:
    """End of the period a known-unknowns ``as_of`` (YYYY-MM-DD or YYYY-MM) stands for."""
    precision = "month" if len(text) == 7 else "day"
    return _period_end(_parse_date(text, precision, where=f"as_of {text!r}"), precision)


def _data_as_of(table: pd.DataFrame) -> dict[str, Any]:
    def one(quantity: str) -> str | None:
        hit = table.loc[table["quantity"] == quantity, "value"]
        return hit.iloc[0] if len(hit) else None

    info = {"complete_to": one("data_complete_to"), "latest_fact": one("data_latest_fact"),
            "compiled": one("data_compiled")}
    label = (f"data complete to {_human(info['complete_to'])}; partial (mostly news) to "
             f"{_human(info['latest_fact'])}; compiled {_human(info['compiled'])}")
    return {"data_as_of": info, "data_as_of_label": label}


def _human(iso: str | None) -> str:
    if not iso:
        return "?"
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%b %Y}"


def _source_name(url: str) -> str:
    if "treaties.un.org" in url:
        return "UNTC (MTDSG XVIII-16)"
    if "verdragen.nl" in url:
        return "Dutch Verdragenbank (treaty 013891)"
    return "news and secondary reports"


def _with_attrs(frame: pd.DataFrame, as_of: pd.Timestamp | None, root: Path,
                used: pd.DataFrame) -> pd.DataFrame:
    ku = read_table(root.joinpath(*_UNKNOWNS))
    urls = sorted(u for u in set(used["source_url"]) if u)
    frame.attrs.update({
        "as_of": None if as_of is None else as_of.date().isoformat(),
        **_data_as_of(ku),
        "sources": sorted({_source_name(u) for u in urls}),
        "source_urls": urls,
        "source_files": ["/".join(_EVENTS), "/".join(_UNKNOWNS)],
    })
    return frame


def _as_of(value: Any) -> pd.Timestamp | None:
    if value is None:
        return None
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.normalize()


def _counted(ev: pd.DataFrame, as_of: pd.Timestamp | None,
             include_uncertain: bool) -> pd.DataFrame:
    if not include_uncertain:
        ev = ev[~ev["uncertain"]]
    if as_of is not None:
        ev = ev[ev["date_latest"].le(as_of).fillna(False).astype(bool)]
    return ev


STATUS_COLUMNS = [
    "iso3", "participant", "status", "signature_date", "signature_precision",
    "signature_confidence", "consent_date", "consent_precision", "consent_type",
    "consent_confidence", "confidence", "qualifying", "uncertain",
]


def status(as_of: Any = None, include_uncertain: bool = False, *,
           data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per participant with at least one counted action, at ``as_of``.

    ``as_of``: a date (anything ``pd.Timestamp`` accepts; inclusive) or None for the latest
    data. See the module docstring for the as-of rule (an event counts only when it certainly
    happened by ``as_of``) and for ``include_uncertain``.

    Columns: ``iso3, participant, status`` ("party", "signatory" or "withdrawn"),
    ``signature_date, signature_precision, signature_confidence, consent_date,
    consent_precision, consent_type, consent_confidence``, ``confidence`` ("official" only
    when every counted fact of the row is official), ``qualifying`` (a consent counted toward
    art. 65(1): not the EU) and ``uncertain``.

    >>> st = status("2025-11-30")
    >>> st.set_index("iso3").loc["MUS", "status"]
    'signatory'
    >>> st.attrs["as_of"], st.attrs["data_as_of"]["complete_to"]
    ('2025-11-30', '2025-11-19')
    """
    root = _root(data_dir)
    when = _as_of(as_of)
    ev = _counted(events(data_dir=root), when, include_uncertain)
    rows = []
    for iso3, group in ev.groupby("iso3", sort=False):
        sig = group[group["action"] == "signature"]
        con = group[group["action"].isin(CONSENT_ACTIONS)].sort_values("date")
        wdr = group[group["action"] == "withdrawal"]
        s = sig.iloc[0] if len(sig) else None
        c = con.iloc[0] if len(con) else None
        state = "withdrawn" if len(wdr) else "party" if c is not None else "signatory"
        facts = [r for r in (s, c) if r is not None] + [r for _, r in wdr.iterrows()]
        rows.append({
            "iso3": iso3,
            "participant": group["participant"].iloc[0],
            "status": state,
            "signature_date": s["date"] if s is not None else pd.NaT,
            "signature_precision": s["date_precision"] if s is not None else "",
            "signature_confidence": s["confidence"] if s is not None else "",
            "consent_date": c["date"] if c is not None else pd.NaT,
            "consent_precision": c["date_precision"] if c is not None else "",
            "consent_type": c["action"] if c is not None else "",
            "consent_confidence": c["confidence"] if c is not None else "",
            "confidence": ("official" if all(f["confidence"] == "official" for f in facts)
                           else "secondary"),
            "qualifying": state == "party" and iso3 != EU_ISO3,
            "uncertain": bool(group["uncertain"].any()),
        })
    out = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    for col in ("signature_date", "consent_date"):
        out[col] = pd.to_datetime(out[col])
    for col in ("qualifying", "uncertain"):
        out[col] = out[col].astype(bool)
    out = out.sort_values("participant", key=lambda s: s.str.casefold(), ignore_index=True)
    return _with_attrs(out, when, root, ev)


@dataclass(frozen=True)
class Reported:
    """A total reported by a source (from ``known_unknowns.csv``)."""

    quantity: str
    value: int
    as_of: str
    named: int | None
    confidence: str
    source_url: str
    note: str

    def __str__(self) -> str:
        who = "UNTC" if "treaties.un.org" in self.source_url else "reported"
        what = self.quantity.removesuffix("_reported")
        return f"{who}: {self.value} {what} (as of {self.as_of}, {self.confidence})"


@dataclass(frozen=True)
class Counts:
    """Counts at a date; see :func:`counts`. ``attrs`` holds the same provenance as frames."""

    as_of: str | None
    signatories: int
    parties: int
    qualifying_instruments: int
    threshold: int
    signatories_secondary_only: int
    parties_secondary_only: int
    qualifying_secondary_only: int
    uncertain_excluded: int
    undetermined_events: int
    official_hanoi_signatories: Reported | None
    reported_signatories: Reported | None
    reported_parties: Reported | None
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def remaining_to_threshold(self) -> int:
        """Qualifying instruments still needed for art. 65(1) (0 once reached)."""
        return max(self.threshold - self.qualifying_instruments, 0)

    def to_frame(self) -> pd.DataFrame:
        """The counts as a two-column frame (``metric``, ``value``) with the same ``attrs``.

        >>> counts("2026-11-29").to_frame().set_index("metric").loc["threshold", "value"]
        40
        """
        rows = [(k, getattr(self, k)) for k in (
            "signatories", "parties", "qualifying_instruments", "threshold",
            "remaining_to_threshold", "signatories_secondary_only", "parties_secondary_only",
            "qualifying_secondary_only", "uncertain_excluded", "undetermined_events")]
        for name in ("official_hanoi_signatories", "reported_signatories", "reported_parties"):
            rep = getattr(self, name)
            rows.append((name, None if rep is None else rep.value))
            rows.append((name + "_text", None if rep is None else str(rep)))
        frame = pd.DataFrame(rows, columns=["metric", "value"])
        frame.attrs.update(self.attrs)
        return frame


def _reported(ku: pd.DataFrame, quantity: str, as_of: pd.Timestamp | None,
              *, official_only: bool = False) -> Reported | None:
    rows = ku[ku["quantity"] == quantity]
    if official_only:
        rows = rows[rows["confidence"] == "official"]
    ends = [_as_of_end(a) for a in rows["as_of"]]
    keep = [i for i, end in enumerate(ends) if as_of is None or end <= as_of]
    if not keep:
        return None
    r = rows.iloc[max(keep, key=lambda i: ends[i])]
    return Reported(quantity=r["quantity"], value=int(r["value"]), as_of=r["as_of"],
                    named=int(r["named"]) if r["named"] else None,
                    confidence=r["confidence"], source_url=r["source_url"], note=r["note"])


def counts(as_of: Any = None, include_uncertain: bool = False, *,
           data_dir: str | Path | None = None) -> Counts:
    """Signatories, parties and instruments toward entry into force, at ``as_of``.

    - ``signatories``: participants with a counted signature (parties that signed included,
      as UNTC counts them); ``parties``: participants with a counted consent;
    - ``qualifying_instruments``: consents counted toward art. 65(1) (the EU excluded), against
      ``threshold`` (40); ``remaining_to_threshold``;
    - ``*_secondary_only``: how many of each rest on news/secondary sources only;
    - ``uncertain_excluded``: uncertain participants left out (0 with ``include_uncertain``);
    - ``undetermined_events``: actions in the log that may or may not have happened by
      ``as_of`` (date unknown or not certainly before it; 0 for ``as_of=None``);
    - ``official_hanoi_signatories``: UNTC's count (72), ``reported_signatories`` and
      ``reported_parties``: the latest totals a source reported on or before ``as_of``
      (:class:`Reported`; ``str()`` gives e.g. "UNTC: 72 signatories (as of 2025-10-26,
      official)").

    >>> c = counts("2025-10-27")
    >>> c.signatories, c.parties, c.threshold
    (71, 0, 40)
    >>> str(c.official_hanoi_signatories)
    'UNTC: 72 signatories (as of 2025-10-26, official)'
    """
    root = _root(data_dir)
    when = _as_of(as_of)
    st = status(when, include_uncertain, data_dir=root)
    ev_all = events(data_dir=root)
    ku = read_table(root.joinpath(*_UNKNOWNS))
    signed = st.loc[st["signature_precision"].ne("").to_numpy(bool)]
    party = st.loc[st["status"].eq("party").to_numpy(bool)]
    qual = st.loc[st["qualifying"].to_numpy(bool)]
    if include_uncertain:
        uncertain_excluded = 0
        pool = ev_all
    else:
        uncertain_excluded = int(ev_all.loc[ev_all["uncertain"], "iso3"].nunique())
        pool = ev_all[~ev_all["uncertain"]]
    if when is None:
        undetermined = 0
    else:
        maybe = pool["date_earliest"].isna() | pool["date_earliest"].le(when)
        certain = pool["date_latest"].le(when).fillna(False).astype(bool)
        undetermined = int((maybe & ~certain).sum())
    result = Counts(
        as_of=None if when is None else when.date().isoformat(),
        signatories=len(signed),
        parties=len(party),
        qualifying_instruments=len(qual),
        threshold=THRESHOLD,
        signatories_secondary_only=int((signed["signature_confidence"] == "secondary").sum()),
        parties_secondary_only=int((party["consent_confidence"] == "secondary").sum()),
        qualifying_secondary_only=int((qual["consent_confidence"] == "secondary").sum()),
        uncertain_excluded=uncertain_excluded,
        undetermined_events=undetermined,
        official_hanoi_signatories=_reported(ku, "signatories_reported", None,
                                             official_only=True),
        reported_signatories=_reported(ku, "signatories_reported", when),
        reported_parties=_reported(ku, "parties_reported", when),
        attrs=dict(st.attrs),
    )
    return result
