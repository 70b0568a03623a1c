"""Timing of the entry-into-force forecast and of its backtest, with the backtest summary.

Run: ``python benchmarks/timeline.py`` (targets: 100,000 paths < 2 s; backtest < 60 s).
"""

from __future__ import annotations

import os
import time

import pandas as pd

from analysis import backtest, forecast


def _timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    out = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s")
    return out, seconds


def main() -> None:
    """Print the timings and the backtest summary table."""
    print(f"cores: {os.cpu_count()}; load average: {os.getloadavg()}")
    _timed("forecast, 100,000 paths, cold (calibration fitted)", forecast.forecast,
           "2026-11-29", n_paths=100_000)
    warm = [_timed(f"forecast, 100,000 paths, warm run {i + 1}", forecast.forecast,
                   "2026-11-29", n_paths=100_000)[1] for i in range(3)]
    print(f"forecast warm best: {min(warm):.2f} s (target < 2 s)")
    forecast.calibrate.cache_clear()
    forecast._fit_b.cache_clear()
    table, seconds = _timed("backtest (23 treaties x 4 origins, 10,000 paths per case)",
                            backtest.backtest)
    print(f"backtest: {seconds:.1f} s (target < 60 s)")
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(backtest.summary(table).round(3).to_string(index=False))


if __name__ == "__main__":
    main()
