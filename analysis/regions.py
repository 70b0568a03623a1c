"""Regions and memberships: UN M49 regions, UN regional groups, and groupings with dates.

Three sources, each under its own licence, joined only here at run time:

- ``m49()``: UN M49 region, sub-region and intermediate region (``derived/regions/m49.csv``,
  CC BY-SA 4.0, UNSD via the lukes mirror);
- ``un_groups()``: UN regional groups (``derived/regions/un_groups.csv``, ODbL-1.0, from the npm
  package world-countries with curated overrides for the United States, Israel, Türkiye,
  Kiribati, Palestine and the Holy See);
- ``memberships()``: one row per (state, grouping) with joined/left dates and a source: EU, ASEAN,
  G7, G20, BRICS and African Union (``curated/regions/memberships.csv``), and parties to UNTOC
  and UNCAC, read from ``raw/treaties/participants/{untoc,uncac}.csv``. These are UNTC scrapes
  of 2014-15, so later parties are missing.

``join()`` adds all of them to any table with an ISO3 column. The European Union (``EUU``) has
no M49 region and no UN group; it appears only in memberships (e.g. G7, G20, UNTOC).
Kosovo (``XKX``) is in none of the region tables.

>>> from analysis import regions
>>> regions.m49().set_index("iso3").loc["NAM", "region"]
'Africa'
"""

from __future__ import annotations

__all__ = [
    "GROUPINGS", "LEVELS", "MEMBERSHIP_COLUMNS", "TREATY_GROUPINGS", "groupings", "join",
    "m49", "memberships", "region_members", "un_groups", "un_member_names",
]

import datetime as dt
import warnings
from functools import cache
from typing import TYPE_CHECKING, Any

from analysis.datafiles import data_path, provenance, read_table

if TYPE_CHECKING:
    import pandas as pd

M49_FILE = ("derived", "regions", "m49.csv")
UN_GROUPS_FILE = ("derived", "regions", "un_groups.csv")
MEMBERSHIPS_FILE = ("curated", "regions", "memberships.csv")
UN_MEMBERS_FILE = ("curated", "regions", "un_members.csv")
TREATY_DIR = ("raw", "treaties", "participants")
#: Treaty groupings read at run time: grouping id -> participants file stem.
TREATY_GROUPINGS = {"untoc": "untoc", "uncac": "uncac"}
#: Every grouping, in the order of the ``member_*`` columns added by :func:`join`.
GROUPINGS = ["eu", "untoc", "uncac", "g7", "g20", "brics", "asean", "au"]
MEMBERSHIP_COLUMNS = ["iso3", "grouping", "joined", "left", "source_url", "note"]
LEVELS = ("region", "sub_region", "intermediate_region", "un_group")

def _sidecar(parts: tuple[str, ...]) -> dict[str, Any]:
    meta = provenance(data_path(*parts))
    return {
        "path": "/".join(parts),
        "source": meta.get("source", ""),
        "url": meta.get("url", ""),
        "licence": meta.get("licence", ""),
        "version": meta.get("version", ""),
    }


@cache
def _m49() -> pd.DataFrame:
    df = read_table(data_path(*M49_FILE))
    df.attrs["sources"] = {"m49": _sidecar(M49_FILE)}
    return df


def m49() -> pd.DataFrame:
    """UN M49 geography: one row per country or area, every column text.

    Columns: ``iso3, iso2, m49_code, name, region, region_code, sub_region, sub_region_code,
    intermediate_region, intermediate_region_code``. Codes are zero-padded ("002", "015");
    empty strings where M49 has no (intermediate) region. Licence CC BY-SA 4.0 (``attrs``).

    >>> row = m49().set_index("iso3").loc["DZA"]
    >>> row["region_code"], row["sub_region"], row["sub_region_code"]
    ('002', 'Northern Africa', '015')
    """
    return _m49().copy()


@cache
def _un_groups() -> pd.DataFrame:
    df = read_table(data_path(*UN_GROUPS_FILE))
    df["un_member"] = df["un_member"].map({"true": True, "false": False}).astype(bool)
    df.attrs["sources"] = {"un_groups": _sidecar(UN_GROUPS_FILE)}
    return df


def un_groups() -> pd.DataFrame:
    """UN regional groups: the 193 Member States plus the observer States PSE and VAT.

    Columns: ``iso3, name, un_member`` (bool), ``un_group`` (group used for electoral purposes,
    "" for none), ``un_group_code`` (AG, APG, EEG, GRULAC, WEOG), ``un_group_membership``
    (member / observer / none), ``un_group_also``, ``un_group_note``, ``un_group_source``.
    Licence ODbL-1.0 (``attrs``).

    >>> g = un_groups().set_index("iso3")
    >>> g.loc["USA", ["un_group_code", "un_group_membership"]].tolist()
    ['WEOG', 'observer']
    """
    return _un_groups().copy()


def _treaty_memberships(grouping: str) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    import pandas as pd

    from analysis import treaties

    parts = (*TREATY_DIR, f"{TREATY_GROUPINGS[grouping]}.csv")
    if not data_path(*parts).exists():
        warnings.warn(f"{'/'.join(parts)} is missing: no {grouping} memberships", stacklevel=3)
        return None
    # participants() resolves every name through analysis.names and fails on any it cannot.
    raw = treaties.participants(TREATY_GROUPINGS[grouping])
    raw = raw[raw["consent_date"].notna()]
    meta = _sidecar(parts)
    vintage = meta["version"] or "see sidecar"
    note = (raw["consent_type"] + " (UNTC table scraped 2014-15, " + vintage
            + "; later parties missing)")
    out = pd.DataFrame({
        "iso3": raw["iso3"].to_numpy(), "grouping": grouping,
        "joined": raw["consent_date"].dt.strftime("%Y-%m-%d").to_numpy(),
        "left": "", "source_url": raw["source_url"].to_numpy(), "note": note.to_numpy(),
    })
    return out, meta


@cache
def _memberships() -> pd.DataFrame:
    import pandas as pd

    curated = read_table(data_path(*MEMBERSHIPS_FILE))
    frames, sources = [curated[MEMBERSHIP_COLUMNS]], {"memberships": _sidecar(MEMBERSHIPS_FILE)}
    for grouping in TREATY_GROUPINGS:
        got = _treaty_memberships(grouping)
        if got is not None:
            frames.append(got[0])
            sources[grouping] = got[1]
    df = pd.concat(frames, ignore_index=True)
    order = {g: i for i, g in enumerate(GROUPINGS)}
    df = df.sort_values(["grouping", "iso3"], key=lambda s: s.map(order) if s.name == "grouping"
                        else s).reset_index(drop=True)
    for col in ("joined", "left"):
        df[col] = pd.to_datetime(df[col].replace("", None), format="%Y-%m-%d")
    df.attrs["sources"] = sources
    return df


def memberships(grouping: str | None = None) -> pd.DataFrame:
    """Memberships as a tidy table: ``iso3, grouping, joined, left, source_url, note``.

    ``joined``/``left`` are datetimes (NaT when no date is recorded; an empty ``left`` means
    still a member). ``grouping`` filters to one of :func:`groupings`. UNTOC and UNCAC rows are
    parties (consent date = ``joined``) from UNTC scrapes of 2014-15.

    >>> eu = memberships("eu")
    >>> int(eu["left"].isna().sum()), str(eu.set_index("iso3").loc["GBR", "left"].date())
    (27, '2020-01-31')
    """
    df = _memberships()
    if grouping is not None:
        if grouping not in GROUPINGS:
            raise ValueError(f"unknown grouping {grouping!r}; choose from {GROUPINGS}")
        out = df[df["grouping"] == grouping].reset_index(drop=True)
        out.attrs = {"sources": {k: v for k, v in df.attrs["sources"].items()
                                 if k in (grouping, "memberships")}}
        return out
    return df.copy()


def groupings() -> list[str]:
    """Ids of the groupings available in :func:`memberships`, in ``join`` column order.

    >>> groupings()[:3]
    ['eu', 'untoc', 'uncac']
    """
    present = set(_memberships()["grouping"])
    return [g for g in GROUPINGS if g in present]


def _members_at(grouping: str, as_of: dt.date | None) -> set[str]:
    import pandas as pd

    df = _memberships()
    df = df[df["grouping"] == grouping]
    if as_of is None:
        current = df["left"].isna()
    else:
        ts = pd.Timestamp(as_of)
        current = (df["joined"].isna() | (df["joined"] <= ts)) & (df["left"].isna()
                                                                  | (df["left"] > ts))
    return set(df.loc[current, "iso3"])


def join(df: pd.DataFrame, iso3_col: str = "iso3", *, how: str = "left",
         as_of: dt.date | str | None = None) -> pd.DataFrame:
    """Add M49 regions, the UN regional group and one ``member_<grouping>`` column per grouping.

    Added columns: ``region, region_code, sub_region, sub_region_code, intermediate_region,
    intermediate_region_code, un_group, un_group_code, un_group_membership`` and ``member_eu,
    member_untoc, ...`` (bool). Codes are matched case-insensitively; unknown codes (e.g.
    ``EUU``, ``XKX``) get "" in the text columns.
    ``how="left"`` keeps every row, its order and its index; ``how="inner"`` keeps only
    rows whose ISO3 code has an M49 region. ``as_of`` (a date) gives memberships at that
    date instead of the current ones (undated rows count as members). The result's
    ``attrs["sources"]`` holds the path, source and licence of every input.

    >>> import pandas as pd
    >>> out = join(pd.DataFrame({"iso3": ["NAM", "GBR"]}))
    >>> out[["region", "un_group_code", "member_eu"]].values.tolist()
    [['Africa', 'AG', False], ['Europe', 'WEOG', False]]
    """
    if how not in ("left", "inner"):
        raise ValueError("how must be 'left' or 'inner'")
    if iso3_col not in df.columns:
        raise KeyError(f"no column {iso3_col!r}")
    geo = _m49().set_index("iso3")
    grp = _un_groups().set_index("iso3")
    geo_cols = ["region", "region_code", "sub_region", "sub_region_code",
                "intermediate_region", "intermediate_region_code"]
    grp_cols = ["un_group", "un_group_code", "un_group_membership"]
    names = groupings()
    added = geo_cols + grp_cols + [f"member_{g}" for g in names]
    if clash := [c for c in added if c in df.columns]:
        raise ValueError(f"columns already present: {clash}")
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)

    out = df.copy()
    keys = out[iso3_col].astype("string").str.upper()
    for col in geo_cols:
        out[col] = keys.map(geo[col]).fillna("").astype(str)
    for col in grp_cols:
        out[col] = keys.map(grp[col]).fillna("").astype(str)
    for g in names:
        out[f"member_{g}"] = keys.isin(_members_at(g, as_of)).fillna(False).astype(bool)
    if how == "inner":
        out = out[out["region"] != ""]
    out.attrs = {**df.attrs, "sources": {
        **df.attrs.get("sources", {}), **_m49().attrs["sources"], **_un_groups().attrs["sources"],
        **_memberships().attrs["sources"],
    }}
    return out


def region_members(level: str, name: str) -> list[str]:
    """ISO3 codes in one region, sub-region, intermediate region or UN regional group.

    ``level`` is ``region``, ``sub_region``, ``intermediate_region`` or ``un_group``; ``name`` is
    the name or the code ("Africa" or "002"; "WEOG" or its full name). UN groups list the
    group used for electoral purposes (the United States is in WEOG, Türkiye only in WEOG).

    >>> "NAM" in region_members("region", "002")
    True
    >>> len(region_members("un_group", "EEG"))
    23
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    table = _un_groups() if level == "un_group" else _m49()
    code = f"{level}_code"
    hit = table[(table[level] == name) | (table[code] == name)]
    if hit.empty:
        raise KeyError(f"no {level} named {name!r}")
    return sorted(hit["iso3"])


@cache
def _un_member_names() -> pd.DataFrame:
    df = read_table(data_path(*UN_MEMBERS_FILE))
    df.attrs["sources"] = {"un_members": _sidecar(UN_MEMBERS_FILE)}
    return df


def un_member_names() -> pd.DataFrame:
    """The 193 UN Member States with their UN short names (as UNTC writes participants today).

    >>> names = un_member_names().set_index("iso3")["name"]
    >>> len(names), names["NLD"], names["SWZ"]
    (193, 'Netherlands (Kingdom of the)', 'Eswatini')
    """
    return _un_member_names().copy()
