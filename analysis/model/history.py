"""Reference-treaty histories in days since opening, the calibration set and the target."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from analysis import timeline, treaties
from analysis.datafiles import data_path, read_table

__all__ = [
    "CALIBRATION_FILE",
    "CALIBRATION_TREATIES",
    "History",
    "SIBLINGS",
    "TARGET",
    "opened_date",
    "treaty_history",
]

#: Reference treaties used for calibration: the UN-deposited treaties opened from 1990 on,
#: threshold 20-60, whose participant tables reproduce the documented threshold date (the
#: REPRODUCED list of ``tests/test_timeline_rules.py`` minus CAT, opened 1985, and the CWC,
#: threshold 65). ATT and Nagoya (tables stop early), Kyoto and Paris (emission conditions)
#: and ICCPR, CEDAW, UNCLOS and Vienna 1988 (succession distortions) are excluded.
CALIBRATION_FILE = ("curated", "forecast", "calibration_set.csv")


def _calibration_treaties() -> tuple[str, ...]:
    # Data, not a list in code: data/curated/forecast/calibration_set.csv says which reference
    # treaties calibrate the model and why the others do not (tests/test_calibration_set.py
    # checks it against its rule).
    table = read_table(data_path(*CALIBRATION_FILE))
    return tuple(table.loc[table["in_calibration"].eq("true"), "treaty_id"])


#: The reference treaties the model is calibrated on, in calibration order.
CALIBRATION_TREATIES: tuple[str, ...] = _calibration_treaties()
#: The UNODC family: the closest siblings of the Convention against Cybercrime.
SIBLINGS: frozenset[str] = frozenset({"untoc", "untoc_tip", "untoc_som", "untoc_firearms",
                                      "uncac"})

TARGET = "un_cybercrime"


# --------------------------------------------------------------------------------------
# Reference-treaty histories


@dataclass(frozen=True, eq=False)
class History:
    """One treaty's participants as days since opening (NaN = none), for the model."""

    treaty_id: str
    opened: pd.Timestamp
    vintage: pd.Timestamp
    iso3: np.ndarray
    sig: np.ndarray
    con: np.ndarray
    counted: np.ndarray
    rule: dict[str, Any]
    threshold_date: pd.Timestamp | None

    @property
    def vintage_day(self) -> float:
        """Last day (since opening) the table can be trusted to be complete."""
        return float((self.vintage - self.opened).days)

    @property
    def threshold_day(self) -> float:
        """Days from opening to the threshold instrument (NaN if not reached)."""
        return np.nan if self.threshold_date is None else float(
            (self.threshold_date - self.opened).days)


def _rule(treaty_id: str) -> dict[str, Any]:
    m = treaties.milestones().set_index("treaty_id", drop=False)
    return timeline.rule_from_milestone(m.loc[treaty_id], m)


@cache
def treaty_history(treaty_id: str) -> History:
    """A reference treaty's history in days since opening, with its art. 65-style rule.

    Which consents count is decided by :func:`analysis.timeline.entry_into_force` (e.g. the
    European Union's instrument does not where a REIO clause says so).

    >>> h = treaty_history("untoc")
    >>> int(h.threshold_day), h.rule["threshold"]
    (931, 40)
    """
    m = treaties.milestones().set_index("treaty_id")
    row = m.loc[treaty_id]
    opened = pd.Timestamp(row["opened_for_signature_date"])
    rule = _rule(treaty_id)
    p = treaties.participants(treaty_id)
    engine = timeline.entry_into_force(treaties.events(treaty_id), **rule)
    counted = set(engine.parties.loc[engine.parties["counted"], "iso3"])
    vint = [re.search(r"last changed (\d{4}-\d{2}-\d{2})", s) for s in p["source_snapshot"]]
    dates = [pd.Timestamp(v.group(1)) for v in vint if v]
    vintage = max(dates) if dates else max(p["signature_date"].max(), p["consent_date"].max())
    sig = (p["signature_date"] - opened).dt.days.to_numpy(float)
    con = (p["consent_date"] - opened).dt.days.to_numpy(float)
    return History(
        treaty_id=treaty_id, opened=opened, vintage=pd.Timestamp(vintage),
        iso3=p["iso3"].to_numpy(str), sig=sig, con=con,
        counted=p["iso3"].isin(counted).to_numpy(), rule=rule,
        threshold_date=engine.threshold_date,
    )


def _is_state(iso3: np.ndarray, reio: Iterable[str]) -> np.ndarray:
    return ~np.isin(iso3, list(reio)) & (iso3 != "")


def _reio_codes() -> tuple[str, ...]:
    import inspect

    return tuple(inspect.signature(timeline.entry_into_force).parameters["reio_codes"].default)


def opened_date(treaty_id: str = TARGET) -> pd.Timestamp:
    """The day a treaty opened for signature (its ``treaty_milestones`` row).

    >>> str(opened_date().date())
    '2025-10-25'
    """
    m = treaties.milestones().set_index("treaty_id")
    return pd.Timestamp(m.loc[treaty_id, "opened_for_signature_date"])
