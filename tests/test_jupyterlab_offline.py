"""JupyterLab without internet: maps render there as well (trap 7 of the offline notes).

A private JupyterLab server (no token, private Jupyter directories) serves a copy of
``tests/notebooks/offline_check.ipynb``; headless Debian Chromium opens it with every request
that is not to that server blocked, runs all cells through JupyterLab's
``notebook:run-all-cells`` command and waits for the kernel and the figures. Asserted: every
cell ran without error, every map shape and marker and every bar is drawn, plotly's land layer
is drawn (it needs the pre-seeded map data), no request or websocket left the server (plotly
would ask ``cdn.plot.ly`` for its map data if the pre-seed failed), no console error. The
screenshot goes to ``reports/screenshots/jupyterlab.png``. Skipped only when Chromium is not
installed (CI installs it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser.build import DEMO, ROOT
from browser.chromium import CHROMIUM

if not Path(CHROMIUM).exists():
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (CI runs apt-get install chromium)",
                allow_module_level=True)
try:
    import playwright.sync_api  # noqa: F401
except ImportError as exc:  # an environment error, not a reason to skip
    raise ImportError("the browser tests need the Python package playwright "
                      "(it drives Debian's /usr/bin/chromium)") from exc

from browser.lab import lab_server, run_notebook  # noqa: E402

SCREENSHOT = ROOT / "reports" / "screenshots" / "jupyterlab.png"


@pytest.fixture
def lab(tmp_path: Path):
    root = tmp_path / "root"
    root.mkdir()
    shutil.copy(DEMO, root / DEMO.name)
    with lab_server(root, tmp_path / "jupyter") as server:  # stopped on teardown
        yield server


def test_jupyterlab_draws_maps_with_no_internet(lab) -> None:
    run = run_notebook(lab, DEMO.name, screenshot=SCREENSHOT)
    context = f"{run.seconds}\nserver log:\n{lab.log_tail()}"

    # Every code cell ran, none failed; the notebook's own checks printed their verdict.
    assert run.cells and all(c["count"] for c in run.cells), run.cells
    errors = [o for c in run.cells for o in c["outputs"] if o["type"] == "error"]
    assert errors == [], errors
    assert "offline check passed" in (run.cells[-1]["outputs"][-1]["text"] or ""), run.cells[-1]

    # Nothing left the server: no request (plotly would ask cdn.plot.ly for map data if the
    # pre-seed had failed), no websocket elsewhere.
    assert run.blocked == [], f"{len(run.blocked)} requests to other hosts: {run.blocked}"
    assert not any("plot.ly" in u for u in run.requests), run.requests
    assert run.websockets and all(u.startswith(lab.url.replace("http", "ws", 1))
                                  for u in run.websockets), run.websockets

    # The world map, the regional zoom and the bar chart, fully drawn from the pre-seeded data.
    assert run.drawn, (run.figures, context)
    world, region, bars = run.figures
    assert (world["shapes"], world["points"], world["fitbounds"]) == (9, 4, False), world
    assert (region["shapes"], region["points"], region["fitbounds"]) == (10, 4, "locations")
    assert bars["bars"] == 3, bars
    assert run.geo["outputAreaShapes"] == 19, run.geo
    assert run.geo["landDrawn"] == 2, run.geo  # plotly's land layer on both maps
    assert run.geo["plotlyLoaded"] and {"world_50m", "world_110m"} <= set(run.geo["geoAssets"])
    assert all(f["modebarCloud"] == 0 and f["logo"] == 0 for f in run.figures), run.figures

    # No console error at all (from plotly or from JupyterLab), no uncaught exception.
    assert run.console_errors == [], run.console_errors
    assert run.page_errors == [], run.page_errors
    assert run.screenshot_bytes > 20_000 and SCREENSHOT.exists()
