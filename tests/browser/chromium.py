"""Open a local HTML page in headless Chromium with every non-file request blocked.

Playwright drives Debian's ``/usr/bin/chromium`` (Playwright's own browser download is not
used). Each page gets a new, empty user-data directory. :func:`inspect_page` returns what
happened: requests attempted, console errors, page errors, dialogs, and per-figure counts of
drawn shapes and markers, after the figures have finished drawing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
CRAFTED_SCRIPT = "<script>alert(1)</script>"
CRAFTED_IMG = "<img src=x onerror=alert(1)>"
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed"
    return None


# Runs in the page before any of its scripts: records alert/confirm/prompt calls.
INIT_SCRIPT = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = function (msg) { window.__dialogs.push(name + ":" + msg); };
}
"""

# Figures are drawn when every plot has its full layout and the expected number of shapes
# and markers (plotly.js draws geo subplots asynchronously).
FIGURES_JS = """
() => Array.from(document.querySelectorAll(".js-plotly-plot")).map((gd) => {
  let expectedShapes = 0, expectedPoints = 0, expectedBars = 0;
  for (const t of gd.data || []) {
    if (t.type === "choropleth") expectedShapes += (t.locations || []).length;
    if (t.type === "scattergeo") expectedPoints += (t.lon || t.locations || []).length;
    if (t.type === "bar") expectedBars += (t.x || []).filter((v) => v !== null).length;
  }
  // a title is plotly's own, or the HTML heading analysis.plots.figure_block puts above
  const title = gd.querySelector(".gtitle") ||
    (gd.closest(".analysis-chart") || gd).querySelector(".analysis-chart-title");
  return {
    id: gd.id,
    ready: !!gd._fullLayout,
    geo: !!(gd._fullLayout && gd._fullLayout.geo),
    fitbounds: gd._fullLayout && gd._fullLayout.geo ? gd._fullLayout.geo.fitbounds : null,
    expectedShapes, expectedPoints, expectedBars,
    shapes: gd.querySelectorAll("path.choroplethlocation").length,
    points: gd.querySelectorAll(".scattergeo path.point").length,
    bars: gd.querySelectorAll(".barlayer .point").length,
    modebarCloud: gd.querySelectorAll('.modebar-btn[data-title*="Cloud"]').length,
    logo: gd.querySelectorAll(".modebar-btn--logo").length,
    title: title ? title.textContent : "",
  };
})
"""

DRAWN_JS = f"""
() => {{
  const figs = ({FIGURES_JS})();
  return figs.length === document.querySelectorAll(".plotly-graph-div").length
    && figs.every((f) => f.ready && f.shapes >= f.expectedShapes
      && f.points >= f.expectedPoints && f.bars >= f.expectedBars);
}}
"""

# Figures whose data carry the crafted text (escaped) in a hover label: their ids.
CRAFTED_FIGURES_JS = """
(needle) => Array.from(document.querySelectorAll(".js-plotly-plot"))
  .filter((gd) => (gd.data || []).some((t) => (t.customdata || [])
    .some((row) => String(row[0]).includes(needle))))
  .map((gd) => gd.id)
"""

# Centre (viewport coordinates) of the drawn point whose label carries the crafted text.
HOVER_TARGET_JS = """
([id, needle]) => {
  const gd = document.getElementById(id);
  for (const [c, t] of (gd.data || []).entries()) {
    const p = (t.customdata || []).findIndex((row) => String(row[0]).includes(needle));
    if (p < 0) continue;
    for (const g of gd.querySelectorAll("g.trace")) {
      const cd = g.__data__;
      if (!cd || !cd[0] || !cd[0].trace || cd[0].trace.index !== c) continue;
      for (const el of g.querySelectorAll("path")) {
        if (el.__data__ && el.__data__.i === p) {
          const box = el.getBoundingClientRect();
          if (box.width > 0 || box.height > 0) {
            return {x: box.left + box.width / 2, y: box.top + box.height / 2};
          }
        }
      }
    }
  }
  return null;
}
"""

INERT_JS = """
(payload) => ({
  injectedImages: document.querySelectorAll('img[src="x"]').length,
  injectedScripts: Array.from(document.scripts)
    .filter((s) => s.textContent.trim() === "alert(1)").length,
  tableCellsWithPayload: Array.from(document.querySelectorAll("td"))
    .filter((td) => td.textContent.includes(payload)).length,
  textHasPayload: document.body.innerText.includes(payload),
  dialogs: window.__dialogs,
  plotlyScripts: Array.from(document.scripts)
    .filter((s) => s.textContent.includes("plotly.js v")).length,
})
"""


@dataclass
class PageReport:
    """What happened when a page was opened."""

    url: str
    requests: list[str] = field(default_factory=list)  # every request the page attempted
    blocked: list[str] = field(default_factory=list)  # non-local ones, aborted
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    drawn: bool = False
    figures: list[dict[str, Any]] = field(default_factory=list)
    hover: list[dict[str, str]] = field(default_factory=list)
    inert: dict[str, Any] = field(default_factory=dict)
    screenshots: list[Path] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # results of ``evaluate`` scripts


def inspect_page(path: Path, screenshot_dir: Path | None = None, *,
                 timeout_ms: int = 30_000, needle: str = "&lt;script&gt;",
                 evaluate: dict[str, str] | None = None,
                 after_hover: dict[str, str] | None = None) -> PageReport:
    """Open ``path`` (a local file) and report requests, errors, figures and inertness.

    Screenshots (full page, and the page after hovering the crafted label) go to
    ``screenshot_dir/<stem>.png`` and ``<stem>-hover.png``. ``evaluate`` maps names to
    JavaScript functions run once the figures are drawn; results go to ``extra[name]``;
    ``after_hover`` likewise, run after the crafted labels have been hovered (the mouse still
    on the last one).
    """
    from playwright.sync_api import sync_playwright

    path = Path(path).resolve()
    report = PageReport(url=path.as_uri())
    profile = tempfile.mkdtemp(prefix="analysis-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=FLAGS[1:],
                viewport={"width": 1280, "height": 900}, service_workers="block",
                offline=True,
            )
            try:
                def route(r: Any) -> None:
                    url = r.request.url
                    if url.startswith(LOCAL_SCHEMES):
                        r.continue_()
                    else:
                        report.blocked.append(url)
                        r.abort()

                context.route("**/*", route)
                context.add_init_script(INIT_SCRIPT)
                page = context.new_page()
                page.on("request", lambda req: report.requests.append(req.url))
                page.on("console", lambda msg: report.console_errors.append(msg.text)
                        if msg.type == "error" else None)
                page.on("pageerror", lambda exc: report.page_errors.append(str(exc)))

                def on_dialog(dialog: Any) -> None:
                    report.dialogs.append(f"{dialog.type}:{dialog.message}")
                    dialog.dismiss()

                page.on("dialog", on_dialog)
                page.goto(report.url, wait_until="load", timeout=timeout_ms)
                try:
                    page.wait_for_function(DRAWN_JS, timeout=timeout_ms)
                    report.drawn = True
                except Exception:  # report the counts below; the test says what is missing
                    report.drawn = False
                page.wait_for_timeout(300)  # let transitions settle before the screenshot
                report.figures = page.evaluate(FIGURES_JS)
                report.inert = page.evaluate(INERT_JS, CRAFTED_SCRIPT)
                for name, script in (evaluate or {}).items():
                    report.extra[name] = page.evaluate(script)
                if screenshot_dir is not None:
                    screenshot_dir.mkdir(parents=True, exist_ok=True)
                    shot = screenshot_dir / f"{path.stem}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    report.screenshots.append(shot)
                for fig_id in page.evaluate(CRAFTED_FIGURES_JS, needle):
                    figure = page.locator(f"#{fig_id}")
                    figure.scroll_into_view_if_needed()
                    target = page.evaluate(HOVER_TARGET_JS, [fig_id, needle])
                    text = ""
                    if target:
                        page.mouse.move(target["x"], target["y"])
                        page.wait_for_timeout(400)
                        text = figure.locator(".hoverlayer").text_content() or ""
                    report.hover.append({"id": fig_id, "text": text})
                    if screenshot_dir is not None and len(report.hover) == 1:
                        shot = screenshot_dir / f"{path.stem}-hover.png"
                        figure.screenshot(path=str(shot))
                        report.screenshots.append(shot)
                report.inert = {**report.inert, "dialogsAfterHover":
                                page.evaluate("() => window.__dialogs")}
                for name, script in (after_hover or {}).items():
                    report.extra[name] = page.evaluate(script)
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return report


# The headline numbers: every element with a data-metric, and the block's data-as-of.
HEADLINE_JS = """
() => {
  const block = document.querySelector(".analysis-headline");
  if (!block) return null;
  const metrics = {};
  for (const el of block.querySelectorAll("[data-metric]")) {
    metrics[el.dataset.metric] = el.textContent.trim();
  }
  return {asOf: block.dataset.asOf, metrics};
}
"""

# Per figure: the ISO codes actually drawn, as shapes (choropleth paths) and as markers
# (scattergeo points whose hover row holds the code in its third field).
DRAWN_CODES_JS = """
() => Array.from(document.querySelectorAll(".js-plotly-plot")).map((gd) => {
  const shapes = [], markers = [];
  for (const g of gd.querySelectorAll("g.trace")) {
    const cd = g.__data__;
    if (!cd || !cd[0] || !cd[0].trace) continue;
    const t = cd[0].trace;
    if (t.type === "choropleth") {
      for (const el of g.querySelectorAll("path.choroplethlocation")) {
        if (el.__data__ && el.__data__.loc && el.getAttribute("d")) shapes.push(el.__data__.loc);
      }
    } else if (t.type === "scattergeo") {
      for (const el of g.querySelectorAll("path.point")) {
        const d = el.__data__;
        const row = d && d.i !== undefined ? (t.customdata || [])[d.i] : null;
        if (row && el.getAttribute("d")) markers.push(String(row[2]));
      }
    }
  }
  return {id: gd.id, shapes, markers};
})
"""
