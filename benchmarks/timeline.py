"""Timing of the entry-into-force forecast and of its backtests, with their scores.

Run: ``python benchmarks/timeline.py`` (targets: 100,000 paths < 2 s warm; the real-time
backtest < 60 s). Prints the machine's load (timings on a shared machine vary with it), the
forecast timings, the real-time backtest's score summary (MAE, CRPS and 50/80/95 %
coverage with bootstrap intervals over treaties) for the model with and without the stall
component beside the baselines, and the leave-one-out design's summary for comparison.
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


def _clear_caches() -> None:
    for f in (forecast.calibrate, forecast._fit_a, forecast._fit_b, forecast._scores,
              forecast._universe, forecast.stall_prior, forecast.clustering_share):
        f.cache_clear()


def side_by_side(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per variant (``label``: its model's scores; baselines from the first table)
    with value [lower, upper] per metric, from :func:`analysis.backtest.score_summary`."""
    rows = []
    first = True
    for label, table in tables.items():
        s = backtest.score_summary(table)
        models = s["model"].unique() if first else ["model"]
        for m in models:
            g = s[s["model"] == m].set_index("metric")
            row = {"variant": label if m == "model" else m}
            for metric in ("cases", "mae", "crps", "crps_ratio_vs_progress_matched",
                           "cover_50", "cover_80", "cover_95"):
                if metric not in g.index:
                    row[metric] = "-"
                    continue
                v, lo, hi = g.loc[metric, ["value", "lower", "upper"]]
                spec = ".0%" if metric.startswith("cover") else (
                    ".2f" if metric.startswith("crps_ratio") else ".0f")
                row[metric] = format(v, spec) + (
                    "" if pd.isna(lo) else f" [{format(lo, spec)}, {format(hi, spec)}]")
            rows.append(row)
        first = False
    return pd.DataFrame(rows)


def main() -> None:
    """Print the timings and the backtest tables."""
    print(f"cores: {os.cpu_count()}; load average: {os.getloadavg()}")
    _timed("forecast, 100,000 paths, cold", forecast.forecast, "2026-12-07",
           n_paths=100_000)
    warm = [_timed(f"forecast, 100,000 paths, warm run {i + 1}", forecast.forecast,
                   "2026-12-07", n_paths=100_000)[1] for i in range(3)]
    print(f"forecast warm best: {min(warm):.2f} s (target < 2 s)")
    warm_k = [_timed(f"forecast, 100,000 paths, known_count=3, warm run {i + 1}",
                     forecast.forecast, "2026-12-07", n_paths=100_000, known_count=3)[1]
              for i in range(2)]
    print(f"forecast with known_count warm best: {min(warm_k):.2f} s (target < 2 s)")
    _clear_caches()
    rt, seconds = _timed("real-time backtest (10,000 paths per case)", backtest.backtest,
                         real_time=True)
    print(f"real-time backtest: {seconds:.1f} s (target < 60 s); skipped folds: "
          f"{', '.join(rt.attrs['skipped'])}")
    rt_off, _ = _timed("real-time backtest without the stall component", backtest.backtest,
                       real_time=True, stall=False)
    loo, _ = _timed("leave-one-out backtest (sees the future)", backtest.backtest)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print("\nreal-time backtest (value [95 % bootstrap interval over treaties]):")
        print(side_by_side({"model": rt, "model without stall": rt_off}).to_string(
            index=False))
        print("\nleave-one-out backtest, for comparison:")
        print(side_by_side({"model (leave-one-out)": loo}).to_string(index=False))
        cases = rt[rt["scope"] == "case"]
        cut = cases.loc[cases["model"] == "model", "truth_day"].median()
        print(f"\nreal time, the slow half of the held-out cases (threshold after day "
              f"{cut:.0f}):")
        print(side_by_side({"model": cases[cases["truth_day"] > cut]}).to_string(index=False))
        slow = rt[(rt["scope"] == "case") & (rt["model"] == "model")].nlargest(8, "truth_day")
        print("\nthe slowest held-out cases (real time):")
        print(slow[["treaty_id", "origin_months", "truth_day", "median_day", "cover_80",
                    "cover_95", "crps"]].round(0).to_string(index=False))


if __name__ == "__main__":
    main()
