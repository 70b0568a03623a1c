"""Read a treaty's status from the UN Treaty Collection (UNTC), safely, and store snapshots.

- :func:`read` / :func:`parse` turn UNTC's MTDSG XML (the profile's ``untc_xml_url``,
  ``.../MTDSG/Volume II/Chapter <chapter>/<mtdsg>.en.xml``) or its HTML status page
  (``untc_html_url``, ``ViewDetails.aspx?...``) into the event-log shape of docs/CONVENTIONS.md;
- :func:`check` says what is implausible in a parsed page (duplicate participants, dates
  outside the treaty's life, a signature after the consent, another treaty's page, too many
  removals since the last snapshot);
- :func:`diff` says what changed between two such tables;
- :func:`update` stores a new snapshot in ``data/`` (``raw/untc/`` byte for byte, with a
  provenance sidecar, and the parsed table in ``derived/status/untc/``) and reports the
  changes; :func:`snapshots` lists the stored snapshots, oldest first by retrieval time.

Every treaty-specific value (MTDSG number, title, opening date, UNTC addresses) comes from
the profile :func:`analysis.treaty.get` returns; ``treaty=None`` is the Hanoi Convention.

The input is untrusted. XML goes through :mod:`defusedxml` (entity declarations, external
entities and external references are refused, so "billion laughs" and XXE files fail with
:class:`UnsafeXMLError`), HTML through lxml's HTML parser with the network off, after being
decoded here (a declared charset, else strict UTF-8); files larger than :data:`MAX_BYTES`
are refused before they are parsed; a download has one deadline for the whole transfer.
Every regular expression that sees the input is linear-time (no nested or adjacent
overlapping quantifiers). Every failure is a :class:`UNTCError` (a ``ValueError``) whose
message says what is wrong and quotes at most :data:`MAX_QUOTE` characters of the input.

The columns are found by meaning: the participant column, the signature column
("Signature" or "Signature, Succession to signature(d)") and the consent column, whose
header lists consent terms with their suffix codes in any order ("Ratification,
Acceptance(A), Approval(AA), Accession(a)", "Approval(AA), Acceptance(A), Accession(a),
Succession(d), Ratification", "Definitive signature(s), Acceptance(A)", ...). The header
itself says what each code means and which term an unmarked date is; extra columns are
ignored.

Nothing is dropped silently: the number of table rows must equal the participants parsed plus
the rows reported in ``attrs["unparsed"]`` (a non-empty row that could not be parsed raises
:class:`ReconciliationError` unless ``strict=False``), and the page's own "Signatories: N" and
"Parties: N" figures, when present, must match the table. Every participant name must resolve
through :func:`analysis.names.normalise`, or :class:`UnresolvedNamesError` lists those that
did not.

Only :func:`update` and :func:`fetch` (and :func:`read` given a URL) touch the network.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import fcntl
import hashlib
import http.client
import json
import math
import os
import re
import socket
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pandas as pd

from analysis import treaty as treaties_profile
from analysis.datafiles import sidecar_path

__all__ = [
    "MAX_BYTES",
    "MAX_CELL",
    "MAX_QUOTE",
    "MAX_REMOVALS",
    "TIMEOUT",
    "UNTC_HTML_URL",
    "UNTC_XML_URL",
    "ColumnError",
    "FileTooLargeError",
    "MaintenancePageError",
    "MalformedFileError",
    "PlausibilityError",
    "ReconciliationError",
    "UNTCError",
    "UnresolvedNamesError",
    "UnsafeXMLError",
    "UpdateResult",
    "check",
    "diff",
    "fetch",
    "parse",
    "read",
    "snapshots",
    "update",
]

#: Largest file accepted (bytes). A real MTDSG page is a few tens of kilobytes.
MAX_BYTES = 20 * 1024 * 1024
#: Deadline for a whole download, in seconds.
TIMEOUT = 30.0
#: Longest participant cell accepted (characters); the longest UN participant name
#: ("United Kingdom of Great Britain and Northern Ireland") is 52.
MAX_CELL = 300
#: At most this many characters of the input are quoted in an error message.
MAX_QUOTE = 200
#: Most rows a new snapshot may lose against the previous one before :func:`update` refuses
#: it. UNTC does not delete participants; a withdrawn signature or a corrected row is one or
#: two lines at a time, so a page that lost more is far likelier to be truncated, stale or
#: another treaty's page than a true change (a human can still store it with
#: ``accept_changes``).
MAX_REMOVALS = 3
#: How long an update waits for another one holding the snapshot folder's lock (seconds).
LOCK_TIMEOUT = 600.0

#: The default (Hanoi Convention) profile's addresses, for callers and help texts.
UNTC_XML_URL = treaties_profile.DEFAULT.untc_xml_url
UNTC_HTML_URL = treaties_profile.DEFAULT.untc_html_url

#: The event-log columns, with ``stage`` last: ``deposited`` for every consent UNTC lists
#: (the depositary's record is the deposit), empty for signatures.
EVENT_COLUMNS = [
    "participant", "iso3", "action", "date", "date_precision", "source_url", "confidence", "note",
    "stage",
]

#: The columns looked for, with their usual UNTC header (for messages).
EXPECTED_COLUMNS = (
    ("participant", "Participant"),
    ("signature", "Signature"),
    ("consent", "Ratification, Acceptance(A), Approval(AA), Accession(a)"),
)
#: Consent terms of UNTC headers -> action.
CONSENT_TERMS = {
    "ratification": "ratification", "acceptance": "acceptance", "approval": "approval",
    "accession": "accession", "succession": "succession",
    "formal confirmation": "formal_confirmation", "definitive signature": "definitive_signature",
}
#: The usual suffix codes (a header that lists none falls back to these).
CONSENT_CODES = {
    "": "ratification", "A": "acceptance", "AA": "approval", "a": "accession",
    "d": "succession", "c": "formal_confirmation", "s": "definitive_signature",
}
_SIGNATURE_TERMS = frozenset({"signature", "succession to signature", "simple signature"})
_FOOTNOTE_CHARS = "0123456789*\u2020\u2021\u00a7\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076" \
    "\u2077\u2078\u2079 .:"
_YEARS = (1900, 2200)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}

# Every pattern below is linear-time on any input: no quantified group contains another
# quantifier and adjacent quantified items match disjoint characters.
_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})(?:\s*([A-Za-z]{1,3}))?")
_MAINTENANCE = re.compile(
    r"under(?:going)?\s+(?:(?:scheduled|urgent)\s+)?maintenance|(?:scheduled|urgent)\s+"
    r"maintenance|(?:temporarily|currently)\s+(?:unavailable|down)|service\s+unavailable|"
    r"maintenance\s+mode",
    re.IGNORECASE)
_SIGNATORIES = re.compile(r"\bSignatories\s*(?::\s*)?(\d{1,6})")
_PARTIES = re.compile(r"\bParties\s*(?::\s*)?(\d{1,6})")
_SPACES = re.compile(r"\s+")
_CHARSET = re.compile(rb"""(?:charset|encoding)[ \t]{0,5}=[ \t]{0,5}["']?([A-Za-z0-9_.:-]{1,40})""",
                      re.IGNORECASE)
_MTDSG_LINK = re.compile(r"mtdsg_no=([IVXLC]{1,8}-\d{1,4}(?:-[a-z])?)", re.IGNORECASE)
_NEW_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})Z_([0-9a-f]{8})\.(xml|html)")
_OLD_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:-(\d{1,4}))?\.(xml|html)")


class UNTCError(ValueError):
    """Any failure to read a UNTC page or store a snapshot; the message says what and where."""


class FileTooLargeError(UNTCError):
    """The file is larger than the size limit."""


class MaintenancePageError(UNTCError):
    """UNTC served its maintenance page instead of the treaty status."""


class MalformedFileError(UNTCError):
    """The file is not well-formed XML/HTML, not decodable, or not a UNTC status page."""


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


class PlausibilityError(UNTCError):
    """A well-formed page whose content is implausible; :func:`update` refuses to store it."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def _q(value: Any, limit: int = MAX_QUOTE) -> str:
    """``repr`` of untrusted input, cut to ``limit`` characters."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit]) + f"... ({len(text):,} characters)"


def _listing(items: Sequence[str], limit: int = 10) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")


# --------------------------------------------------------------------------------------
# Getting the bytes


def _is_url(source: Any) -> bool:
    return isinstance(source, str) and urllib.parse.urlsplit(source).scheme in ("http", "https")


def _timeout(value: Any) -> float:
    """A timeout in seconds: a positive finite number, else a clear error."""
    if isinstance(value, bool):
        raise UNTCError(f"timeout must be a number of seconds, got {value!r}")
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise UNTCError(f"timeout must be a number of seconds, got {_q(value)}") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise UNTCError(f"timeout must be a positive, finite number of seconds (e.g. 30), "
                        f"got {value!r}")
    return seconds


class _Watchdog:
    """Shuts down the sockets of one download when its deadline passes.

    A socket timeout bounds each read only: a server sending a byte a second (in the headers
    or the body) would never trip it. The watchdog makes the timeout a deadline for the
    whole transfer by shutting the sockets down from a timer thread, which wakes the
    blocked read.
    """

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._socks: list[socket.socket] = []
        self._guard = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        with self._guard:
            self._socks.append(sock)
            if self.expired:
                self._shut(sock)

    def expire(self) -> None:
        with self._guard:
            self.expired = True
            for sock in self._socks:
                self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # below TLS: wakes any recv

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _opener(dog: _Watchdog) -> urllib.request.OpenerDirector:
    """urllib's opener (proxies, redirects, TLS as usual) whose connections are watched."""

    def watched(base: type[http.client.HTTPConnection]) -> type[http.client.HTTPConnection]:
        class Watched(base):  # type: ignore[valid-type,misc]
            def connect(self) -> None:
                super().connect()
                dog.watch(self.sock)

        return Watched

    plain, secure = watched(http.client.HTTPConnection), watched(http.client.HTTPSConnection)

    class HTTP(urllib.request.HTTPHandler):
        def do_open(self, http_class: Any, req: Any, **kw: Any) -> Any:
            return super().do_open(plain, req, **kw)

    class HTTPS(urllib.request.HTTPSHandler):
        def do_open(self, http_class: Any, req: Any, **kw: Any) -> Any:
            return super().do_open(secure, req, **kw)

    return urllib.request.build_opener(HTTP, HTTPS)


def fetch(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> bytes:
    """Download ``url`` (http/https only) within ``timeout`` seconds for the whole transfer.

    Refuses more than ``max_bytes``, a transfer cut short (a broken chunked or truncated
    response), a transfer not finished by the deadline and a timeout that is not a positive
    finite number, each with a :class:`UNTCError`.

    >>> fetch("ftp://example.org/x")
    Traceback (most recent call last):
    ...
    analysis.untc.UNTCError: not an http(s) URL: 'ftp://example.org/x'
    """
    if not _is_url(url):
        raise UNTCError(f"not an http(s) URL: {_q(url)}")
    seconds = _timeout(timeout)
    request = urllib.request.Request(url, headers={"User-Agent": "hanoi-analysis (research)"})
    chunks: list[bytes] = []
    total = 0
    late = UNTCError(f"could not download {_q(url)}: no complete answer within the "
                     f"{seconds:g}-second deadline")
    with _Watchdog(seconds) as dog:
        try:
            with _opener(dog).open(request, timeout=seconds) as response:
                while not dog.expired:
                    chunk = response.read1(64 * 1024)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > max_bytes:
                        raise FileTooLargeError(
                            f"{_q(url)}: more than {max_bytes:,} bytes; refused")
                    chunks.append(chunk)
                if dog.expired:
                    raise late
                missing = getattr(response, "length", None)
                if missing:  # the server closed the connection before the announced length
                    raise http.client.IncompleteRead(b"", missing)
        except UNTCError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if dog.expired:
                raise late from None
            raise UNTCError(f"could not download {_q(url)}: {type(exc).__name__}: "
                            f"{_q(str(exc))[1:-1]} ({total:,} bytes received)") from None
    return b"".join(chunks)


def _load(source: str | os.PathLike[str], *, timeout: float, max_bytes: int) -> bytes:
    if _is_url(source):
        return fetch(str(source), timeout=timeout, max_bytes=max_bytes)
    path = Path(source)
    try:
        if path.is_dir():
            raise UNTCError(f"{_q(str(path))} is a folder, not a UNTC page file")
        size = path.stat().st_size
        if size > max_bytes:
            raise FileTooLargeError(
                f"{_q(str(path))}: {size:,} bytes, over the {max_bytes:,}-byte limit")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise UNTCError(f"cannot read {_q(str(path))}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew while we looked
        raise FileTooLargeError(f"{_q(str(path))}: over the {max_bytes:,}-byte limit")
    return data


# --------------------------------------------------------------------------------------
# Parsing


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _cell_text(elem: Any, sup_tags: frozenset[str]) -> tuple[str, list[str]]:
    """Text of a cell without footnote markers, and the markers (iterative: any depth)."""
    parts: list[str] = []
    marks: list[str] = []
    stack: list[tuple[bool, Any]] = [(False, elem)]
    while stack:
        is_text, item = stack.pop()
        if is_text:
            parts.append(item)
            continue
        if _local(item.tag) in sup_tags:
            marks.append(_clean("".join(item.itertext())))
            continue
        if item.text:
            parts.append(item.text)
        for child in reversed(list(item)):
            if child.tail:
                stack.append((True, child.tail))
            stack.append((False, child))
    return _clean("".join(parts)), [m for m in marks if m]


def _detect(data: bytes) -> str:
    head = data[:4096]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom):]
    head = head.replace(b"\x00", b"").lstrip(b" \t\r\n").lower()
    if head.startswith(b"<!doctype html") or b"<html" in head or b"<body" in head:
        return "html"
    if head.startswith(b"<"):
        return "xml"
    raise MalformedFileError("not XML or HTML (the file does not start with '<')")


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise MalformedFileError(f"unknown character encoding {_q(name)} declared by the "
                                 "file") from None


def _decode_html(data: bytes) -> str:
    """The page as text: BOM, else the declared charset, else strict UTF-8 (never a guess)."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            declared, body = name, data[len(bom):]
            break
    else:
        m = _CHARSET.search(data[:65536])
        declared, body = (m.group(1).decode("ascii") if m else None), data
    codec = _codec(declared) if declared else "utf-8"
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        said = f"declares {declared!r} but" if declared else "declares no charset and"
        raise MalformedFileError(
            f"the HTML {said} is not valid {codec} (byte {exc.start:,}); "
            "save the page as UTF-8") from None
    if text.lstrip().startswith("<?xml"):  # lxml refuses text with an encoding declaration
        text = text.lstrip().split("?>", 1)[-1]
    return text


def _xml_table(data: bytes) -> tuple[list[Any], list[list[Any]], str, dict[str, Any]]:
    import xml.etree.ElementTree as ET

    import defusedxml
    import defusedxml.ElementTree as DET

    try:
        root = DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeXMLError(
            f"unsafe XML refused ({type(exc).__name__}: {_q(str(exc))[1:-1]}); UNTC pages "
            "declare no entities and reference no external resources") from None
    except ET.ParseError as exc:
        raise MalformedFileError(f"malformed XML: {_q(str(exc))[1:-1]}") from None
    except LookupError as exc:
        raise MalformedFileError(f"the XML declares an unknown character encoding "
                                 f"({_q(str(exc))[1:-1]})") from None
    except (ValueError, RecursionError) as exc:
        raise MalformedFileError(f"unreadable XML ({type(exc).__name__})") from None
    text = " ".join(root.itertext())
    participants = next((e for e in root.iter() if _local(e.tag) == "participants"), None)
    if participants is None:
        if _MAINTENANCE.search(text):
            raise MaintenancePageError("UNTC returned its maintenance page; try again later")
        raise MalformedFileError(
            f"no <Participants> element: not an MTDSG status file (root "
            f"<{_q(_local(root.tag), 60)[1:-1]}>)")
    thead = next((e for e in participants.iter() if _local(e.tag) == "thead"), None)
    tbody = next((e for e in participants.iter() if _local(e.tag) == "tbody"), None)
    if thead is None or tbody is None:
        raise MalformedFileError("<Participants> has no Thead/Tbody table")
    head_row = next((e for e in thead.iter() if _local(e.tag) == "row"), None)
    header = [] if head_row is None else [c for c in head_row if _local(c.tag) == "entry"]
    rows = [[c for c in r if _local(c.tag) == "entry"]
            for r in tbody.iter() if _local(r.tag) == "row"]
    return header, rows, text, _xml_identity(root)


def _first_text(root: Any, tag: str) -> str | None:
    elem = next((e for e in root.iter() if _local(e.tag) == tag), None)
    return None if elem is None else _cell_text(elem, frozenset({"superscript"}))[0]


def _split_number(title: str) -> tuple[str | None, str | None, str]:
    """'16. Title' -> ('16', None, 'Title'); '12. a) Protocol' -> ('12', 'a', 'Protocol')."""
    i = 0
    while i < len(title) and i < 4 and title[i].isdigit():
        i += 1
    if i == 0:
        return None, None, title
    number, rest = title[:i], title[i:].lstrip(" .")
    letter = None
    if len(rest) >= 2 and rest[0].isalpha() and rest[0].islower() and rest[1] in ".)":
        letter, rest = rest[0], rest[2:].lstrip(" .)")
    return number, letter, rest


def _xml_identity(root: Any) -> dict[str, Any]:
    chapter_text = _first_text(root, "chapter") or ""
    title_text = _first_text(root, "titlesect")
    numerals = [w for w in chapter_text.upper().split() if w and set(w) <= set("IVXLC")]
    mtdsg: list[str] = []
    title = None
    if title_text is not None:
        number, letter, title = _split_number(title_text)
        if numerals and number:
            mtdsg.append(f"{numerals[-1]}-{number}" + (f"-{letter}" if letter else ""))
    return {"page_title": title, "page_mtdsg": mtdsg}


def _html_table(data: bytes) -> tuple[list[Any], list[list[Any]], str, dict[str, Any]]:
    import lxml.etree
    import lxml.html

    markup = _decode_html(data)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                                  huge_tree=False)
    try:
        doc = lxml.html.document_fromstring(markup, parser=parser)
    except (lxml.etree.ParserError, ValueError, RecursionError) as exc:
        raise MalformedFileError(f"malformed HTML: {_q(str(exc))[1:-1]}") from None
    links = sorted({m.group(1).upper() for m in _MTDSG_LINK.finditer(markup)})
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    text = _clean(doc.text_content())
    identity = {"page_title": None, "page_mtdsg": links}
    seen: list[str] = []
    refused: list[ColumnError] = []
    for table in doc.iter("table"):
        if table.xpath(".//table"):  # a layout table around the real one
            continue
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        for i, tr in enumerate(rows):
            cells = tr.xpath("./td|./th")
            labels = [_cell_text(c, frozenset({"sup"}))[0] for c in cells]
            if labels and len(seen) < 5:
                seen.append(_q(" | ".join(labels), 120))
            if any(_is_participant_header(label) for label in labels[:20]):
                try:  # a row naming a participant column but not the others: look further
                    _columns(labels)
                except ColumnError as exc:
                    refused.append(exc)
                    continue
                return cells, [r.xpath("./td|./th") for r in rows[i + 1:]], text, identity
    if refused:
        raise refused[0]
    if _MAINTENANCE.search(text):
        raise MaintenancePageError("UNTC returned its maintenance page; try again later")
    if not seen:
        raise MalformedFileError("no table in the HTML: not a UNTC status page")
    raise ColumnError(
        "no table with a 'Participant' column; expected columns "
        f"{[e[1] for e in EXPECTED_COLUMNS]}; table rows found: {'; '.join(seen)}")


# --------------------------------------------------------------------------------------
# Columns by meaning


def _phrases(label: str) -> list[tuple[str, str | None]]:
    """A header as (term, code) pairs: 'Accession(a), Ratification' ->
    [('accession', 'a'), ('ratification', None)]; footnote markers and spacing dropped."""
    out: list[tuple[str, str | None]] = []
    for piece in label.replace(";", ",").replace(")", "),").split(","):
        code = None
        piece = piece.strip()
        if piece.endswith(")") and "(" in piece:
            piece, _, code = piece[:-1].rpartition("(")
            code = code.strip().strip(_FOOTNOTE_CHARS) or None
        words = " ".join(piece.strip().rstrip(_FOOTNOTE_CHARS).split()).casefold()
        if words or code:
            out.append((words, code))
    return out


def _is_participant_header(label: str) -> bool:
    """'Participant' (any case, footnote marks, '(s)'); never raises, for any cell."""
    if len(label) > MAX_CELL:
        return False
    phrases = _phrases(label)
    return len(phrases) == 1 and phrases[0][0].startswith("participant")


def _classify(label: str) -> tuple[str | None, dict[str, str]]:
    """What a header cell means: ('participant' | 'signature' | 'consent' | None, codes).

    For the consent column, ``codes`` maps each suffix code (``""`` for an unmarked date)
    to its action, as the header itself lists them.
    """
    if len(label) > MAX_CELL:
        return None, {}
    phrases = _phrases(label)
    if not phrases:
        return None, {}
    words = [w for w, _c in phrases]
    if _is_participant_header(label):
        return "participant", {}
    if words[0] == "signature" and all(w in _SIGNATURE_TERMS for w in words):
        return "signature", {c: "signature" for w, c in phrases if c}
    if all(w in CONSENT_TERMS for w in words):
        codes: dict[str, str] = {}
        for w, c in phrases:
            key = c or ""
            if key in codes:
                raise ColumnError(
                    f"the consent column {_q(label)} gives the code {key or '(none)'!r} to "
                    f"both {codes[key]!r} and {CONSENT_TERMS[w]!r}: ambiguous")
            codes[key] = CONSENT_TERMS[w]
        return "consent", codes
    return None, {}


def _columns(header: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    found: dict[str, list[int]] = {}
    codes: dict[str, str] = {}
    for i, label in enumerate(header):
        kind, kind_codes = _classify(label)
        if kind is not None:
            found.setdefault(kind, []).append(i)
            if kind == "consent":
                codes = kind_codes
    shown = [_q(h, 100) for h in header[:12]]
    for key, _usual in EXPECTED_COLUMNS:
        if len(found.get(key, [])) > 1:
            raise ColumnError(f"participants table has {len(found[key])} {key} columns "
                              f"(ambiguous); its columns are {shown}")
    missing = [usual for key, usual in EXPECTED_COLUMNS if key not in found]
    if missing:
        raise ColumnError(
            f"participants table lacks the column(s) {missing} (missing or renamed); "
            f"its columns are {shown}")
    return {k: v[0] for k, v in found.items()}, codes


def _date(text: str) -> tuple[pd.Timestamp, str] | None:
    m = _DATE.fullmatch(text)
    if not m or m.group(2).lower() not in _MONTHS:
        return None
    year = int(m.group(3))
    if not _YEARS[0] <= year <= _YEARS[1]:  # pandas cannot hold it; implausible anyway
        return None
    try:
        day = dt.date(year, _MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None
    return pd.Timestamp(day), m.group(4) or ""


def _not_a_date(column: str, text: str, example: str) -> str:
    m = _DATE.fullmatch(text)
    if m and not _YEARS[0] <= int(m.group(3)) <= _YEARS[1]:
        return f"{column} cell {_q(text)}: year {m.group(3)} is out of range"
    return f"{column} cell {_q(text)} is not a date like {example!r}"


def parse(data: bytes, *, source_url: str = "", strict: bool = True,
          resolve: Callable[[list[str]], pd.DataFrame] | None = None,
          treaty: str | treaties_profile.Treaty | None = None) -> pd.DataFrame:
    """Parse the bytes of a UNTC status page (MTDSG XML or HTML) into the event-log shape.

    One row per action: a dated signature gives ``action == "signature"``, a dated consent
    the action its suffix code stands for in the column's own header (usually ``A``
    acceptance, ``AA`` approval, ``a`` accession, ``d`` succession, ``c`` formal
    confirmation, ``s`` definitive signature; an unmarked date is the term the header lists
    without a code, usually ratification). Dates have day precision and
    ``confidence == "official"``; footnote markers go to ``note``; ``stage`` is
    ``deposited`` for consents (UNTC lists deposited instruments) and empty for signatures.

    ``attrs``: ``format``, ``source_url``, ``sha256``, ``rows_in_table``, ``participants``,
    ``participant_rows`` (``[row number, name]`` per parsed row), ``empty_rows``,
    ``unparsed`` (list of ``{"row", "cells", "reason"}``), ``reported_signatories`` /
    ``reported_parties`` (the page's own figures, or None), ``warnings``, ``columns``,
    ``consent_codes``, ``page_title`` / ``page_mtdsg`` (what the page says it is) and
    ``treaty`` (the profile id). ``resolve`` replaces :func:`analysis.names.normalise`.

    >>> ev = parse(open("tests/fixtures/untc/mtdsg_ok.xml", "rb").read())
    >>> ev.attrs["page_mtdsg"] == [treaties_profile.get().mtdsg]
    True
    >>> ev.attrs["consent_codes"]["AA"]
    'approval'
    """
    profile = treaties_profile.get(treaty)
    kind = _detect(data)
    header_cells, body, text, identity = (
        _xml_table(data) if kind == "xml" else _html_table(data))
    sup = frozenset({"superscript", "sup"})
    header = [_cell_text(c, sup)[0] for c in header_cells]
    cols, codes = _columns(header)

    records: list[dict[str, Any]] = []
    unparsed: list[dict[str, Any]] = []
    rows: list[tuple[int, str]] = []
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

        def marks_of(key: str, parsed: list[tuple[str, list[str]]] = parsed) -> list[str]:
            i = cols[key]
            return [_q(m, 20)[1:-1] for m in parsed[i][1]] if i < len(parsed) else []

        name = cell("participant")
        problems = []
        sig_text, con_text = cell("signature"), cell("consent")
        sig = _date(sig_text) if sig_text and len(sig_text) <= MAX_CELL else None
        con = _date(con_text) if con_text and len(con_text) <= MAX_CELL else None
        if not name:
            problems.append("no participant name")
        elif len(name) > MAX_CELL:
            problems.append(f"participant cell of {len(name):,} characters (over {MAX_CELL})")
        if sig_text and (sig is None or sig[1] not in ("", "d")):
            problems.append(_not_a_date("signature", sig_text, "25 Oct 2025"))
        if con_text and con is None:
            problems.append(_not_a_date("consent", con_text, "25 Oct 2025 a"))
        elif con is not None and con[1] not in codes and _usual(con[1], codes) is None:
            listed = ", ".join(f"{c or '(none)'}={a}" for c, a in codes.items())
            problems.append(f"consent cell {_q(con_text)}: code {con[1] or '(none)'!r} is "
                            f"not one the column header lists ({listed})")
        if not sig_text and not con_text:
            problems.append("neither a signature nor a consent date")
        if problems:
            unparsed.append({"row": n, "cells": [v[:MAX_QUOTE] for v in values[:8]],
                             "reason": "; ".join(problems)})
            continue
        rows.append((n, name))
        marks = marks_of("participant")
        notes = [f"footnote {', '.join(marks)}"] if marks else []
        for column, got in (("signature", sig), ("consent", con)):
            if got is None:
                continue
            date, code = got
            cell_marks = marks_of(column)
            note = notes + ([f"date footnote {', '.join(cell_marks)}"] if cell_marks else [])
            if column == "signature":
                action = "signature"
                if code == "d":
                    note.append("succession to signature (d)")
            elif code in codes:
                action = codes[code]
            else:
                action = _usual(code, codes) or ""
                note.append(f"code {code!r} not listed in the column header; read as "
                            f"{action} (UNTC's usual code)")
            records.append({
                "participant": name, "action": action, "date": date, "date_precision": "day",
                "source_url": source_url, "confidence": "official", "note": "; ".join(note),
            })

    rows_in_table = len(body)
    if rows_in_table != len(rows) + len(unparsed) + empty:  # pragma: no cover
        raise ReconciliationError(
            f"{rows_in_table} table rows but {len(rows)} participants parsed, "
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
        listing = _listing([f"row {u['row']} {[_q(c, 60) for c in u['cells'][:4]]}: "
                            f"{u['reason']}" for u in unparsed])
        raise ReconciliationError(
            f"{len(unparsed)} of {rows_in_table} table rows could not be parsed: {listing} "
            "(strict=False returns the rest with attrs['unparsed'])", unparsed)
    if strict and warnings:
        raise ReconciliationError("; ".join(warnings) + " (strict=False to accept)")
    if not rows and not unparsed:
        raise MalformedFileError("the participants table has no rows")

    frame = pd.DataFrame(records, columns=EVENT_COLUMNS[:1] + EVENT_COLUMNS[2:-1])
    frame["date"] = pd.to_datetime(frame["date"])
    frame.insert(1, "iso3", _iso3(list(frame["participant"]), resolve))
    frame["stage"] = frame["action"].map(lambda a: "" if a == "signature" else "deposited")
    frame.attrs.update({
        "format": kind,
        "source_url": source_url,
        "sha256": hashlib.sha256(data).hexdigest(),
        "rows_in_table": rows_in_table,
        "participants": len(rows),
        "participant_rows": [[n, name] for n, name in rows],
        "empty_rows": empty,
        "unparsed": unparsed,
        "reported_signatories": reported_sig,
        "reported_parties": reported_par,
        "warnings": warnings,
        "columns": header,
        "consent_codes": codes,
        "page_title": identity["page_title"],
        "page_mtdsg": identity["page_mtdsg"],
        "treaty": profile.id,
    })
    # Without a title element (HTML, or XML lacking <Titlesect>) the treaty's name is looked
    # for in the page's text.
    frame.attrs["page_names_treaty"] = _norm(_expected_title(profile)) in _norm(text)
    return frame


def _usual(code: str, codes: dict[str, str]) -> str | None:
    """UNTC's usual meaning of a code the header does not list, unless the header gives
    that meaning to another code (then the code is unknown). An unmarked date is only
    what the header lists without a code: never guessed."""
    action = CONSENT_CODES.get(code) if code else None
    return action if action is not None and action not in codes.values() else None


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
            f"{len(bad)} participant name(s) not resolved by analysis.names: "
            f"{_listing([_q(b, 80) for b in bad], 20)}; add them to the curated names tables "
            "or fix the file", bad)
    codes = dict(zip(unique, table["iso3"], strict=True))
    return [codes[p] for p in participants]


def read(source: str | os.PathLike[str], *, strict: bool = True, source_url: str | None = None,
         resolve: Callable[[list[str]], pd.DataFrame] | None = None,
         max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT,
         treaty: str | treaties_profile.Treaty | None = None) -> pd.DataFrame:
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
    frame = parse(data, source_url=url, strict=strict, resolve=resolve, treaty=treaty)
    frame.attrs["source"] = str(source)
    return frame


# --------------------------------------------------------------------------------------
# Plausibility


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").casefold().split())


def _expected_title(profile: treaties_profile.Treaty) -> str:
    return profile.name.split(" (")[0]


def _identity_problems(frame: pd.DataFrame, profile: treaties_profile.Treaty) -> list[str]:
    stated = frame.attrs.get("page_mtdsg") or []
    number_ok = profile.mtdsg in stated
    if stated and not number_ok:
        return [f"the page is MTDSG {', '.join(stated[:3])}, not {profile.mtdsg} "
                f"({profile.short_name}): another treaty's page"]
    expected = _norm(_expected_title(profile))
    title = frame.attrs.get("page_title")
    if title is not None:
        title_ok = _norm(title).startswith(expected) or _norm(profile.short_name) in _norm(title)
        shown = f"the page's title is {_q(title, 120)}"
    else:
        title_ok = bool(frame.attrs.get("page_names_treaty"))
        shown = "the page does not name it"
    if title_ok or number_ok:
        # A page whose MTDSG number matches is the treaty's page even when the profile's
        # title is a short form of UNTC's.
        return []
    return [f"the page is not the status of the {profile.name} ({profile.mtdsg}): {shown}"]


def check(frame: pd.DataFrame, *, treaty: str | treaties_profile.Treaty | None = None,
          now: Any = None, previous: pd.DataFrame | None = None) -> list[str]:
    """What is implausible in a parsed page: one line per problem, empty when none.

    Looks for a participant in more than one row; a date before the treaty opened for
    signature or after ``now`` plus a day (``now`` defaults to the current UTC date); a
    signature after the consent; a page whose MTDSG number or title is another treaty's;
    and, given the ``previous`` snapshot's table, more than :data:`MAX_REMOVALS` rows lost.

    >>> ev = read("tests/fixtures/untc/mtdsg_ok.xml")
    >>> check(ev, now="2026-12-01")
    []
    >>> check(ev, now="2026-01-01")[0][:56]
    'date 2026-03-12 of Czechia (CZE) ratification is after 2'
    """
    from analysis.dates import parse_date

    profile = treaties_profile.get(treaty)
    today = parse_date(now, name="now") if now is not None else pd.Timestamp(
        dt.datetime.now(dt.UTC).date())
    problems: list[str] = []
    iso_of = dict(zip(frame["participant"], frame["iso3"], strict=True))
    by_iso: dict[str, list[tuple[int, str]]] = {}
    for n, name in frame.attrs.get("participant_rows", []):
        by_iso.setdefault(iso_of.get(name, name), []).append((n, name))
    for iso3, listed in sorted(by_iso.items()):
        if len(listed) > 1:
            shown = ", ".join(f"row {n} {_q(name, 60)}" for n, name in listed[:5])
            problems.append(f"{iso3} is listed in {len(listed)} rows ({shown}): one row per "
                            "participant expected (duplicate or conflicting rows)")
    lowest = profile.opened if not pd.isna(profile.opened) else None
    highest = today + pd.Timedelta(days=1)
    for _, row in frame.iterrows():
        who = f"{_q(row['participant'], 60)[1:-1]} ({row['iso3']}) {row['action']}"
        if lowest is not None and row["date"] < lowest:
            problems.append(f"date {_fmt(row['date'])} of {who} is before the treaty opened "
                            f"for signature ({_fmt(lowest)})")
        elif row["date"] > highest:
            problems.append(f"date {_fmt(row['date'])} of {who} is after {_fmt(today)} "
                            "(in the future)")
    for iso3, group in frame.groupby("iso3"):
        sig = group.loc[group["action"] == "signature", "date"]
        con = group.loc[group["action"] != "signature", "date"]
        if len(sig) and len(con) and sig.min() > con.min():
            problems.append(f"{iso3}: signature {_fmt(sig.min())} is after its consent "
                            f"{_fmt(con.min())}")
    problems += _identity_problems(frame, profile)
    if previous is not None:
        removed = [line for line in diff(previous, frame) if line.startswith("removed")]
        if len(removed) > MAX_REMOVALS:
            problems.append(f"{len(removed)} rows removed since the previous snapshot (more "
                            f"than {MAX_REMOVALS}): {_listing(removed, 3)}")
    return problems


# --------------------------------------------------------------------------------------
# Comparing


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


# --------------------------------------------------------------------------------------
# Snapshots


@dataclass(frozen=True)
class UpdateResult:
    """What :func:`update` did."""

    snapshot: Path | None
    table: Path | None
    previous: str
    changes: list[str] = field(default_factory=list)
    unchanged: bool = False
    warnings: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)


def _root(data_dir: str | Path | None) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    from analysis.datafiles import DATA_DIR

    return DATA_DIR


def _name_time(rest: str) -> tuple[dt.datetime, int] | None:
    """Retrieval time and same-day counter a snapshot's name says (after '<mtdsg>_')."""
    m = _NEW_NAME.fullmatch(rest)
    if m:
        day = dt.date.fromisoformat(m.group(1))
        return dt.datetime(day.year, day.month, day.day, int(m.group(2)), int(m.group(3)),
                           int(m.group(4)), tzinfo=dt.UTC), 0
    m = _OLD_NAME.fullmatch(rest)
    if m:
        day = dt.date.fromisoformat(m.group(1))
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), int(m.group(2) or 1)
    return None


def _retrieved_at(path: Path) -> dt.datetime | None:
    try:
        meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        when = dt.datetime.fromisoformat(str(meta["retrieved_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def snapshots(data_dir: str | Path | None = None, *,
              treaty: str | treaties_profile.Treaty | None = None) -> list[Path]:
    """A treaty's stored UNTC snapshots in ``raw/untc/``, oldest first by retrieval time.

    The time is the sidecar's ``retrieved_at`` (the name's time when the sidecar cannot be
    read; then the time the sidecar was written). Names are
    ``<mtdsg>_<YYYY-MM-DD>T<HHMMSS>Z_<8 hex of sha256>.<xml|html>``; the older
    ``<mtdsg>_<YYYY-MM-DD>[-n].<ext>`` names are read too.

    >>> snapshots("/nonexistent")
    []
    """
    profile = treaties_profile.get(treaty)
    folder = _root(data_dir) / "raw" / "untc"
    if not folder.is_dir():
        return []
    prefix = f"{profile.mtdsg}_"
    found = []
    for p in folder.iterdir():
        if not p.name.startswith(prefix) or not p.is_file():
            continue
        named = _name_time(p.name[len(prefix):])
        if named is None:
            continue
        when = _retrieved_at(p) or named[0]
        try:  # two snapshots retrieved within one second: the one written later is newer
            written = sidecar_path(p).stat().st_mtime_ns
        except OSError:
            written = 0
        found.append(((when, named[1], written, p.name), p))
    return [p for _, p in sorted(found)]


@contextlib.contextmanager
def _locked(folder: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the snapshot folder itself: concurrent updates wait.

    The folder is locked rather than a lock file in it, so that no file without a
    provenance sidecar appears in ``data/``.
    """
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise UNTCError(f"another update has held {folder} for over {timeout:g} s; "
                                    "try again later") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def _json(meta: dict[str, Any]) -> bytes:
    return (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _write_atomic(path: Path, data: bytes) -> Path:
    """Write to a temporary file in the same folder; return it (rename later)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; data files are for every reader
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


def _now(now: Any) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not isinstance(now, dt.datetime):
        raise UNTCError(f"now must be a datetime, got {type(now).__name__}")
    when = now if now.tzinfo is not None else now.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).replace(microsecond=0)


def _curated_facts(root: Path) -> pd.DataFrame:
    """The curated log's facts that a depositary record could show, in the event-log shape.

    Read here rather than through ``analysis.status`` (which reads the snapshots this module
    writes): a domestic approval or an unconfirmed candidate is not "removed" when UNTC does
    not list it, and a date known only to the month or not at all compares as unknown.
    """
    from analysis.datafiles import read_table

    raw = read_table(root / "curated" / "status" / "events.csv")
    keep = raw["uncertain"].ne("true")
    if "stage" in raw.columns:
        keep &= raw["stage"].ne("domestic")
    out = raw.loc[keep].copy()
    out["date"] = pd.to_datetime(out["date"].where(out["date_precision"].eq("day"), None),
                                 format="%Y-%m-%d")
    for col in EVENT_COLUMNS:
        if col not in out.columns:
            out[col] = ""
    return out[EVENT_COLUMNS].reset_index(drop=True)


def _previous(root: Path, profile: treaties_profile.Treaty
              ) -> tuple[pd.DataFrame, str, bool, list[str]]:
    """The table to compare with: the latest snapshot that reads, else the curated log.

    Returns (table, label, is_snapshot, warnings); an unreadable snapshot is skipped with a
    warning naming it, never blamed on the new file.
    """
    warnings: list[str] = []
    for path in reversed(snapshots(root, treaty=profile)):
        try:
            old = read(path, strict=False, treaty=profile)
        except (UNTCError, OSError) as exc:
            warnings.append(f"earlier snapshot {path.name} could not be read "
                            f"({type(exc).__name__}: {_q(str(exc), 150)[1:-1]}); compared with "
                            "the one before it instead")
            continue
        return old, path.relative_to(root).as_posix(), True, warnings
    if profile.status_source == "curated":
        try:
            old = _curated_facts(root)
            return (old, "curated/status/events.csv (no earlier readable UNTC snapshot)",
                    False, warnings)
        except (FileNotFoundError, NotADirectoryError):
            pass
    empty = pd.DataFrame(columns=EVENT_COLUMNS)
    empty["date"] = pd.to_datetime(empty["date"])
    return empty, "nothing (no earlier readable UNTC snapshot, no curated event log)", False, \
        warnings


def _same_as_latest(root: Path, profile: treaties_profile.Treaty, digest: str) -> Path | None:
    found = snapshots(root, treaty=profile)
    if not found:
        return None
    try:
        latest = hashlib.sha256(found[-1].read_bytes()).hexdigest()
    except OSError:
        return None
    return found[-1] if latest == digest else None


def update(source: str | os.PathLike[str], *, data_dir: str | Path | None = None,
           treaty: str | treaties_profile.Treaty | None = None,
           url: str | None = None, now: dt.datetime | None = None,
           timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
           accept_changes: bool = False, out: IO[str] | None = None) -> UpdateResult:
    """Store a new UNTC snapshot of ``treaty``'s status and report what changed.

    Reads ``source`` (URL or file), parses it strictly and runs :func:`check`; any
    :class:`UNTCError` (a :class:`PlausibilityError` for an implausible page, unless
    ``accept_changes``) aborts before anything is written. Then, holding a lock on
    ``raw/untc/`` (concurrent updates wait), it compares with the latest snapshot that reads
    (an unreadable one is skipped with a warning) or the curated event log, refuses more
    than :data:`MAX_REMOVALS` removals (unless ``accept_changes``), and writes
    ``raw/untc/<mtdsg>_<UTC time>Z_<hash>.<xml|html>`` byte for byte with its sidecar
    (url, ``retrieved_at``, sha256, the changes) and the parsed table
    ``derived/status/untc/<same stem>.csv``, each to a temporary name renamed into place
    only after all were written. Run ``make data`` afterwards to refresh
    ``data/manifest.csv``.

    >>> update(UNTC_XML_URL)  # doctest: +SKIP
    """
    out = out if out is not None else sys.stdout
    profile = treaties_profile.get(treaty)
    seconds = _timeout(timeout)
    when = _now(now)
    root = _root(data_dir)
    if root.exists() and not root.is_dir():
        raise UNTCError(f"data folder {_q(str(root))} is a file, not a folder")
    data = _load(source, timeout=seconds, max_bytes=max_bytes)
    source_url = url if url is not None else (str(source) if _is_url(source) else "")
    frame = parse(data, source_url=source_url or str(source), strict=True, treaty=profile)
    digest = frame.attrs["sha256"]
    ext = frame.attrs["format"]
    same = _same_as_latest(root, profile, digest)  # read-only; checked again under the lock
    if same is not None:  # what is stored already was checked (or accepted) then
        print(f"unchanged: identical to {same.name}; nothing written", file=out)
        return UpdateResult(None, None, same.name, [], unchanged=True)
    problems = check(frame, treaty=profile, now=pd.Timestamp(when.date()))
    if problems and not accept_changes:
        _show_changes(root, profile, frame, out)  # for the human who decides
        raise PlausibilityError(_refusal(problems), problems)

    folder = root / "raw" / "untc"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UNTCError(f"cannot make the snapshot folder {_q(str(folder))}: "
                        f"{exc.strerror or exc}") from None
    with _locked(folder):
        same = _same_as_latest(root, profile, digest)
        if same is not None:
            print(f"unchanged: identical to {same.name}; nothing written", file=out)
            return UpdateResult(None, None, same.name, [], unchanged=True)
        old, label, is_snapshot, warnings = _previous(root, profile)
        for w in warnings:
            print(f"warning: {w}", file=out)
        changes = diff(old, frame)
        removed = [line for line in changes if line.startswith("removed")]
        if is_snapshot and len(removed) > MAX_REMOVALS:
            # Only against a snapshot: the curated log holds news-only rows UNTC never lists.
            extra = [f"{len(removed)} rows removed since {label} (more than {MAX_REMOVALS}): "
                     f"{_listing(removed, 3)}"]
            problems = problems + extra
            if not accept_changes:
                _print_changes(label, changes, out)
                raise PlausibilityError(_refusal(extra), extra)
        stem = f"{profile.mtdsg}_{when:%Y-%m-%dT%H%M%SZ}_{digest[:8]}"
        target = folder / f"{stem}.{ext}"
        table = root / "derived" / "status" / "untc" / f"{stem}.csv"
        if target.exists():
            raise UNTCError(f"{target.name} exists already (same second, same content)")
        raw_rel = target.relative_to(root).as_posix()
        meta = {
            "kind": "raw",
            "source": f"UN Treaty Collection (UNTC), MTDSG {profile.mtdsg} status "
                      f"({ext.upper()}): {profile.name}",
            "url": source_url,
            "retrieved": when.date().isoformat(),
            "retrieved_at": when.isoformat(timespec="seconds"),
            "version": "",
            "licence": "facts from public records; UNTC terms of use",
            "sha256": digest,
            "treaty": profile.id,
            "notes": (f"stored by `python -m analysis update` from {_q(str(source), 300)}; "
                      f"{frame.attrs['participants']} participants, {len(frame)} actions; "
                      f"page figures: signatories {frame.attrs['reported_signatories']}, "
                      f"parties {frame.attrs['reported_parties']}"),
            "compared_with": label,
            "changes": changes,
            "accepted_problems": problems,
            "warnings": warnings + list(frame.attrs["warnings"]),
        }
        table_text = table_csv(frame).encode()
        table_meta = _json({**derived_meta(raw_rel, frame),
                            "sha256": hashlib.sha256(table_text).hexdigest()})
        plan = [(sidecar_path(table), table_meta), (table, table_text),
                (sidecar_path(target), _json(meta)), (target, data)]  # the snapshot last
        _commit(plan, root)

    print(f"wrote {raw_rel} ({len(data):,} bytes, sha256 {digest[:12]}...) and "
          f"{table.relative_to(root).as_posix()}", file=out)
    for p in problems:
        print(f"  accepted despite: {p}", file=out)
    print(f"changes since {label}: {len(changes) or 'none'}", file=out)
    for line in changes:
        print(f"  {line}", file=out)
    for w in frame.attrs["warnings"]:
        print(f"  warning: {w}", file=out)
    print("run `make data` to refresh data/manifest.csv", file=out)
    return UpdateResult(target, table, label, changes, warnings=warnings, accepted=problems)


def _print_changes(label: str, changes: list[str], out: IO[str]) -> None:
    print(f"refused; the changes since {label} would have been: {len(changes) or 'none'}",
          file=out)
    for line in changes:
        print(f"  {line}", file=out)


def _show_changes(root: Path, profile: treaties_profile.Treaty, frame: pd.DataFrame,
                  out: IO[str]) -> None:
    """Print what a refused page would change (read-only: no lock, nothing written)."""
    try:
        old, label, _is_snapshot, _warnings = _previous(root, profile)
        _print_changes(label, diff(old, frame), out)
    except (UNTCError, OSError, KeyError, ValueError) as exc:
        print(f"(the changes could not be listed: {_q(str(exc), 150)})", file=out)


def _refusal(problems: list[str]) -> str:
    return (f"refused, implausible page ({len(problems)} problem(s)): {_listing(problems, 5)}; "
            "nothing written; if you have read the changes and they are right, rerun with "
            "--accept-changes (accept_changes=True)")


def _commit(plan: list[tuple[Path, bytes]], root: Path) -> None:
    """Write every file to a temporary name, then rename them all into place.

    On any failure the temporary files and the files already renamed (all new: the names
    are unique) are removed, so ``data/`` is as before.
    """
    temps: list[Path] = []
    done: list[Path] = []

    def undo() -> None:
        for path in temps + done:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)

    try:
        for path, content in plan:
            temps.append(_write_atomic(path, content))
        for tmp, (path, _content) in zip(temps, plan, strict=True):
            os.replace(tmp, path)
            done.append(path)
    except OSError as exc:
        undo()
        raise UNTCError(f"could not write the snapshot into {_q(str(root))}: "
                        f"{exc.strerror or exc} ({_q(str(exc.filename or ''), 150)})") from None
    except BaseException:
        undo()
        raise
