"""Text from data stays text: a status snapshot with HTML and script markup in its names,
notes and sources, built into the reports and opened in headless Chromium.

The bundled ``data/`` is copied to a temporary folder and its status tables are crafted:

- Canada's rows take the participant name ``Atlantis <script>...</script><img onerror=...>``,
  a note carrying the same kind of markup and the source ``javascript:alert(1)``; Canada signed
  after Hanoi, so its name and note reach the signature table of ``01_participation`` and its
  shape on the world map carries the name in its hover label;
- Qatar's rows take the name ``Lemuria <script>...``: Qatar reported a consent, so the name
  reaches the consents table and the printed scenario notes of ``02_entry_into_force``;
- the notes of the unnamed-signature rows of ``known_unknowns.csv`` carry markup too.

The status loaders read names as text (no re-resolution through :mod:`analysis.names`), so
the ISO-3 codes stay valid and every count is unchanged. Both notebooks are executed with
``data_dir`` pointing at the crafted snapshot by ``make report``'s builder
(:func:`analysis.report.build_all`), once per session (shared by xdist workers). Each page is
opened with every non-file request blocked and the crafted country is hovered on the map.
Each payload sets ``window.__xss`` to its own number if it ever runs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser.build import ROOT, cached
from browser.chromium import chromium_missing, inspect_page

from analysis import participation, report, status

NOTEBOOKS = [ROOT / "notebooks" / "01_participation.ipynb",
             ROOT / "notebooks" / "02_entry_into_force.ipynb"]


def _payload(n: int) -> str:
    return f'<script>window.__xss={n}</script><img src=x onerror="window.__xss={n + 1}">'


NAME_CAN = f"Atlantis {_payload(1)}"
NAME_QAT = f"Lemuria {_payload(3)}"
NOTE = f"crafted note {_payload(5)}"
KU_NOTE = f"crafted unknown {_payload(7)}"
SOURCE = "javascript:alert(1)"


def craft(data_dir: Path) -> None:
    """Put the crafted text into the status tables of a copy of ``data/``."""
    from analysis.datafiles import read_table

    folder = data_dir / "curated" / "status"
    ev = read_table(folder / "events.csv")
    can, qat = ev["iso3"].eq("CAN"), ev["iso3"].eq("QAT")
    assert can.sum() == 1 and qat.sum() == 2
    ev.loc[can, "participant"] = NAME_CAN
    ev.loc[can, "note"] = NOTE
    ev.loc[can | qat, "source_url"] = SOURCE
    ev.loc[qat, "participant"] = NAME_QAT
    ev.to_csv(folder / "events.csv", index=False)
    ku = read_table(folder / "known_unknowns.csv")
    unnamed = ku["quantity"].eq("signature_unidentified")
    assert unnamed.sum() >= 2
    ku.loc[unnamed, "note"] = KU_NOTE
    ku.to_csv(folder / "known_unknowns.csv", index=False)


def _build(folder: Path) -> dict:
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    craft(data)
    code = report.build_all(folder / "reports", parameters={"data_dir": str(data)},
                            only=NOTEBOOKS)
    return {"exit_code": code, "data": str(data)}


@pytest.fixture(scope="session")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(reports folder, crafted data folder), built once per session."""
    folder, result = cached(tmp_path_factory, "crafted-reports", _build)
    assert result["exit_code"] == 0, "building the reports on the crafted snapshot failed"
    return folder / "reports", Path(result["data"])


# Evaluated in the page after hovering: did anything run, was anything injected, and where
# does the crafted text show?
INJECTED_JS = """
() => ({
  xss: typeof window.__xss === "undefined" ? null : String(window.__xss),
  dialogs: window.__dialogs,
  scripts: Array.from(document.querySelectorAll("script"))
    .filter((s) => s.textContent.trim().startsWith("window.__xss")).length,
  images: document.querySelectorAll('img[src="x"], img[onerror]').length,
  onerror: document.querySelectorAll("[onerror]").length,
  jsLinks: document.querySelectorAll('a[href^="javascript:"], [href^="javascript:"]').length,
  cells: Array.from(document.querySelectorAll("td")).map((td) => td.textContent)
    .filter((t) => t.includes("__xss") || t.includes("javascript:")),
  text: document.body.innerText,
  titles: Array.from(document.querySelectorAll(".js-plotly-plot .gtitle"))
    .map((t) => t.textContent),
})
"""


def test_the_loaders_read_the_crafted_snapshot(crafted: tuple[Path, Path]) -> None:
    _, data = crafted
    ev = status.events(data_dir=data)
    assert set(ev.loc[ev["iso3"] == "CAN", "participant"]) == {NAME_CAN}
    table = participation.by_country("2026-11-29", data_dir=data).set_index("iso3")
    assert table.loc["CAN", "name"] == NAME_CAN and table.loc["QAT", "name"] == NAME_QAT
    # Only text changed: the counts are those of the bundled data.
    assert status.counts("2026-11-29", data_dir=data) == status.counts("2026-11-29")


@pytest.mark.skipif(bool(chromium_missing()), reason=str(chromium_missing()))
@pytest.mark.parametrize("stem", [p.stem for p in NOTEBOOKS])
def test_crafted_text_renders_inert_and_literal(crafted: tuple[Path, Path], stem: str,
                                                tmp_path: Path) -> None:
    reports, _ = crafted
    path = reports / f"{stem}.html"
    html = path.read_text(encoding="utf-8")
    # Never raw markup in the file: escaped in tables, stream output and figure JSON.
    for raw in ("<script>window.__xss", "<img src=x", "<a href=\"javascript:"):
        assert raw not in html, raw
    assert "&lt;script&gt;window.__xss" in html
    assert "checks passed" in html  # the notebook's own asserts ran on the crafted data

    page = inspect_page(path, tmp_path, needle="Atlantis &lt;script&gt;",
                        after_hover={"after": INJECTED_JS})
    assert page.blocked == [] and page.requests == [page.url], page.requests
    assert page.console_errors == [] and page.page_errors == [], (page.console_errors,
                                                                  page.page_errors)
    assert page.drawn, page.figures
    found = page.extra["after"]
    assert found["xss"] is None, f"a payload ran: window.__xss = {found['xss']}"
    assert page.dialogs == [] and found["dialogs"] == [], (page.dialogs, found["dialogs"])
    assert page.inert["dialogsAfterHover"] == []
    assert found["scripts"] == 0 and found["images"] == 0 and found["onerror"] == 0, found
    assert found["jsLinks"] == 0, "a source URL became a link"
    assert not any("__xss" in t for t in found["titles"]), found["titles"]
    text = found["text"]

    if stem == "01_participation":
        # The map's hover label over the crafted country shows its name as text.
        assert [h["text"] for h in page.hover if NAME_CAN in h["text"]], page.hover
        assert len(page.hover) == 1  # the world map (the regional zoom is Africa)
        # Tables: the signature log (name and note), the sources, the known unknowns.
        for literal in (NAME_CAN, NOTE, KU_NOTE, SOURCE):
            assert literal in text, literal
            assert any(literal in c for c in found["cells"]), literal
    else:
        # The consents table and the printed scenario notes name the crafted participant.
        assert any(NAME_QAT in c for c in found["cells"]), found["cells"]
        notes = [line for line in text.splitlines() if "reported as ratified at home" in line]
        assert notes and all(NAME_QAT in n for n in notes), notes
