"""Timing of the entry-into-force forecast and of its backtest, with the backtest summary.

Run: ``python benchmarks/timeline.py`` (targets: 100,000 paths < 2 s; backtest < 60 s).
The backtest runs twice, without and with the optional clustering of deposits at treaty
events (``clustering=True``), and the summaries are printed side by side with the baselines.
"""

from __future__ import annotations

import os
import time

import pandas as pd

from analysis import backtest, forecast

#: Order of the models in the side-by-side summary.
_ORDER = {"model": 0, "model+clustering": 1, "reference_class": 2, "linear": 3}


def _timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    out = func(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"{label}: {seconds:.2f} s")
    return out, seconds


def _clear_caches() -> None:
    forecast.calibrate.cache_clear()
    forecast._fit_b.cache_clear()
    forecast.clustering_share.cache_clear()


def side_by_side(plain: pd.DataFrame, clustered: pd.DataFrame) -> pd.DataFrame:
    """The summaries of a backtest without and with clustering, the model rows of the second
    renamed ``model+clustering`` (the baselines are the same in both and shown once)."""
    a = backtest.summary(plain)
    b = backtest.summary(clustered)
    b = b[b["model"] == "model"].assign(model="model+clustering")
    out = pd.concat([a, b], ignore_index=True)
    out["_scope"] = out["scope"].map({"origin": 0, "overall": 1, "overall_linear_cases": 2})
    out["_model"] = out["model"].map(_ORDER)
    out = out.sort_values(["_scope", "origin_months", "_model"], na_position="last")
    return out.drop(columns=["_scope", "_model"]).reset_index(drop=True)


def main() -> None:
    """Print the timings and the backtest summary table (without and with clustering)."""
    print(f"cores: {os.cpu_count()}; load average: {os.getloadavg()}")
    _timed("forecast, 100,000 paths, cold (calibration fitted)", forecast.forecast,
           "2026-11-29", n_paths=100_000)
    warm = [_timed(f"forecast, 100,000 paths, warm run {i + 1}", forecast.forecast,
                   "2026-11-29", n_paths=100_000)[1] for i in range(3)]
    print(f"forecast warm best: {min(warm):.2f} s (target < 2 s)")
    warm_c = [_timed(f"forecast, 100,000 paths, clustering, warm run {i + 1}",
                     forecast.forecast, "2026-11-29", n_paths=100_000,
                     clustering=True)[1] for i in range(3)]
    print(f"forecast with clustering warm best: {min(warm_c):.2f} s (target < 2 s)")
    _clear_caches()
    table, seconds = _timed("backtest (23 treaties x 4 origins, 10,000 paths per case)",
                            backtest.backtest)
    print(f"backtest: {seconds:.1f} s (target < 60 s)")
    _clear_caches()
    clustered, seconds_c = _timed("backtest with clustering (same cases, same seeds)",
                                  backtest.backtest, clustering=True)
    print(f"backtest with clustering: {seconds_c:.1f} s (target < 60 s)")
    shares = clustered.attrs["clustering_share"].values()
    print(f"clustering share over the leave-one-out folds: {min(shares):.3f} to "
          f"{max(shares):.3f} (all calibration treaties: "
          f"{forecast.clustering_share().share:.3f})")
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(side_by_side(table, clustered).round(3).to_string(index=False))


if __name__ == "__main__":
    main()
