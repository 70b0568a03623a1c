"""analysis.untc.update: implausible pages refused, snapshots never collide, treaty profiles.

Every refusal is checked to leave the data folder byte-identical. Pages are built here in
MTDSG's shape (invented rows, real country names).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import untc
from analysis.cli import main

FIX = Path(__file__).parent / "fixtures" / "untc"
ROOT = Path(__file__).resolve().parent.parent
HEADER = "Ratification, Acceptance(A), Approval(AA), Accession(a)"
NOW = dt.datetime(2026, 12, 1, 9, 30, 5, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr("urllib.request.urlopen", refuse)
    monkeypatch.setattr("urllib.request.OpenerDirector.open", refuse)


def page(rows: list[tuple[str, str, str]], *, chapter: str = "XVIII",
         title: str = "16. United Nations Convention against Cybercrime",
         header: str = HEADER) -> bytes:
    """An MTDSG-shaped XML page; rows are (participant, signature, consent)."""
    body = "".join(f"<Row><Entry>{p}</Entry><Entry>{s}</Entry><Entry>{c}</Entry></Row>"
                   for p, s, c in rows)
    return (f"<?xml version='1.0' encoding='utf-8'?><Treaty><Chapter>{chapter}</Chapter>"
            f"<Titlesect>{title}</Titlesect><Participants><Table><TGroup><Thead><Row>"
            f"<Entry>Participant</Entry><Entry>Signature</Entry><Entry>{header}</Entry>"
            f"</Row></Thead><Tbody>{body}</Tbody></TGroup></Table></Participants></Treaty>"
            ).encode()


BASE = [("Algeria", "25 Oct 2025", ""), ("Austria", "25 Oct 2025", ""),
        ("Brazil", "25 Oct 2025", ""), ("Chile", "26 Oct 2025", "3 Mar 2026"),
        ("Denmark", "25 Oct 2025", ""), ("Egypt", "25 Oct 2025", ""),
        ("Ghana", "25 Oct 2025", ""), ("Kenya", "19 Nov 2025", "")]


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def run(src: Path, data: Path, now: dt.datetime = NOW, **kw) -> tuple[untc.UpdateResult, str]:
    out = io.StringIO()
    return untc.update(src, data_dir=data, now=now, out=out, **kw), out.getvalue()


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    """A data folder holding one good snapshot of BASE."""
    data = tmp_path / "data"
    run(write(tmp_path, "base.xml", page(BASE)), data, now=NOW - dt.timedelta(days=1))
    return data


# --------------------------------------------------------------------------------------
# plausibility


IMPLAUSIBLE = {
    "duplicate row": (BASE + [("Kenya", "19 Nov 2025", "")], "KEN is listed in 2 rows"),
    "conflicting rows": (BASE + [("Republic of Kenya", "20 Nov 2025", "")],
                         "KEN is listed in 2 rows"),
    "split rows": (BASE + [("Kenya", "", "1 Dec 2026 a")], "KEN is listed in 2 rows"),
    "date in 2099": (BASE + [("Finland", "25 Oct 2099", "")], "in the future"),
    "before opening": (BASE + [("Finland", "25 Oct 2024", "")], "before the treaty opened"),
    "signature after consent": (BASE + [("Finland", "25 Nov 2025", "1 Nov 2025")],
                                "FIN: signature 2025-11-25 is after its consent"),
    "another treaty": (None, "not XVIII-16"),
    "another title": (None, "is not the status of the United Nations Convention against"),
}


@pytest.mark.parametrize("case", sorted(IMPLAUSIBLE))
def test_implausible_pages_are_refused_and_change_nothing(case: str, stored: Path,
                                                          tmp_path: Path, capsys):
    rows, words = IMPLAUSIBLE[case]
    if case == "another treaty":
        data = page(BASE, title="12. United Nations Convention against Transnational "
                                "Organized Crime")
    elif case == "another title":
        data = page(BASE, chapter="", title="Convention on the Rights of the Child")
    else:
        data = page(rows)
    src = write(tmp_path, "new.xml", data)
    before = tree(stored)
    with pytest.raises(untc.PlausibilityError, match="refused") as info:
        run(src, stored)
    assert words in str(info.value) and "--accept-changes" in str(info.value)
    assert tree(stored) == before
    # the command line: one line on stderr, exit 1, nothing written
    assert main(["update", "--from", str(src), "--data-dir", str(stored)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: refused") and words in err
    assert tree(stored) == before


def test_year_one_is_not_a_date(stored: Path, tmp_path: Path):
    src = write(tmp_path, "y1.xml", page(BASE + [("Finland", "1 Jan 0001", "")]))
    before = tree(stored)
    with pytest.raises(untc.ReconciliationError, match="year 0001 is out of range"):
        run(src, stored)
    assert tree(stored) == before


def test_many_removals_are_refused_a_few_are_not(stored: Path, tmp_path: Path):
    before = tree(stored)
    lost = BASE[: len(BASE) - untc.MAX_REMOVALS - 1]
    src = write(tmp_path, "lost.xml", page(lost))
    with pytest.raises(untc.PlausibilityError, match=f"{untc.MAX_REMOVALS + 1} rows removed"):
        run(src, stored)
    assert tree(stored) == before
    few = write(tmp_path, "few.xml", page(BASE[: len(BASE) - untc.MAX_REMOVALS]))
    result, printed = run(few, stored)
    assert sum(c.startswith("removed") for c in result.changes) == untc.MAX_REMOVALS
    assert result.accepted == []


def test_accept_changes_stores_what_was_refused_and_says_so(stored: Path, tmp_path: Path):
    src = write(tmp_path, "dup.xml", page(BASE + [("Kenya", "19 Nov 2025", "")]))
    assert main(["update", "--from", str(src), "--data-dir", str(stored)]) == 1
    assert main(["update", "--from", str(src), "--data-dir", str(stored),
                 "--accept-changes"]) == 0
    latest = untc.snapshots(stored)[-1]
    meta = json.loads(latest.with_name(latest.name + ".meta.json").read_text())
    assert any("KEN is listed in 2 rows" in p for p in meta["accepted_problems"])
    # the same page again is unchanged, not refused again
    before = tree(stored)
    result, printed = run(src, stored)
    assert result.unchanged and "unchanged" in printed and tree(stored) == before


def test_check_is_clean_on_a_plausible_page():
    ev = untc.parse(page(BASE))
    assert untc.check(ev, now="2026-12-01") == []
    assert untc.check(ev, now="2026-12-01", previous=ev) == []


# --------------------------------------------------------------------------------------
# treaty profiles


UNTOC_ROWS = [("Algeria", "12 Dec 2000", "7 Oct 2002"), ("Austria", "12 Dec 2000", "")]


def test_another_profile_reads_and_stores_its_own_page(tmp_path: Path):
    data = tmp_path / "data"
    untoc = page(UNTOC_ROWS, title="12. United Nations Convention against Transnational "
                                   "Organized Crime")
    src = write(tmp_path, "untoc.xml", untoc)
    ev = untc.read(src, treaty="untoc")
    assert ev.attrs["page_mtdsg"] == ["XVIII-12"] and ev.attrs["treaty"] == "untoc"
    assert untc.check(ev, treaty="untoc", now="2014-01-01") == []
    assert any("not XVIII-16" in p for p in untc.check(ev, now="2014-01-01"))
    result, _ = run(src, data, treaty="untoc")
    assert result.snapshot.name.startswith("XVIII-12_2026-12-01T093005Z_")
    assert untc.snapshots(data, treaty="untoc") == [result.snapshot]
    assert untc.snapshots(data) == []  # the Hanoi Convention has none
    meta = json.loads(result.snapshot.with_name(result.snapshot.name + ".meta.json")
                      .read_text())
    assert meta["treaty"] == "untoc" and "XVIII-12" in meta["source"]
    # a protocol's page (XVIII-12-a) is not the Convention's
    tip = page(UNTOC_ROWS, title="12. a) Protocol to Prevent, Suppress and Punish "
                                 "Trafficking in Persons")
    ev = untc.parse(tip, treaty="untoc")
    assert ev.attrs["page_mtdsg"] == ["XVIII-12-a"]
    assert any("not XVIII-12" in p for p in untc.check(ev, treaty="untoc", now="2014-01-01"))


def test_no_hard_wired_treaty_in_the_module():
    source = (ROOT / "analysis" / "untc.py").read_text()
    assert "XVIII-16" not in source
    assert "treaties.un.org" not in source


def test_cli_unknown_treaty_is_one_line(tmp_path: Path, capsys):
    assert main(["update", "--from", str(FIX / "mtdsg_ok.xml"), "--data-dir",
                 str(tmp_path / "d"), "--treaty", "atlantis"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown treaty 'atlantis'" in err
    assert not (tmp_path / "d").exists()


# --------------------------------------------------------------------------------------
# snapshot names, order and the lock


def test_same_day_xml_then_html_overwrite_nothing(tmp_path: Path):
    data = tmp_path / "data"
    a, _ = run(FIX / "mtdsg_ok.xml", data, now=dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC))
    files = tree(data)
    b, _ = run(FIX / "untc_ok.html", data, now=dt.datetime(2026, 11, 28, 9, tzinfo=dt.UTC),
               accept_changes=True)  # a smaller table: more removals than update accepts
    assert {k: v for k, v in tree(data).items() if k in files} == files  # nothing rewritten
    assert a.snapshot.suffix == ".xml" and b.snapshot.suffix == ".html"
    assert a.table != b.table and a.table.exists() and b.table.exists()
    assert untc.snapshots(data) == [a.snapshot, b.snapshot]


def test_snapshots_order_by_retrieval_time_and_read_old_names(tmp_path: Path):
    data = tmp_path / "data"
    folder = data / "raw" / "untc"
    folder.mkdir(parents=True)
    ok = (FIX / "mtdsg_ok.xml").read_bytes()

    def put(name: str, retrieved_at: str | None) -> Path:
        (folder / name).write_bytes(ok)
        if retrieved_at is not None:
            (folder / (name + ".meta.json")).write_text(json.dumps(
                {"retrieved_at": retrieved_at}))
        return folder / name

    # name order and time order disagree: the sidecar's time decides
    late = put("XVIII-16_2026-11-28.xml", "2026-11-28T18:00:00+00:00")
    early = put("XVIII-16_2026-11-28-2.xml", "2026-11-28T08:00:00+00:00")
    new = put("XVIII-16_2026-11-28T120000Z_0123abcd.html", "2026-11-28T12:00:00+00:00")
    nameonly = put("XVIII-16_2026-11-27T230000Z_89abcdef.xml", None)
    broken = put("XVIII-16_2026-11-29.xml", None)
    (folder / "XVIII-16_2026-11-29.xml.meta.json").write_text("{not json")
    put("XVIII-12_2026-11-30.xml", "2026-11-30T00:00:00+00:00")  # another treaty
    put("notes.txt", None)
    assert untc.snapshots(data) == [nameonly, early, new, late, broken]


def test_an_update_waits_for_the_lock(tmp_path: Path):
    import fcntl

    data = tmp_path / "data"
    folder = data / "raw" / "untc"
    folder.mkdir(parents=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        proc = _cli_process(FIX / "mtdsg_ok.xml", data)
        time.sleep(3)
        assert proc.poll() is None, proc.communicate()  # still waiting
        assert untc.snapshots(data) == []
    finally:
        os.close(fd)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert len(untc.snapshots(data)) == 1


def _cli_process(src: Path, data: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "analysis", "update", "--from", str(src),
                             "--data-dir", str(data)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_concurrent_updates_both_store(tmp_path: Path):
    data = tmp_path / "data"
    procs = [_cli_process(FIX / "mtdsg_ok.xml", data),
             _cli_process(FIX / "mtdsg_later.xml", data)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    snaps = untc.snapshots(data)
    assert len(snaps) == 2
    assert {s.read_bytes() for s in snaps} == {(FIX / "mtdsg_ok.xml").read_bytes(),
                                               (FIX / "mtdsg_later.xml").read_bytes()}
    for s in snaps:
        assert (data / "derived" / "status" / "untc" / f"{s.stem}.csv").exists()
    # they ran one after the other: the second compared with the first
    second = json.loads(snaps[1].with_name(snaps[1].name + ".meta.json").read_text())
    assert second["compared_with"] == f"raw/untc/{snaps[0].name}"
    assert not list(data.rglob("*.tmp"))


# --------------------------------------------------------------------------------------
# a corrupt previous snapshot


def test_a_corrupt_previous_snapshot_does_not_block_later_updates(tmp_path: Path):
    data = tmp_path / "data"
    first, _ = run(FIX / "mtdsg_ok.xml", data, now=NOW - dt.timedelta(days=2))
    second, _ = run(FIX / "mtdsg_later.xml", data, now=NOW - dt.timedelta(days=1))
    second.snapshot.write_bytes(b"<Treaty><Participants>garbage")
    third_src = write(tmp_path, "third.xml", (FIX / "mtdsg_later.xml").read_bytes()
                      + b"<!-- refreshed -->\n")
    result, printed = run(third_src, data)
    assert result.snapshot is not None and result.previous == f"raw/untc/{first.snapshot.name}"
    assert second.snapshot.name in printed and "could not be read" in printed
    assert "third.xml" not in " ".join(result.warnings)
    assert "new signature: Canada (CAN) 2026-07-15" in result.changes
    assert untc.snapshots(data)[-1] == result.snapshot


def test_folders_and_files_in_the_wrong_place(tmp_path: Path):
    with pytest.raises(untc.UNTCError, match="is a folder"):
        untc.read(tmp_path)
    afile = write(tmp_path, "afile", b"x")
    with pytest.raises(untc.UNTCError, match="is a file, not a folder"):
        run(FIX / "mtdsg_ok.xml", afile)
    data = tmp_path / "d1"
    (data / "raw").mkdir(parents=True)
    (data / "raw" / "untc").write_text("not a folder")
    before = tree(data)
    with pytest.raises(untc.UNTCError, match="snapshot folder"):
        run(FIX / "mtdsg_ok.xml", data)
    assert tree(data) == before
    data = tmp_path / "d2"
    (data / "derived" / "status").mkdir(parents=True)
    (data / "derived" / "status" / "untc").write_text("not a folder")
    with pytest.raises(untc.UNTCError, match="could not write"):
        run(FIX / "mtdsg_ok.xml", data)
    assert untc.snapshots(data) == [] and not list(data.rglob("*.tmp"))


def test_update_then_status_tables_follow(tmp_path: Path):
    # the contract other modules read: raw path listed, sidecar retrieved_at, parsed table
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "curated" / "status", data / "curated" / "status")
    result, _ = run(FIX / "mtdsg_ok.xml", data)
    (snap,) = untc.snapshots(data)
    meta = json.loads(snap.with_name(snap.name + ".meta.json").read_text())
    assert dt.datetime.fromisoformat(meta["retrieved_at"]) == NOW
    table = pd.read_csv(data / "derived" / "status" / "untc" / f"{snap.stem}.csv",
                        keep_default_na=False)
    assert list(table.columns) == untc.EVENT_COLUMNS
    assert set(table["iso3"]) >= {"CZE", "NAM", "EUU"}


def test_a_refusal_shows_the_changes_it_would_have_made(stored: Path, tmp_path: Path, capsys):
    src = write(tmp_path, "dup.xml", page(BASE + [("Finland", "25 Oct 2099", "")]))
    assert main(["update", "--from", str(src), "--data-dir", str(stored)]) == 1
    captured = capsys.readouterr()
    assert "new signature: Finland (FIN) 2099-10-25" in captured.out
    assert captured.err.count("\n") == 1


def test_a_failure_between_renames_leaves_nothing_behind(stored: Path, tmp_path: Path,
                                                         monkeypatch):
    before = tree(stored)
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the snapshot's sidecar: table and its sidecar are in place
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    src = write(tmp_path, "more.xml", page(BASE + [("Finland", "25 Oct 2025", "")]))
    with pytest.raises(untc.UNTCError, match="No space left on device"):
        run(src, stored)
    assert tree(stored) == before


def test_cli_update_unexpected_errors_are_one_line_and_debug_reraises(monkeypatch, capsys):
    import argparse

    from analysis import cli

    def boom(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(untc, "update", boom)
    assert main(["update", "--from", "x.xml"]) == 1
    err = capsys.readouterr().err
    assert err == "error: unexpected RuntimeError: boom second line; nothing written, " \
                  "earlier snapshots are untouched\n"
    args = cli.build_parser().parse_args(["update", "--from", "x.xml"])
    with pytest.raises(RuntimeError):
        cli._update(argparse.Namespace(**{**vars(args), "debug": True}))


def test_stored_files_are_readable_by_all(tmp_path: Path):
    result, _ = run(FIX / "mtdsg_ok.xml", tmp_path / "data")
    for path in (result.snapshot, result.table):
        assert path.stat().st_mode & 0o444 == 0o444
