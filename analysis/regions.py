"""Regions and memberships: UN M49 regions, UN regional groups, and groupings with dates.

Three sources, each under its own licence, joined only here at run time:

- ``m49()``: UN M49 region, sub-region and intermediate region (``derived/regions/m49.csv``,
  CC BY-SA 4.0, UNSD via the lukes mirror);
- ``un_groups()``: UN regional groups (``derived/regions/un_groups.csv``, ODbL-1.0, from the npm
  package world-countries with curated overrides for the United States, Israel, Türkiye,
  Kiribati, Palestine and the Holy See);
- ``memberships()``: one row per (member, grouping) with joined/left dates, the basis of the
  joining date and a source. The groupings are data: ``curated/regions/groupings.csv`` lists
  each one (id, label, kind, the file its members come from, whether they are dated;
  :func:`grouping_table`). EU, ASEAN, G7, G20, BRICS and the African Union come from
  ``curated/regions/memberships.csv``; UNTOC and UNCAC parties from UNTC scrapes of 2014-15
  (``raw/treaties/participants/``; later parties missing); the Budapest Convention's parties
  from ``derived/regions/budapest.csv`` (built from ``raw/coe/`` by
  ``scripts/build/regions.py``; a partial table, see :func:`membership_gaps`).

Organisations are members in their own right, never counted as countries: the European Union
(``EUU``) in the G7 and G20 and the African Union (no ISO code, empty ``iso3``) in the G20 have
``member_kind == "organisation"``. A grouping listed in the table whose data are missing is an
error, not a silently shorter list.

``join()`` adds all of them to any table with an ISO3 column and keeps the project's ``attrs``
layout (``as_of``, ``data_as_of``, ``sources`` as a list, ``source_urls``, ``source_files``,
``treaty``). The European Union has no M49 region and no UN group. Kosovo (``XKX``) is in none
of the region tables.

>>> from analysis import regions
>>> regions.m49().set_index("iso3").loc["NAM", "region"]
'Africa'
"""

from __future__ import annotations

__all__ = [
    "GROUPING_COLUMNS", "LEVELS", "MEMBERSHIP_COLUMNS", "grouping_table", "groupings", "join",
    "m49", "membership_gaps", "memberships", "region_members", "sources", "un_groups",
    "un_member_names", "with_region_sources",
]

from functools import cache
from typing import TYPE_CHECKING, Any

from analysis.datafiles import data_path, provenance, read_table
from analysis.dates import parse_as_of

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GROUPING_COLUMNS",
    "LEVELS",
    "MEMBERSHIP_COLUMNS",
    "grouping_table",
    "groupings",
    "join",
    "m49",
    "membership_gaps",
    "memberships",
    "region_members",
    "sources",
    "un_groups",
    "un_member_names",
    "with_region_sources",
]

M49_FILE = ("derived", "regions", "m49.csv")
UN_GROUPS_FILE = ("derived", "regions", "un_groups.csv")
GROUPINGS_FILE = ("curated", "regions", "groupings.csv")
GAPS_FILE = ("curated", "regions", "membership_gaps.csv")
UN_MEMBERS_FILE = ("curated", "regions", "un_members.csv")
#: Columns of :func:`grouping_table`.
GROUPING_COLUMNS = ["id", "label", "kind", "source", "loader", "members_dated", "note"]
#: Columns of :func:`memberships`.
MEMBERSHIP_COLUMNS = ["iso3", "member", "member_kind", "grouping", "joined", "joined_basis",
                      "left", "source_url", "note"]
LEVELS = ("region", "sub_region", "intermediate_region", "un_group")
_KINDS = ("organisation", "treaty", "forum")
_LOADERS = ("memberships", "un_treaty_participants")
_DATED = ("all", "some", "none")


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
    df.attrs["inputs"] = {"m49": _sidecar(M49_FILE)}
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
    df.attrs["inputs"] = {"un_groups": _sidecar(UN_GROUPS_FILE)}
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


@cache
def _groupings() -> pd.DataFrame:
    table = read_table(data_path(*GROUPINGS_FILE))
    if missing := [c for c in GROUPING_COLUMNS if c not in table.columns]:
        raise ValueError(f"{'/'.join(GROUPINGS_FILE)}: missing columns {missing}")
    for col, allowed in (("kind", _KINDS), ("loader", _LOADERS), ("members_dated", _DATED)):
        if bad := sorted(set(table[col]) - set(allowed)):
            raise ValueError(f"{'/'.join(GROUPINGS_FILE)}: {col} {bad} not in {allowed}")
    if table["id"].duplicated().any():
        raise ValueError(f"{'/'.join(GROUPINGS_FILE)}: duplicate ids")
    return table[GROUPING_COLUMNS]


def grouping_table() -> pd.DataFrame:
    """The groupings, as data: one row per grouping, in ``join`` column order.

    Columns: ``id`` (``member_<id>`` in :func:`join`), ``label``, ``kind`` (organisation,
    treaty or forum), ``source`` (the file under ``data/`` its members come from), ``loader``,
    ``members_dated`` (all / some / none of the members have a joining date; checked against
    the data by :func:`memberships`) and ``note``.

    >>> t = grouping_table().set_index("id")
    >>> t.loc["budapest", ["kind", "members_dated"]].tolist(), t.loc["g20", "kind"]
    (['treaty', 'all'], 'forum')
    """
    return _groupings().copy()


def _treaty_memberships(row: Any) -> pd.DataFrame:
    import pandas as pd

    from analysis import treaties

    stem = row.source.rsplit("/", 1)[-1].removesuffix(".csv")
    # participants() resolves every name through analysis.names and fails on any it cannot.
    raw = treaties.participants(stem)
    raw = raw[raw["consent_date"].notna()]
    vintage = _sidecar(tuple(row.source.split("/")))["version"] or "see sidecar"
    note = (raw["consent_type"] + " (UNTC table scraped 2014-15, " + vintage
            + "; later parties missing)")
    dissolved = raw["iso3"].eq("")
    note = note.where(~dissolved, note + "; a state that no longer exists (no ISO code)")
    return pd.DataFrame({
        "iso3": raw["iso3"].to_numpy(),
        "member": raw["participant"].where(dissolved, "").to_numpy(),
        "member_kind": raw["iso3"].eq("EUU").map({True: "organisation",
                                                 False: "state"}).to_numpy(),
        "grouping": row.id,
        "joined": raw["consent_date"].dt.strftime("%Y-%m-%d").to_numpy(),
        "joined_basis": "deposit", "left": "",
        "source_url": raw["source_url"].to_numpy(), "note": note.to_numpy(),
    })


def _table_memberships(row: Any) -> pd.DataFrame:
    table = read_table(data_path(*row.source.split("/")))
    out = table[table["grouping"] == row.id].copy()
    if "joined_basis" not in out.columns:
        out["joined_basis"] = out["joined"].ne("").map({True: "recorded", False: ""})
    return out[MEMBERSHIP_COLUMNS]


def _dated(joined: pd.Series) -> str:
    n = int(joined.notna().sum())
    return "none" if n == 0 else "all" if n == len(joined) else "some"


@cache
def _memberships() -> pd.DataFrame:
    import pandas as pd

    frames, inputs = [], {}
    for row in _groupings().itertuples():
        path = data_path(*row.source.split("/"))
        if not path.exists():
            raise FileNotFoundError(
                f"grouping {row.id!r} ({row.label}) is listed in {'/'.join(GROUPINGS_FILE)} "
                f"but its data file {row.source} is missing: restore it or remove the grouping")
        loader = _table_memberships if row.loader == "memberships" else _treaty_memberships
        frame = loader(row)
        if frame.empty:
            raise ValueError(f"grouping {row.id!r}: no members in {row.source}")
        frames.append(frame)
        inputs[row.source] = _sidecar(tuple(row.source.split("/")))
    df = pd.concat(frames, ignore_index=True)
    order = {g: i for i, g in enumerate(_groupings()["id"])}
    df = (df.assign(_g=df["grouping"].map(order))
          .sort_values(["_g", "iso3", "member"]).drop(columns="_g").reset_index(drop=True))
    for col in ("joined", "left"):
        df[col] = pd.to_datetime(df[col].replace("", None),
                                 format="%Y-%m-%d").astype("datetime64[ns]")
    for row in _groupings().itertuples():
        got = _dated(df.loc[df["grouping"] == row.id, "joined"])
        if got != row.members_dated:
            raise ValueError(f"grouping {row.id!r}: {'/'.join(GROUPINGS_FILE)} says members "
                             f"dated {row.members_dated!r}, the data say {got!r}")
    df.attrs["inputs"] = {"groupings": _sidecar(GROUPINGS_FILE), **inputs}
    return df


def memberships(grouping: str | None = None) -> pd.DataFrame:
    """Memberships as a tidy table, one row per (member, grouping).

    Columns (:data:`MEMBERSHIP_COLUMNS`): ``iso3`` ("" for an organisation with no ISO code,
    e.g. the African Union), ``member`` (a name where the code does not give one, else ""),
    ``member_kind`` ("state" or "organisation"), ``grouping``, ``joined``/``left``
    (datetimes; NaT when no date is recorded; an empty ``left`` means still a member),
    ``joined_basis`` (what ``joined`` is: ``recorded``, ``deposit``, ``entry_into_force``,
    ``listed``: the date of a source listing it as a member, ``inferred``: the date of the
    evidence its membership is inferred from; "" when undated), ``source_url`` and ``note``.
    ``grouping`` filters to one id of :func:`groupings`.

    >>> eu = memberships("eu")
    >>> int(eu["left"].isna().sum()), str(eu.set_index("iso3").loc["GBR", "left"].date())
    (27, '2020-01-31')
    >>> g20 = memberships("g20")
    >>> g20.loc[g20["member_kind"] == "organisation", "member"].tolist()
    ['African Union', 'European Union']
    """
    df = _memberships()
    if grouping is None:
        return df.copy()
    if grouping not in set(_groupings()["id"]):
        raise ValueError(f"unknown grouping {grouping!r}; choose from {groupings()}")
    out = df[df["grouping"] == grouping].reset_index(drop=True)
    source = _groupings().set_index("id").loc[grouping, "source"]
    out.attrs = {"inputs": {source: df.attrs["inputs"][source]}}
    return out


def groupings() -> list[str]:
    """Ids of the groupings (:func:`grouping_table`), in ``join`` column order.

    >>> groupings()[:4]
    ['eu', 'untoc', 'uncac', 'budapest']
    """
    _memberships()  # a grouping whose data are missing raises here, never drops out
    return list(_groupings()["id"])


def membership_gaps(grouping: str | None = None) -> pd.DataFrame:
    """Known gaps: members a grouping's own count includes but no source read names or dates.

    Columns ``grouping, iso3, name, claim, evidence, source``. They are never counted as
    members; reports show them beside the counts.

    >>> membership_gaps("budapest")[["iso3", "name"]].values.tolist()
    [['SEN', 'Senegal']]
    """
    table = read_table(data_path(*GAPS_FILE))
    if grouping is not None:
        table = table[table["grouping"] == grouping].reset_index(drop=True)
    return table


def sources() -> pd.DataFrame:
    """Every region and membership input: ``path, source, url, licence, version``.

    >>> s = sources().set_index("path")
    >>> s.loc["derived/regions/m49.csv", "licence"], "derived/regions/budapest.csv" in s.index
    ('CC-BY-SA-4.0', True)
    """
    import pandas as pd

    rows = {**_m49().attrs["inputs"], **_un_groups().attrs["inputs"],
            **_memberships().attrs["inputs"],
            "gaps": _sidecar(GAPS_FILE)}
    return pd.DataFrame(list(rows.values()), columns=["path", "source", "url", "licence",
                                                       "version"])


def _members_at(grouping: str, as_of: pd.Timestamp | None) -> set[str]:
    df = _memberships()
    df = df[(df["grouping"] == grouping) & df["iso3"].ne("")]
    if as_of is None:
        current = df["left"].isna()
    else:
        current = (df["joined"].isna() | (df["joined"] <= as_of)) & (df["left"].isna()
                                                                     | (df["left"] > as_of))
    return set(df.loc[current, "iso3"])


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value)
    if isinstance(value, list | tuple | set):
        return list(value)
    return [value]


def _iso(when: pd.Timestamp | None) -> str | None:
    return None if when is None else when.date().isoformat()


def with_region_sources(attrs: dict[str, Any]) -> dict[str, Any]:
    """A table's ``attrs`` in the project layout, with every region and membership input added
    to ``sources``, ``source_urls`` and ``source_files`` (lists, no repeats) and ``licences``.

    For tables built from regions and memberships without :func:`join` (e.g. overlaps).

    >>> a = with_region_sources({"as_of": "2026-01-01", "sources": ["UNTC"]})
    >>> a["as_of"], a["sources"][0], "curated/regions/groupings.csv" in a["source_files"]
    ('2026-01-01', 'UNTC', True)
    """
    when = parse_as_of(attrs.get("memberships_as_of"), name="memberships_as_of")
    out = _merge_attrs(attrs, when)
    return out


def _merge_attrs(attrs: dict[str, Any], members_when: pd.Timestamp | None) -> dict[str, Any]:
    """The input table's attrs in the project layout, with the region inputs added."""
    inputs = sources()
    out = dict(attrs)
    # The table's own as_of stays its as_of; the memberships' date is recorded apart.
    out["as_of"] = attrs["as_of"] if "as_of" in attrs else _iso(members_when)
    out["memberships_as_of"] = _iso(members_when)
    out.setdefault("data_as_of", None)
    out.setdefault("data_as_of_label", "")
    out.setdefault("treaty", None)
    out["sources"] = list(dict.fromkeys(_as_list(attrs.get("sources"))
                                        + list(inputs["source"])))
    out["source_urls"] = list(dict.fromkeys(_as_list(attrs.get("source_urls"))
                                            + [u for u in inputs["url"] if u]))
    out["source_files"] = list(dict.fromkeys(_as_list(attrs.get("source_files"))
                                             + list(inputs["path"])))
    out["licences"] = {**attrs.get("licences", {}),
                       **dict(zip(inputs["path"], inputs["licence"], strict=True))}
    return out


def join(df: pd.DataFrame, iso3_col: str = "iso3", *, how: str = "left",
         as_of: Any = None) -> pd.DataFrame:
    """Add M49 regions, the UN regional group and one ``member_<grouping>`` column per grouping.

    Added columns: ``region, region_code, sub_region, sub_region_code, intermediate_region,
    intermediate_region_code, un_group, un_group_code, un_group_membership`` and ``member_eu,
    member_untoc, ...`` (bool, one per :func:`groupings`). Codes are matched
    case-insensitively; unknown codes (e.g. ``EUU``, ``XKX``) get "" in the text columns.
    ``how="left"`` keeps every row, its order and its index; ``how="inner"`` keeps only
    rows whose ISO3 code has an M49 region. ``as_of`` (an ISO date, read by
    :func:`analysis.dates.parse_as_of`) gives memberships at that date; when it is None the
    table's own ``attrs["as_of"]`` is used (so ``join(status.status("2020-01-01"))`` uses
    2020 memberships), else the current ones. Undated memberships count at every date.

    The result keeps the project's ``attrs`` layout: the input's ``as_of`` (``as_of`` when
    the input has none), ``data_as_of`` and ``treaty``; ``memberships_as_of`` (ISO text or
    None); ``sources``, ``source_urls`` and ``source_files`` are lists with the
    region inputs added; ``licences`` maps each region input file to its licence.

    >>> import pandas as pd
    >>> out = join(pd.DataFrame({"iso3": ["NAM", "GBR"]}))
    >>> out[["region", "un_group_code", "member_eu"]].values.tolist()
    [['Africa', 'AG', False], ['Europe', 'WEOG', False]]
    >>> join(pd.DataFrame({"iso3": ["GBR"]}), as_of="01/01/2020")
    Traceback (most recent call last):
    ...
    ValueError: as_of: '01/01/2020' is not an ISO date; write YYYY-MM-DD, e.g. '2020-01-01'
    """
    if how not in ("left", "inner"):
        raise ValueError("how must be 'left' or 'inner'")
    if iso3_col not in df.columns:
        raise KeyError(f"no column {iso3_col!r}")
    when = parse_as_of(as_of)
    table_as_of = parse_as_of(df.attrs.get("as_of"), name="attrs['as_of']")
    geo = _m49().set_index("iso3")
    grp = _un_groups().set_index("iso3")
    geo_cols = ["region", "region_code", "sub_region", "sub_region_code",
                "intermediate_region", "intermediate_region_code"]
    grp_cols = ["un_group", "un_group_code", "un_group_membership"]
    names = groupings()
    added = geo_cols + grp_cols + [f"member_{g}" for g in names]
    if clash := [c for c in added if c in df.columns]:
        raise ValueError(f"columns already present: {clash}")

    out = df.copy()
    keys = out[iso3_col].astype("string").str.upper()
    for col in geo_cols:
        out[col] = keys.map(geo[col]).fillna("").astype(str)
    for col in grp_cols:
        out[col] = keys.map(grp[col]).fillna("").astype(str)
    members_when = when if when is not None else table_as_of
    for g in names:
        out[f"member_{g}"] = keys.isin(_members_at(g, members_when)).fillna(False).astype(bool)
    if how == "inner":
        out = out[out["region"] != ""]
    out.attrs = _merge_attrs(dict(df.attrs), members_when)
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
