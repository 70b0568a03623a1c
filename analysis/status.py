"""Who has signed a treaty, who has approved it at home, and who has deposited an instrument.

For the Hanoi Convention (UNTC MTDSG XVIII-16, the default profile of :mod:`analysis.treaty`)
the answer comes from ONE path: the LATEST UNTC snapshot stored by ``python -m analysis
update`` (``raw/untc/<stem>.<xml|html>``, its sidecar's ``retrieved_at`` and its parsed table
``derived/status/untc/<stem>.csv``) merged with the hand-curated log in
``data/curated/status/``:

- ``events.csv``: one row per action (docs/CONVENTIONS.md) with ``date_earliest`` /
  ``date_latest`` (a documented window when the day is unknown), ``uncertain`` (the two
  unconfirmed candidates for the 72nd Hanoi signature) and ``stage`` for consent rows;
- ``known_unknowns.csv``: what the log does not know, as data (reported totals, unnamed
  signatures, pending consents, the data's as-of dates).

For a reference treaty (``status_source == "reference"``) the answer comes from its
per-participant UNTC table (:func:`analysis.treaties.events`): every fact official, every
consent deposited.

Functions: :func:`events`, :func:`status`, :func:`counts`, :func:`table` (the tidy export of
issue #13), :func:`headline`, :func:`known_unknowns`, :func:`fact_summary`,
:func:`source_summary`. Every one that takes a date reads it with
:func:`analysis.dates.parse_as_of` (``2026``, ``"31/12/2025"`` and ``NaT`` raise
``ValueError``).

Rules (documented here once):

*Deposit is what counts.* A consent row has a ``stage``: ``deposited`` (the instrument was
deposited with the Secretary-General: a UNTC date or a depositary notification C.N. number)
or ``domestic`` (domestic approval reported: a parliament's vote, a ratification law, news
saying "has ratified" without deposit evidence). Only a deposit makes a ``party`` and counts
toward art. 65(1); a domestic approval makes the participant ``ratified_domestically``
("ratified at home, deposit not confirmed").

*The depositary supersedes.* A snapshot row replaces the curated row for the same
participant and kind of action (signature, consent, withdrawal): the curated source stays in
the note and ``date_disagreement`` flags curated dates that cannot be the depositary's. A
snapshot is complete for its retrieval date: a curated fact that certainly happened by then
but is missing from it is marked ``snapshot_check == "absent"`` and not counted (a claimed
deposit becomes ``domestic`` with ``snapshot_check == "not_deposited"``: "reported, not
deposited"); a domestic approval the snapshot cannot show stays domestic
(``"not_deposited"``). Snapshot rows are ``official``, ``stage == "deposited"`` for consents.
Every row says where it came from in ``origin`` (the snapshot path under ``data/``, or
``curated/status/events.csv``).

*As-of rule.* ``status(as_of=D)`` counts an event only when it *certainly* happened on or
before ``D`` (:func:`analysis.dates.certainly_by`): its latest possible date (from its
precision and the curated ``date_latest`` bound) must be ``<= D``. With ``as_of=None`` every
event in the data counts. An ``as_of`` before the treaty opened warns (``UserWarning``).

*Uncertain rows* (UAE, Uganda) are not counted unless ``include_uncertain=True``.

*Art. 65(1).* Qualifying instruments are deposited consents by states of an action the
profile's rule counts; the European Union's instrument "shall not be counted as additional
to those deposited by member States" and is never counted (unless a profile's
``reio_counts``). The threshold comes from the profile (:data:`THRESHOLD` is only the
default profile's, kept for older imports).

Every result carries ``attrs``: ``as_of`` (ISO text or None), ``data_as_of`` (dict:
``complete_to``, ``latest_fact``, ``compiled``), ``data_as_of_label``, ``sources``,
``source_urls``, ``source_files``, ``treaty`` (profile id), ``untc_snapshot`` (dict: path,
retrieved_at, table; or None) and ``staleness`` (None, or words such as "no information after
1 August 2026; the counts may be higher" when ``as_of`` is more than
:data:`STALE_AFTER_DAYS` days past the data's latest fact).
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import treaty as _treaty
from analysis.datafiles import DATA_DIR, provenance, read_table
from analysis.dates import (
    certainly_by,
    latest_possible_date,
    parse_as_of,
    parse_date,
    parse_month,
)

__all__ = [
    "ACTIONS",
    "CONFIDENCES",
    "CONSENT_ACTIONS",
    "CURATED_ORIGIN",
    "EU_ISO3",
    "EVENT_COLUMNS",
    "PRECISIONS",
    "STAGES",
    "STATUS_DTYPE",
    "STATUS_LABELS",
    "TABLE_COLUMNS",
    "THRESHOLD",
    "Counts",
    "Pending",
    "Reported",
    "counts",
    "curated_events",
    "events",
    "fact_summary",
    "headline",
    "known_unknowns",
    "latest_possible_date",
    "source_summary",
    "status",
    "table",
]

#: Instruments the default profile needs (art. 65(1)); an alias kept for older imports:
#: the threshold of a result comes from its treaty profile.
THRESHOLD = _treaty.DEFAULT.rule.threshold
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
#: Stages of a consent row (signatures and withdrawals leave ``stage`` empty).
STAGES = ("deposited", "domestic")
#: The event-log shape of docs/CONVENTIONS.md.
EVENT_COLUMNS = [
    "participant", "iso3", "action", "date", "date_precision", "source_url", "confidence", "note",
]
#: Curated columns of events.csv after :data:`EVENT_COLUMNS`.
EXTRA_COLUMNS = ["date_earliest", "date_latest", "uncertain", "stage"]
#: Columns :func:`events` adds: where each row comes from and how it met the snapshot.
MERGE_COLUMNS = ["origin", "date_disagreement", "snapshot_check"]
#: ``origin`` of a curated row.
CURATED_ORIGIN = "curated/status/events.csv"
#: The participant statuses, in order.
STATUS_DTYPE = pd.CategoricalDtype(
    ["signatory", "ratified_domestically", "party", "withdrawn"], ordered=True)
#: Words for each status (maps, legends, headlines).
STATUS_LABELS = {
    "signatory": "signatory",
    "ratified_domestically": "ratified at home, deposit not confirmed",
    "party": "party (instrument deposited)",
    "withdrawn": "withdrawn",
}
#: Days after the latest fact from which a result says it may be out of date.
STALE_AFTER_DAYS = 30

_EVENTS = ("curated", "status", "events.csv")
_UNKNOWNS = ("curated", "status", "known_unknowns.csv")
_FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
_UNKNOWN_COLUMNS = ["as_of", "window_start", "quantity", "value", "named", "source_url",
                    "confidence", "note"]


def _root(data_dir: str | Path | None) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


def _kind(action: str) -> str:
    return action if action in ("signature", "withdrawal") else "consent"


def _parse_curated(text: str, precision: str, *, where: str) -> pd.Timestamp:
    """Parse a curated ``text`` at ``precision`` (month -> first of month); raise on mismatch."""
    if precision not in PRECISIONS:
        raise ValueError(f"{where}: date_precision {precision!r} not in {PRECISIONS}")
    if precision == "unknown":
        if text:
            raise ValueError(f"{where}: date {text!r} given but date_precision is 'unknown'")
        return pd.NaT
    try:
        date, found = parse_month(text, name=where)
    except ValueError:
        found = None
    if found != precision:
        raise ValueError(f"{where}: date {text!r} does not match precision {precision!r} "
                         f"({_FORMATS[precision]})")
    return date


# --------------------------------------------------------------------------------------
# Reading: the curated log, the latest UNTC snapshot, a reference table


def _curated(root: Path) -> pd.DataFrame:
    path = root.joinpath(*_EVENTS)
    raw = read_table(path)
    missing = [c for c in EVENT_COLUMNS + EXTRA_COLUMNS if c not in raw.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}")
    dates, lo, hi = [], [], []
    for i, row in raw.iterrows():
        where = f"{path.name} row {i + 2} ({row['participant']}, {row['action']})"
        if row["action"] not in ACTIONS:
            raise ValueError(f"{where}: action {row['action']!r} not in {ACTIONS}")
        consent = row["action"] in CONSENT_ACTIONS
        if consent and row["stage"] not in STAGES:
            raise ValueError(f"{where}: a consent row needs stage 'deposited' or 'domestic', "
                             f"got {row['stage']!r}")
        if not consent and row["stage"]:
            raise ValueError(f"{where}: stage {row['stage']!r} on a {row['action']} row "
                             "(only consent rows have a stage)")
        date = _parse_curated(row["date"], row["date_precision"], where=where)
        b_lo = _parse_curated(row["date_earliest"], "day" if row["date_earliest"] else "unknown",
                              where=where + " date_earliest")
        b_hi = _parse_curated(row["date_latest"], "day" if row["date_latest"] else "unknown",
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
    out["stage"] = raw["stage"]
    out["origin"] = CURATED_ORIGIN
    out["date_disagreement"] = False
    out["snapshot_check"] = ""
    return out


@dataclass(frozen=True)
class _Snapshot:
    raw: str          # path under data/
    table: str        # parsed table under data/
    retrieved_at: str
    day: pd.Timestamp
    frame: pd.DataFrame


def _latest_snapshot(root: Path) -> _Snapshot | None:
    from analysis import untc

    found = untc.snapshots(root)
    if not found:
        return None
    raw = found[-1]
    rel = raw.relative_to(root).as_posix()
    try:
        meta = provenance(raw)
    except FileNotFoundError:
        raise ValueError(f"{rel}: UNTC snapshot without its sidecar {raw.name}.meta.json; "
                         "store snapshots with `python -m analysis update`") from None
    stamp = meta.get("retrieved_at") or ""
    if not stamp:
        raise ValueError(f"{rel}: the sidecar has no retrieved_at; the snapshot cannot say "
                         "what it is complete to")
    day = parse_date(stamp, name=f"{rel} retrieved_at")
    table_path = root / "derived" / "status" / "untc" / f"{raw.stem}.csv"
    table_rel = table_path.relative_to(root).as_posix()
    if not table_path.exists():
        raise FileNotFoundError(f"{table_rel}: the parsed table of {rel} is missing; run "
                                "`python scripts/build_data.py status`")
    frame = read_table(table_path)
    missing = [c for c in EVENT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{table_rel}: missing columns {missing}")
    bad = sorted(set(frame["action"]) - set(ACTIONS))
    if bad:
        raise ValueError(f"{table_rel}: unknown actions {bad}")
    frame = frame[EVENT_COLUMNS].copy()
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="raise")
    if frame["date"].isna().any():
        raise ValueError(f"{table_rel}: undated rows; a UNTC snapshot row always has a date")
    late = frame[frame["date"] > day]
    if len(late):
        raise ValueError(f"{table_rel}: actions dated after the retrieval ({day.date()}): "
                         f"{late['participant'].tolist()}")
    return _Snapshot(rel, table_rel, stamp, day, frame)


def _merge(cur: pd.DataFrame, snap: _Snapshot | None) -> pd.DataFrame:
    """The curated log and a snapshot as one log (rules in the module docstring)."""
    if snap is None:
        return cur.reset_index(drop=True)
    s = snap.frame.copy()
    s["date_earliest"] = s["date"]
    s["date_latest"] = s["date"]
    s["uncertain"] = False
    s["stage"] = s["action"].map(lambda a: "deposited" if a in CONSENT_ACTIONS else "")
    s["origin"] = snap.raw
    s["date_disagreement"] = False
    s["snapshot_check"] = ""
    s["confidence"] = "official"
    s["note"] = s["note"].fillna("")
    index = {(r.iso3, _kind(r.action)): i for i, r in s.iterrows()}
    cur = cur.copy()
    keep = []
    on = f"the UNTC snapshot of {snap.day.date()}"
    for i, r in cur.iterrows():
        hit = index.get((r["iso3"], _kind(r["action"])))
        if hit is not None:
            official = s.loc[hit]
            extra = [f"supersedes {CURATED_ORIGIN} ({r['confidence']}, {r['source_url']}"
                     f"{', stage ' + r['stage'] if r['stage'] else ''})"]
            lo, hi, day = r["date_earliest"], r["date_latest"], official["date"]
            domestic = r["stage"] == "domestic"
            # A domestic approval precedes the deposit; only a later one is a contradiction.
            wrong = (pd.notna(lo) and lo > day) if domestic else (
                (pd.notna(lo) and lo > day) or (pd.notna(hi) and hi < day))
            if wrong:
                s.loc[hit, "date_disagreement"] = True
                extra.append(f"date disagreement: curated {_window(r)} vs UNTC {day.date()}")
            if r["action"] != official["action"]:
                extra.append(f"type: curated {r['action']}, UNTC {official['action']}")
            s.loc[hit, "note"] = "; ".join([n for n in (official["note"],) if n] + extra)
            continue
        if bool(certainly_by(pd.Series([r["date_latest"]]), snap.day).iloc[0]):
            if r["action"] in CONSENT_ACTIONS:
                if r["stage"] == "deposited":
                    cur.loc[i, "stage"] = "domestic"
                    cur.loc[i, "note"] = (f"reported, not deposited: not in {on} | "
                                          + r["note"])
                else:
                    cur.loc[i, "note"] = f"no deposit in {on} | " + r["note"]
                cur.loc[i, "snapshot_check"] = "not_deposited"
            else:
                cur.loc[i, "snapshot_check"] = "absent"
                cur.loc[i, "note"] = f"not in {on}, which is complete for its date | " + r["note"]
        keep.append(i)
    out = pd.concat([s[cur.columns], cur.loc[keep]], ignore_index=True)
    return out.sort_values(["participant", "action"], key=lambda c: c.str.casefold(),
                           kind="stable", ignore_index=True)


def _window(row: pd.Series) -> str:
    if row["date_precision"] != "unknown":
        return row["date"].strftime(_FORMATS[row["date_precision"]])
    lo = "?" if pd.isna(row["date_earliest"]) else str(row["date_earliest"].date())
    hi = "?" if pd.isna(row["date_latest"]) else str(row["date_latest"].date())
    return f"{lo}..{hi}"


def curated_events(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The Hanoi Convention's curated log alone, parsed and checked (no snapshot merged).

    Same columns as :func:`events`; ``origin`` is always ``curated/status/events.csv``.
    For checks of the curated table (``scripts/build/status.py``) and comparisons.

    >>> set(curated_events()["origin"])
    {'curated/status/events.csv'}
    """
    return _curated(_root(data_dir))


def _reference_events(t: _treaty.Treaty) -> pd.DataFrame:
    from analysis import treaties

    ev = treaties.events(t.id)
    out = ev[EVENT_COLUMNS].copy()
    out["date_earliest"] = out["date"]
    out["date_latest"] = out["date"]
    out["uncertain"] = False
    out["stage"] = out["action"].map(lambda a: "deposited" if a in CONSENT_ACTIONS else "")
    out["origin"] = f"raw/treaties/participants/{t.id}.csv"
    out["date_disagreement"] = False
    out["snapshot_check"] = ""
    return out


# --------------------------------------------------------------------------------------
# Provenance attrs


def _human(iso: str | None, *, long: bool = False) -> str:
    if not iso:
        return "?"
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}" if long else f"{d.day} {d:%b %Y}"


def _source_name(url: str) -> str:
    if "treaties.un.org" in url:
        return "UN Treaty Collection (UNTC)"
    if "verdragen.nl" in url:
        return "Dutch Verdragenbank (treaty 013891)"
    return "news and secondary reports"


def _unknowns_table(root: Path) -> pd.DataFrame:
    return read_table(root.joinpath(*_UNKNOWNS))


def _data_info(t: _treaty.Treaty, root: Path, snap: _Snapshot | None,
               ev: pd.DataFrame) -> dict[str, Any]:
    """``data_as_of``, its label, the snapshot and the files: the provenance of a result."""
    if t.status_source == "reference":
        rel = f"raw/treaties/participants/{t.id}.csv"
        meta = provenance(root / rel) if (root / rel).exists() else {}
        latest = ev["date"].max()
        latest_iso = None if pd.isna(latest) else latest.date().isoformat()
        info = {"complete_to": latest_iso, "latest_fact": latest_iso,
                "compiled": meta.get("retrieved") or None}
        label = (f"UNTC participant table ({meta.get('version', 'version not recorded')}); "
                 f"latest fact {_human(latest_iso)}")
        return {"data_as_of": info, "data_as_of_label": label, "untc_snapshot": None,
                "source_files": [rel]}
    ku = _unknowns_table(root)

    def one(quantity: str) -> str | None:
        hit = ku.loc[ku["quantity"] == quantity, "value"]
        return hit.iloc[0] if len(hit) else None

    complete, latest, compiled = one("data_complete_to"), one("data_latest_fact"), \
        one("data_compiled")
    files = ["/".join(_EVENTS), "/".join(_UNKNOWNS)]
    named = _reported(ku, "signatories_reported", None, official_only=True)
    in_names = named is None or named.named is None or named.named >= named.value
    what = "complete" if in_names else "complete in count (not in names)"
    label = (f"data {what} to {_human(complete)}; partial (mostly news) to {_human(latest)}; "
             f"compiled {_human(compiled)}")
    snapshot = None
    if snap is not None:
        day = snap.day.date().isoformat()
        complete = day
        latest = max(latest or day, day)
        label = (f"UNTC record of {_human(day)} (complete to that day); curated log partial "
                 f"(mostly news) to {_human(latest)}; compiled {_human(compiled)}")
        snapshot = {"path": snap.raw, "table": snap.table, "retrieved_at": snap.retrieved_at}
        files += [snap.raw, snap.table]
    return {"data_as_of": {"complete_to": complete, "latest_fact": latest,
                           "compiled": compiled},
            "data_as_of_label": label, "untc_snapshot": snapshot, "source_files": files}


def _staleness(as_of: pd.Timestamp | None, latest: str | None) -> str | None:
    if as_of is None or not latest:
        return None
    if (as_of - pd.Timestamp(latest)).days <= STALE_AFTER_DAYS:
        return None
    return f"no information after {_human(latest, long=True)}; the counts may be higher"


def _attrs(t: _treaty.Treaty, as_of: pd.Timestamp | None, info: dict[str, Any],
           used: pd.DataFrame) -> dict[str, Any]:
    urls = sorted(u for u in set(used["source_url"]) if u) if "source_url" in used else []
    return {
        "as_of": None if as_of is None else as_of.date().isoformat(),
        "data_as_of": dict(info["data_as_of"]),
        "data_as_of_label": info["data_as_of_label"],
        "sources": sorted({_source_name(u) for u in urls}),
        "source_urls": urls,
        "source_files": list(info["source_files"]),
        "treaty": t.id,
        "untc_snapshot": info["untc_snapshot"],
        "staleness": _staleness(as_of, info["data_as_of"]["latest_fact"]),
    }


def _as_of(value: Any, t: _treaty.Treaty) -> pd.Timestamp | None:
    when = parse_as_of(value)
    if when is not None and when < t.opened:
        warnings.warn(f"as_of {when.date()} is before the {t.short_name} opened for signature "
                      f"({t.opened.date()}): nothing can have happened yet", UserWarning,
                      stacklevel=3)
    return when


def _load(t: _treaty.Treaty, root: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    if t.status_source == "reference":
        ev = _reference_events(t)
        return ev, _data_info(t, root, None, ev)
    snap = _latest_snapshot(root)
    ev = _merge(_curated(root), snap)
    return ev, _data_info(t, root, snap, ev)


# --------------------------------------------------------------------------------------
# Public functions


def events(*, treaty: Any = None, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The event log, one row per action, dates parsed (the curated log merged with the
    latest UNTC snapshot for the Hanoi Convention; the UNTC table for a reference treaty).

    Columns: the event-log shape (``participant, iso3, action, date, date_precision,
    source_url, confidence, note``), then ``date_earliest`` / ``date_latest`` (the window the
    action certainly lies in; NaT when unbounded), ``uncertain`` (bool), ``stage``
    (``deposited``/``domestic`` for consents, "" otherwise), ``origin`` (snapshot path under
    ``data/`` or ``curated/status/events.csv``), ``date_disagreement`` (bool: a superseded
    curated date the depositary's contradicts) and ``snapshot_check`` ("", ``absent``: missing
    from a snapshot complete for its date, not counted; ``not_deposited``: a reported consent
    the snapshot shows no deposit for). Month dates are the first of the month.

    >>> ev = events()
    >>> ev.loc[ev.participant == "Canada", ["date", "date_precision"]].iloc[0].tolist()
    [Timestamp('2026-07-01 00:00:00'), 'month']
    >>> sorted(ev.loc[ev["stage"] == "domestic", "iso3"])
    ['AZE', 'EUU', 'QAT', 'VNM']
    """
    t = _treaty.get(treaty)
    root = _root(data_dir)
    ev, info = _load(t, root)
    ev.attrs.update(_attrs(t, None, info, ev))
    return ev


def known_unknowns(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """What the Hanoi Convention's event log does not know, as a table (all text).

    Columns: ``as_of, window_start, quantity, value, named, source_url, confidence, note``;
    ``as_of`` may be YYYY-MM. ``quantity`` is e.g. ``signatories_reported`` (a total a source
    reported on ``as_of``, ``named`` of which this data names; the counts follow it),
    ``signatories_reported_alternative`` (a disagreeing total of the same day),
    ``ratifications_reported``, ``signature_unidentified`` (signed between ``window_start``
    and ``as_of``, not named), ``consent_pending``, ``ratification_process_begun``,
    ``coverage_gap``, ``data_complete_to``, ``data_latest_fact``, ``data_compiled``.

    >>> ku = known_unknowns()
    >>> ku.loc[ku.quantity == "signatories_reported", "value"].iloc[0]
    '72'
    """
    root = _root(data_dir)
    table = _unknowns_table(root)
    t = _treaty.get(None)
    snap = _latest_snapshot(root)
    info = _data_info(t, root, snap, table)
    table.attrs.update(_attrs(t, None, info, table))
    return table


def _counted(ev: pd.DataFrame, as_of: pd.Timestamp | None,
             include_uncertain: bool) -> pd.DataFrame:
    keep = ev["snapshot_check"].ne("absent") & certainly_by(ev["date_latest"], as_of)
    if not include_uncertain:
        keep &= ~ev["uncertain"]
    return ev[keep.to_numpy(bool)]


def fact_summary(as_of: Any = None, *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """How many facts of the Hanoi Convention's log there are, by action and kind of source.

    One row per ``action, confidence, stage, origin``, ``uncertain`` ("yes"/"no") and
    ``counted`` (whether :func:`status` counts the fact at ``as_of``), with ``facts``, the
    number of rows. Nothing is dropped: ``facts`` adds up to the length of :func:`events`.

    >>> fs = fact_summary("2026-11-29")
    >>> int(fs["facts"].sum()) == len(events())
    True
    >>> fs.query("action == 'signature' and confidence == 'official'")["counted"].all()
    np.True_
    """
    t = _treaty.get(None)
    when = _as_of(as_of, t)
    ev = events(data_dir=data_dir)
    counted = ev.index.isin(_counted(ev, when, False).index)
    out = (ev.assign(counted=counted, uncertain=ev["uncertain"].map({True: "yes", False: "no"}))
           .groupby(["action", "confidence", "stage", "origin", "uncertain", "counted"],
                    as_index=False)
           .size().rename(columns={"size": "facts"}))
    out.attrs.update(ev.attrs, as_of=None if when is None else when.date().isoformat())
    return out


def source_summary(*, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every source URL of the Hanoi Convention's log with its kind and how many facts rest on it.

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


STATUS_COLUMNS = [
    "iso3", "participant", "status", "stage", "signature_date", "signature_precision",
    "signature_confidence", "consent_date", "consent_precision", "consent_type",
    "consent_confidence", "confidence", "qualifying", "uncertain", "source_url", "origin",
    "date_disagreement",
]


def _status_frame(ev: pd.DataFrame, t: _treaty.Treaty) -> pd.DataFrame:
    # Plain records, not per-group pandas: this runs for every call and every treaty.
    by_iso: dict[str, list[dict[str, Any]]] = {}
    for rec in ev.to_dict("records"):
        by_iso.setdefault(rec["iso3"], []).append(rec)

    def first(recs: list[dict[str, Any]]) -> dict[str, Any] | None:
        # earliest by latest possible date (NaT last), stable
        return min(recs, key=lambda r: (pd.isna(r["date_latest"]),
                                        r["date_latest"] if pd.notna(r["date_latest"]) else 0),
                   default=None)

    rows = []
    for iso3, group in by_iso.items():
        s = first([r for r in group if r["action"] == "signature"])
        con = [r for r in group if r["action"] in CONSENT_ACTIONS]
        dep = [r for r in con if r["stage"] == "deposited"]
        dom = [r for r in con if r["stage"] == "domestic"]
        wdr = [r for r in group if r["action"] == "withdrawal"]
        c = first(dep) if dep else first(dom)
        state = ("withdrawn" if wdr else "party" if dep
                 else "ratified_domestically" if dom else "signatory")
        facts = [r for r in (s, c) if r is not None] + wdr
        main = c if c is not None else s if s is not None else facts[0]
        rows.append({
            "iso3": iso3,
            # the depositary's spelling when it has one (e.g. "Czechia")
            "participant": next((r["participant"] for r in group
                                 if r["origin"] != CURATED_ORIGIN), group[0]["participant"]),
            "status": state,
            "stage": "" if c is None else c["stage"],
            "signature_date": s["date"] if s is not None else pd.NaT,
            "signature_precision": s["date_precision"] if s is not None else "",
            "signature_confidence": s["confidence"] if s is not None else "",
            "consent_date": c["date"] if c is not None else pd.NaT,
            "consent_precision": c["date_precision"] if c is not None else "",
            "consent_type": c["action"] if c is not None else "",
            "consent_confidence": c["confidence"] if c is not None else "",
            "confidence": ("official" if all(f["confidence"] == "official" for f in facts)
                           else "secondary"),
            "qualifying": (state == "party" and c["action"] in t.rule.counting_actions
                           and (iso3 != EU_ISO3 or t.rule.reio_counts)),
            "uncertain": any(bool(r["uncertain"]) for r in group),
            "source_url": main["source_url"],
            "origin": "; ".join(dict.fromkeys(f["origin"] for f in facts)),
            "date_disagreement": any(bool(f["date_disagreement"]) for f in facts),
        })
    out = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    out["status"] = out["status"].astype(STATUS_DTYPE)
    for col in ("signature_date", "consent_date"):
        out[col] = pd.to_datetime(out[col])
    for col in ("qualifying", "uncertain", "date_disagreement"):
        out[col] = out[col].astype(bool)
    return out.sort_values("participant", key=lambda c: c.str.casefold(), ignore_index=True)


def status(as_of: Any = None, include_uncertain: bool = False, *, treaty: Any = None,
           data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per participant with at least one counted action, at ``as_of``.

    ``as_of``: an ISO date (or date object; inclusive), None for the latest data. See the
    module docstring for the rules (deposit, snapshot, as-of, uncertain rows).

    Columns: ``iso3, participant, status`` (ordered categorical :data:`STATUS_DTYPE`:
    ``signatory < ratified_domestically < party < withdrawn``), ``stage`` (of the consent
    shown: ``deposited``, ``domestic`` or ""), ``signature_date, signature_precision,
    signature_confidence, consent_date, consent_precision, consent_type,
    consent_confidence`` (the deposit when there is one, else the domestic approval),
    ``confidence`` ("official" only when every counted fact of the row is), ``qualifying`` (a
    deposited consent counted toward the threshold: states only), ``uncertain``,
    ``source_url`` (of the consent, else the signature), ``origin`` (where the row's facts
    come from, ``; ``-joined) and ``date_disagreement``.

    >>> st = status("2025-11-30")
    >>> st.set_index("iso3").loc["MUS", "status"]
    'signatory'
    >>> qatar = status("2026-11-29").set_index("iso3").loc["QAT"]
    >>> qatar["status"], qatar["stage"], bool(qatar["qualifying"])
    ('ratified_domestically', 'domestic', False)
    """
    t = _treaty.get(treaty)
    when = _as_of(as_of, t)
    ev, info = _load(t, _root(data_dir))
    used = _counted(ev, when, include_uncertain)
    out = _status_frame(used, t)
    out.attrs.update(_attrs(t, when, info, used))
    return out


@dataclass(frozen=True)
class Reported:
    """A total reported by a source (from ``known_unknowns.csv``).

    ``alternative``: a disagreeing total reported for the same day (e.g. Canada's 76 or 77).
    """

    quantity: str
    value: int
    as_of: str
    named: int | None
    confidence: str
    source_url: str
    note: str
    alternative: int | None = None

    def __str__(self) -> str:
        who = "UNTC" if "treaties.un.org" in self.source_url else "reported"
        what = self.quantity.removesuffix("_reported")
        figure = (f"{self.value}" if self.alternative is None
                  else f"{min(self.value, self.alternative)}-{max(self.value, self.alternative)}")
        return f"{who}: {figure} {what} (as of {self.as_of}, {self.confidence})"


@dataclass(frozen=True)
class Pending:
    """A domestic approval reported for a participant whose deposit is not confirmed."""

    iso3: str
    participant: str
    consent_type: str
    date: str
    source_url: str
    origin: str

    def __str__(self) -> str:
        return f"{self.participant} ({self.consent_type}, {self.date or 'date unknown'})"


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
    domestic_pending: int = 0
    domestic_pending_list: tuple[Pending, ...] = field(default=(), compare=False)
    not_in_snapshot: int = 0
    reported_ratifications: Reported | None = None
    treaty: str = _treaty.DEFAULT.id
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def remaining_to_threshold(self) -> int:
        """Qualifying instruments still needed (0 once reached)."""
        return max(self.threshold - self.qualifying_instruments, 0)

    def to_frame(self) -> pd.DataFrame:
        """The counts as a two-column frame (``metric``, ``value``) with the same ``attrs``.

        ``domestic_pending_names`` / ``domestic_pending_sources`` give the pending list as
        ``; ``-joined text.

        >>> f = counts("2026-11-29").to_frame().set_index("metric")["value"]
        >>> f["threshold"], f["domestic_pending"], f["domestic_pending_names"]
        (40, 3, 'Azerbaijan; Qatar; Viet Nam')
        """
        rows = [(k, getattr(self, k)) for k in (
            "signatories", "parties", "qualifying_instruments", "threshold",
            "remaining_to_threshold", "domestic_pending", "signatories_secondary_only",
            "parties_secondary_only", "qualifying_secondary_only", "uncertain_excluded",
            "undetermined_events", "not_in_snapshot")]
        rows.append(("domestic_pending_names",
                     "; ".join(p.participant for p in self.domestic_pending_list)))
        rows.append(("domestic_pending_sources",
                     "; ".join(p.source_url for p in self.domestic_pending_list)))
        for name in ("official_hanoi_signatories", "reported_signatories",
                     "reported_ratifications", "reported_parties"):
            rep = getattr(self, name)
            rows.append((name, None if rep is None else rep.value))
            rows.append((name + "_text", None if rep is None else str(rep)))
        frame = pd.DataFrame(rows, columns=["metric", "value"])
        frame.attrs.update(self.attrs)
        return frame


def _as_of_end(text: str) -> pd.Timestamp:
    """End of the period a known-unknowns ``as_of`` (YYYY-MM-DD or YYYY-MM) stands for."""
    date, precision = parse_month(text, name=f"known_unknowns as_of {text!r}")
    return latest_possible_date(date, precision)


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
    alt = ku[(ku["quantity"] == quantity + "_alternative") & (ku["as_of"] == r["as_of"])]
    return Reported(quantity=r["quantity"], value=int(r["value"]), as_of=r["as_of"],
                    named=int(r["named"]) if r["named"] else None,
                    confidence=r["confidence"], source_url=r["source_url"], note=r["note"],
                    alternative=int(alt["value"].iloc[0]) if len(alt) else None)


def _date_text(date: Any, precision: str, lo: Any = pd.NaT, hi: Any = pd.NaT) -> str:
    if precision in _FORMATS and pd.notna(date):
        return pd.Timestamp(date).strftime(_FORMATS[precision])
    if pd.notna(lo) or pd.notna(hi):
        a = "?" if pd.isna(lo) else str(pd.Timestamp(lo).date())
        b = "?" if pd.isna(hi) else str(pd.Timestamp(hi).date())
        return f"{a}..{b}"
    return ""


def counts(as_of: Any = None, include_uncertain: bool = False, *, treaty: Any = None,
           data_dir: str | Path | None = None) -> Counts:
    """Signatories, parties and instruments toward entry into force, at ``as_of``.

    - ``signatories``: participants with a counted signature (parties that signed included,
      as UNTC counts them);
    - ``parties``: participants with a DEPOSITED consent (withdrawn ones not included);
    - ``qualifying_instruments``: deposited consents counted toward the threshold (states
      only), against ``threshold`` (from the treaty profile); ``remaining_to_threshold``;
    - ``domestic_pending``: states whose domestic approval is reported but whose deposit is
      not confirmed, and ``domestic_pending_list`` (:class:`Pending` records: iso3,
      participant, consent_type, date text at its precision, source_url, origin; the EU's
      own approval is shown by :func:`status` but, like its instrument, not counted here);
    - ``*_secondary_only``: how many of each rest on news/secondary sources only;
    - ``uncertain_excluded``: uncertain participants left out (0 with ``include_uncertain``);
    - ``undetermined_events``: actions that may or may not have happened by ``as_of``;
    - ``not_in_snapshot``: curated facts the latest UNTC snapshot contradicts (not counted);
    - ``official_hanoi_signatories`` (UNTC's 72), ``reported_signatories`` (the latest total
      a source reported by ``as_of``; the counts follow it, ``alternative`` holds a
      disagreeing figure) and ``reported_ratifications`` (reports of ratification, none a
      confirmed deposit; ``reported_parties`` is the same object, kept for older callers).
      None for a reference treaty.

    >>> c = counts("2025-10-27")
    >>> c.signatories, c.parties, c.threshold
    (71, 0, 40)
    >>> str(c.official_hanoi_signatories)
    'UNTC: 72 signatories (as of 2025-10-26, official)'
    >>> c = counts("2026-11-29")
    >>> c.parties, c.qualifying_instruments, c.domestic_pending
    (0, 0, 3)
    """
    t = _treaty.get(treaty)
    when = _as_of(as_of, t)
    root = _root(data_dir)
    ev, info = _load(t, root)
    used = _counted(ev, when, include_uncertain)
    st = _status_frame(used, t)
    signed = st.loc[st["signature_precision"].ne("").to_numpy(bool)]
    party = st.loc[st["status"].eq("party").to_numpy(bool)]
    qual = st.loc[st["qualifying"].to_numpy(bool)]
    pending = st.loc[(st["status"].eq("ratified_domestically")
                      & st["iso3"].ne(EU_ISO3)).to_numpy(bool)]
    valid = ev[ev["snapshot_check"].ne("absent")]
    if include_uncertain:
        uncertain_excluded = 0
        pool = valid
    else:
        uncertain_excluded = int(valid.loc[valid["uncertain"], "iso3"].nunique())
        pool = valid[~valid["uncertain"]]
    if when is None:
        undetermined = 0
    else:
        maybe = pool["date_earliest"].isna() | pool["date_earliest"].le(when)
        undetermined = int((maybe & ~certainly_by(pool["date_latest"], when)).sum())
    if t.status_source == "reference":
        official = reported_sig = reported_rat = None
    else:
        ku = _unknowns_table(root)
        official = _reported(ku, "signatories_reported", None, official_only=True)
        reported_sig = _reported(ku, "signatories_reported", when)
        reported_rat = _reported(ku, "ratifications_reported", when)
    pend = ev[ev["stage"].eq("domestic")]
    pending_list = tuple(
        Pending(iso3=r.iso3, participant=r.participant, consent_type=r.consent_type,
                date=_date_text(r.consent_date, r.consent_precision,
                                *_bounds(pend, r.iso3)),
                source_url=r.source_url, origin=r.origin)
        for r in pending.itertuples())
    return Counts(
        as_of=None if when is None else when.date().isoformat(),
        signatories=len(signed),
        parties=len(party),
        qualifying_instruments=len(qual),
        threshold=t.rule.threshold,
        signatories_secondary_only=int((signed["signature_confidence"] == "secondary").sum()),
        parties_secondary_only=int((party["consent_confidence"] == "secondary").sum()),
        qualifying_secondary_only=int((qual["consent_confidence"] == "secondary").sum()),
        uncertain_excluded=uncertain_excluded,
        undetermined_events=undetermined,
        official_hanoi_signatories=official,
        reported_signatories=reported_sig,
        reported_parties=reported_rat,
        domestic_pending=len(pending),
        domestic_pending_list=pending_list,
        not_in_snapshot=int(ev["snapshot_check"].eq("absent").sum()),
        reported_ratifications=reported_rat,
        treaty=t.id,
        attrs=_attrs(t, when, info, used),
    )


def _bounds(pend: pd.DataFrame, iso3: str) -> tuple[Any, Any]:
    rows = pend[pend["iso3"] == iso3]
    if rows.empty:
        return pd.NaT, pd.NaT
    return rows["date_earliest"].iloc[0], rows["date_latest"].iloc[0]


TABLE_COLUMNS = [
    "iso3", "iso2", "name", "participant", "region", "sub_region", "un_group", "memberships",
    "status", "status_label", "stage", "signature_date", "signature_precision",
    "consent_date", "consent_precision", "consent_type", "qualifying", "confidence",
    "uncertain", "source_url", "origin", "date_disagreement",
]


def table(as_of: Any = None, treaty: Any = None, *, include_uncertain: bool = False,
          data_dir: str | Path | None = None) -> pd.DataFrame:
    """The tidy status export (issue #13): one row per participant, stable columns.

    Columns (:data:`TABLE_COLUMNS`), all text except the three booleans:

    - ``iso3``, ``iso2`` (ISO 3166-1; ``EUU``/``EU`` for the European Union), ``name`` (the
      UN short name for a UN Member State, else the participant's name), ``participant``
      (as the source writes it);
    - ``region``, ``sub_region`` (UN M49), ``un_group`` (UN regional group; "" when none),
      ``memberships`` (groupings of :func:`analysis.regions.groupings` the participant
      belongs to at ``as_of``, ``;``-joined, e.g. ``eu;g7;g20;untoc;uncac``);
    - ``status`` (signatory, ratified_domestically, party, withdrawn), ``status_label``
      (:data:`STATUS_LABELS`), ``stage`` (deposited, domestic or "");
    - ``signature_date``, ``consent_date`` (the deposit, else the domestic approval): ISO
      text at their precision (``2025-10-25``, ``2026-07``; ``2025-10-25..2025-10-26`` for a
      window when the day is unknown; "" when none), with ``signature_precision`` and
      ``consent_precision`` (day, month, year, unknown or ""), ``consent_type``;
    - ``qualifying`` (counted toward entry into force), ``confidence`` (official or
      secondary), ``uncertain``, ``source_url``, ``origin`` and ``date_disagreement``.

    ``attrs`` as for :func:`status`.

    >>> t = table("2026-11-29").set_index("iso3")
    >>> t.loc["QAT", ["status", "stage", "consent_date", "consent_precision"]].tolist()
    ['ratified_domestically', 'domestic', '2026-02', 'month']
    >>> t.loc["FRA", "memberships"].split(";")[:2], t.loc["EUU", "iso2"]
    (['eu', 'untoc'], 'EU')
    """
    from analysis import regions

    t = _treaty.get(treaty)
    when = _as_of(as_of, t)
    ev, info = _load(t, _root(data_dir))
    used = _counted(ev, when, include_uncertain)
    st = _status_frame(used, t)
    m49 = regions.m49().set_index("iso3")
    un_names = regions.un_member_names().set_index("iso3")["name"]
    joined = regions.join(pd.DataFrame({"iso3": st["iso3"].tolist()}),
                          as_of=None if when is None else when.date())
    groups = regions.groupings()

    bounds: dict[tuple[str, bool], tuple[Any, Any]] = {}
    for rec in used.sort_values("date_latest").to_dict("records"):
        if rec["action"] == "signature" or rec["action"] in CONSENT_ACTIONS:
            key = (rec["iso3"], rec["action"] == "signature")
            bounds.setdefault(key, (rec["date_earliest"], rec["date_latest"]))

    def window(iso3: str, action_is_sig: bool) -> tuple[Any, Any]:
        return bounds.get((iso3, action_is_sig), (pd.NaT, pd.NaT))

    rows = []
    for r, j in zip(st.itertuples(), joined.itertuples(), strict=True):
        iso2 = "EU" if r.iso3 == EU_ISO3 else (m49["iso2"].get(r.iso3, "") or "")
        rows.append({
            "iso3": r.iso3, "iso2": iso2, "name": un_names.get(r.iso3, r.participant),
            "participant": r.participant, "region": j.region, "sub_region": j.sub_region,
            "un_group": j.un_group,
            "memberships": ";".join(g for g in groups if getattr(j, f"member_{g}")),
            "status": str(r.status), "status_label": STATUS_LABELS[str(r.status)],
            "stage": r.stage,
            "signature_date": _date_text(r.signature_date, r.signature_precision,
                                         *window(r.iso3, True)),
            "signature_precision": r.signature_precision,
            "consent_date": _date_text(r.consent_date, r.consent_precision,
                                       *window(r.iso3, False)),
            "consent_precision": r.consent_precision, "consent_type": r.consent_type,
            "qualifying": bool(r.qualifying), "confidence": r.confidence,
            "uncertain": bool(r.uncertain), "source_url": r.source_url, "origin": r.origin,
            "date_disagreement": bool(r.date_disagreement),
        })
    out = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    for col in ("qualifying", "uncertain", "date_disagreement"):
        out[col] = out[col].astype(bool)
    out.attrs.update(_attrs(t, when, info, used))
    return out


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def headline(as_of: Any = None, treaty: Any = None, *,
             data_dir: str | Path | None = None) -> str:
    """One careful sentence on a treaty's status at ``as_of``, every number computed.

    It separates what the depositary's record shows from what was only reported, counts only
    deposits toward entry into force, names domestic ratifications pending deposit, and says
    how fresh the data are (``attrs["staleness"]``).

    >>> headline("2026-12-07").startswith("Hanoi Convention, as of 7 December 2026: ")
    True
    """
    t = _treaty.get(treaty)
    c = counts(as_of, treaty=t, data_dir=data_dir)
    info = c.attrs["data_as_of"]
    when = (f"as of {_human(c.as_of, long=True)}" if c.as_of else
            f"on the latest data ({c.attrs['data_as_of_label']})")
    parts = []
    if t.status_source == "reference":
        parts.append(f"{c.signatories} signatories and {c.parties} parties on the UNTC record")
    else:
        ev = events(treaty=t, data_dir=data_dir)
        counted = _counted(ev, None if c.as_of is None else pd.Timestamp(c.as_of), False)
        sig = counted[counted["action"] == "signature"]
        off = c.official_hanoi_signatories
        snap = c.attrs.get("untc_snapshot")
        if snap is not None:
            official_sig = int((sig["origin"] == snap["path"]).sum())
            parts.append(f"{official_sig} signatories on the UNTC record of "
                         f"{_human(info['complete_to'], long=True)}")
        elif off is not None:
            later = sig[(sig["confidence"] == "official")
                        & (sig["date_earliest"] > _as_of_end(off.as_of))]
            parts.append(f"at least {off.value + len(later)} signatories on the official "
                         f"record (UNTC's {off.value} at the opening"
                         + (f" plus {_names(sorted(later['participant']))}" if len(later)
                            else "") + ")")
        rep = c.reported_signatories
        # a total reported before the depositary's record was taken says nothing more
        older = snap is not None and rep is not None and \
            _as_of_end(rep.as_of) <= pd.Timestamp(info["complete_to"])
        if rep is not None and not older and (off is None or rep.as_of != off.as_of):
            figure = (str(rep.value) if rep.alternative is None else
                      f"{min(rep.value, rep.alternative)}-{max(rep.value, rep.alternative)}")
            by = _as_of_end(rep.as_of).date().isoformat()
            parts.append(f"{figure} reported by {_human(by, long=True)}")
    deposits = (f"{c.qualifying_instruments} of the {c.threshold} instruments needed for entry "
                f"into force deposited with the {t.depositary}")
    if c.domestic_pending:
        names = _names([p.participant for p in c.domestic_pending_list])
        deposits += (f"; {c.domestic_pending} ratification{'s' if c.domestic_pending > 1 else ''}"
                     f" reported at home but not confirmed as deposited ({names})")
    parts.append(deposits)
    parts.append("not in force" if c.qualifying_instruments < c.threshold
                 else f"the threshold of {c.threshold} instruments is reached")
    text = f"{t.short_name}, {when}: " + "; ".join(parts)
    if c.attrs.get("staleness"):
        text += f"; {c.attrs['staleness']}"
    return text + "."
