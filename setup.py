"""Build step that ships data/ and notebooks/ inside the wheel.

Both folders stay at the top of the repository (the design); a regular (non-editable) build
copies them into ``analysis/_bundled/`` in the build tree, where
``analysis.datafiles`` finds them through ``importlib.resources``. An editable install
copies nothing: it reads the clone's folders directly. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: Top-level folders the package reads at run time.
BUNDLED = ("data", "notebooks")
#: Never shipped: caches and notebook exports.
IGNORE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc", "*.html")


class BuildPyWithData(build_py):
    """``build_py`` that also copies the data and notebooks into the package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "analysis" / "_bundled"
        for name in BUNDLED:
            source = ROOT / name
            if not source.is_dir():
                # An sdist made without MANIFEST.in's grafts would give a wheel with no data:
                # refuse rather than build a package that cannot answer anything.
                raise SystemExit(f"cannot build: {source} is missing (see MANIFEST.in)")
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(source, target / name, ignore=IGNORE)


setup(cmdclass={"build_py": BuildPyWithData})
