"""Who takes part in a treaty (the Hanoi Convention by default): per country, per region and
grouping, and over time.

Computation for ``notebooks/01_participation.ipynb`` (its figures are in
:mod:`analysis.participation_plots`).
Every function takes ``as_of`` (read by :func:`analysis.dates.parse_as_of`; counted with the
as-of rule: an event counts only when it certainly happened by that date), ``treaty`` (a
profile of :mod:`analysis.treaty`; None = the Hanoi Convention) and ``data_dir`` (the status
data snapshot; None = the bundled ``data/``).

*Status classes* (:data:`STATUS_ORDER`): ``not signed`` < ``signatory`` <
``ratified_domestically`` ("ratified at home, deposit not confirmed": a domestic approval is
reported but no deposit with the depositary is known) < ``party`` (instrument deposited) <
``withdrawn``. Only a deposit makes a party. The stage comes from :func:`analysis.status.status`'s
``stage`` column when it has one; with a status table that has none, a consent counts as
deposited only when its source is the depositary's record (a UNTC page or a C.N. number).

- :func:`universe`: the entities that could take part and are mapped: the 193 UN Member States,
  the observer States Palestine and the Holy See, and Kosovo (which has a map point);
- :func:`by_country`: one row per entity of the universe (plus the European Union) with its
  status, stage, dates as text (with their precision), source confidence and notes;
- :func:`by_group`: counts and shares that signed and that are parties, per M49 region,
  sub-region or UN regional group;
- :func:`overlaps`: the same per grouping of :func:`analysis.regions.grouping_table` (EU,
  UNTOC, UNCAC, the Budapest Convention, G7, G20, BRICS, ASEAN, AU), counting states, with
  organisations (the EU, the AU) shown apart; :func:`overlap_members` lists one grouping's
  members with their status;
- :func:`totals`: how the totals that count different things (with the EU, M49 countries and
  areas, UN regional groups) differ, every participant accounted for;
- :func:`day_one_signatures`: who signed on the first signing day, certainly or possibly (the
  one count both reports use);
- :func:`accumulation`: signatures by period (signing days, day not known, later) and by
  evidence (named in an official record, named by news only, unnamed: count only);
- :func:`signature_log`: the named and unnamed signatures behind :func:`accumulation`.

>>> t = by_country()
>>> t.set_index("iso3").loc["QAT", "status"], int(t["iso3"].isin(["EUU"]).sum())
('ratified_domestically', 1)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import regions, status
from analysis import treaty as treaties_profile
from analysis.dates import certainly_by, latest_possible_date, parse_as_of

__all__ = [
    "BANDS",
    "LEVEL_LABELS",
    "PERIODS",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "accumulation",
    "by_country",
    "by_group",
    "date_label",
    "day_one_signatures",
    "overlap_members",
    "overlaps",
    "periods",
    "signature_log",
    "totals",
    "universe",
]

#: The status classes of :func:`by_country`, in order.
STATUS_ORDER: tuple[str, ...] = (
    "not signed", "signatory", "ratified_domestically", "party", "withdrawn")
#: Human labels of the status classes.
STATUS_LABELS: dict[str, str] = {
    "not signed": "not signed",
    "signatory": "signatory",
    "ratified_domestically": "ratified at home, deposit not confirmed",
    "party": "party (instrument deposited)",
    "withdrawn": "withdrawn",
}
#: Evidence bands of :func:`accumulation`, in stacking order.
BANDS: tuple[str, ...] = ("named: official record", "named: news only", "unnamed (count only)")
#: Display names of the levels of :func:`by_group`.
LEVEL_LABELS: dict[str, str] = {
    "region": "M49 region", "sub_region": "M49 sub-region", "un_group": "UN regional group",
}
KOSOVO = "XKX"
#: A depositary notification number, e.g. "C.N.123.2026.TREATIES-XVIII.16".
_CN = re.compile(r"\bC\.N\.\s*\d+\.\d{4}\b")


def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts:%b %Y}"


def periods(treaty: Any = None) -> tuple[str, ...]:
    """The periods of :func:`accumulation` for a treaty: each signing day, "day not known"
    (for a multi-day ceremony), and after.

    >>> periods()[:2]
    ('signing day 1 (25 Oct 2025)', 'signing day 2 (26 Oct 2025)')
    >>> periods()[2:]
    ('signing days, day not known (25 or 26 Oct 2025)', 'after the signing days')
    >>> periods("untoc")
    ('opening day (12 Dec 2000)', 'after the opening day')
    """
    days = treaties_profile.get(treaty).signing_days
    if len(days) == 1:
        return (f"opening day ({_day(days[0])})", "after the opening day")
    out = [f"signing day {i} ({_day(d)})" for i, d in enumerate(days, start=1)]
    lo, hi = days[0], days[-1]
    span = (f"{lo.day} or {_day(hi)}" if len(days) == 2 and (lo.month, lo.year)
            == (hi.month, hi.year) else f"{_day(lo)} to {_day(hi)}")
    return (*out, f"signing days, day not known ({span})", "after the signing days")


#: Periods of :func:`accumulation` for the default treaty, in order.
PERIODS: tuple[str, ...] = periods()


def date_label(date: Any, precision: str, earliest: Any = None, latest: Any = None) -> str:
    """A date as text that says how precise it is ("" when there is no date at all).

    >>> date_label(pd.Timestamp("2025-10-25"), "day")
    '25 Oct 2025'
    >>> date_label(pd.Timestamp("2026-07-01"), "month")
    'Jul 2026 (day not known)'
    >>> date_label(pd.NaT, "unknown", pd.Timestamp("2025-10-25"), pd.Timestamp("2025-10-26"))
    '25 or 26 Oct 2025 (day not known)'
    """
    def day(ts: pd.Timestamp) -> str:
        return f"{ts.day} {ts:%b %Y}"

    if precision == "day" and pd.notna(date):
        return day(date)
    if precision == "month" and pd.notna(date):
        return f"{date:%b %Y} (day not known)"
    if precision == "year" and pd.notna(date):
        return f"{date:%Y} (month not known)"
    lo = pd.Timestamp(earliest) if earliest is not None and pd.notna(earliest) else None
    hi = pd.Timestamp(latest) if latest is not None and pd.notna(latest) else None
    if lo is not None and hi is not None:
        if (hi - lo).days == 1 and (lo.month, lo.year) == (hi.month, hi.year):
            return f"{lo.day} or {day(hi)} (day not known)"
        return f"between {day(lo)} and {day(hi)} (date not known)"
    if hi is not None:
        return f"by {day(hi)} (date not known)"
    if lo is not None:
        return f"after {day(lo)} (date not known)"
    return "date not known" if precision else ""


def universe() -> pd.DataFrame:
    """The entities mapped and counted: UN Member States, PSE, VAT, and Kosovo.

    Columns: ``iso3, name`` (the UN short name, as UNTC writes participants today:
    :func:`analysis.regions.un_member_names`, else M49; :func:`by_country` uses the
    Convention's own record for participants), ``un_member`` (bool) and ``kind``
    ("UN Member State", "observer State" or "not a UN member").

    >>> u = universe()
    >>> len(u), int(u["un_member"].sum()), sorted(u.loc[~u["un_member"], "iso3"])
    (196, 193, ['PSE', 'VAT', 'XKX'])
    """
    from analysis import geo

    groups = regions.un_groups()[["iso3", "name", "un_member"]]
    m49 = regions.m49().set_index("iso3")["name"]
    un_names = regions.un_member_names().set_index("iso3")["name"]
    observers = {"PSE": "State of Palestine", "VAT": "Holy See"}  # UNTC's names for them
    rows = []
    for r in groups.itertuples():
        kind = "UN Member State" if r.un_member else "observer State"
        name = un_names.get(r.iso3) or observers.get(r.iso3) or m49.get(r.iso3, r.name)
        rows.append((r.iso3, name, bool(r.un_member), kind))
    if KOSOVO in set(geo.points()["iso3"]):
        rows.append((KOSOVO, "Kosovo", False, "not a UN member"))
    out = pd.DataFrame(rows, columns=["iso3", "name", "un_member", "kind"])
    return out.sort_values("iso3", ignore_index=True)


def _status_kwargs(treaty: Any) -> dict[str, Any]:
    """``treaty=`` for analysis.status, passed only when it is not the default profile (so the
    same code runs against a status module that does not take it yet)."""
    import inspect

    profile = treaties_profile.get(treaty)
    if profile is treaties_profile.DEFAULT:
        return {}
    if "treaty" not in inspect.signature(status.status).parameters:
        raise ValueError(f"treaty {profile.id!r}: analysis.status here reads only the "
                         f"{treaties_profile.DEFAULT.short_name}'s data (no treaty= yet)")
    return {"treaty": profile}


def _events(data_dir: str | Path | None, treaty: Any) -> pd.DataFrame:
    return status.events(data_dir=data_dir, **_status_kwargs(treaty))


def _counted_events(when: pd.Timestamp | None, data_dir: str | Path | None,
                    treaty: Any) -> pd.DataFrame:
    ev = _events(data_dir, treaty)
    if "uncertain" in ev.columns:
        ev = ev[~ev["uncertain"].astype(bool)]
    return ev[certainly_by(ev["date_latest"], when)]  # the as-of rule (analysis.dates)


def consent_stage(event: pd.Series | dict[str, Any]) -> str:
    """``deposited`` or ``domestic`` for one consent row of the event log.

    The row's own ``stage`` when it has one; otherwise (an event log from before the
    ``stage`` column) ``deposited`` only when the source is the depositary's record: a
    UNTC page or a C.N. depositary notification number in the note.

    >>> consent_stage({"stage": "domestic", "source_url": "https://treaties.un.org/x"})
    'domestic'
    >>> consent_stage({"source_url": "https://news.example/qatar-ratifies", "note": ""})
    'domestic'
    >>> consent_stage({"source_url": "https://treaties.un.org/doc/x.xml", "note": ""})
    'deposited'
    """
    stage = str(event.get("stage") or "")
    if stage:
        if stage not in ("deposited", "domestic"):
            raise ValueError(f"stage {stage!r} is not 'deposited' or 'domestic'")
        return stage
    url, note = str(event.get("source_url") or ""), str(event.get("note") or "")
    return "deposited" if "treaties.un.org" in url or _CN.search(note) else "domestic"


def _state(base: str, consents: list[dict[str, Any]]) -> tuple[str, str]:
    """(status, stage) of a participant from status()'s class and its counted consents."""
    if base == "withdrawn":
        return "withdrawn", ""
    if not consents:
        return ("signatory" if base != "not signed" else "not signed"), ""
    stages = [consent_stage(r) for r in consents]
    if "deposited" in stages:
        return "party", "deposited"
    return "ratified_domestically", "domestic"


BY_COUNTRY_COLUMNS = [
    "iso3", "name", "kind", "status", "status_label", "stage", "signature", "consent",
    "confidence", "eu_member", "note",
]


def by_country(as_of: Any = None, *, treaty: Any = None,
               data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per entity of :func:`universe`, then any other participant of the treaty
    (e.g. the Cook Islands; kind "participant outside the UN membership"), then the European
    Union (``EUU``) last: every participant of :func:`analysis.status.status` has a row.

    Columns: ``iso3, name, kind, status`` (one of :data:`STATUS_ORDER`: "party" only for a
    deposited instrument, "ratified_domestically" for a reported domestic ratification with
    no deposit known), ``status_label`` (:data:`STATUS_LABELS`), ``stage`` ("deposited",
    "domestic" or ""), ``signature`` and ``consent`` (dates as text with their precision, ""
    when none), ``confidence`` ("official", "news only", or per fact when they differ, e.g.
    "signature official; consent news only"; "" when there is no fact), ``eu_member`` (bool,
    at ``as_of``) and ``note`` (e.g. the unconfirmed 72nd-signature candidates). ``name`` is
    the participant's name in the treaty's record when it took part. ``attrs`` are those of
    :func:`analysis.status.status`.

    >>> t = by_country("2025-10-27").set_index("iso3")
    >>> t.loc["GBR", "signature"], t.loc["GBR", "confidence"]
    ('25 or 26 Oct 2025 (day not known)', 'news only')
    >>> t = by_country("2026-11-29").set_index("iso3")
    >>> t.loc["VNM", ["status", "stage"]].tolist(), t.loc["VNM", "status_label"]
    (['ratified_domestically', 'domestic'], 'ratified at home, deposit not confirmed')
    """
    when = parse_as_of(as_of)
    st = status.status(when, data_dir=data_dir, **_status_kwargs(treaty))
    ev = _counted_events(when, data_dir, treaty)
    all_ev = _events(data_dir, treaty)
    eu_members = set(regions.memberships("eu").pipe(_current, when)["iso3"])

    def label(rows: list[dict[str, Any]]) -> str:
        if not rows:
            return ""
        r = rows[0]
        return date_label(r["date"], r["date_precision"], r["date_earliest"], r["date_latest"])

    def by_iso3(frame: pd.DataFrame) -> dict[str, list[tuple[Any, dict[str, Any]]]]:
        # One pass to plain records: slicing the frame per country costs ~1 s a call.
        out: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
        for idx, rec in zip(frame.index, frame.to_dict("records"), strict=True):
            out.setdefault(rec["iso3"], []).append((idx, rec))
        return out

    def earliest_first(rec: dict[str, Any]) -> tuple[bool, Any]:
        missing = pd.isna(rec["date"])  # like sort_values: no date last
        return missing, 0 if missing else rec["date"]

    info = st.set_index("iso3")
    ev_by, all_by = by_iso3(ev), by_iso3(all_ev)
    participants = {code: (str(row["status"]), row["participant"], _confidence(row))
                    for code, row in zip(info.index, info.to_dict("records"), strict=True)}
    base = universe()
    # A participant outside the mapped universe (e.g. the Cook Islands) keeps its own row.
    others = [{"iso3": code, "name": info.loc[code, "participant"], "un_member": False,
               "kind": "participant outside the UN membership"}
              for code in info.index if code not in set(base["iso3"]) | {status.EU_ISO3}]
    base = pd.concat([base, pd.DataFrame(others, columns=base.columns), pd.DataFrame([{
        "iso3": status.EU_ISO3, "name": "European Union", "un_member": False,
        "kind": "regional economic integration organization"}])], ignore_index=True)
    eu_signed = {rec["iso3"] for rec in ev.to_dict("records")
                 if rec["iso3"] in eu_members and rec["action"] == "signature"}
    rows = []
    for r in base.itertuples():
        mine = ev_by.get(r.iso3, [])
        sig = [rec for _, rec in mine if rec["action"] == "signature"]
        con = sorted((rec for _, rec in mine if rec["action"] in status.CONSENT_ACTIONS),
                     key=earliest_first)
        notes = []
        if r.iso3 in participants:
            base_state, name, confidence = participants[r.iso3]
            state, stage = _state(base_state, con)
        else:
            state, stage, name, confidence = "not signed", "", r.name, ""
        for c in con:
            if consent_stage(c) == "domestic":
                notes.append(f"{c['action']} reported at home; no deposit with the depositary "
                             "known (not counted as a party)")
        counted = {idx for idx, _ in mine}
        for idx, p in all_by.get(r.iso3, []):
            if idx in counted:
                continue
            if p.get("uncertain", False):
                notes.append(f"unconfirmed candidate for a reported {p['action']} (not counted)")
            else:
                when_text = date_label(p["date"], p["date_precision"], p["date_earliest"],
                                       p["date_latest"])
                notes.append(f"{p['action']} not certainly by this date ({when_text})")
        if r.iso3 in eu_members:
            notes.append("EU member state (the EU itself signed as an organization)")
        if r.iso3 == KOSOVO:
            notes.append("not a UN member")
        if r.iso3 == status.EU_ISO3:
            notes.append(f"{len(eu_signed)} of its {len(eu_members)} member states signed "
                         "themselves; an EU instrument would not count toward the threshold "
                         "in addition to theirs")
        rows.append({
            "iso3": r.iso3, "name": name, "kind": r.kind, "status": state,
            "status_label": STATUS_LABELS[state], "stage": stage,
            "signature": label(sig), "consent": label(con), "confidence": confidence,
            "eu_member": r.iso3 in eu_members, "note": "; ".join(notes),
        })
    out = pd.DataFrame(rows, columns=BY_COUNTRY_COLUMNS)
    out.attrs = dict(st.attrs)
    out.attrs.setdefault("treaty", treaties_profile.get(treaty).id)
    return out


def _confidence(row: Mapping[str, Any]) -> str:
    """'official', 'news only', or per fact when they differ."""
    words = {"official": "official", "secondary": "news only"}
    sig, con = row["signature_confidence"], row["consent_confidence"]
    facts = [(what, words.get(c, c)) for what, c in (("signature", sig), ("consent", con)) if c]
    if len({c for _, c in facts}) == 1:
        return facts[0][1]
    return "; ".join(f"{what} {c}" for what, c in facts)


def _current(df: pd.DataFrame, when: pd.Timestamp | None) -> pd.DataFrame:
    if when is None:
        return df[df["left"].isna()]
    keep = (df["joined"].isna() | df["joined"].le(when)) & (df["left"].isna() | df["left"].gt(when))
    return df[keep]


def _share(n: int, total: int) -> float:
    return round(100 * n / total, 1) if total else float("nan")


GROUP_COLUMNS = ["level", "group", "members", "signed", "ratified_domestically", "parties",
                 "signed_pct", "parties_pct", "not_signed"]


def by_group(table: pd.DataFrame, level: str) -> pd.DataFrame:
    """Counts and shares of a region's (or UN group's) members that signed and that are parties.

    ``table`` is :func:`by_country`; ``level`` is ``region``, ``sub_region`` or ``un_group``.
    Members are the UN Member States and observer States of the group (Kosovo and the EU have
    no M49 region or UN group). ``signed`` counts every signatory, parties that signed included;
    ``ratified_domestically`` those with a reported domestic ratification and no deposit;
    ``parties`` those that deposited an instrument. Sorted by ``signed_pct``, then ``members``
    (both descending), then name. ``not_signed`` lists the names of the rest. ``attrs``: the
    table's, with the region inputs added (:func:`analysis.regions.join`).

    >>> g = by_group(by_country("2026-11-29"), "un_group").set_index("group")
    >>> int(g.loc["African Group", "members"]), int(g.loc["African Group", "signed"])
    (54, 21)
    """
    if level not in LEVEL_LABELS:
        raise ValueError(f"level must be one of {list(LEVEL_LABELS)}")
    # Members are UN Member and observer States: a participant outside the UN membership
    # (e.g. the Cook Islands) has an M49 region but is not one of its States here.
    states = set(regions.un_groups()["iso3"])
    plain = table[table["iso3"].isin(states)].reset_index(drop=True)
    plain.attrs = dict(table.attrs)
    joined = regions.join(plain)
    joined = joined[joined[level] != ""]
    rows = []
    for name, g in joined.groupby(level, sort=True):
        signed = int(g["signature"].ne("").sum())
        parties = int(g["status"].eq("party").sum())
        rows.append({
            "level": LEVEL_LABELS[level], "group": name, "members": len(g), "signed": signed,
            "ratified_domestically": int(g["status"].eq("ratified_domestically").sum()),
            "parties": parties, "signed_pct": _share(signed, len(g)),
            "parties_pct": _share(parties, len(g)),
            "not_signed": "; ".join(sorted(g.loc[g["signature"].eq(""), "name"])),
        })
    out = pd.DataFrame(rows, columns=GROUP_COLUMNS)
    out = out.sort_values(["signed_pct", "members", "group"], ascending=[False, False, True],
                          ignore_index=True)
    out.attrs = dict(joined.attrs)
    return out


MEMBER_COLUMNS = ["grouping", "iso3", "name", "member_kind", "in_table", "status", "stage",
                  "signature", "consent", "joined", "joined_basis", "source_url", "note"]


def overlap_members(table: pd.DataFrame, grouping: str, as_of: Any = None) -> pd.DataFrame:
    """One grouping's members at ``as_of`` with their status in ``table`` (:func:`by_country`).

    Columns: ``grouping, iso3, name, member_kind`` ("state" or "organisation"), ``in_table``
    (False for a member the participation table does not cover, e.g. the Sahrawi Arab
    Democratic Republic in the AU, or the African Union itself), ``status, stage, signature,
    consent`` (from ``table``; "not signed" when not in it), ``joined`` (datetime) and
    ``joined_basis`` (what the date is: see :func:`analysis.regions.memberships`),
    ``source_url`` and ``note`` of the membership. Sorted by status (most advanced first),
    then name.

    >>> m = overlap_members(by_country("2026-11-29"), "budapest", "2026-11-29")
    >>> m.set_index("iso3").loc["USA", ["status", "joined_basis"]].tolist()
    ['not signed', 'deposit']
    """
    when = parse_as_of(as_of)
    members = _current(regions.memberships(grouping), when)
    info = table.set_index("iso3")
    m49_names = regions.m49().set_index("iso3")["name"]
    rows = []
    for r in members.itertuples():
        hit = r.iso3 in info.index if r.iso3 else False
        t = info.loc[r.iso3] if hit else None
        name = r.member or (t["name"] if t is not None else m49_names.get(r.iso3, r.iso3))
        rows.append({
            "grouping": grouping, "iso3": r.iso3, "name": name, "member_kind": r.member_kind,
            "in_table": hit,
            "status": t["status"] if t is not None else "not signed",
            "stage": t["stage"] if t is not None and "stage" in t else "",
            "signature": t["signature"] if t is not None else "",
            "consent": t["consent"] if t is not None else "",
            "joined": r.joined, "joined_basis": r.joined_basis,
            "source_url": r.source_url, "note": r.note,
        })
    out = pd.DataFrame(rows, columns=MEMBER_COLUMNS)
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    out = out.sort_values(["status", "name"], key=lambda s: s.map(rank).fillna(-1) * -1
                          if s.name == "status" else s.str.casefold(), ignore_index=True)
    out["joined"] = pd.to_datetime(out["joined"]).astype("datetime64[ns]")
    out["in_table"] = out["in_table"].astype(bool)  # an empty frame would be object dtype
    out.attrs = {**table.attrs, "grouping": grouping,
                 "memberships_as_of": None if when is None else when.date().isoformat()}
    return out


OVERLAP_COLUMNS = ["grouping", "label", "kind", "members", "signed", "ratified_domestically",
                   "parties", "signed_pct", "parties_pct", "not_signed", "organisations",
                   "not_counted", "undated_members", "known_gaps", "caveat"]
_UNDATED_BASES = ("", "listed", "inferred")


def _caveat(g: pd.DataFrame, gaps: pd.DataFrame, row: Any) -> str:
    parts = []
    basis = g["joined_basis"].value_counts()
    listed, inferred, undated = (int(basis.get(k, 0)) for k in ("listed", "inferred", ""))
    if listed:
        parts.append(f"{listed} counted from the date of a source that lists them as members "
                     "(joining date not found)")
    if inferred:
        parts.append(f"{inferred} counted from the date of the evidence their membership is "
                     "inferred from")
    if undated and row.members_dated != "none":
        parts.append(f"{undated} with no joining date (members at every date)")
    for gap in gaps.itertuples():
        parts.append(f"{gap.name} ({gap.claim}) is missing from the data: not counted")
    return "; ".join(parts)


def overlaps(table: pd.DataFrame, as_of: Any = None) -> pd.DataFrame:
    """Per grouping of :func:`analysis.regions.grouping_table`: states, who signed, who not.

    ``table`` is :func:`by_country`; memberships are those at ``as_of``. Columns:

    - ``grouping, label, kind`` (organisation / treaty / forum, from the groupings table);
    - ``members``: the grouping's **states** in ``table`` (organisations are never counted
      among them); ``signed``, ``ratified_domestically`` and ``parties`` (deposited) among
      them, with ``signed_pct`` / ``parties_pct``; ``not_signed`` (names);
    - ``organisations``: organisation members and their status, by name, e.g. "African
      Union (not a participant); European Union (signatory)";
    - ``not_counted``: members that are not in ``table`` (e.g. the Sahrawi Arab Democratic
      Republic in the AU, states that no longer exist in UNTOC/UNCAC), named, never dropped
      silently;
    - ``undated_members``: how many counted members have no recorded joining/deposit date
      (counted from a source's date, inferred, or undated); ``known_gaps``: members the
      grouping's own count includes but no source names (:func:`analysis.regions.
      membership_gaps`, e.g. Senegal in the Budapest Convention); ``caveat``: both in words.

    ``attrs``: the table's, with the region and membership inputs added to ``sources``,
    ``source_urls``, ``source_files`` and ``licences``; ``memberships_as_of``; ``caveats``
    (grouping -> caveat text, for the non-empty ones).

    >>> o = overlaps(by_country("2026-11-29"), "2026-11-29").set_index("grouping")
    >>> int(o.loc["g7", "members"]), int(o.loc["g7", "signed"])
    (7, 3)
    >>> o.loc["g20", "organisations"].split("; ")[0]
    'African Union (not a participant)'
    >>> o.loc["budapest", "known_gaps"]
    'Senegal'
    """
    when = parse_as_of(as_of)
    defs = regions.grouping_table()
    gaps_all = regions.membership_gaps()
    rows, caveats = [], {}
    for row in defs.itertuples():
        m = overlap_members(table, row.id, when)
        orgs = m[m["member_kind"] == "organisation"]
        states = m[m["member_kind"] == "state"]
        g, outside = states[states["in_table"]], states[~states["in_table"]]
        gaps = gaps_all[gaps_all["grouping"] == row.id]
        signed = int(g["signature"].ne("").sum())
        parties = int(g["status"].eq("party").sum())
        caveat = _caveat(g, gaps, row)
        if caveat:
            caveats[row.id] = caveat
        rows.append({
            "grouping": row.id, "label": row.label, "kind": row.kind,
            "members": len(g), "signed": signed,
            "ratified_domestically": int(g["status"].eq("ratified_domestically").sum()),
            "parties": parties,
            "signed_pct": _share(signed, len(g)), "parties_pct": _share(parties, len(g)),
            "not_signed": "; ".join(sorted(g.loc[g["signature"].eq(""), "name"])),
            "organisations": "; ".join(sorted(
                f"{o.name} ({o.status if o.in_table else 'not a participant'})"
                for o in orgs.itertuples())),
            "not_counted": "; ".join(
                f"{o.name} ({o.iso3 or 'no ISO code'}): not in the participation table"
                for o in outside.itertuples()),
            "undated_members": int(g["joined_basis"].isin(_UNDATED_BASES).sum()),
            "known_gaps": "; ".join(gaps["name"]),
            "caveat": caveat,
        })
    out = pd.DataFrame(rows, columns=OVERLAP_COLUMNS)
    out.attrs = {**regions.with_region_sources({**table.attrs, "memberships_as_of": (
        None if when is None else when.date().isoformat())}), "caveats": caveats}
    return out


TOTALS_COLUMNS = ["step", "total", "change", "who", "why"]


def totals(table: pd.DataFrame) -> pd.DataFrame:
    """Why the totals differ: participants with the EU, in M49, in the UN regional groups.

    ``table`` is :func:`by_country`. Participants are the rows whose status is not "not
    signed". Each step removes the participants a narrower table cannot hold and names them,
    so every participant is accounted for: ``total`` of a step = ``total`` of the step before
    + ``change``. Steps: all named participants (the European Union included); in an M49
    country or area (the EU is an organisation; Kosovo is not in M49); in a UN regional group
    (Palestine and the Holy See, observer States, are in none). ``why`` names the kinds of
    the participants a step leaves out (``kind`` of :func:`by_country`).

    >>> t = totals(by_country("2026-11-29"))
    >>> t[["total", "change", "who"]].values.tolist()
    [[73, 73, ''], [72, -1, 'European Union'], [71, -1, 'State of Palestine']]
    """
    part = table[table["status"] != "not signed"].reset_index(drop=True)
    part.attrs = {}
    joined = regions.join(part)
    steps = [
        ("named participants (the European Union included)", pd.Series(True, joined.index),
         ""),
        ("in an M49 country or area (the regions tables)", joined["region"].ne(""),
         "no M49 country or area"),
        ("in a UN regional group", joined["region"].ne("") & joined["un_group"].ne(""),
         "in no UN regional group"),
    ]
    rows, before = [], None
    for step, keep, why in steps:
        kept = set(joined.index[keep])
        dropped = [] if before is None else sorted(before - kept)
        kinds = sorted(set(joined.loc[dropped, "kind"])) if "kind" in joined else []
        rows.append({
            "step": step, "total": len(kept),
            "change": len(kept) if before is None else len(kept) - len(before),
            "who": "; ".join(joined.loc[dropped, "name"]),
            "why": f"{why} ({', '.join(kinds)})" if dropped and kinds else why if dropped
            else "",
        })
        before = kept
    out = pd.DataFrame(rows, columns=TOTALS_COLUMNS)
    out.attrs = dict(table.attrs)
    return out


DAY_ONE_COLUMNS = ["on_day_one", "who", "iso3", "count", "date", "confidence", "source_url"]


def day_one_signatures(as_of: Any = None, *, treaty: Any = None,
                       data_dir: str | Path | None = None) -> pd.DataFrame:
    """Signatures on the treaty's first signing day: certain ones and possible ones.

    One row per named signature whose date window touches the first signing day, plus one
    row per unnamed signature (a reported total) whose window does: ``on_day_one`` is
    ``"yes"`` when the signature certainly fell on that day (its latest possible date is the
    day itself) and ``"possibly"`` when its day is not known (e.g. "25 or 26 Oct 2025").
    ``count`` is 1 for a named signature. ``attrs["certain"]`` and ``attrs["possible"]``
    are the two totals; the honest day-one figure is ``certain``, "with up to ``possible``
    more". Both reports take the figure from here.

    The rule is the as-of rule (an event counts on a day only when it certainly happened by
    then); a chart that places a two-day window on its first day counts the possible ones as
    certain.

    >>> d = day_one_signatures()
    >>> d.attrs["certain"], d.attrs["possible"]
    (66, 3)
    >>> sorted(d.loc[(d["on_day_one"] == "possibly") & (d["iso3"] != ""), "iso3"])
    ['GBR', 'SWE']
    """
    when = parse_as_of(as_of)
    profile = treaties_profile.get(treaty)
    day1 = profile.signing_days[0]
    ev = _counted_events(when, data_dir, treaty)
    sig = ev[ev["action"] == "signature"]
    rows = []
    for r in sig.itertuples():
        lo, hi = r.date_earliest, r.date_latest
        if pd.isna(hi) or (pd.notna(lo) and lo > day1) or hi < day1:
            continue
        rows.append({
            "on_day_one": "yes" if hi == day1 else "possibly", "who": r.participant,
            "iso3": r.iso3, "count": 1,
            "date": date_label(r.date, r.date_precision, lo, hi),
            "confidence": r.confidence, "source_url": r.source_url,
        })
    if profile is treaties_profile.DEFAULT:
        ku = status.known_unknowns(data_dir=data_dir)
        for r in ku[ku["quantity"] == "signature_unidentified"].itertuples():
            start = pd.Timestamp(r.window_start) if r.window_start else pd.NaT
            precision = "month" if len(r.as_of) == 7 else "day"
            end = latest_possible_date(pd.Timestamp(r.as_of[:7] + "-01") if precision == "month"
                                       else pd.Timestamp(r.as_of), precision)
            if when is not None and not end <= when:
                continue
            if end < day1 or (pd.notna(start) and start > day1):
                continue
            rows.append({
                "on_day_one": "yes" if end == day1 else "possibly",
                "who": "unnamed signator" + ("y" if int(r.value) == 1 else "ies"), "iso3": "",
                "count": int(r.value), "date": date_label(pd.NaT, "unknown", start, end),
                "confidence": r.confidence, "source_url": r.source_url,
            })
    out = pd.DataFrame(rows, columns=DAY_ONE_COLUMNS)
    out = out.sort_values(["on_day_one", "who"], key=lambda s: s.str.casefold(),
                          ascending=[False, True], ignore_index=True)
    out.attrs = {**ev.attrs, "day_one": day1.date().isoformat(),
                 "certain": int(out.loc[out["on_day_one"] == "yes", "count"].sum()),
                 "possible": int(out.loc[out["on_day_one"] == "possibly", "count"].sum())}
    return out


def _period(lo: pd.Timestamp, hi: pd.Timestamp, days: tuple[pd.Timestamp, ...],
            names: tuple[str, ...]) -> str:
    if pd.notna(lo) and pd.notna(hi):
        for day, name in zip(days, names, strict=False):
            if lo == hi == day:
                return name
        if len(days) > 1 and lo >= days[0] and hi <= days[-1]:
            return names[len(days)]
    return names[-1]


LOG_COLUMNS = ["period", "band", "who", "iso3", "count", "date", "confidence", "source_url",
               "note"]


def signature_log(as_of: Any = None, *, treaty: Any = None,
                  data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every signature counted at ``as_of``, named or unnamed, with its period and band.

    Named signatures come from the event log (uncertain candidates left out); unnamed ones
    from the ``signature_unidentified`` rows of :func:`analysis.status.known_unknowns` whose
    window has closed by ``as_of`` (``count`` may be more than 1). Columns: ``period`` (one of
    :func:`periods` of the treaty), ``band`` (one of :data:`BANDS`), ``who``, ``iso3`` (""
    when unnamed), ``count``, ``date`` (text with its precision or window), ``confidence``,
    ``source_url``, ``note``. ``attrs["periods"]`` holds the periods in order.

    >>> log = signature_log()
    >>> int(log["count"].sum()), int(log.loc[log["iso3"] == "", "count"].sum())
    (77, 4)
    """
    when = parse_as_of(as_of)
    profile = treaties_profile.get(treaty)
    names, days = periods(profile), profile.signing_days
    ev = _counted_events(when, data_dir, treaty)
    sig = ev[ev["action"] == "signature"]
    rows = []
    for r in sig.itertuples():
        band = BANDS[0] if r.confidence == "official" else BANDS[1]
        rows.append({
            "period": _period(r.date_earliest, r.date_latest, days, names), "band": band,
            "who": r.participant, "iso3": r.iso3, "count": 1,
            "date": date_label(r.date, r.date_precision, r.date_earliest, r.date_latest),
            "confidence": r.confidence, "source_url": r.source_url, "note": r.note,
        })
    ku_attrs: dict[str, Any] = {}
    if profile is treaties_profile.DEFAULT:
        ku = status.known_unknowns(data_dir=data_dir)
        ku_attrs = {k: v for k, v in ku.attrs.items() if k == "data_as_of_label"}
        for r in ku[ku["quantity"] == "signature_unidentified"].itertuples():
            precision = "month" if len(r.as_of) == 7 else "day"
            start = pd.Timestamp(r.window_start) if r.window_start else pd.NaT
            first = pd.Timestamp(r.as_of + "-01") if precision == "month" else pd.Timestamp(
                r.as_of)
            end = latest_possible_date(first, precision)
            if when is not None and not end <= when:
                continue
            rows.append({
                "period": _period(start, end, days, names), "band": BANDS[2],
                "who": "unnamed signator" + ("y" if int(r.value) == 1 else "ies"), "iso3": "",
                "count": int(r.value), "date": date_label(pd.NaT, "unknown", start, end),
                "confidence": r.confidence, "source_url": r.source_url, "note": r.note,
            })
    out = pd.DataFrame(rows, columns=LOG_COLUMNS)
    out["_p"] = out["period"].map(names.index)
    out["_b"] = out["band"].map(BANDS.index)
    out = out.sort_values(["_p", "_b", "who"], key=lambda s: s.str.casefold()
                          if s.dtype == object else s, ignore_index=True)
    out = out.drop(columns=["_p", "_b"])
    out.attrs = {**ev.attrs, **ku_attrs, "periods": names}
    return out


def accumulation(log: pd.DataFrame) -> pd.DataFrame:
    """Signatures per period and band, with the running total after each period.

    ``log`` is :func:`signature_log`. One row per (period, band) in period x :data:`BANDS`
    order (zeros kept, so every bar has a place); ``cumulative`` is the total of all bands up
    to and including the period. The first period's total is
    ``day_one_signatures().attrs["certain"]``.

    >>> acc = accumulation(signature_log())
    >>> acc.groupby("period", sort=False)["cumulative"].first().tolist()
    [66, 69, 72, 77]
    """
    names = tuple(log.attrs.get("periods", PERIODS))
    n = log.groupby(["period", "band"])["count"].sum()
    rows = [{"period": p, "band": b, "count": int(n.get((p, b), 0))}
            for p in names for b in BANDS]
    out = pd.DataFrame(rows, columns=["period", "band", "count"])
    per = out.groupby("period", sort=False)["count"].sum().cumsum()
    out["cumulative"] = out["period"].map(per).astype(int)
    out.attrs = dict(log.attrs)
    return out
