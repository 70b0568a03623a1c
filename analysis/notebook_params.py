"""Notebook parameters: what a notebook's tagged ``parameters`` cell declares, and checking
the values a user passes (``report -p NAME VALUE``) before any notebook runs.

A value given as text (the command line) is converted to the type of the declared default
(int, float, bool, list, ...); dates go through :func:`analysis.dates.parse_date` and are
passed on as ISO text; ``treaty`` must be a known profile (:func:`analysis.treaty.get`).
A name no notebook declares is an error that lists the names they do take.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> nb.cells.append(nbformat.v4.new_code_cell('as_of = "2026-11-29"\\nseed: int = 0',
...                                           metadata={"tags": ["parameters"]}))
>>> declared(nb)
{'as_of': '2026-11-29', 'seed': 0}
>>> convert("seed", "7", 0), convert("as_of", "2002-06-01", "2026-11-29")
(7, '2002-06-01')
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = ["ParameterError", "check", "convert", "declared", "for_notebooks"]

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Marks a declared parameter whose default is not a Python literal (its type is unknown).
NOT_LITERAL = object()
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
_NONE = {"none", "null"}


class ParameterError(ValueError):
    """A parameter no notebook takes, or a value that does not fit the parameter."""


def _cells(notebook: Any) -> list[Any]:
    if isinstance(notebook, str | Path):
        try:
            nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ParameterError(f"cannot read notebook {str(notebook)[:200]!r}: {exc}") from None
        return nb.get("cells", [])
    return notebook["cells"]


def declared(notebook: Any) -> dict[str, Any]:
    """Name -> default of every parameter in the notebook's cell tagged ``parameters``
    (``{}`` when there is none). Defaults that are not literals are :data:`NOT_LITERAL`.

    ``notebook`` is a path or a notebook dict/``NotebookNode``.
    """
    for cell in _cells(notebook):
        tags = (cell.get("metadata") or {}).get("tags") or []
        if cell.get("cell_type") != "code" or "parameters" not in tags:
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        try:
            tree = ast.parse(source)
        except SyntaxError as exc:
            raise ParameterError(f"the parameters cell does not parse: {exc}") from None
        found: dict[str, Any] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name):
                    try:
                        found[target.id] = ast.literal_eval(value)
                    except ValueError:
                        found[target.id] = NOT_LITERAL
        return found
    return {}


def _is_date_param(name: str, default: Any) -> bool:
    return (name == "as_of" or name.endswith("_date")
            or (isinstance(default, str) and bool(_ISO_DAY.match(default))))


def _iso(name: str, value: Any) -> str | None:
    from analysis import dates

    if isinstance(value, str) and value.strip().casefold() in _NONE and name == "as_of":
        return None
    if value is None and name == "as_of":
        return None
    return dates.parse_date(value, name=name).strftime("%Y-%m-%d")


def _literal(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


def convert(name: str, value: Any, default: Any = NOT_LITERAL) -> Any:
    """``value`` for parameter ``name`` with this declared ``default``, checked and converted.

    Text is read as the default's type; dates must be ISO days (``as_of`` may be ``None``).

    >>> convert("n_paths", "100_000", 100)
    100000
    >>> convert("as_of", "31/12/2025", "2026-11-29")
    Traceback (most recent call last):
    ...
    ValueError: as_of: '31/12/2025' is not an ISO date; write YYYY-MM-DD, e.g. '2025-12-31'
    """
    if name == "treaty":
        from analysis import treaty

        return None if value is None else treaty.get(value).id
    text = value.strip() if isinstance(value, str) else None
    if _is_date_param(name, default):
        return _iso(name, value)
    if isinstance(default, list) and default and all(
            isinstance(d, str) and _ISO_DAY.match(d) for d in default):
        items = _literal(text) if text is not None else value
        if isinstance(items, str):
            items = [s for s in re.split(r"[,\s]+", items) if s]
        if not isinstance(items, list | tuple):
            raise ParameterError(f"{name}: expected a list of ISO dates, got {_short(value)}")
        return [_iso(name, v) for v in items]
    if text is None:
        return value
    if isinstance(default, bool):
        if text.casefold() in _TRUE | _FALSE:
            return text.casefold() in _TRUE
        raise ParameterError(f"{name}: expected true or false, got {_short(value)}")
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise ParameterError(f"{name}: expected a whole number, got {_short(value)}") \
                from None
    if isinstance(default, float):
        try:
            return float(text)
        except ValueError:
            raise ParameterError(f"{name}: expected a number, got {_short(value)}") from None
    if isinstance(default, list | tuple | dict):
        parsed = _literal(text)
        if not isinstance(parsed, type(default) | list):
            raise ParameterError(f"{name}: expected a {type(default).__name__} "
                                 f"(JSON or Python literal), got {_short(value)}")
        return parsed
    if default is None or default is NOT_LITERAL:
        parsed = _literal(text)
        return None if isinstance(parsed, str) and parsed.casefold() in _NONE else parsed
    return value


def for_notebooks(notebooks: Sequence[Path], parameters: Mapping[str, Any],
                  ) -> dict[Path, dict[str, Any]]:
    """The checked parameters each notebook receives (only the names it declares).

    Raises :class:`ParameterError` (a ``ValueError``) for a name no notebook declares or a
    value that does not fit, before anything runs.
    """
    tables = {nb: declared(nb) for nb in notebooks}
    known = sorted({name for table in tables.values() for name in table})
    unknown = [n for n in parameters if n not in known]
    if unknown:
        takes = ", ".join(known) if known else "no parameters"
        raise ParameterError(f"unknown parameter {_short(unknown[0])}: the notebooks take "
                             f"{takes}")
    out: dict[Path, dict[str, Any]] = {nb: {} for nb in notebooks}
    for name, value in parameters.items():
        for nb, table in tables.items():
            if name in table:
                out[nb][name] = convert(name, value, table[name])
    for nb, given in out.items():
        if {"focus", "focus_level"} & set(given):
            _check_focus(given.get("focus_level", tables[nb].get("focus_level")),
                         given.get("focus", tables[nb].get("focus")))
    return out


def check(notebooks: Sequence[Path], parameters: Mapping[str, Any],
          ) -> dict[Path, dict[str, Any]]:
    """:func:`for_notebooks`, then, for a replay, its day (:func:`analysis.replay.check_day`):
    everything a run or a copy for a treaty needs checked before any work.

    Raises ``ValueError`` (:class:`ParameterError`, or the date's or treaty's own error).
    """
    work = for_notebooks(notebooks, parameters)
    if parameters.get("treaty") is not None:  # a replay needs a day it can replay
        from analysis import replay

        first = next((w for w in work.values() if "treaty" in w), {})
        replay.check_day(first.get("treaty"), first.get("as_of"))
    return work


def _check_focus(level: Any, focus: Any) -> None:
    """A regional zoom must name a region of its level: fail before any notebook runs.

    >>> try:
    ...     _check_focus("region", "Atlantis")
    ... except ParameterError as exc:
    ...     print(exc)
    focus: no region named 'Atlantis' (focus_level 'region')
    """
    from analysis import regions

    try:
        members = regions.region_members(str(level), str(focus))
    except (KeyError, ValueError) as exc:
        reason = exc.args[0] if exc.args else str(exc)
        raise ParameterError(f"focus: {reason} (focus_level {_short(level)})") from None
    if not members:
        raise ParameterError(f"focus: {_short(focus)} has no members at level {_short(level)}")
