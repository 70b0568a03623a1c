"""The house: packaging, set-up files and notebook hygiene."""

from __future__ import annotations

import ast
import importlib
import json
import os
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


DISTRIBUTION = _name(_pyproject()["project"]["name"])


def _requirements() -> dict[str, set[str]]:
    """Distribution names per group ("core" and each extra), without self-references."""
    project = _pyproject()["project"]
    groups = {"core": project["dependencies"], **project["optional-dependencies"]}
    return {g: {_name(r) for r in reqs} - {DISTRIBUTION} for g, reqs in groups.items()}


def _conda_packages() -> set[str]:
    names = set()
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s{2}- ([A-Za-z0-9_.-]+)", line)
        if m and m.group(1) not in {"python", "pip"}:
            names.add(_name(m.group(1)))
    return names


def test_environment_yml_names_the_same_packages_as_pyproject() -> None:
    wanted = set().union(*_requirements().values())
    assert _conda_packages() == wanted
    assert "-e ." in (ROOT / "environment.yml").read_text(encoding="utf-8")


def test_lock_pins_every_dependency() -> None:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[_name(name)] = version.strip()
    missing = set().union(*_requirements().values()) - set(pins)
    assert not missing, f"not pinned in requirements.lock: {sorted(missing)}"
    assert DISTRIBUTION not in pins  # the package itself is installed from the clone


def test_extras_split_the_dependencies() -> None:
    groups = _requirements()
    assert set(groups) == {"core", "maps", "forecast", "reports", "build", "dev"}
    # Build-only and notebook tooling never weigh on the core.
    heavy = groups["maps"] | groups["forecast"] | groups["reports"] | groups["build"]
    assert not groups["core"] & heavy
    assert {"pyarrow", "matplotlib", "folium", "mapclassify"} <= groups["maps"]
    # The dev extra pulls every other extra, through the package itself.
    dev = _pyproject()["project"]["optional-dependencies"]["dev"]
    selfref = next(r for r in dev if _name(r) == DISTRIBUTION)
    assert set(re.findall(r"[a-z]+", selfref.split("[", 1)[1])) == set(groups) - {"core", "dev"}


def test_build_backend_understands_the_spdx_licence() -> None:
    requires = _pyproject()["build-system"]["requires"]
    floor = next(r for r in requires if _name(r) == "setuptools")
    assert floor.replace(" ", "") == "setuptools>=77"
    assert _pyproject()["project"]["license"] == "MIT"


def test_package_is_typed() -> None:
    assert (ROOT / "analysis" / "py.typed").is_file()
    assert "py.typed" in _pyproject()["tool"]["setuptools"]["package-data"]["analysis"]


def test_makefile_installs_every_extra_and_has_a_fast_loop() -> None:
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-e '.[dev]'" in make
    assert re.search(r'^test-fast:.*\n(\t.*\n)*\t.*-m "not slow"', make, flags=re.M)


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


# --- the layout: every module reachable, every module with __all__, the flow only downwards --

PACKAGE = ROOT / "analysis"

#: The flow of the package, upstream first (issue #12). A module may import modules of its own
#: layer or of an earlier one, never of a later one. A new module gets a row here: put it in
#: the layer whose job it does (a subpackage such as ``model`` or ``figures`` by its name,
#: then all its modules are in that layer).
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    # where the data live, the one date parser: used by every layer
    ("base", frozenset({"datafiles", "dates"})),
    # reading the depositary's records
    ("sources", frozenset({"untc"})),
    # lookups: country names, regions and groupings, shapes, reference treaties, profiles
    ("reference", frozenset({"names", "regions", "geo", "treaties", "treaty"})),
    # who signed and who is bound, as of a date
    ("status", frozenset({"status", "participation"})),
    # entry-into-force rules
    ("rules", frozenset({"timeline", "rules"})),
    # the forecast and what is built on it
    ("model", frozenset({"model", "forecast", "backtest", "scenarios", "history", "calibration",
                         "clustering", "simulation", "result", "target", "replay"})),
    # figures: a generic kit and one module per report
    ("figures", frozenset({"figures", "offline", "plots", "participation_plots",
                           "timeline_plots", "summary", "export", "replay_plots"})),
    # building reports and the command line
    ("reports", frozenset({"report", "notebook_params", "notebook_cells", "cli",
                           "__main__"})),
)

#: Imports that run against the flow today, each with why; the test fails on any other one
#: and on an entry here that is no longer needed (delete it then).
BACK_ARROWS: dict[tuple[str, str], str] = {
    ("untc", "names"): "the UNTC reader resolves participant names to ISO codes",
    ("untc", "treaty"): "the reader checks a page against the treaty profile before storing it",
    ("treaty", "timeline"): "reference profiles take their rule from timeline.rule_from_milestone",
}


def _modules() -> list[str]:
    """Every module of the package as a dotted name relative to ``analysis`` (from the files)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        if any(part.startswith("_") and part not in {"__init__", "__main__"}
               for part in rel.parts) or "templates" in rel.parts:
            continue
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        if parts:
            found.append(".".join(parts))
    return found


def _layer_of(module: str) -> int:
    top = module.split(".")[0]
    for index, (_, members) in enumerate(LAYERS):
        if top in members:
            return index
    raise AssertionError(f"analysis.{module} is in no layer: add it to LAYERS in {__file__}")


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def _imports(module: str) -> set[str]:
    """Modules of the package that ``module`` imports, at the top or inside a function
    (``if TYPE_CHECKING:`` blocks left out: they never run)."""
    path = PACKAGE.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    known = set(_modules())
    out: set[str] = set()
    for node in ast.walk(tree):
        if _type_checking_only(node, parents):
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package, up level - 1
                up = package[: len(package) - node.level + 1]
                base = ".".join(["analysis", *up, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        for target in targets:
            if target == "analysis" or not target.startswith("analysis."):
                continue
            name = target.removeprefix("analysis.")
            # `from analysis.x import y`: y is a module only when such a file exists
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                out.add(name)
    return out


def _graph() -> dict[str, set[str]]:
    return {m: _imports(m) for m in _modules()}


def test_every_module_is_in_a_layer() -> None:
    for module in _modules():
        _layer_of(module)


def test_no_module_imports_up_the_flow() -> None:
    arrows = {(m, dep) for m, deps in _graph().items() for dep in deps
              if _layer_of(dep) > _layer_of(m)}
    new = {f"analysis.{m} ({LAYERS[_layer_of(m)][0]}) imports analysis.{d} "
           f"({LAYERS[_layer_of(d)][0]})" for m, d in arrows - set(BACK_ARROWS)}
    assert not new, f"imports against the flow: {sorted(new)}"
    stale = set(BACK_ARROWS) - arrows
    assert not stale, f"no longer needed, delete from BACK_ARROWS: {sorted(stale)}"


def test_no_import_cycles() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, " ; ".join(" -> ".join(c) for c in cycles)


def test_the_graph_sees_lazy_imports() -> None:
    # The checks above are only as good as the parser: it must see imports inside functions.
    assert "names" in _imports("untc") and "treaty" in _imports("untc")
    assert {"regions", "status", "geo"} <= _imports("participation")


def test_import_analysis_exposes_every_module_lazily() -> None:
    import analysis

    top = sorted({m.split(".")[0] for m in _modules()} - {"__main__"})
    assert set(top) <= set(analysis.__all__) and set(top) <= set(dir(analysis))
    assert "__main__" not in analysis.__all__  # importing it would run the CLI
    for name in top:
        assert getattr(analysis, name).__name__ == f"analysis.{name}"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        analysis.nope  # noqa: B018


def test_import_analysis_is_cheap_and_modules_come_on_first_use() -> None:
    code = (
        "import sys, analysis\n"
        "heavy = [m for m in ('pandas', 'numpy', 'plotly', 'scipy') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "assert 'analysis.participation' not in sys.modules\n"
        "assert analysis.participation.__name__ == 'analysis.participation'\n"
        "from analysis import timeline_plots\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


@pytest.mark.parametrize("module", [m for m in _modules() if m != "__main__"])
def test_every_module_declares_its_public_names(module: str) -> None:
    mod = importlib.import_module(f"analysis.{module}")
    assert hasattr(mod, "__all__"), f"analysis.{module} has no __all__"
    missing = [n for n in mod.__all__ if not hasattr(mod, n)]
    assert not missing, f"analysis.{module}.__all__ names what it lacks: {missing}"


def test_slow_marks_name_files_fixtures_and_tests_that_exist() -> None:
    # A renamed file or test must not silently drop out of the slow set (and into the fast
    # loop) because a pattern in conftest.py no longer matches anything.
    import conftest

    tests = ROOT / "tests"
    for pattern in conftest.SLOW_FILES:
        assert list(tests.glob(pattern)), f"conftest.SLOW_FILES: nothing matches {pattern}"
    for name, fixtures in conftest.SLOW_FIXTURES.items():
        text = (tests / name).read_text(encoding="utf-8")
        for fixture in fixtures:
            assert re.search(rf"^def {fixture}\(", text, flags=re.M), f"{name}: no {fixture}"
    for pattern in conftest.SLOW_TESTS:
        name, test = pattern.split("::", 1)
        path = tests / name if name.startswith("test_") else PACKAGE / name
        text = path.read_text(encoding="utf-8")
        assert test.startswith("analysis.") or re.search(
            rf"^def {test}\(", text, flags=re.M), f"conftest.SLOW_TESTS: no {pattern}"
