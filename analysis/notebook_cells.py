"""The cells of a report notebook that apply to a treaty, chosen by its profile.

A report notebook serves every treaty profile (:mod:`analysis.treaty`). Cells that hold
only for the curated treaty (its news-based status, known unknowns, curated sources, EU
what-ifs, the Hanoi text) carry the cell tag :data:`CURATED_ONLY`; cells written for a
reference treaty replayed from its UNTC table carry :data:`REFERENCE_ONLY`. Which set is
kept is read from the profile's ``status_source``, never from its id. In a kept
reference-only Markdown cell, ``{name}``-style fields are filled from the profile and the
parameters (:data:`FIELDS`), so the text names the treaty and states its rule.

>>> import nbformat
>>> nb = nbformat.v4.new_notebook()
>>> nb.cells = [nbformat.v4.new_markdown_cell("# Hanoi", metadata={"tags": [CURATED_ONLY]}),
...             nbformat.v4.new_markdown_cell("# {short_name} on {as_of_text}",
...                                           metadata={"tags": [REFERENCE_ONLY]})]
>>> [c.source for c in for_treaty(nb, {"treaty": "untoc", "as_of": "2002-06-01"}).cells]
['# United Nations Convention against Transnational Organized Crime on 1 June 2002']
>>> [c.source for c in for_treaty(nb, {}).cells]
['# Hanoi']
"""

from __future__ import annotations

import copy
import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["CURATED_ONLY", "FIELDS", "REFERENCE_ONLY", "fields", "for_treaty", "title",
           "write_for_treaty"]

#: Tag of cells kept only for the curated treaty (``status_source == "curated"``).
CURATED_ONLY = "curated-only"
#: Tag of cells kept only for a reference treaty (replayed from its table).
REFERENCE_ONLY = "reference-only"
#: The fields a reference-only Markdown cell may use.
FIELDS = ("id", "name", "short_name", "mtdsg", "threshold", "lag_days", "eif_rule",
          "opened_text", "as_of_text", "as_of")


def _human(day: Any) -> str:
    import pandas as pd

    d = pd.Timestamp(day)
    return f"{d.day} {d:%B %Y}"


def fields(parameters: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The values of :data:`FIELDS` for the treaty and ``as_of`` in ``parameters``.

    >>> fields({"treaty": "untoc", "as_of": "2002-06-01"})["opened_text"]
    '12 December 2000'
    """
    from analysis import dates, treaties
    from analysis import treaty as _treaty

    params = dict(parameters or {})
    t = _treaty.get(params.get("treaty"))
    as_of = dates.parse_as_of(params.get("as_of"))
    m = treaties.milestones().set_index("treaty_id")
    rule = str(m.loc[t.id, "eif_rule"]) if t.id in m.index else ""
    if not rule:
        rule = f"{t.rule.lag_days}th day after the deposit of the {t.rule.threshold}th instrument"
    return {
        "eif_rule": rule,
        "id": t.id, "name": t.name, "short_name": t.short_name, "mtdsg": t.mtdsg,
        "threshold": str(t.rule.threshold),
        "lag_days": "" if t.rule.lag_days is None else str(t.rule.lag_days),
        "opened_text": _human(t.opened),
        "as_of_text": "the latest data" if as_of is None else _human(as_of),
        "as_of": "" if as_of is None else str(as_of.date()),
    }


def _tags(cell: Mapping[str, Any]) -> list[str]:
    return list((cell.get("metadata") or {}).get("tags") or [])


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _fill(text: str, values: Mapping[str, str]) -> str:
    names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    unknown = sorted(names - set(values))
    if unknown:
        raise ValueError(f"a reference-only cell uses unknown field(s) {unknown}; "
                         f"known: {', '.join(FIELDS)}")
    return text.format_map(values)


def _select(cells: list[Any], parameters: Mapping[str, Any] | None) -> list[Any]:
    from analysis import treaty as _treaty

    params = dict(parameters or {})
    replay = _treaty.get(params.get("treaty")).status_source != "curated"
    drop = CURATED_ONLY if replay else REFERENCE_ONLY
    values = fields(params) if replay else {}
    kept = []
    for cell in cells:
        if drop in _tags(cell):
            continue
        if replay and REFERENCE_ONLY in _tags(cell) and cell.get("cell_type") == "markdown":
            cell = copy.deepcopy(cell)
            cell["source"] = _fill(_source(cell), values)
        kept.append(cell)
    return kept


def for_treaty(notebook: Any, parameters: Mapping[str, Any] | None = None) -> Any:
    """A copy of ``notebook`` (a ``NotebookNode`` or notebook dict) with the cells that apply
    to the treaty of ``parameters`` (default the Hanoi Convention), its reference-only
    Markdown filled in, and ``metadata["analysis"]`` naming the treaty (``treaty``,
    ``treaty_name``).

    >>> from analysis.report import NOTEBOOKS
    >>> import nbformat
    >>> nb = nbformat.read(NOTEBOOKS / "02_entry_into_force.ipynb", as_version=4)
    >>> replayed = for_treaty(nb, {"treaty": "untoc", "as_of": "2002-06-01"})
    >>> replayed.metadata["analysis"]["treaty"], len(replayed.cells) < len(nb.cells)
    ('untoc', True)
    """
    from analysis import treaty as _treaty

    t = _treaty.get(dict(parameters or {}).get("treaty"))
    out = copy.deepcopy(notebook)
    out["cells"] = _select(list(notebook["cells"]), parameters)
    out.setdefault("metadata", {})["analysis"] = {"treaty": t.id, "treaty_name": t.name}
    return out


def write_for_treaty(notebook: str | Path, parameters: Mapping[str, Any],
                     target: str | Path) -> Path:
    """Write the notebook at ``notebook`` as it runs for the treaty of ``parameters`` to
    ``target`` (to open a replay in Jupyter: set ``treaty`` and ``as_of`` in its parameters
    cell there, or run it with papermill). Returns the path written.

    >>> import tempfile
    >>> from analysis.report import NOTEBOOKS
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_for_treaty(NOTEBOOKS / "01_participation.ipynb", {"treaty": "untoc"},
    ...                            Path(tmp) / "untoc.ipynb")
    ...     "curated-only" in out.read_text(encoding="utf-8")
    False
    """
    import nbformat

    nb = for_treaty(nbformat.read(Path(notebook), as_version=4), parameters)
    out = Path(target)
    nbformat.write(nb, out)
    return out


def title(notebook: Any, parameters: Mapping[str, Any] | None = None) -> str | None:
    """The first Markdown heading (without its number) of the cells that apply, or None.

    >>> from analysis.report import NOTEBOOKS
    >>> import json
    >>> nb = json.loads((NOTEBOOKS / "01_participation.ipynb").read_text())
    >>> "Transnational Organized Crime" in title(nb, {"treaty": "untoc"})
    True
    """
    for cell in _select(list(notebook["cells"]), parameters):
        if cell.get("cell_type") == "markdown":
            m = re.search(r"^#+\s+(.+)$", _source(cell), flags=re.M)
            if m:  # "02 · When will ..." -> "When will ..."
                return re.sub(r"^\d+\s*[·.:-]\s*", "", m.group(1).strip())
    return None
