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

import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
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


def notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered notebooks, in order.

    >>> [p.name for p in notebooks()][:1]  # doctest: +SKIP
    ['01_participation.ipynb']
    """
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
    nb.metadata["title"] = f"{resources['analysis']['title']} · UN Convention against Cybercrime"
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


try:
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        """A kernel that talks over local sockets (IPC), not TCP: nothing listens on a port,
        and ipykernel has no reason to warn about unencrypted TCP on every build."""

        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("transport", "ipc")
            super().__init__(**kwargs)
except ImportError:  # pragma: no cover - jupyter_client comes with nbclient
    pass


def _execute(notebook: Path, scratch: Path, parameters: Mapping[str, Any],
             output_dir: Path) -> Any:
    import nbformat
    import papermill

    executed = scratch / notebook.name
    try:
        papermill.execute_notebook(
            str(notebook), str(executed), parameters=dict(parameters),
            cwd=str(notebook.parent), kernel_name="python3", log_output=False,
            progress_bar=False, request_save_on_cell_execute=False,
            kernel_manager_class="analysis.report.LocalKernelManager",
        )
    except Exception:
        if executed.exists():  # keep the failed run for inspection
            failed = output_dir / f"{notebook.stem}.failed.ipynb"
            shutil.copyfile(executed, failed)
            print(f"\n    executed notebook with the error: {failed}", file=sys.stderr)
        raise
    return nbformat.read(executed, as_version=4)


def build_one(notebook: Path, output_dir: Path, parameters: Mapping[str, Any] | None = None,
              build_time: str | None = None,
              progress: Callable[[str], None] | None = None) -> Path:
    """Execute one notebook with papermill and export it to ``output_dir/<stem>.html``."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)
    with tempfile.TemporaryDirectory(prefix="analysis-report-") as scratch:
        say("executing")
        nb = _execute(Path(notebook), Path(scratch), parameters or {}, output_dir)
    say("exporting")
    (output_dir / f"{Path(notebook).stem}.failed.ipynb").unlink(missing_ok=True)
    body = export_html(nb, Path(notebook).stem, build_time or build_time_now())
    out = output_dir / f"{Path(notebook).stem}.html"
    out.write_text(body, encoding="utf-8")
    return out


def _title(notebook: Path) -> str:
    """The notebook's first Markdown heading without its number, else its name.

    >>> _title(NOTEBOOKS / "02_entry_into_force.ipynb")[:9]
    'When will'
    """
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
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
                titles: Mapping[str, str] | None = None) -> Path:
    """A plain, self-contained index page: the summary band of the first report that has one
    (the same numbers, for the same ``as_of``), then a link to every report."""
    from analysis import summary

    output_dir = Path(output_dir)
    titles = titles or {}
    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">'
        f'{html.escape(titles.get(p.stem, p.stem.replace("_", " ")))}</a> '
        f'<small>({p.stat().st_size / 1e6:.1f} MB)</small></li>'
        for p in pages
    ) or "<li>No notebooks yet.</li>"
    band = summary.index_band(pages) or ""
    out = output_dir / "index.html"
    out.write_text(
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>UN Convention against Cybercrime (Hanoi Convention): reports</title>"
        "<style>body{font:16px/1.5 sans-serif;max-width:48em;margin:2em auto;padding:0 1em}"
        "small{color:#666}</style>"
        "<h1>UN Convention against Cybercrime: reports</h1>"
        f"{band}"
        f"<ul>{items}</ul>"
        "<p><small>Built <span class=\"analysis-build-time\">"
        f"{html.escape(build_time or build_time_now())}</span>. Every page opens offline "
        "(plotly.js and map data inline).</small></p></html>\n",
        encoding="utf-8",
    )
    return out


def build_all(output_dir: str | Path = "reports", parameters: Mapping[str, Any] | None = None,
              only: Sequence[Path] | None = None, build_time: str | None = None) -> int:
    """Build every report (or ``only`` these notebooks); returns a process exit code.

    Prints progress; a notebook that fails is reported and the others are still built.
    A report larger than :data:`MAX_BYTES` counts as a failure (the page is kept).
    """
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    stamp = build_time or build_time_now()
    found = list(only) if only is not None else notebooks()
    pages: list[Path] = []
    failed: list[str] = []
    total = time.perf_counter()
    print(f"building {len(found)} report(s) into {out}/ (build time {stamp})", flush=True)
    for i, nb in enumerate(found, start=1):
        start = time.perf_counter()
        print(f"  [{i}/{len(found)}] {nb.name}:", end="", flush=True)
        try:
            page = build_one(nb, out, parameters, build_time=stamp,
                             progress=lambda m: print(f" {m}...", end="", flush=True))
        except Exception as exc:  # report and go on: one broken notebook hides no other
            failed.append(nb.name)
            print(f" FAILED: {type(exc).__name__}: {exc}", flush=True)
            continue
        size = page.stat().st_size
        pages.append(page)
        print(f" {time.perf_counter() - start:.1f} s, {size / 1e6:.2f} MB -> {page}", flush=True)
        if size > MAX_BYTES:
            failed.append(nb.name)
            print(f"    FAILED: {page.name} is larger than {MAX_BYTES / 1e6:.0f} MB", flush=True)
    index = write_index(pages, out, stamp, {p.stem: _title(p) for p in found})
    print(f"wrote {index} ({len(pages)} report(s), {time.perf_counter() - total:.1f} s)",
          flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0
