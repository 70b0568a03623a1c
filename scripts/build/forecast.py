"""Fit the forecast's calibration and run its real-time backtest (data/derived/forecast/).

Inputs: ``raw/treaties/treaty_milestones.csv``, ``raw/treaties/participants/*.csv`` (the
reference treaties of ``analysis.forecast.CALIBRATION_TREATIES``) and
``raw/treaties/ieadb_mea_signature_to_eif.csv`` (the stall prior).

Outputs:

- ``derived/forecast/calibration.json``: the fitted parameters ``analysis.forecast.forecast``
  reads for the default treaty -- group A's fit per treaty, group B's fit per treaty at
  every ``STORE_STEP``-th day from opening to ``MAX_ORIGIN``, the country propensities, the
  correlations and the stall prior. Stored so that the same seed gives the same forecast on
  every machine (the fits are the only step whose last digits depend on the BLAS kernels).
- ``derived/forecast/backtest_summary.csv``: ``analysis.backtest.score_summary`` of the
  real-time backtest (quoted by the forecast's notes);
  ``derived/forecast/backtest_cases.csv``: its cases, one row per treaty, origin and model.
"""

from __future__ import annotations

import json

import numpy as np
from build._common import DATA, write_derived

from analysis import backtest, forecast

MAX_ORIGIN = 1820
INPUTS = ["raw/treaties/treaty_milestones.csv", "raw/treaties/ieadb_mea_signature_to_eif.csv"]


def calibration_payload() -> dict:
    ids = tuple(sorted(forecast.CALIBRATION_TREATIES))
    universe = forecast._universe(ids)
    with forecast._one_blas_thread():
        fits_a = {t: forecast._fit_a(t).tolist() for t in ids}
        fits_b = {str(o): {t: forecast._fit_b(t, o, universe).tolist() for t in ids}
                  for o in range(0, MAX_ORIGIN + 1, forecast.STORE_STEP)}
    pm, var, blocks = forecast._propensity(ids, universe, True, None)
    stall = forecast.stall_prior(None, (forecast.TARGET,))
    return {"treaty_ids": list(ids), "universe": list(universe),
            "store_step": forecast.STORE_STEP, "max_origin": MAX_ORIGIN,
            "fits_a": fits_a, "fits_b": fits_b,
            "propensity_mean": {k: float(v) for k, v in pm.items()},
            "propensity_var": var, "correlations": blocks,
            "stall": {k: (list(v) if isinstance(v, tuple) else v)
                      for k, v in stall.__dict__.items()}}


def build() -> None:
    payload = calibration_payload()
    ids = payload["treaty_ids"]
    inputs = INPUTS + [f"raw/treaties/participants/{t}.csv" for t in ids]
    out = DATA / "derived" / "forecast"
    write_derived(out / "calibration.json", json.dumps(payload, indent=1, sort_keys=True)
                  + "\n", source="scripts/build/forecast.py (analysis.forecast fits)",
                  inputs=inputs, licence="derived from the inputs (see their sidecars)",
                  notes="penalised maximum-likelihood fits of the cure log-normal per "
                  "reference treaty (exact gradients, L-BFGS-B, tight tolerance), group B at "
                  f"every {forecast.STORE_STEP}th day to day {MAX_ORIGIN}; propensities and "
                  "correlations; the stall prior. Read by analysis.forecast.forecast.")
    forecast._stored.cache_clear()
    table = backtest.backtest(real_time=True)
    summary = backtest.score_summary(table)
    write_derived(out / "backtest_summary.csv", summary.to_csv(index=False, float_format=
                                                               "%.6g"),
                  source="scripts/build/forecast.py (analysis.backtest, real_time=True)",
                  inputs=inputs, licence="derived from the inputs (see their sidecars)",
                  notes=f"real-time backtest, {table.attrs['n_paths']} paths per case, seed "
                  f"{table.attrs['seed']}; bootstrap over treaties ({summary.attrs['n_boot']} "
                  f"resamples, {summary.attrs['level']:.0%} intervals); skipped folds: "
                  f"{', '.join(table.attrs['skipped']) or 'none'}")
    cases = table[table["scope"] == "case"].drop(columns=["scope", "n"])
    write_derived(out / "backtest_cases.csv", cases.to_csv(index=False, float_format="%.6g"),
                  source="scripts/build/forecast.py (analysis.backtest, real_time=True)",
                  inputs=inputs, licence="derived from the inputs (see their sidecars)",
                  notes="one row per held-out treaty, origin and model; days since opening")
    print(f"forecast: {len(payload['fits_b'])} origins x {len(ids)} treaties fitted; "
          f"backtest {np.round(table.attrs['seconds'], 1)} s")
