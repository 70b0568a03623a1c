"""The forecast result type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analysis.dates import parse_date

__all__ = ["Forecast"]

@dataclass(frozen=True, eq=False)
class Forecast:
    """Result of :func:`forecast`.

    ``quantiles``: the entry-into-force date's median and 50/80/95 % central intervals
    (``interval, level, lower, upper``; NaT = beyond the horizon); ``by_date``: month-end
    dates with ``p_in_force`` and the counting instruments deposited by then
    (``instruments_mean, instruments_p10, instruments_p90``); ``samples``: one
    entry-into-force date per path (``datetime64[D]``, NaT = not within the horizon);
    ``p_never``: share of paths not reaching the threshold within ``horizon_years``;
    ``notes``: assumptions and data caveats in words; ``attrs``: provenance and numbers.
    """

    as_of: pd.Timestamp
    info_date: pd.Timestamp
    threshold: int
    known_instruments: int
    quantiles: pd.DataFrame
    by_date: pd.DataFrame
    samples: np.ndarray
    p_never: float
    notes: tuple[str, ...]
    attrs: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def median(self) -> pd.Timestamp:
        """Median entry-into-force date (NaT when more than half the paths never reach it)."""
        return self.quantiles.set_index("interval").loc["median", "lower"]

    def p_in_force_by(self, date: Any) -> float:
        """Probability that the Convention is in force on ``date``.

        >>> from analysis.forecast import forecast
        >>> f = forecast("2026-11-29", n_paths=2000)
        >>> 0.0 <= f.p_in_force_by("2030-12-31") <= 1.0
        True
        """
        day = np.datetime64(parse_date(date, name="date").date(), "D")
        s = self.samples
        return float(np.mean(~np.isnat(s) & (s <= day)))


_LEVELS = {"median": (0.5, 0.5), "50%": (0.25, 0.75), "80%": (0.1, 0.9),
           "95%": (0.025, 0.975)}


def _quantile_table(days: np.ndarray, to_date) -> pd.DataFrame:
    rows = []
    for name, (lo, hi) in _LEVELS.items():
        qs = np.quantile(days, [lo, hi], method="inverted_cdf")
        rows.append({"interval": name, "level": hi - lo if name != "median" else 0.0,
                     "lower": to_date(qs[0]), "upper": to_date(qs[1])})
    return pd.DataFrame(rows)
