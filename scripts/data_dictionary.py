#!/usr/bin/env python
"""Write docs/data_dictionary.md: every table in data/ and every column, its type and meaning.

Generated, so it cannot drift: the tables and their columns are read from data/ itself, the
provenance from each file's sidecar (``X.meta.json``), and each column's type and meaning
from ``docs/columns.csv`` (rows ``table,column,type,meaning``; ``table`` is a glob under
data/, ``*`` for a column name used the same way everywhere; the first matching row wins).
``tests/test_data_dictionary.py`` checks that the committed file is the generated one, that
every column has a meaning, and that every cell fits its declared type.

    python scripts/data_dictionary.py           # rewrite docs/data_dictionary.md
    python scripts/data_dictionary.py --check   # exit 1 if it is out of date or incomplete
"""

from __future__ import annotations

import csv
import fnmatch
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.datafiles import DATA_DIR, SIDECAR_SUFFIX, read_table  # noqa: E402

COLUMNS_CSV = ROOT / "docs" / "columns.csv"
OUTPUT = ROOT / "docs" / "data_dictionary.md"
TABLE_SUFFIXES = (".csv", ".geojson")
#: Files of one folder with the same columns are described together from this many on.
GROUP_FROM = 3

#: Value pattern of each column type (None: any text); ``category(a|b)`` lists its values.
TYPES: dict[str, str | None] = {
    "text": None,
    "iso3 code": r"[A-Z]{3}",
    "iso2 code": r"[A-Z]{2}",
    "codes": r"[A-Z]{3}( [A-Z]{3})*",
    "M49 code": r"\d{3}",
    "integer": r"-?\d+",
    "decimal": r"-?\d+(\.\d+)?",
    "date": r"\d{4}-\d{2}-\d{2}",
    "partial date": r"\d{4}(-\d{2}(-\d{2})?)?",
    "boolean": r"true|false",
    "url": r"https?://\S+",
    "sha256": r"[0-9a-f]{64}",
    "geometry": None,
}
TYPE_HELP = {
    "text": "free text",
    "iso3 code": "ISO 3166-1 alpha-3 code (three capital letters; EUU, XKX included)",
    "iso2 code": "ISO 3166-1 alpha-2 code (two capital letters; Namibia is `NA`)",
    "codes": "alpha-3 codes separated by spaces",
    "M49 code": "UN M49 numeric code, three digits kept as text (`004`)",
    "integer": "whole number",
    "decimal": "decimal number with a point",
    "date": "ISO day `YYYY-MM-DD`",
    "partial date": "`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, with its precision in another column",
    "boolean": "`true` or `false`",
    "url": "one http(s) URL",
    "sha256": "64 lower-case hex digits",
    "geometry": "GeoJSON geometry",
    "category": "one of the listed values",
}
_CATEGORY = re.compile(r"^category\((.+)\)$")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str


def spec(path: Path = COLUMNS_CSV) -> list[dict[str, str]]:
    """The rows of docs/columns.csv, in order."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def describe(table: str, column: str, rows: list[dict[str, str]]) -> Column | None:
    """The first row of the spec for this table (path under data/) and column, else None."""
    for row in rows:
        if row["column"] == column and fnmatch.fnmatchcase(table, row["table"]):
            return Column(column, row["type"], row["meaning"])
    return None


def tables(data_dir: Path = DATA_DIR) -> list[str]:
    """Every table under data/ (CSV and GeoJSON), as paths relative to it."""
    return sorted(
        p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*")
        if p.is_file() and p.suffix in TABLE_SUFFIXES and not p.name.endswith(SIDECAR_SUFFIX)
    )


def other_files(data_dir: Path = DATA_DIR) -> list[str]:
    """Data files that are not tables (JSON, licences, notes), relative to data/."""
    return sorted(
        p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*")
        if p.is_file() and p.suffix not in TABLE_SUFFIXES
        and not p.name.endswith(SIDECAR_SUFFIX) and p.name != "README.md"
    )


def _geojson(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def columns_of(table: str, data_dir: Path = DATA_DIR) -> list[str]:
    """The columns of a table (for GeoJSON: ``id``, the feature properties, ``geometry``)."""
    path = data_dir / table
    if path.suffix == ".geojson":
        props: dict[str, None] = {}
        for feature in _geojson(path)["features"]:
            props.update(dict.fromkeys(feature.get("properties") or {}))
        return ["id", *props, "geometry"]
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh), [])


def values_of(table: str, column: str, data_dir: Path = DATA_DIR) -> list[str]:
    """Every non-empty cell of a column, as text (GeoJSON: ids and properties)."""
    path = data_dir / table
    if path.suffix == ".geojson":
        features = _geojson(path)["features"]
        if column == "id":
            return [str(f.get("id", "")) for f in features]
        if column == "geometry":
            return []
        return [str(v) for f in features
                if (v := (f.get("properties") or {}).get(column)) not in (None, "")]
    cells = read_table(path, usecols=[column])[column]
    return [v for v in cells if v != ""]


def bad_values(type_: str, values: Iterable[str]) -> list[str]:
    """The values that do not fit ``type_`` (an unknown type raises ``ValueError``).

    >>> bad_values("date", ["2025-10-25", "25/10/2025"])
    ['25/10/2025']
    >>> bad_values("category(a|b)", ["a", "c"])
    ['c']
    """
    m = _CATEGORY.match(type_)
    if m:
        allowed = set(m.group(1).split("|"))
        return [v for v in values if v not in allowed]
    if type_ not in TYPES:
        raise ValueError(f"unknown column type {type_!r}; use one of {', '.join(TYPES)} "
                         "or category(a|b|...)")
    pattern = TYPES[type_]
    if pattern is None:
        return []
    rx = re.compile(pattern)
    return [v for v in values if not rx.fullmatch(v)]


def problems(data_dir: Path = DATA_DIR, rows: list[dict[str, str]] | None = None) -> list[str]:
    """Columns without a meaning, and cells that do not fit their declared type."""
    rows = spec() if rows is None else rows
    found = []
    for table in tables(data_dir):
        for name in columns_of(table, data_dir):
            col = describe(table, name, rows)
            if col is None or not col.meaning.strip():
                found.append(f"{table}: column {name!r} has no meaning in docs/columns.csv")
                continue
            bad = bad_values(col.type, values_of(table, name, data_dir))
            if bad:
                found.append(f"{table}: column {name!r} is declared {col.type!r} but holds "
                             f"{len(bad)} other value(s), e.g. {bad[0][:80]!r}")
    return found


def _sidecar(path: Path) -> dict:
    side = path.with_name(path.name + SIDECAR_SUFFIX)
    if not side.exists():
        return {}
    return json.loads(side.read_text(encoding="utf-8"))


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _type_label(type_: str) -> str:
    m = _CATEGORY.match(type_)
    if m:
        return "category: " + ", ".join(f"`{v}`" for v in m.group(1).split("|"))
    return type_


def _groups(data_dir: Path) -> list[tuple[str, list[str]]]:
    """(section name, tables): tables of one folder with identical columns share a section."""
    by_key: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for table in tables(data_dir):
        folder = table.rsplit("/", 1)[0] if "/" in table else ""
        by_key.setdefault((folder, tuple(columns_of(table, data_dir))), []).append(table)
    sections = []
    for (folder, _cols), members in by_key.items():
        if len(members) >= GROUP_FROM:
            suffix = Path(members[0]).suffix
            sections.append((f"{folder}/*{suffix}" if folder else f"*{suffix}", members))
        else:
            sections.extend((m, [m]) for m in members)
    return sorted(sections)


def _provenance_line(meta: dict) -> str:
    parts = []
    for key, label in (("kind", "kind"), ("licence", "licence"), ("source", "source"),
                       ("url", "url"), ("version", "version"), ("retrieved", "retrieved")):
        value = meta.get(key)
        if value:
            parts.append(f"**{label}**: {_cell(value)}")
    return " · ".join(parts) if parts else "*(no sidecar)*"


def render(data_dir: Path = DATA_DIR, rows: list[dict[str, str]] | None = None) -> str:
    """The text of docs/data_dictionary.md."""
    rows = spec() if rows is None else rows
    out = [
        "# Data dictionary",
        "",
        "<!-- Generated by scripts/data_dictionary.py from data/, the sidecars and "
        "docs/columns.csv: do not edit by hand. -->",
        "",
        "Every table under `data/` and every column: its type and meaning. Types and meanings "
        "are kept in `docs/columns.csv`; provenance (kind, licence, source, URL, version, "
        "retrieval date) comes from each file's sidecar `X.meta.json`, and the sidecars' "
        "notes say what each table leaves out. Read tables with "
        "`analysis.datafiles.read_table`: every cell is text and empty cells stay empty "
        "strings (Namibia's alpha-2 code is `NA`).",
        "",
        "Regenerate with `python scripts/data_dictionary.py` after changing a table or "
        "`docs/columns.csv`; `tests/test_data_dictionary.py` fails while this file is out of "
        "date, while a column has no meaning, or while a cell does not fit its type.",
        "",
        "## Types",
        "",
        "| type | values |",
        "|---|---|",
        *(f"| {name} | {_cell(TYPE_HELP[name])} |" for name in [*TYPES, "category"]),
        "",
        "## Tables",
        "",
    ]
    for name, members in _groups(data_dir):
        first = members[0]
        out.append(f"### `{name}`")
        out.append("")
        if len(members) == 1:
            meta = _sidecar(data_dir / first)
            out.append(_provenance_line(meta))
            if meta.get("notes"):
                out += ["", f"*Notes*: {_cell(meta['notes'])}"]
        else:
            out.append(f"{len(members)} tables with the same columns, one per file; each "
                       "file's sidecar gives its own source, version and caveats:")
            out.append("")
            out += [f"- `{Path(m).name}`: {_cell(_sidecar(data_dir / m).get('version', ''))}"
                    for m in members]
        out += ["", "| column | type | meaning |", "|---|---|---|"]
        for col_name in columns_of(first, data_dir):
            col = describe(first, col_name, rows)
            type_ = _type_label(col.type) if col else "?"
            meaning = _cell(col.meaning) if col else "**no meaning in docs/columns.csv**"
            out.append(f"| `{_cell(col_name)}` | {_cell(type_)} | {meaning} |")
        out.append("")
    out += ["## Other data files", "",
            "Files that are not tables (JSON data, licences, notes), with their provenance:",
            "", "| file | kind | licence | source |", "|---|---|---|---|"]
    for name in other_files(data_dir):
        meta = _sidecar(data_dir / name)
        out.append(f"| `{name}` | {_cell(meta.get('kind', ''))} | "
                   f"{_cell(meta.get('licence', ''))} | {_cell(meta.get('source', ''))} |")
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Write the dictionary, or with ``--check`` report whether it is up to date."""
    args = sys.argv[1:] if argv is None else argv
    text = render()
    issues = problems()
    for issue in issues:
        print(f"data dictionary: {issue}", file=sys.stderr)
    if "--check" in args:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run "
                  "python scripts/data_dictionary.py", file=sys.stderr)
            return 1
        return 1 if issues else 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 1 if issues else 0


if __name__ == "__main__":
    raise SystemExit(main())
