"""One path from UNTC to every answer: after `update --from FILE` and no other step, status(),
counts(), table() and the forecast follow the new snapshot.

The bundled data/ is copied to a temporary folder and the fixture
tests/fixtures/refresh/untc_refresh.xml (invented rows in UNTC's MTDSG shape) is stored in it
by the command line, in a subprocess, exactly as a user would. The expectations are read from
the fixture itself (parsed by analysis.untc), not typed in: the counts must be the snapshot's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import status, untc
from analysis.datafiles import DATA_DIR

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "refresh" / "untc_refresh.xml"
AS_OF = "2026-12-07"


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("refresh") / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("untc"))
    env = {**os.environ, "ANALYSIS_DATA_DIR": str(data),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "update", "--from", str(FIXTURE),
         "--data-dir", str(data)], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "new instrument (accession): Palau (PLW)" in done.stdout, done.stdout
    return data


@pytest.fixture(scope="module")
def snap() -> pd.DataFrame:
    return untc.read(FIXTURE)


def test_the_update_wrote_one_snapshot_with_its_table(refreshed: Path):
    found = untc.snapshots(refreshed)
    assert len(found) == 1
    table = refreshed / "derived" / "status" / "untc" / f"{found[0].stem}.csv"
    assert table.exists()
    st = status.status(AS_OF, data_dir=refreshed)
    assert st.attrs["untc_snapshot"]["path"] == found[0].relative_to(refreshed).as_posix()
    day = pd.Timestamp(st.attrs["untc_snapshot"]["retrieved_at"]).date().isoformat()
    assert st.attrs["data_as_of"]["complete_to"] == day
    assert found[0].relative_to(refreshed).as_posix() in st.attrs["source_files"]


def test_counts_follow_the_snapshot_exactly(refreshed: Path, snap: pd.DataFrame):
    c = status.counts(AS_OF, data_dir=refreshed)
    consents = snap[snap["action"] != "signature"]
    assert c.signatories == int((snap["action"] == "signature").sum())
    assert c.parties == consents["iso3"].nunique()
    assert c.qualifying_instruments == consents.loc[consents["iso3"] != "EUU", "iso3"].nunique()
    assert c.qualifying_instruments == 2  # the fixture's two deposits: Algeria, Palau
    # the curated facts the snapshot (complete for its date) lacks are reported, not counted
    assert c.not_in_snapshot > 0
    frame = c.to_frame().set_index("metric")["value"]
    assert frame["not_in_snapshot"] == c.not_in_snapshot


def test_new_deposit_and_new_accession_are_parties_from_the_snapshot(refreshed: Path):
    st = status.status(AS_OF, data_dir=refreshed).set_index("iso3")
    origin = st.attrs["untc_snapshot"]["path"]
    for iso3, action in (("DZA", "ratification"), ("PLW", "accession")):
        row = st.loc[iso3]
        assert row["status"] == "party" and row["stage"] == "deposited", iso3
        assert bool(row["qualifying"]) and row["consent_type"] == action
        assert row["origin"] == origin and row["consent_confidence"] == "official"
    assert pd.isna(st.loc["PLW", "signature_date"])  # acceded without signing
    # before the deposit, Algeria was a signatory
    before = status.status("2026-11-09", data_dir=refreshed).set_index("iso3")
    assert before.loc["DZA", "status"] == "signatory"


def test_domestic_claims_the_snapshot_lacks_stay_domestic(refreshed: Path):
    st = status.status(AS_OF, data_dir=refreshed).set_index("iso3")
    for iso3 in ("AZE", "QAT", "VNM", "EUU"):
        assert st.loc[iso3, "status"] == "ratified_domestically", iso3
        assert not st.loc[iso3, "qualifying"]
    c = status.counts(AS_OF, data_dir=refreshed)
    assert [p.iso3 for p in c.domestic_pending_list] == ["AZE", "QAT", "VNM"]
    assert c.domestic_pending == 3
    ev = status.events(data_dir=refreshed)
    dom = ev[ev["stage"] == "domestic"]
    assert set(dom["snapshot_check"]) == {"not_deposited"}
    assert dom["note"].str.contains("no deposit in the UNTC snapshot").all()


def test_the_depositary_supersedes_the_curated_row(refreshed: Path):
    ev = status.events(data_dir=refreshed).set_index(["iso3", "action"])
    origin = status.events(data_dir=refreshed).attrs["untc_snapshot"]["path"]
    canada = ev.loc[("CAN", "signature")]
    assert canada["origin"] == origin and canada["confidence"] == "official"
    assert canada["date_precision"] == "day"
    assert "supersedes curated/status/events.csv (secondary" in canada["note"]
    assert not canada["date_disagreement"]  # 14 July lies in the curated "2026-07"
    mauritius = ev.loc[("MUS", "signature")]  # the fixture says 20 Nov, the curated log 19 Nov
    assert mauritius["date_disagreement"]
    assert "date disagreement: curated 2025-11-19 vs UNTC 2025-11-20" in mauritius["note"]
    # one row per participant and action: the curated duplicate is gone
    assert not ev.index.duplicated().any()


def test_curated_facts_missing_from_the_snapshot_are_kept_but_not_counted(
        refreshed: Path, snap: pd.DataFrame):
    ev = status.events(data_dir=refreshed)
    absent = ev[ev["snapshot_check"] == "absent"]
    assert "CHN" in set(absent["iso3"])  # a curated signatory the fixture does not list
    # nothing dropped: every curated row is kept unless a snapshot row supersedes it
    curated = status.events()
    kind = {"signature": "signature", "withdrawal": "withdrawal"}
    keys = set(zip(snap["iso3"], snap["action"].map(lambda a: kind.get(a, "consent")),
                   strict=True))
    superseded = sum((i, kind.get(a, "consent")) in keys
                     for i, a in zip(curated["iso3"], curated["action"], strict=True))
    assert superseded > 0
    assert len(ev) == len(curated) - superseded + len(snap)
    assert (ev["origin"] == ev.attrs["untc_snapshot"]["path"]).sum() == len(snap)
    assert "CHN" not in set(status.status(AS_OF, data_dir=refreshed)["iso3"])


def test_table_follows_the_snapshot(refreshed: Path):
    t = status.table(AS_OF, data_dir=refreshed).set_index("iso3")
    assert t.loc["PLW", "status"] == "party"
    assert t.loc["PLW", "consent_date"] == "2026-09-15"
    assert t.loc["PLW", "origin"] == t.attrs["untc_snapshot"]["path"]
    assert t.loc["CAN", "signature_date"] == "2026-07-14"
    assert t.loc["CZE", "participant"] == "Czechia"  # the depositary's name, not the log's


def test_headline_speaks_from_the_snapshot(refreshed: Path):
    text = status.headline(AS_OF, data_dir=refreshed)
    c = status.counts(AS_OF, data_dir=refreshed)
    assert f"{c.signatories} signatories on the UNTC record of" in text
    assert f"{c.qualifying_instruments} of the {c.threshold} instruments" in text
    assert "reported by 1 August 2026" not in text  # older than the depositary's record


@pytest.fixture(scope="module")
def forecast(refreshed: Path):
    from analysis import forecast as fc

    return fc.forecast(AS_OF, n_paths=2000, seed=1, data_dir=refreshed)


def test_forecast_reads_the_snapshot(refreshed: Path, forecast):
    st = status.status(AS_OF, data_dir=refreshed)
    assert forecast.attrs["data_as_of"] == st.attrs["data_as_of"]
    # the two deposits of the snapshot are among the instruments the forecast starts from
    assert forecast.known_instruments >= status.counts(AS_OF, data_dir=refreshed
                                                       ).qualifying_instruments


def test_forecast_counts_deposits_only(refreshed: Path, forecast):
    assert forecast.known_instruments == status.counts(
        AS_OF, data_dir=refreshed).qualifying_instruments


@pytest.mark.slow
def test_the_participation_report_follows_the_snapshot(refreshed: Path, tmp_path: Path):
    # The fourth answer: the report built on the refreshed data shows the snapshot's counts
    # in its summary band (the band reads status.counts for the report's as_of).
    import re

    from analysis import report

    page = report.build_one(ROOT / "notebooks" / "01_participation.ipynb", tmp_path,
                            parameters={"as_of": AS_OF, "data_dir": str(refreshed),
                                        "n_paths": 2000})
    html = page.read_text(encoding="utf-8")
    c = status.counts(AS_OF, data_dir=refreshed)
    shown = re.search(r'data-metric="deposited">([^<]*)<', html).group(1)
    assert int(shown) == c.qualifying_instruments == 2
    assert "checks passed" in html
