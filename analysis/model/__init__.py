"""The entry-into-force model, one job per module (the facade is :mod:`analysis.forecast`).

- :mod:`~analysis.model.history`: reference-treaty histories, the calibration set, the target;
- :mod:`~analysis.model.fits`: per-treaty fits of the cure log-normal (exact gradients);
- :mod:`~analysis.model.stall`: the stall component's prior (never-in-force treaties);
- :mod:`~analysis.model.calibration`: fits + pace spread + propensities, stored or fitted;
- :mod:`~analysis.model.clustering`: optional clustering of deposits at treaty events;
- :mod:`~analysis.model.simulation`: the problem and the vectorised simulation;
- :mod:`~analysis.model.target`: the Hanoi Convention's problem from the status data;
- :mod:`~analysis.model.result`: the :class:`~analysis.model.result.Forecast` type.
"""

__all__ = ["calibration", "clustering", "fits", "history", "result", "simulation", "stall",
           "target"]

