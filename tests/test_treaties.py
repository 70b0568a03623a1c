"""analysis.treaties: the reference-treaty loaders and their raw files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import analysis.names
from analysis import treaties
from analysis.datafiles import data_path

RAW = data_path("raw", "treaties")

# Rows, signatures and consents per table, as stated in the shared reference's treaty_data.md.
TABLE_COUNTS = {
    "untoc": (185, 147, 179), "untoc_tip": (167, 117, 159), "untoc_som": (152, 112, 138),
    "untoc_firearms": (123, 52, 109), "uncac": (178, 140, 171), "cat": (166, 81, 157),
    "crc": (196, 140, 194), "crpd": (182, 159, 152), "cedaw": (190, 99, 188),
    "iccpr": (175, 74, 168), "icmw": (66, 38, 47), "cped": (99, 94, 45),
    "rome": (153, 139, 122), "att": (118, 118, 41), "ottawa": (162, 133, 161),
    "ccm": (113, 108, 84), "cwc": (192, 165, 190), "kyoto": (194, 84, 193),
    "cartagena": (175, 103, 167), "nagoya": (109, 92, 49), "rotterdam": (162, 72, 154),
    "stockholm": (186, 152, 179), "unfccc": (196, 165, 196), "cbd": (195, 168, 194),
    "unccd": (196, 115, 196), "unclos": (180, 157, 166), "fctc": (187, 168, 180),
    "vienna1988": (189, 87, 189), "bombings": (170, 58, 168), "tf_financing": (188, 132, 186),
    "nuclear_terrorism": (142, 115, 94), "minamata_untc2014": (100, 100, 1),
    "paris": (198, 195, 195), "minamata": (193, 127, 121),
}


def _raw_files() -> list:
    return sorted(p for p in RAW.rglob("*") if p.is_file() and not p.name.endswith(".meta.json"))


@pytest.mark.parametrize("path", _raw_files(), ids=lambda p: p.relative_to(RAW).as_posix())
def test_every_file_has_a_complete_sidecar(path):
    import hashlib

    meta = json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))
    keys = {"kind", "source", "url", "version", "retrieved", "licence", "sha256", "notes"}
    assert keys <= set(meta)
    assert meta["retrieved"] == "2026-11-29"
    assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    if path.suffix == ".csv":
        assert meta["kind"] == "raw"
        assert meta["url"].startswith("https://")
        assert meta["notes"]
    else:
        assert path.name == "PROVENANCE.md" and meta["kind"] == "curated"


def test_milestones_types():
    m = treaties.milestones()
    assert len(m) == 41 and m["treaty_id"].is_unique
    assert str(m["threshold_count"].dtype) == "Int64"
    assert str(m["eif_rule_days"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(m["entry_into_force_date"])
    text = m.select_dtypes(exclude=["datetime64", "Int64"])
    assert not text.isna().any().any()  # blanks stay "", never NaN
    target = m.set_index("treaty_id").loc["un_cybercrime"]
    assert target["threshold_count"] == 40 and target["eif_rule_days"] == 90
    assert pd.isna(target["threshold_reached_date"])
    assert target["opened_for_signature_date"] == pd.Timestamp("2025-10-25")


def test_treaty_ids_cover_every_participants_file():
    ids = treaties.treaty_ids()
    assert ids == sorted(TABLE_COUNTS)
    files = treaties.milestones()["participants_file"]
    named = {f.split()[0].rsplit("/", 1)[-1].removesuffix(".csv") for f in files if f}
    assert named <= set(ids)
    assert set(ids) - named == {"minamata_untc2014"}


@pytest.mark.parametrize("treaty_id", sorted(TABLE_COUNTS))
def test_tables_load_with_iso3_and_documented_counts(treaty_id):
    p = treaties.participants(treaty_id)
    e = treaties.events(treaty_id)
    rows, signatures, consents = TABLE_COUNTS[treaty_id]
    assert len(p) == rows
    assert (e["action"] == "signature").sum() == signatures
    assert (e["action"] != "signature").sum() == consents
    assert list(e.columns) == treaties.EVENT_COLUMNS
    assert (p["iso3"].str.len() == 3).all()  # no dissolved states in the bundled tables
    assert p["iso3"].is_unique
    assert set(p.loc[p["participant"] == "European Union", "iso3"]) <= {"EUU"}
    assert set(e["action"]) <= {
        "signature", "ratification", "acceptance", "approval", "accession", "succession",
        "formal_confirmation",
    }
    assert (e["confidence"] == "official").all() and (e["treaty_id"] == treaty_id).all()
    assert e["date"].notna().all() and (e["date_precision"] == "day").all()
    assert e["date"].is_monotonic_increasing


def test_event_actions_and_notes():
    crpd = treaties.events("crpd")
    eu = crpd[crpd["iso3"] == "EUU"]
    assert eu["action"].tolist() == ["signature", "formal_confirmation"]
    assert eu["note"].tolist() == ["", ""]

    minamata = treaties.events("minamata")
    consents = minamata[minamata["action"] != "signature"]
    assert (consents["action"] == "ratification").all()
    assert consents["note"].str.contains("type not distinguished").all()

    paris = treaties.events("paris")
    usa = paris[(paris["iso3"] == "USA") & (paris["action"] != "signature")]
    assert usa["date"].tolist() == [pd.Timestamp("2021-01-20")]
    assert usa["note"].str.contains("latest instrument").all()

    unclos = treaties.events("unclos")
    cze = unclos[(unclos["iso3"] == "CZE") & (unclos["action"] == "signature")]
    assert cze["note"].tolist() == ["succession to signature"]


def test_unknown_treaty_is_an_error():
    with pytest.raises(ValueError, match="no participant table"):
        treaties.participants("budapest")


def _break_name(monkeypatch, victim):
    real = analysis.names.normalise

    def fake(values):
        out = real(values)
        hit = out["input"] == victim
        out.loc[hit, "iso3"] = pd.NA
        out.loc[hit, "status"] = "unmatched"
        return out

    monkeypatch.setattr(analysis.names, "normalise", fake)
    treaties._participants.cache_clear()


def test_unmatched_name_fails_loudly(monkeypatch):
    _break_name(monkeypatch, "Armenia")
    try:
        with pytest.raises(ValueError, match="Armenia"):
            treaties.participants("untoc")
    finally:
        treaties._participants.cache_clear()


def test_dissolved_state_kept_with_empty_iso3_and_note(monkeypatch):
    _break_name(monkeypatch, "Armenia")
    monkeypatch.setattr(treaties, "DISSOLVED_STATES", {"Armenia": "pretend dissolved"})
    try:
        e = treaties.events("untoc")
        arm = e[e["participant"] == "Armenia"]
        assert len(arm) == 2
        assert (arm["iso3"] == "").all()
        assert (arm["note"] == "pretend dissolved").all()
    finally:
        treaties._participants.cache_clear()
