"""Report building: finding notebooks, parameters checked before any work, progress, atomic
pages, an index of what built, previous reports kept on failure and on Ctrl-C, private kernel
connection files (two builds at once), no kernel noise.

The notebooks here are tiny ones written by the tests (a kernel start each, a few seconds);
the real reports are built by ``test_report.py``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from analysis import cli, notebook_params, report

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "analysis", "report"]


def _notebook(path: Path, params: str, body: str, title: str = "Tiny report") -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# {title}"),
        nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two tiny numbered notebooks (and one unnumbered, which is not a report)."""
    nbs = tmp_path / "notebooks"
    _notebook(nbs / "01_first.ipynb",
              'as_of = "2026-11-29"\nseed: int = 0\npause = 0.0',
              "import time\ntime.sleep(pause)\nprint(f'first as_of={as_of} seed={seed}')")
    _notebook(nbs / "02_second.ipynb", 'as_of = "2026-11-29"\nlabel = "x"',
              "print(f'second as_of={as_of} label={label}')", title="Second")
    _notebook(nbs / "scratch.ipynb", "", "raise SystemExit('never run')")
    return nbs


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, **kwargs)


# --- finding notebooks, checking parameters (no kernel) --------------------------------------

def test_notebooks_are_numbered_and_ordered(folder: Path) -> None:
    assert [p.name for p in report.notebooks(folder)] == ["01_first.ipynb", "02_second.ipynb"]
    assert report.notebooks(folder / "missing") == []


def test_notebooks_dir_prefers_the_package_data(monkeypatch, tmp_path: Path) -> None:
    from analysis import datafiles

    monkeypatch.delattr(datafiles, "notebooks_dir", raising=False)
    assert report.notebooks_dir() == report.NOTEBOOKS
    monkeypatch.setattr(datafiles, "notebooks_dir", lambda: tmp_path, raising=False)
    assert report.notebooks_dir() == tmp_path
    assert report.notebooks() == []


def test_no_notebooks_is_an_error_not_an_empty_success(tmp_path: Path) -> None:
    with pytest.raises(report.ReportError, match="no notebooks found"):
        report.build_all(tmp_path / "out", folder=tmp_path)
    assert not (tmp_path / "out").exists()
    proc = _cli("--notebooks-dir", str(tmp_path), "--output-dir", str(tmp_path / "out"))
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "no notebooks found" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(("args", "expected"), [
    (["-p", "nope", "1"], "unknown parameter 'nope': the notebooks take as_of, label, pause, seed"),
    (["-p", "seed", "x"], "seed: expected a whole number"),
    (["--as-of", "31/12/2025"], "YYYY-MM-DD"),
    (["--as-of", "2026"], "2026-12-31"),
    (["--treaty", "untoc"], "unknown parameter 'treaty'"),
    (["-p", "seed", "1", "-p", "seed", "2"], "given twice"),
])
def test_bad_parameters_fail_before_any_work(folder: Path, tmp_path: Path, args, expected,
                                             capsys, monkeypatch):
    def no_kernel(*_args, **_kwargs):
        raise AssertionError("a notebook ran although a parameter was bad")

    monkeypatch.setattr(report, "_execute", no_kernel)
    out = tmp_path / "out"
    code = cli.main(["report", "--notebooks-dir", str(folder), "--output-dir", str(out), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err and len(err.strip().splitlines()) == 1
    assert not out.exists()  # nothing started


def test_parameters_are_typed_from_the_parameters_cell(folder: Path) -> None:
    table = notebook_params.declared(folder / "01_first.ipynb")
    assert table == {"as_of": "2026-11-29", "seed": 0, "pause": 0.0}
    plan = report.plan({"seed": "7", "as_of": "2002-06-01", "label": "y"}, folder=folder)
    first, second = (plan[folder / n] for n in ("01_first.ipynb", "02_second.ipynb"))
    assert first == {"seed": 7, "as_of": "2002-06-01"}  # each gets only what it declares
    assert second == {"as_of": "2002-06-01", "label": "y"}


@pytest.mark.parametrize(("name", "text", "default", "expected"), [
    ("n_paths", "100_000", 100, 100_000),
    ("pause", "2.5", 0.0, 2.5),
    ("flag", "false", True, False),
    ("data_dir", "None", None, None),
    ("data_dir", "some/folder", None, "some/folder"),
    ("as_of", "None", "2026-11-29", None),
    ("probability_dates", '["2027-12-31", "2028-06-30"]', ["2027-12-31"],
     ["2027-12-31", "2028-06-30"]),
    ("probability_dates", "2027-12-31,2028-06-30", ["2027-12-31"],
     ["2027-12-31", "2028-06-30"]),
    ("what_if", '[["BRA", "2027-06-30"]]', [["ZAF", "2027-06-30"]], [["BRA", "2027-06-30"]]),
    ("eu_date", "2027-12-31", "2027-12-31", "2027-12-31"),
])
def test_text_values_take_the_declared_type(name, text, default, expected) -> None:
    assert notebook_params.convert(name, text, default) == expected


@pytest.mark.parametrize(("name", "text", "default"), [
    ("probability_dates", "2027-31-12", ["2027-12-31"]),
    ("eu_date", "2027", "2027-12-31"),
    ("flag", "maybe", True),
    ("what_if", "not a list", [["ZAF", "2027-06-30"]]),
    ("treaty", "atlantis", "un_cybercrime"),
])
def test_bad_values_are_refused(name, text, default) -> None:
    with pytest.raises(ValueError):
        notebook_params.convert(name, text, default)


def test_treaty_is_resolved_to_its_profile_id() -> None:
    assert notebook_params.convert("treaty", "XVIII-16", "un_cybercrime") == "un_cybercrime"


# --- building (tiny notebooks, real kernels) --------------------------------------------------

@pytest.mark.slow  # starts Jupyter kernels
def test_build_passes_parameters_and_reports_progress(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _cli("--notebooks-dir", str(folder), "--output-dir", str(out),
                "--as-of", "2002-06-01", "-p", "seed", "7")
    assert proc.returncode == 0, proc.stderr
    first = (out / "01_first.html").read_text(encoding="utf-8")
    assert "first as_of=2002-06-01 seed=7" in first
    assert "second as_of=2002-06-01 label=x" in (out / "02_second.html").read_text("utf-8")
    lines = proc.stdout.splitlines()
    progress = [line for line in lines if line.lstrip().startswith("[")]
    assert len(progress) == 2 and all(" s, " in line for line in progress)
    assert sorted(p.name for p in out.iterdir()) == ["01_first.html", "02_second.html",
                                                      "index.html"]  # no staging left
    assert oct((out / "01_first.html").stat().st_mode & 0o044) == oct(0o044)  # readable
    # a normal build says nothing alarming on stderr (the kernel's shutdown included)
    assert "KeyboardInterrupt" not in proc.stderr and "ERROR" not in proc.stderr
    assert not list(folder.glob("kernel-*")), "kernel sockets in the notebooks' folder"


@pytest.mark.slow  # starts Jupyter kernels
def test_a_failed_notebook_keeps_its_previous_page(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "02_second.html").write_text("previous page", encoding="utf-8")
    (out / "index.html").write_text("previous index", encoding="utf-8")
    _notebook(folder / "02_second.ipynb", 'label = "x"', "raise RuntimeError('broken')")
    code = report.build_all(out, folder=folder)
    assert code == 1
    assert (out / "02_second.html").read_text(encoding="utf-8") == "previous page"
    assert (out / "02_second.failed.ipynb").exists()  # the run with the error, to inspect
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "01_first.html" in index and "02_second.html" not in index  # only what built
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.slow  # starts Jupyter kernels
def test_nothing_built_leaves_the_index_alone(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("previous index", encoding="utf-8")
    bad = _notebook(tmp_path / "bad" / "01_bad.ipynb", "", "1 / 0")
    assert report.build_all(out, only=[bad]) == 1
    assert (out / "index.html").read_text(encoding="utf-8") == "previous index"


def test_a_write_that_fails_leaves_the_previous_page(tmp_path: Path, monkeypatch) -> None:
    page = tmp_path / "01_x.html"
    page.write_text("previous page", encoding="utf-8")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        report._atomic_write(page, "x" * 1_000_000)
    assert page.read_text(encoding="utf-8") == "previous page"
    assert [p.name for p in tmp_path.iterdir()] == ["01_x.html"]  # temporary file removed


@pytest.mark.slow  # starts Jupyter kernels
def test_two_builds_at_once_do_not_collide(folder: Path, tmp_path: Path) -> None:
    procs = [subprocess.Popen([*CLI, "--notebooks-dir", str(folder), "--output-dir",
                               str(tmp_path / f"out{i}"), "-p", "seed", str(i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=folder)  # the same working directory, too
             for i in (1, 2)]
    results = [p.communicate(timeout=300) for p in procs]
    for i, (proc, (_out, err)) in enumerate(zip(procs, results, strict=True), start=1):
        assert proc.returncode == 0, err
        page = (tmp_path / f"out{i}" / "01_first.html").read_text(encoding="utf-8")
        assert f"seed={i}" in page
    assert not list(folder.glob("kernel-*"))


def _default_sigint() -> None:
    # a child of a shell's background job inherits SIGINT ignored; Python then installs no
    # KeyboardInterrupt handler. Ctrl-C in a terminal reaches a foreground process.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow  # starts Jupyter kernels
def test_ctrl_c_leaves_the_previous_reports(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = {"01_first.html": "previous first", "02_second.html": "previous second",
              "index.html": "previous index"}
    for name, text in before.items():
        (out / name).write_text(text, encoding="utf-8")
    proc = subprocess.Popen([*CLI, "--notebooks-dir", str(folder), "--output-dir", str(out),
                             "-p", "pause", "60"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            preexec_fn=_default_sigint)
    seen = ""
    while "executing" not in seen:  # wait until the first kernel runs
        chunk = proc.stdout.read(1)
        assert chunk, proc.stderr.read()
        seen += chunk
    time.sleep(2)
    proc.send_signal(signal.SIGINT)
    _rest, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert len(err.strip().splitlines()) == 1 and "interrupted" in err, err
    assert "Traceback" not in err
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == before


@pytest.mark.slow  # starts Jupyter kernels
def test_kernel_files_are_private_and_shutdown_does_not_interrupt(tmp_path: Path,
                                                                   monkeypatch) -> None:
    import asyncio

    from jupyter_client.manager import KernelManager

    interrupts: list[object] = []
    original = KernelManager._async_interrupt_kernel

    async def counted(self) -> None:
        interrupts.append(self)
        await original(self)

    monkeypatch.setattr(KernelManager, "_async_interrupt_kernel", counted)

    async def run() -> tuple[str, str, list[str]]:
        km = report.kernel_manager_class(tmp_path)(kernel_name="python3")
        await km.start_kernel()
        try:
            files = sorted(p.name for p in tmp_path.iterdir())
            return km.connection_file, km.ip, files
        finally:
            await km.shutdown_kernel()  # as nbclient does after the last cell

    connection_file, ip, files = asyncio.run(run())
    assert Path(connection_file).parent == tmp_path and ip.startswith(str(tmp_path))
    assert any(name.endswith(".json") for name in files)
    # jupyter_client interrupts a kernel before shutting it down; an idle kernel then logs
    # "KeyboardInterrupt caught in kernel" (seen while building report 02)
    assert interrupts == []


def test_output_dir_that_is_a_file_is_a_clear_error(folder: Path, tmp_path: Path,
                                                    capsys) -> None:
    target = tmp_path / "reports"
    target.write_text("not a folder", encoding="utf-8")
    code = cli.main(["report", "--notebooks-dir", str(folder), "--output-dir", str(target)])
    err = capsys.readouterr().err
    assert code != 0 and "is a file, not a folder" in err and len(err.splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_ctrl_c_is_held_while_pages_are_moved_into_place() -> None:
    before = signal.getsignal(signal.SIGINT)
    with report._sigint_held() as caught:
        os.kill(os.getpid(), signal.SIGINT)  # no KeyboardInterrupt between two renames
        time.sleep(0.1)
    assert caught == [signal.SIGINT]
    assert signal.getsignal(signal.SIGINT) is before
