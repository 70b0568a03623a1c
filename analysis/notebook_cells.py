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
import os
import re
import string
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["CURATED_ONLY", "FIELDS", "REFERENCE_ONLY", "check_copy", "fields", "for_treaty",
           "title", "write_for_treaty"]

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


def check_copy(treaty: str | None, *, as_of: Any = None, notebook: str | None = None) -> None:
    """Stop a stored report notebook that was hand-edited to a reference treaty.

    The notebooks as stored are the curated treaty's (the Hanoi Convention's) reports: their
    curated-only cells would run on a replay and mislead. A code cell tagged
    :data:`CURATED_ONLY` right after the imports calls ``check_copy(treaty)``; it passes for
    a profile whose ``status_source`` is ``"curated"`` and otherwise raises ``ValueError``
    naming the treaty and the command that writes its own copy (in which the guard cell, and
    every curated-only cell, is left out). ``as_of`` and ``notebook`` (e.g. ``"01"``) only
    make the suggested command concrete.

    >>> check_copy(None); check_copy("un_cybercrime")
    >>> check_copy("untoc", as_of="2002-06-01", notebook="01")
    Traceback (most recent call last):
    ...
    ValueError: this notebook as stored is the Hanoi Convention's report; for the United \
Nations Convention against Transnational Organized Crime (untoc, MTDSG XVIII-12) write its own \
copy: `python -m analysis notebook 01 --treaty untoc --as-of 2002-06-01 --output untoc_01.ipynb` \
or analysis.notebook_cells.write_for_treaty, then open that copy
    """
    from analysis import treaty as _treaty

    t = _treaty.get(treaty)
    if t.status_source == "curated":
        return
    day, day_hint = _example_day(t, as_of)
    name = notebook or "NN"
    stem = re.sub(r"\.ipynb$", "", Path(name).name)[:2] if notebook else "NN"
    hints = ([] if notebook else ["NN: this notebook's number, e.g. 01"]) + day_hint
    raise ValueError(
        f"this notebook as stored is the {_treaty.get(None).short_name}'s report; "
        f"for the {t.name} "
        f"({t.id}, MTDSG {t.mtdsg}) write its own copy: `python -m analysis notebook {name} "
        f"--treaty {t.id} --as-of {day} --output {t.id}_{stem}.ipynb`"
        + (f" ({'; '.join(hints)})" if hints else "")
        + " or analysis.notebook_cells.write_for_treaty, then open that copy")


def _example_day(t: Any, as_of: Any) -> tuple[str, list[str]]:
    """``as_of`` when a replay of ``t`` can use it, else ``YYYY-MM-DD`` and a hint saying
    which days it can use."""
    from analysis import replay

    try:
        replay.check_day(t.id, as_of)
        return str(as_of), []
    except Exception:  # noqa: BLE001 (only for the hint: a bad day, or no table to read)
        pass
    try:
        from analysis.model.history import treaty_history

        vintage = treaty_history(t.id).vintage
        return "YYYY-MM-DD", [f"YYYY-MM-DD: a day from {t.opened.date()} to {vintage.date()}"]
    except Exception:  # noqa: BLE001
        return "YYYY-MM-DD", []


def write_for_treaty(notebook: str | Path, parameters: Mapping[str, Any],
                     target: str | Path) -> Path:
    """Write the notebook at ``notebook`` as it runs for the treaty of ``parameters`` to
    ``target``, with the parameters set the papermill way, and return the path written.

    ``parameters`` (text or values, e.g. ``{"treaty": "untoc", "as_of": "2002-06-01"}``) are
    checked first against the notebook's ``parameters`` cell, as ``report -p`` does
    (:func:`analysis.notebook_params.check`: an unknown name, a value of the wrong type, a
    date that is not ``YYYY-MM-DD`` or a day a replay cannot use raise ``ValueError`` and
    nothing is written). The copy keeps the cells that apply to the treaty
    (:func:`for_treaty`) and gets papermill's ``injected-parameters`` cell after the
    ``parameters`` cell (``papermill.parameterize.parameterize_notebook``; papermill is in
    the ``reports`` extra), so it opens in Jupyter ready to run. Written through a
    temporary file and a rename.

    >>> import tempfile
    >>> from analysis.report import NOTEBOOKS
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_for_treaty(NOTEBOOKS / "01_participation.ipynb",
    ...                            {"treaty": "untoc", "as_of": "2002-06-01"},
    ...                            Path(tmp) / "untoc.ipynb")
    ...     text = out.read_text(encoding="utf-8")
    ...     "curated-only" in text, "injected-parameters" in text
    (False, True)
    """
    import nbformat

    from analysis import notebook_params

    source = Path(notebook)
    given = notebook_params.check([source], dict(parameters))[source]
    nb = for_treaty(nbformat.read(source, as_version=4), given)
    if given:
        from papermill.parameterize import parameterize_notebook

        # what papermill's own loader (papermill.iorw.load_notebook_node) sets up first
        nb.metadata.setdefault("papermill", nbformat.NotebookNode())
        untagged = [c for c in nb.cells if "tags" not in c.metadata]
        for cell in untagged:
            cell.metadata["tags"] = []
        kernel = (nb.metadata.get("kernelspec") or {}).get("name") or "python3"
        language = (nb.metadata.get("kernelspec") or {}).get("language") or "python"
        nb = parameterize_notebook(nb, given, kernel_name=kernel, language=language)
        for cell in untagged:  # no empty tag lists left in the copy
            if not cell.metadata["tags"]:
                del cell.metadata["tags"]
        for cell in nb.cells:  # papermill's cell gets a random id: a stable one instead
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell["id"] = "injected-parameters"
    out = Path(target)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            nbformat.write(nb, fh)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # as a plain write would, not mkstemp's 0600
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
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
