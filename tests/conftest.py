"""Shared test set-up: the ``slow`` marker, applied here so the test files need not change.

``make test`` runs everything; ``make test-fast`` (``pytest -m "not slow"``) leaves out what
executes notebooks, opens a browser or was measured at more than a few seconds, and runs in
under a minute. Re-measure with ``pytest -m "not slow" --durations=30`` (on a quiet machine)
and add a test here when it grows slow.
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
    "test_participation.py": {"plain_page"},
    "test_install.py": {"wheel", "installed"},  # builds and installs a wheel
}

#: Single tests that took 3 s of CPU or more when measured (CPU time, not wall time: on a
#: shared machine the wall times said little), as ``file::name`` patterns (a parametrised
#: test matches by its name without the brackets; a doctest by its file and dotted name).
SLOW_TESTS: tuple[str, ...] = (
    "test_participation.py::test_report_is_reproducible_and_small",  # builds report 01 twice
    "test_participation.py::test_doctests",
    "test_timeline_prep.py::test_what_if_scenarios_match_the_forecasts_they_stand_for",
    # these wait on the wall clock by design (a download deadline, a held lock)
    "test_untc_robust.py::test_the_timeout_is_a_deadline_for_the_whole_download",
    "test_untc_update.py::test_an_update_waits_for_the_lock",
)


def _slow(item: pytest.Item) -> bool:
    name = Path(str(item.fspath)).name
    if any(fnmatch.fnmatch(name, pattern) for pattern in SLOW_FILES):
        return True
    fixtures = SLOW_FIXTURES.get(name, set())
    if fixtures & set(getattr(item, "fixturenames", ())):
        return True
    base = item.name.split("[", 1)[0]
    return any(fnmatch.fnmatch(f"{name}::{base}", pattern) for pattern in SLOW_TESTS)


ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # An installed copy (another clone's editable install, a wheel) would be tested instead of
    # this clone's code, silently: refuse.
    import analysis

    found = Path(analysis.__file__).resolve().parent
    if found != ROOT / "analysis":
        raise pytest.UsageError(
            f"the tests import analysis from {found}, not from this clone ({ROOT / 'analysis'}):"
            f" run `python -m pytest` from {ROOT} or set PYTHONPATH={ROOT}")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _slow(item):
            item.add_marker(pytest.mark.slow)
