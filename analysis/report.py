"""Build the HTML reports: execute every numbered notebook headless, export it to HTML.

``make report`` (``python -m analysis report``) runs each ``notebooks/NN_*.ipynb`` with
papermill, writes ``reports/<notebook>.html`` and an index page ``reports/index.html``.

Each report is self-contained and opens with no network request: the custom nbconvert
template ``analysis/templates/offline`` (extending ``lab/index.html.j2``) leaves out
require.js, MathJax, mermaid.js and the widget manager, hides code and prompts (the page links
to the notebook), and puts plotly.js and the plotly map data the page's figures use once at
the end of the page, parsed after the first paint (:func:`analysis.offline.tail_html`), so the
summary band and the text show first; :class:`ReportPreprocessor` drops the copy of them that
:func:`analysis.offline.setup` displays in the notebook, and strips volatile metadata
(execution timestamps, papermill timing), so that two builds with the same parameters are
byte-identical except the stated build time (fixed too when ``SOURCE_DATE_EPOCH`` is set).
"""

from __future__ import annotations

__all__ = [
    "MAX_BYTES", "NOTEBOOKS", "ReportError", "ReportPreprocessor", "build_all", "build_one",
    "build_time_now", "export_html", "notebooks", "notebooks_dir", "plan", "strip_build_time",
    "write_index",
]

import contextlib
import html
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nbconvert.preprocessors import Preprocessor

from analysis import offline

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "offline"
NUMBERED = re.compile(r"^\d{2}_.+\.ipynb$")
#: Largest acceptable report, in bytes.
MAX_BYTES = 8_000_000
#: The element holding the build time in every page (see :func:`strip_build_time`).
BUILD_TIME_RE = re.compile(r'(<span class="analysis-build-time">)[^<]*(</span>)')
#: Notebook metadata that changes from run to run (or is tool state) and is dropped.
VOLATILE_NB_METADATA = ("papermill", "jupytext", "widgets")
VOLATILE_CELL_METADATA = ("execution", "papermill", "ExecuteTime", "collapsed", "scrolled")


class ReportError(Exception):
    """A build that cannot start (no notebooks, a bad parameter); ``code`` is the exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def notebooks_dir() -> Path:
    """Folder of the numbered notebooks: the package data's when the package ships them
    (``analysis.datafiles.notebooks_dir()``), else the repository's ``notebooks/``.

    >>> notebooks_dir().name
    'notebooks'
    """
    from analysis import datafiles

    finder = getattr(datafiles, "notebooks_dir", None)
    return Path(finder()) if callable(finder) else NOTEBOOKS


def notebooks(folder: Path | None = None) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``) of ``folder`` (default :func:`notebooks_dir`),
    in order.

    >>> [p.name for p in notebooks()][:1]  # doctest: +SKIP
    ['01_participation.ipynb']
    """
    folder = notebooks_dir() if folder is None else Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.ipynb") if NUMBERED.match(p.name))


def build_time_now() -> str:
    """The build time stated in reports: now, or ``SOURCE_DATE_EPOCH`` when set (UTC).

    >>> os.environ["SOURCE_DATE_EPOCH"] = "0"; build_time_now()
    '1970-01-01 00:00 UTC'
    >>> del os.environ["SOURCE_DATE_EPOCH"]
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def strip_build_time(page: str) -> str:
    """A page with its stated build time blanked (to compare two builds).

    >>> strip_build_time('<span class="analysis-build-time">2026-01-01 10:00 UTC</span>')
    '<span class="analysis-build-time"></span>'
    """
    return BUILD_TIME_RE.sub(r"\1\2", page)


#: Cells with this tag run (checks, set-up) but are left out of the built page.
REMOVE_TAG = "remove-cell"


class ReportPreprocessor(Preprocessor):
    """Drop the plotly.js bundle outputs, cells tagged :data:`REMOVE_TAG` and volatile
    metadata from an executed notebook."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        for key in VOLATILE_NB_METADATA:
            nb.metadata.pop(key, None)
        kept = []
        for index, cell in enumerate(nb.cells):
            if REMOVE_TAG in cell.metadata.get("tags", []):
                continue
            for key in VOLATILE_CELL_METADATA:
                cell.metadata.pop(key, None)
            if "injected-parameters" in cell.metadata.get("tags", []) or not cell.get("id"):
                cell["id"] = f"cell-{index}"  # papermill's injected cell gets a random id
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs if not offline.is_bundle_output(o)]
            kept.append(cell)
        nb.cells = kept
        return nb, resources


def _outputs_html(nb: Any) -> str:
    """Every text/html output of a notebook, joined (to find the map data its figures use)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            value = (out.get("data") or {}).get("text/html", "")
            parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def export_html(nb: Any, name: str, build_time: str,
                maps: Sequence[str] | None = None, *, show_code: bool = False) -> str:
    """An executed notebook as a self-contained HTML page (see the module docstring).

    Code cells and prompts are hidden (``show_code=True`` keeps them); the page links to the
    notebook. ``maps``: plotly map data to include (default: what the page's figures use, so a
    page without maps carries none).
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE_NAME,
                            extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=not show_code, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(ReportPreprocessor(), enabled=True)
    if maps is None:
        maps = offline.maps_used(_outputs_html(nb))
    resources = {
        "metadata": {"name": name},
        "analysis": {
            "tail": offline.tail_html(maps),
            "build_time": build_time,
            "plotlyjs_version": offline.plotlyjs_version(),
            "maps": ", ".join(maps) or "none",
            "notebook": f"notebooks/{name}.ipynb",
            "title": _page_title(nb, name),
        },
    }
    treaty_name = (nb.metadata.get("analysis") or {}).get("treaty_name",
                                                          "UN Convention against Cybercrime")
    nb.metadata["title"] = f"{resources['analysis']['title']} · {treaty_name}"
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def _page_title(nb: Any, name: str) -> str:
    """The first Markdown heading of a notebook node, without its number, else its name."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#+\s+(.+)$", cell.source, flags=re.M)
            if m:
                return re.sub(r"^\d+\s*[·.:-]\s*", "", m.group(1).strip())
    return name.replace("_", " ")

#: Kernel managers alive in this process (to kill their kernels on Ctrl-C).
_MANAGERS: weakref.WeakSet[Any] = weakref.WeakSet()

try:
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        """A kernel that talks over local sockets (IPC), not TCP: nothing listens on a port,
        and ipykernel has no reason to warn about unencrypted TCP on every build.

        The connection file and the sockets live in ``connection_dir`` (a private temporary
        folder per build, see :func:`kernel_manager_class`), so two builds never share socket
        names. Shutting down does not interrupt an idle kernel first (jupyter_client does):
        the interrupt made ipykernel log "KeyboardInterrupt caught in kernel" on normal builds.
        """

        connection_dir: str | None = None

        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("transport", "ipc")
            if self.connection_dir is not None:
                kwargs.setdefault("connection_file", os.path.join(
                    self.connection_dir, f"kernel-{os.urandom(6).hex()}.json"))
            super().__init__(**kwargs)
            self._quiet_shutdown = False
            _MANAGERS.add(self)

        def kill_now(self) -> None:
            """Kill the kernel process at once (after Ctrl-C, when no orderly shutdown ran):
            no orphan kernel, and no "Parent appears to have exited" message later."""
            process = getattr(getattr(self, "provisioner", None), "process", None)
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)

        async def _async_interrupt_kernel(self) -> None:
            if self._quiet_shutdown:
                return
            await super()._async_interrupt_kernel()

        async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            self._quiet_shutdown = not now and not restart
            try:
                await super().shutdown_kernel(now=now, restart=restart)
            finally:
                self._quiet_shutdown = False

    def kernel_manager_class(connection_dir: str | Path) -> type[LocalKernelManager]:
        """A :class:`LocalKernelManager` whose connection files and sockets live in
        ``connection_dir``."""
        return type("PrivateKernelManager", (LocalKernelManager,),
                    {"connection_dir": str(connection_dir)})
except ImportError:  # pragma: no cover - jupyter_client comes with nbclient
    pass


def _execute(notebook: Path, scratch: Path, parameters: Mapping[str, Any],
             output_dir: Path) -> Any:
    import nbformat
    import papermill

    from analysis import notebook_cells

    executed = scratch / notebook.name
    kernel_dir = scratch / "kernel"
    kernel_dir.mkdir(mode=0o700)
    # the cells that apply to the treaty (analysis.notebook_cells), run from a copy
    source = scratch / "input" / notebook.name
    source.parent.mkdir()
    nbformat.write(notebook_cells.for_treaty(nbformat.read(notebook, as_version=4), parameters),
                   source)
    try:
        papermill.execute_notebook(
            str(source), str(executed), parameters=dict(parameters),
            cwd=str(notebook.parent), kernel_name="python3", log_output=False,
            progress_bar=False, request_save_on_cell_execute=False,
            kernel_manager_class=kernel_manager_class(kernel_dir),
        )
    except KeyboardInterrupt:
        for manager in list(_MANAGERS):
            if getattr(manager, "connection_dir", None) == str(kernel_dir):
                manager.kill_now()
        raise
    except Exception:
        if executed.exists():  # keep the failed run for inspection
            failed = output_dir / f"{notebook.stem}.failed.ipynb"
            _atomic_copy(executed, failed)
        raise
    return nbformat.read(executed, as_version=4)


def _atomic_write(path: Path, data: str | bytes) -> None:
    """Write ``path`` through a temporary file in the same folder and a rename: a reader
    (or a full disk, or Ctrl-C) never sees a half-written file in its place."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp's 0600 would hide the page from a server
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _atomic_copy(source: Path, target: Path) -> None:
    _atomic_write(target, source.read_bytes())


def build_one(notebook: Path, output_dir: Path, parameters: Mapping[str, Any] | None = None,
              build_time: str | None = None,
              progress: Callable[[str], None] | None = None) -> Path:
    """Execute one notebook with papermill and export it to ``output_dir/<stem>.html``.

    The page is written to a temporary file and renamed: a failed export leaves the previous
    page in place. The kernel's connection files live in a private temporary folder.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)
    with tempfile.TemporaryDirectory(prefix="analysis-report-") as scratch:
        say("executing")
        nb = _execute(Path(notebook), Path(scratch), parameters or {}, output_dir)
    say("exporting")
    body = export_html(nb, Path(notebook).stem, build_time or build_time_now())
    out = output_dir / f"{Path(notebook).stem}.html"
    _atomic_write(out, body)
    (output_dir / f"{Path(notebook).stem}.failed.ipynb").unlink(missing_ok=True)
    return out


def _title(notebook: Path, parameters: Mapping[str, Any] | None = None) -> str:
    """The notebook's first Markdown heading without its number, else its name (of the
    cells that apply to the treaty in ``parameters``, :mod:`analysis.notebook_cells`).

    >>> _title(NOTEBOOKS / "02_entry_into_force.ipynb")[:9]
    'When will'
    """
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        if parameters:
            from analysis import notebook_cells

            nb["cells"] = notebook_cells.for_treaty(nb, parameters)["cells"]
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "markdown":
                text = "".join(cell.get("source", ""))
                m = re.search(r"^#+\s+(.+)$", text, flags=re.M)
                if m:  # "02 · When will ..." -> "When will ..."
                    return re.sub(r"^\d+\s*[·.:-]\s*", "", m.group(1).strip())
    except (OSError, ValueError):
        pass
    return notebook.stem.replace("_", " ")


def write_index(pages: Sequence[Path], output_dir: Path, build_time: str | None = None,
                titles: Mapping[str, str] | None = None, *,
                treaty: Any = None) -> Path:
    """A plain, self-contained index page: the summary band of the first report that has one
    (the same numbers, for the same ``as_of``), then a link to every report. ``treaty``: the
    :mod:`analysis.treaty` profile the reports are about (default the Hanoi Convention)."""
    from analysis import summary
    from analysis import treaty as _treaty

    output_dir = Path(output_dir)
    titles = titles or {}
    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">'
        f'{html.escape(titles.get(p.stem, p.stem.replace("_", " ")))}</a> '
        f'<small>({p.stat().st_size / 1e6:.1f} MB)</small></li>'
        for p in pages
    ) or "<li>No notebooks yet.</li>"
    band = summary.index_band(pages) or ""
    t = _treaty.get(treaty)
    heading = ("UN Convention against Cybercrime (Hanoi Convention)" if t is _treaty.DEFAULT
               else f"{t.name} ({t.mtdsg})")
    out = output_dir / "index.html"
    out.write_text(
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(heading)}: reports</title>"
        "<style>body{font:16px/1.5 sans-serif;max-width:48em;margin:2em auto;padding:0 1em}"
        "small{color:#666}</style>"
        f"<h1>{html.escape(heading.split(' (')[0])}: reports</h1>"
        f"{band}"
        f"<ul>{items}</ul>"
        "<p><small>Built <span class=\"analysis-build-time\">"
        f"{html.escape(build_time or build_time_now())}</span>. Every page opens offline "
        "(plotly.js and map data inline).</small></p></html>\n",
        encoding="utf-8",
    )
    return out


def plan(parameters: Mapping[str, Any] | None = None, only: Sequence[Path] | None = None,
         folder: Path | None = None) -> dict[Path, dict[str, Any]]:
    """The notebooks to build and the checked parameters each receives, before any work.

    Raises :class:`ReportError` when there is no notebook, or a parameter is unknown to all
    notebooks or has a bad value (e.g. a date that is not ``YYYY-MM-DD``).
    """
    from analysis import notebook_params

    if only is not None:
        found = [Path(p) for p in only]
        missing = [str(p) for p in found if not p.is_file()]
        if missing:
            raise ReportError(f"no such notebook: {missing[0][:200]!r}")
    else:
        folder = Path(folder) if folder is not None else notebooks_dir()
        found = notebooks(folder)
        if not found:
            raise ReportError(
                f"no notebooks found in {str(folder)[:200]!r} (expected numbered notebooks "
                "such as 01_participation.ipynb); nothing built")
    try:
        return notebook_params.check(found, parameters or {})
    except ValueError as exc:  # ParameterError, and dates'/treaty's ValueErrors
        raise ReportError(str(exc), 2) from None


@contextlib.contextmanager
def _sigint_held() -> Iterator[list[int]]:
    """Hold Ctrl-C while the block runs (main thread only); the yielded list records it."""
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)


def _publish(staged: Sequence[Path], output_dir: Path) -> list[Path]:
    """Move the staged pages into ``output_dir`` (each an atomic rename)."""
    published = []
    for page in staged:
        target = output_dir / page.name
        os.replace(page, target)
        published.append(target)
    return published


def build_all(output_dir: str | Path = "reports", parameters: Mapping[str, Any] | None = None,
              only: Sequence[Path] | None = None, build_time: str | None = None, *,
              folder: Path | None = None) -> int:
    """Build every report (or ``only`` these notebooks); returns a process exit code.

    Parameters are checked against the notebooks' parameters cells first (see :func:`plan`;
    :class:`ReportError` when nothing can be built). Prints one progress line per notebook
    with its time; a notebook that fails is reported and the others are still built. Pages
    are built in a staging folder inside ``output_dir`` and moved into place together at the
    end, so a failed notebook leaves its previous page in place and an interrupted build
    (Ctrl-C: :class:`KeyboardInterrupt` propagates) changes nothing. ``index.html`` lists the
    pages that built (it is left alone when none did). A report larger than
    :data:`MAX_BYTES` counts as a failure (the page is kept).
    """
    work = plan(parameters, only, folder)
    found = list(work)
    out = Path(output_dir)
    if out.exists() and not out.is_dir():
        raise ReportError(f"{str(out)[:200]!r} is a file, not a folder (for --output-dir)")
    out.mkdir(parents=True, exist_ok=True)
    stamp = build_time or build_time_now()
    failed: list[str] = []
    total = time.perf_counter()
    print(f"building {len(found)} report(s) into {out}/ (build time {stamp})", flush=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        staged: list[Path] = []
        for i, nb in enumerate(found, start=1):
            start = time.perf_counter()
            print(f"  [{i}/{len(found)}] {nb.name}:", end="", flush=True)
            try:
                page = build_one(nb, staging, work[nb], build_time=stamp,
                                 progress=lambda m: print(f" {m}...", end="", flush=True))
            except Exception as exc:  # report and go on: one broken notebook hides no other
                failed.append(nb.name)
                print(f" FAILED after {time.perf_counter() - start:.1f} s: "
                      f"{type(exc).__name__}: {_first_line(exc)}", flush=True)
                kept = _move_failed_notebook(staging, out, nb)
                if kept is not None:
                    print(f"    executed notebook with the error: {kept}", flush=True)
                continue
            size = page.stat().st_size
            staged.append(page)
            print(f" {time.perf_counter() - start:.1f} s, {size / 1e6:.2f} MB", flush=True)
            if size > MAX_BYTES:
                failed.append(nb.name)
                print(f"    FAILED: {page.name} is larger than {MAX_BYTES / 1e6:.0f} MB",
                      flush=True)
        if staged:
            index = write_index(staged, staging, stamp,
                                {p.stem: _title(p, work[p]) for p in found},
                                treaty=next((w["treaty"] for w in work.values()
                                             if w.get("treaty")), None))
            with _sigint_held() as interrupted:  # all pages and the index, or none of them
                pages = _publish(staged, out)
                os.replace(index, out / "index.html")
            for nb in found:
                if nb.name not in failed:
                    (out / f"{nb.stem}.failed.ipynb").unlink(missing_ok=True)
            print(f"wrote {out / 'index.html'} ({len(pages)} report(s), "
                  f"{time.perf_counter() - total:.1f} s)", flush=True)
        else:
            interrupted = []
            print(f"no report built; {out}/ left as it was "
                  f"({time.perf_counter() - total:.1f} s)", flush=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if interrupted:
        print("interrupted while publishing: held until every page and the index were in "
              "place", file=sys.stderr)
        return 130
    if failed:
        print(f"failed: {', '.join(failed)} (their previous pages, if any, are left in place)",
              file=sys.stderr)
        return 1
    return 0


def _move_failed_notebook(staging: Path, out: Path, nb: Path) -> Path | None:
    kept = staging / f"{nb.stem}.failed.ipynb"
    if not kept.exists():
        return None
    os.replace(kept, out / kept.name)
    return out / kept.name


def _first_line(exc: BaseException) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    text = lines[-1] if lines else ""
    return text if len(text) <= 300 else text[:300] + "..."
