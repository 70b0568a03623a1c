"""Tests for analysis.regions (fast, offline: only files under data/)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import regions
from analysis.datafiles import data_path, read_table

UN_MEMBERS = Path(__file__).parent.parent / "data" / "curated" / "regions" / "un_members.csv"
#: Member States allowed to lack an M49 region or a UN group (none at present).
DOCUMENTED_GAPS: set[str] = set()


def _sidecar(*parts: str) -> dict:
    path = data_path(*parts)
    return json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))


def test_namibia_na_is_text_and_in_africa():
    raw = read_table(data_path("raw", "regions", "m49_regions.csv"))
    assert raw.loc[raw["alpha-3"] == "NAM", "alpha-2"].item() == "NA"
    nam = regions.m49().set_index("iso3").loc["NAM"]
    assert nam["iso2"] == "NA"
    assert nam["region"] == "Africa"
    assert nam["intermediate_region"] == "Southern Africa"


def test_codes_are_zero_padded_text():
    m = regions.m49()
    assert m.set_index("iso3").loc["DZA", ["region_code", "sub_region_code"]].tolist() == [
        "002", "015"]
    for col in ("m49_code", "region_code", "sub_region_code", "intermediate_region_code"):
        values = m.loc[m[col] != "", col]
        assert values.str.fullmatch(r"\d{3}").all(), col
    assert m["m49_code"].map(type).eq(str).all()


def test_eu_kosovo_have_no_region():
    m = regions.m49()
    assert "EUU" not in set(m["iso3"])
    assert "XKX" not in set(m["iso3"])


def _member_iso3() -> set[str]:
    if UN_MEMBERS.exists():
        return set(read_table(UN_MEMBERS)["iso3"])
    pytest.skip("data/curated/regions/un_members.csv not present")


def test_every_un_member_has_region_and_group():
    members = _member_iso3()
    assert len(members) == 193
    geo = regions.m49().set_index("iso3")
    grp = regions.un_groups().set_index("iso3")
    no_region = {i for i in members if i not in geo.index or not geo.loc[i, "region"]}
    no_group = {i for i in members if i not in grp.index or not grp.loc[i, "un_group"]}
    assert no_region <= DOCUMENTED_GAPS
    assert no_group <= DOCUMENTED_GAPS
    assert set(grp.index[grp["un_member"]]) == members


def test_un_groups_table_shape():
    grp = regions.un_groups()
    members = grp[grp["un_member"]]
    assert len(members) == 193
    assert (members["un_group"] != "").all()
    assert members["un_group_code"].value_counts().to_dict() == {
        "AG": 54, "APG": 54, "GRULAC": 33, "WEOG": 29, "EEG": 23}
    geo = regions.m49().set_index("iso3")
    assert (geo.loc[members["iso3"], "region"] != "").all()


def test_special_cases():
    g = regions.un_groups().set_index("iso3")
    usa, isr, tur, kir = (g.loc[i] for i in ("USA", "ISR", "TUR", "KIR"))
    assert (usa["un_group_code"], usa["un_group_membership"]) == ("WEOG", "observer")
    assert "electoral purposes" in usa["un_group_note"]
    assert (isr["un_group_code"], isr["un_group_membership"]) == ("WEOG", "member")
    assert "2000" in isr["un_group_note"]
    assert tur["un_group_code"] == "WEOG"
    assert tur["un_group_also"] == "Asia and the Pacific Group"
    assert kir["un_group_code"] == "APG"
    assert "2010" in kir["un_group_note"]  # the conflicting older source is documented
    for observer in ("PSE", "VAT"):
        row = g.loc[observer]
        assert not row["un_member"]
        assert row["un_group"] == ""
        assert row["un_group_note"]
    assert regions.m49().set_index("iso3").loc["ISR", "region"] == "Asia"


def test_eu_members():
    eu = regions.memberships("eu")
    current = eu[eu["left"].isna()]
    assert len(current) == 27
    assert current["joined"].notna().all()
    gbr = eu.set_index("iso3").loc["GBR"]
    assert gbr["left"] == pd.Timestamp("2020-01-31")
    assert gbr["joined"] == pd.Timestamp("1973-01-01")
    assert eu.set_index("iso3").loc["HRV", "joined"] == pd.Timestamp("2013-07-01")
    assert (eu["source_url"].str.startswith("https://")).all()


def test_other_groupings():
    m = regions.memberships()
    assert list(m.columns) == regions.MEMBERSHIP_COLUMNS
    assert not m.duplicated(["iso3", "member", "grouping"]).any()
    assert m["source_url"].str.startswith("http").all()
    states = m[m["left"].isna() & m["member_kind"].eq("state")].groupby("grouping").size()
    assert states["asean"] == 11 and states["g7"] == 7 and states["g20"] == 19
    assert states["au"] == 55 and states["brics"] == 10
    # Organisations are members in their own right, never counted among the countries.
    orgs = m[m["member_kind"].eq("organisation")]
    assert set(orgs.loc[orgs["grouping"] == "g7", "iso3"]) == {"EUU"}
    g20_orgs = orgs[orgs["grouping"] == "g20"].set_index("member")
    assert set(g20_orgs.index) == {"European Union", "African Union"}
    assert g20_orgs.loc["African Union", "iso3"] == ""  # no ISO code, not dropped
    assert g20_orgs.loc["African Union", "joined"] == pd.Timestamp("2023-09-09")
    assert m.loc[m["iso3"].eq(""), "member"].ne("").all()  # a member always has a name
    assert "SAU" not in set(m.loc[m["grouping"] == "brics", "iso3"])
    assert m.set_index(["grouping", "iso3"]).loc[("asean", "TLS"), "joined"] == pd.Timestamp(
        "2025-10-26")
    with pytest.raises(ValueError):
        regions.memberships("nato")


def test_treaty_memberships_from_raw_participants():
    if "untoc" not in regions.groupings():
        pytest.skip("data/raw/treaties/participants/untoc.csv not present")
    untoc = regions.memberships("untoc")
    assert len(untoc) > 150
    assert untoc["joined"].notna().all()
    assert {"EUU", "TUR", "GBR", "NAM"} <= set(untoc["iso3"])
    assert untoc["note"].str.contains("2014-15").all()


def test_join_keeps_rows_order_and_index():
    df = pd.DataFrame({"iso3": ["NAM", "EUU", "XKX", None, "DEU", "NAM"], "x": range(6)},
                      index=[10, 3, 7, 1, 2, 99])
    df.attrs["origin"] = "test"
    out = regions.join(df)
    assert len(out) == len(df)
    assert out.index.tolist() == df.index.tolist()
    assert out["x"].tolist() == df["x"].tolist()
    assert out.loc[10, "region"] == "Africa" and out.loc[10, "region_code"] == "002"
    assert out.loc[3, "region"] == "" and bool(out.loc[3, "member_g7"])
    assert out.loc[2, "member_eu"] and not out.loc[10, "member_eu"]
    for g in regions.groupings():
        assert out[f"member_{g}"].dtype == bool
    assert out.attrs["origin"] == "test"
    licences = out.attrs["licences"]
    assert licences["derived/regions/m49.csv"] == "CC-BY-SA-4.0"
    assert licences["derived/regions/un_groups.csv"] == "ODbL-1.0"
    assert isinstance(out.attrs["sources"], list) and isinstance(out.attrs["source_files"], list)
    assert "derived/regions/budapest.csv" in out.attrs["source_files"]
    inner = regions.join(df, how="inner")
    assert inner.index.tolist() == [10, 2, 99]


def test_join_as_of_and_errors():
    df = pd.DataFrame({"code": ["GBR", "IDN", "HRV"]})
    then = regions.join(df, "code", as_of="2010-06-01").set_index("code")
    assert then.loc["GBR", "member_eu"] and not then.loc["HRV", "member_eu"]
    assert not then.loc["IDN", "member_brics"]
    now = regions.join(df, "code").set_index("code")
    assert not now.loc["GBR", "member_eu"] and now.loc["IDN", "member_brics"]
    with pytest.raises(ValueError):
        regions.join(df, "code", how="outer")
    with pytest.raises(ValueError):
        regions.join(now.reset_index(), "code")  # added columns already present


@pytest.mark.parametrize("bad", ["01/01/2020", 2020, pd.NaT, "2020", "2020-13-01"])
def test_join_as_of_uses_the_one_strict_date_parser(bad):
    df = pd.DataFrame({"iso3": ["GBR"]})
    with pytest.raises(ValueError, match="as_of"):
        regions.join(df, as_of=bad)
    # Any accepted style gives the same answer.
    a = regions.join(df, as_of="2010-06-01")
    b = regions.join(df, as_of=pd.Timestamp("2010-06-01 15:00"))
    assert a.equals(b) and bool(a["member_eu"].iloc[0])


def test_join_status_keeps_the_attrs_layout():
    from analysis import status

    st = status.status("2026-11-29")
    out = regions.join(st)  # used to raise TypeError: 'list' object is not a mapping
    assert len(out) == len(st) and out["iso3"].tolist() == st["iso3"].tolist()
    for key in ("as_of", "data_as_of", "data_as_of_label", "sources", "source_urls",
                "source_files", "treaty"):
        assert key in out.attrs, key
    assert out.attrs["as_of"] == "2026-11-29" == out.attrs["memberships_as_of"]
    assert out.attrs["data_as_of"] == st.attrs["data_as_of"]
    for key in ("sources", "source_urls", "source_files"):
        assert isinstance(out.attrs[key], list)
        assert set(st.attrs[key]) <= set(out.attrs[key])  # nothing of the input lost
        assert len(out.attrs[key]) == len(set(out.attrs[key]))
    # The joined table composes again (its attrs are already in the layout).
    again = regions.join(out[["iso3"]].rename(columns={"iso3": "code"}), "code")
    assert again.attrs["sources"] == out.attrs["sources"]


def test_join_uses_the_tables_own_as_of_for_memberships():
    df = pd.DataFrame({"iso3": ["GBR", "HRV"]})
    df.attrs["as_of"] = "2010-06-01"
    out = regions.join(df).set_index("iso3")
    assert out.loc["GBR", "member_eu"] and not out.loc["HRV", "member_eu"]
    assert out.attrs["as_of"] == "2010-06-01"
    # An explicit as_of sets the memberships' date, not the table's.
    later = regions.join(df, as_of="2021-01-01")
    assert later.attrs["as_of"] == "2010-06-01"
    assert later.attrs["memberships_as_of"] == "2021-01-01"
    assert not later.set_index("iso3").loc["GBR", "member_eu"]


# --- groupings are data ----------------------------------------------------------------------

def test_grouping_table_lists_every_grouping_with_its_data():
    t = regions.grouping_table()
    assert list(t.columns) == regions.GROUPING_COLUMNS
    assert list(t["id"]) == regions.groupings()
    assert set(t["kind"]) <= {"organisation", "treaty", "forum"}
    m = regions.memberships()
    assert set(m["grouping"]) == set(t["id"])  # none silently missing
    for row in t.itertuples():
        joined = m.loc[m["grouping"] == row.id, "joined"]
        n = int(joined.notna().sum())
        dated = "none" if n == 0 else "all" if n == len(joined) else "some"
        assert dated == row.members_dated, row.id
        assert data_path(*row.source.split("/")).exists(), row.id
    join_cols = [c for c in regions.join(pd.DataFrame({"iso3": ["FRA"]})).columns
                 if c.startswith("member_")]
    assert join_cols == [f"member_{g}" for g in t["id"]]


def _data_copy(tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(data_path(), copy, ignore=shutil.ignore_patterns("geo", "names"))
    return copy


def _clear_caches() -> None:
    for f in (regions._groupings, regions._memberships, regions._m49, regions._un_groups):
        f.cache_clear()


@pytest.fixture
def isolated(monkeypatch, tmp_path):
    from analysis import datafiles

    data = _data_copy(tmp_path)
    monkeypatch.setattr(datafiles, "DATA_DIR", data)
    _clear_caches()
    yield data
    monkeypatch.undo()
    _clear_caches()


def test_a_grouping_whose_data_are_missing_is_an_error(isolated: Path):
    (isolated / "derived" / "regions" / "budapest.csv").unlink()
    with pytest.raises(FileNotFoundError, match="budapest"):
        regions.groupings()
    with pytest.raises(FileNotFoundError, match="budapest"):
        regions.join(pd.DataFrame({"iso3": ["FRA"]}))


def test_a_grouping_with_no_rows_or_a_wrong_dated_flag_is_an_error(isolated: Path):
    table = isolated / "curated" / "regions" / "groupings.csv"
    text = table.read_text(encoding="utf-8")
    table.write_text(text + "nato,NATO,organisation,curated/regions/memberships.csv,"
                     "memberships,none,no rows\n", encoding="utf-8")
    with pytest.raises(ValueError, match="nato"):
        regions.memberships()
    table.write_text(text.replace("g7,G7,forum,curated/regions/memberships.csv,memberships,none",
                                  "g7,G7,forum,curated/regions/memberships.csv,memberships,all"),
                     encoding="utf-8")
    regions._groupings.cache_clear()
    regions._memberships.cache_clear()
    with pytest.raises(ValueError, match="g7"):
        regions.memberships()


# --- the Budapest Convention -----------------------------------------------------------------

def _budapest_raw() -> pd.DataFrame:
    return read_table(data_path("raw", "coe", "budapest_convention_parties.csv"))


def test_budapest_raw_copy_is_byte_for_byte_with_sidecar():
    import hashlib

    for name in ("budapest_convention_parties.csv", "budapest_convention_parties.md",
                 "budapest_second_protocol_cets224.csv"):
        path = data_path("raw", "coe", name)
        meta = _sidecar("raw", "coe", name)
        assert meta["kind"] == "raw" and meta["retrieved"] and meta["licence"]
        assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_budapest_members_are_the_reference_parties_and_only_them():
    raw = _budapest_raw()
    signatories_only = set(raw.loc[raw["note"].str.startswith("SIGNATORY ONLY"), "iso3"])
    assert signatories_only == {"IRL", "ZAF"}
    b = regions.memberships("budapest")
    assert set(b["iso3"]) == set(raw["iso3"]) - signatories_only
    assert not set(b["iso3"]) & signatories_only  # signing is not being a party
    assert (b["member_kind"] == "state").all() and b["joined"].notna().all()
    assert "SEN" not in set(b["iso3"])  # a known gap, not invented
    gaps = regions.membership_gaps("budapest")
    assert gaps["iso3"].tolist() == ["SEN"] and "count" in gaps["claim"].iloc[0]


def test_budapest_dates_follow_the_rule():
    raw = _budapest_raw().set_index("iso3")
    b = regions.memberships("budapest").set_index("iso3")
    evidence = read_table(data_path("curated", "regions", "budapest_party_evidence.csv"))
    evidence = evidence.set_index("iso3")
    for iso3, row in b.iterrows():
        r = raw.loc[iso3]
        if r["consent_date"]:  # a dated party counts from its deposit
            assert row["joined_basis"] == "deposit"
            assert row["joined"] == pd.Timestamp(r["consent_date"]), iso3
        elif r["eif_date"]:  # ... or its entry into force when only that is known
            assert row["joined_basis"] == "entry_into_force"
            assert row["joined"] == pd.Timestamp(r["eif_date"]), iso3
        else:  # ... else from the date of a source that shows it as a party
            ev = evidence.loc[iso3]
            assert row["joined_basis"] == ev["basis"] in ("listed", "inferred")
            assert row["source_url"] == ev["source_url"]
            first, precision = (pd.Timestamp(ev["party_by"] + "-01"), "month") if len(
                ev["party_by"]) == 7 else (pd.Timestamp(ev["party_by"]), "day")
            from analysis.dates import period_end

            assert row["joined"] == period_end(first, precision), iso3
    # A deposit comes before its entry into force wherever both are known.
    both = raw[(raw["consent_date"] != "") & (raw["eif_date"] != "")]
    assert (pd.to_datetime(both["consent_date"]) < pd.to_datetime(both["eif_date"])).all()
    # Evidence exists for exactly the parties with neither date.
    undated = raw[(raw["consent_date"] == "") & (raw["eif_date"] == "")
                  & ~raw["note"].str.startswith("SIGNATORY ONLY")]
    assert set(undated.index) == set(evidence.index)
    # The three parties the reference calls inferred are inferred here too.
    assert {"MCO", "SMR", "ECU"} <= set(b.index[b["joined_basis"] == "inferred"])


def test_budapest_membership_over_time():
    b = regions.memberships("budapest")
    n = {d: int((b["joined"] <= pd.Timestamp(d)).sum()) for d in
         ("2004-06-30", "2011-06-01", "2020-01-01", "2026-12-07")}
    assert n["2004-06-30"] < n["2011-06-01"] < n["2020-01-01"] < n["2026-12-07"] == len(b)
    df = pd.DataFrame({"iso3": ["CIV", "USA", "IRL", "ECU"]})
    then = regions.join(df, as_of="2024-07-01").set_index("iso3")["member_budapest"]
    now = regions.join(df).set_index("iso3")["member_budapest"]
    assert now.to_dict() == {"CIV": True, "USA": True, "IRL": False, "ECU": True}
    assert then.to_dict() == {"CIV": False, "USA": True, "IRL": False, "ECU": False}


def test_sources_table_names_every_input():
    s = regions.sources()
    assert {"path", "source", "licence"} <= set(s.columns)
    paths = set(s["path"])
    for row in regions.grouping_table().itertuples():
        assert row.source in paths
    assert s["licence"].ne("").all()


def test_region_members():
    africa = regions.region_members("region", "Africa")
    assert africa == regions.region_members("region", "002")
    assert "NAM" in africa
    assert "USA" in regions.region_members("un_group", "WEOG")
    assert "TUR" not in regions.region_members("un_group", "APG")
    with pytest.raises(KeyError):
        regions.region_members("region", "Atlantis")


def test_derived_licences_stay_separate():
    m49_meta = _sidecar("derived", "regions", "m49.csv")
    grp_meta = _sidecar("derived", "regions", "un_groups.csv")
    assert m49_meta["licence"] == "CC-BY-SA-4.0"
    assert grp_meta["licence"] == "ODbL-1.0"
    assert "ODbL" not in m49_meta["licence"] and "CC" not in grp_meta["licence"]
    assert not any("world-countries" in i for i in m49_meta["inputs"])
    assert not any("m49" in i for i in grp_meta["inputs"])
    raw_wc = _sidecar("raw", "regions", "world-countries", "countries.json")
    assert raw_wc["licence"] == "ODbL-1.0" and raw_wc["url"].endswith(".tgz")
    assert _sidecar("raw", "regions", "m49_regions.csv")["licence"] == "CC-BY-SA-4.0"
    m49_cols = set(read_table(data_path("derived", "regions", "m49.csv")).columns)
    assert not m49_cols & {"un_group", "un_member"}
