"""analysis.untc: every fixture parses or fails with its own clear error; updates are atomic.

The fixtures in tests/fixtures/untc/ are written for this project (invented rows in UNTC's
shapes). No test touches the network: urlopen is replaced by a function that fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import untc
from analysis.cli import main

FIX = Path(__file__).parent / "fixtures" / "untc"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr("urllib.request.urlopen", refuse)
    monkeypatch.setattr("urllib.request.OpenerDirector.open", refuse)


def test_mtdsg_xml_every_suffix_footnotes_and_eu():
    ev = untc.read(FIX / "mtdsg_ok.xml")
    assert list(ev.columns) == untc.EVENT_COLUMNS
    assert ev.attrs["format"] == "xml"
    assert ev.attrs["rows_in_table"] == ev.attrs["participants"] == 8
    assert ev.attrs["unparsed"] == [] and ev.attrs["warnings"] == []
    assert (ev.attrs["reported_signatories"], ev.attrs["reported_parties"]) == (7, 6)
    actions = ev.set_index(["iso3", "action"])
    assert set(ev["action"]) == {"signature", "ratification", "acceptance", "approval",
                                 "accession", "succession"}
    assert actions.loc[("CIV", "acceptance"), "date"] == pd.Timestamp("2026-04-02")
    assert actions.loc[("EUU", "approval"), "date"] == pd.Timestamp("2026-06-30")
    assert actions.loc[("PLW", "accession"), "date"] == pd.Timestamp("2026-07-15")
    assert actions.loc[("MNE", "succession"), "date"] == pd.Timestamp("2026-08-03")
    # both a signature and a consent in one row
    assert {"signature", "ratification"} <= set(ev.loc[ev.iso3 == "CZE", "action"])
    # footnote markers are not part of the name, but are kept in the note
    cze = ev[ev.iso3 == "CZE"].iloc[0]
    assert cze["participant"] == "Czechia" and cze["note"] == "footnote 1"
    assert ev.loc[ev.iso3 == "EUU", "participant"].iloc[0] == "European Union"
    assert "date footnote 4" in ev.loc[(ev.iso3 == "NAM") & (ev.action != "signature"),
                                       "note"].iloc[0]
    assert "NA" not in set(ev["iso3"]) and "NAM" in set(ev["iso3"])
    assert (ev["date_precision"] == "day").all() and (ev["confidence"] == "official").all()
    assert set(ev.loc[ev.action == "signature", "stage"]) == {""}
    assert set(ev.loc[ev.action != "signature", "stage"]) == {"deposited"}
    assert "Türkiye" in set(ev["participant"]) and "Côte d'Ivoire" in set(ev["participant"])


def test_html_status_page():
    ev = untc.read(FIX / "untc_ok.html")
    assert ev.attrs["format"] == "html"
    assert ev.attrs["participants"] == ev.attrs["rows_in_table"] == 5
    # the figure inside a <script> is ignored; the page's own figures are read
    assert (ev.attrs["reported_signatories"], ev.attrs["reported_parties"]) == (4, 3)
    assert ev.loc[ev.iso3 == "EUU", "action"].tolist() == ["signature", "approval"]
    assert ev.loc[ev.iso3 == "PLW", "action"].tolist() == ["accession"]


@pytest.mark.parametrize(("name", "error", "words"), [
    ("maintenance.html", untc.MaintenancePageError, "maintenance"),
    ("renamed_column.xml", untc.ColumnError, "Ratification, Acceptance(A)"),
    ("malformed.xml", untc.MalformedFileError, "malformed XML"),
    ("xxe.xml", untc.UnsafeXMLError, "unsafe XML"),
    ("billion_laughs.xml", untc.UnsafeXMLError, "unsafe XML"),
    ("unresolved.xml", untc.UnresolvedNamesError, "Atlantis"),
    ("count_mismatch.xml", untc.ReconciliationError, "Signatories: 72"),
    ("bad_row.xml", untc.ReconciliationError, "sometime in 2025"),
])
def test_bad_fixtures_fail_clearly(name, error, words):
    with pytest.raises(error) as info:
        untc.read(FIX / name)
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


def test_renamed_column_names_what_was_found():
    with pytest.raises(untc.ColumnError, match="Consent to be bound"):
        untc.read(FIX / "renamed_column.xml")


@pytest.mark.parametrize(("name", "error"), [("xxe.xml", untc.UnsafeXMLError),
                                             ("xxe.html", untc.UnresolvedNamesError)])
def test_xxe_content_never_appears(name, error):
    secret = Path("/etc/passwd")
    lines = secret.read_text().splitlines()[:3] if secret.exists() else ["root:x:0:0"]
    with pytest.raises(error) as info:
        untc.read(FIX / name)
    for line in lines:
        assert line not in str(info.value)
    ev = untc.read(FIX / name, resolve=lambda names: pd.DataFrame(
        {"iso3": ["XXX"] * len(names), "status": ["matched"] * len(names)})) \
        if name.endswith("html") else None
    if ev is not None:
        assert not any(line in " ".join(ev["participant"]) for line in lines)


def test_billion_laughs_is_refused_fast():
    start = time.perf_counter()
    with pytest.raises(untc.UnsafeXMLError):
        untc.read(FIX / "billion_laughs.xml")
    assert time.perf_counter() - start < 2


def test_external_dtd_is_not_fetched():
    ev = untc.read(FIX / "external_dtd.xml")  # urlopen would raise; expat does not fetch it
    assert ev["iso3"].tolist() == ["DZA"]


def test_size_limit(tmp_path: Path):
    big = tmp_path / "big.xml"
    with open(big, "wb") as f:
        f.truncate(untc.MAX_BYTES + 1)  # sparse: cheap to make
    with pytest.raises(untc.FileTooLargeError, match="limit"):
        untc.read(big)
    with pytest.raises(untc.FileTooLargeError):
        untc.read(FIX / "mtdsg_ok.xml", max_bytes=100)


def test_unparsed_rows_are_reported_not_dropped():
    ev = untc.read(FIX / "bad_row.xml", strict=False)
    a = ev.attrs
    assert a["rows_in_table"] == a["participants"] + len(a["unparsed"]) + a["empty_rows"]
    assert [u["cells"][0] for u in a["unparsed"]] == ["Angola"]
    assert a["empty_rows"] == 1
    assert a["warnings"]  # the page says 3 signatories, 2 were parsed
    assert sorted(ev["iso3"]) == ["AUT", "DZA"]


def test_not_a_status_page(tmp_path: Path):
    other = tmp_path / "other.xml"
    other.write_text("<?xml version='1.0'?><Document><Title>x</Title></Document>")
    with pytest.raises(untc.MalformedFileError, match="Participants"):
        untc.read(other)
    text = tmp_path / "x.txt"
    text.write_text("hello")
    with pytest.raises(untc.MalformedFileError):
        untc.read(text)


def test_diff_lines():
    old, new = untc.read(FIX / "mtdsg_ok.xml"), untc.read(FIX / "mtdsg_later.xml")
    lines = untc.diff(old, new)
    assert "new signature: Canada (CAN) 2026-07-15" in lines
    assert "new instrument (ratification): Algeria (DZA) 2026-10-20" in lines
    assert "changed date: Montenegro (MNE) signature 2025-11-19 -> 2025-11-20" in lines
    assert len(lines) == 3
    assert untc.diff(new, new) == []
    assert any(line.startswith("removed") for line in untc.diff(new, old))


# --------------------------------------------------------------------------------------
# update


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _update(src: Path, data: Path, day: int) -> tuple[untc.UpdateResult, str]:
    out = io.StringIO()
    result = untc.update(src, data_dir=data, out=out,
                         now=dt.datetime(2026, 11, day, 12, 0, tzinfo=dt.UTC))
    return result, out.getvalue()


def test_update_writes_snapshot_table_and_diff(tmp_path: Path):
    data = tmp_path / "data"
    first, _ = _update(FIX / "mtdsg_ok.xml", data, 28)
    digest = hashlib.sha256((FIX / "mtdsg_ok.xml").read_bytes()).hexdigest()
    assert first.snapshot == data / "raw" / "untc" / f"XVIII-16_2026-11-28T120000Z_{digest[:8]}.xml"
    assert first.table.name == first.snapshot.stem + ".csv"
    assert first.snapshot.read_bytes() == (FIX / "mtdsg_ok.xml").read_bytes()
    meta = json.loads((first.snapshot.parent / (first.snapshot.name + ".meta.json")).read_text())
    assert meta["kind"] == "raw" and meta["retrieved"] == "2026-11-28"
    assert meta["sha256"] == hashlib.sha256(first.snapshot.read_bytes()).hexdigest()
    assert meta["retrieved_at"].startswith("2026-11-28T12:00")
    assert {"source", "url", "licence", "changes"} <= set(meta)
    table = pd.read_csv(first.table, keep_default_na=False)
    assert len(table) == 13 and "NAM" in set(table["iso3"])

    second, printed = _update(FIX / "mtdsg_later.xml", data, 29)
    assert second.previous == f"raw/untc/{first.snapshot.name}"
    assert "new signature: Canada (CAN) 2026-07-15" in second.changes
    assert "new signature: Canada (CAN) 2026-07-15" in printed
    assert "changed date: Montenegro (MNE)" in printed
    meta = json.loads((second.snapshot.parent / (second.snapshot.name + ".meta.json")).read_text())
    assert meta["changes"] == second.changes
    assert untc.snapshots(data) == [first.snapshot, second.snapshot]
    assert not [p for p in data.rglob("*.tmp")]

    # the same content again: nothing written
    again, printed = _update(FIX / "mtdsg_later.xml", data, 29)
    assert again.unchanged and again.snapshot is None and "unchanged" in printed


def test_update_same_second_gets_a_new_name(tmp_path: Path):
    data = tmp_path / "data"
    a, _ = _update(FIX / "mtdsg_ok.xml", data, 28)
    b, _ = _update(FIX / "mtdsg_later.xml", data, 28)
    assert a.snapshot.name.startswith("XVIII-16_2026-11-28T120000Z_")
    assert b.snapshot.name.startswith("XVIII-16_2026-11-28T120000Z_")
    assert a.snapshot != b.snapshot and a.table != b.table
    assert a.snapshot.exists() and a.table.exists() and b.snapshot.exists() and b.table.exists()
    assert untc.snapshots(data) == [a.snapshot, b.snapshot]


@pytest.mark.parametrize("bad", ["xxe.xml", "billion_laughs.xml", "malformed.xml",
                                 "unresolved.xml", "maintenance.html", "renamed_column.xml",
                                 "count_mismatch.xml", "bad_row.xml", "big"])
def test_failed_update_leaves_previous_snapshot_untouched(tmp_path: Path, bad: str):
    data = tmp_path / "data"
    _update(FIX / "mtdsg_ok.xml", data, 28)
    before = _tree(data)
    if bad == "big":
        src = tmp_path / "big.xml"
        with open(src, "wb") as f:
            f.truncate(untc.MAX_BYTES + 1)
    else:
        src = FIX / bad
    with pytest.raises(untc.UNTCError):
        _update(src, data, 29)
    assert _tree(data) == before


def test_cli_update(tmp_path: Path, capsys):
    data = tmp_path / "data"
    assert main(["update", "--from", str(FIX / "mtdsg_ok.xml"), "--data-dir", str(data),
                 "--url", untc.UNTC_XML_URL]) == 0
    out = capsys.readouterr().out
    assert "wrote raw/untc/XVIII-16_" in out and "changes since" in out
    (snap,) = untc.snapshots(data)
    meta = json.loads(snap.with_name(snap.name + ".meta.json").read_text())
    assert meta["url"] == untc.UNTC_XML_URL
    before = _tree(data)
    assert main(["update", "--from", str(FIX / "xxe.xml"), "--data-dir", str(data)]) == 1
    err = capsys.readouterr().err
    assert "error: unsafe XML" in err and "untouched" in err
    assert _tree(data) == before


def test_update_compares_with_the_curated_log_when_no_snapshot(tmp_path: Path):
    import shutil

    from analysis.datafiles import DATA_DIR

    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "curated" / "status", data / "curated" / "status")
    result, printed = _update(FIX / "mtdsg_ok.xml", data, 28)
    assert result.previous.startswith("curated/status/events.csv")
    assert "new instrument (acceptance): Côte d'Ivoire (CIV) 2026-04-02" in result.changes
    assert "renamed: Czech Republic -> Czechia (CZE)" in result.changes
