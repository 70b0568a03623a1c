"""A report notebook's copy for a treaty: the curated-only guard (``check_copy``), the
parameters set the papermill way (``write_for_treaty``) and ``python -m analysis notebook``.
Nothing here executes a notebook."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import nbformat
import pytest

from analysis import cli, notebook_cells
from analysis.notebook_cells import CURATED_ONLY, check_copy, for_treaty, write_for_treaty

REPLAY = {"treaty": "untoc", "as_of": "2002-06-01"}


def _tiny(path: Path | None = None) -> nbformat.NotebookNode:
    """Parameters, imports, the guard cell (curated-only), a reference-only heading."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Hanoi", metadata={"tags": [CURATED_ONLY]}),
        nbformat.v4.new_markdown_cell("# {short_name}",
                                      metadata={"tags": [notebook_cells.REFERENCE_ONLY]}),
        nbformat.v4.new_code_cell('as_of: str = "2026-12-07"\ntreaty: str = "un_cybercrime"\n'
                                  "seed: int = 0", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("from analysis import notebook_cells"),
        nbformat.v4.new_code_cell("notebook_cells.check_copy(treaty)",
                                  metadata={"tags": [CURATED_ONLY]}),
        nbformat.v4.new_code_cell("print(treaty, as_of)"),
    ]
    if path is not None:
        nbformat.write(nb, path)
    return nb


def _guards(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if "check_copy" in c.source]


def test_the_guard_cell_is_kept_for_the_curated_treaty_and_dropped_from_a_replay() -> None:
    nb = _tiny()
    assert len(_guards(for_treaty(nb, {}))) == 1
    assert len(_guards(for_treaty(nb, {"treaty": "un_cybercrime"}))) == 1
    assert _guards(for_treaty(nb, {"treaty": "untoc"})) == []


def test_check_copy_passes_for_the_curated_treaty_and_stops_a_replay() -> None:
    check_copy(None)
    check_copy("un_cybercrime")
    check_copy("hanoi")  # an alias of the curated profile
    with pytest.raises(ValueError) as caught:
        check_copy("untoc")
    message = str(caught.value)
    assert "Hanoi Convention's report" in message
    assert "Transnational Organized Crime" in message and "untoc" in message
    assert "python -m analysis notebook" in message and "--treaty untoc" in message
    assert "write_for_treaty" in message and "\n" not in message
    with pytest.raises(ValueError, match=re.escape(
            "`python -m analysis notebook 01 --treaty untoc --as-of 2002-06-01 "
            "--output untoc_01.ipynb`")):
        check_copy("untoc", as_of="2002-06-01", notebook="01")


def test_check_copy_reads_the_profile_not_the_id(monkeypatch) -> None:
    from analysis import treaty

    untoc = treaty.get("untoc")
    curated = dataclasses.replace(untoc, status_source="curated")
    monkeypatch.setattr(treaty, "get", lambda _t=None: curated)
    check_copy("untoc")


def _injected(nb: nbformat.NotebookNode) -> dict[str, object]:
    cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    tree = ast.parse(cells[0].source)
    return {n.targets[0].id: ast.literal_eval(n.value) for n in tree.body
            if isinstance(n, ast.Assign)}


def test_write_for_treaty_sets_the_parameters_after_the_parameters_cell(tmp_path) -> None:
    source = tmp_path / "nb.ipynb"
    _tiny(source)
    out = write_for_treaty(source, {**REPLAY, "seed": "7"}, tmp_path / "copy.ipynb")
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    assert _injected(nb) == {"treaty": "untoc", "as_of": "2002-06-01", "seed": 7}
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    assert tags.index(["injected-parameters"]) == tags.index(["parameters"]) + 1
    assert not any(CURATED_ONLY in t for t in tags) and _guards(nb) == []
    assert nb.metadata["papermill"]["parameters"]["treaty"] == "untoc"
    # the same input gives the same file (no random cell id)
    again = write_for_treaty(source, {**REPLAY, "seed": "7"}, tmp_path / "again.ipynb")
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize(("parameters", "expected"), [
    ({"colour": "red"}, "unknown parameter 'colour'"),
    ({"seed": "many"}, "seed: expected a whole number"),
    ({"as_of": "31/12/2025"}, "not an ISO date"),
    ({"treaty": "untoc"}, "needs the day to replay"),
    ({"treaty": "nonesuch", "as_of": "2002-06-01"}, "unknown treaty"),
])
def test_write_for_treaty_checks_the_parameters_first(tmp_path, parameters, expected) -> None:
    source = tmp_path / "nb.ipynb"
    _tiny(source)
    target = tmp_path / "copy.ipynb"
    with pytest.raises(ValueError, match=expected):
        write_for_treaty(source, parameters, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.ipynb"]


# --- python -m analysis notebook ---------------------------------------------------------------

def call(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _one_error(err: str) -> str:
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_notebook_writes_a_replays_copy_with_its_parameters(tmp_path, capsys) -> None:
    target = tmp_path / "x.ipynb"
    code, out, err = call(capsys, "notebook", "01", "--treaty", "untoc", "--as-of",
                          "2002-06-01", "--output", str(target))
    assert code == 0, err
    assert len(out.strip().splitlines()) == 1
    assert str(target) in out and f"jupyter lab {target}" in out
    nb = nbformat.read(target, as_version=4)
    assert not any(CURATED_ONLY in c.metadata.get("tags", []) for c in nb.cells)
    assert _injected(nb) == {"treaty": "untoc", "as_of": "2002-06-01"}
    heading = next(c.source for c in nb.cells if c.cell_type == "markdown")
    first = heading.splitlines()[0]
    assert first.startswith("# ") and "Transnational Organized Crime" in first
    assert "1 June 2002" in first and "Cybercrime" not in first
    assert nb.metadata["analysis"]["treaty"] == "untoc"


@pytest.mark.parametrize("name", ["02", "02_entry_into_force", "02_entry_into_force.ipynb"])
def test_notebook_names_a_bundled_notebook_by_number_or_name(tmp_path, capsys, name) -> None:
    target = tmp_path / "x.ipynb"
    code, _out, err = call(capsys, "notebook", name, "-o", str(target))
    assert code == 0, err
    nb = nbformat.read(target, as_version=4)
    assert "When will the Convention against Cybercrime" in nb.cells[0].source


def test_notebook_takes_a_path_and_p_parameters(tmp_path, capsys) -> None:
    source = tmp_path / "nb.ipynb"
    _tiny(source)
    target = tmp_path / "x.ipynb"
    code, _out, err = call(capsys, "notebook", str(source), "-p", "seed", "3", "--output",
                           str(target))
    assert code == 0, err
    nb = nbformat.read(target, as_version=4)
    assert _injected(nb) == {"seed": 3}
    assert len(_guards(nb)) == 1  # the curated treaty's copy keeps its guard


def test_notebook_refuses_to_overwrite_without_force(tmp_path, capsys) -> None:
    target = tmp_path / "x.ipynb"
    target.write_text("mine", encoding="utf-8")
    args = ("notebook", "01", "--treaty", "untoc", "--as-of", "2002-06-01", "--output",
            str(target))
    code, out, err = call(capsys, *args)
    assert code == 2 and out == ""
    assert "exists" in _one_error(err) and "--force" in err
    assert target.read_text(encoding="utf-8") == "mine"
    code, _out, err = call(capsys, *args, "--force")
    assert code == 0, err
    assert _injected(nbformat.read(target, as_version=4))["treaty"] == "untoc"


@pytest.mark.parametrize(("args", "expected"), [
    (("--treaty", "nonesuch", "--as-of", "2002-06-01"), "unknown treaty"),
    (("--treaty", "untoc", "--as-of", "2002/06/01"), "not an ISO date"),
    (("--treaty", "untoc", "--as-of", "1999-01-01"), "outside the replay"),
    (("--treaty", "untoc"), "needs the day to replay"),
    (("-p", "colour", "red"), "unknown parameter 'colour'"),
    (("-p", "seed", "1", "-p", "seed", "2"), "given twice"),
    (("--as-of", "2002-06-01", "-p", "as_of", "2002-06-01"), "give as_of once"),
])
def test_notebook_bad_input_exits_2_and_writes_nothing(tmp_path, capsys, args,
                                                       expected) -> None:
    code, out, err = call(capsys, "notebook", "01", "--output", str(tmp_path / "x.ipynb"),
                          *args)
    assert code == 2 and out == ""
    assert expected in _one_error(err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["03", "participation", "nope.ipynb", "0"])
def test_an_unknown_notebook_lists_the_bundled_ones(tmp_path, capsys, name) -> None:
    code, out, err = call(capsys, "notebook", name, "--output", str(tmp_path / "x.ipynb"))
    assert code == 2 and out == ""
    line = _one_error(err)
    assert "01_participation" in line and "02_entry_into_force" in line
    assert list(tmp_path.iterdir()) == []


def test_notebook_output_folder_must_exist(tmp_path, capsys) -> None:
    code, _out, err = call(capsys, "notebook", "01", "--output",
                           str(tmp_path / "missing" / "x.ipynb"))
    assert code == 2 and "does not exist" in _one_error(err)


@pytest.mark.parametrize("number", ["01", "02"])
def test_a_stored_notebook_hand_edited_to_a_replay_stops_before_any_curated_cell(
        number: str) -> None:
    # Run the stored notebook's own cells, in order, as JupyterLab would after a user typed
    # treaty = "untoc" in the parameters cell: the guard stops it before any other
    # curated-only code cell runs, naming the command that writes the treaty's copy.
    from analysis.report import notebooks

    path = next(p for p in notebooks() if p.name.startswith(number))
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    guard = next(i for i, c in enumerate(code) if "check_copy(" in c.source)
    assert CURATED_ONLY in code[guard].metadata.get("tags", [])
    assert all(CURATED_ONLY not in c.metadata.get("tags", []) for c in code[:guard])
    namespace: dict[str, object] = {"display": print}
    for index, cell in enumerate(code[:guard + 1]):
        if "parameters" in cell.metadata.get("tags", []):
            edited = re.sub(r'^treaty: str = "[^"]*"', 'treaty: str = "untoc"', cell.source,
                            flags=re.M)
            edited = re.sub(r'^as_of: str = "[^"]*"', 'as_of: str = "2002-06-01"', edited,
                            flags=re.M)
            assert edited != cell.source
            exec(compile(edited, f"{path.name}[{index}]", "exec"), namespace)  # noqa: S102
        elif index < guard:
            exec(compile(cell.source, f"{path.name}[{index}]", "exec"), namespace)  # noqa: S102
    with pytest.raises(ValueError, match=rf"python -m analysis notebook {number} --treaty "
                                         r"untoc --as-of 2002-06-01"):
        exec(compile(code[guard].source, f"{path.name}[guard]", "exec"), namespace)  # noqa: S102
    # the default treaty passes the guard; the treaty's own copy has no guard at all
    namespace["treaty"] = "un_cybercrime"
    exec(compile(code[guard].source, f"{path.name}[guard]", "exec"), namespace)  # noqa: S102
    copy = for_treaty(nb, REPLAY)
    assert not any("check_copy(" in c.source for c in copy.cells)
