"""data/manifest.csv lists every data file with its provenance; raw files are unchanged.

Generic on purpose: it compares the manifest with the files on disk and their sidecars, and
names no particular file. Regenerate the manifest with ``python scripts/build_data.py``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from analysis.datafiles import read_table

DATA = Path(__file__).resolve().parents[1] / "data"
MANIFEST = DATA / "manifest.csv"
SIDECAR = ".meta.json"
REQUIRED_KEYS = ("kind", "source", "url", "retrieved", "licence")
KINDS = {"raw", "curated", "derived"}
FIELDS = ("kind", "source", "url", "version", "retrieved", "licence")
STALE = "data/manifest.csv is stale: run `python scripts/build_data.py`"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _data_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*") if p.is_file() and not p.name.endswith(SIDECAR)
                  and p != MANIFEST and p.name != "README.md")


def _sidecar(path: Path) -> dict:
    return json.loads(path.with_name(path.name + SIDECAR).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest():
    if not MANIFEST.exists():
        pytest.fail(f"no data/manifest.csv; {STALE}")
    table = read_table(MANIFEST)
    assert not table["path"].duplicated().any()
    return table.set_index("path")


def test_manifest_lists_exactly_the_data_files(manifest):
    on_disk = {p.relative_to(DATA).as_posix() for p in _data_files()}
    listed = set(manifest.index)
    assert not on_disk - listed, f"not in the manifest: {sorted(on_disk - listed)}; {STALE}"
    assert not listed - on_disk, f"listed but missing: {sorted(listed - on_disk)}; {STALE}"


def test_manifest_rows_match_files_and_sidecars(manifest):
    wrong = []
    for rel, row in manifest.iterrows():
        path = DATA / rel
        if not path.exists():
            continue  # reported by the test above
        if row["sha256"] != _sha256(path):
            wrong.append(f"{rel}: sha256")
        meta = _sidecar(path)
        for key in FIELDS:
            if str(meta.get(key, "")) != row[key]:
                wrong.append(f"{rel}: {key}")
        if row["kind"] not in KINDS:
            wrong.append(f"{rel}: kind {row['kind']!r}")
        if not row["licence"] or not row["source"]:
            wrong.append(f"{rel}: empty licence or source")
    assert not wrong, f"{wrong}; {STALE}"


def test_every_data_file_has_a_complete_sidecar():
    problems = []
    for path in _data_files():
        rel = path.relative_to(DATA).as_posix()
        side = path.with_name(path.name + SIDECAR)
        if not side.exists():
            problems.append(f"{rel}: no sidecar")
            continue
        meta = json.loads(side.read_text(encoding="utf-8"))
        missing = [k for k in REQUIRED_KEYS if k not in meta]
        if missing:
            problems.append(f"{rel}: sidecar lacks {missing}")
        if meta.get("kind") not in KINDS:
            problems.append(f"{rel}: kind {meta.get('kind')!r}")
    assert not problems, problems


def test_no_orphan_sidecars():
    orphans = [p.relative_to(DATA).as_posix() for p in DATA.rglob("*" + SIDECAR)
               if not p.with_name(p.name[: -len(SIDECAR)]).exists()]
    assert not orphans


def test_raw_files_match_the_sha256_recorded_when_retrieved():
    changed = []
    for path in _data_files():
        side = path.with_name(path.name + SIDECAR)
        if not side.exists():
            continue
        meta = json.loads(side.read_text(encoding="utf-8"))
        if meta.get("kind") == "raw" and meta.get("sha256") != _sha256(path):
            changed.append(path.relative_to(DATA).as_posix())
    assert not changed, f"raw files edited after retrieval: {changed}"
