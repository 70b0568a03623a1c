"""analysis.timeline: the art. 65 rule engine, on hand-made logs and on treaty history."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis import timeline, treaties
from analysis.timeline import EntryIntoForce, UnmodelledRule, entry_into_force

T = pd.Timestamp


def log(*rows: tuple[str, str, str | None]) -> pd.DataFrame:
    """Event log from (participant, action, date) rows; iso3 = participant (EU -> EUU)."""
    return pd.DataFrame({
        "participant": [r[0] for r in rows],
        "iso3": ["EUU" if r[0] == "EU" else r[0] for r in rows],
        "action": [r[1] for r in rows],
        "date": pd.to_datetime([r[2] for r in rows]),
        "date_precision": ["day" if r[2] else "unknown" for r in rows],
    })


def ratifications(n: int, start: str = "2026-01-01") -> list[tuple[str, str, str]]:
    days = pd.date_range(start, periods=n, freq="7D")
    return [(f"S{i:02d}", "ratification", str(d.date())) for i, d in enumerate(days)]


# --------------------------------------------------------------------------------------
# Hand-made event logs


def test_threshold_exactly_reached():
    r = entry_into_force(log(*ratifications(40)))
    assert r.reached and r.count == 40 and r.threshold == 40
    assert r.threshold_date == T("2026-01-01") + pd.Timedelta(days=7 * 39)
    assert r.threshold_participant == "S39"
    assert r.entry_into_force_date == r.threshold_date + pd.Timedelta(days=90)


def test_one_short_is_not_reached():
    r = entry_into_force(log(*ratifications(39)))
    assert not r.reached and r.count == 39
    assert r.threshold_date is None and r.entry_into_force_date is None
    assert r.threshold_participant is None
    assert r.parties["entry_into_force_date"].isna().all() and len(r.parties) == 39


def test_ninetieth_day_after_deposit():
    r = entry_into_force(log(("A", "ratification", "2026-03-02")), threshold=1)
    assert r.entry_into_force_date == T("2026-05-31")  # 2 Mar + 90 days


def test_eu_instrument_not_counted_by_default():
    events = log(*ratifications(39), ("EU", "approval", "2026-12-01"))
    r = entry_into_force(events)
    assert not r.reached and r.count == 39
    eu = r.parties.set_index("participant").loc["EU"]
    assert eu["action"] == "approval" and not eu["counted"]


def test_eu_counted_when_reio_counts():
    events = log(*ratifications(39), ("EU", "approval", "2026-12-01"))
    r = entry_into_force(events, reio_counts=True)
    assert r.reached and r.count == 40
    assert r.threshold_date == T("2026-12-01") and r.threshold_participant == "EU"


def test_same_day_deposits_share_the_threshold_day():
    events = log(*ratifications(38), ("X", "accession", "2027-01-05"),
                 ("Y", "ratification", "2027-01-05"), ("Z", "acceptance", "2027-01-05"))
    r = entry_into_force(events)
    assert r.threshold_date == T("2027-01-05")
    assert r.threshold_day_participants == ("X", "Y", "Z")
    assert r.threshold_participant == "X; Y; Z"
    assert r.count == 41
    # all three are parties from the general date, not 30 days after their deposit
    own = r.parties.set_index("participant")["entry_into_force_date"]
    assert (own[["X", "Y", "Z"]] == r.entry_into_force_date).all()


def test_undated_events_are_reported_not_counted():
    events = log(*ratifications(39), ("U", "ratification", None))
    r = entry_into_force(events)
    assert not r.reached and r.count == 39
    assert r.undated["participant"].tolist() == ["U"]
    assert any("without a date" in n and "U" in n for n in r.notes)
    assert "U" not in set(r.parties["participant"])


def test_imprecise_dates_are_flagged():
    events = log(*ratifications(3))
    events.loc[0, "date_precision"] = "month"
    r = entry_into_force(events, threshold=3)
    assert r.reached and any("imprecise" in n and "S00" in n for n in r.notes)


def test_later_parties_under_art_65_2():
    events = log(*ratifications(40, start="2026-01-01"),
                 ("EARLY", "accession", None), ("LATE", "ratification", None),
                 ("EU", "approval", None))
    threshold_day = T("2026-01-01") + pd.Timedelta(days=7 * 39)
    events.loc[events["participant"] == "EARLY", "date"] = threshold_day + pd.Timedelta(days=10)
    events.loc[events["participant"] == "LATE", "date"] = threshold_day + pd.Timedelta(days=80)
    events.loc[events["participant"] == "EU", "date"] = threshold_day - pd.Timedelta(days=5)
    events["date_precision"] = "day"
    r = entry_into_force(events)
    eif = threshold_day + pd.Timedelta(days=90)
    assert r.threshold_date == threshold_day and r.entry_into_force_date == eif
    own = r.parties.set_index("participant")["entry_into_force_date"]
    assert own["S00"] == eif and own["S39"] == eif
    assert own["EARLY"] == eif  # deposit + 30 falls before the general date
    assert own["LATE"] == threshold_day + pd.Timedelta(days=110)  # deposit + 30 is later
    assert own["EU"] == eif  # a REIO becomes a party although it is not counted
    assert r.count == 42


def test_later_parties_with_paragraph_one_rule():
    events = log(("A", "ratification", "2002-04-11"), ("B", "ratification", "2002-05-20"))
    r = entry_into_force(events, threshold=1, lag_days=60, eif_day="first_of_next_month",
                         later_party_lag_days=None)
    own = r.parties.set_index("participant")["entry_into_force_date"]
    assert r.entry_into_force_date == T("2002-07-01")
    assert own["B"] == T("2002-08-01")  # 20 May + 60 days = 19 Jul -> 1 Aug


def test_as_of():
    events = log(*ratifications(45))
    cut = events["date"].iloc[38]
    before = entry_into_force(events, as_of=cut)
    assert not before.reached and before.count == 39 and before.as_of == cut
    on = entry_into_force(events, as_of=events["date"].iloc[39])
    assert on.reached and on.count == 40
    assert entry_into_force(events, as_of=str(cut.date())).count == 39


def test_later_withdrawal_does_not_undo_entry_into_force():
    events = log(*ratifications(40), ("S00", "withdrawal", "2027-06-01"))
    r = entry_into_force(events)
    assert r.reached and r.count == 39
    assert r.parties.set_index("participant").loc["S00", "withdrawal_date"] == T("2027-06-01")


def test_withdrawal_before_threshold_leaves_the_count():
    events = log(*ratifications(40), ("S00", "withdrawal", "2026-01-02"),
                 ("S40", "accession", "2027-01-01"))
    r = entry_into_force(events)
    assert r.threshold_date == T("2027-01-01") and r.threshold_participant == "S40"


def test_one_instrument_per_participant():
    events = log(*ratifications(39), ("S00", "accession", "2027-01-01"))
    assert not entry_into_force(events).reached


def test_succession_and_formal_confirmation():
    events = log(*ratifications(39), ("D", "succession", "2027-01-01"))
    assert entry_into_force(events).threshold_participant == "D"
    assert not entry_into_force(events, succession_counts=False).reached
    events = log(*ratifications(39), ("IO", "formal_confirmation", "2027-01-01"))
    assert not entry_into_force(events).reached
    assert entry_into_force(events, formal_confirmation_counts=True).reached


def test_signatures_do_not_count():
    events = log(*ratifications(39), ("X", "signature", "2027-01-01"))
    assert not entry_into_force(events).reached


def test_month_rules_and_not_before():
    one = log(("A", "ratification", "1975-12-23"))
    assert entry_into_force(one, 1, lag_days=None, lag_months=3).entry_into_force_date == T(
        "1976-03-23")
    sep = log(("A", "ratification", "1998-09-16"))
    r = entry_into_force(sep, 1, lag_days=None, lag_months=6, eif_day="first_of_month")
    assert r.entry_into_force_date == T("1999-03-01")
    mar = log(("A", "ratification", "2003-03-14"))
    r = entry_into_force(mar, 1, lag_days=None, lag_months=3, eif_day="first_of_next_month")
    assert r.entry_into_force_date == T("2003-07-01")
    r = entry_into_force(one, 1, lag_days=90, not_before="1977-01-01")
    assert r.entry_into_force_date == T("1977-01-01")


def test_bad_arguments():
    events = log(*ratifications(2))
    with pytest.raises(ValueError, match="exactly one"):
        entry_into_force(events, lag_days=90, lag_months=3)
    with pytest.raises(ValueError, match="exactly one"):
        entry_into_force(events, lag_days=None)
    with pytest.raises(ValueError, match="unknown actions"):
        entry_into_force(log(("A", "ratified", "2026-01-01")))
    with pytest.raises(ValueError, match="lacks columns"):
        entry_into_force(events.drop(columns="iso3"))


def test_result_is_frozen():
    r = entry_into_force(log(*ratifications(2)), threshold=2)
    assert isinstance(r, EntryIntoForce)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.count = 3  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# Historical proof: the engine against the documented dates of the reference treaties.
#
# For every calibration treaty with a participant table, the engine runs with the rule read
# from its milestone row (analysis.timeline.rule_from_milestone) and must give both the
# documented threshold date and the documented entry-into-force date exactly -- except the
# treaties below, for which the data cannot reproduce them. A change in either list fails
# test_unreproducible_list_is_exact.

UNREPRODUCIBLE = {
    "att": "table (UNTC scrape, file of 2014-07-10) stops at 41 consents; the threshold of 50 "
           "was reached on 25 Sep 2014",
    "nagoya": "table (UNTC scrape, file of 2014-07-10) stops at 49 consents, one short of 50",
    "kyoto": "binding second condition: Annex I Parties with >=55% of 1990 CO2 (met 18 Nov "
             "2004); the 55th instrument (23 May 2002) is not the threshold; not modelled",
    "paris": "binding second condition: >=55% of global GHG emissions (met 5 Oct 2016); the "
             "table also keeps only each participant's latest instrument; not modelled",
    "iccpr": "current UNTC table lists successor states with 1990s succession dates; "
             "predecessor deposits (Czechoslovakia 23 Dec 1975 was the 35th) only in footnotes",
    "cedaw": "current UNTC table distorted by state succession: gives 5 Aug 1981 for the 20th "
             "instrument instead of 4 Aug 1981",
    "unclos": "current UNTC table distorted by state succession: gives 12 Jan 1994 for the 60th "
              "instrument instead of 16 Nov 1993 (Guyana)",
    "vienna1988": "one pre-August-1990 instrument is missing from the current UNTC table "
                  "(Spain, 13 Aug 1990, shows as the 19th)",
}

#: Where the milestone row paraphrases the rule, the treaty text is used instead.
RULE_OVERRIDES = {
    "ottawa": (
        {"lag_days": None, "lag_months": 6, "eif_day": "first_of_month"},
        "art 17(1): 'on the first day of the sixth month after the month in which the 40th "
        "instrument ... has been deposited' (English text in the Portuguese parliament's "
        "Diario, 1999-01-09, debates.parlamento.pt/catalogo/r3/dar/s2a/07/04/028S1/"
        "1999-01-09/51); the row's 'six months after' (wording not read) would give 16 Mar "
        "1999 instead of 1 Mar 1999",
    ),
}

#: Participants the milestone rows name as the threshold instrument.
NAMED_THRESHOLD_PARTICIPANT = {
    "untoc": "Armenia", "untoc_som": "Azerbaijan", "untoc_firearms": "Poland",
    "uncac": "Ecuador", "cat": "Denmark", "crpd": "Ecuador", "cped": "Iraq",
    "ottawa": "Burkina Faso", "ccm": "Burkina Faso", "cwc": "Hungary", "minamata": "Romania",
    "stockholm": "France", "rotterdam": "Armenia", "cartagena": "Palau", "cbd": "Mongolia",
    "unccd": "Chad", "bombings": "Yemen", "tf_financing": "Antigua and Barbuda",
    "nuclear_terrorism": "Bangladesh", "icmw": "Guatemala",
}

REPRODUCED = [
    "bombings", "cartagena", "cat", "cbd", "ccm", "cped", "crc", "crpd", "cwc", "fctc", "icmw",
    "minamata", "nuclear_terrorism", "ottawa", "rome", "rotterdam", "stockholm", "tf_financing",
    "uncac", "unccd", "unfccc", "untoc", "untoc_firearms", "untoc_som", "untoc_tip",
]


def _milestones() -> pd.DataFrame:
    return treaties.milestones().set_index("treaty_id", drop=False)


def _with_table() -> list[str]:
    m = _milestones()
    return sorted(m.loc[(m["participants_file"] != "")
                        & (m["is_calibration_case"] == "yes"), "treaty_id"])


def _table_id(row: pd.Series) -> str:
    return row["participants_file"].split()[0].rsplit("/", 1)[-1].removesuffix(".csv")


def _run(treaty_id: str, **extra) -> EntryIntoForce:
    m = _milestones()
    row = m.loc[treaty_id]
    kwargs = timeline.rule_from_milestone(row, m)
    kwargs.update(RULE_OVERRIDES.get(treaty_id, ({}, ""))[0])
    kwargs.update(extra)
    return entry_into_force(treaties.events(_table_id(row)), **kwargs)


def _matches(treaty_id: str) -> bool:
    row = _milestones().loc[treaty_id]
    try:
        r = _run(treaty_id)
    except UnmodelledRule:
        return False
    return (r.threshold_date == row["threshold_reached_date"]
            and r.entry_into_force_date == row["entry_into_force_date"])


def test_reproduced_and_unreproducible_partition_the_treaties():
    assert sorted(REPRODUCED + list(UNREPRODUCIBLE)) == _with_table()
    assert len(REPRODUCED) == 25 and len(UNREPRODUCIBLE) == 8


@pytest.mark.parametrize("treaty_id", REPRODUCED)
def test_documented_dates_reproduced(treaty_id):
    row = _milestones().loc[treaty_id]
    r = _run(treaty_id)
    assert r.threshold_date == row["threshold_reached_date"]
    assert r.entry_into_force_date == row["entry_into_force_date"]
    if treaty_id in NAMED_THRESHOLD_PARTICIPANT:
        assert NAMED_THRESHOLD_PARTICIPANT[treaty_id] in r.threshold_day_participants
    # Successions never decide a threshold in these tables: dropping them changes nothing.
    assert _run(treaty_id, succession_counts=False).threshold_date == r.threshold_date


def test_unreproducible_list_is_exact():
    failing = {t for t in _with_table() if not _matches(t)}
    assert failing == set(UNREPRODUCIBLE)


def test_emission_conditions_are_not_modelled():
    m = _milestones()
    for treaty_id in ("kyoto", "paris"):
        with pytest.raises(UnmodelledRule, match="not modelled"):
            timeline.rule_from_milestone(m.loc[treaty_id], m)


def test_reio_clause_decides_rotterdam_and_cartagena():
    # treaty_data.md: counting the EU instrument gives the wrong 50th date.
    assert _run("rotterdam", reio_counts=True).threshold_date == T("2003-10-10")
    assert _run("cartagena", reio_counts=True).threshold_date == T("2003-05-30")


def test_target_row_gives_the_art_65_defaults():
    m = _milestones()
    rule = timeline.rule_from_milestone(m.loc["un_cybercrime"], m)
    assert rule == {"threshold": 40, "lag_days": 90, "lag_months": None, "eif_day": "exact",
                    "reio_counts": False}


def test_rules_read_from_rows():
    m = _milestones()
    rule = timeline.rule_from_milestone
    assert rule(m.loc["rome"], m)["lag_days"] == 60
    assert rule(m.loc["icmw"], m)["lag_months"] == 3
    assert rule(m.loc["ccm"], m)["eif_day"] == "first_of_month"
    assert rule(m.loc["iccpr"], m)["lag_months"] == 3
    assert rule(m.loc["cwc"], m)["not_before"] == T("1995-01-13")
    assert rule(m.loc["untoc_tip"], m)["not_before"] == T("2003-09-29")
    with pytest.raises(ValueError, match="needs `milestones`"):
        rule(m.loc["untoc_tip"])
    for treaty_id in ("budapest", "marrakesh", "beijing_av"):
        with pytest.raises(UnmodelledRule):
            rule(m.loc[treaty_id], m)
