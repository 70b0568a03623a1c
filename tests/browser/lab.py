"""Run a private JupyterLab server and drive a notebook in it with headless Chromium.

:func:`lab_server` starts ``python -m jupyterlab`` on 127.0.0.1 with no token, no browser and
private Jupyter/IPython directories (the user's settings, workspaces, kernels and history are
not read or written); kernels talk to the server over Unix sockets when the platform has them.
:func:`run_notebook` opens a notebook in Chromium with every request that is not to the server
blocked and counted, runs all its cells through JupyterLab's own command
(``notebook:run-all-cells``, reached through ``window.jupyterapp``, which the server is told to
expose) and reports what was drawn.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from browser.chromium import CHROMIUM, DRAWN_JS, FIGURES_JS, FLAGS

# Stop JupyterLab's own look-ups (news feed, update check) and its "would you like news?"
# question; written to the private user-settings directory.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False,
    },
}


@dataclass
class LabServer:
    """A running server: its base URL and the log file of its output."""

    url: str
    port: int
    root: Path
    log: Path
    process: subprocess.Popen

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> int:
    """HTTP status of ``url``, bypassing any proxy set in the environment."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(url, timeout=timeout) as response:
        return response.status


def _stop(process: subprocess.Popen) -> None:
    """SIGINT twice (jupyter's clean shutdown: kernels too), then SIGTERM, then SIGKILL."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, 0.3), (signal.SIGINT, 8), (signal.SIGTERM, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(5)


@contextmanager
def lab_server(root: Path, home: Path, *, timeout_s: float = 60) -> Iterator[LabServer]:
    """Start JupyterLab serving ``root``; private config/data/runtime dirs live in ``home``.

    The server runs in its own process group, and that whole group (the server and its
    kernels) is stopped on exit, whatever happened.
    """
    dirs = {name: home / name for name in ("config", "data", "runtime", "ipython")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    settings = dirs["config"] / "lab" / "user-settings"
    for name, value in USER_SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(value), encoding="utf-8")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }
    # Unix sockets need a short path (about 100 bytes): not under pytest's tmp_path.
    ipc = Path(tempfile.mkdtemp(prefix="lab-ipc-")) if hasattr(socket, "AF_UNIX") else None
    log = home / "jupyterlab.log"

    def start() -> LabServer:
        port = _free_port()
        args = [
            sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={root}", "--IdentityProvider.token=",
            "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={dirs['config'] / 'lab' / 'workspaces'}",
            "--LabApp.extension_manager=readonly",  # no PyPI look-ups from the server
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root
            args.append("--ServerApp.allow_root=True")
        if ipc is not None:
            args += ["--KernelManager.transport=ipc", f"--KernelManager.ip={ipc / 'k'}"]
        with open(log, "wb") as out:
            process = subprocess.Popen(args, cwd=root, env=env, stdout=out,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
        return LabServer(url=f"http://127.0.0.1:{port}", port=port, root=root, log=log,
                         process=process)

    server: LabServer | None = None
    try:
        server, attempts = start(), 1
        deadline = time.monotonic() + timeout_s
        while True:
            if server.process.poll() is not None:
                if attempts < 3 and "already in use" in server.log_tail().lower():
                    server, attempts = start(), attempts + 1  # lost the free port: retry
                    continue
                raise RuntimeError(f"jupyter lab exited ({server.process.returncode}):\n"
                                   f"{server.log_tail()}")
            try:
                if _get(f"{server.url}/api/status") == 200:
                    break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"jupyter lab did not answer in {timeout_s} s:\n"
                                   f"{server.log_tail()}")
            time.sleep(0.2)
        yield server
    finally:
        if server is not None:
            _stop(server.process)
        if ipc is not None:
            shutil.rmtree(ipc, ignore_errors=True)


# The open notebook panel once its file and kernel are ready (JupyterLab's own objects).
PANEL_READY_JS = """
(path) => {
  const app = window.jupyterapp;
  const w = app && app.shell && app.shell.currentWidget;
  if (!w || !w.context || w.context.path !== path || !w.sessionContext) return false;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  return w.context.isReady && !!kernel && w.sessionContext.kernelDisplayStatus === "idle";
}
"""

# Every code cell has run (an execution count, no "*") or one failed (run-all stops there),
# and the kernel is idle again.
RUN_DONE_JS = """
() => {
  const w = window.jupyterapp.shell.currentWidget;
  const cells = w.content.widgets.filter((c) => c.model.type === "code");
  const failed = cells.some((c) => {
    for (let i = 0; i < c.model.outputs.length; i++) {
      if (c.model.outputs.get(i).type === "error") return true;
    }
    return false;
  });
  return w.sessionContext.kernelDisplayStatus === "idle" && cells.length > 0
    && cells.every((c) => c.model.executionState !== "running")
    && (failed || cells.every((c) => c.model.executionCount !== null));
}
"""

# What the notebook holds after the run: outputs per cell (types, error names, stream text).
CELLS_JS = """
() => window.jupyterapp.shell.currentWidget.content.widgets
  .filter((c) => c.model.type === "code")
  .map((c) => {
    const outputs = [];
    for (let i = 0; i < c.model.outputs.length; i++) {
      const o = c.model.outputs.get(i).toJSON();
      outputs.push({type: o.output_type, ename: o.ename || null, evalue: o.evalue || null,
                    text: typeof o.text === "string" ? o.text
                      : Array.isArray(o.text) ? o.text.join("") : null});
    }
    return {id: c.model.id, count: c.model.executionCount, outputs};
  })
"""

# Geo figures in the notebook's output areas: drawn shapes and plotly's base land layer.
GEO_JS = """
() => ({
  outputAreaShapes: document.querySelectorAll(
    ".jp-Notebook .jp-OutputArea path.choroplethlocation").length,
  landDrawn: Array.from(document.querySelectorAll(".jp-Notebook .geo .layer.land path"))
    .filter((p) => (p.getAttribute("d") || "").length > 100).length,
  plotlyLoaded: !!window.Plotly,
  geoAssets: Object.keys((window.PlotlyGeoAssets || {}).topojson || {}),
})
"""


SCREENSHOT_JS = """
() => {
  window.jupyterapp.shell.collapseLeft();
  const fig = document.querySelector(".jp-Notebook .js-plotly-plot");
  if (fig) fig.closest(".jp-Cell").scrollIntoView({block: "start"});
}
"""


@dataclass
class LabRun:
    """What happened in the browser while a notebook ran in JupyterLab."""

    url: str
    requests: list[str] = field(default_factory=list)  # every request attempted
    blocked: list[str] = field(default_factory=list)  # not to the server: aborted
    websockets: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    drawn: bool = False
    cells: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    geo: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    screenshot_bytes: int = 0


def _same_origin(url: str, origin: str) -> bool:
    parts, base = urlsplit(url), urlsplit(origin)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    return scheme == base.scheme and parts.netloc == base.netloc


def run_notebook(server: LabServer, notebook: str, *, screenshot: Path | None = None,
                 timeout_ms: int = 45_000) -> LabRun:
    """Open ``notebook`` (a path relative to the server root) in JupyterLab, run all cells,
    wait for the kernel and the figures, and report (see :class:`LabRun`)."""
    from playwright.sync_api import sync_playwright

    run = LabRun(url=f"{server.url}/lab/tree/{notebook}")
    started = time.monotonic()
    profile = tempfile.mkdtemp(prefix="analysis-chromium-")
    # Besides the request routing below: any host other than the server fails to resolve.
    resolver = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=[*FLAGS[1:], resolver],
                viewport={"width": 1280, "height": 1300}, service_workers="block",
            )
            try:
                def route(r: Any) -> None:
                    if _same_origin(r.request.url, server.url):
                        r.continue_()
                    else:
                        run.blocked.append(r.request.url)
                        r.abort()

                context.route("**/*", route)
                context.on("request", lambda req: run.requests.append(req.url))
                page = context.new_page()
                page.on("websocket", lambda ws: run.websockets.append(ws.url))
                page.on("console", lambda msg: run.console_errors.append(msg.text)
                        if msg.type == "error" else None)
                page.on("pageerror", lambda exc: run.page_errors.append(str(exc)))
                page.goto(run.url, wait_until="domcontentloaded", timeout=timeout_ms)
                page.wait_for_function(PANEL_READY_JS, arg=notebook, timeout=timeout_ms,
                                       polling=100)
                run.seconds["kernel_ready"] = time.monotonic() - started
                page.evaluate("() => { window.__runAll = window.jupyterapp.commands"
                              ".execute('notebook:run-all-cells'); }")
                page.wait_for_function(RUN_DONE_JS, timeout=timeout_ms, polling=200)
                run.seconds["cells_run"] = time.monotonic() - started
                run.cells = page.evaluate(CELLS_JS)
                try:
                    page.wait_for_function(DRAWN_JS, timeout=15_000, polling=200)
                    run.drawn = True
                except Exception:  # reported through the counts below
                    run.drawn = False
                run.seconds["drawn"] = time.monotonic() - started
                run.figures = page.evaluate(FIGURES_JS)
                run.geo = page.evaluate(GEO_JS)
                if screenshot is not None:
                    screenshot.parent.mkdir(parents=True, exist_ok=True)
                    # Room for the notebook: file browser closed, first figure's cell on top.
                    page.evaluate(SCREENSHOT_JS)
                    page.wait_for_timeout(800)  # plotly resizes to the wider output area
                    run.screenshot_bytes = len(page.screenshot(path=str(screenshot)))
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    run.seconds["total"] = time.monotonic() - started
    return run
