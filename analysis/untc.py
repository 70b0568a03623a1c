"""Read the UN Treaty Collection's status of the Hanoi Convention (MTDSG XVIII-16), safely.

- :func:`read` parses UNTC's MTDSG XML (``.../MTDSG/Volume II/Chapter XVIII/XVIII-16.en.xml``)
  or the HTML status page (``ViewDetails.aspx?...mtdsg_no=XVIII-16``) into the event-log shape
  of docs/CONVENTIONS.md;
- :func:`diff` says what changed between two such tables;
- :func:`update` stores a new dated snapshot in ``data/`` (``raw/untc/`` byte for byte, with a
  provenance sidecar, and the parsed table in ``derived/status/untc/``) and reports the changes.

The input is untrusted. XML goes through :mod:`defusedxml` (entity declarations, external
entities and external references are refused, so "billion laughs" and XXE files fail with
:class:`UnsafeXMLError`), HTML through lxml's HTML parser with the network off; files larger
than :data:`MAX_BYTES` are refused before they are parsed. Every failure is a
:class:`UNTCError` (a ``ValueError``) whose message says what is wrong.

Nothing is dropped silently: the number of table rows must equal the participants parsed plus
the rows reported in ``attrs["unparsed"]`` (a non-empty row that could not be parsed raises
:class:`ReconciliationError` unless ``strict=False``), and the page's own "Signatories: N" and
"Parties: N" figures, when present, must match the table. Every participant name must resolve
through :func:`analysis.names.normalise`, or :class:`UnresolvedNamesError` lists those that
did not.

Only :func:`update` (and :func:`read` given a URL) touch the network, with a timeout.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from analysis.datafiles import sidecar_path

__all__ = [
    "MAX_BYTES",
    "TIMEOUT",
    "UNTC_HTML_URL",
    "UNTC_XML_URL",
    "ColumnError",
    "FileTooLargeError",
    "MaintenancePageError",
    "MalformedFileError",
    "ReconciliationError",
    "UNTCError",
    "UnresolvedNamesError",
    "UnsafeXMLError",
    "UpdateResult",
    "diff",
    "fetch",
    "parse",
    "read",
    "snapshots",
    "update",
]

#: Largest file accepted (bytes). The real XVIII-16 page is a few tens of kilobytes.
MAX_BYTES = 20 * 1024 * 1024
#: Network timeout in seconds.
TIMEOUT = 30.0
UNTC_XML_URL = (
    "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XVIII/XVIII-16.en.xml"
)
UNTC_HTML_URL = (
    "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18"
    "&clang=_en"
)
TREATY = "XVIII-16"
EVENT_COLUMNS = [
    "participant", "iso3", "action", "date", "date_precision", "source_url", "confidence", "note",
]

#: Expected columns: (key, what the header starts with, the full UNTC header for messages).
EXPECTED_COLUMNS = (
    ("participant", "participant", "Participant"),
    ("signature", "signature", "Signature"),
    ("consent", "ratification", "Ratification, Acceptance(A), Approval(AA), Accession(a)"),
)
#: Suffix codes in the consent column -> action (an unmarked date is a ratification).
CONSENT_CODES = {
    "": "ratification", "A": "acceptance", "AA": "approval", "a": "accession",
    "d": "succession", "c": "formal_confirmation",
}
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})(?:\s+(AA|A|a|d|c))?$")
_MAINTENANCE = re.compile(
    r"under(?:going)?\s+(?:scheduled\s+)?maintenance|scheduled\s+maintenance|"
    r"temporarily\s+(?:unavailable|down)|service\s+unavailable|maintenance\s+mode",
    re.IGNORECASE)
_SIGNATORIES = re.compile(r"\bSignatories\s*:?\s*(\d+)")
_PARTIES = re.compile(r"\bParties\s*:?\s*(\d+)")


class UNTCError(ValueError):
    """Any failure to read a UNTC page; the message says what and where."""


class FileTooLargeError(UNTCError):
    """The file is larger than the size limit."""


class MaintenancePageError(UNTCError):
    """UNTC served its maintenance page instead of the treaty status."""


class MalformedFileError(UNTCError):
    """The file is not well-formed XML/HTML, or not a UNTC status page at all."""


class UnsafeXMLError(UNTCError):
    """The XML declares entities or references external resources (XXE, billion laughs)."""


class ColumnError(UNTCError):
    """The participants table lacks an expected column (missing or renamed)."""


class UnresolvedNamesError(UNTCError):
    """Participant names that :func:`analysis.names.normalise` could not resolve."""

    def __init__(self, message: str, names: Sequence[str]) -> None:
        super().__init__(message)
        self.names = list(names)


class ReconciliationError(UNTCError):
    """Rows that could not be parsed, or counts that do not add up."""

    def __init__(self, message: str, unparsed: Sequence[dict[str, Any]] = ()) -> None:
        super().__init__(message)
        self.unparsed = list(unparsed)


# --------------------------------------------------------------------------------------
# Getting the bytes


def _is_url(source: str | os.PathLike[str]) -> bool:
    return isinstance(source, str) and urllib.parse.urlsplit(source).scheme in ("http", "https")


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """Download ``url`` (http/https only) with a timeout, refusing more than ``max_bytes``.

    >>> fetch(UNTC_XML_URL)  # doctest: +SKIP
    b'<?xml ...'
    """
    if not _is_url(url):
        raise UNTCError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": "hanoi-analysis (research)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = response.read(max_bytes + 1)
    except OSError as exc:
        raise UNTCError(f"could not download {url}: {exc}") from exc
    if len(data) > max_bytes:
        raise FileTooLargeError(f"{url}: more than {max_bytes:,} bytes; refused")
    return data


def _load(source: str | os.PathLike[str], *, timeout: float, max_bytes: int) -> bytes:
    if _is_url(source):
        return fetch(str(source), timeout=timeout, max_bytes=max_bytes)
    path = Path(source)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UNTCError(f"cannot read {path}: {exc}") from exc
    if size > max_bytes:
        raise FileTooLargeError(f"{path}: {size:,} bytes, over the {max_bytes:,}-byte limit")
    with open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        raise FileTooLargeError(f"{path}: over the {max_bytes:,}-byte limit")
    return data


# --------------------------------------------------------------------------------------
# Parsing


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _cell_text(elem: Any, sup_tags: frozenset[str]) -> tuple[str, list[str]]:
    """Text of a cell without footnote markers, and the markers."""
    parts: list[str] = []
    marks: list[str] = []

    def walk(e: Any) -> None:
        if _local(e.tag) in sup_tags:
            marks.append(_clean("".join(e.itertext())))
        else:
            if e.text:
                parts.append(e.text)
            for child in e:
                walk(child)
        if e is not elem and e.tail:
            parts.append(e.tail)

    walk(elem)
    return _clean("".join(parts)), [m for m in marks if m]


def _detect(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<!doctype html") or b"<html" in head or b"<body" in head:
        return "html"
    if head.startswith(b"<"):
        return "xml"
    raise MalformedFileError("not XML or HTML (the file does not start with '<')")


def _xml_table(data: bytes) -> tuple[list[Any], list[list[Any]], str]:
    import xml.etree.ElementTree as ET

    import defusedxml
    import defusedxml.ElementTree as DET

    try:
        root = DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeXMLError(
            f"unsafe XML refused ({type(exc).__name__}: {exc}); UNTC pages declare no entities "
            "and reference no external resources") from exc
    except ET.ParseError as exc:
        raise MalformedFileError(f"malformed XML: {exc}") from exc
    text = " ".join(root.itertext())
    participants = next((e for e in root.iter() if _local(e.tag) == "participants"), None)
    if participants is None:
        if _MAINTENANCE.search(text):
            raise MaintenancePageError("UNTC returned its maintenance page; try again later")
        raise MalformedFileError(
            f"no <Participants> element: not an MTDSG status file (root <{_local(root.tag)}>)")
    thead = next((e for e in participants.iter() if _local(e.tag) == "thead"), None)
    tbody = next((e for e in participants.iter() if _local(e.tag) == "tbody"), None)
    if thead is None or tbody is None:
        raise MalformedFileError("<Participants> has no Thead/Tbody table")
    head_row = next((e for e in thead.iter() if _local(e.tag) == "row"), None)
    header = [] if head_row is None else [c for c in head_row if _local(c.tag) == "entry"]
    rows = [[c for c in r if _local(c.tag) == "entry"]
            for r in tbody.iter() if _local(r.tag) == "row"]
    return header, rows, text


def _html_table(data: bytes) -> tuple[list[Any], list[list[Any]], str]:
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  huge_tree=False)
    try:
        doc = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise MalformedFileError(f"malformed HTML: {exc}") from exc
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    text = _clean(doc.text_content())
    seen: list[list[str]] = []
    for table in doc.iter("table"):
        if table.xpath(".//table"):  # a layout table around the real one
            continue
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        for i, tr in enumerate(rows):
            cells = tr.xpath("./td|./th")
            labels = [_cell_text(c, frozenset({"sup"}))[0] for c in cells]
            if labels:
                seen.append(labels)
            if labels and labels[0].lower().startswith("participant"):
                return cells, [r.xpath("./td|./th") for r in rows[i + 1:]], text
    if _MAINTENANCE.search(text):
        raise MaintenancePageError("UNTC returned its maintenance page; try again later")
    if not seen:
        raise MalformedFileError("no table in the HTML: not a UNTC status page")
    raise ColumnError(
        "no table with a 'Participant' column; expected columns "
        f"{[e[2] for e in EXPECTED_COLUMNS]}; table headers found: {seen[:5]}")


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, prefix, _full in EXPECTED_COLUMNS:
        for i, label in enumerate(header):
            if label.lower().startswith(prefix):
                found[key] = i
                break
    missing = [full for key, _prefix, full in EXPECTED_COLUMNS if key not in found]
    if missing:
        raise ColumnError(
            f"participants table lacks the column(s) {missing} (missing or renamed); "
            f"its columns are {header}")
    return found


def _date(text: str) -> tuple[pd.Timestamp, str] | None:
    m = _DATE.match(text)
    if not m or m.group(2).lower() not in _MONTHS:
        return None
    try:
        day = dt.date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None
    return pd.Timestamp(day), m.group(4) or ""


def parse(data: bytes, *, source_url: str = "", strict: bool = True,
          resolve: Callable[[list[str]], pd.DataFrame] | None = None) -> pd.DataFrame:
    """Parse the bytes of a UNTC status page (MTDSG XML or HTML) into the event-log shape.

    One row per action: a dated signature gives ``action == "signature"``, a dated consent
    gives ``ratification`` (no suffix), ``acceptance`` (``A``), ``approval`` (``AA``),
    ``accession`` (``a``), ``succession`` (``d``) or ``formal_confirmation`` (``c``). Dates
    have day precision and ``confidence == "official"``; footnote markers go to ``note``.

    ``attrs``: ``format``, ``source_url``, ``sha256``, ``rows_in_table``, ``participants``,
    ``empty_rows``, ``unparsed`` (list of ``{"row", "cells", "reason"}``),
    ``reported_signatories`` / ``reported_parties`` (the page's own figures, or None) and
    ``warnings``. ``resolve`` replaces :func:`analysis.names.normalise` (tests).

    >>> parse(open("tests/fixtures/untc/mtdsg_ok.xml", "rb").read())  # doctest: +SKIP
    """
    kind = _detect(data)
    header_cells, body, text = _xml_table(data) if kind == "xml" else _html_table(data)
    sup = frozenset({"superscript", "sup"})
    header = [_cell_text(c, sup)[0] for c in header_cells]
    cols = _columns(header)

    records: list[dict[str, Any]] = []
    unparsed: list[dict[str, Any]] = []
    participants: list[str] = []
    empty = 0
    for n, cells in enumerate(body, 1):
        parsed = [_cell_text(c, sup) for c in cells]
        values = [p[0] for p in parsed]
        if not any(values):
            empty += 1
            continue

        def cell(key: str, values: list[str] = values) -> str:
            i = cols[key]
            return values[i] if i < len(values) else ""

        name = cell("participant")
        marks = parsed[cols["participant"]][1] if cols["participant"] < len(parsed) else []
        problems = []
        sig_text, con_text = cell("signature"), cell("consent")
        sig = _date(sig_text) if sig_text else None
        con = _date(con_text) if con_text else None
        if not name:
            problems.append("no participant name")
        if sig_text and (sig is None or sig[1] not in ("", "d")):
            problems.append(f"signature cell {sig_text!r} is not a date like '25 Oct 2025'")
        if con_text and con is None:
            problems.append(f"consent cell {con_text!r} is not a date like '25 Oct 2025 a'")
        if not sig_text and not con_text:
            problems.append("neither a signature nor a consent date")
        if problems:
            unparsed.append({"row": n, "cells": values, "reason": "; ".join(problems)})
            continue
        participants.append(name)
        notes = [f"footnote {', '.join(marks)}"] if marks else []
        for column, (key, got) in (("signature", ("signature", sig)),
                                   ("consent", ("consent", con))):
            if got is None:
                continue
            date, code = got
            cell_marks = parsed[cols[column]][1] if cols[column] < len(parsed) else []
            note = notes + ([f"date footnote {', '.join(cell_marks)}"] if cell_marks else [])
            if key == "signature":
                action = "signature"
                if code == "d":
                    note.append("succession to signature (d)")
            else:
                action = CONSENT_CODES[code]
            records.append({
                "participant": name, "action": action, "date": date, "date_precision": "day",
                "source_url": source_url, "confidence": "official", "note": "; ".join(note),
            })

    rows_in_table = len(body)
    if rows_in_table != len(participants) + len(unparsed) + empty:  # pragma: no cover
        raise ReconciliationError(
            f"{rows_in_table} table rows but {len(participants)} participants parsed, "
            f"{len(unparsed)} unparsed and {empty} empty", unparsed)
    warnings: list[str] = []
    reported_sig = _first_int(_SIGNATORIES, text)
    reported_par = _first_int(_PARTIES, text)
    n_sig = sum(r["action"] == "signature" for r in records)
    n_par = len({r["participant"] for r in records if r["action"] != "signature"})
    if reported_sig is not None and reported_sig != n_sig:
        warnings.append(f"the page says Signatories: {reported_sig} but its table has {n_sig} "
                        "signatures (truncated or stale file?)")
    if reported_par is not None and reported_par != n_par:
        warnings.append(f"the page says Parties: {reported_par} but its table has {n_par} "
                        "consents (truncated or stale file?)")
    if strict and unparsed:
        listing = "; ".join(f"row {u['row']} {u['cells']}: {u['reason']}" for u in unparsed)
        raise ReconciliationError(
            f"{len(unparsed)} of {rows_in_table} table rows could not be parsed: {listing} "
            "(strict=False returns the rest with attrs['unparsed'])", unparsed)
    if strict and warnings:
        raise ReconciliationError("; ".join(warnings) + " (strict=False to accept)")
    if not participants and not unparsed:
        raise MalformedFileError("the participants table has no rows")

    frame = pd.DataFrame(records, columns=[c for c in EVENT_COLUMNS if c != "iso3"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame.insert(1, "iso3", _iso3(list(frame["participant"]), resolve))
    frame.attrs.update({
        "format": kind,
        "source_url": source_url,
        "sha256": hashlib.sha256(data).hexdigest(),
        "rows_in_table": rows_in_table,
        "participants": len(participants),
        "empty_rows": empty,
        "unparsed": unparsed,
        "reported_signatories": reported_sig,
        "reported_parties": reported_par,
        "warnings": warnings,
        "columns": header,
    })
    return frame


def _first_int(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.search(text)
    return int(m.group(1)) if m else None


def _iso3(participants: list[str],
          resolve: Callable[[list[str]], pd.DataFrame] | None) -> list[str]:
    if resolve is None:
        from analysis import names

        resolve = names.normalise
    unique = list(dict.fromkeys(participants))
    if not unique:
        return []
    table = resolve(unique)
    ok = table["iso3"].notna() & table["iso3"].astype(str).ne("")
    if "status" in table.columns:
        ok &= table["status"].eq("matched")
    bad = [n for n, good in zip(unique, ok, strict=True) if not good]
    if bad:
        raise UnresolvedNamesError(
            f"{len(bad)} participant name(s) not resolved by analysis.names: {bad}; add them to "
            "the curated names tables or fix the file", bad)
    codes = dict(zip(unique, table["iso3"], strict=True))
    return [codes[p] for p in participants]


def read(source: str | os.PathLike[str], *, strict: bool = True, source_url: str | None = None,
         resolve: Callable[[list[str]], pd.DataFrame] | None = None,
         max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> pd.DataFrame:
    """Read a UNTC status page (a file path, or an http(s) URL) into the event-log shape.

    See :func:`parse` for the result and its ``attrs``. ``source_url`` defaults to the URL
    or the file path. Raises a :class:`UNTCError` subclass with a clear message on a file
    that is too large, unsafe, malformed, UNTC's maintenance page, a missing/renamed column,
    unresolved names or (with ``strict``) rows that do not reconcile.

    >>> ev = read("tests/fixtures/untc/mtdsg_ok.xml")
    >>> ev.loc[ev.iso3 == "EUU", "action"].tolist()
    ['signature', 'approval']
    """
    data = _load(source, timeout=timeout, max_bytes=max_bytes)
    url = source_url if source_url is not None else str(source)
    frame = parse(data, source_url=url, strict=strict, resolve=resolve)
    frame.attrs["source"] = str(source)
    return frame


# --------------------------------------------------------------------------------------
# Comparing and updating


def _key_action(action: str) -> str:
    return "signature" if action == "signature" else "consent"


def _fmt(date: Any) -> str:
    return "?" if pd.isna(date) else pd.Timestamp(date).date().isoformat()


def diff(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """What changed from ``old`` to ``new`` (event-log frames), one line per change.

    Lines start with ``new signature``, ``new instrument``, ``removed``, ``changed date``,
    ``changed type`` or ``renamed``; an empty list means no change.

    >>> a = read("tests/fixtures/untc/mtdsg_ok.xml")
    >>> diff(a, a)
    []
    """
    def index(frame: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
        out: dict[tuple[str, str], pd.Series] = {}
        for _, row in frame.sort_values("date").iterrows():
            out.setdefault((row["iso3"], _key_action(row["action"])), row)
        return out

    before, after = index(old), index(new)
    lines: list[str] = []
    for key in sorted(after.keys() - before.keys()):
        r = after[key]
        what = "new signature" if key[1] == "signature" else f"new instrument ({r['action']})"
        lines.append(f"{what}: {r['participant']} ({r['iso3']}) {_fmt(r['date'])}")
    for key in sorted(before.keys() - after.keys()):
        r = before[key]
        lines.append(f"removed {r['action']}: {r['participant']} ({r['iso3']}) "
                     f"{_fmt(r['date'])} (no longer listed)")
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key], after[key]
        who = f"{b['participant']} ({b['iso3']})"
        same_date = (pd.isna(a["date"]) and pd.isna(b["date"])) or a["date"] == b["date"]
        if not same_date:
            lines.append(f"changed date: {who} {b['action']} {_fmt(a['date'])} -> "
                         f"{_fmt(b['date'])}")
        if a["action"] != b["action"]:
            lines.append(f"changed type: {who} {a['action']} -> {b['action']}")
    renamed = {}
    for key in before.keys() & after.keys():
        if before[key]["participant"] != after[key]["participant"]:
            renamed[key[0]] = (before[key]["participant"], after[key]["participant"])
    lines += [f"renamed: {a} -> {b} ({iso3})" for iso3, (a, b) in sorted(renamed.items())]
    return lines


@dataclass(frozen=True)
class UpdateResult:
    """What :func:`update` did."""

    snapshot: Path | None
    table: Path | None
    previous: str
    changes: list[str] = field(default_factory=list)
    unchanged: bool = False


_SNAPSHOT = re.compile(rf"^{re.escape(TREATY)}_(\d{{4}}-\d{{2}}-\d{{2}})(?:-(\d+))?\.(xml|html)$")


def snapshots(data_dir: str | Path | None = None) -> list[Path]:
    """Stored UNTC snapshots in ``raw/untc/``, oldest first.

    >>> snapshots("/nonexistent")
    []
    """
    folder = _root(data_dir) / "raw" / "untc"
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _SNAPSHOT.match(p.name)
        if m and p.is_file():
            found.append(((m.group(1), int(m.group(2) or 1)), p))
    return [p for _, p in sorted(found)]


def _root(data_dir: str | Path | None) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    from analysis.datafiles import DATA_DIR

    return DATA_DIR





def _json(meta: dict[str, Any]) -> bytes:
    return (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _write_atomic(path: Path, data: bytes) -> Path:
    """Write to a temporary file in the same folder; return it (rename later)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def table_csv(frame: pd.DataFrame) -> str:
    """The parsed table as CSV text (ISO dates), as stored in ``derived/status/untc/``."""
    out = frame[EVENT_COLUMNS].copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d").fillna("")
    return out.to_csv(index=False, lineterminator="\n")


def derived_meta(raw_rel: str, frame: pd.DataFrame) -> dict[str, Any]:
    """Sidecar of a parsed table (kind derived); shared with ``scripts/build/status.py``."""
    return {
        "kind": "derived",
        "source": "parsed by analysis.untc.read from the UNTC snapshot in inputs",
        "url": "", "retrieved": "", "version": "",
        "licence": "facts from public records; UNTC terms of use",
        "inputs": [raw_rel],
        "notes": (f"{frame.attrs.get('participants')} participants, "
                  f"{len(frame)} actions; rows in table {frame.attrs.get('rows_in_table')}; "
                  f"unparsed {len(frame.attrs.get('unparsed', []))}"),
    }


def update(source: str | os.PathLike[str], *, data_dir: str | Path | None = None,
           url: str | None = None, now: dt.datetime | None = None,
           timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
           out: IO[str] | None = None) -> UpdateResult:
    """Store a new dated UNTC snapshot and report what changed since the previous one.

    Reads ``source`` (URL or file), parses it strictly (any :class:`UNTCError` aborts before
    anything is written), then writes ``raw/untc/XVIII-16_<date>.<xml|html>`` byte for byte
    with its sidecar (url, retrieval time, sha256, the changes) and the parsed table
    ``derived/status/untc/XVIII-16_<date>.csv``. Files are written to temporary names and
    renamed only after everything succeeded, so a failed update leaves earlier snapshots
    untouched. The comparison is with the latest stored snapshot, or with the curated event
    log (``analysis.status.events()``) when there is none. Run ``make data`` afterwards to
    refresh ``data/manifest.csv``.

    >>> update(UNTC_XML_URL)  # doctest: +SKIP
    """
    out = out if out is not None else sys.stdout
    root = _root(data_dir)
    now = now or dt.datetime.now(dt.UTC)
    data = _load(source, timeout=timeout, max_bytes=max_bytes)
    source_url = url if url is not None else (str(source) if _is_url(source) else "")
    frame = parse(data, source_url=source_url or str(source), strict=True)
    digest = frame.attrs["sha256"]
    ext = frame.attrs["format"]

    previous = snapshots(root)
    if previous:
        prev_path = previous[-1]
        if hashlib.sha256(prev_path.read_bytes()).hexdigest() == digest:
            print(f"unchanged: identical to {prev_path.name}; nothing written", file=out)
            return UpdateResult(None, None, prev_path.name, [], unchanged=True)
        old = read(prev_path, strict=False)
        label = prev_path.relative_to(root).as_posix()
    else:
        from analysis import status

        try:
            old = status.events(data_dir=root)
            label = "curated/status/events.csv (no earlier UNTC snapshot)"
        except FileNotFoundError:
            old = pd.DataFrame(columns=EVENT_COLUMNS)
            label = "nothing (no earlier UNTC snapshot, no curated event log)"
    changes = diff(old, frame)

    day = now.date().isoformat()
    folder = root / "raw" / "untc"
    n = 1
    while True:
        stem = f"{TREATY}_{day}" + (f"-{n}" if n > 1 else "")
        target = folder / f"{stem}.{ext}"
        if not target.exists():
            break
        n += 1
    table = root / "derived" / "status" / "untc" / f"{stem}.csv"
    raw_rel = target.relative_to(root).as_posix()
    meta = {
        "kind": "raw",
        "source": f"UN Treaty Collection (UNTC), MTDSG {TREATY} status ({ext.upper()})",
        "url": source_url,
        "retrieved": day,
        "retrieved_at": now.isoformat(timespec="seconds"),
        "version": "",
        "licence": "facts from public records; UNTC terms of use",
        "sha256": digest,
        "notes": (f"stored by `python -m analysis update` from {source}; "
                  f"{frame.attrs['participants']} participants, {len(frame)} actions; "
                  f"page figures: signatories {frame.attrs['reported_signatories']}, "
                  f"parties {frame.attrs['reported_parties']}"),
        "compared_with": label,
        "changes": changes,
    }
    table_text = table_csv(frame).encode()
    table_meta = _json({**derived_meta(raw_rel, frame),
                        "sha256": hashlib.sha256(table_text).hexdigest()})
    plan = [(sidecar_path(table), table_meta), (table, table_text),
            (sidecar_path(target), _json(meta)), (target, data)]  # the snapshot itself last
    temps: list[Path] = []
    try:
        for path, content in plan:
            temps.append(_write_atomic(path, content))
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
    # Everything is on disk: rename into place.
    for tmp, (path, _content) in zip(temps, plan, strict=True):
        os.replace(tmp, path)

    print(f"wrote {raw_rel} ({len(data):,} bytes, sha256 {digest[:12]}...) and "
          f"{table.relative_to(root).as_posix()}", file=out)
    print(f"changes since {label}: {len(changes) or 'none'}", file=out)
    for line in changes:
        print(f"  {line}", file=out)
    for w in frame.attrs["warnings"]:
        print(f"  warning: {w}", file=out)
    print("run `make data` to refresh data/manifest.csv", file=out)
    return UpdateResult(target, table, label, changes)

