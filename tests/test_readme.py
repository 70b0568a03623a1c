"""The README's status paragraph is computed (scripts/readme_status.py), never typed in."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("readme_status",
                                                  ROOT / "scripts" / "readme_status.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_status_paragraph_is_what_the_package_computes() -> None:
    script = _script()
    current = (ROOT / "README.md").read_text(encoding="utf-8")
    assert current == script.render(current), "run `make figures` (scripts/readme_status.py)"


def test_the_paragraph_follows_the_data() -> None:
    # The paragraph is the status headline for its date: it changes with the date asked.
    script = _script()
    early, late = script.paragraph("2025-10-27"), script.paragraph("2026-12-07")
    assert early != late
    assert "deposited with the UN Secretary-General" in late
