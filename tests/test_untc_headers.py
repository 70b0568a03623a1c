"""analysis.untc finds its columns by meaning: every real MTDSG header we found, and variants.

The headers are in tests/fixtures/untc/mtdsg_headers.csv with where each was recorded. Each is
tried in an MTDSG-shaped XML page and an HTML table, as written and with its terms in
reverse order, spaces before the parentheses, footnote markers and an extra column; one row
per term of the header (its code, or no code for the unmarked term) must come out as that
term's action. Malformed headers still fail with :class:`untc.ColumnError`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from analysis import untc

FIX = Path(__file__).parent / "fixtures" / "untc"
with open(FIX / "mtdsg_headers.csv", encoding="utf-8", newline="") as _f:
    HEADERS = list(csv.DictReader(_f))
COUNTRIES = ["Algeria", "Austria", "Belgium", "Chile", "Denmark", "Egypt", "Finland", "Ghana"]
TERMS = {"ratification": "ratification", "acceptance": "acceptance", "approval": "approval",
         "accession": "accession", "succession": "succession",
         "formal confirmation": "formal_confirmation",
         "definitive signature": "definitive_signature"}


def _terms(header: str) -> list[tuple[str, str]]:
    """(code, action) for each term of a header, parsed independently of the module."""
    out = []
    for part in header.split(","):
        part = part.strip()
        code = ""
        if part.endswith(")"):
            part, code = part[:-1].split("(")
        out.append((code.strip(), TERMS[part.strip().lower()]))
    return out


def _variant(header: str, how: str) -> str:
    parts = [p.strip() for p in header.split(",")]
    if how == "reversed":
        return ", ".join(reversed(parts))
    if how == "spaced":
        return ", ".join(p.replace("(", " (") for p in parts)
    if how == "no_spaces_after_commas":
        return ",".join(parts)
    if how == "footnote":
        return header + "3"
    return header


def _xml(consent_header: str, rows: list[tuple[str, str]], *, extra: bool,
         signature_header: str = "Signature", sup: str = "") -> bytes:
    head = ["Participant", signature_header, consent_header + sup] + (
        ["Declarations or reservations"] if extra else [])
    body = []
    for name, consent in rows:
        cells = [name, "", consent] + (["yes"] if extra else [])
        body.append("<Row>" + "".join(f"<Entry>{c}</Entry>" for c in cells) + "</Row>")
    return ("<?xml version='1.0' encoding='utf-8'?><Treaty><Participants><Table><TGroup>"
            "<Thead><Row>" + "".join(f"<Entry>{h}</Entry>" for h in head) + "</Row></Thead>"
            "<Tbody>" + "".join(body) + "</Tbody></TGroup></Table></Participants></Treaty>"
            ).encode()


def _html(consent_header: str, rows: list[tuple[str, str]], *, extra: bool) -> bytes:
    head = ["Entry into force"] * extra + ["Participant", "Signature", consent_header]
    body = "".join("<tr>" + "<td></td>" * extra + f"<td>{n}</td><td></td><td>{c}</td></tr>"
                   for n, c in rows)
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><table><tr>"
            + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + body
            + "</table></body></html>").encode()


def _rows(header: str) -> tuple[list[tuple[str, str]], dict[str, str]]:
    rows, expected = [], {}
    for (code, action), name in zip(_terms(header), COUNTRIES, strict=False):
        rows.append((name, f"{len(rows) + 1} Mar 2014" + (f" {code}" if code else "")))
        expected[name] = action
    return rows, expected


def test_the_header_table_is_real_and_sourced():
    assert len(HEADERS) >= 20
    assert all(h["source"] and h["header"] for h in HEADERS)
    assert len({h["header"] for h in HEADERS}) >= 19


@pytest.mark.parametrize("how", ["as_recorded", "reversed", "spaced", "no_spaces_after_commas",
                                 "footnote"])
@pytest.mark.parametrize("fmt", ["xml", "html"])
@pytest.mark.parametrize("index", range(len(HEADERS)))
def test_every_recorded_header_and_its_variants(index: int, fmt: str, how: str):
    header = HEADERS[index]["header"]
    rows, expected = _rows(header)
    label = _variant(header, how)
    data = (_xml(label, rows, extra=index % 2 == 0) if fmt == "xml"
            else _html(label, rows, extra=index % 2 == 1))
    ev = untc.parse(data)
    got = dict(zip(ev["participant"], ev["action"], strict=True))
    assert got == expected
    assert ev.attrs["participants"] == len(rows) and ev.attrs["unparsed"] == []


def test_footnote_markers_as_superscripts_and_succession_to_signature():
    data = _xml("Approval(AA), Acceptance(A), Accession(a), Succession(d), Ratification",
                [("Chile", "2 Feb 2014 AA")], extra=True,
                signature_header="Signature, Succession to signature(d)",
                sup="<superscript>1</superscript>")
    data = data.replace(b"<Entry></Entry>", b"<Entry>1 Jan 2014 d</Entry>", 1)
    ev = untc.parse(data)
    assert ev.set_index("action")["date"].to_dict() == {
        "signature": pd.Timestamp("2014-01-01"), "approval": pd.Timestamp("2014-02-02")}
    assert "succession to signature" in ev.loc[ev.action == "signature", "note"].iloc[0]


def test_an_unmarked_date_needs_an_unmarked_term():
    # "Definitive signature(s), Acceptance(A)" lists no uncoded term: a bare date is unknown
    data = _xml("Definitive signature(s), Acceptance(A)",
                [("Chile", "2 Feb 2014"), ("Ghana", "3 Feb 2014 s")], extra=False)
    with pytest.raises(untc.ReconciliationError, match="code '\\(none\\)' is not one"):
        untc.parse(data)
    ev = untc.parse(data, strict=False)
    assert ev["action"].tolist() == ["definitive_signature"]


@pytest.mark.parametrize(("header", "words"), [
    ("Consent to be bound", "lacks the column"),
    ("Ratification, Consent(x)", "lacks the column"),
    ("Ratification, Acceptance(A), Approval(A)", "ambiguous"),
    ("Ratification, Accession", "ambiguous"),
    ("", "lacks the column"),
])
def test_malformed_consent_headers_fail_loudly(header: str, words: str):
    with pytest.raises(untc.ColumnError, match=words):
        untc.parse(_xml(header, [("Chile", "2 Feb 2014")], extra=False))


def test_two_consent_columns_are_ambiguous():
    data = _xml("Ratification, Accession(a)", [("Chile", "2 Feb 2014")], extra=False)
    data = data.replace(b"<Entry>Ratification, Accession(a)</Entry>",
                        b"<Entry>Ratification, Accession(a)</Entry><Entry>Accession(a)</Entry>")
    with pytest.raises(untc.ColumnError, match="2 consent columns"):
        untc.parse(data)


def test_a_code_the_header_does_not_list_is_read_as_usual_and_said():
    ev = untc.parse(_xml("Ratification, Acceptance(A)", [("Chile", "2 Feb 2014 a")],
                         extra=False))
    assert ev["action"].tolist() == ["accession"]
    assert "not listed in the column header" in ev["note"].iloc[0]
    with pytest.raises(untc.ReconciliationError, match="'x' is not one"):
        untc.parse(_xml("Ratification, Acceptance(A)", [("Chile", "2 Feb 2014 x")],
                        extra=False))


def test_an_odd_table_before_the_participants_table_is_skipped():
    html = _html(HEADERS[0]["header"], _rows(HEADERS[0]["header"])[0], extra=False)
    menu = b"<table><tr><td>Ratification, Accession</td><td>Participants</td></tr></table>"
    ev = untc.parse(html.replace(b"<body>", b"<body>" + menu))
    assert ev.attrs["participants"] == len(_terms(HEADERS[0]["header"]))
