"""What-ifs for the Convention's entry into force: the forecast re-run with hypothetical deposits.

Every scenario is :func:`analysis.forecast.forecast` with the same ``as_of``, number of paths
and seed, so that every difference comes from the scenario. What-if deposits count and also
reweight the treaty's pace (a state depositing early says the treaty moves faster):

- :func:`eu_member_states`: the European Union's current member States, and which signed;
- :func:`what_if_scenarios`: the report's set of scenarios (baseline, the EU alone, the EU
  and its member States, a list of deposits, the reported domestic ratifications as
  ordinary waiting signatories, and as deposits);
- :func:`scenario_medians` and :func:`scenario_notes`: what each scenario changes, as tidy
  frames (median and its shift against the baseline; the notes the baseline does not have).

Tables and figures of scenarios are in :mod:`analysis.timeline_plots` (``scenario_table``,
``probability_figure``, ``scenario_text``).

>>> s = what_if_scenarios("2026-11-29", n_paths=2000, seed=1, eu_date="2027-12-31",
...                       what_if=[["BRA", "2027-06-30"]], what_if_label="Brazil")
>>> list(s)[:2]
['baseline', 'EU alone (does not count)']
>>> list(s)[3:]
['Brazil', 'reported consents not counted', 'reported domestic ratifications deposited']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from analysis import forecast, regions, status
from analysis.forecast import Forecast

__all__ = [
    "BASELINE",
    "DOMESTIC_DEPOSITED",
    "EU_ALONE",
    "NOT_REPORTED",
    "ROUTINE_NOTES",
    "eu_member_states",
    "scenario_medians",
    "scenario_notes",
    "what_if_scenarios",
]

#: Labels of the fixed scenarios of :func:`what_if_scenarios`.
BASELINE = "baseline"
EU_ALONE = "EU alone (does not count)"
NOT_REPORTED = "reported consents not counted"
DOMESTIC_DEPOSITED = "reported domestic ratifications deposited"
#: Notes that every forecast has, with its own numbers: not a change made by a scenario.
ROUTINE_NOTES: tuple[str, ...] = ("calibrated on", "group B", "stall component",
                                   "imputed, not known", "real-time backtest")


def _eu_members() -> list[str]:
    eu = regions.memberships("eu")
    return [str(c) for c in sorted(eu.loc[eu["left"].isna(), "iso3"])]


def eu_member_states(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The European Union's current member States (no ``left`` date), sorted by ISO3.

    Columns ``iso3`` and ``signed``: whether the state has signed the Convention in
    ``events`` (the event log of :func:`analysis.status.events`; default: the bundled data).

    >>> eu = eu_member_states()
    >>> len(eu), "FRA" in set(eu["iso3"]), eu["signed"].dtype == bool
    (27, True, True)
    """
    if events is None:
        events = status.events()
    members = _eu_members()
    signed = set(events.loc[events["action"] == "signature", "iso3"])
    return pd.DataFrame({"iso3": members, "signed": [m in signed for m in members]})


def what_if_scenarios(as_of: Any, *, eu_date: Any, what_if: Sequence[Sequence[Any]] = (),
                      what_if_label: str = "what-if", n_paths: int = 100_000, seed: int = 0,
                      base: Forecast | None = None, **kwargs: Any) -> dict[str, Forecast]:
    """The report's scenarios, each a forecast with the same ``as_of``, paths and seed.

    In order: :data:`BASELINE` (``base`` if given, else computed); :data:`EU_ALONE` (the
    European Union deposits on ``eu_date``: art. 65(1), it must not count); the EU and all
    its current member States on ``eu_date``; ``what_if_label``: the deposits ``what_if``
    (pairs ISO3, date); :data:`NOT_REPORTED` (``domestic="waiting"``: the consents reported
    as ratified at home, no deposit found, are ordinary waiting signatories instead of
    likely early deposits); :data:`DOMESTIC_DEPOSITED` (``domestic="deposited"``: they are
    deposits, the count the news reports). ``kwargs`` go to
    every :func:`analysis.forecast.forecast` call (e.g. ``data_dir``). A given ``base`` must
    have been made with the same ``as_of``, ``n_paths`` and ``seed``.

    >>> s = what_if_scenarios("2026-11-29", n_paths=2000, seed=1, eu_date="2027-12-31")
    >>> forecast.same_paths(s[BASELINE], s[EU_ALONE])
    True
    """
    def run(**extra: Any) -> Forecast:
        return forecast.forecast(as_of, n_paths=n_paths, seed=seed, **kwargs, **extra)

    if base is not None and (base.as_of != pd.Timestamp(as_of)
                             or base.attrs.get("n_paths") != n_paths
                             or base.attrs.get("seed") != seed):
        raise ValueError("base was made with another as_of, n_paths or seed")
    members = _eu_members()
    labels = [BASELINE, EU_ALONE, f"EU and its {len(members)} member States on {eu_date}",
              what_if_label, NOT_REPORTED, DOMESTIC_DEPOSITED]
    if len(set(labels)) != len(labels):
        raise ValueError(f"what_if_label {what_if_label!r} is already a scenario's label")
    extra = [(str(iso3), str(day)) for iso3, day in what_if]
    return {
        BASELINE: base if base is not None else run(),
        EU_ALONE: run(extra_instruments=[("EUU", eu_date)]),
        labels[2]: run(extra_instruments=[("EUU", eu_date)] + [(m, eu_date) for m in members]),
        what_if_label: run(extra_instruments=extra),
        NOT_REPORTED: run(domestic="waiting"),
        DOMESTIC_DEPOSITED: run(domestic="deposited"),
    }


def scenario_medians(scenarios: Mapping[str, Forecast]) -> pd.DataFrame:
    """Median entry-into-force date per scenario and its shift against the first (baseline).

    Columns ``scenario, median, shift_days`` (``shift_days``: nullable integer, missing when
    a median is beyond the horizon).

    >>> f = forecast.forecast("2026-11-29", n_paths=2000, seed=1)
    >>> scenario_medians({"baseline": f, "same": f})["shift_days"].tolist()
    [0, 0]
    """
    base = next(iter(scenarios.values()))
    rows = []
    for name, f in scenarios.items():
        both = pd.notna(f.median) and pd.notna(base.median)
        rows.append({"scenario": name, "median": f.median,
                     "shift_days": (f.median - base.median).days if both else pd.NA})
    return pd.DataFrame(rows).astype({"shift_days": "Int64"})


def scenario_notes(scenarios: Mapping[str, Forecast]) -> pd.DataFrame:
    """The notes each scenario adds to the first (baseline): ``scenario, note``, one a row.

    Notes every forecast has with its own numbers (:data:`ROUTINE_NOTES`) are left out.

    >>> base = forecast.forecast("2026-11-29", n_paths=2000, seed=1)
    >>> eu = forecast.forecast("2026-11-29", n_paths=2000, seed=1,
    ...                        extra_instruments=[("EUU", "2027-12-31")])
    >>> notes = scenario_notes({"baseline": base, "EU": eu})
    >>> notes["scenario"].tolist(), "does not count" in notes["note"].iloc[0]
    (['EU'], True)
    """
    base = next(iter(scenarios.values()))
    rows = [{"scenario": name, "note": note} for name, f in scenarios.items()
            for note in f.notes if note not in base.notes and not note.startswith(ROUTINE_NOTES)]
    return pd.DataFrame(rows, columns=["scenario", "note"])
