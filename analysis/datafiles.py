"""Where the bundled data lives, and the one way code tables are read.

Every table in ``data/`` is read with :func:`read_table`, which switches off
pandas' missing-value guessing: Namibia's ISO code is "NA" and must stay "NA".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: The repository's ``data/`` folder; ``ANALYSIS_DATA_DIR`` points elsewhere (tests, snapshots).
DATA_DIR = Path(
    os.environ.get("ANALYSIS_DATA_DIR", Path(__file__).resolve().parent.parent / "data")
)


def data_path(*parts: str) -> Path:
    """Path of a file under the data folder.

    >>> data_path("manifest.csv").name
    'manifest.csv'
    """
    return DATA_DIR.joinpath(*parts)


def read_table(path: str | os.PathLike[str], **kwargs: Any) -> pd.DataFrame:
    """Read a CSV code table as text, never turning "NA" (Namibia) or "" into NaN.

    Empty cells stay empty strings; convert columns explicitly where a type is wanted.

    >>> df = read_table(data_path("manifest.csv"))
    >>> "path" in df.columns
    True
    """
    import pandas as pd

    kwargs.setdefault("dtype", str)
    kwargs.setdefault("keep_default_na", False)
    kwargs.setdefault("na_values", [])
    kwargs.setdefault("encoding", "utf-8")
    return pd.read_csv(path, **kwargs)


SIDECAR_SUFFIX = ".meta.json"


def sidecar_path(path: str | os.PathLike[str]) -> Path:
    """Where a data file's provenance sidecar lives (``X`` -> ``X.meta.json``).

    >>> sidecar_path("data/raw/x.csv").name
    'x.csv.meta.json'
    """
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def provenance(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A data file's provenance: its sidecar as a dict (source, url, licence, version, ...).

    >>> provenance(data_path("raw", "regions", "m49_regions.csv"))["licence"]
    'CC-BY-SA-4.0'
    """
    import json

    return json.loads(sidecar_path(path).read_text(encoding="utf-8"))
