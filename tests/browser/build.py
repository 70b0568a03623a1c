"""Build the reports once per test session, shared by pytest-xdist workers.

``make test`` runs ``pytest -n 2``: session fixtures run once per worker, so the builds are
cached in the directory shared by the workers and guarded by a file lock (the first worker
builds, the other waits and reuses the result).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "tests" / "notebooks" / "offline_check.ipynb"


def shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary directory common to every xdist worker of this session."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def cached(tmp_path_factory: pytest.TempPathFactory, name: str,
           build: Callable[[Path], dict]) -> tuple[Path, dict]:
    """Run ``build(folder)`` once per session; returns the folder and what build returned.

    A failed build is recorded too, so the other worker reports the same error at once.
    """
    folder = shared_root(tmp_path_factory) / name
    done = folder / ".result.json"
    with open(shared_root(tmp_path_factory) / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder.mkdir(parents=True, exist_ok=True)
            try:
                result = {"ok": True, **build(folder)}
            except Exception:
                result = {"ok": False, "error": traceback.format_exc()}
            done.write_text(json.dumps(result), encoding="utf-8")
        result = json.loads(done.read_text(encoding="utf-8"))
    if not result["ok"]:
        pytest.fail(f"building {name} failed:\n{result['error']}")
    return folder, result


def build_reports(folder: Path, only: list[Path] | None = None) -> dict:
    """``make report``'s build (every numbered notebook and the offline self-check demo, or
    ``only``) into ``folder``."""
    from analysis import report

    code = report.build_all(folder, only=only if only is not None else [*report.notebooks(), DEMO])
    return {"exit_code": code}


def build_plain(folder: Path, notebook: Path = DEMO) -> dict:
    """The user's habit: ``jupyter nbconvert --to html --execute`` with the default template."""
    proc = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--execute",
         str(notebook), "--output-dir", str(folder)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"jupyter nbconvert failed ({proc.returncode}):\n{proc.stderr}")
    return {"page": str(folder / f"{notebook.stem}.html")}
