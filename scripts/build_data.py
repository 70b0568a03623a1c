#!/usr/bin/env python
"""Rebuild every derived table in data/ and the manifest: the one script that writes them.

Runs each builder in scripts/build/ (a module with a ``build()`` function), in name order,
then checks every raw file against the sha256 in its sidecar and writes data/manifest.csv.

    python scripts/build_data.py            # everything
    python scripts/build_data.py names      # one builder, then the manifest
"""

from __future__ import annotations

import csv
import importlib
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build._common import DATA, REQUIRED_KEYS, read_sidecar, sha256  # noqa: E402

from analysis.datafiles import SIDECAR_SUFFIX, sidecar_path  # noqa: E402

MANIFEST = DATA / "manifest.csv"
COLUMNS = ["path", "kind", "source", "url", "version", "retrieved", "licence", "sha256"]


def builders() -> list[str]:
    here = Path(__file__).resolve().parent / "build"
    return sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_"))


def data_files() -> list[Path]:
    return sorted(
        p for p in DATA.rglob("*")
        if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX) and p != MANIFEST
        and p.name != "README.md"
    )


def manifest_rows() -> list[dict[str, str]]:
    rows, problems = [], []
    for path in data_files():
        rel = path.relative_to(DATA).as_posix()
        if not sidecar_path(path).exists():
            problems.append(f"{rel}: no sidecar {path.name}{SIDECAR_SUFFIX}")
            continue
        meta = read_sidecar(path)
        missing = [k for k in REQUIRED_KEYS if k not in meta]
        if missing:
            problems.append(f"{rel}: sidecar lacks {missing}")
        digest = sha256(path)
        if meta.get("kind") == "raw" and meta.get("sha256") != digest:
            problems.append(f"{rel}: raw file differs from the sha256 recorded when retrieved")
        rows.append({
            "path": rel,
            "kind": meta.get("kind", ""),
            "source": meta.get("source", ""),
            "url": meta.get("url", ""),
            "version": meta.get("version", ""),
            "retrieved": meta.get("retrieved", ""),
            "licence": meta.get("licence", ""),
            "sha256": digest,
        })
    if problems:
        raise SystemExit("manifest problems:\n  " + "\n  ".join(problems))
    return rows


def render_manifest(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def main(argv: list[str]) -> int:
    wanted = argv or builders()
    for name in wanted:
        print(f"building {name} ...", flush=True)
        importlib.import_module(f"build.{name}").build()
    MANIFEST.write_text(render_manifest(manifest_rows()), encoding="utf-8", newline="\n")
    print(f"wrote {MANIFEST.relative_to(DATA.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
