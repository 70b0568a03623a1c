"""Benchmark ``make report``: time the build of every numbered notebook, after set-up.

Set-up (imports, reading plotly.js and the map data) is done and timed first; then each
report is built exactly as ``make report`` builds it (papermill execution + nbconvert export)
and its time and size are printed. PASS when the total is under the budget (60 s) and every
report is under 8 MB.

    .venv/bin/python benchmarks/report.py [--budget 60] [--output-dir DIR] [--repeat N]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for all reports")
    parser.add_argument("--output-dir", help="where to write (default: a temporary folder)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per notebook (median)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    from analysis import offline, report

    offline.head_html()  # plotly.js and map data read and serialised once
    setup_s = time.perf_counter() - start
    found = report.notebooks()
    print(f"set-up: {setup_s:.2f} s; {len(found)} notebook(s); budget {args.budget:.0f} s; "
          f"size limit {report.MAX_BYTES / 1e6:.0f} MB")

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
            flag = "" if size < report.MAX_BYTES else "  TOO LARGE"
            sizes_ok &= size < report.MAX_BYTES
            print(f"{nb.stem:40} {elapsed:9.1f} {size / 1e6:10.2f}{flag}", flush=True)
        t0 = time.perf_counter()
        report.write_index([out / f"{nb.stem}.html" for nb in found], out)
        total += time.perf_counter() - t0
    ok = sizes_ok and total < args.budget
    print(f"{'total':40} {total:9.1f}")
    print(f"{'PASS' if ok else 'FAIL'}: {total:.1f} s for {len(found)} report(s) "
          f"(budget {args.budget:.0f} s); every report under {report.MAX_BYTES / 1e6:.0f} MB: "
          f"{'yes' if sizes_ok else 'no'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
