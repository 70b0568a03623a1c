"""Treaty profiles: everything treaty-specific, in one place.

A :class:`Treaty` holds a treaty's identity (id, name, MTDSG number, UNTC addresses), its
entry-into-force rule (threshold, lag, what counts, the REIO clause, the later-party rule),
its opening and signing days, and where its status data live. The Hanoi Convention is the
default profile (:data:`DEFAULT`); every reference treaty with a row in
``data/raw/treaties/treaty_milestones.csv`` and a per-participant table is a profile too,
built from the same tables the forecast is calibrated on, so the same code answers for
UNTOC as of 2002.

>>> hanoi = get()
>>> hanoi.id, hanoi.mtdsg, hanoi.rule.threshold
('un_cybercrime', 'XVIII-16', 40)
>>> get("hanoi") is hanoi
True
>>> untoc = get("untoc")
>>> untoc.mtdsg, str(untoc.opened.date()), untoc.status_source
('XVIII-12', '2000-12-12', 'reference')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any
from urllib.parse import quote

import pandas as pd

__all__ = ["DEFAULT", "HANOI", "Rule", "Treaty", "get", "ids", "resolve"]


@dataclass(frozen=True)
class Rule:
    """An entry-into-force rule, in the terms of :func:`analysis.timeline.entry_into_force`.

    ``reio_counts`` False means a regional economic integration organisation's instrument
    (the EU's) is not counted in addition to its members' (UNCAC art. 67(3), Hanoi art. 65(1)).
    ``later_party_lag_days``: for a state consenting after the threshold, the treaty enters
    into force for it on that day after its deposit (Hanoi art. 65(2): 30th day).
    """

    threshold: int
    lag_days: int | None = 90
    lag_months: int | None = None
    eif_day: str = "exact"
    reio_counts: bool = False
    not_before: pd.Timestamp | None = None
    later_party_lag_days: int | None = 30
    counting_actions: tuple[str, ...] = ("ratification", "acceptance", "approval", "accession")

    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`analysis.timeline.entry_into_force`.

        >>> sorted(get().rule.kwargs())[:3]
        ['counting_actions', 'eif_day', 'lag_days']
        """
        out: dict[str, Any] = {"threshold": self.threshold, "lag_days": self.lag_days,
                               "lag_months": self.lag_months, "eif_day": self.eif_day,
                               "reio_counts": self.reio_counts,
                               "later_party_lag_days": self.later_party_lag_days,
                               "counting_actions": self.counting_actions}
        if self.not_before is not None:
            out["not_before"] = self.not_before
        return out


@dataclass(frozen=True)
class Treaty:
    """One treaty's profile. Build with :func:`get`; never mutate."""

    id: str
    name: str
    short_name: str
    mtdsg: str
    depositary: str
    adopted: pd.Timestamp | None
    opened: pd.Timestamp
    #: Days of the opening signing ceremony (e.g. Hanoi, 25-26 Oct 2025).
    signing_days: tuple[pd.Timestamp, ...]
    #: Last day open for signature (None when not recorded).
    signature_closes: pd.Timestamp | None
    rule: Rule
    #: "curated": the curated event log plus UNTC snapshots (``data/curated/status``,
    #: ``data/raw/untc``); "reference": the per-participant table in
    #: ``data/raw/treaties/participants/<id>.csv``.
    status_source: str
    #: Ids of treaties of the same conference or parent convention (left out together
    #: when this treaty is held out of a calibration).
    siblings: frozenset[str] = field(default_factory=frozenset)
    aliases: tuple[str, ...] = ()

    @property
    def untc_xml_url(self) -> str:
        """UNTC's MTDSG XML page for this treaty (the chapter is the MTDSG's Roman numeral).

        >>> get().untc_xml_url.endswith("Chapter%20XVIII/XVIII-16.en.xml")
        True
        """
        chapter = self.mtdsg.split("-")[0]
        return ("https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20"
                f"{quote(chapter)}/{quote(self.mtdsg)}.en.xml")

    @property
    def untc_html_url(self) -> str:
        """UNTC's ViewDetails page for this treaty.

        >>> "mtdsg_no=XVIII-16&chapter=18" in get().untc_html_url
        True
        """
        chapter = _roman_to_int(self.mtdsg.split("-")[0])
        return ("https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY"
                f"&mtdsg_no={quote(self.mtdsg)}&chapter={chapter}&clang=_en")


def _roman_to_int(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        v = values[a]
        total += -v if b in values and values[b] > v else v
    return total


_DAY = pd.Timestamp

#: The UN Convention against Cybercrime (GA res. 79/243), the default profile.
HANOI = Treaty(
    id="un_cybercrime",
    name="United Nations Convention against Cybercrime",
    short_name="Hanoi Convention",
    mtdsg="XVIII-16",
    depositary="UN Secretary-General",
    adopted=_DAY("2024-12-24"),
    opened=_DAY("2025-10-25"),
    signing_days=(_DAY("2025-10-25"), _DAY("2025-10-26")),
    signature_closes=_DAY("2026-12-31"),
    rule=Rule(threshold=40, lag_days=90, reio_counts=False, later_party_lag_days=30),
    status_source="curated",
    siblings=frozenset({"untoc", "untoc_tip", "untoc_som", "untoc_firearms", "uncac"}),
    aliases=("hanoi", "cybercrime", "XVIII-16"),
)
DEFAULT = HANOI

#: Families of reference treaties: same conference or parent convention.
_FAMILIES = (frozenset({"untoc", "untoc_tip", "untoc_som", "untoc_firearms"}),)


def _short(title: str) -> str:
    return title.split(" (")[0]


@cache
def _reference(treaty_id: str) -> Treaty:
    from analysis import timeline, treaties

    m = treaties.milestones().set_index("treaty_id", drop=False)
    if treaty_id not in m.index:
        raise KeyError(treaty_id)
    row = m.loc[treaty_id]
    kw = timeline.rule_from_milestone(row, m)
    rule = Rule(threshold=kw["threshold"], lag_days=kw["lag_days"],
                lag_months=kw["lag_months"], eif_day=kw["eif_day"],
                reio_counts=kw["reio_counts"], not_before=kw.get("not_before"))
    opened = pd.Timestamp(row["opened_for_signature_date"])
    siblings = next((f - {treaty_id} for f in _FAMILIES if treaty_id in f), frozenset())
    adopted = row["adopted_date"]
    return Treaty(
        id=treaty_id, name=str(row["title"]), short_name=_short(str(row["title"])),
        mtdsg=str(row["mtdsg_no"]), depositary=str(row["depositary"]),
        adopted=None if pd.isna(adopted) else pd.Timestamp(adopted),
        opened=opened, signing_days=(opened,), signature_closes=None, rule=rule,
        status_source="reference", siblings=frozenset(siblings),
    )


def ids() -> list[str]:
    """Every profile id: the default first, then the reference treaties with a table.

    >>> ids()[0], "untoc" in ids()
    ('un_cybercrime', True)
    """
    from analysis import treaties

    profiled = set(treaties.milestones()["treaty_id"])
    return [HANOI.id] + [t for t in treaties.treaty_ids() if t in profiled and t != HANOI.id]


def get(treaty: str | Treaty | None = None) -> Treaty:
    """The profile for an id, alias or MTDSG number (None -> the Hanoi Convention).

    Raises ``ValueError`` naming the known ids when the treaty is unknown or its rule
    cannot be modelled (a condition other than a count of instruments).

    >>> get("XVIII-16").short_name
    'Hanoi Convention'
    >>> get("atlantis")
    Traceback (most recent call last):
    ...
    ValueError: unknown treaty 'atlantis'; known: un_cybercrime (hanoi), att, bombings, ...
    """
    if treaty is None:
        return DEFAULT
    if isinstance(treaty, Treaty):
        return treaty
    key = str(treaty).strip()
    if key == HANOI.id or key.casefold() in {a.casefold() for a in HANOI.aliases}:
        return HANOI
    from analysis import timeline

    known = ids()
    by_mtdsg = _mtdsg_index()
    key = by_mtdsg.get(key, key.casefold())
    if key not in known:
        shown = ", ".join(known[1:4])
        raise ValueError(f"unknown treaty {str(treaty)[:200]!r}; known: {HANOI.id} (hanoi), "
                         f"{shown}, ... ({len(known)} in all: analysis.treaty.ids())")
    try:
        return _reference(key)
    except timeline.UnmodelledRule as exc:
        raise ValueError(f"treaty {key!r} has an entry-into-force rule that is not a count "
                         f"of instruments and cannot be profiled: {exc}") from None


@cache
def _mtdsg_index() -> dict[str, str]:
    from analysis import treaties

    m = treaties.milestones()
    return {str(no): str(tid) for no, tid in zip(m["mtdsg_no"], m["treaty_id"], strict=True)
            if no and tid != HANOI.id}


def resolve(treaty: str | Treaty | None) -> Treaty:
    """Alias of :func:`get`, for functions that take ``treaty=``.

    >>> resolve(None) is DEFAULT
    True
    """
    return get(treaty)
