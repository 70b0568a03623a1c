"""Shared test set-up: the ``slow`` marker, applied here so the test files need not change.

``make test`` runs everything; ``make test-fast`` (``pytest -m "not slow"``) leaves out what
executes notebooks, opens a browser or was measured at more than a few seconds, and runs in
under a minute. Re-measure with ``pytest -m "not slow" --durations=30`` and add a test here
when it grows slow.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

#: Test files that execute notebooks or drive a browser: every test in them is slow.
SLOW_FILES = (
    "test_browser*.py",
    "test_jupyterlab_offline.py",
    "test_entry_into_force_notebook.py",
    "test_crafted_snapshot.py",
)

#: Fixtures that build reports (execute notebooks): a test using one is slow.
SLOW_FIXTURES = {
    "test_report.py": {"built", "demo_page", "plain_page"},
}

#: Single tests measured over a few seconds (``--durations``), as ``file::name`` patterns
#: (a parametrised test matches by its name without the brackets).
SLOW_TESTS: tuple[str, ...] = ()


def _slow(item: pytest.Item) -> bool:
    name = Path(str(item.fspath)).name
    if any(fnmatch.fnmatch(name, pattern) for pattern in SLOW_FILES):
        return True
    fixtures = SLOW_FIXTURES.get(name, set())
    if fixtures & set(getattr(item, "fixturenames", ())):
        return True
    base = item.name.split("[", 1)[0]
    return any(fnmatch.fnmatch(f"{name}::{base}", pattern) for pattern in SLOW_TESTS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _slow(item):
            item.add_marker(pytest.mark.slow)
