"""Analysis of the UN Convention against Cybercrime (the "Hanoi Convention").

Every submodule is reachable from a bare ``import analysis`` (``analysis.names``,
``analysis.status``, ``analysis.forecast``, ...) and is imported on first use, so that
``import analysis`` stays cheap. The list is read from the package's own files, never kept by
hand. The flow of the package, upstream first (``tests/test_house.py`` keeps it so):
sources (``untc``) -> reference data (``names``, ``regions``, ``geo``, ``treaties``,
``treaty``) -> ``status`` -> rules (``timeline``) -> model (``forecast``, ``backtest``,
``scenarios``) -> figures (the kit ``plots``, one module per report: ``participation_plots``,
``timeline_plots``, ``replay_plots``; ``offline``) -> ``report`` and ``cli``.

The core install answers names, status and regions; maps, the forecast and the reports need
the extras ``maps``, ``forecast`` and ``reports`` (``pip install
'hanoi-convention-analysis[reports]'``); a submodule whose extra is missing says which one.

>>> import analysis
>>> "participation" in analysis.__all__ and "__main__" not in analysis.__all__
True
>>> analysis.names.to_iso3("France")
'FRA'
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

__version__ = "0.1.0"

#: The distribution's name, as `pip install` spells it (for the extras named in error messages).
DISTRIBUTION = "hanoi-convention-analysis"

# Every module and subpackage in this folder, except private ones and the command-line entry
# point (importing ``__main__`` would run the CLI).
_SUBMODULES = frozenset(
    info.name for info in pkgutil.iter_modules(__path__) if not info.name.startswith("_")
)

__all__ = ["DISTRIBUTION", "__version__", *sorted(_SUBMODULES)]


def _extras() -> list[tuple[str, str]]:
    """(requirement, extra) pairs: from the clone's pyproject.toml when running from a clone
    (the installed metadata may be older), else from the installed distribution."""
    import re
    from pathlib import Path

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    if pyproject.is_file():
        import tomllib

        optional = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"].get(
            "optional-dependencies", {})
        return [(req, extra) for extra, reqs in optional.items() for req in reqs]
    from importlib.metadata import PackageNotFoundError, requires

    try:
        requirements = requires(DISTRIBUTION) or []
    except PackageNotFoundError:
        return []
    pairs = []
    for req in requirements:
        extra = re.search(r"""extra\s*==\s*["']([^"']+)["']""", req)
        if extra:
            pairs.append((req, extra.group(1)))
    return pairs


def _extra_for(package: str) -> str | None:
    """The first extra (in pyproject order: maps, forecast, reports, ...) installing the
    distribution that provides the importable ``package``."""
    import re
    from importlib.metadata import packages_distributions

    def norm(name: str) -> str:
        return name.lower().replace("_", "-")

    wanted = {norm(d) for d in packages_distributions().get(package, [])} | {norm(package)}
    for req, extra in _extras():
        if norm(re.split(r"[<>=!~ \[;]", req, maxsplit=1)[0]) in wanted:
            return extra
    return None


def __getattr__(name: str) -> Any:
    # PEP 562 lazy submodules: `analysis.participation` works after a bare `import analysis`.
    if name not in _SUBMODULES:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").split(".")[0]
        if not missing or missing == __name__:
            raise
        extra = _extra_for(missing)
        hint = (f"pip install '{DISTRIBUTION}[{extra}]'" if extra
                else f"install {missing}")
        raise ModuleNotFoundError(
            f"analysis.{name} needs {missing}, which is not installed: {hint}", name=missing
        ) from exc


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
