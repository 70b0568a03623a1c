"""Shared helpers for the derived-data builders in this folder.

Conventions (see data/README.md):
- every data file ``X`` has a sidecar ``X.meta.json`` with its provenance;
- raw files are never modified: their sidecar records the sha256 they had when retrieved;
- derived files are written only by builders run from ``scripts/build_data.py``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from analysis.datafiles import provenance, sidecar_path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
REQUIRED_KEYS = ("kind", "source", "url", "retrieved", "licence")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


read_sidecar = provenance


def write_sidecar(path: Path, meta: dict[str, Any]) -> None:
    meta = {**meta, "sha256": sha256(path)}
    sidecar_path(path).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )


def write_derived(path: Path, text: str, *, source: str, inputs: list[str], licence: str,
                  notes: str = "") -> Path:
    """Write a derived file and its sidecar (kind=derived, inputs relative to data/)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    write_sidecar(path, {
        "kind": "derived",
        "source": source,
        "url": "",
        "retrieved": "",
        "licence": licence,
        "inputs": sorted(inputs),
        "notes": notes,
    })
    return path
