"""Build the HTML reports: execute every numbered notebook headless, export it to HTML.

``make report`` (``python -m analysis report``) runs each ``notebooks/NN_*.ipynb`` with
papermill, writes ``reports/<notebook>.html`` and an index page ``reports/index.html``.
"""

from __future__ import annotations

import html
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NUMBERED = re.compile(r"^\d{2}_.+\.ipynb$")


def notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    """The numbered notebooks, in order.

    >>> [p.name for p in notebooks()][:1]  # doctest: +SKIP
    ['01_participation.ipynb']
    """
    return sorted(p for p in folder.glob("*.ipynb") if NUMBERED.match(p.name))


def build_one(notebook: Path, output_dir: Path, parameters: dict | None = None) -> Path:
    """Execute one notebook with papermill and export it to ``output_dir/<stem>.html``."""
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    output_dir.mkdir(parents=True, exist_ok=True)
    executed = output_dir / f".{notebook.stem}.executed.ipynb"
    papermill.execute_notebook(
        str(notebook), str(executed), parameters=parameters or {},
        cwd=str(notebook.parent), progress_bar=False, kernel_name="python3",
    )
    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    out = output_dir / f"{notebook.stem}.html"
    out.write_text(body, encoding="utf-8")
    executed.unlink()
    return out


def write_index(pages: list[Path], output_dir: Path) -> Path:
    """A plain index page linking to every report."""
    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem.replace("_", " "))}</a></li>'
        for p in pages
    ) or "<li>No notebooks yet.</li>"
    out = output_dir / "index.html"
    out.write_text(
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        "<title>Hanoi Convention analysis: reports</title>"
        "<h1>UN Convention against Cybercrime: reports</h1>"
        f"<ul>{items}</ul></html>\n",
        encoding="utf-8",
    )
    return out


def build_all(output_dir: str | Path = "reports") -> int:
    """Build every report; returns a process exit code (0 when all built)."""
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    pages, failed = [], []
    found = notebooks()
    print(f"building {len(found)} report(s) into {out}/", flush=True)
    for nb in found:
        start = time.perf_counter()
        print(f"  {nb.name} ...", end=" ", flush=True)
        try:
            pages.append(build_one(nb, out))
        except Exception as exc:  # report and go on: one broken notebook hides no other
            failed.append(nb.name)
            print(f"FAILED: {exc}", flush=True)
            continue
        print(f"{time.perf_counter() - start:.1f} s", flush=True)
    index = write_index(pages, out)
    print(f"wrote {index}", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0
