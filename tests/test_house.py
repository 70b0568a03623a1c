"""The house: packaging, set-up files and notebook hygiene."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent


#: conda-forge names that differ from the PyPI ones.
CONDA_TO_PYPI = {"python-kaleido": "kaleido"}


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")
    return CONDA_TO_PYPI.get(name, name)


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda_packages() -> set[str]:
    names = set()
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s{2}- ([A-Za-z0-9_.-]+)", line)
        if m and m.group(1) not in {"python", "pip"}:
            names.add(_name(m.group(1)))
    return names


def test_environment_yml_names_the_same_packages_as_pyproject() -> None:
    project = _pyproject()["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["dev"]}
    assert _conda_packages() == wanted
    assert "-e ." in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_lock_pins_every_dependency() -> None:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[_name(name)] = version.strip()
    project = _pyproject()["project"]
    for req in project["dependencies"] + project["optional-dependencies"]["dev"]:
        assert _name(req) in pins, f"{req} is not pinned in requirements.lock"


def test_python_floor() -> None:
    assert _pyproject()["project"]["requires-python"] == ">=3.11"


def test_layout() -> None:
    for path in ("analysis", "notebooks", "data", "tests", "benchmarks", "environment.yml",
                 "pyproject.toml", "README.md", "Makefile", ".ci/run"):
        assert (ROOT / path).exists(), path


def test_readme_names_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "notebook",
    sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "tests").rglob("*.ipynb")),
    ids=lambda p: p.name,
)
def test_notebooks_are_stored_without_outputs(notebook: Path) -> None:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{notebook.name} has stored outputs"
            assert cell.get("execution_count") is None


def test_cli_names_prints_a_table() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "analysis", "names", "Tiongkok", "Uni Eropa", "Korea"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    assert "CHN" in out and "EUU" in out and "ambiguous" in out


def test_cli_names_csv_writes_codes_beside_the_column(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    pd.DataFrame({"country": ["Namibia", "Trung Quốc", "Atlantis"], "n": [1, 2, 3]}).to_csv(
        src, index=False)
    dst = tmp_path / "out.csv"
    subprocess.run(
        [sys.executable, "-m", "analysis", "names", "--csv", str(src), "--column", "country",
         "-o", str(dst)], check=True, cwd=ROOT, capture_output=True,
    )
    out = pd.read_csv(dst, dtype=str, keep_default_na=False)
    assert out["country"].tolist() == ["Namibia", "Trung Quốc", "Atlantis"]
    assert out["iso3"].tolist() == ["NAM", "CHN", ""]
    assert out["iso2"].tolist()[0] == "NA"  # Namibia stays "NA", never a missing value
    assert out["status"].tolist() == ["matched", "matched", "unmatched"]


def test_cli_reports_a_missing_column(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name\nFrance\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "names", "--csv", str(src), "--column", "nope"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 2 and "not in" in proc.stderr
