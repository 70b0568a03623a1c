"""Build data/derived/regions/: UN M49 regions (CC BY-SA) and UN regional groups (ODbL).

Inputs (see their sidecars):

- ``raw/regions/m49_regions.csv``: UNSD M49 via the lukes mirror, CC BY-SA 4.0;
- ``raw/regions/world-countries/countries.json``: npm ``world-countries``, ODbL-1.0
  (fetched by ``scripts/fetch/regions.sh``);
- ``curated/regions/un_group_overrides.csv``: special cases of UN regional-group membership;
- ``curated/regions/memberships.csv``: groupings with dates and sources (checked here, read at
  run time by ``analysis.regions``).

Outputs, kept apart because their licences differ (joined only at run time):

- ``derived/regions/m49.csv`` (CC-BY-SA-4.0): one row per M49 country or area;
- ``derived/regions/un_groups.csv`` (ODbL-1.0): one row per UN Member State plus the two
  non-member observer States, with ``un_group`` and ``un_group_note``.
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
GROUPINGS = {"eu", "asean", "g7", "g20", "brics", "au"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def check_memberships(m49_rows: list[dict[str, str]]) -> None:
    table = read_table(DATA / MEMBERSHIPS)
    known = {r["iso3"] for r in m49_rows} | {"EUU"}
    problems = []
    for r in table.to_dict("records"):
        where = f"{r['iso3']}/{r['grouping']}"
        if r["grouping"] not in GROUPINGS:
            problems.append(f"{where}: unknown grouping")
        if r["iso3"] not in known:
            problems.append(f"{where}: iso3 not in M49")
        for key in ("joined", "left"):
            if r[key] and not ISO_DATE.match(r[key]):
                problems.append(f"{where}: {key}={r[key]!r} is not YYYY-MM-DD")
        if not r["source_url"].startswith("http"):
            problems.append(f"{where}: no source_url")
    if table.duplicated(["iso3", "grouping"]).any():
        problems.append("duplicate (iso3, grouping) rows")
    current = table[table["left"] == ""].groupby("grouping").size().to_dict()
    expected = {"eu": 27, "asean": 11, "g7": 8, "g20": 20, "brics": 10, "au": 55}
    if current != expected:
        problems.append(f"current member counts {current} != {expected}")
    if problems:
        raise SystemExit("memberships problems:\n  " + "\n  ".join(problems))


def build() -> None:
    m49_rows = build_m49()
    groups = build_un_groups(m49_rows)
    check_memberships(m49_rows)
    print(f"  m49: {len(m49_rows)} rows; un_groups: {len(groups)} rows")
