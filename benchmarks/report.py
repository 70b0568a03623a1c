"""Benchmark ``make report``: time the build of every numbered notebook, after set-up, and
how fast each page paints in Chromium.

Set-up (imports, reading plotly.js and the map data) is done and timed first; then each
report is built exactly as ``make report`` builds it (papermill execution + nbconvert export)
and its time and size are printed. Then each page is opened offline in headless Chromium
(``/usr/bin/chromium`` via playwright, desk viewport 1440x900) ``--paint-runs`` times: the
first contentful paint (Performance API ``first-contentful-paint``), the moment the summary band
is in the layout, and the moment every figure is drawn (plotly.js parsed after the first
paint), median of the runs. PASS when the build total is under the budget (60 s), every
report is under 6 MB and every first contentful paint is under 1 s (the summary band is in
the first paint: it is the first thing in the page).

    .venv/bin/python benchmarks/report.py [--budget 60] [--output-dir DIR] [--repeat N]
        [--paint-runs 3] [--pages DIR]   # --pages: time already built pages only
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


MAX_PAGE_BYTES = 6_000_000
MAX_FCP_MS = 1_000.0

_PAINT_JS = """
() => new Promise((resolve) => {
  const fcp = () => { const e = performance.getEntriesByName('first-contentful-paint')[0];
    return e ? e.startTime : null; };
  const band = document.querySelector('.analysis-summary');
  const check = () => {
    const figs = document.querySelectorAll('.analysis-figure');
    const drawn = document.querySelectorAll('.analysis-figure .js-plotly-plot').length;
    if (fcp() !== null && drawn === figs.length) {
      resolve({fcp: fcp(), band: band !== null, drawn: performance.now(), figures: figs.length});
    } else { setTimeout(check, 20); }
  };
  check();
})
"""


def paint_times(page: Path, runs: int = 3) -> dict[str, float]:
    """Median first contentful paint and "every figure drawn" (ms) of ``page`` in Chromium."""
    import shutil as _shutil
    import tempfile as _tempfile

    from playwright.sync_api import sync_playwright

    fcps, drawn = [], []
    for _ in range(runs):
        profile = _tempfile.mkdtemp(prefix="analysis-bench-chromium-")
        try:
            with sync_playwright() as pw:
                ctx = pw.chromium.launch_persistent_context(
                    profile, executable_path="/usr/bin/chromium", headless=True,
                    viewport={"width": 1440, "height": 900}, offline=True,
                    args=["--no-sandbox", "--disable-gpu"])
                try:
                    tab = ctx.new_page()
                    tab.goto(page.resolve().as_uri(), wait_until="load", timeout=120_000)
                    got = tab.evaluate(_PAINT_JS)
                finally:
                    ctx.close()
        finally:
            _shutil.rmtree(profile, ignore_errors=True)
        fcps.append(got["fcp"])
        drawn.append(got["drawn"])
    return {"fcp_ms": statistics.median(fcps), "drawn_ms": statistics.median(drawn)}


def paint_report(pages: list[Path], runs: int) -> bool:
    """Print paint times per page; True when every first contentful paint is under 1 s."""
    ok = True
    print(f"{'page':40} {'FCP (ms)':>9} {'drawn (ms)':>11} {'size (MB)':>10}")
    for page in pages:
        t = paint_times(page, runs)
        size = page.stat().st_size
        flag = "" if t["fcp_ms"] < MAX_FCP_MS and size < MAX_PAGE_BYTES else "  TOO SLOW/LARGE"
        ok &= not flag
        print(f"{page.stem:40} {t['fcp_ms']:9.0f} {t['drawn_ms']:11.0f} {size / 1e6:10.2f}"
              f"{flag}  (figures drawn {t['drawn_ms'] / max(t['fcp_ms'], 1):.1f}x later "
              "than the first paint)", flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for all reports")
    parser.add_argument("--output-dir", help="where to write (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per notebook (median)")
    parser.add_argument("--paint-runs", type=int, default=3, help="Chromium loads per page")
    parser.add_argument("--pages", help="only time the paint of the built pages in DIR")
    args = parser.parse_args(argv)
    if args.pages:
        found = sorted(Path(args.pages).glob("[0-9][0-9]_*.html"))
        ok = paint_report(found, args.paint_runs)
        print(f"{'PASS' if ok else 'FAIL'}: first contentful paint under "
              f"{MAX_FCP_MS:.0f} ms and pages under {MAX_PAGE_BYTES / 1e6:.0f} MB")
        return 0 if ok else 1

    start = time.perf_counter()
    from analysis import offline, report

    offline.head_html()  # plotly.js and map data read and serialised once
    setup_s = time.perf_counter() - start
    found = report.notebooks()
    print(f"set-up: {setup_s:.2f} s; {len(found)} notebook(s); budget {args.budget:.0f} s; "
          f"size limit {MAX_PAGE_BYTES / 1e6:.0f} MB")

    with tempfile.TemporaryDirectory(prefix="analysis-bench-") as scratch:
        out = Path(args.output_dir or scratch)
        total, sizes_ok = 0.0, True
        print(f"{'report':40} {'time (s)':>9} {'size (MB)':>10}")
        for nb in found:
            times = []
            for _ in range(max(1, args.repeat)):
                t0 = time.perf_counter()
                page = report.build_one(nb, out)
                times.append(time.perf_counter() - t0)
            elapsed = statistics.median(times)
            size = page.stat().st_size
            total += elapsed
            flag = "" if size < MAX_PAGE_BYTES else "  TOO LARGE"
            sizes_ok &= size < MAX_PAGE_BYTES
            print(f"{nb.stem:40} {elapsed:9.1f} {size / 1e6:10.2f}{flag}", flush=True)
        t0 = time.perf_counter()
        report.write_index([out / f"{nb.stem}.html" for nb in found], out)
        total += time.perf_counter() - t0
        painted = paint_report([out / f"{nb.stem}.html" for nb in found], args.paint_runs)
    ok = sizes_ok and total < args.budget and painted
    print(f"{'total':40} {total:9.1f}")
    print(f"{'PASS' if ok else 'FAIL'}: {total:.1f} s for {len(found)} report(s) "
          f"(budget {args.budget:.0f} s); every report under {MAX_PAGE_BYTES / 1e6:.0f} MB: "
          f"{'yes' if sizes_ok else 'no'}; first contentful paint under {MAX_FCP_MS:.0f} ms: "
          f"{'yes' if painted else 'no'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
