"""Reference treaties: milestone table and per-participant signature/consent tables.

Loads ``data/raw/treaties/`` (see ``PROVENANCE.md`` there and each file's ``.meta.json``) and
shapes it; no logic beyond shaping. The entry-into-force rules live in :mod:`analysis.timeline`.

- :func:`milestones`: one row per reference treaty (plus the target, ``un_cybercrime``).
- :func:`treaty_ids`: treaties that have a per-participant table.
- :func:`participants`: that table, dates parsed, ISO3 added.
- :func:`events`: the same facts in the shared event-log shape (docs/CONVENTIONS.md).

Every participant name must resolve through :func:`analysis.names.normalise`; an unmatched
name raises ``ValueError`` (nothing is dropped silently). Genuinely dissolved states would be
listed in :data:`DISSOLVED_STATES` and kept with ``iso3 == ""``; none occur in the bundled
tables.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from analysis.datafiles import data_path, read_table

__all__ = [
    "CONSENT_ACTIONS",
    "DISSOLVED_STATES",
    "EVENT_COLUMNS",
    "events",
    "milestones",
    "participants",
    "treaty_ids",
]

#: Columns of the shared event-log shape, plus ``treaty_id`` (docs/CONVENTIONS.md).
EVENT_COLUMNS = [
    "participant", "iso3", "action", "date", "date_precision", "source_url", "confidence",
    "note", "treaty_id",
]

#: ``consent_type`` in the participant tables -> ``action`` in the event log.
#: UNTC codes: a = accession, A = acceptance, AA = approval, d = succession,
#: c = formal confirmation; an unmarked date is usually a ratification.
CONSENT_ACTIONS = {
    "ratification": "ratification",
    "acceptance": "acceptance",
    "approval": "approval",
    "accession": "accession",
    "succession": "succession",
    "formal confirmation": "formal_confirmation",
    # IEADB (Minamata) does not distinguish the four types. It is recorded as "ratification",
    # with the original wording in ``note``. The four types count alike under every rule.
    'ratification/acceptance/approval/accession (IEADB "crat"; type not distinguished)':
        "ratification",
}

#: Names of states that no longer exist, kept with ``iso3 == ""`` and a note instead of
#: failing. Name -> note. Empty: no dissolved state appears in the bundled tables
#: (UNTC lists predecessor actions such as the GDR's or Czechoslovakia's only in footnotes).
DISSOLVED_STATES: dict[str, str] = {}

_MILESTONE_DATES = [
    "adopted_date", "opened_for_signature_date", "threshold_reached_date",
    "entry_into_force_date",
]
_MILESTONE_COUNTS = [
    "threshold_count", "eif_rule_days", "signatories_at_opening", "signatories_total",
    "parties_total", "days_open_to_threshold", "days_open_to_eif",
]
_TABLE_NOTES = {
    "paris": "openclimatedata table: latest instrument per participant, earlier ones may be "
             "missing",
}


def _dates(values: pd.Series) -> pd.Series:
    """ISO dates as text ("" = unknown) -> datetime64[ns] with NaT; anything else raises.

    Nanoseconds, as every table of the package (pandas 3 would parse text to microseconds).
    """
    return pd.to_datetime(values.replace("", None), format="%Y-%m-%d",
                          errors="raise").astype("datetime64[ns]")


def milestones() -> pd.DataFrame:
    """The treaty milestone table: one row per treaty, dates parsed, counts as ``Int64``.

    Date columns (``adopted_date``, ``opened_for_signature_date``, ``threshold_reached_date``,
    ``entry_into_force_date``) are datetime64 with NaT where blank; count columns
    (``threshold_count``, ``eif_rule_days``, ``signatories_*``, ``parties_total``,
    ``days_open_to_*``) are nullable ``Int64``; everything else stays text.

    >>> m = milestones().set_index("treaty_id")
    >>> int(m.loc["untoc", "threshold_count"]), str(m.loc["untoc", "entry_into_force_date"].date())
    (40, '2003-09-29')
    """
    df = read_table(data_path("raw", "treaties", "treaty_milestones.csv"))
    for col in _MILESTONE_DATES:
        df[col] = _dates(df[col])
    for col in _MILESTONE_COUNTS:
        df[col] = pd.to_numeric(df[col].replace("", None), errors="raise").astype("Int64")
    return df


def treaty_ids() -> list[str]:
    """Ids of the treaties with a per-participant table (file names in ``participants/``).

    >>> "untoc" in treaty_ids() and "paris" in treaty_ids()
    True
    """
    folder = data_path("raw", "treaties", "participants")
    return sorted(p.stem for p in folder.glob("*.csv"))


def _iso3_for(names: pd.Series) -> pd.Series:
    """ISO3 for each name via one vectorised ``analysis.names.normalise`` call; fail loudly."""
    from analysis.names import normalise

    unique = list(dict.fromkeys(names))
    out = normalise(unique)
    if len(out) != len(unique):
        raise ValueError(f"names.normalise returned {len(out)} rows for {len(unique)} names")
    codes = {}
    unmatched = []
    for name, iso3, status in zip(unique, out["iso3"], out["status"], strict=True):
        if status == "matched" and isinstance(iso3, str) and iso3:
            codes[name] = iso3
        elif name in DISSOLVED_STATES:
            codes[name] = ""
        else:
            unmatched.append(name)
    if unmatched:
        raise ValueError(f"participant names not matched to ISO3: {unmatched}")
    return names.map(codes)


@cache
def _participants(treaty_id: str) -> pd.DataFrame:
    if treaty_id not in treaty_ids():
        raise ValueError(f"no participant table for {treaty_id!r}; known: {treaty_ids()}")
    df = read_table(data_path("raw", "treaties", "participants", f"{treaty_id}.csv"))
    unknown = sorted(set(df["consent_type"]) - set(CONSENT_ACTIONS) - {""})
    if unknown:
        raise ValueError(f"{treaty_id}: unknown consent_type values {unknown}")
    df["signature_date"] = _dates(df["signature_date"])
    df["consent_date"] = _dates(df["consent_date"])
    df.insert(1, "iso3", _iso3_for(df["participant"]))
    df.insert(0, "treaty_id", treaty_id)
    return df


def participants(treaty_id: str) -> pd.DataFrame:
    """One treaty's participant table: one row per participant, dates parsed, ``iso3`` added.

    Columns: ``treaty_id, participant, iso3, signature_date, consent_date, consent_type,
    source_url, signature_code, raw_signature, raw_consent, source_snapshot``. The raw UNTC
    strings are kept. Raises ``ValueError`` for an unknown ``treaty_id`` or an unmatched name.

    >>> p = participants("untoc")
    >>> p.loc[p["participant"] == "Albania", ["iso3", "consent_type"]].values.tolist()
    [['ALB', 'ratification']]
    """
    return _participants(treaty_id).copy()


def events(treaty_id: str) -> pd.DataFrame:
    """One treaty's participant table as an event log (shape in docs/CONVENTIONS.md).

    One row per signature and one per consent instrument; ``action`` comes from
    ``consent_type`` via :data:`CONSENT_ACTIONS` (``formal confirmation`` becomes
    ``formal_confirmation``). Dates are day-precise; ``confidence`` is ``official``
    (UNTC, or IEADB for Minamata). A "succession to signature" is a ``signature`` with that
    note. Rows are sorted by date, then participant; undated rows (none in the bundled
    tables) would come last with ``date_precision == "unknown"``.

    >>> e = events("untoc")
    >>> sorted(e["action"].unique())[:3]
    ['accession', 'approval', 'ratification']
    >>> e.loc[e["iso3"] == "EUU", "action"].tolist()
    ['signature', 'approval']
    """
    p = _participants(treaty_id)
    table_note = _TABLE_NOTES.get(treaty_id, "")

    sig = p[p["signature_date"].notna()]
    signatures = pd.DataFrame({
        "participant": sig["participant"],
        "iso3": sig["iso3"],
        "action": "signature",
        "date": sig["signature_date"],
        "note": sig["signature_code"],  # "succession to signature" or ""
        "source_url": sig["source_url"],
    })

    con = p[(p["consent_type"] != "") | p["consent_date"].notna()]
    if (con["consent_type"] == "").any():
        bad = con.loc[con["consent_type"] == "", "participant"].tolist()
        raise ValueError(f"{treaty_id}: consent dates without a consent type: {bad}")
    action = con["consent_type"].map(CONSENT_ACTIONS)
    remapped = con["consent_type"].str.replace(" ", "_") != action
    con_notes = ("consent type as recorded: " + con["consent_type"]).where(remapped, "")
    consents = pd.DataFrame({
        "participant": con["participant"],
        "iso3": con["iso3"],
        "action": action,
        "date": con["consent_date"],
        "note": con_notes,
        "source_url": con["source_url"],
    })
    if table_note:
        consents["note"] = consents["note"].where(
            consents["note"] == "", consents["note"] + "; ") + table_note

    out = pd.concat([signatures, consents], ignore_index=True)
    dissolved = out["participant"].map(lambda name: DISSOLVED_STATES.get(name, ""))
    out["note"] = out["note"].where(dissolved == "", (out["note"] + " " + dissolved).str.strip())
    out["date_precision"] = out["date"].notna().map({True: "day", False: "unknown"})
    out["confidence"] = "official"
    out["treaty_id"] = treaty_id
    out = out.sort_values(["date", "participant", "action"], na_position="last", kind="stable")
    return out[EVENT_COLUMNS].reset_index(drop=True)
