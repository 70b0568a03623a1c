"""Analysis of the UN Convention against Cybercrime (the "Hanoi Convention").

Submodules, each with one job:

- ``analysis.names``: country names in any spelling or language to ISO codes.
- ``analysis.datafiles``: where the bundled data lives and how code tables are read.

Submodules are imported on demand so that ``import analysis`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = {
    "names", "datafiles", "dates", "treaty", "cli", "status", "untc", "regions", "geo",
    "timeline", "plots",
    "treaties", "forecast", "backtest", "report", "offline", "figures_offline",
    "notebook_params",
}


def __getattr__(name: str) -> Any:
    # Lazy submodules: `analysis.names` works after a bare `import analysis`
    # without paying for pandas at import time.
    if name in _SUBMODULES:
        return importlib.import_module(f"analysis.{name}")
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
