"""Entry-into-force rules: when does a treaty enter into force, given its event log?

The rule engine implements art. 65 of the UN Convention against Cybercrime and, through its
parameters, the threshold rules of most UN multilateral treaties:

    65(1) This Convention shall enter into force on the ninetieth day after the date of
    deposit of the fortieth instrument of ratification, acceptance, approval or accession.
    For the purpose of this paragraph, any instrument deposited by a regional economic
    integration organization shall not be counted as additional to those deposited by
    member States of such organization.

    65(2) For each State or regional economic integration organization ratifying, accepting,
    approving or acceding to this Convention after the deposit of the fortieth instrument of
    such action, this Convention shall enter into force on the thirtieth day after the date
    of deposit by such State or organization of the relevant instrument or on the date this
    Convention enters into force pursuant to paragraph 1 of this article, whichever is later.

Counting choices (each one a parameter of :func:`entry_into_force`):

- **What counts.** Instruments whose ``action`` is in ``counting_actions`` (ratification,
  acceptance, approval, accession). *Succession* (UNTC code ``d``) counts by default
  (``succession_counts=True``): a notification of succession is a consent to be bound, and
  the 1978 Vienna Convention on Succession of States in respect of Treaties (art. 17-18)
  counts a successor State as a contracting State for a treaty not yet in force. This choice
  reproduces every documented date in the reference tables (dropping successions also does:
  no succession there falls before a threshold). *Formal confirmation* (code ``c``) is the
  act by which an international organization consents; art. 65(1) does not list it, so it
  does not count by default (``formal_confirmation_counts=False``). In the reference tables
  only the European Union deposits formal confirmations.
- **REIOs.** Instruments of participants whose ``iso3`` is in ``reio_codes`` (``EUU``) are
  not counted unless ``reio_counts=True``. "Not counted as additional to those deposited by
  member States" is read as "not counted": an EU instrument never adds to the count (its
  member States deposit their own instruments). The REIO still becomes a party (row in
  ``parties``).
- **One instrument per participant.** A participant counts once, from its first counting
  instrument (keyed by ``iso3``, or by name where ``iso3`` is empty).
- **Same-day deposits.** UNTC gives no order within a day, so all deposits of a day are taken
  together: the threshold date is the first day at whose end the count reaches the threshold,
  and ``threshold_participant`` names every participant whose counting instrument was
  deposited that day (joined with ``"; "`` when there are several).
- **Withdrawals** (``action == "withdrawal"``). A withdrawal dated before the threshold is
  reached takes the participant out of the count from that day (it counts again if it
  deposits a new instrument). A withdrawal after the threshold date does not undo entry into
  force; it only lowers ``count``.
- **Undated events.** An instrument without a date cannot be placed in time, so it is not
  counted; it is reported in ``EntryIntoForce.undated`` and in ``notes`` (never silently
  dropped). Dates of ``month`` or ``year`` precision are used as given and flagged in
  ``notes`` when they fall on or before the threshold date.
- **as_of.** Only events dated on or before ``as_of`` are used.
- **Lag.** ``lag_days`` (the "ninetieth day after" = deposit + 90 days) or ``lag_months``
  (calendar months, e.g. ICCPR "three months after"); then ``eif_day`` can move the date to
  the first day of that month (``"first_of_month"``, e.g. Ottawa "first day of the sixth
  month after the month in which ... deposited") or of the next month
  (``"first_of_next_month"``, e.g. Rome "first day of the month after the 60th day
  following"); ``not_before`` sets an earliest date (CWC: two years after opening; UNTOC
  protocols: not before the Convention).
- **Later parties** (art. 65(2)): deposit + ``later_party_lag_days``, or the general date,
  whichever is later. ``later_party_lag_days=None`` applies paragraph 1's rule (lag and
  ``eif_day``) to the party's own deposit instead, as in Rome, ICMW, Ottawa or ICCPR.

Conditions other than a count (emission shares for Kyoto and Paris, "eligible parties",
"at least 3 member States") are not modelled: :func:`rule_from_milestone` raises
:class:`UnmodelledRule` for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis import treaties

__all__ = [
    "CONSENT_ACTIONS",
    "EntryIntoForce",
    "UnmodelledRule",
    "entry_into_force",
    "rule_from_milestone",
]

#: Actions that make a participant a party (whether or not they count towards a threshold).
CONSENT_ACTIONS = (
    "ratification", "acceptance", "approval", "accession", "succession", "formal_confirmation",
)

EifDay = Literal["exact", "first_of_month", "first_of_next_month"]

_PARTY_COLUMNS = [
    "participant", "iso3", "action", "deposit_date", "counted", "withdrawal_date",
    "entry_into_force_date",
]


class UnmodelledRule(ValueError):
    """A milestone row's rule has a condition the engine does not model (e.g. emissions)."""


@dataclass(frozen=True, eq=False)
class EntryIntoForce:
    """Result of :func:`entry_into_force`.

    ``threshold_date`` and ``entry_into_force_date`` are ``None`` while the threshold is not
    reached. ``count`` is the number of counting instruments in force at the end of the log
    (or at ``as_of``). ``parties`` has one row per participant with a consent instrument:
    ``participant, iso3, action, deposit_date, counted, withdrawal_date,
    entry_into_force_date`` (the party's own date under art. 65(2); NaT while the treaty is
    not in force). ``undated`` lists consent or withdrawal events without a date.
    """

    threshold: int
    count: int
    threshold_date: pd.Timestamp | None
    threshold_participant: str | None
    entry_into_force_date: pd.Timestamp | None
    parties: pd.DataFrame
    undated: pd.DataFrame
    as_of: pd.Timestamp | None = None
    threshold_day_participants: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def reached(self) -> bool:
        """True once the threshold has been reached."""
        return self.threshold_date is not None


def shift_by_rule(day: pd.Timestamp, lag_days: int | None, lag_months: int | None,
                  eif_day: EifDay = "exact") -> pd.Timestamp:
    """The entry-into-force day that a treaty's rule gives for a deposit on ``day``.

    >>> shift_by_rule(pd.Timestamp("2003-07-01"), 90, None)
    Timestamp('2003-09-29 00:00:00')
    """
    out = day + (pd.Timedelta(days=lag_days) if lag_days is not None
                 else pd.DateOffset(months=lag_months))
    if eif_day == "first_of_month":
        out = out.replace(day=1)
    elif eif_day == "first_of_next_month":
        out = out.replace(day=1) + pd.DateOffset(months=1)
    return pd.Timestamp(out)


def entry_into_force(
    events: pd.DataFrame,
    threshold: int = 40,
    lag_days: int | None = 90,
    *,
    lag_months: int | None = None,
    eif_day: EifDay = "exact",
    not_before: date | str | pd.Timestamp | None = None,
    reio_counts: bool = False,
    later_party_lag_days: int | None = 30,
    counting_actions: Iterable[str] = ("ratification", "acceptance", "approval", "accession"),
    succession_counts: bool = True,
    formal_confirmation_counts: bool = False,
    reio_codes: Iterable[str] = ("EUU",),
    as_of: date | str | pd.Timestamp | None = None,
) -> EntryIntoForce:
    """Threshold date and entry-into-force date of a treaty from its event log (art. 65).

    ``events`` has the shared event-log shape (docs/CONVENTIONS.md); ``participant``,
    ``iso3``, ``action`` and ``date`` are required. Defaults are those of art. 65 of the
    Convention against Cybercrime: 40 instruments, the 90th day after, EU not counted, later
    parties on the 30th day after their deposit. Give exactly one of ``lag_days`` and
    ``lag_months``. The counting choices are explained in the module docstring.

    >>> ev = pd.DataFrame({
    ...     "participant": ["A", "B", "European Union", "C"],
    ...     "iso3": ["AAA", "BBB", "EUU", "CCC"],
    ...     "action": ["ratification", "accession", "approval", "ratification"],
    ...     "date": pd.to_datetime(["2026-01-05", "2026-02-10", "2026-02-11", "2026-03-01"]),
    ... })
    >>> r = entry_into_force(ev, threshold=2)
    >>> str(r.threshold_date.date()), r.threshold_participant, str(r.entry_into_force_date.date())
    ('2026-02-10', 'B', '2026-05-11')
    >>> r.parties.set_index("participant")["entry_into_force_date"].dt.date.astype(str).to_dict()
    {'A': '2026-05-11', 'B': '2026-05-11', 'European Union': '2026-05-11', 'C': '2026-05-11'}
    """
    if (lag_days is None) == (lag_months is None):
        raise ValueError("give exactly one of lag_days and lag_months")
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    missing = {"participant", "iso3", "action", "date"} - set(events.columns)
    if missing:
        raise ValueError(f"event log lacks columns {sorted(missing)}")
    unknown = set(events["action"]) - set(CONSENT_ACTIONS) - {"signature", "withdrawal"}
    if unknown:
        raise ValueError(f"unknown actions {sorted(unknown)}")

    counting = set(counting_actions)
    if succession_counts:
        counting.add("succession")
    if formal_confirmation_counts:
        counting.add("formal_confirmation")
    reio = set(reio_codes)
    as_of_ts = None if as_of is None else pd.Timestamp(as_of)

    ev = events[events["action"].isin([*CONSENT_ACTIONS, "withdrawal"])].copy()
    ev["date"] = pd.to_datetime(ev["date"])
    undated = ev[ev["date"].isna()].reset_index(drop=True)
    ev = ev[ev["date"].notna()]
    if as_of_ts is not None:
        ev = ev[ev["date"] <= as_of_ts]
    ev["key"] = ev["iso3"].where(ev["iso3"].fillna("") != "", ev["participant"])
    ev["is_reio"] = ev["iso3"].isin(reio)
    ev["counts"] = ev["action"].isin(counting) & (reio_counts | ~ev["is_reio"])
    ev = ev.sort_values(["date", "participant"], kind="stable")

    # Walk day by day: the count at the end of each day decides the threshold date.
    inside: set[str] = set()
    threshold_date = None
    threshold_day: list[str] = []
    rows = list(zip(ev["date"], ev["action"], ev["key"], ev["counts"], ev["participant"],
                    strict=True))
    entered: list[str] = []
    for i, (day, action, key, counts, participant) in enumerate(rows):
        if action == "withdrawal":
            inside.discard(key)
        elif counts and key not in inside:
            inside.add(key)
            entered.append(participant)
        end_of_day = i + 1 == len(rows) or rows[i + 1][0] != day
        if end_of_day:
            if threshold_date is None and len(inside) >= threshold:
                threshold_date = pd.Timestamp(day)
                threshold_day = entered
            entered = []

    eif = None
    if threshold_date is not None:
        eif = shift_by_rule(threshold_date, lag_days, lag_months, eif_day)
        if not_before is not None:
            eif = max(eif, pd.Timestamp(not_before))

    parties = _parties(ev, threshold_date, eif, later_party_lag_days, lag_days, lag_months,
                       eif_day)

    notes = []
    if len(undated):
        notes.append(f"{len(undated)} consent/withdrawal events without a date were not "
                     f"counted: {sorted(set(undated['participant']))}")
    if "date_precision" in ev.columns:
        cutoff = threshold_date if threshold_date is not None else ev["date"].max()
        rough = ev[ev["counts"] & (ev["date"] <= cutoff)
                   & ~ev["date_precision"].isin(["day", ""]) & ev["date_precision"].notna()]
        if len(rough):
            notes.append(f"instruments with imprecise dates used as given: "
                         f"{sorted(set(rough['participant']))}")

    return EntryIntoForce(
        threshold=threshold,
        count=len(inside),
        threshold_date=threshold_date,
        threshold_participant="; ".join(threshold_day) if threshold_date is not None else None,
        entry_into_force_date=eif,
        parties=parties,
        undated=undated,
        as_of=as_of_ts,
        threshold_day_participants=tuple(threshold_day),
        notes=tuple(notes),
    )


def _parties(ev: pd.DataFrame, threshold_date: pd.Timestamp | None, eif: pd.Timestamp | None,
             later_party_lag_days: int | None, lag_days: int | None, lag_months: int | None,
             eif_day: EifDay) -> pd.DataFrame:
    consents = ev[ev["action"] != "withdrawal"]
    first = consents.drop_duplicates("key", keep="first")
    withdrawals = ev[ev["action"] == "withdrawal"].groupby("key")["date"].max()
    parties = pd.DataFrame({
        "participant": first["participant"],
        "iso3": first["iso3"],
        "action": first["action"],
        "deposit_date": first["date"],
        "counted": first["counts"],
        "withdrawal_date": pd.to_datetime(first["key"].map(withdrawals.to_dict()))
        .astype(first["date"].dtype),
    })
    if eif is None:
        own = pd.Series(pd.NaT, index=parties.index, dtype=parties["deposit_date"].dtype)
    else:
        deposit = parties["deposit_date"]
        if later_party_lag_days is not None:
            later = deposit + pd.Timedelta(days=later_party_lag_days)
        else:
            later = deposit.map(lambda d: shift_by_rule(d, lag_days, lag_months, eif_day))
        own = later.where(deposit > threshold_date, eif).clip(lower=eif)
    parties["entry_into_force_date"] = pd.to_datetime(own)
    return parties[_PARTY_COLUMNS].reset_index(drop=True)


_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def _number(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word, _ORDINALS.get(word, 0))


def _blank(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or value == ""


def rule_from_milestone(row: Mapping[str, Any],
                        milestones: pd.DataFrame | None = None) -> dict[str, Any]:
    """Keyword arguments for :func:`entry_into_force` read from a ``treaty_milestones`` row.

    Uses ``threshold_count``; ``eif_rule_days`` when given, else the wording of ``eif_rule``
    ("three months after", "first day of the month following 3 months after", "first day of
    the sixth month after the month of deposit", "first day of the month after the 60th day
    following"); the REIO clause ("REIO ... not counted") in ``threshold_other``; "not
    earlier than N years after opening" (CWC) and "not before ... Convention EIF" (a protocol:
    its parent is the row whose ``mtdsg_no`` drops the last ``-x``, looked up in
    ``milestones``). Raises :class:`UnmodelledRule` for conditions other than a count
    (emissions, eligible parties, member-State quotas) or a rule it cannot read.

    >>> from analysis.treaties import milestones
    >>> m = milestones().set_index("treaty_id", drop=False)
    >>> rule_from_milestone(m.loc["un_cybercrime"])
    {'threshold': 40, 'lag_days': 90, 'lag_months': None, 'eif_day': 'exact', 'reio_counts': False}
    >>> rule_from_milestone(m.loc["rome"])["eif_day"]
    'first_of_next_month'
    """
    other = "" if _blank(row.get("threshold_other")) else str(row["threshold_other"])
    rule = "" if _blank(row.get("eif_rule")) else str(row["eif_rule"])
    if re.search(r"emission|CO2|eligible|member States of the Council", other, re.I):
        raise UnmodelledRule(f"{row.get('treaty_id')}: condition not modelled: {other}")
    if _blank(row.get("threshold_count")):
        raise UnmodelledRule(f"{row.get('treaty_id')}: no threshold count")

    kwargs: dict[str, Any] = {"threshold": int(row["threshold_count"]), "lag_days": None,
                              "lag_months": None, "eif_day": "exact"}
    if not _blank(row.get("eif_rule_days")):
        kwargs["lag_days"] = int(row["eif_rule_days"])
    elif m := re.search(r"first day of the month after the (\d+)\w* day following", rule):
        kwargs.update(lag_days=int(m.group(1)), eif_day="first_of_next_month")
    elif m := re.search(r"first day of the month following (\w+) months? after", rule):
        kwargs.update(lag_months=_number(m.group(1)), eif_day="first_of_next_month")
    elif m := re.search(r"first day of the (\w+) month after the month", rule):
        kwargs.update(lag_months=_number(m.group(1)), eif_day="first_of_month")
    elif m := re.match(r"(\w+) months? after", rule):
        kwargs["lag_months"] = _number(m.group(1))
    if kwargs["lag_days"] is None and not kwargs["lag_months"]:
        raise UnmodelledRule(f"{row.get('treaty_id')}: cannot read the rule {rule!r}")

    kwargs["reio_counts"] = not re.search(r"REIO.*not counted", other)
    if m := re.search(r"not earlier than (\w+) years? after opening", other):
        opened = pd.Timestamp(row["opened_for_signature_date"])
        kwargs["not_before"] = opened + pd.DateOffset(years=_number(m.group(1)))
    if re.search(r"not before (the )?(EIF of the )?Convention", other):
        if milestones is None:
            raise ValueError(f"{row.get('treaty_id')}: needs `milestones` to find the parent "
                             "convention's entry-into-force date")
        parent_no = str(row["mtdsg_no"]).rsplit("-", 1)[0]
        parent = milestones[milestones["mtdsg_no"] == parent_no]
        if len(parent) != 1:
            raise ValueError(f"{row.get('treaty_id')}: parent {parent_no} not found once")
        kwargs["not_before"] = pd.Timestamp(parent["entry_into_force_date"].iloc[0])
    return kwargs


# --- cumulative curves: signatures and counting instruments by day since opening ---------
# (computation for the report's figures; the figures are in analysis.timeline_plots)

__all__ += ["cumulative_counts", "reference_curves", "with_plot_dates"]


def with_plot_dates(events: pd.DataFrame) -> pd.DataFrame:
    """The Convention's event log with one day per event, as the forecast places them.

    Rows flagged ``uncertain`` are left out; an event whose day is not known is put on the
    last day of its window (``date_latest``: the as-of rule, as :func:`analysis.status.counts`
    and :func:`analysis.forecast.forecast` count it), so a curve never shows an event before
    it certainly happened: the UK's and Sweden's signatures ("25 or 26 Oct 2025") count on the
    second signing day, and the first day shows the same total as
    :func:`analysis.participation.day_one_signatures`. Adds ``plot_precision``: ``day`` or
    ``window``.

    >>> ev = pd.DataFrame({"participant": ["Q"], "iso3": ["QAT"], "action": ["ratification"],
    ...     "date": pd.to_datetime(["2026-02-01"]), "date_precision": ["month"],
    ...     "date_earliest": pd.to_datetime(["2026-02-01"]),
    ...     "date_latest": pd.to_datetime(["2026-02-28"]), "uncertain": [False]})
    >>> str(with_plot_dates(ev)["date"].iloc[0].date())
    '2026-02-28'
    """
    ev = events[~events["uncertain"].astype(bool)].copy()
    lo, hi = ev["date_earliest"], ev["date_latest"]
    exact = ev["date_precision"].eq("day") & ev["date"].notna()
    # A window's middle (floored) put "25 or 26 Oct" signatures on the first day: 68 on day
    # one in the curve against 66 certain everywhere else.
    placed = ev["date"].where(exact, hi)
    placed = placed.where(placed.notna(), hi.where(hi.notna(), lo))
    ev["plot_precision"] = np.where(exact, "day", "window")
    ev["date"] = pd.to_datetime(placed)
    return ev.reset_index(drop=True)


def cumulative_counts(events: pd.DataFrame, opened: Any, treaty: str, *,
                      rule: Mapping[str, Any] | None = None, threshold: int | None = None,
                      max_day: int | None = None) -> pd.DataFrame:
    """Cumulative signatories and counting instruments by day since opening (change points).

    ``events`` has the shared event-log shape; which instruments count (REIO rule, one per
    participant) is decided by :func:`analysis.timeline.entry_into_force` with ``rule``
    (or ``threshold`` and the engine's defaults). Signatures count each participant once,
    the European Union included. Undated events are left out. Returns ``treaty, series,
    day, date, count`` with one row per day on which a count changes (``day <= max_day``);
    ``attrs``: ``threshold``, ``threshold_day`` (None if not reached), ``opened``.

    >>> ev = pd.DataFrame({"participant": ["A", "EU"], "iso3": ["AAA", "EUU"],
    ...     "action": ["ratification", "approval"],
    ...     "date": pd.to_datetime(["2020-01-11", "2020-01-12"])})
    >>> out = cumulative_counts(ev, "2020-01-01", "X", threshold=1)
    >>> out["count"].tolist(), out.attrs["threshold_day"]
    ([1], 10)
    """
    opened = pd.Timestamp(opened)
    kwargs = dict(rule or {})
    if threshold is not None:
        kwargs["threshold"] = threshold
    engine = entry_into_force(events, **kwargs)
    dated = events[events["date"].notna()]
    sig = dated[dated["action"] == "signature"]
    sig = sig.assign(key=sig["iso3"].where(sig["iso3"].fillna("") != "", sig["participant"]))
    first_sig = sig.sort_values("date").drop_duplicates("key")["date"]
    inst = engine.parties.loc[engine.parties["counted"], "deposit_date"]
    frames = []
    for series, dates in (("signatures", first_sig), ("instruments", inst)):
        days = ((pd.to_datetime(dates) - opened).dt.days).sort_values()
        per_day = days.value_counts().sort_index()
        frame = pd.DataFrame({"treaty": treaty, "series": series,
                              "day": per_day.index.astype(int),
                              "count": per_day.cumsum().to_numpy(int)})
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    if max_day is not None:
        out = out[out["day"] <= max_day]
    out["date"] = opened + pd.to_timedelta(out["day"], unit="D")
    out = out[["treaty", "series", "day", "date", "count"]].reset_index(drop=True)
    out.attrs.update({
        "threshold": engine.threshold, "opened": opened,
        "threshold_day": None if engine.threshold_date is None
        else int((engine.threshold_date - opened).days),
    })
    return out


def reference_curves(refs: Mapping[str, str], *, max_day: int | None = None) -> pd.DataFrame:
    """:func:`cumulative_counts` of reference treaties, each under its own rule.

    ``refs`` maps a label (the ``treaty`` column, e.g. ``"UNTOC"``) to a ``treaty_id`` of
    :func:`analysis.treaties.milestones`; the rule is :func:`rule_from_milestone` of that row
    and the curves start at its ``opened_for_signature_date``. Returns the frames
    concatenated in the order of ``refs``; ``attrs["thresholds"]``: label ->
    ``(threshold, threshold_day)``.

    >>> c = reference_curves({"UNTOC": "untoc", "UNCAC": "uncac"}, max_day=1826)
    >>> c.attrs["thresholds"]
    {'UNTOC': (40, 931), 'UNCAC': (30, 646)}
    >>> sorted(set(c["treaty"])), int(c["day"].max()) <= 1826
    (['UNCAC', 'UNTOC'], True)
    """
    milestones = treaties.milestones().set_index("treaty_id", drop=False)
    curves, thresholds = [], {}
    for label, treaty_id in refs.items():
        row = milestones.loc[treaty_id]
        c = cumulative_counts(treaties.events(treaty_id), row["opened_for_signature_date"],
                              label, rule=rule_from_milestone(row, milestones),
                              max_day=max_day)
        curves.append(c)
        thresholds[label] = (c.attrs["threshold"], c.attrs["threshold_day"])
    out = pd.concat(curves, ignore_index=True)
    out.attrs = {"thresholds": thresholds}
    return out
