"""Country names in any spelling or language to ISO 3166-1 codes, without guessing.

Two public functions:

- :func:`to_iso3` answers one name with an alpha-3 code, or ``None``;
- :func:`normalise` answers a whole column with a tidy table that says how sure each answer
  is (``matched``, ``ambiguous``, ``unmatched`` or ``invalid``) and why.

Beyond ISO 3166-1 the European Union is ``EUU`` (a regional economic integration
organisation, flagged in the ``reio`` column) and Kosovo is ``XKX``.

Where the answers come from, in order (the first that answers wins):

1. codes: alpha-2, alpha-3 (upper case only, so Vietnamese "Nga" is Russia, not Nigeria's
   ``NGA``, unless ``codes="any_case"`` or the whole column is codes) and numeric; dotted
   capitals are abbreviations ("U.K."), never alpha-2 codes ("R. U." is not RU);
2. the compiled index ``data/derived/names/index.json`` (``scripts/build/names.py``): the
   project's curated tables (UNTC's English and French names, former names, inversions,
   news spellings, things that are not countries, genuinely ambiguous strings) and CLDR's
   territory names in every locale Babel ships; a foreign name that is only a part of an
   English name ("Norfolk", "Guiana") is not a name;
3. pycountry's ISO names and their translations, compiled from the installed package at build
   time into ``data/derived/names/pycountry_index.json`` and read on the first name the index
   does not know;
4. structural second looks: a parenthesis that only states the form of state ("Pays-Bas
   (Royaume des)"), a leading or elided article ("les Pays-Bas", "l'Allemagne"), "Place,
   Sovereign", "Place (Sovereign)" or "Sovereign: Place" ("Greenland, Denmark", "香港（中国）",
   "China: Hong Kong SAR"; two states are two countries), two pasted cells ("VN - Viet
   Nam"), a form of state in front ("nước Pháp", "Negara Kota Vatikan"), an Arabic name with
   or without its article, a dropped "Republic", a Japanese or Chinese name ending in 国;
   a territory's sovereign in another form ("U.K. Virgin Islands"); its geography word
   added, dropped or in another language ("Turks and Caicos", "Fiji Islands", "Îles
   Falkland"); abbreviated words ("Russian Fed.", "P. N. Guinea");
5. misread letters and stray spaces ("lndia", "0man", "Gerrnany", "Ira q"): an answer only
   when every reading that is a known name names the same country;
6. a typo step that answers only when one country is clearly nearest (same first letter, no
   look-alike rival, not a demonym such as "Russian", never east for west, never one
   state's word for another's: "UK"/"US"). When a second look (4, 5) and the typo step name
   different countries ("Dominica Republic": Dominica without "Republic", the Dominican
   Republic one letter away) the answer is ``ambiguous`` with both.

Historical names: dissolved states stay unmatched, with their successors in ``reason``;
``historical="successor"`` answers with the state that continues them (USSR: RUS, "Kazakh
SSR": KAZ), or ``ambiguous`` when there are several (Czechoslovakia).

Missing values of any kind (None, NaN of any width, ``pd.NA``, ``NaT``) are ``invalid``
("missing value"); bytes are read as UTF-8; answers never depend on earlier calls (the cache
keys on type and value). Every step runs on bounded text (longer input is refused unread)
and every pattern is linear: no input makes the normaliser hang.

Text is decoded first (HTML entities and tags; UTF-8 read as Windows-1252, "TÃ¼rkiye"), then
noise is removed: case, white space (non-breaking too), diacritics, apostrophes,
"the", "&"/"and", "St."/"Saint", "Rép."/"Rep.", UNTC footnote markers ("France 1",
"Belgium*", superscripts), pasted UNTC dates and action codes ("Qatar 3 Feb 2026 a") and
notes such as "(signed)" or ", with declaration".

A name in a minor language, or one that only matches once its diacritics are dropped, is not
answered when it is also one edit from another country's name: "Nigera" (Latvian "Nigēra",
Niger) could be a typo of Nigeria, so it goes to the typo step, which sees both.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from analysis.datafiles import data_path

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["to_iso3", "normalise", "Match", "resolve", "STATUSES", "REIO_CODES", "name_key"]

STATUSES = ("matched", "ambiguous", "unmatched", "invalid")
#: Regional economic integration organisations (art. 65(1)): their instruments do not count
#: in addition to their members'.
REIO_CODES = frozenset({"EUU"})
#: Codes outside ISO 3166-1 that we answer with.
EXTRA_ENTITIES = {
    "EUU": ("EU", "", "European Union"),
    "XKX": ("XK", "", "Kosovo"),
}
#: Anything longer is not a country name; answered at once instead of searched.
MAX_NAME_LENGTH = 200
#: The same bound before HTML entities and tags are decoded (each may take a few characters
#: per letter): longer text is refused unread, so every step runs on bounded input.
MAX_RAW_LENGTH = 20 * MAX_NAME_LENGTH

INDEX_PATH = ("derived", "names", "index.json")
PYCOUNTRY_INDEX_PATH = ("derived", "names", "pycountry_index.json")


class Match(NamedTuple):
    """One answer: what :func:`normalise` puts in a row (without the input)."""

    iso3: str | None
    status: str
    method: str
    score: float
    candidates: tuple[str, ...]
    reason: str


# --------------------------------------------------------------------------------------
# Keys: the folding that makes spellings comparable. Shared with the index compiler.

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_APOSTROPHES = str.maketrans({c: "'" for c in "\u2018\u2019\u201b\u02bc\u02bb`\u00b4\u2032"})
_STOPWORDS = frozenset({"the", "and", "of"})
_ABBREVIATIONS = {
    "rep": "republic", "dem": "democratic", "fed": "federated", "sts": "states",
    "st": "saint", "ste": "sainte", "is": "islands", "isl": "islands", "isls": "islands",
    "is.": "islands", "isds": "islands", "ter": "territory", "terr": "territory",
    "pdr": "peoples democratic republic", "rép": "république", "dém": "démocratique",
    "br": "british", "tfyr": "former yugoslav republic",
}
_FOLD_LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "æ": "ae",
                               "œ": "oe", "ı": "i", "þ": "th", "ħ": "h"})


_ASCII_NON_WORD = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()})


def _is_word_char(c: str) -> bool:
    return c.isalnum() or unicodedata.category(c).startswith("M")


def name_key(text: str) -> tuple[str, str]:
    """The two keys a name is looked up by: folded with and without diacritics.

    >>> name_key("  Côte d’Ivoire ")
    ('côte divoire', 'cote divoire')
    >>> name_key("U.S.A.")
    ('usa', 'usa')
    """
    if text.isascii():  # the same steps, without the per-character loop
        s = text.lower().replace("&", " and ").replace("'", "").replace("`", "")
        s = s.translate(_ASCII_NON_WORD)
    else:
        s = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).translate(_APOSTROPHES)
        s = s.casefold().replace("&", " and ").replace("'", "")
        s = "".join(c if _is_word_char(c) else " " for c in s)
    out: list[str] = []
    single_run = False  # the last token was glued from one-letter tokens
    for tok in s.split():
        tok = _ABBREVIATIONS.get(tok, tok)
        if tok in _STOPWORDS:
            single_run = False
            continue
        if len(tok) == 1 and tok.isascii() and tok.isalpha():
            if single_run:
                out[-1] += tok
            else:
                out.append(tok)
            single_run = True
            continue
        single_run = False
        out.extend(tok.split())
    exact = " ".join(out)
    return exact, _strip_marks(exact)


def _strip_marks(s: str) -> str:
    if s.isascii():
        return s
    out = []
    base = ""
    for c in unicodedata.normalize("NFD", s):
        if unicodedata.category(c).startswith("M"):
            # Accents on Latin, Greek and Cyrillic letters and Arabic vowel signs are
            # optional in writing; vowel signs of Indic and other scripts are not.
            if _optional_mark(base, c):
                continue
        else:
            base = c
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out)).translate(_FOLD_LETTERS)


def _optional_mark(base: str, mark: str) -> bool:
    if "\u064b" <= mark <= "\u065f" or mark == "\u0670":
        return True
    return bool(base) and (base < "\u0530" or "\u1e00" <= base <= "\u1fff")


# --------------------------------------------------------------------------------------
# Cleaning: what UNTC tables and spreadsheets add around a name.

#: One footnote marker at the end of a name, matched on the REVERSED text so that markers
#: are peeled off from the right one at a time: "8, 9" or "1/", "*†", "[nb 2]". A single
#: pattern for "name, then markers to the end" backtracked exponentially on a run of digits
#: followed by anything else (40 characters took 42 s); this one never looks back.
_FOOTNOTE_MARK_REVERSED = re.compile(
    r"/?\d+(?:\s*[,;]\s*\d+)*"  # "8, 9", "1/": digits, possibly listed
    r"|[*†‡§#¹²³⁴⁵⁶⁷⁸⁹⁰]+"
    r"|\]\s*(?:\w{1,3}|[a-z]?\d{1,3}(?:\s*\.?[a-z]+)?)\s*\["  # "[a]", "[nb 2]", "[12]"
)
_FOOTNOTE_SEPARATORS = re.compile(r"[\s,;:]*")
_SPACES = re.compile(r"\s*")
_LETTER = re.compile(r"[^\W\d_]")


def _strip_footnotes(s: str) -> str | None:
    """The name before trailing footnote markers ("France 1", "Belgium*", "Spain[nb 2]"), or
    ``None`` when there are none; linear in the length of ``s``.

    >>> _strip_footnotes("Denmark 3, 4"), _strip_footnotes("Germany8, 9"), _strip_footnotes("Chad")
    ('Denmark', 'Germany', None)
    """
    rev = s[::-1]
    pos = _SPACES.match(rev).end()
    cuts = []
    while m := _FOOTNOTE_MARK_REVERSED.match(rev, pos):
        pos = m.end()
        cuts.append(pos)
    # The name is the shortest prefix holding a letter (and no line break) that is followed
    # by separators and markers only: the most markers whose remainder still has a letter.
    for cut in reversed(cuts):
        name = rev[_FOOTNOTE_SEPARATORS.match(rev, cut).end():][::-1]
        if "\n" not in name and _LETTER.search(name):
            return name
    return None


_ANNOTATION = re.compile(  # one level of nesting: "(... resolution 1244 (1999))"
    r"^(?P<name>.*?[^\W\d_].*?)\s*[(\[]\s*(?P<note>(?:[^()\[\]]|\([^()]*\))*)\s*[)\]]\s*$"
)
#: Statistical flags in Eurostat/OECD tables: estimated, provisional, break, revised, ...
_FLAG = re.compile(r"^[bcdefpruz]$")
_ANNOTATION_WORDS = re.compile(
    r"^(?:a|aa|d|c|\d[\d\s./-]*)$|\b(?:19|20)\d\d\b|"
    r"\b(?:sign|ratif|acce[ds]|accept|approv|succe|part(?:y|ies)\b|observer|member|withdr|"
    r"provision|pending|note|reserv|declar|footnote|status|deposit|in force|host|details|"
    r"excl|incl|metropolitan|mainland|unsc|resolution|res\b|with\b|without\b|"
    # the same notes in Spanish, Portuguese, French, German and Indonesian
    r"firma|adh[eé]s|ades[aã]o|assinatura|unterzeichn|beitritt|penandatangan|aksesi)",
    re.IGNORECASE,
)
#: Words that only say what form of state a name is ("Pays-Bas (Royaume des)"): a
#: parenthesis made only of them can be dropped without changing which country is meant.
_FORM_WORDS = frozenset(
    "republic republique republica republik repubblica kingdom royaume reino koninkrijk "
    "konigreich state states etat estado etats estados federation federacion commonwealth "
    "sultanate sultanat principality principaute principado grand duchy duche ducado "
    "emirate emirat of the du de des del la le los las do da di d l el y et and".split()
)
#: Leading "Republic of", "Kingdom of" in the target languages (folded keys, "of" dropped).
_FORM_PREFIXES = (
    "cong hoa", "vuong quoc", "nuoc", "nha nuoc", "lien bang", "dai cong quoc", "cong quoc",
    "khoi thinh vuong chung", "hop chung quoc", "quan dao", "dao", "kerajaan", "republik",
    "negara kota", "negara", "negeri", "persemakmuran", "kesultanan", "keamiran", "federasi",
    "kingdom", "royaume de", "royaume du", "reino de", "reino do", "republique de",
    "republique du", "republica de", "republica do", "etat de", "etat du", "estado de",
    "principado de", "mancomunidad de", "konigreich", "principality", "principaute de",
    "grand duchy", "sultanate", "state", "commonwealth",
)
_FORM_PREFIXES_SPACED = tuple(p + " " for p in _FORM_PREFIXES)
_REPUBLIC_WORDS = frozenset(
    "republic republique republica republik repubblica republiek republika".split()
)


_MONTHS = (r"jan|janv|feb|févr|fevr|mar|mars|apr|avr|may|mai|jun|juin|jul|juil|aug|août|aout|"
           r"sep|sept|oct|nov|dec|déc")
#: A date cell pasted with the name, as UNTC tables print it: "4 Oct 2002 a", "12 mars 2001 d".
_TRAILING_DATE = re.compile(
    rf"[\s,;:]+\d{{1,2}}\s+(?:{_MONTHS})\.?\s+\d{{4}}(?:\s+(?:a|A|AA|d|c))?\s*$",
    re.IGNORECASE)
#: UNTC's action code left after a name whose date cell was not copied: "Qatar a".
_TRAILING_ACTION = re.compile(r"(?<=[^\W\d_]{3})\s+(?:a|A|AA|d)$")
#: A note after a comma: "Chile, with declaration", "Denmark, excluding Greenland".
_COMMA_NOTE = re.compile(r"^(?P<name>[^,]*[^\W\d_][^,]*),\s*(?P<note>[^,]+)$")
#: UN voting records print the vote before the name: "Y ALBANIA", "N ISRAEL", "A CHINA".
_VOTE_PREFIX = re.compile(r"^[YNA]\s+(?=[A-Z][A-Z' ,.()-]+$)")


def _flags_to_letters(s: str) -> str:
    # A flag emoji is two regional-indicator letters: 🇯🇵 is "JP".
    return "".join(chr(ord(c) - 0x1F1E6 + 65) if "\U0001F1E6" <= c <= "\U0001F1FF" else c
                   for c in s)


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()
    for _ in range(3):  # a whole UNTC row: the signature date, then the consent date
        before = s
        s = _TRAILING_DATE.sub("", s)
        if s == before:
            break
    s = _TRAILING_ACTION.sub("", _VOTE_PREFIX.sub("", s).strip())
    for _ in range(3):
        before = s
        name = _strip_footnotes(s)
        if name is not None:
            s = name.strip()
        m = _ANNOTATION.match(s)
        if m and (_ANNOTATION_WORDS.search(note := m.group("note").strip())
                  or _FLAG.match(note)):
            s = m.group("name").strip()
        m = _COMMA_NOTE.match(s)
        if m and _ANNOTATION_WORDS.search(m.group("note").strip()):
            s = m.group("name").strip()
        if s == before:
            break
    return s


_PAREN = re.compile(r"^(?P<head>[^()\[\]]+?)\s*[(\[](?P<paren>[^()\[\]]+)[)\]]$")
_COMMA = re.compile(r"^(?P<a>[^,()]+),\s*(?P<b>[^,()]+)$")
_COLON = re.compile(r"^(?P<a>[^:()]+):\s*(?P<b>[^:()]+)$")


def _variants(cleaned: str) -> list[str]:
    """Reorderings worth a second look: "Korea, Republic of", "Congo (Democratic Rep. of the)"."""
    out = []
    m = _COMMA.match(cleaned)
    if m:
        out.append(f"{m.group('b')} {m.group('a')}")
    m = _PAREN.match(cleaned)
    if m:
        out.append(f"{m.group('paren')} {m.group('head')}")
        out.append(f"{m.group('head')} {m.group('paren')}")
        # ISO 3166's French forms: "Corée (la République de)" is "République de Corée"
        bare = re.sub(r"^(?:la|le|les)\s+|^l['’]", "", m.group("paren"), flags=re.I)
        if bare != m.group("paren"):
            out.append(f"{bare} {m.group('head')}")
    return out


# --------------------------------------------------------------------------------------
# The data behind the answers, loaded once.

@dataclass(frozen=True)
class _Entity:
    iso3: str
    iso2: str
    numeric: str
    name: str


def _natural_order(name: str) -> str:
    # ISO writes "Korea, Republic of"; people and the UN write "Republic of Korea".
    head, sep, tail = name.partition(", ")
    if not sep or "," in tail:
        return name
    if tail.endswith((" of", " of the")) or tail in {"British", "U.S."}:
        out = f"{tail} {head}"
        return out[4:] if out.startswith("The ") else out
    return name


@cache
def _entities() -> dict[str, _Entity]:
    import pycountry

    out = {c.alpha_3: _Entity(c.alpha_3, c.alpha_2, c.numeric, _natural_order(c.name))
           for c in pycountry.countries}
    for iso3, (iso2, numeric, name) in EXTRA_ENTITIES.items():
        out[iso3] = _Entity(iso3, iso2, numeric, name)
    return out


@cache
def _codes() -> dict[str, str]:
    out: dict[str, str] = {}
    for e in _entities().values():
        out[e.iso3] = e.iso3
        out[e.iso2] = e.iso3
        if e.numeric:
            out[e.numeric] = e.iso3
            out[str(int(e.numeric))] = e.iso3
    return out


class _Index:
    """The compiled lookup tables (see scripts/build/names.py for their making)."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.results: list[Match] = [
            Match(_first(codes) if status == "matched" else None, status, method,
                  100.0 if status == "matched" else 0.0, tuple(codes), reason)
            for status, codes, method, reason in raw["results"]
        ]
        self.exact: dict[str, int] = raw["exact"]
        self.folded: dict[str, int] = raw["folded"]
        self.upper: dict[str, int] = raw["upper"]
        self.pool: list[str] = raw["fuzzy_pool"]
        self.english: frozenset[str] = frozenset(raw.get("fuzzy_english", ()))
        #: Keys left out because they are also one-edit typos of another country's name;
        #: the pycountry layer must not bring them back.
        self.look_alikes: frozenset[str] = frozenset(raw.get("typo_look_alikes", ()))
        self.version: str = raw.get("version", "")
        #: Dissolved states' names to the states that continue them (historical="successor").
        self.successor: dict[str, int] = raw.get("successor", {})

    def get(self, exact: str, folded: str) -> Match | None:
        rid = self.exact.get(exact)
        if rid is None:
            rid = self.folded.get(folded)
        return None if rid is None else self.results[rid]


def _first(codes: list[str]) -> str | None:
    return codes[0] if codes else None


@cache
def _index() -> _Index:
    path = data_path(*INDEX_PATH)
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except FileNotFoundError:
        raise RuntimeError(f"name index {path} is missing: run `make data`") from None
    return _Index(raw)


@cache
def _pycountry_index() -> _Lookup:
    """ISO names and pycountry's translations of them: the fallback layer, compiled at build
    time (``scripts/build/names.py``) and read on the first name the main index lacks."""
    path = data_path(*PYCOUNTRY_INDEX_PATH)
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except FileNotFoundError:
        raise RuntimeError(f"name index {path} is missing: run `make data`") from None
    results = [
        Match(codes[0], "matched", method, 100.0, tuple(codes), "ISO 3166-1 (pycountry)")
        if status == "matched" else
        Match(None, "ambiguous", method, 0.0, tuple(codes),
              "names more than one country in pycountry's translations")
        for status, codes, method in raw["results"]
    ]
    return _Lookup(raw["keys"], results)


class _Lookup:
    """A read-only mapping from key to Match over shared answers (no object per key)."""

    def __init__(self, keys: dict[str, int], results: list[Match]) -> None:
        self._keys, self._results = keys, results

    def get(self, key: str) -> Match | None:
        rid = self._keys.get(key)
        return None if rid is None else self._results[rid]

    def __len__(self) -> int:
        return len(self._keys)


# --------------------------------------------------------------------------------------
# Resolving one value.

_INVALID = Match(None, "invalid", "invalid", math.nan, (), "empty or missing")
_MISSING = Match(None, "invalid", "invalid", math.nan, (), "missing value")
_EMPTY = Match(None, "invalid", "invalid", math.nan, (), "empty text")
_NOT_TEXT = Match(None, "invalid", "invalid", math.nan, (), "not text")
_NOT_UTF8 = Match(None, "invalid", "invalid", math.nan, (),
                  "bytes that are not UTF-8: decode them before normalising")
_TOO_LONG = Match(None, "unmatched", "none", 0.0, (),
                  f"longer than {MAX_NAME_LENGTH} characters: not a country name")
_UPPER_CODE = re.compile(r"^[A-Z]{2,3}$")
_DOTTED_CAPITALS = re.compile(r"^(?:[A-Z][.\s]*){2,3}$")
_NUMERIC_CODE = re.compile(r"^\d{1,3}$")


def _code_match(iso3: str) -> Match:
    return Match(iso3, "matched", "code", 100.0, (iso3,), "")


_HTML_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)
_HTML_TAG = re.compile(r"</?[a-z][^<>]{0,60}>", re.I)
#: Lead bytes of UTF-8 text that was read as Latin-1/Windows-1252: "TÃ¼rkiye", "dâ€™Ivoire".
_MOJIBAKE = re.compile("[ÂÃÄÅÆÐÑâ]")
_FLOAT_CODE = re.compile(r"^(\d{1,3})\.0+$")  # "840.0": a numeric code read as a float
#: The EU by its number of members is a composition, not the Union: "European Union (27)".
_EU_COMPOSITION = re.compile(
    r"^(?:european union|eu)\s*[-_(\[]?\s*(?:6|9|10|12|15|25|27|28)(?:_\d{4})?\s*[)\]]?$",
    re.I)


def _decode(text: str) -> str:
    """Undo what exports do to text: HTML entities and tags, UTF-8 read as Windows-1252."""
    if "&" in text and _HTML_ENTITY.search(text):
        text = html.unescape(text)
    if "<" in text:
        text = _HTML_TAG.sub("", text)
    for _ in range(2):  # twice: "TÃƒÂ¼rkiye" was mangled twice
        if not _MOJIBAKE.search(text):
            break
        try:
            raw = bytes(ord(c) if ord(c) < 256 else c.encode("cp1252")[0] for c in text)
            text = raw.decode("utf-8")
        except (UnicodeError, ValueError):
            break  # not mojibake: real "Ã" in Portuguese or Vietnamese text
    return text


def _resolve_text(text: str) -> Match:
    stripped = text.strip()
    if len(stripped) > MAX_RAW_LENGTH:
        return _TOO_LONG  # before decoding: 10 MB of "&amp;" is not a name either
    stripped = _decode(stripped).strip()
    if not stripped:
        return _EMPTY
    if len(stripped) > MAX_NAME_LENGTH:
        return _TOO_LONG
    if _EU_COMPOSITION.match(stripped):
        return Match(None, "unmatched", "excluded", 0.0, (),
                     "organisation: the EU by its number of members, a composition label")
    compact = unicodedata.normalize("NFKC", _flags_to_letters(stripped)).translate(_INVISIBLE)
    compact = _FLOAT_CODE.sub(r"\1", compact)
    compact = re.sub(r"^[Tt]he\s+(?=[A-Z][.\s]*[A-Z])", "", compact.strip())  # "the U.K."
    dotted = False
    if _DOTTED_CAPITALS.match(compact):  # "U.S.", "U K": capitals with dots or spaces
        letters = re.sub(r"[.\s]", "", compact)
        dotted, compact = letters != compact, letters
    if _UPPER_CODE.match(compact) or _NUMERIC_CODE.match(compact):
        # Dotted or spaced capitals are an abbreviation ("U.K.") or nothing: "R. U." is not
        # Russia's RU. Three dotted letters may still be the alpha-3 code ("U.S.A.").
        iso3 = None if dotted and len(compact) == 2 else _codes().get(compact)
        rid = _index().upper.get(compact)
        alias = _index().results[rid] if rid is not None else None
        if iso3 and alias and alias.iso3 != iso3:
            # A code maps to itself; say that the letters also abbreviate another name.
            return Match(iso3, "matched", "code", 100.0, (iso3,),
                         f"also an abbreviation of {alias.iso3} in some languages")
        if iso3:
            return _code_match(iso3)
        if alias:
            return alias
    cleaned = _clean(stripped)
    if not cleaned:
        return _INVALID
    candidates = [cleaned, *_variants(cleaned)]
    keys = [name_key(c) for c in candidates]
    if not keys[0][0]:
        return Match(None, "invalid", "invalid", math.nan, (), "no letters or digits")
    hit = _lookup(keys)
    if hit is not None:
        return hit
    republic = _soviet_republic(cleaned)
    if republic is not None:
        return Match(None, "unmatched", "historical", 0.0, (),
                     f"historical name: a Soviet republic, continued by {republic}; "
                     f"historical='successor' maps it")
    hit = (_structural(cleaned, keys[0]) or _sovereign_reading(keys) or _geography(keys[0])
           or _abbreviated(cleaned) or _misread(cleaned))
    if hit is None:
        return _fuzzy(keys[0][1])
    return _agree(hit, _fuzzy(keys[0][1]))


# --------------------------------------------------------------------------------------
# Historical names.

#: "Kazakh SSR", "Georgian S.S.R.", "Uzbek Soviet Socialist Republic", "Russian SFSR".
_SOVIET_REPUBLIC = re.compile(
    r"^(?P<adjective>[^\W\d_][^\W\d_ -]{2,})\s+(?:S\.?\s?F?\.?\s?S\.?\s?R\.?|"
    r"Soviet\s+(?:Federative\s+)?Socialist\s+Republic)$", re.IGNORECASE)


def _soviet_republic(cleaned: str) -> str | None:
    """The state that continues a Soviet republic named "<adjective> SSR": the one successor
    of the USSR whose name (in any language of the index) starts like the adjective."""
    m = _SOVIET_REPUBLIC.match(cleaned)
    if not m:
        return None
    stem = name_key(m.group("adjective"))[1][:4]
    successors = _successors_of_ussr()
    found = {iso3 for key, iso3 in successors if key.startswith(stem)}
    return found.pop() if len(found) == 1 else None


@cache
def _successors_of_ussr() -> tuple[tuple[str, str], ...]:
    """(key, iso3) for every index key naming one of the USSR's successor states."""
    index = _index()
    rid = index.folded.get("ussr")
    reason = index.results[rid].reason if rid is not None else ""
    # the curated row lists them: "dissolved 1991; successors: RUS (continuator), UKR, ..."
    codes = set(re.findall(r"\b[A-Z]{3}\b", reason.partition("successors:")[2]))
    return tuple((key, index.results[r].iso3) for key, r in index.folded.items()
                 if index.results[r].status == "matched" and index.results[r].iso3 in codes)


def _successor(value: Any, current: Match) -> Match:
    """With historical="successor": a dissolved state's name answered with the state that
    continues it (one: matched; several: ambiguous); other answers unchanged."""
    if current.status != "unmatched" or current.method not in ("excluded", "historical"):
        return current
    if isinstance(value, (bytes, bytearray)):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return current
    if not isinstance(value, str):
        return current
    cleaned = _clean(_decode(value.strip()[:MAX_RAW_LENGTH]).strip())
    index = _index()
    for exact, folded in [name_key(c) for c in [cleaned, *_variants(cleaned)]]:
        rid = index.successor.get(exact, index.successor.get(folded))
        if rid is not None:
            return index.results[rid]
    republic = _soviet_republic(cleaned)
    if republic is not None:
        return Match(republic, "matched", "historical", 100.0, (republic,),
                     f"historical name: a Soviet republic, continued by {republic}")
    return current


# --------------------------------------------------------------------------------------
# Territories: sovereign words, geography words, abbreviated words.

#: No territory's name has more words ("Saint Helena, Ascension and Tristan da Cunha" has 6):
#: longer text is not read by the rules below, which try several readings per word.
_MAX_WORDS = 10
#: How a territory's name says which state it belongs to ("British Virgin Islands", "U.S.
#: Minor Outlying Islands"): the forms a sovereign word is rewritten to.
_SOVEREIGN_FORMS = {
    "GBR": ("british", "united kingdom"), "USA": ("united states", "us", "american"),
    "FRA": ("french", "france"), "NLD": ("dutch", "netherlands"),
    "DNK": ("danish", "denmark"), "NOR": ("norwegian", "norway"),
    "AUS": ("australian", "australia"), "NZL": ("new zealand",), "CHN": ("chinese", "china"),
    "FIN": ("finnish", "finland"),
}
_SOVEREIGN_ADJECTIVES = {form: iso3 for iso3, forms in _SOVEREIGN_FORMS.items()
                         for form in forms if " " not in form}


def _country_word(word: str) -> str | None:
    """The country one folded word names: a sovereign's adjective, an abbreviation written in
    capitals ("uk", "us"), or a name ("france")."""
    if word in _SOVEREIGN_ADJECTIVES:
        return _SOVEREIGN_ADJECTIVES[word]
    if len(word) <= 3:
        # Only the abbreviations people write ("UK", "US", "UAE"), not every ISO code: the
        # Vietnamese "Kì" of "Hoa Kì" is not Kiribati's KI.
        rid = _index().upper.get(word.upper())
        return _index().results[rid].iso3 if rid is not None else None
    hit = _index().get(word, word)
    return hit.iso3 if hit is not None and hit.status == "matched" else None


def _sovereign_reading(keys: list[tuple[str, str]]) -> Match | None:
    """A territory named with its sovereign in another form: "U.K. Virgin Islands" is the
    British Virgin Islands, "US Minor Outlying Islands" the United States ones."""
    for _, folded in keys:
        words = folded.split()
        if not 2 <= len(words) <= _MAX_WORDS:
            continue
        for i, word in enumerate(words):
            sovereign = _country_word(word)
            if sovereign not in _SOVEREIGN_FORMS:
                continue
            found = set()
            for form in _SOVEREIGN_FORMS[sovereign]:
                text = " ".join([*words[:i], form, *words[i + 1:]])
                hit = _lookup([(text, text)])
                if (hit is not None and hit.status == "matched" and hit.iso3 != sovereign
                        and hit.iso3 not in _states()):
                    found.add(hit.iso3)
            if len(found) == 1:
                iso3 = found.pop()
                return Match(iso3, "matched", "alias", 100.0, (iso3,),
                             "a territory named with its sovereign in another form")
    return None


def _by_sovereign_word(head: Match, note: str) -> Match | None:
    """An ambiguous territory's name with its state's word beside it: "Saint Martin (Dutch
    part)" is the candidate whose ISO name carries that word ("Sint Maarten (Dutch part)")."""
    sovereigns = {c for w in note.split() if (c := _country_word(w)) in _SOVEREIGN_FORMS}
    if len(sovereigns) != 1:
        return None
    forms = _SOVEREIGN_FORMS[sovereigns.pop()]
    entities = _entities()
    picked = [c for c in head.candidates if c in entities
              and any(f in name_key(entities[c].name)[1].split() if " " not in f
                      else f in name_key(entities[c].name)[1] for f in forms)]
    if len(picked) != 1:
        return None
    return Match(picked[0], "matched", "alias", 100.0, (picked[0],),
                 "an ambiguous name with the word of the state its territory belongs to")


#: Words for "islands" and "island" in the target languages and Italian and Dutch; "and" too.
_ISLANDS_WORDS = frozenset("iles islas ilhas isole eilanden kepulauan inseln isles is".split())
_ISLAND_WORDS = frozenset("ile isla ilha isola eiland pulau insel isle".split())
_AND_WORDS = frozenset("et e y dan va und en".split())
_PREPOSITIONS = frozenset("de di du des da do del von van".split())


def _geography(key: tuple[str, str]) -> Match | None:
    """A territory named with or without its geography word, or with it in another language:
    "Turks and Caicos", "Fiji Islands", "Cayman Isles", "Îles Falkland", "Falklandinseln"."""
    words = key[1].split()
    if not 0 < len(words) <= _MAX_WORDS:
        return None
    readings: list[list[str]] = []
    core = [w for w in words if w not in _AND_WORDS]
    if not core:
        return None
    geo = [w for w in core if w in _ISLANDS_WORDS or w in _ISLAND_WORDS or w == "islands"
           or w == "island"]
    if not geo and core[-1].endswith(("inseln", "insel")) and len(core[-1]) > 8:
        stem = core[-1][:-6] if core[-1].endswith("inseln") else core[-1][:-5]
        core = [*core[:-1], stem, "inseln" if core[-1].endswith("inseln") else "insel"]
        geo = [core[-1]]
    if geo:
        plural = any(w in _ISLANDS_WORDS or w == "islands" for w in geo)
        rest = [w for w in core if w not in geo and w not in _PREPOSITIONS]
        if not rest:
            return None
        if plural:
            readings += [rest + ["islands"], rest + ["island"], ["isle", *rest]]
        else:
            readings += [rest + ["island"], ["isle", *rest], rest + ["islands"]]
        if core[-1] in geo and core[-1] in ("islands", "island", "isles", "is"):
            # an English geography word at the end may be dropped ("Fiji Islands", "Maldive
            # Is."); a leading one may not ("Île-de-France" is a region of France)
            readings += [rest, [*rest[:-1], rest[-1] + "s"]]
    else:
        if len(core) >= 2:
            readings.append(core + ["islands"])  # "Turks and Caicos": two words or more only
        if core[-1].endswith("s") and len(core[-1]) > 4:
            # "the Falklands", "Northern Marianas": islands named by a plural
            readings.append([*core[:-1], core[-1][:-1], "islands"])
    found = {}
    for reading in readings:
        text = " ".join(reading)
        if text == key[1]:
            continue
        hit = _lookup([(text, text)])
        if hit is not None and hit.status == "matched":
            found.setdefault(hit.iso3, hit)
    if len(found) != 1:
        return None
    hit = next(iter(found.values()))
    return hit._replace(method="alias", reason="matched with its geography word read as "
                                               "'islands' or 'island', added or dropped")


_ABBREVIATED_TOKEN = re.compile(r"[^\W\d_]+\.?")
_SINGLE_CAPITAL = re.compile(r"(?<![^\W\d_])[A-Z](?![^\W\d_])")
#: Words a short form leaves out of a name ("Dem. Congo" for the Democratic Republic of the).
_SKIPPABLE = frozenset("republic islands island state states federal kingdom".split())


@cache
def _pool_by_first_letter() -> dict[str, list[tuple[list[str], int]]]:
    keys, rids = _fuzzy_pool()
    out: dict[str, list[tuple[list[str], int]]] = {}
    for key, rid in zip(keys, rids, strict=True):
        out.setdefault(key[0], []).append((key.split(), rid))
    return out


def _abbreviated(cleaned: str) -> Match | None:
    """A name with abbreviated words, each the start of a word of one known name: "Russian
    Fed.", "Dem. Congo", "P. N. Guinea", "Occ. Palestinian Terr.", "Heard Isl."."""
    if "." not in cleaned and not _SINGLE_CAPITAL.search(cleaned):
        return None  # nothing abbreviated
    text = cleaned.replace("'", "").replace("’", "").replace("&", " and ")
    found_tokens = _ABBREVIATED_TOKEN.findall(text)
    if len(found_tokens) > _MAX_WORDS:
        return None
    tokens = []
    for tok in found_tokens:
        word = name_key(tok.rstrip("."))[1]
        if not word or word in _STOPWORDS:
            continue
        abbreviated = tok.endswith(".") or (len(tok) == 1 and tok.isupper())
        tokens.append((tok.rstrip(".").casefold() if abbreviated else word, abbreviated))
    if not any(a for _, a in tokens):
        return None
    if not any(not a and len(t) >= 3 for t, a in tokens) and not (
            len(tokens) == 1 and len(tokens[0][0]) >= 4):
        return None  # "Rep.", "I. N.": too little to stand for one name
    first, _ = tokens[0]
    found: dict[int, None] = {}
    for words, rid in _pool_by_first_letter().get(_strip_marks(first)[:1], ()):
        if _abbreviation_fits(tokens, words):
            found[rid] = None
            if len(found) > 8:
                return None
    results = [_index().results[r] for r in found]
    codes = {r.iso3 for r in results if r.status == "matched"}
    if len(codes) != 1 or any(r.status != "matched" for r in results):
        return None
    hit = results[0]
    return Match(hit.iso3, "matched", "alias", 90.0, hit.candidates,
                 "abbreviated words, each the start of a word of a known name")


def _abbreviation_fits(tokens: list[tuple[str, bool]], words: list[str]) -> bool:
    i = 0
    for n, (tok, abbreviated) in enumerate(tokens):
        while i < len(words):
            word = words[i]
            fits = (word.startswith(_strip_marks(tok)) or _ABBREVIATIONS.get(tok) == word
                    if abbreviated else word == tok)
            if fits:
                break
            if word not in _SKIPPABLE or n == 0:
                return False
            i += 1
        else:
            return False
        i += 1
    rest = words[i:]
    # left-over words: forms of state, or a tail after two words or more ("Heard Isl.")
    return all(w in _SKIPPABLE for w in rest) or len(tokens) >= 2 and not tokens[0][1]


def _agree(reading: Match, typo: Match) -> Match:
    """A name read by dropping or changing something ("Dominica Republic" without "Republic"
    is Dominica) is no answer when reading it as a typo names another country (one letter
    from the Dominican Republic): two routes that disagree are an ambiguity, not a choice."""
    if reading.status != "matched" or typo.status != "matched" or typo.iso3 == reading.iso3:
        return reading
    return Match(None, "ambiguous", reading.method, 0.0,
                 tuple(sorted({reading.iso3, typo.iso3})),
                 f"two readings disagree: {reading.reason or reading.method} gives "
                 f"{reading.iso3}, a typo ({typo.reason}) gives {typo.iso3}")


#: What scanners and tired typists confuse: "rn" for "m", "l" or "1" for "I", "0" for "O".
_MISREADINGS = (
    (re.compile(r"rn"), "m"),
    (re.compile(r"(?<![^\W\d_])[l1](?=[^\W\d_aeiouy])"), "I"),  # "lndia", "1taly"
    (re.compile(r"(?<![^\W\d_])0|(?<=[^\W\d_])0(?=[^\W\d_])"), "O"),  # "0man", "R0mania"
    (re.compile(r"(?<=[^\W\d_])1(?=[^\W\d_])"), "l"),  # "Ita1y"
)


def _misread(cleaned: str) -> Match | None:
    """A name that is exactly a known name once a misreading or a stray space is undone.

    Answers only when every such reading that is a known name names the same country.
    """
    readings = {pattern.sub(repl, cleaned) for pattern, repl in _MISREADINGS} - {cleaned}
    words = cleaned.split()
    if 1 < len(words) <= 3:  # "Bang ladesh", "Ira q"
        readings.add("".join(words))
    hits = {hit for r in readings
            if (hit := _lookup([name_key(r)])) is not None and hit.status == "matched"}
    if len({h.iso3 for h in hits}) != 1:
        return None
    hit = next(iter(hits))
    return Match(hit.iso3, "matched", "fuzzy", 90.0, hit.candidates,
                 "a misread letter or a stray space")


def _lookup(keys: list[tuple[str, str]]) -> Match | None:
    index = _index()
    for exact, folded in keys:
        hit = index.get(exact, folded)
        if hit is not None:
            return hit
    fallback = _pycountry_index()
    for exact, folded in keys:
        hit = fallback.get(exact) if exact not in index.look_alikes else None
        if hit is None and folded not in index.look_alikes:
            hit = fallback.get(folded)
        if hit is not None:
            return hit
    return None


#: States with overseas territories or special administrative regions of their own.
_SOVEREIGNS_OF_TERRITORIES = frozenset(
    {"AUS", "CHN", "DNK", "FIN", "FRA", "GBR", "NLD", "NOR", "NZL", "USA"})
#: Leading articles of French, Spanish, Portuguese, Italian and German ("les Pays-Bas").
_ARTICLES = frozenset("le la les l el los las lo o os a as il gli die der das den".split())
#: An elided article glued to the name: "l'Allemagne", "l’Italia".
_ELIDED_ARTICLE = re.compile(r"^[lL]['’](?=[^\W\d_])")
#: Two cells pasted with a separator: "VN - Viet Nam", "France | FRA", "Burma/Myanmar".
_SEPARATED = re.compile(
    r"^(?P<a>[^-–—|/]+?)(?:\s+[-–—|]\s+|\s*/\s*)(?P<b>[^-–—|/]+)$")
#: "Country" written in front of the name without a space: Thai ประเทศไทย, Lao, Khmer.
_SCRIPT_PREFIXES = ("ประเทศ", "ປະເທດ", "ប្រទេស")


@cache
def _states() -> frozenset[str]:
    """UN Member States, the two observer States, Kosovo and the EU: not territories."""
    from analysis.datafiles import read_table

    members = read_table(data_path("curated", "regions", "un_members.csv"))
    return frozenset(members["iso3"]) | {"PSE", "VAT", "XKX", "EUU"}


def _territory_of(place: Match | None, state: Match | None) -> bool:
    # "Greenland, Denmark", "香港（中国）": a territory, then the state it belongs to. Two
    # states ("Austria, Australia") are two countries, not a place and its sovereign.
    return (place is not None and place.status == "matched" and state is not None
            and state.iso3 in _SOVEREIGNS_OF_TERRITORIES and state.iso3 != place.iso3
            and place.iso3 not in _states())


_SEVERAL = Match(None, "unmatched", "none", 0.0, (), "names more than one country")


def _is_arabic(text: str) -> bool:
    return (bool(text) and "\u0600" <= text[0] <= "\u06ff"
            and all("\u0600" <= c <= "\u06ff" or c == " " for c in text))


def _distinct_countries(a: Match | None, b: Match | None) -> bool:
    return (a is not None and b is not None and a.status == b.status == "matched"
            and a.iso3 != b.iso3)


def _structural(cleaned: str, key: tuple[str, str]) -> Match | None:
    """Last exact-match tries: a name with a parenthesis that adds nothing, a dropped
    "Republic", a Japanese or Chinese formal name ending in 国."""
    m = _PAREN.match(cleaned)
    if m:
        head = _lookup([name_key(m.group("head"))])
        if head is not None and head.status == "ambiguous":
            hit = _by_sovereign_word(head, name_key(m.group("paren"))[1])
            if hit is not None:
                return hit
        if head is not None and head.status == "matched":
            paren_words = name_key(m.group("paren"))[1].split()
            if paren_words and all(w in _FORM_WORDS for w in paren_words):
                return head._replace(reason="form of state in parentheses dropped")
            paren = _resolve_text(m.group("paren"))  # may be a code: "France (FRA)"
            if paren.iso3 == head.iso3:
                return head
            if _territory_of(head, paren):
                return head._replace(reason="a place followed by the state it belongs to")
    m = _COMMA.match(cleaned)
    if m:
        # "Curaçao, Kingdom of the Netherlands", "Greenland, Denmark": a place, then the
        # state it belongs to. (Inversions such as "Korea, Republic of" were tried before.)
        place, state = _lookup([name_key(m.group("a"))]), _lookup([name_key(m.group("b"))])
        if _territory_of(place, state):
            return place._replace(reason="a place followed by the state it belongs to")
        if _territory_of(state, place):  # "China, Hong Kong SAR"
            return state._replace(reason="a state followed by a place that belongs to it")
        if _distinct_countries(place, state):
            return _SEVERAL
    m = _COLON.match(cleaned)
    if m:
        # "China: Hong Kong SAR", "Netherlands: Aruba": the state, then its territory.
        state, place = _resolve_text(m.group("a")), _resolve_text(m.group("b"))
        if _territory_of(place, state):
            return place._replace(reason="a state followed by a place that belongs to it")
        if _distinct_countries(place, state):
            return _SEVERAL
    m = _SEPARATED.match(cleaned)
    if m:
        a, b = _resolve_text(m.group("a")), _resolve_text(m.group("b"))
        if a.status == b.status == "matched":
            if a.iso3 == b.iso3:  # a code and a name of the same country
                return a._replace(reason="two cells naming the same country")
            return _SEVERAL
        if a.status == "matched" and _ANNOTATION_WORDS.search(m.group("b")):
            return a._replace(reason="a note after the name dropped")  # "Philippines - ratified"
    if _is_arabic(key[0]):
        # Arabic names take the article (اليابان) or not (يابان) depending on the sentence.
        bare = key[0][2:] if key[0].startswith("ال") else "ال" + key[0]
        hit = _lookup([name_key(bare)])
        if hit is not None and hit.status == "matched":
            return hit
    if _ELIDED_ARTICLE.match(cleaned):
        hit = _lookup([name_key(cleaned[2:])])
        if hit is not None and hit.status == "matched":
            return hit
    words = key[1].split()
    if len(words) > 1 and words[0] in _ARTICLES:
        hit = _lookup([name_key(" ".join(key[0].split()[1:]))])
        if hit is not None and hit.status == "matched":
            return hit
    for phrase in _FORM_PREFIXES if key[1].startswith(_FORM_PREFIXES_SPACED) else ():
        if key[1].startswith(phrase + " ") and len(key[1]) > len(phrase) + 1:
            hit = _lookup([name_key(key[1][len(phrase) + 1:])])
            if hit is not None and hit.status == "matched":
                return hit._replace(reason="form of state dropped")
    kept = [w for w in words if w not in _REPUBLIC_WORDS]
    if kept and len(kept) < len(words):
        hit = _lookup([(" ".join(kept), " ".join(kept))])
        if hit is not None and hit.status == "matched":
            return hit._replace(reason="matched without the word 'Republic'")
    for prefix in _SCRIPT_PREFIXES if key[0].startswith(_SCRIPT_PREFIXES) else ():
        if key[0].startswith(prefix) and len(key[0]) > len(prefix):
            hit = _lookup([name_key(key[0][len(prefix):])])
            if hit is not None and hit.status == "matched":
                return hit
    if len(key[0]) > 2 and key[0][-1] in "国國" and " " not in key[0]:
        hit = _lookup([name_key(key[0][:-1])])
        if hit is not None and hit.status == "matched":
            return hit
    return None


@cache
def _fuzzy_pool() -> tuple[list[str], list[int]]:
    index = _index()
    keys = index.pool
    return keys, [index.folded[k] for k in keys]


@cache
def _fuzzy_buckets() -> dict[tuple[str | None, int], list[int]]:
    """Pool positions by (first letter, length) and by (None, length)."""
    keys, _ = _fuzzy_pool()
    out: dict[tuple[str | None, int], list[int]] = {}
    for i, k in enumerate(keys):
        out.setdefault((k[0], len(k)), []).append(i)
        out.setdefault((None, len(k)), []).append(i)
    return out


@cache
def _fuzzy_window(first: str | None, low: int, high: int) -> tuple[list[str], list[int]]:
    """Pool keys of length ``low`` to ``high`` (starting with ``first`` unless it is None),
    with their positions in the pool, in pool order."""
    keys, _ = _fuzzy_pool()
    buckets = _fuzzy_buckets()
    positions = sorted(i for n in range(low, high + 1) for i in buckets.get((first, n), ()))
    return [keys[i] for i in positions], positions


def _fuzzy_hits(folded: str, cutoff: int, first: str | None,
                prune: bool = True) -> list[tuple[str, int, int]]:
    """Pool keys within ``cutoff`` edits as (key, distance, pool position), nearest first and
    in pool order among equals. Pruned, only keys whose length is within ``cutoff`` (an edit
    changes the length by one at most) are compared: the answer is the same, only faster."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    n = len(folded)
    if prune:
        keys, positions = _fuzzy_window(first, n - cutoff, n + cutoff)
    else:
        keys, _ = _fuzzy_pool()
        positions = range(len(keys))
    hits = [(key, int(dist), positions[i]) for key, dist, i in process.extract(
        folded, keys, scorer=OSA.distance, score_cutoff=cutoff, limit=None)
        if first is None or key[0] == first]
    hits.sort(key=lambda h: (h[1], h[2]))
    return hits


def _fuzzy(folded: str, prune: bool = True) -> Match:
    """A typo answered only when one entity is clearly nearest.

    Most unknown names are settled by the keys that share their first letter (a typo keeps
    it), so those are compared first; every key is compared only when an answer is close.
    """
    n = len(folded)
    if n < 5 or not folded.replace(" ", "").isascii():
        return Match(None, "unmatched", "none", 0.0, (), "not a known name")
    limit = 1 if n < 9 else 2
    early = _fuzzy_verdict(folded, limit, _fuzzy_hits(folded, limit + 1, folded[0], prune),
                           complete=False)
    if early is not None:
        return early
    verdict = _fuzzy_verdict(folded, limit, _fuzzy_hits(folded, limit + 1, None, prune),
                             complete=True)
    assert verdict is not None
    return verdict


def _fuzzy_verdict(folded: str, limit: int, hits: list[tuple[str, int, int]],
                   complete: bool) -> Match | None:
    """The typo step's decision on ``hits``; with ``complete=False`` (hits sharing the first
    letter only) ``None`` when keys with other first letters could change it."""
    _, rids = _fuzzy_pool()
    index = _index()
    n = len(folded)
    # Per candidate answer: the nearest key (any first letter), whether an English name is
    # that near, and the nearest key that keeps the query's first letter.
    near_any: dict[tuple[str, ...], tuple[int, str]] = {}
    in_english: dict[tuple[str, ...], bool] = {}
    near_first: dict[tuple[str, ...], tuple[int, str]] = {}
    others: dict[str, int] = {}
    for key, dist, pos in hits:
        result = index.results[rids[pos]]
        if result.status == "unmatched":
            if key[0] == folded[0]:
                others[result.reason] = min(dist, others.get(result.reason, 99))
            continue
        target = result.candidates
        if dist < near_any.get(target, (99, ""))[0]:
            near_any[target] = (dist, key)
            in_english[target] = key in index.english
        elif dist == near_any[target][0]:
            in_english[target] |= key in index.english
        # typos rarely hit the first letter: "Salta" is not a typo of "Malta"
        if key[0] == folded[0] and dist < near_first.get(target, (99, ""))[0]:
            near_first[target] = (dist, key)
    best_other = min(others.values(), default=99)
    if not near_first:
        if best_other <= limit:
            reason = min(others, key=others.get)
            return Match(None, "unmatched", "fuzzy", 0.0, (), f"close to a non-country: {reason}")
        return Match(None, "unmatched", "none", 0.0, (), "not a known name")
    target, (dist, key) = min(near_first.items(), key=lambda kv: kv[1][0])
    if dist > limit or best_other <= dist:
        if best_other <= limit:
            reason = min(others, key=others.get)
            return Match(None, "unmatched", "fuzzy", 0.0, (), f"close to a non-country: {reason}")
        return Match(None, "unmatched", "none", 0.0, (), "not a known name")
    if not complete:
        return None  # rivals with another first letter count from here on
    if (here := _compass(folded)) and (there := _compass(key)) and not here & there:
        # "Allemagne de l'Est" is two edits from "Allemagne de l'Ouest": not a typo.
        return Match(None, "unmatched", "none", 0.0, (), "not a known name")
    if _other_sovereign(folded, key):
        # "U.K. Virgin Islands" is one letter from "U.S. Virgin Islands": not a typo.
        return Match(None, "unmatched", "none", 0.0, (), "one letter from a name with another "
                     "state's word in it, not a typo")
    if _demonym_of(folded, key):
        return Match(None, "unmatched", "none", 0.0, (), "a demonym or language of a country, "
                     "not its name")
    if dist >= 2 and (key.startswith(folded) or folded.startswith(key)):
        # "Dominicana" is not a typo of "Dominica", nor "Nigeria" of "Niger".
        return Match(None, "unmatched", "none", 0.0, (), "a longer or shorter form of "
                     "another name, not a typo")
    # A rival one edit further away still blocks when it is a look-alike: the same first
    # letters (Niger/Nigeria) or an English name ("Frence": France 1, Greece 2). A foreign
    # spelling that merely happens to be two edits away ("brunay" for "urugay") does not.
    rivals = [t for t, (d, k) in near_any.items() if t != target and (
        d <= dist or (d == dist + 1 and (k[:3] == folded[:3] or in_english[t])))]
    if rivals:
        near = tuple(sorted({c for t in (target, *rivals) for c in t}))
        return Match(None, "ambiguous", "fuzzy", 0.0, near, "a typo of more than one name")
    if len(target) != 1:
        return Match(None, "ambiguous", "fuzzy", 0.0, target, "a typo of an ambiguous name")
    score = round(100.0 * (1 - dist / max(n, 1)), 1)
    return Match(target[0], "matched", "fuzzy", score, target, f"{dist} edit(s) from a known name")


def _other_sovereign(query: str, key: str) -> bool:
    """Whether a word that differs between the two names names a country in each, and not
    the same one ("uk" and "us")."""
    a, b = query.split(), key.split()
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x != y:
            cx, cy = _country_word(x), _country_word(y)
            if cx and cy and cx != cy:
                return True
    return False


_COMPASS = frozenset(
    "north south east west nord sud est ouest norte sur este leste oeste ost sued oriental "
    "occidental septentrional meridional utara selatan timur barat".split())


def _compass(key: str) -> frozenset[str]:
    return frozenset(key.split()) & _COMPASS


_DEMONYM_SUFFIXES = ("n", "i", "an", "ian", "ese", "ish")


def _demonym_of(query: str, name: str) -> bool:
    """"Russian", "Kenyan", "Qatari" and "German" are one edit from "Russia", "Kenya",
    "Qatar" and "Germany", but they are adjectives, people or languages, not the country."""
    # A doubled last letter ("Bruneii", "Irann") is a typo, not a suffix.
    return any(query == name + s and not (len(s) == 1 and name.endswith(s))
               for s in _DEMONYM_SUFFIXES) or name == query + "y"


_MEMO: dict[tuple[type, Any], Match] = {}
_TEXT_MEMO: dict[str, Match] = {}
_MEMO_MAX = 200_000


def resolve(value: Any) -> Match:
    """Resolve one value of any type to a :class:`Match` (never raises on bad input).

    Missing values (None, NaN of any float width, ``pd.NA``, ``NaT``) are ``invalid``;
    bytes are read as UTF-8; an integer (or a whole float) is an ISO 3166-1 numeric code.

    >>> resolve("Korea, Republic of").iso3
    'KOR'
    >>> resolve("Korea").status
    'ambiguous'
    >>> resolve(float("nan")).reason, resolve(b"Thailand").iso3
    ('missing value', 'THA')
    """
    if type(value) is str:  # text has a cache of its own: no other type equals a str
        try:
            return _TEXT_MEMO[value]
        except KeyError:
            result = _resolve_text(value)
            if len(_TEXT_MEMO) >= _MEMO_MAX:
                _TEXT_MEMO.clear()
            _TEXT_MEMO[value] = result
            return result
    # The type is part of the key: 250, 250.0 and True are equal in Python but are not
    # the same input (True is not a numeric code), so answers never depend on call history.
    key = (type(value), value)
    try:
        return _MEMO[key]
    except (KeyError, TypeError):  # TypeError: unhashable, or pd.NA refusing to compare
        pass
    result = _resolve_value(value)
    try:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        _MEMO[key] = result
    except TypeError:  # unhashable junk
        pass
    return result


def _resolve_value(value: Any) -> Match:
    if isinstance(value, str):
        return _resolve_text(value)
    if _is_missing(value):
        return _MISSING
    if isinstance(value, (bytes, bytearray)):
        try:
            return _resolve_text(bytes(value).decode("utf-8"))
        except UnicodeDecodeError:
            return _NOT_UTF8
    if isinstance(value, bool):
        return _NOT_TEXT
    if _is_integer(value):
        return _resolve_numeric(int(value))
    if _is_real(value):
        value = float(value)
        if value.is_integer() and 0 < value < 1000:
            return _resolve_numeric(int(value))
    return _NOT_TEXT


def _resolve_numeric(n: int) -> Match:
    iso3 = _codes().get(str(n)) if 0 < n < 1000 else None
    if iso3:
        return _code_match(iso3)
    return Match(None, "unmatched", "none", 0.0, (), f"{n} is not an ISO 3166-1 numeric code")


def _is_integer(value: Any) -> bool:
    import numbers

    return isinstance(value, numbers.Integral)


def _is_real(value: Any) -> bool:
    import numbers

    return isinstance(value, numbers.Real)


def _is_missing(value: Any) -> bool:
    """None, NaN of any width (float, numpy float16/32/64, Decimal), pd.NA and NaT."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (str, bytes, bytearray, bool, int)):
        return False
    try:
        import pandas as pd

        return bool(pd.isna(value)) if pd.api.types.is_scalar(value) else False
    except (TypeError, ValueError):
        return False


# --------------------------------------------------------------------------------------
# Public API.

def to_iso3(text: str | bytes | None, *, codes: str = "upper",
            historical: str = "keep") -> str | None:
    """One name to an ISO 3166-1 alpha-3 code; ``None`` if it is not (only) one country.

    Missing input (None, NaN, ``pd.NA``, ``NaT``) or empty text gives ``None``; bytes are read
    as UTF-8 (``ValueError`` if they are not); any other value that is not text raises
    ``TypeError``. ``codes="any_case"`` reads "fra" as the code FRA (by default only capitals
    are codes); ``historical="successor"`` answers a dissolved state's name with the one
    state that continues it ("USSR": RUS); see :func:`normalise`.

    >>> to_iso3("Tiongkok"), to_iso3("Uni Eropa"), to_iso3("Korea, Republic of")
    ('CHN', 'EUU', 'KOR')
    >>> to_iso3("Korea") is None  # ambiguous
    True
    >>> to_iso3(b"Thailand"), to_iso3("deu", codes="any_case")
    ('THA', 'DEU')
    >>> to_iso3("Democratic Republic of Vietnam"), to_iso3("Kazakh SSR", historical="successor")
    (None, 'KAZ')
    """
    if codes == "upper" and historical == "keep" and type(text) is str:
        try:  # the common call, answered from the cache without building anything
            return _TEXT_MEMO[text].iso3
        except KeyError:
            return resolve(text).iso3
    any_case, successor = _options(codes, historical, auto_allowed=False)
    if isinstance(text, str):
        return _resolve_with(text, any_case, successor).iso3
    if _is_missing(text):
        return None
    if isinstance(text, (bytes, bytearray)):
        try:
            decoded = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"to_iso3() reads bytes as UTF-8, and these are not ({exc.reason} "
                             f"at byte {exc.start}): decode them first, e.g. "
                             f"value.decode('cp1252')") from None
        return _resolve_with(decoded, any_case, successor).iso3
    raise TypeError(f"to_iso3() takes a string, not {type(text).__name__}: {text!r:.60}")


CODES_OPTIONS = ("auto", "upper", "any_case")
HISTORICAL_OPTIONS = ("keep", "successor")


def _options(codes: str, historical: str, auto_allowed: bool = True) -> tuple[bool | None, bool]:
    allowed = CODES_OPTIONS if auto_allowed else CODES_OPTIONS[1:]
    if codes not in allowed:
        raise ValueError(f"codes={codes!r}: use one of {', '.join(map(repr, allowed))}")
    if historical not in HISTORICAL_OPTIONS:
        raise ValueError(f"historical={historical!r}: use one of "
                         f"{', '.join(map(repr, HISTORICAL_OPTIONS))}")
    any_case = None if codes == "auto" else codes == "any_case"
    return any_case, historical == "successor"


_CODE_LETTERS = re.compile(r"^[A-Za-z]{2,3}$")


def _resolve_with(value: Any, any_case: bool | None, successor: bool) -> Match:
    """:func:`resolve` with the options of :func:`normalise` applied."""
    if any_case and isinstance(value, str):
        word = value.strip()
        if _CODE_LETTERS.match(word) and (iso3 := _codes().get(word.upper())):
            return _code_match(iso3)
    result = resolve(value)
    return _successor(value, result) if successor else result


def _column_is_codes(uniques: list[Any]) -> bool:
    """Whether a column is a code column written in lower or mixed case: every value is two
    letters or every value three, each an ISO 3166-1 code in capitals, and at least two
    distinct codes (one word alone, such as Vietnamese "Nga", is not a column of codes)."""
    texts = [u.strip() for u in uniques if isinstance(u, str) and u.strip()]
    if len(texts) != len(uniques) or len({t.upper() for t in texts}) < 2:
        return False
    if len({len(t) for t in texts}) != 1 or all(t.isupper() for t in texts):
        return False
    codes = _codes()
    return all(_CODE_LETTERS.match(t) and t.upper() in codes for t in texts)


COLUMNS = ["input", "iso3", "iso2", "numeric", "name", "status", "method", "score",
           "candidates", "reason", "reio"]


def normalise(values: Iterable[Any] | pd.Series | pd.Index, *, codes: str = "auto",
              historical: str = "keep") -> pd.DataFrame:
    """Normalise a column of names: one row per input, in order (a Series keeps its index).

    ``codes``: ``"upper"`` reads only capitals as ISO codes ("fra" may be a word);
    ``"any_case"`` reads "fra" and "Fra" as FRA too; ``"auto"`` (default) does so only when
    the whole column is codes (two letters each, or three each, at least two distinct).
    ``historical``: ``"keep"`` (default) leaves dissolved states unmatched with their
    successors in ``reason``; ``"successor"`` answers with the state that continues them
    (USSR: RUS; East Germany: DEU; "Kazakh SSR": KAZ), or ``ambiguous`` with all of them
    when the state dissolved into several (Czechoslovakia).

    Columns: ``input``, ``iso3``, ``iso2``, ``numeric``, ``name`` (canonical English short
    name), ``status`` (matched, ambiguous, unmatched, invalid), ``method`` (code, exact,
    alias, translation, fuzzy, ...), ``score`` (0-100), ``candidates`` (tuple of codes),
    ``reason`` and ``reio`` (True for the European Union).

    >>> normalise(["Tiongkok", "Korea", "Atlantis"])[["iso3", "status"]]
      iso3     status
    0  CHN    matched
    1  NaN  ambiguous
    2  NaN  unmatched
    """
    import numpy as np
    import pandas as pd

    if isinstance(values, (str, bytes, bytearray)):
        raise TypeError("normalise() takes a list, Series or Index of names; for one name "
                        "use to_iso3() or wrap it in a list")
    if isinstance(values, pd.DataFrame):
        cols = [str(c) for c in values.columns]
        shown = ", ".join(repr(c) for c in cols[:10]) + (", ..." if len(cols) > 10 else "")
        example = cols[0] if len(cols) == 1 else "country"
        raise TypeError(f"normalise() takes one column of names, not a DataFrame: pass the "
                        f"column, e.g. normalise(df[{example!r}]) (columns: {shown or 'none'})")
    if isinstance(values, pd.Series):
        index = values.index
        series = values
    elif isinstance(values, pd.Index):
        index = pd.RangeIndex(len(values))
        series = pd.Series(values, index=index, copy=False)
    else:
        series = pd.Series(list(values), dtype=object)
        index = series.index

    any_case, successor = _options(codes, historical)
    codes_, uniques = _factorize(series)
    if any_case is None:
        any_case = _column_is_codes(uniques)
    matches = [_resolve_with(u, any_case, successor) for u in uniques] + [_MISSING]
    entities = _entities()

    take = codes_.astype(np.intp, copy=False)  # -1 (missing) takes the last entry: _MISSING

    def text(values: list[str | None]) -> Any:
        return pd.array(values, dtype="str").take(take)

    def column(values: list[Any], dtype: Any) -> np.ndarray:
        arr = np.empty(len(values), dtype=dtype)
        arr[:] = values
        return arr.take(take)

    iso3 = [m.iso3 for m in matches]
    ents = [entities.get(c) if c else None for c in iso3]
    data = {
        "input": series.array,
        "iso3": text(iso3),
        "iso2": text([e.iso2 if e else None for e in ents]),
        "numeric": text([(e.numeric or None) if e else None for e in ents]),
        "name": text([e.name if e else None for e in ents]),
        "status": text([m.status for m in matches]),
        "method": text([m.method for m in matches]),
        "score": column([m.score for m in matches], float),
        "candidates": column([m.candidates for m in matches], object),
        "reason": text([m.reason for m in matches]),
        "reio": column([c in REIO_CODES for c in iso3], bool),
    }
    return pd.DataFrame(data, index=index, copy=False)


def _factorize(series: pd.Series) -> tuple[Any, list[Any]]:
    """Codes and unique values; missing values get -1. Values of different types are
    different inputs even when Python calls them equal (250, 250.0, True and 1)."""
    import numpy as np
    import pandas as pd

    if series.dtype != object or pd.api.types.infer_dtype(series, skipna=True) in (
            "string", "empty"):
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        return codes, list(uniques.tolist() if hasattr(uniques, "tolist") else uniques)
    seen: dict[Any, int] = {}
    uniques_: list[Any] = []
    codes_ = np.empty(len(series), dtype=np.intp)
    for i, value in enumerate(series.array):
        try:
            key = (type(value), value)
            code = seen.get(key)
            if code is None:
                code = seen[key] = len(uniques_)
                uniques_.append(value)
        except TypeError:  # unhashable (a list, a dict) or pd.NA: resolved on its own
            code = len(uniques_)
            uniques_.append(value)
        codes_[i] = code
    return codes_, uniques_
