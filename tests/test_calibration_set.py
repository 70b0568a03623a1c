"""The calibration set is data (data/curated/forecast/calibration_set.csv) that follows a rule.

The rule, computed here from the milestone and participant tables: UN-deposited conventions
opened for signature in 1990 or later, a threshold of 20-60 instruments and no condition
beyond the count, whose participant table reproduces the documented threshold date.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import forecast, timeline, treaties
from analysis.datafiles import data_path, read_table


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_table(data_path("curated", "forecast", "calibration_set.csv"))


def _follows_the_rule(treaty_id: str, m: pd.DataFrame) -> bool:
    row = m.loc[treaty_id]
    opened = row["opened_for_signature_date"]
    if pd.isna(opened) or opened < pd.Timestamp("1990-01-01"):
        return False
    if not 20 <= int(row["threshold_count"]) <= 60:
        return False
    try:
        rule = timeline.rule_from_milestone(m.reset_index().set_index("treaty_id", drop=False)
                                            .loc[treaty_id], m.reset_index())
    except timeline.UnmodelledRule:
        return False
    engine = timeline.entry_into_force(treaties.events(treaty_id), **rule)
    return engine.threshold_date == row["threshold_reached_date"]


def test_every_reference_treaty_with_a_table_is_listed_once(table: pd.DataFrame) -> None:
    with_rows = set(treaties.milestones()["treaty_id"]) & set(treaties.treaty_ids())
    assert table["treaty_id"].is_unique and set(table["treaty_id"]) == with_rows
    assert set(table["in_calibration"]) <= {"true", "false"}
    excluded = table[table["in_calibration"] == "false"]
    assert excluded["reason"].str.len().gt(20).all()  # each exclusion says why


def test_the_table_follows_its_rule(table: pd.DataFrame) -> None:
    m = treaties.milestones().set_index("treaty_id")
    for row in table.itertuples():
        assert _follows_the_rule(row.treaty_id, m) == (row.in_calibration == "true"), \
            row.treaty_id


def test_the_forecast_calibrates_on_the_table(table: pd.DataFrame) -> None:
    included = table.loc[table["in_calibration"] == "true", "treaty_id"].tolist()
    assert list(forecast.CALIBRATION_TREATIES) == included
