"""docs/data_dictionary.md is generated from data/, the sidecars and docs/columns.csv: it is
up to date, every column has a meaning, and every cell fits its declared type."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("data_dictionary",
                                               ROOT / "scripts" / "data_dictionary.py")
dd = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("data_dictionary", dd)  # dataclasses look their module up
_spec.loader.exec_module(dd)


def test_committed_dictionary_is_the_generated_one() -> None:
    committed = dd.OUTPUT.read_text(encoding="utf-8")
    assert committed == dd.render(), (
        "docs/data_dictionary.md is out of date: run python scripts/data_dictionary.py")


def test_every_column_has_a_meaning_and_fits_its_type() -> None:
    assert dd.problems() == []


def test_every_table_is_described() -> None:
    text = dd.OUTPUT.read_text(encoding="utf-8")
    sections = {name for name, _ in dd._groups(dd.DATA_DIR)}
    for table in dd.tables():
        assert any(table == s or (s.endswith("*.csv") and table.startswith(s[:-5]))
                   for s in sections), table
    for section in sections:
        assert f"### `{section}`" in text
    assert "derived/geo/countries.geojson" in sections  # GeoJSON counts as a table
    assert dd.columns_of("derived/geo/countries.geojson") == ["id", "iso3", "name", "geometry"]


def test_problems_are_found(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "x.csv").write_text("iso3,when,mystery\nFRA,2025-10-25,1\nfra,25/10/2025,2\n",
                                          encoding="utf-8")
    (tmp_path / "t" / "x.csv.meta.json").write_text(json.dumps({"kind": "curated"}))
    rows = [{"table": "t/x.csv", "column": "when", "type": "date", "meaning": "a day"},
            *dd.spec()]
    found = dd.problems(tmp_path, rows)
    assert any("'mystery' has no meaning" in p for p in found)
    assert any("'iso3' is declared 'iso3 code'" in p and "'fra'" in p for p in found)
    assert any("'when' is declared 'date'" in p and "25/10/2025" in p for p in found)
    text = dd.render(tmp_path, rows)
    assert "### `t/x.csv`" in text and "**no meaning in docs/columns.csv**" in text


@pytest.mark.parametrize(("type_", "good", "bad"), [
    ("date", "2025-10-25", "2025-10"),
    ("partial date", "2025-10", "10/2025"),
    ("iso2 code", "NA", "N/A"),
    ("M49 code", "004", "4"),
    ("boolean", "true", "True"),
    ("codes", "KOR PRK", "KOR,PRK"),
    ("category(day|month)", "day", "week"),
])
def test_types(type_: str, good: str, bad: str) -> None:
    assert dd.bad_values(type_, [good, bad]) == [bad]


def test_unknown_type_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown column type"):
        dd.bad_values("colour", ["red"])
