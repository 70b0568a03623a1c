"""Where the bundled data and notebooks live, and the one way code tables are read.

``data/`` and ``notebooks/`` sit at the top of the repository. In a clone (an editable
install, the tests) they are read from there. A wheel carries copies of both inside the
package (``analysis/_bundled/``, written by the build step in ``setup.py``), found through
:mod:`importlib.resources`, so that an ordinary ``pip install`` works from any folder.
``ANALYSIS_DATA_DIR`` and ``ANALYSIS_NOTEBOOKS_DIR`` point elsewhere (tests, snapshots).

Every table in ``data/`` is read with :func:`read_table`, which switches off
pandas' missing-value guessing: Namibia's ISO code is "NA" and must stay "NA".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DATA_DIR", "DATA_ENV", "NOTEBOOKS_ENV", "SIDECAR_SUFFIX", "data_dir", "data_path",
    "notebooks_dir", "provenance", "read_table", "sidecar_path",
]

#: Environment variables that point the package at another data or notebooks folder.
DATA_ENV = "ANALYSIS_DATA_DIR"
NOTEBOOKS_ENV = "ANALYSIS_NOTEBOOKS_DIR"

_PACKAGE = Path(__file__).resolve().parent
_CLONE = _PACKAGE.parent
#: Inside the package, where a wheel keeps its copies (see setup.py).
_BUNDLED = "_bundled"


def _in_clone(name: str) -> Path | None:
    # A clone is recognised by its pyproject.toml beside the package: a site-packages folder
    # that happens to hold a data/ folder of another project is not mistaken for one.
    folder = _CLONE / name
    return folder if (_CLONE / "pyproject.toml").is_file() and folder.is_dir() else None


def _in_package(name: str) -> Path | None:
    from importlib.resources import files

    folder = files(__package__ or "analysis") / _BUNDLED / name
    # A zipped install has no real folder to hand to pandas; it is not a supported layout.
    return folder if isinstance(folder, Path) and folder.is_dir() else None


def _locate(name: str, env: str) -> tuple[Path, list[str]]:
    """The folder for ``name`` and where it was looked for (for error messages)."""
    override = os.environ.get(env, "").strip()
    if override:
        return Path(override).expanduser(), [f"{env}={override}"]
    found = _in_clone(name) or _in_package(name)
    looked = [str(_CLONE / name), str(_PACKAGE / _BUNDLED / name)]
    return (found if found is not None else _CLONE / name), looked


def _checked(name: str, env: str, what: str) -> Path:
    folder, looked = _locate(name, env)
    if not folder.is_dir():
        raise FileNotFoundError(
            f"no {what} folder: looked in {' and '.join(looked)}. A clone has {name}/ at its "
            f"top; a wheel or sdist built from a clone carries a copy. Set {env} to a folder "
            f"laid out like the repository's {name}/ to use another one."
        )
    return folder


def data_dir() -> Path:
    """The data folder: ``ANALYSIS_DATA_DIR``, else the clone's ``data/``, else the wheel's copy.

    Read at each call (``DATA_DIR`` is the same, fixed at import). Raises
    ``FileNotFoundError`` saying where it looked when there is none.

    >>> (data_dir() / "manifest.csv").is_file()
    True
    """
    return _checked("data", DATA_ENV, "data")


def notebooks_dir() -> Path:
    """The report notebooks' folder: ``ANALYSIS_NOTEBOOKS_DIR``, else the clone's
    ``notebooks/``, else the wheel's copy.

    Raises ``FileNotFoundError`` saying where it looked when there is none, so that a report
    build never silently builds nothing.

    >>> sorted(p.name for p in notebooks_dir().glob("01_*.ipynb"))
    ['01_participation.ipynb']
    """
    return _checked("notebooks", NOTEBOOKS_ENV, "notebooks")


#: The data folder at import time (see :func:`data_dir`); modules read their tables under it.
#: Never raises at import: when no data folder exists it names the clone's, and reading a
#: table then fails with that path (``data_dir()`` explains where it looked).
DATA_DIR: Path = _locate("data", DATA_ENV)[0]


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
