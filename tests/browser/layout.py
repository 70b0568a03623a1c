"""Open a report at a given viewport (desk 1440x900, phone 390x844) offline, and measure
what a reader sees first: the summary band, code, sideways scroll, first contentful paint.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from browser.chromium import CHROMIUM, FLAGS, LOCAL_SCHEMES

DESK = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

#: What is on the first screen, and whether the page scrolls sideways.
FIRST_SCREEN_JS = """
() => {
  const vh = window.innerHeight, vw = window.innerWidth;
  const onScreen = (el) => { const r = el.getBoundingClientRect();
    return r.height > 0 && r.top < vh && r.bottom > 0; };
  const band = document.querySelector('.analysis-summary');
  const metric = (name) => { const el = band && band.querySelector(`[data-metric="${name}"]`);
    return el && onScreen(el) ? el.textContent.trim() : null; };
  const code = Array.from(document.querySelectorAll(
      '.jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, .jp-CodeMirrorEditor'))
    .filter(onScreen).length;
  // Elements running past the right edge that no scroll box of their own contains: text
  // a phone reader could not reach (a page with overflow clipped still loses it).
  const scrollsInside = (el) => { for (let a = el.parentElement; a; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && a.getBoundingClientRect().right <= vw + 1
          && a !== document.documentElement && a !== document.body) return true; }
    return false; };
  const cut = Array.from(document.querySelectorAll('main *')).filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > vw + 1 && !scrollsInside(el); })
    .map((el) => `${el.tagName}.${(el.className || '').toString().slice(0, 40)}`);
  return {
    cut: cut.slice(0, 5),
    band: band ? onScreen(band) : false,
    deposited: metric('deposited'), threshold: metric('threshold'),
    eif: metric('eif_median'), eifInterval: metric('eif_interval'),
    completeTo: metric('complete_to'), latestFact: metric('latest_fact'),
    asOf: band ? band.dataset.asOf : null,
    codeVisible: code,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: vw,
    title: document.title,
  };
}
"""

#: Figures drawn (plotly's .js-plotly-plot count against the figure divs).
DRAWN_JS = """
() => { const figs = document.querySelectorAll('.analysis-figure');
  const plots = document.querySelectorAll('.analysis-figure .js-plotly-plot .main-svg');
  return figs.length > 0 && document.querySelectorAll('.analysis-figure .js-plotly-plot').length
    === figs.length && plots.length > 0; }
"""

#: First contentful paint, from the Performance API.
FCP_JS = """
() => { const e = performance.getEntriesByName('first-contentful-paint')[0];
  return e ? e.startTime : null; }
"""


def open_page(path: Path, viewport: dict[str, int], action: Callable[[Any], Any],
              *, timeout_ms: int = 60_000, wait_drawn: bool = True) -> Any:
    """Open ``path`` offline (non-local requests aborted and recorded) at ``viewport`` and
    return ``action(page)``; ``page.blocked`` lists what was aborted."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="analysis-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=FLAGS[1:],
                viewport=viewport, service_workers="block", offline=True,
                accept_downloads=True)
            try:
                blocked: list[str] = []

                def route(r: Any) -> None:
                    if r.request.url.startswith(LOCAL_SCHEMES):
                        r.continue_()
                    else:
                        blocked.append(r.request.url)
                        r.abort()

                context.route("**/*", route)
                page = context.new_page()
                page.blocked = blocked
                page.errors = []
                page.on("pageerror", lambda exc: page.errors.append(str(exc)))
                page.goto(Path(path).resolve().as_uri(), wait_until="load",
                          timeout=timeout_ms)
                if wait_drawn:
                    page.wait_for_function(DRAWN_JS, timeout=timeout_ms)
                return action(page)
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)

#: Screen position of the marker of ``iso3`` (hover row field 2) in the first map, or null.
MARKER_AT_JS = """
(iso3) => {
  const gd = document.querySelector('.analysis-figure .js-plotly-plot');
  for (const g of gd.querySelectorAll('g.trace')) {
    const cd = g.__data__;
    if (!cd || !cd[0] || !cd[0].trace || cd[0].trace.type !== 'scattergeo') continue;
    const t = cd[0].trace;
    for (const el of g.querySelectorAll('path.point')) {
      const d = el.__data__;
      const row = d && d.i !== undefined ? (t.customdata || [])[d.i] : null;
      if (row && row[2] === iso3) {
        const box = el.getBoundingClientRect();
        return {x: box.left + box.width / 2, y: box.top + box.height / 2, trace: t.name};
      }
    }
  }
  return null;
}
"""

#: Count plotly_relayout events (zoom/pan) on every figure from now on.
WATCH_RELAYOUT_JS = """
() => { window.__relayouts = 0;
  document.querySelectorAll('.js-plotly-plot').forEach((gd) =>
    gd.on('plotly_relayout', () => { window.__relayouts += 1; })); }
"""
