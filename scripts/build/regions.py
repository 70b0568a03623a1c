"""Build data/derived/regions/: UN M49 regions (CC BY-SA) and UN regional groups (ODbL).

Inputs (see their sidecars):

- ``raw/regions/m49_regions.csv``: UNSD M49 via the lukes mirror, CC BY-SA 4.0;
- ``raw/regions/world-countries/countries.json``: npm ``world-countries``, ODbL-1.0
  (fetched by ``scripts/fetch/regions.sh``);
- ``curated/regions/un_group_overrides.csv``: special cases of UN regional-group membership;
- ``curated/regions/memberships.csv``: groupings with dates and sources (checked here, read at
  run time by ``analysis.regions``);
- ``curated/regions/groupings.csv``: the list of groupings (id, label, kind, source, whether
  members are dated): checked here against the data each one names;
- ``raw/coe/budapest_convention_parties.csv`` (Council of Europe Convention on Cybercrime, ETS
  185, a partial table compiled from about 30 sources) and
  ``curated/regions/budapest_party_evidence.csv`` (for each party with neither a deposit nor an
  entry-into-force date: the dated source that lists it as a party, or from which its party
  status is inferred).

Outputs, kept apart because their licences differ (joined only at run time):

- ``derived/regions/m49.csv`` (CC-BY-SA-4.0): one row per M49 country or area;
- ``derived/regions/un_groups.csv`` (ODbL-1.0): one row per UN Member State plus the two
  non-member observer States, with ``un_group`` and ``un_group_note``;
- ``derived/regions/budapest.csv``: the Budapest Convention's parties in the memberships shape,
  each with the date it counts from and ``joined_basis`` (``deposit``, ``entry_into_force``,
  ``listed``: a dated source lists it as a party, ``inferred``: party status inferred from
  another instrument). Signatories that are not parties are not members (reported here).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

from build._common import DATA, write_derived

from analysis.datafiles import read_table

RAW_M49 = "raw/regions/m49_regions.csv"
RAW_WC = "raw/regions/world-countries/countries.json"
OVERRIDES = "curated/regions/un_group_overrides.csv"
MEMBERSHIPS = "curated/regions/memberships.csv"

M49_COLUMNS = [
    "iso3", "iso2", "m49_code", "name",
    "region", "region_code", "sub_region", "sub_region_code",
    "intermediate_region", "intermediate_region_code",
]
UN_GROUP_COLUMNS = [
    "iso3", "name", "un_member", "un_group", "un_group_code", "un_group_membership",
    "un_group_also", "un_group_note", "un_group_source",
]
GROUP_CODES = {
    "African Group": "AG",
    "Asia and the Pacific Group": "APG",
    "Eastern European Group": "EEG",
    "Latin American and Caribbean Group": "GRULAC",
    "Western European and Others Group": "WEOG",
}
#: Group sizes on the DGACM list (Türkiye counted in WEOG, the United States in WEOG as observer).
EXPECTED_GROUP_SIZES = {"AG": 54, "APG": 54, "EEG": 23, "GRULAC": 33, "WEOG": 29}
GROUPINGS_TABLE = "curated/regions/groupings.csv"
RAW_BUDAPEST = "raw/coe/budapest_convention_parties.csv"
BUDAPEST_EVIDENCE = "curated/regions/budapest_party_evidence.csv"
GAPS = "curated/regions/membership_gaps.csv"
BUDAPEST_OUT = "derived/regions/budapest.csv"
#: Columns of every membership table (curated, derived), in this order.
MEMBERSHIP_COLUMNS = ["iso3", "member", "member_kind", "grouping", "joined", "joined_basis",
                      "left", "source_url", "note"]
GROUPING_KINDS = {"organisation", "treaty", "forum"}
LOADERS = {"memberships", "un_treaty_participants"}
DATED = {"all", "some", "none"}
MEMBER_KINDS = {"state", "organisation"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def build_m49() -> list[dict[str, str]]:
    raw = read_table(DATA / RAW_M49)
    rows = []
    for r in raw.to_dict("records"):
        row = {
            "iso3": r["alpha-3"], "iso2": r["alpha-2"], "m49_code": r["country-code"],
            "name": r["name"],
            "region": r["region"], "region_code": r["region-code"],
            "sub_region": r["sub-region"], "sub_region_code": r["sub-region-code"],
            "intermediate_region": r["intermediate-region"],
            "intermediate_region_code": r["intermediate-region-code"],
        }
        for key in ("m49_code", "region_code", "sub_region_code", "intermediate_region_code"):
            if row[key] and not re.fullmatch(r"\d{3}", row[key]):
                raise SystemExit(f"m49: {row['iso3']} {key}={row[key]!r} is not 3-digit text")
        rows.append(row)
    iso3 = Counter(r["iso3"] for r in rows)
    if dupes := [k for k, n in iso3.items() if n > 1]:
        raise SystemExit(f"m49: duplicate iso3 {dupes}")
    rows.sort(key=lambda r: r["iso3"])
    write_derived(
        DATA / "derived/regions/m49.csv", _csv(rows, M49_COLUMNS),
        source="UNSD M49 regions, sub-regions and intermediate regions (lukes mirror), renamed "
               "columns, one row per country or area",
        inputs=[RAW_M49], licence="CC-BY-SA-4.0",
        notes="Attribution: UN Statistics Division M49 standard via "
              "github.com/lukes/ISO-3166-Countries-with-Regional-Codes (CC BY-SA 4.0). Codes are "
              "zero-padded 3-character text. No region: Antarctica (ATA) and Taiwan (TWN; UNSD "
              "does not list it separately). Not present: Kosovo (XKX; not in M49, and no citable "
              "placement was found) and the European Union (EUU; not a country or area). Kept "
              "separate from the ODbL un_groups.csv; analysis.regions joins them at run time.",
    )
    return rows


def build_un_groups(m49_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    countries = json.loads((DATA / RAW_WC).read_text(encoding="utf-8"))
    overrides = {r["iso3"]: r for r in read_table(DATA / OVERRIDES).to_dict("records")}
    by_iso3 = {c["cca3"]: c for c in countries}
    if missing := sorted(set(overrides) - set(by_iso3)):
        raise SystemExit(f"un_groups: override iso3 not in world-countries: {missing}")

    rows, report = [], []
    for iso3 in sorted(by_iso3):
        c = by_iso3[iso3]
        wc_member, wc_group = bool(c.get("unMember")), c.get("unRegionalGroup", "")
        ov = overrides.get(iso3)
        if not wc_member and ov is None:
            continue
        row = {
            "iso3": iso3, "name": c["name"]["common"],
            "un_member": "true" if wc_member else "false",
            "un_group": wc_group, "un_group_membership": "member" if wc_group else "none",
            "un_group_also": "", "un_group_note": "",
            "un_group_source": "world-countries unRegionalGroup",
        }
        if ov is not None:
            if ov["un_member"] not in ("true", "false"):
                raise SystemExit(f"un_groups: {iso3} un_member must be true/false")
            before = (wc_group or "-", row["un_group_membership"], row["un_member"])
            after = (ov["un_group"] or "-", ov["membership"], ov["un_member"])
            if before != after:
                report.append(f"{iso3}: world-countries (group, membership, unMember) {before}"
                              f" -> override {after}")
            row.update({
                "un_member": ov["un_member"], "un_group": ov["un_group"],
                "un_group_membership": ov["membership"], "un_group_also": ov["also_in"],
                "un_group_note": ov["note"],
                "un_group_source": f"{ov['source']} (override of world-countries)",
            })
        for group in filter(None, (row["un_group"], row["un_group_also"])):
            if group not in GROUP_CODES:
                raise SystemExit(f"un_groups: {iso3} has unknown group {group!r}")
        row["un_group_code"] = GROUP_CODES.get(row["un_group"], "")
        rows.append(row)

    members = [r for r in rows if r["un_member"] == "true"]
    if len(members) != 193:
        raise SystemExit(f"un_groups: {len(members)} UN Member States, expected 193")
    if no_group := [r["iso3"] for r in members if not r["un_group"]]:
        raise SystemExit(f"un_groups: Member States without a group: {no_group}")
    sizes = Counter(r["un_group_code"] for r in members)
    if dict(sizes) != EXPECTED_GROUP_SIZES:
        raise SystemExit(f"un_groups: group sizes {dict(sizes)} != {EXPECTED_GROUP_SIZES}")
    m49_iso3 = {r["iso3"] for r in m49_rows if r["region"]}
    if not_in_m49 := sorted(r["iso3"] for r in rows if r["iso3"] not in m49_iso3):
        raise SystemExit(f"un_groups: rows without an M49 region: {not_in_m49}")
    for line in report:
        print(f"  override {line}")

    write_derived(
        DATA / "derived/regions/un_groups.csv", _csv(rows, UN_GROUP_COLUMNS),
        source="UN regional groups from world-countries (unMember, unRegionalGroup) with the "
               "project's curated overrides for special cases",
        inputs=[RAW_WC, OVERRIDES], licence="ODbL-1.0",
        notes="Derived from world-countries by Mohammed Le Doze (ODbL-1.0, "
              "https://opendatacommons.org/licenses/odbl/1.0/): this table is ODbL and stays "
              "separate from the CC BY-SA M49 table. Rows: the 193 UN Member States plus the "
              "non-member observer States Palestine (PSE) and the Holy See (VAT), which have no "
              "group. un_group is the group used for electoral purposes: the United States is "
              "given WEOG with un_group_membership=observer, and Türkiye WEOG with "
              "un_group_also=Asia and the Pacific Group. Israel is WEOG. Kiribati is APG per the "
              "DGACM list; an older UN Library FAQ says it has no group. un_group_note and "
              "un_group_source give the details; see curated/regions/un_group_overrides.csv.",
    )
    return rows


def check_memberships(m49_rows: list[dict[str, str]], groupings: set[str]) -> None:
    table = read_table(DATA / MEMBERSHIPS)
    known = {r["iso3"] for r in m49_rows} | {"EUU"}
    problems = []
    for r in table.to_dict("records"):
        where = f"{r['iso3'] or r['member']}/{r['grouping']}"
        if r["grouping"] not in groupings:
            problems.append(f"{where}: grouping not in {GROUPINGS_TABLE}")
        if r["member_kind"] not in MEMBER_KINDS:
            problems.append(f"{where}: member_kind {r['member_kind']!r} not in {MEMBER_KINDS}")
        if r["iso3"] not in known and not (r["iso3"] == "" and r["member_kind"] == "organisation"
                                           and r["member"]):
            problems.append(f"{where}: iso3 not in M49 (only a named organisation may have none)")
        for key in ("joined", "left"):
            if r[key] and not ISO_DATE.match(r[key]):
                problems.append(f"{where}: {key}={r[key]!r} is not YYYY-MM-DD")
        if not r["source_url"].startswith("http"):
            problems.append(f"{where}: no source_url")
    if table.duplicated(["iso3", "member", "grouping"]).any():
        problems.append("duplicate (iso3, grouping) rows")
    states = table[(table["left"] == "") & (table["member_kind"] == "state")]
    current = states.groupby("grouping").size().to_dict()
    expected = {"eu": 27, "asean": 11, "g7": 7, "g20": 19, "brics": 10, "au": 55}
    if current != expected:
        problems.append(f"current member counts {current} != {expected}")
    if problems:
        raise SystemExit("memberships problems:\n  " + "\n  ".join(problems))


def _grouping_table() -> list[dict[str, str]]:
    rows = read_table(DATA / GROUPINGS_TABLE).to_dict("records")
    problems = []
    for r in rows:
        if r["kind"] not in GROUPING_KINDS:
            problems.append(f"{r['id']}: kind {r['kind']!r} not in {GROUPING_KINDS}")
        if r["loader"] not in LOADERS:
            problems.append(f"{r['id']}: loader {r['loader']!r} not in {LOADERS}")
        if r["members_dated"] not in DATED:
            problems.append(f"{r['id']}: members_dated {r['members_dated']!r} not in {DATED}")
        if not r["label"]:
            problems.append(f"{r['id']}: no label")
    if len({r["id"] for r in rows}) != len(rows):
        problems.append("duplicate grouping ids")
    if problems:
        raise SystemExit("groupings problems:\n  " + "\n  ".join(problems))
    return rows


def _dated(values: list[str]) -> str:
    n = sum(bool(v) for v in values)
    return "none" if n == 0 else "all" if n == len(values) else "some"


def check_groupings(groupings: list[dict[str, str]]) -> None:
    """Every grouping in the table has its data, and its members_dated flag is true of it."""
    problems = []
    for g in groupings:
        path = DATA / g["source"]
        if not path.exists():
            problems.append(f"{g['id']}: source {g['source']} is missing")
            continue
        if g["loader"] == "memberships":
            table = read_table(path)
            mine = table[table["grouping"] == g["id"]]
            if mine.empty:
                problems.append(f"{g['id']}: no rows in {g['source']}")
                continue
            dated = _dated(list(mine["joined"]))
        else:
            table = read_table(path)
            dated = "all" if "consent_date" in table.columns else "?"
        if dated != g["members_dated"]:
            problems.append(f"{g['id']}: members_dated says {g['members_dated']!r}, the data "
                            f"say {dated!r}")
    if problems:
        raise SystemExit("groupings problems:\n  " + "\n  ".join(problems))


def _budapest_parties(raw: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[str]]:
    """Split the reference table: parties, and the signatories that are not parties."""
    parties, signatories = [], []
    for r in raw:
        # The reference marks its two signatories-only rows in the note; nothing else says so.
        if r["note"].startswith("SIGNATORY ONLY"):
            if r["consent_date"] or r["eif_date"]:
                raise SystemExit(f"budapest: {r['iso3']} is 'signatory only' but has a "
                                 "consent or entry-into-force date")
            signatories.append(r["iso3"])
        else:
            parties.append(r)
    return parties, signatories


def build_budapest(m49_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    import pandas as pd

    raw = read_table(DATA / RAW_BUDAPEST).to_dict("records")
    evidence = {r["iso3"]: r for r in read_table(DATA / BUDAPEST_EVIDENCE).to_dict("records")}
    known = {r["iso3"] for r in m49_rows}
    parties, signatories = _budapest_parties(raw)
    problems, rows = [], []
    for r in parties:
        iso3, ev = r["iso3"], evidence.get(r["iso3"])
        if iso3 not in known:
            problems.append(f"{iso3}: not in M49")
        who = f"{r['participant']} (reference row, {r['confidence']})"
        if r["consent_date"]:
            joined, basis = r["consent_date"], "deposit"
            note = f"{who}: {r['consent_type'] or 'consent'} deposited {r['consent_date']}"
        elif r["eif_date"]:
            joined, basis = r["eif_date"], "entry_into_force"
            note = (f"{who}: no deposit date found; counted from its entry into force "
                    f"{r['eif_date']}")
        elif ev is not None:
            basis = ev["basis"]
            if ISO_MONTH.match(ev["party_by"]):
                end = pd.Timestamp(ev["party_by"] + "-01") + pd.offsets.MonthEnd(0)
                joined = end.date().isoformat()
                when = f"a source dated {ev['party_by']} (month only: counted from its last day)"
            elif ISO_DATE.match(ev["party_by"]):
                joined, when = ev["party_by"], f"a source dated {ev['party_by']}"
            else:
                problems.append(f"{iso3}: party_by {ev['party_by']!r} is not YYYY-MM-DD/YYYY-MM")
                continue
            verb = ("lists it as a party" if basis == "listed"
                    else "from which party status is inferred")
            note = (f"{who}: no deposit or entry-into-force date found; counted from {when} "
                    f"{verb}: {ev['evidence']}")
        else:
            problems.append(f"{iso3}: a party with no deposit, entry-into-force or evidence "
                            f"date (add it to {BUDAPEST_EVIDENCE})")
            continue
        if ev is not None and basis not in ("listed", "inferred"):
            problems.append(f"{iso3}: has a {basis} date but also a row in {BUDAPEST_EVIDENCE}")
        if ev is not None and ev["basis"] not in ("listed", "inferred"):
            problems.append(f"{iso3}: evidence basis {ev['basis']!r} not listed/inferred")
        rows.append({
            "iso3": iso3, "member": "", "member_kind": "state", "grouping": "budapest",
            "joined": joined, "joined_basis": basis, "left": "",
            "source_url": ev["source_url"] if basis in ("listed", "inferred") else r["source_url"],
            "note": note,
        })
    if stray := sorted(set(evidence) - {r["iso3"] for r in parties}):
        problems.append(f"{BUDAPEST_EVIDENCE}: rows for states that are not parties: {stray}")
    gaps = read_table(DATA / GAPS)
    if clash := sorted(set(gaps.loc[gaps["grouping"] == "budapest", "iso3"])
                       & {r["iso3"] for r in rows}):
        problems.append(f"{GAPS}: {clash} listed as gaps but present in the table")
    if problems:
        raise SystemExit("budapest problems:\n  " + "\n  ".join(problems))
    rows.sort(key=lambda r: r["iso3"])
    by_basis = Counter(r["joined_basis"] for r in rows)
    write_derived(
        DATA / BUDAPEST_OUT, _csv(rows, MEMBERSHIP_COLUMNS),
        source="Budapest Convention (ETS 185) parties in the memberships shape: the reference "
               "table's parties, each counted from its deposit, else its entry into force, else "
               "the date of a source listing it as a party or from which it is inferred",
        inputs=[RAW_BUDAPEST, BUDAPEST_EVIDENCE, GAPS],
        licence="facts from public sources (see raw/coe sidecars); table project-derived (MIT)",
        notes="Partial: no complete Council of Europe chart could be read. joined_basis counts: "
              + ", ".join(f"{k} {v}" for k, v in sorted(by_basis.items()))
              + f". Signatories that are not parties, not members here: {', '.join(signatories)}."
              " Known gap: " + "; ".join(f"{g.name} ({g.iso3}): {g.claim}" for g in
                                        gaps[gaps["grouping"] == "budapest"].itertuples())
              + ", not counted (curated/regions/membership_gaps.csv).",
    )
    print(f"  budapest: {len(rows)} parties ({dict(sorted(by_basis.items()))}); "
          f"signatories only, not members: {signatories}; known gaps: "
          f"{list(gaps.loc[gaps['grouping'] == 'budapest', 'iso3'])}")
    return rows


def build() -> None:
    m49_rows = build_m49()
    groups = build_un_groups(m49_rows)
    groupings = _grouping_table()
    check_memberships(m49_rows, {g["id"] for g in groupings})
    budapest = build_budapest(m49_rows)
    check_groupings(groupings)
    print(f"  m49: {len(m49_rows)} rows; un_groups: {len(groups)} rows; "
          f"budapest: {len(budapest)} parties; groupings: {len(groupings)}")
