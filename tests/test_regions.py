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
    assert not m.duplicated(["iso3", "grouping"]).any()
    assert m["source_url"].str.startswith("http").all()
    current = m[m["left"].isna()].groupby("grouping").size()
    assert current["asean"] == 11 and current["g7"] == 8 and current["g20"] == 20
    assert current["au"] == 55 and current["brics"] == 10
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
    licences = {k: v["licence"] for k, v in out.attrs["sources"].items()}
    assert licences["m49"] == "CC-BY-SA-4.0" and licences["un_groups"] == "ODbL-1.0"
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
