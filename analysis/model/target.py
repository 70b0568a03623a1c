"""The Hanoi Convention's problem from the status data: deposits, domestic ratifications,
known_count, what-ifs."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis import status as _status
from analysis import timeline
from analysis.dates import parse_date
from analysis.model.history import _reio_codes, opened_date
from analysis.model.simulation import EARLY_PROPENSITY, Problem

__all__ = ["DOMESTIC_MODES", "consent_stages"]

def _mid(lo: pd.Timestamp, hi: pd.Timestamp, fallback: pd.Timestamp) -> pd.Timestamp:
    if pd.notna(lo) and pd.notna(hi):
        return lo + (hi - lo) / 2
    return fallback if pd.notna(fallback) else (lo if pd.notna(lo) else hi)


@cache
def _status_snapshot(as_of: pd.Timestamp, data_dir: str | Path | None = None
                     ) -> tuple[pd.DataFrame, Any, pd.DataFrame]:
    """The status module's event log, counts and known unknowns (cached per as_of and
    data_dir, the status data snapshot: None = the bundled ``data/``)."""
    return (_status.events(data_dir=data_dir), _status.counts(as_of, data_dir=data_dir),
            _status.known_unknowns(data_dir=data_dir))


#: How consents reported as ratified at home without a known deposit are treated.
DOMESTIC_MODES = ("early", "waiting", "deposited")


def consent_stages(events: pd.DataFrame) -> pd.Series:
    """Each consent row's stage: ``deposited`` or ``domestic`` (see the status vocabulary).

    Uses the event log's ``stage`` column when it has one; older logs without it are read
    by the rule it replaces: a consent is deposited when its date is an official day.

    >>> ev = pd.DataFrame({"action": ["ratification", "ratification"],
    ...                    "confidence": ["official", "secondary"],
    ...                    "date_precision": ["day", "month"]})
    >>> consent_stages(ev).tolist()
    ['deposited', 'domestic']
    """
    if "stage" in events.columns:
        return events["stage"].fillna("").astype(str)
    official = (events["confidence"] == "official") & (events["date_precision"] == "day")
    return pd.Series(np.where(official, "deposited", "domestic"), index=events.index)


def _end_of(as_of_text: str) -> pd.Timestamp:
    return (pd.Timestamp(as_of_text) + pd.offsets.MonthEnd(0) if len(as_of_text) == 7
            else pd.Timestamp(as_of_text))


def _target_problem(as_of: pd.Timestamp, domestic: str,
                    extra: Sequence[tuple[str, Any]], universe: Sequence[str],
                    rule: dict[str, Any], data_as_of: Any,
                    data_dir: str | Path | None = None, known_count: int | None = None,
                    propensity: dict[str, float] | None = None,
                    ) -> tuple[Problem, list[str], dict[str, Any]]:
    """The Hanoi Convention's problem from :mod:`analysis.status` (and what-ifs)."""
    notes: list[str] = []
    opened = opened_date()
    ev, cnt, ku = _status_snapshot(as_of, data_dir)
    ev = ev[~ev["uncertain"]]
    info = cnt.attrs["data_as_of"]
    complete_to = pd.Timestamp(info["complete_to"])
    rep_p = cnt.reported_parties
    rep_s = cnt.reported_signatories
    t_info = complete_to
    if rep_p is not None:
        t_info = max(t_info, _end_of(rep_p.as_of))
    t_sig = complete_to
    if rep_s is not None:
        t_sig = max(t_sig, _end_of(rep_s.as_of))
    if data_as_of is not None:
        t_info = t_sig = parse_date(data_as_of, name="data_as_of")
    t_info, t_sig = min(t_info, as_of), min(t_sig, as_of)
    t_sig = max(t_sig, t_info)
    data_info = t_info
    if known_count is not None:
        t_info = as_of
        t_sig = max(t_sig, t_info)

    # who signed, who consented, with dates as windows
    ev = ev[ev["date_earliest"].isna() | (ev["date_earliest"] <= as_of)]
    sig = ev[ev["action"] == "signature"]
    sig = sig[sig["date_latest"].fillna(sig["date_earliest"]) <= t_sig]
    sig_day = {r.iso3: _mid(r.date_earliest, r.date_latest, r.date) for r in sig.itertuples()}
    con = ev[ev["action"].isin(timeline.CONSENT_ACTIONS)]
    con = con[con["date_latest"].fillna(con["date_earliest"]) <= data_info]
    stage = consent_stages(con)
    deposited, dom = con[stage == "deposited"], con[stage != "deposited"]
    dom = dom.sort_values("date_latest", kind="stable")
    names = sorted(dom["participant"])
    # prose, not a Python list: notes are read by people in the reports
    dom_names = (", ".join(names[:-1]) + " and " + names[-1]) if len(names) > 1 else "".join(names)
    counted_dom = dom.iloc[0:0]
    early: set[str] = set()
    if known_count is not None:
        if known_count < len(deposited):
            raise ValueError(f"known_count={known_count} is below the {len(deposited)} "
                             "deposits already in the data")
        if known_count >= rule["threshold"]:
            raise ValueError(f"known_count={known_count} reaches the threshold of "
                             f"{rule['threshold']}: the date is then the rule engine's "
                             "(analysis.timeline.entry_into_force), not a forecast")
        counted_dom = dom.iloc[:known_count - len(deposited)]
        if domestic == "early":
            early = set(dom["iso3"].iloc[len(counted_dom):])
    elif domestic == "deposited":
        counted_dom = dom
        if len(dom):
            notes.append(f"scenario: the consents of {dom_names}, "
                         "reported as ratified at home with no deposit found, are counted "
                         "as deposited within their documented windows")
    elif len(dom):
        early = set(dom["iso3"]) if domestic == "early" else set()
        notes.append(
            f"{len(dom)} consents are reported as ratified at home with no deposit with the "
            f"UN found ({dom_names}): they do not count; "
            + ("they are simulated as pending deposits at the front of the queue (latent "
               f"propensity {EARLY_PROPENSITY}, about the first 2 % of waiting signatories), "
               "as likely early deposits" if domestic == "early" else
               "they are simulated as ordinary waiting signatories")
            + "; a scenario counts them as deposited")

    # the rule engine decides what counts (REIO rule, one instrument per state)
    log = pd.concat([deposited, counted_dom])
    log = log.assign(date=log["date_latest"].fillna(log["date_earliest"]))
    extra_rows = []
    for iso3, when in extra:
        extra_rows.append({"participant": iso3, "iso3": iso3, "action": "ratification",
                           "date": parse_date(when, name="extra_instruments date"),
                           "date_precision": "day"})
    extra_log = pd.DataFrame(extra_rows, columns=["participant", "iso3", "action", "date",
                                                  "date_precision"])
    full = pd.concat([log[extra_log.columns], extra_log], ignore_index=True)
    known_res = timeline.entry_into_force(full, as_of=t_info, **rule)
    all_res = timeline.entry_into_force(full, threshold=10_000,
                                        **{k: v for k, v in rule.items() if k != "threshold"})
    counted = all_res.parties.set_index("iso3")["counted"].to_dict()
    consented_iso = set(log["iso3"])
    extra_days, pace_a, pace_b = [], [], []
    # Pace evidence: one observation per deposit day. A bloc depositing together (the EU's
    # member States on one day) is one decision, not that many independent draws of the
    # treaty's pace; counted one by one it pulls every other state's deposit before the bloc's.
    pace_days: set[pd.Timestamp] = set()
    for iso3, when in extra:
        when = parse_date(when, name="extra_instruments date")
        if iso3 in consented_iso:
            notes.append(f"what-if {iso3} {when.date()}: already counted; one instrument per "
                         "state, so it adds nothing")
        elif not counted.get(iso3, False):
            notes.append(f"what-if {iso3} {when.date()}: a regional economic integration "
                         "organization's instrument does not count toward art. 65(1); it "
                         "adds nothing")
        elif when > t_info:
            extra_days.append(float((when - opened).days))
            if when in pace_days:
                continue
            pace_days.add(when)
            if iso3 in sig_day:
                pace_a.append(max(float((when - sig_day[iso3]).days), 0.0))
            else:
                pace_b.append(float((when - opened).days))
    if pace_a or pace_b:
        notes.append(f"what-ifs as information on the pace: deposits on {len(pace_days)} "
                     "day(s) reweight the treaty's pace (the other states deposit sooner too), "
                     "not only the count; deposits on one day count once")
    extra_iso = {i for i, _ in extra}

    known = known_res.count
    threshold_day = None
    if known_res.reached:
        threshold_day = float((known_res.threshold_date - opened).days)

    reio = set(_reio_codes())
    a_iso, a_sig = [], []
    for iso3, day in sig_day.items():
        if iso3 in consented_iso or iso3 in extra_iso or iso3 in reio:
            continue
        a_iso.append(iso3)
        a_sig.append(float((day - opened).days))
    done_wait = [max(float((t_info - sig_day[i]).days), 0.0) for i in log["iso3"]
                 if i in sig_day]
    if known_count is not None:
        missing = known_count - known
        if missing > 0:
            # the unnamed depositors: the likeliest waiting signatories (lowest latent
            # propensity = earliest on the reference treaties), said in the notes
            pm = propensity or {}
            order = sorted(range(len(a_iso)), key=lambda i: (a_iso[i] in early and -1 or 0,
                                                              pm.get(a_iso[i], 0.0), a_iso[i]))
            if missing > len(order):
                raise ValueError(f"known_count={known_count}: only {known + len(order)} "
                                 "signatories could have deposited")
            chosen = sorted(order[:missing])
            picked = [a_iso[i] for i in chosen]
            done_wait += [max(float((t_info - opened).days) - a_sig[i], 0.0)
                          for i in chosen]
            keep = [i for i in range(len(a_iso)) if i not in set(chosen)]
            a_iso, a_sig = [a_iso[i] for i in keep], [a_sig[i] for i in keep]
            early -= set(picked)
            known = known_count
            notes.append(
                f"conditioned on known_count={known_count}: {known_count} qualifying "
                f"instruments deposited as of {as_of.date()} (the information date); "
                f"{len(deposited)} are in the data"
                + (f", {len(counted_dom)} are the reported domestic ratifications "
                   f"({sorted(counted_dom['participant'])})" if len(counted_dom) else "")
                + f", and the other {missing} are taken to be the waiting signatories with "
                "the highest propensity on the reference treaties (which ones matters little:"
                " they leave the pool of waiting states and inform the pace)")
        elif len(counted_dom):
            notes.append(f"conditioned on known_count={known_count} as of {as_of.date()}: "
                         f"the deposits in the data and the reported domestic ratifications "
                         f"of {sorted(counted_dom['participant'])}")
        else:
            notes.append(f"conditioned on known_count={known_count}: no deposit beyond the "
                         f"data as of {as_of.date()}; every other signatory has waited to "
                         "that date")
    unnamed = ku[ku["quantity"] == "signature_unidentified"]
    n_unnamed = 0
    for r in unnamed.itertuples():
        end = _end_of(r.as_of)
        if end > t_sig:
            continue
        start = pd.Timestamp(r.window_start) if r.window_start else end
        for _ in range(int(r.value)):
            a_iso.append("")
            a_sig.append(float((_mid(start, end, pd.NaT) - opened).days))
            n_unnamed += 1
    if n_unnamed:
        notes.append(f"{n_unnamed} signatories reported but not named are simulated as "
                     "signatories with the pooled propensity and the midpoint of their "
                     "signature window")
    named = set(sig_day) | consented_iso | extra_iso
    b = np.array([i for i in universe if i not in named], dtype=str)
    problem = Problem(
        opened=opened, t_info=float((t_info - opened).days), t_sig=float((t_sig - opened).days),
        threshold=int(rule["threshold"]), known=int(known),
        a_sig=np.array(a_sig, float), a_iso3=np.array(a_iso, dtype=str), b_iso3=b,
        done_wait=np.array(done_wait, float),
        extra_days=np.array(extra_days, float), threshold_day=threshold_day,
        pace_a_waits=np.array(pace_a, float), pace_b_days=np.array(pace_b, float),
        early_iso3=frozenset(early),
    )
    attrs = dict(cnt.attrs)
    attrs["complete_to"] = complete_to
    attrs["data_info_date"] = data_info
    return problem, notes, attrs
