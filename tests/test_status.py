"""analysis.status on the bundled data: the as-of rule, uncertain rows, art. 65(1), attrs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import status, treaty
from analysis.datafiles import DATA_DIR


def _at(as_of: str, **kw) -> pd.DataFrame:
    return status.status(as_of, **kw).set_index("iso3")


def test_hanoi_days():
    # 25 Oct: every dated day-one signature; the UK and Sweden (25 or 26 Oct) not yet certain.
    day1, after = status.counts("2025-10-25"), status.counts("2025-10-27")
    assert day1.signatories == 66
    assert day1.undetermined_events == 2
    # 27 Oct: all 71 named Hanoi signatories; UNTC counts 72 (the 72nd is unidentified).
    assert after.signatories == 71
    assert after.official_hanoi_signatories.value == 72
    assert after.official_hanoi_signatories.confidence == "official"
    assert after.parties == after.qualifying_instruments == 0
    st = _at("2025-10-25")
    assert "GBR" not in st.index and "SWE" not in st.index and "MLI" not in st.index
    st = _at("2025-10-26")
    assert {"GBR", "SWE", "MLI", "RWA", "SAU"} <= set(st.index)


def test_mauritius_after_19_november():
    assert "MUS" not in _at("2025-11-18").index
    row = _at("2025-11-19").loc["MUS"]
    assert row["status"] == "signatory"
    assert row["signature_confidence"] == "official"


def test_canada_month_precision_counts_only_when_july_is_over():
    assert "CAN" not in _at("2026-07-15").index
    assert "CAN" not in _at("2026-07-30").index
    row = _at("2026-08-01").loc["CAN"]
    assert row["signature_precision"] == "month"
    assert row["signature_date"] == pd.Timestamp("2026-07-01")
    assert row["signature_confidence"] == "secondary"


def test_reported_consents_are_domestic_not_parties():
    # Qatar "2026-02" counts from the end of February; Viet Nam by 10 Apr 2026 at the latest.
    assert "QAT" not in set(status.status("2026-02-27")["iso3"][
        status.status("2026-02-27")["stage"].eq("domestic")])
    assert _at("2026-03-01").loc["QAT", "status"] == "ratified_domestically"
    assert _at("2026-04-09").loc["VNM", "status"] == "signatory"
    assert _at("2026-04-10").loc["VNM", "status"] == "ratified_domestically"
    latest = _at(None)
    domestic = set(latest.index[latest["status"] == "ratified_domestically"])
    assert domestic == {"AZE", "QAT", "VNM", "EUU"}
    assert not (latest["status"] == "party").any()
    assert not latest["qualifying"].any()
    assert (latest.loc[sorted(domestic), "stage"] == "domestic").all()
    assert (latest.loc[sorted(domestic), "consent_confidence"] == "secondary").all()
    # Azerbaijan: the law on approval signed on 23 Feb 2026 (a domestic act, known to the day)
    assert _at("2026-02-23").loc["AZE", "status"] == "ratified_domestically"
    assert _at("2026-02-22").loc["AZE", "status"] == "signatory"


def test_status_is_an_ordered_categorical():
    st = status.status("2026-11-29")
    assert st["status"].dtype == status.STATUS_DTYPE
    assert list(st["status"].cat.categories) == [
        "signatory", "ratified_domestically", "party", "withdrawn"]
    assert st["status"].cat.ordered
    assert (st["status"] < "party").all()  # nothing deposited in the bundled data
    assert status.STATUS_LABELS["ratified_domestically"] == \
        "ratified at home, deposit not confirmed"


def test_uncertain_candidates_are_excluded_by_default():
    default, wide = status.counts(), status.counts(include_uncertain=True)
    assert wide.signatories == default.signatories + 2
    assert default.uncertain_excluded == 2 and wide.uncertain_excluded == 0
    assert not {"ARE", "UGA"} & set(status.status()["iso3"])
    assert {"ARE", "UGA"} <= set(status.status(include_uncertain=True)["iso3"])


def test_counts_today():
    c = status.counts("2026-11-29")
    assert (c.signatories, c.parties, c.qualifying_instruments) == (73, 0, 0)
    assert c.threshold == treaty.get().rule.threshold == status.THRESHOLD
    assert c.remaining_to_threshold == c.threshold
    assert c.domestic_pending == 3
    assert [p.participant for p in c.domestic_pending_list] == ["Azerbaijan", "Qatar", "Viet Nam"]
    assert all(p.source_url.startswith("https://") for p in c.domestic_pending_list)
    # the counts follow the lower of the two totals reported after Canada (76 or 77)
    assert (c.reported_signatories.value, c.reported_signatories.alternative) == (76, 77)
    assert str(c.reported_signatories).startswith("reported: 76-77 signatories")
    assert c.reported_ratifications.value == 3
    frame = c.to_frame().set_index("metric")["value"]
    assert frame["qualifying_instruments"] == 0
    assert frame["domestic_pending"] == 3
    assert frame["domestic_pending_names"] == "Azerbaijan; Qatar; Viet Nam"


def test_domestic_approval_makes_no_party_and_a_deposit_does(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "curated" / "status", data / "curated" / "status")
    events = data / "curated" / "status" / "events.csv"
    with open(events, "a", encoding="utf-8") as f:
        f.write("Mali,MLI,ratification,2026-09-01,day,,,https://example.org/cn,secondary,false,"
                "deposited,test row: a depositary notification quoted by news\n")
    c = status.counts("2026-11-29", data_dir=data)
    assert (c.parties, c.qualifying_instruments, c.domestic_pending) == (1, 1, 3)
    st = status.status("2026-11-29", data_dir=data).set_index("iso3")
    assert st.loc["MLI", "status"] == "party" and st.loc["MLI", "qualifying"]


def test_a_consent_row_needs_a_stage(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "curated" / "status", data / "curated" / "status")
    events = data / "curated" / "status" / "events.csv"
    with open(events, "a", encoding="utf-8") as f:
        f.write("Mali,MLI,ratification,2026-09-01,day,,,https://example.org/x,secondary,false,,"
                "no stage\n")
    with pytest.raises(ValueError, match="needs stage 'deposited' or 'domestic'"):
        status.events(data_dir=data)


def test_qualifying_instruments_exclude_the_eu(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "curated" / "status", data / "curated" / "status")
    events = data / "curated" / "status" / "events.csv"
    text = events.read_text(encoding="utf-8").replace(",domestic,\"EU DOMESTIC",
                                                      ",deposited,\"EU DOMESTIC")
    events.write_text(text, encoding="utf-8")
    c = status.counts("2026-11-29", data_dir=data)
    assert c.parties == 1
    assert c.qualifying_instruments == 0
    st = status.status("2026-11-29", data_dir=data).set_index("iso3")
    assert st.loc["EUU", "status"] == "party"
    assert not st.loc["EUU", "qualifying"]


def test_attrs_everywhere():
    frames = [status.events(), status.status(), status.status("2026-01-01"),
              status.counts("2026-01-01").to_frame()]
    for frame in frames:
        assert "as_of" in frame.attrs
        assert frame.attrs["data_as_of"]["complete_to"] == "2025-11-19"
        assert frame.attrs["data_as_of"]["latest_fact"] == "2026-08-01"
        # complete in count, not in names (one Hanoi signatory is unidentified)
        assert "complete in count (not in names) to 19 Nov 2025" in \
            frame.attrs["data_as_of_label"]
        assert frame.attrs["sources"]
        assert frame.attrs["treaty"] == "un_cybercrime"
        assert frame.attrs["untc_snapshot"] is None
        assert set(frame.attrs["source_files"]) >= {"curated/status/events.csv"}
    assert status.status("2026-01-01").attrs["as_of"] == "2026-01-01"
    assert status.counts("2026-01-01").attrs["as_of"] == "2026-01-01"
    assert status.known_unknowns().attrs["data_as_of"]["compiled"] == "2026-11-29"


def test_events_shape_and_precision():
    ev = status.events()
    assert list(ev.columns[:8]) == status.EVENT_COLUMNS
    assert ev["date"].dtype.kind == "M"
    canada = ev[(ev["iso3"] == "CAN")].iloc[0]
    assert canada["date"] == pd.Timestamp("2026-07-01") and canada["date_precision"] == "month"
    assert canada["date_latest"] == pd.Timestamp("2026-07-31")
    uk = ev[ev["iso3"] == "GBR"].iloc[0]
    assert pd.isna(uk["date"]) and uk["date_precision"] == "unknown"
    assert "25 or 26 Oct 2025" in uk["note"]


def test_curated_iso3_agrees_with_names():
    names = pytest.importorskip("analysis.names")
    ev = status.events()
    resolved = names.normalise(ev["participant"])
    assert (resolved["status"] == "matched").all(), resolved[resolved["status"] != "matched"]
    assert resolved["iso3"].tolist() == ev["iso3"].tolist()


def test_reported_totals_follow_as_of():
    with pytest.warns(UserWarning, match="before the Hanoi Convention opened"):
        assert status.counts("2025-10-20").reported_signatories is None
    # "74 as of March 2026" (not by 10 Feb): counted once March is over
    assert status.counts("2026-03-01").reported_signatories.value == 72
    assert status.counts("2026-03-31").reported_signatories.value == 74
    assert status.counts("2026-06-01").reported_signatories.value == 76
    assert status.counts("2026-05-30").reported_signatories.value == 74  # May not over yet


def test_latest_possible_date_rule():
    f = status.latest_possible_date
    assert f(pd.Timestamp("2026-02-01"), "month") == pd.Timestamp("2026-02-28")
    assert f(pd.Timestamp("2026-01-01"), "year") == pd.Timestamp("2026-12-31")
    assert pd.isna(f(pd.NaT, "unknown"))
    assert f(pd.Timestamp("2026-07-01"), "month", pd.Timestamp("2026-07-20")) == \
        pd.Timestamp("2026-07-20")


@pytest.mark.parametrize("as_of", ["2025-10-25", "2025-10-27", "2026-07-30", "2026-11-29", None])
def test_fact_summary_counts_what_status_counts(as_of):
    fs = status.fact_summary(as_of)
    assert int(fs["facts"].sum()) == len(status.events())  # nothing dropped
    assert not fs.loc[fs["uncertain"].eq("yes"), "counted"].any()
    c = status.counts(as_of)
    counted = fs[fs["counted"]].groupby("action")["facts"].sum()
    assert int(counted.get("signature", 0)) == c.signatories
    deposited = fs[fs["counted"] & fs["stage"].eq("deposited")]["facts"].sum()
    assert int(deposited) == c.parties
    domestic = fs[fs["counted"] & fs["stage"].eq("domestic")]["facts"].sum()
    assert int(domestic) == c.domestic_pending + int(
        status.status(as_of)["iso3"].eq("EUU").mul(
            status.status(as_of)["stage"].eq("domestic")).sum())


def test_source_summary_covers_every_fact_official_first():
    src = status.source_summary()
    ev = status.events()
    assert int(src["facts"].sum()) == len(ev)
    assert set(src["source_url"]) == set(ev["source_url"])
    assert src["confidence"].tolist() == sorted(src["confidence"])


@pytest.mark.parametrize("bad", [2026, "31/12/2025", pd.NaT, "2026", float("nan"), ""])
def test_as_of_is_parsed_strictly(bad):
    for func in (status.counts, status.status, status.table, status.headline):
        with pytest.raises(ValueError, match="as_of"):
            func(bad)


def test_as_of_accepts_dates_and_timestamps():
    import datetime as dt

    a = status.counts(dt.date(2026, 3, 1))
    b = status.counts(pd.Timestamp("2026-03-01 18:30"))
    assert a == b == status.counts("2026-03-01")


def test_latest_possible_date_is_the_shared_one():
    from analysis import dates

    assert status.latest_possible_date is dates.latest_possible_date


def test_freshness_says_when_the_data_stop():
    fresh = status.counts("2026-08-15")
    assert fresh.attrs["staleness"] is None
    stale = status.counts("2026-12-07")
    latest = stale.attrs["data_as_of"]["latest_fact"]
    day = pd.Timestamp(latest)
    assert stale.attrs["staleness"] == (f"no information after {day.day} {day:%B %Y}; "
                                        "the counts may be higher")
    # the threshold is STALE_AFTER_DAYS after the latest fact, both ways
    edge = (day + pd.Timedelta(days=status.STALE_AFTER_DAYS)).date().isoformat()
    after = (day + pd.Timedelta(days=status.STALE_AFTER_DAYS + 1)).date().isoformat()
    assert status.status(edge).attrs["staleness"] is None
    assert status.status(after).attrs["staleness"] is not None
    assert status.counts().attrs["staleness"] is None  # as_of None: the data themselves


def test_headline_counts_only_deposits_and_states_the_data_date():
    c = status.counts("2026-12-07")
    text = status.headline("2026-12-07")
    assert text.startswith("Hanoi Convention, as of 7 December 2026: ")
    assert f"{c.qualifying_instruments} of the {c.threshold} instruments" in text
    for p in c.domestic_pending_list:
        assert p.participant in text
    assert "not confirmed as deposited" in text
    assert f"UNTC's {c.official_hanoi_signatories.value}" in text
    assert "76-77 reported" in text
    assert "not in force" in text
    assert text.endswith(c.attrs["staleness"] + ".")
    assert "party" not in text.replace("parties", "")  # no one is called a party


def test_any_treaty_untoc_in_2002():
    c = status.counts(as_of="2002-06-01", treaty="untoc")
    assert (c.qualifying_instruments, c.signatories) == (15, 141)
    assert c.threshold == treaty.get("untoc").rule.threshold
    assert c.domestic_pending == 0 and c.reported_signatories is None
    assert c.attrs["treaty"] == "untoc"
    ev = status.events(treaty="untoc")
    consents = ev[ev["action"].isin(status.CONSENT_ACTIONS)]
    assert (consents["stage"] == "deposited").all()
    assert (ev["confidence"] == "official").all()
    assert set(ev["origin"]) == {"raw/treaties/participants/untoc.csv"}
    st = status.status("2002-06-01", treaty="untoc")
    assert int(st["qualifying"].sum()) == 15
    assert "15 of the 40 instruments" in status.headline("2002-06-01", treaty="untoc")
    with pytest.warns(UserWarning, match="before"):
        status.counts("2000-01-01", treaty="untoc")


def test_table_is_the_tidy_export():
    t = status.table("2026-11-29")
    assert list(t.columns) == status.TABLE_COLUMNS
    st = status.status("2026-11-29")
    assert len(t) == len(st) and t["iso3"].tolist() == st["iso3"].tolist()
    assert not t["iso3"].duplicated().any()
    row = t.set_index("iso3")
    assert row.loc["NAM", "iso2"] == "NA"  # Namibia signed; its code is not a missing value
    assert row.loc["VNM", "consent_date"] == "2026-01-26..2026-04-10"
    assert row.loc["VNM", "consent_precision"] == "unknown"
    assert row.loc["GBR", "signature_date"] == "2025-10-25..2025-10-26"
    assert row.loc["CAN", "signature_date"] == "2026-07"
    assert row.loc["FRA", "region"] == "Europe" and "eu" in row.loc["FRA", "memberships"]
    assert row.loc["EUU", "status_label"] == "ratified at home, deposit not confirmed"
    assert set(t["status"]) <= set(status.STATUS_LABELS)
    assert t.attrs["as_of"] == "2026-11-29"


def test_the_72nd_hanoi_signatory_is_probably_african():
    from analysis import regions

    ku = status.known_unknowns().set_index("quantity")
    reported_african = int(ku.loc["african_hanoi_signatories", "value"])
    hanoi = status.status("2025-10-26")
    groups = regions.join(pd.DataFrame({"iso3": hanoi["iso3"].tolist()}))
    named_african = int((groups["un_group_code"] == "AG").sum())
    # Viet Nam's Deputy Minister counted 21 African signatories; the log names one fewer
    assert named_african == reported_african - 1
    ev = status.events().set_index("iso3")
    for iso3 in ("UGA", "ARE"):
        assert bool(ev.loc[iso3, "uncertain"]) and iso3 not in set(hanoi["iso3"])
    assert regions.join(pd.DataFrame({"iso3": ["UGA"]}))["un_group_code"].iloc[0] == "AG"
