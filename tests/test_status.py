"""analysis.status on the bundled data: the as-of rule, uncertain rows, art. 65(1), attrs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import status
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


def test_consents_with_unknown_dates_use_their_documented_bounds():
    assert "QAT" not in set(status.status("2026-02-27").query("status == 'party'")["iso3"])
    assert _at("2026-03-01").loc["QAT", "status"] == "party"
    assert _at("2026-04-09").loc["VNM", "status"] == "signatory"
    assert _at("2026-04-10").loc["VNM", "status"] == "party"
    latest = _at(None)
    assert set(latest.index[latest["status"] == "party"]) == {"AZE", "QAT", "VNM"}
    assert (latest.loc[["AZE", "QAT", "VNM"], "consent_confidence"] == "secondary").all()


def test_uncertain_candidates_are_excluded_by_default():
    default, wide = status.counts(), status.counts(include_uncertain=True)
    assert wide.signatories == default.signatories + 2
    assert default.uncertain_excluded == 2 and wide.uncertain_excluded == 0
    assert not {"ARE", "UGA"} & set(status.status()["iso3"])
    assert {"ARE", "UGA"} <= set(status.status(include_uncertain=True)["iso3"])


def test_counts_today():
    c = status.counts("2026-11-29")
    assert (c.signatories, c.parties, c.qualifying_instruments, c.threshold) == (73, 3, 3, 40)
    assert c.remaining_to_threshold == 37
    assert c.parties_secondary_only == 3
    assert c.reported_signatories.value == 77
    assert c.reported_parties.value == 3
    frame = c.to_frame().set_index("metric")["value"]
    assert frame["qualifying_instruments"] == 3


def test_qualifying_instruments_exclude_the_eu(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "curated" / "status", data / "curated" / "status")
    events = data / "curated" / "status" / "events.csv"
    with open(events, "a", encoding="utf-8") as f:
        f.write("European Union,EUU,approval,2026-06-30,day,,,https://example.org/test,"
                "official,false,test row\n")
    c = status.counts("2026-11-29", data_dir=data)
    assert c.parties == 4
    assert c.qualifying_instruments == 3
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
        assert "data complete to 19 Nov 2025" in frame.attrs["data_as_of_label"]
        assert frame.attrs["sources"]
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
    assert status.counts("2025-10-20").reported_signatories is None
    assert status.counts("2026-03-01").reported_signatories.value == 74
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
    consents = counted.reindex(list(status.CONSENT_ACTIONS)).fillna(0).sum()
    assert int(consents) == c.parties


def test_source_summary_covers_every_fact_official_first():
    src = status.source_summary()
    ev = status.events()
    assert int(src["facts"].sum()) == len(ev)
    assert set(src["source_url"]) == set(ev["source_url"])
    assert src["confidence"].tolist() == sorted(src["confidence"])
