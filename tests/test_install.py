"""The package finds its data and notebooks in a clone, in a wheel and where the user says.

The wheel tests build a real wheel offline (``pip wheel --no-build-isolation``, setuptools from
the dev extra), install it with ``--target`` into a temporary folder and run Python from another
folder with only that folder on the path, so that only the installed copy can answer. CI goes
further (a fresh venv with the dependencies from PyPI: ``.ci/run``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from analysis import datafiles

ROOT = Path(__file__).resolve().parent.parent


# --- where the folders are -----------------------------------------------------------------

def test_a_clone_reads_its_own_data_and_notebooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(datafiles.DATA_ENV, raising=False)
    monkeypatch.delenv(datafiles.NOTEBOOKS_ENV, raising=False)
    assert datafiles.data_dir() == ROOT / "data"
    assert datafiles.notebooks_dir() == ROOT / "notebooks"


def test_the_environment_points_elsewhere(monkeypatch: pytest.MonkeyPatch,
                                          tmp_path: Path) -> None:
    monkeypatch.setenv(datafiles.DATA_ENV, str(tmp_path))
    monkeypatch.setenv(datafiles.NOTEBOOKS_ENV, str(tmp_path))
    assert datafiles.data_dir() == tmp_path
    assert datafiles.notebooks_dir() == tmp_path
    monkeypatch.setenv(datafiles.DATA_ENV, "  ")  # blank counts as unset
    assert datafiles.data_dir() == ROOT / "data"


@pytest.mark.parametrize("getter, env", [
    (datafiles.data_dir, datafiles.DATA_ENV),
    (datafiles.notebooks_dir, datafiles.NOTEBOOKS_ENV),
])
def test_a_missing_folder_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                           getter, env: str) -> None:
    missing = tmp_path / "nowhere"
    monkeypatch.setenv(env, str(missing))
    with pytest.raises(FileNotFoundError, match=f"looked in {env}={missing}") as err:
        getter()
    assert f"Set {env}" in str(err.value)


# --- the wheel -----------------------------------------------------------------------------

def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


#: Never copied into the scratch source tree: environments, caches, earlier builds.
SCRATCH_IGNORE = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "reports", "__pycache__", ".*_cache",
    ".hypothesis", "_bundled")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # pip builds in place (build/, *.egg-info): build from a scratch copy of the clone so
    # that nothing is written into it and no stale build/ leaks into the wheel.
    source = tmp_path_factory.mktemp("src") / "clone"
    shutil.copytree(ROOT, source, ignore=SCRATCH_IGNORE)
    out = tmp_path_factory.mktemp("dist")
    proc = _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                 "--no-build-isolation", "-w", str(out), str(source)],
                cwd=out, env={**os.environ, "PIP_NO_INDEX": "1"})
    assert proc.returncode == 0, proc.stderr
    (found,) = out.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    proc = _run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                 "--no-index", "--target", str(site), str(wheel)])
    assert proc.returncode == 0, proc.stderr
    return site


def _in_install(site: Path, code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"PYTHONPATH", datafiles.DATA_ENV, datafiles.NOTEBOOKS_ENV}}
    return _run([sys.executable, "-c", code], cwd=cwd,
                env={**clean, "PYTHONPATH": str(site), **env})


def test_the_wheel_carries_data_notebooks_and_types(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = _run(["git", "ls-files", "data", "notebooks"], cwd=ROOT).stdout.split()
    assert tracked, "git ls-files found nothing"
    missing = [p for p in tracked if f"analysis/_bundled/{p}" not in names]
    assert not missing, f"not in the wheel: {missing[:5]}"
    assert "analysis/py.typed" in names
    assert "analysis/templates/offline/index.html.j2" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.startswith("analysis/_bundled/notebooks/")
                and n.endswith(".html")]


def test_the_wheel_declares_the_extras(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        meta = z.read(next(n for n in z.namelist() if n.endswith("METADATA"))).decode()
    extras = {line.split(":", 1)[1].strip() for line in meta.splitlines()
              if line.startswith("Provides-Extra:")}
    assert extras == {"maps", "forecast", "reports", "build", "dev"}
    assert "License-Expression: MIT" in meta
    core = [line for line in meta.splitlines()
            if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert not [line for line in core if any(heavy in line for heavy in
                                             ("scipy", "geopandas", "papermill", "babel"))]


def test_an_installed_wheel_answers_from_another_folder(installed: Path,
                                                        tmp_path: Path) -> None:
    code = (
        "import json, analysis\n"
        "from analysis import datafiles, names, status\n"
        "c = status.counts()\n"
        "print(json.dumps({'file': analysis.__file__, 'data': str(datafiles.data_dir()),\n"
        "  'DATA_DIR': str(datafiles.DATA_DIR), 'nb': str(datafiles.notebooks_dir()),\n"
        "  'france': names.to_iso3('France'), 'signatories': c.signatories,\n"
        "  'threshold': c.threshold}))\n"
    )
    proc = _in_install(installed, code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    package = installed / "analysis"
    assert Path(got["file"]).parent == package
    assert Path(got["data"]) == Path(got["DATA_DIR"]) == package / "_bundled" / "data"
    assert Path(got["nb"]) == package / "_bundled" / "notebooks"
    assert got["france"] == "FRA"
    assert got["signatories"] > 0 and got["threshold"] == 40


def test_an_installed_wheel_honours_the_environment(installed: Path, tmp_path: Path) -> None:
    code = "from analysis import datafiles; print(datafiles.data_dir())"
    proc = _in_install(installed, code, tmp_path, ANALYSIS_DATA_DIR=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()) == tmp_path


# --- the core without the extras -----------------------------------------------------------

def _extra_only_modules() -> list[str]:
    """Top-level import names of every distribution an extra adds to the core."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def dist(req: str) -> str:
        return req.split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()

    core = {dist(r) for r in project["dependencies"]}
    extra = {dist(r) for reqs in project["optional-dependencies"].values() for r in reqs}
    extra -= core | {project["name"]}
    norm = {d: d.replace("_", "-") for d in extra}
    return sorted(imp for imp, dists in packages_distributions().items()
                  if any(d.lower().replace("_", "-") in norm.values() for d in dists)
                  and not imp.startswith("_"))


def test_the_core_answers_names_status_and_regions_without_any_extra(tmp_path: Path) -> None:
    blocked = _extra_only_modules()
    assert {"scipy", "geopandas", "plotly", "papermill", "babel"} <= set(blocked)
    code = (
        "import sys\n"
        f"BLOCKED = set({blocked!r})\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in BLOCKED:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import analysis\n"
        "from analysis import names, regions, status\n"
        "assert names.to_iso3('Trung Quốc') == 'CHN'\n"
        "assert status.counts().signatories > 0\n"
        "assert len(regions.m49()) > 0\n"
        "for module, extra in (('forecast', 'forecast'), ('plots', 'maps'),\n"
        "                      ('report', 'reports')):\n"
        "    try:\n"
        "        getattr(analysis, module)\n"
        "    except ModuleNotFoundError as exc:\n"
        "        assert f\"[{extra}]'\" in str(exc), str(exc)\n"
        "    else:\n"
        "        raise AssertionError(module + ' imported without its extra')\n"
        "print('ok')\n"
    )
    proc = _run([sys.executable, "-c", code], cwd=tmp_path,
                env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr[-3000:]
