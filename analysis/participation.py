"""Who takes part in the Hanoi Convention: per country, per region and group, and over time.

Computation for ``notebooks/01_participation.ipynb`` (figures are in :mod:`analysis.plots`).
Every function takes ``as_of`` (counted with the as-of rule of :mod:`analysis.status`: an event
counts only when it certainly happened by that date) and ``data_dir`` (the status data
snapshot; None = the bundled ``data/``).

- :func:`universe`: the entities that could take part and are mapped: the 193 UN Member States,
  the observer States Palestine and the Holy See, and Kosovo (which has a map point);
- :func:`by_country`: one row per entity of the universe (plus the European Union) with its
  status, dates as text (with their precision), source confidence and notes;
- :func:`by_group`: counts and shares that signed and that are parties, per M49 region,
  sub-region or UN regional group;
- :func:`overlaps`: the same per grouping (EU, UNTOC, UNCAC, G7, G20, BRICS, ASEAN, AU), with
  the names of the members that did not sign;
- :func:`accumulation`: signatures by period (Hanoi day 1, day 2, day not known, after Hanoi)
  and by evidence (named in an official record, named by news only, unnamed: count only);
- :func:`signature_log`: the named and unnamed signatures behind :func:`accumulation`.

>>> t = by_country()
>>> t.set_index("iso3").loc["QAT", "status"], int(t["iso3"].isin(["EUU"]).sum())
('party', 1)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from analysis import regions, status

__all__ = [
    "BANDS",
    "GROUPING_LABELS",
    "LEVEL_LABELS",
    "PERIODS",
    "accumulation",
    "by_country",
    "by_group",
    "date_label",
    "overlaps",
    "signature_log",
    "universe",
]

#: Hanoi's two signing days.
HANOI_DAY1 = pd.Timestamp("2025-10-25")
HANOI_DAY2 = pd.Timestamp("2025-10-26")
#: Periods of :func:`accumulation`, in order.
PERIODS: tuple[str, ...] = (
    "Hanoi day 1 (25 Oct 2025)",
    "Hanoi day 2 (26 Oct 2025)",
    "Hanoi, day not known (25 or 26 Oct)",
    "after Hanoi (UN Headquarters)",
)
#: Evidence bands of :func:`accumulation`, in stacking order.
BANDS: tuple[str, ...] = ("named: official record", "named: news only", "unnamed (count only)")
#: Display names of the levels of :func:`by_group`.
LEVEL_LABELS: dict[str, str] = {
    "region": "M49 region", "sub_region": "M49 sub-region", "un_group": "UN regional group",
}
#: Display names of the groupings of :func:`overlaps`.
GROUPING_LABELS: dict[str, str] = {
    "eu": "EU member states",
    "untoc": "UNTOC parties (UNTC data of 2014-15)",
    "uncac": "UNCAC parties (UNTC data of 2014-15)",
    "g7": "G7",
    "g20": "G20",
    "brics": "BRICS",
    "asean": "ASEAN",
    "au": "African Union",
}
KOSOVO = "XKX"
#: Current UN short names of states renamed since the UNTOC/UNCAC tables were scraped (2014-15),
#: and of those the scrape abbreviated ("St."), as UNTC writes them today.
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


def _as_of(as_of: Any) -> pd.Timestamp | None:
    return None if as_of is None else pd.Timestamp(as_of).normalize()


def _counted_events(as_of: Any, data_dir: str | Path | None) -> pd.DataFrame:
    ev = status.events(data_dir=data_dir)
    ev = ev[~ev["uncertain"]]
    when = _as_of(as_of)
    if when is not None:
        ev = ev[ev["date_latest"].le(when).fillna(False).astype(bool)]
    return ev


BY_COUNTRY_COLUMNS = [
    "iso3", "name", "kind", "status", "signature", "consent", "confidence", "eu_member", "note",
]


def by_country(as_of: Any = None, *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per entity of :func:`universe`, plus the European Union (``EUU``) last.

    Columns: ``iso3, name, kind, status`` ("party", "signatory" or "not signed"),
    ``signature`` and ``consent`` (dates as text with their precision, "" when none),
    ``confidence`` ("official", "news only", or per fact when they differ, e.g. "signature
    official; consent news only"; "" when there is no fact), ``eu_member``
    (bool, at ``as_of``) and ``note`` (e.g. the unconfirmed 72nd-signature candidates).
    ``name`` is the participant's UNTC name when it took part. ``attrs`` are those of
    :func:`analysis.status.status`.

    >>> t = by_country("2025-10-27").set_index("iso3")
    >>> t.loc["GBR", "signature"], t.loc["GBR", "confidence"]
    ('25 or 26 Oct 2025 (day not known)', 'news only')
    """
    st = status.status(as_of, data_dir=data_dir)
    ev = _counted_events(as_of, data_dir)
    all_ev = status.events(data_dir=data_dir)
    eu_members = set(regions.memberships("eu").pipe(_current, _as_of(as_of))["iso3"])

    def label(rows: pd.DataFrame) -> str:
        if rows.empty:
            return ""
        r = rows.iloc[0]
        return date_label(r["date"], r["date_precision"], r["date_earliest"], r["date_latest"])

    info = st.set_index("iso3")
    base = universe()
    base = pd.concat([base, pd.DataFrame([{
        "iso3": status.EU_ISO3, "name": "European Union", "un_member": False,
        "kind": "regional economic integration organization"}])], ignore_index=True)
    rows = []
    for r in base.itertuples():
        mine = ev[ev["iso3"] == r.iso3]
        sig = mine[mine["action"] == "signature"]
        con = mine[mine["action"].isin(status.CONSENT_ACTIONS)].sort_values("date")
        notes = []
        if r.iso3 in info.index:
            s = info.loc[r.iso3]
            state = {"party": "party", "signatory": "signatory"}.get(s["status"], s["status"])
            name, confidence = s["participant"], _confidence(s)
        else:
            state, name, confidence = "not signed", r.name, ""
        if not con.empty:
            notes.append(f"consent: {con.iloc[0]['action']} (no UN deposit date found)")
        pending = all_ev[(all_ev["iso3"] == r.iso3) & ~all_ev.index.isin(mine.index)]
        for p in pending.itertuples():
            if p.uncertain:
                notes.append(f"unconfirmed candidate for the 72nd Hanoi {p.action} "
                             "(not counted)")
            else:
                when = date_label(p.date, p.date_precision, p.date_earliest, p.date_latest)
                notes.append(f"{p.action} not certainly by this date ({when})")
        if r.iso3 in eu_members:
            notes.append("EU member state (the EU itself signed as an organization)")
        if r.iso3 == KOSOVO:
            notes.append("not a UN member")
        if r.iso3 == status.EU_ISO3:
            own = ev[ev["iso3"].isin(eu_members) & ev["action"].eq("signature")]["iso3"]
            notes.append(f"{own.nunique()} of its {len(eu_members)} member states signed "
                         "themselves; an EU instrument would not count toward art. 65(1) in "
                         "addition to theirs")
        rows.append({
            "iso3": r.iso3, "name": name, "kind": r.kind, "status": state,
            "signature": label(sig), "consent": label(con), "confidence": confidence,
            "eu_member": r.iso3 in eu_members, "note": "; ".join(notes),
        })
    out = pd.DataFrame(rows, columns=BY_COUNTRY_COLUMNS)
    out.attrs = dict(st.attrs)
    return out


def _confidence(row: pd.Series) -> str:
    """'official', 'news only', or per fact when they differ."""
    words = {"official": "official", "secondary": "news only"}
    sig, con = row["signature_confidence"], row["consent_confidence"]
    facts = [(what, words.get(c, c)) for what, c in (("signature", sig), ("consent", con)) if c]
    if len({c for _, c in facts}) == 1:
        return facts[0][1]
    return "; ".join(f"{what} {c}" for what, c in facts)


def _date(as_of: Any) -> dt.date | None:
    when = _as_of(as_of)
    return None if when is None else when.date()


def _current(df: pd.DataFrame, when: pd.Timestamp | None) -> pd.DataFrame:
    if when is None:
        return df[df["left"].isna()]
    keep = (df["joined"].isna() | df["joined"].le(when)) & (df["left"].isna() | df["left"].gt(when))
    return df[keep]


def _share(n: int, total: int) -> float:
    return round(100 * n / total, 1) if total else float("nan")


GROUP_COLUMNS = ["level", "group", "members", "signed", "parties", "signed_pct", "parties_pct",
                 "not_signed"]


def by_group(table: pd.DataFrame, level: str) -> pd.DataFrame:
    """Counts and shares of a region's (or UN group's) members that signed and that are parties.

    ``table`` is :func:`by_country`; ``level`` is ``region``, ``sub_region`` or ``un_group``.
    Members are the UN Member States and observer States of the group (Kosovo and the EU have
    no M49 region or UN group). ``signed`` counts every signatory, parties that signed included;
    ``parties`` those that consented to be bound. Sorted by ``signed_pct``, then ``members``
    (both descending), then name. ``not_signed`` lists the names of the rest.

    >>> g = by_group(by_country("2026-11-29"), "un_group").set_index("group")
    >>> int(g.loc["African Group", "members"]), int(g.loc["African Group", "signed"])
    (54, 21)
    """
    if level not in LEVEL_LABELS:
        raise ValueError(f"level must be one of {list(LEVEL_LABELS)}")
    plain = table[table["iso3"] != status.EU_ISO3].reset_index(drop=True)
    plain.attrs = {}
    joined = regions.join(plain)
    joined = joined[joined[level] != ""]
    rows = []
    for name, g in joined.groupby(level, sort=True):
        signed = int(g["signature"].ne("").sum())
        parties = int(g["status"].eq("party").sum())
        rows.append({
            "level": LEVEL_LABELS[level], "group": name, "members": len(g), "signed": signed,
            "parties": parties, "signed_pct": _share(signed, len(g)),
            "parties_pct": _share(parties, len(g)),
            "not_signed": "; ".join(sorted(g.loc[g["signature"].eq(""), "name"])),
        })
    out = pd.DataFrame(rows, columns=GROUP_COLUMNS)
    out = out.sort_values(["signed_pct", "members", "group"], ascending=[False, False, True],
                          ignore_index=True)
    out.attrs = {**table.attrs, "region_sources": joined.attrs.get("sources", {})}
    return out


OVERLAP_COLUMNS = ["grouping", "label", "members", "signed", "parties", "signed_pct",
                   "parties_pct", "not_signed"]


def overlaps(table: pd.DataFrame, as_of: Any = None) -> pd.DataFrame:
    """Per grouping (:func:`analysis.regions.groupings`): members, how many signed, who did not.

    ``table`` is :func:`by_country` (the EU counts as a member where it is one: G7, G20, UNTOC,
    UNCAC); memberships are those at ``as_of``. UNTOC and UNCAC parties come from UNTC tables
    scraped in 2014-15 (later parties are missing). Budapest Convention membership is not in
    ``data/``: it is not a grouping here.

    >>> o = overlaps(by_country("2026-11-29"), "2026-11-29").set_index("grouping")
    >>> int(o.loc["g7", "members"]), int(o.loc["g7", "signed"])
    (8, 4)
    """
    when = _as_of(as_of)
    rows = []
    for grouping in regions.groupings():
        members = set(_current(regions.memberships(grouping), when)["iso3"])
        g = table[table["iso3"].isin(members)]
        signed = int(g["signature"].ne("").sum())
        parties = int(g["status"].eq("party").sum())
        rows.append({
            "grouping": grouping, "label": GROUPING_LABELS.get(grouping, grouping),
            "members": len(g), "signed": signed, "parties": parties,
            "signed_pct": _share(signed, len(g)), "parties_pct": _share(parties, len(g)),
            "not_signed": "; ".join(sorted(g.loc[g["signature"].eq(""), "name"])),
        })
    out = pd.DataFrame(rows, columns=OVERLAP_COLUMNS)
    out.attrs = {**table.attrs, "membership_sources": regions.memberships().attrs["sources"]}
    return out


def _period(lo: pd.Timestamp, hi: pd.Timestamp) -> str:
    if pd.notna(lo) and pd.notna(hi) and lo == hi == HANOI_DAY1:
        return PERIODS[0]
    if pd.notna(lo) and pd.notna(hi) and lo == hi == HANOI_DAY2:
        return PERIODS[1]
    if pd.notna(lo) and pd.notna(hi) and lo >= HANOI_DAY1 and hi <= HANOI_DAY2:
        return PERIODS[2]
    return PERIODS[3]


LOG_COLUMNS = ["period", "band", "who", "iso3", "count", "date", "confidence", "source_url",
               "note"]


def signature_log(as_of: Any = None, *, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every signature counted at ``as_of``, named or unnamed, with its period and band.

    Named signatures come from the event log (uncertain candidates left out); unnamed ones
    from the ``signature_unidentified`` rows of :func:`analysis.status.known_unknowns` whose
    window has closed by ``as_of`` (``count`` may be more than 1). Columns: ``period`` (one of
    :data:`PERIODS`), ``band`` (one of :data:`BANDS`), ``who``, ``iso3`` ("" when unnamed),
    ``count``, ``date`` (text with its precision or window), ``confidence``, ``source_url``,
    ``note``.

    >>> log = signature_log()
    >>> int(log["count"].sum()), int(log.loc[log["iso3"] == "", "count"].sum())
    (77, 4)
    """
    when = _as_of(as_of)
    ev = _counted_events(as_of, data_dir)
    sig = ev[ev["action"] == "signature"]
    rows = []
    for r in sig.itertuples():
        band = BANDS[0] if r.confidence == "official" else BANDS[1]
        rows.append({
            "period": _period(r.date_earliest, r.date_latest), "band": band,
            "who": r.participant, "iso3": r.iso3, "count": 1,
            "date": date_label(r.date, r.date_precision, r.date_earliest, r.date_latest),
            "confidence": r.confidence, "source_url": r.source_url, "note": r.note,
        })
    ku = status.known_unknowns(data_dir=data_dir)
    for r in ku[ku["quantity"] == "signature_unidentified"].itertuples():
        precision = "month" if len(r.as_of) == 7 else "day"
        start = pd.Timestamp(r.window_start) if r.window_start else pd.NaT
        end = status.latest_possible_date(pd.Timestamp(r.as_of), precision)
        if when is not None and not end <= when:
            continue
        rows.append({
            "period": _period(start, end), "band": BANDS[2],
            "who": "unnamed signator" + ("y" if int(r.value) == 1 else "ies"), "iso3": "",
            "count": int(r.value), "date": date_label(pd.NaT, "unknown", start, end),
            "confidence": r.confidence, "source_url": r.source_url, "note": r.note,
        })
    out = pd.DataFrame(rows, columns=LOG_COLUMNS)
    out["_p"] = out["period"].map(PERIODS.index)
    out["_b"] = out["band"].map(BANDS.index)
    out = out.sort_values(["_p", "_b", "who"], key=lambda s: s.str.casefold()
                          if s.dtype == object else s, ignore_index=True)
    out = out.drop(columns=["_p", "_b"])
    out.attrs = {**ev.attrs, **{k: v for k, v in ku.attrs.items() if k == "data_as_of_label"}}
    return out


def accumulation(log: pd.DataFrame) -> pd.DataFrame:
    """Signatures per period and band, with the running total after each period.

    ``log`` is :func:`signature_log`. One row per (period, band) in :data:`PERIODS` x
    :data:`BANDS` order (zeros kept, so every bar has a place); ``cumulative`` is the total of
    all bands up to and including the period.

    >>> acc = accumulation(signature_log())
    >>> acc.groupby("period", sort=False)["cumulative"].first().tolist()
    [66, 69, 72, 77]
    """
    n = log.groupby(["period", "band"])["count"].sum()
    rows = [{"period": p, "band": b, "count": int(n.get((p, b), 0))}
            for p in PERIODS for b in BANDS]
    out = pd.DataFrame(rows, columns=["period", "band", "count"])
    per = out.groupby("period", sort=False)["count"].sum().cumsum()
    out["cumulative"] = out["period"].map(per).astype(int)
    out.attrs = dict(log.attrs)
    return out
