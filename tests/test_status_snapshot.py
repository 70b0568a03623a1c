"""The merge of a UNTC snapshot with the curated log, rule by rule, on hand-built snapshots.

Each test copies the curated status tables to a temporary data/ and stores a snapshot there
the way ``untc.update`` lays it out (raw file + sidecar with ``retrieved_at`` + parsed table
in ``derived/status/untc/``), so the rules are checked without the parser in the way.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis import status
from analysis.datafiles import DATA_DIR

HEADER = "participant,iso3,action,date,date_precision,source_url,confidence,note\n"
URL = "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XVIII/XVIII-16.en.xml"


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR / "curated" / "status", data / "curated" / "status")
    return data


def _store(data: Path, day: str, rows: list[str], *, retrieved_at: str | None = None,
           table: bool = True) -> str:
    stem = f"XVIII-16_{day}"
    raw = data / "raw" / "untc" / f"{stem}.xml"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text("<Treaty/>\n", encoding="utf-8")  # the loader reads the parsed table
    meta = {"kind": "raw", "retrieved": day}
    if retrieved_at is not False:
        meta["retrieved_at"] = retrieved_at or f"{day}T09:30:00+00:00"
    raw.with_name(raw.name + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    if table:
        csv = data / "derived" / "status" / "untc" / f"{stem}.csv"
        csv.parent.mkdir(parents=True, exist_ok=True)
        csv.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return raw.relative_to(data).as_posix()


def _sig(name: str, iso3: str, date: str) -> str:
    return f"{name},{iso3},signature,{date},day,{URL},official,"


def test_an_older_snapshot_keeps_later_news(tmp_path: Path):
    data = _data(tmp_path)
    rel = _store(data, "2026-01-15", [_sig("Algeria", "DZA", "2025-10-25"),
                                      _sig("Mauritius", "MUS", "2025-11-19")])
    ev = status.events(data_dir=data)
    canada = ev[ev["iso3"] == "CAN"].iloc[0]  # July 2026: after the snapshot, kept as is
    assert canada["origin"] == status.CURATED_ORIGIN and canada["snapshot_check"] == ""
    china = ev[ev["iso3"] == "CHN"].iloc[0]  # Oct 2025: certainly before it, but missing
    assert china["snapshot_check"] == "absent"
    qatar = ev[(ev["iso3"] == "QAT") & (ev["action"] == "ratification")].iloc[0]
    assert qatar["snapshot_check"] == "" and qatar["stage"] == "domestic"  # Feb 2026: later
    st = status.status("2026-12-07", data_dir=data).set_index("iso3")
    assert "CHN" not in st.index and st.loc["CAN", "status"] == "signatory"
    assert st.loc["DZA", "origin"] == rel
    assert st.attrs["data_as_of"]["complete_to"] == "2026-01-15"
    # the curated latest fact (1 Aug 2026) is later than the snapshot
    assert st.attrs["data_as_of"]["latest_fact"] == "2026-08-01"
    c = status.counts("2026-12-07", data_dir=data)
    assert c.signatories == 3  # Algeria, Mauritius (snapshot) and Canada (later news)
    assert c.not_in_snapshot == int((ev["snapshot_check"] == "absent").sum())


def test_a_claimed_deposit_the_snapshot_lacks_becomes_domestic(tmp_path: Path):
    data = _data(tmp_path)
    with open(data / "curated" / "status" / "events.csv", "a", encoding="utf-8") as f:
        f.write("Mali,MLI,ratification,2026-09-01,day,,,https://example.org/news,secondary,"
                "false,deposited,test row: news says the instrument was deposited\n")
    assert status.counts("2026-12-07", data_dir=data).parties == 1  # before any snapshot
    _store(data, "2026-12-01", [_sig("Mali", "MLI", "2025-10-26")])
    ev = status.events(data_dir=data)
    mali = ev[(ev["iso3"] == "MLI") & (ev["action"] == "ratification")].iloc[0]
    assert mali["stage"] == "domestic" and mali["snapshot_check"] == "not_deposited"
    assert mali["note"].startswith("reported, not deposited: not in the UNTC snapshot of "
                                   "2026-12-01")
    c = status.counts("2026-12-07", data_dir=data)
    assert c.parties == 0 and "MLI" in {p.iso3 for p in c.domestic_pending_list}


def test_a_deposit_supersedes_the_domestic_row_and_keeps_its_source(tmp_path: Path):
    data = _data(tmp_path)
    _store(data, "2026-12-01", [_sig("Qatar", "QAT", "2025-10-25"),
                                f"Qatar,QAT,ratification,2026-03-10,day,{URL},official,"])
    ev = status.events(data_dir=data)
    rows = ev[(ev["iso3"] == "QAT") & (ev["action"] == "ratification")]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["stage"] == "deposited" and row["confidence"] == "official"
    assert "supersedes curated/status/events.csv (secondary, " in row["note"]
    assert "stage domestic" in row["note"]
    assert not row["date_disagreement"]  # a domestic act in February precedes a March deposit
    c = status.counts("2026-12-07", data_dir=data)
    assert (c.parties, c.qualifying_instruments) == (1, 1)
    assert "QAT" not in {p.iso3 for p in c.domestic_pending_list}


def test_a_deposit_before_the_reported_domestic_act_is_a_disagreement(tmp_path: Path):
    data = _data(tmp_path)
    _store(data, "2026-12-01", [f"Azerbaijan,AZE,ratification,2026-01-05,day,{URL},official,"])
    ev = status.events(data_dir=data)
    row = ev[(ev["iso3"] == "AZE") & (ev["action"] == "ratification")].iloc[0]
    assert row["date_disagreement"]
    assert "date disagreement: curated 2026-02-23 vs UNTC 2026-01-05" in row["note"]
    assert status.status(data_dir=data).set_index("iso3").loc["AZE", "date_disagreement"]


def test_an_uncertain_candidate_the_depositary_lists_is_confirmed(tmp_path: Path):
    data = _data(tmp_path)
    _store(data, "2026-12-01", [_sig("Uganda", "UGA", "2025-10-26")])
    st = status.status("2026-12-07", data_dir=data).set_index("iso3")
    assert st.loc["UGA", "status"] == "signatory" and not st.loc["UGA", "uncertain"]
    assert "ARE" not in st.index


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"table": False}, FileNotFoundError, "build_data.py status"),
    ({"retrieved_at": False}, ValueError, "no retrieved_at"),
    ({"retrieved_at": "07/12/2026"}, ValueError, "not an ISO date"),
])
def test_a_broken_snapshot_fails_clearly(tmp_path: Path, kwargs, error, words):
    data = _data(tmp_path)
    _store(data, "2026-12-01", [_sig("Mali", "MLI", "2025-10-26")], **kwargs)
    with pytest.raises(error, match=words):
        status.counts(data_dir=data)


def test_a_row_dated_after_the_retrieval_is_refused(tmp_path: Path):
    data = _data(tmp_path)
    _store(data, "2026-01-15", [_sig("Mali", "MLI", "2026-02-01")])
    with pytest.raises(ValueError, match="dated after the retrieval"):
        status.events(data_dir=data)


def test_only_the_latest_snapshot_is_read(tmp_path: Path):
    data = _data(tmp_path)
    _store(data, "2026-01-15", [_sig("Mali", "MLI", "2025-10-26")])
    rel = _store(data, "2026-12-01", [_sig("Mali", "MLI", "2025-10-26"),
                                      _sig("Palau", "PLW", "2026-11-30")])
    st = status.status(data_dir=data)
    assert st.attrs["untc_snapshot"]["path"] == rel
    # Canada (July 2026) is missing from a record complete to 1 Dec 2026: not counted; the
    # domestic approvals stay (a snapshot cannot show them)
    assert set(st["iso3"]) == {"MLI", "PLW", "AZE", "QAT", "VNM", "EUU"}
    assert set(st.loc[st["origin"] == rel, "iso3"]) == {"MLI", "PLW"}
