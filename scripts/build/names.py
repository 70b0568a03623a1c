"""Compile the name index ``data/derived/names/index.json`` used by ``analysis.names``.

Sources, by tier (a lower tier wins a conflict; a conflict inside a tier is ambiguity):

0. the curated tables in ``data/curated/names/`` (aliases, not_countries, ambiguous), edited
   by hand with a source per row; a conflict between two curated rows stops the build;
1. CLDR territory names (through Babel) in the priority languages: the six UN languages
   and Indonesian, Vietnamese, German, Portuguese and Japanese;
2. CLDR's English names of languages, as non-countries ("Greek", "Hindi");
3. CLDR territory names in every other locale Babel ships.

pycountry's ISO names and their translations (from the iso-codes project) are compiled apart,
into ``data/derived/names/pycountry_index.json``: ``analysis.names`` reads it only for names the
main index lacks. pycountry stays a dependency (LGPL): no code of it is copied, only an index
of the ISO 3166-1 names it ships, with its licence in the sidecar.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from functools import cache
from pathlib import Path

import babel
import babel.localedata
import pandas as pd
import pycountry
from babel import Locale

from analysis.datafiles import read_table
from analysis.names import INDEX_PATH, PYCOUNTRY_INDEX_PATH, name_key

from ._common import DATA, write_derived

CURATED = DATA / "curated" / "names"
OUT = DATA.joinpath(*INDEX_PATH)
PYCOUNTRY_OUT = DATA.joinpath(*PYCOUNTRY_INDEX_PATH)
PRIORITY_LANGUAGES = {"ar", "zh", "en", "fr", "ru", "es", "id", "vi", "de", "pt", "ja"}
#: CLDR territory codes that are not ISO 3166-1 entities, and what we make of them.
CLDR_SPECIAL = {
    "EU": ("matched", ("EUU",), ""),
    "XK": ("matched", ("XKX",), ""),
    "EZ": ("unmatched", (), "organisation: the euro area is not a party (CLDR EZ)"),
    "UN": ("unmatched", (), "organisation: the United Nations (CLDR UN)"),
    "ZZ": ("unmatched", (), "placeholder: unknown region (CLDR ZZ)"),
    "QO": ("unmatched", (), "region: Outlying Oceania (CLDR QO)"),
}
#: CLDR codes for parts of countries (Ascension, Canary Islands, ...): not indexed, so
#: they stay unmatched rather than being guessed into their country.
CLDR_SKIPPED = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
METHOD_RANK = {"exact": 0, "translation": 1, "alias": 2}
#: How a curated row's kind shows in ``normalise``'s method and reason columns.
KIND_METHOD = {
    "untc_en": ("exact", ""),
    "untc_fr": ("translation", ""),
    "inverted": ("alias", "inverted form"),
    "former": ("alias", "former name"),
    "abbrev": ("alias", "abbreviation"),
    "news": ("alias", ""),
    "other": ("alias", ""),
    "formal": ("exact", "formal name"),
}
#: Curated tables of names (same columns: alias, iso3, lang, kind, source).
ALIAS_TABLES = ("aliases.csv", "formal_names.csv")
UPPER_ABBREVIATION = re.compile(r"^[A-Z]{2,3}$")


def _iso3_of_alpha2() -> dict[str, str]:
    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _valid_codes() -> set[str]:
    return {c.alpha_3 for c in pycountry.countries} | {"EUU", "XKX"}


def curated_entries() -> tuple[list[tuple[str, tuple]], dict[str, tuple]]:
    """Rows of the curated tables as (text, result), and the upper-case abbreviations."""
    valid = _valid_codes()
    entries: list[tuple[str, tuple]] = []
    upper: dict[str, tuple] = {}
    problems = []
    aliases = pd.concat([read_table(CURATED / name) for name in ALIAS_TABLES], ignore_index=True)
    for row in aliases.itertuples(index=False):
        if row.iso3 not in valid:
            problems.append(f"aliases.csv: {row.alias!r} -> unknown code {row.iso3!r}")
            continue
        method, reason = KIND_METHOD.get(row.kind, ("alias", ""))
        if row.kind == "formal":
            method = "exact" if row.lang == "en" else "translation"
        result = ("matched", (row.iso3,), method, reason)
        compact = re.sub(r"^[Tt]he\s+", "", unicodedata.normalize("NFKC", row.alias).strip())
        letters = re.sub(r"[.\s]", "", compact)
        if re.fullmatch(r"[A-Z.\s]+", compact) and UPPER_ABBREVIATION.match(letters):
            upper[letters] = result
            if len(letters) == 2:
                # Two capitals ("US", "U.K.", "AS") are an abbreviation only in capitals:
                # "us", "my" and Portuguese "eu" are words.
                continue
        entries.append((row.alias, result))
    negatives = read_table(CURATED / "not_countries.csv")
    for row in negatives.itertuples(index=False):
        reason = f"{row.category}: {row.reason}" if row.reason else row.category
        entries.append((row.text, ("unmatched", (), "excluded", reason)))
    ambiguous = read_table(CURATED / "ambiguous.csv")
    for row in ambiguous.itertuples(index=False):
        codes = tuple(sorted(row.candidates.split()))
        bad = [c for c in codes if c not in valid]
        if bad or len(codes) < 2:
            problems.append(f"ambiguous.csv: {row.text!r} has bad candidates {row.candidates!r}")
            continue
        entries.append((row.text, ("ambiguous", codes, "alias", row.reason)))
    if problems:
        raise SystemExit("curated name tables:\n  " + "\n  ".join(problems))
    return entries, upper


def successor_entries() -> dict[str, tuple]:
    """Keys (diacritic-sensitive and folded) of dissolved states' names to the states that
    continue them today: one state (matched) or several (ambiguous). Read only with
    ``historical="successor"``."""
    valid = _valid_codes()
    rows = read_table(CURATED / "not_countries.csv")
    out: dict[str, tuple] = {}
    for row in rows.itertuples(index=False):
        codes = tuple(sorted(str(row.successor).split()))
        if not codes:
            continue
        if not set(codes) <= valid:
            raise SystemExit(f"not_countries.csv: {row.text!r} has bad successors {codes}")
        if len(codes) == 1:
            result = ("matched", codes, "historical", f"historical name: {row.relation} {codes[0]}")
        else:
            result = ("ambiguous", codes, "historical",
                      f"historical name: {row.relation} {', '.join(codes)}")
        for key in set(name_key(row.text)):
            if out.setdefault(key, result) != result:
                raise SystemExit(f"not_countries.csv: successors disagree on {key!r}")
    return out


def cldr_entries() -> list[tuple[str, int, tuple]]:
    """CLDR territory names in every Babel locale as (text, tier, result)."""
    alpha2 = _iso3_of_alpha2()
    out = []
    for ident in sorted(babel.localedata.locale_identifiers()):
        lang = ident.split("_")[0]
        tier = 1 if lang in PRIORITY_LANGUAGES else 3
        method = "exact" if lang == "en" else "translation"
        try:
            territories = Locale.parse(ident).territories
        except (ValueError, babel.UnknownLocaleError):
            continue
        for code, name in territories.items():
            if code in CLDR_SKIPPED:
                continue
            if code in CLDR_SPECIAL:
                status, codes, reason = CLDR_SPECIAL[code]
                result = (status, codes, method if codes else "excluded", reason)
            elif code.isdigit():
                result = ("unmatched", (), "excluded", f"region: CLDR/M49 {code}")
            elif code in alpha2:
                result = ("matched", (alpha2[code],), method, "")
            else:
                continue
            out.append((name, tier, result))
    return out


def language_name_entries() -> list[tuple[str, int, tuple]]:
    """English names of languages ("Greek", "Hindi", "Nepali") as non-countries, ranked below
    the priority languages' country names ("Nauru" stays Nauru) but above the other locales'
    (where "Nepali" may name Nepal)."""
    return [(name, 2, ("unmatched", (), "excluded", "language name, not a country"))
            for name in sorted(set(Locale("en").languages.values()))]


@cache
def english_keys() -> frozenset[str]:
    """Folded keys of English country names: the typo step's rivals that count most."""
    keys = {name_key(n)[1] for ident in babel.localedata.locale_identifiers()
            if ident == "en" or ident.startswith("en_")
            for n in Locale.parse(ident).territories.values()}
    for table in ALIAS_TABLES:
        rows = read_table(CURATED / table)
        keys |= {name_key(a)[1] for a in rows.loc[rows["lang"] == "en", "alias"]}
    return frozenset(keys)


@cache
def english_name_parts() -> dict[str, tuple[tuple[str, ...], frozenset[str]]]:
    """Proper parts (runs of whole words) of English country names, each with the names it
    is part of and their countries: "norfolk" of "norfolk island" (NFK), "guiana" of
    "french guiana" (GUF), "man" of "isle man" (IMN). Parts that are English names
    themselves (CLDR, curated or ISO's) are left out."""
    names: dict[str, set[str]] = defaultdict(set)
    alpha2 = _iso3_of_alpha2()
    for ident in babel.localedata.locale_identifiers():
        # English in Latin script: not en_Dsrt (Deseret) or en_Shaw (Shavian)
        script = [p for p in ident.split("_")[1:] if len(p) == 4 and p.istitle()]
        if (ident == "en" or ident.startswith("en_")) and not script:
            for code, n in Locale.parse(ident).territories.items():
                if code in alpha2:
                    names[name_key(n)[1]].add(alpha2[code])
    for table in ALIAS_TABLES:
        rows = read_table(CURATED / table)
        for a, iso3 in rows.loc[rows["lang"] == "en", ["alias", "iso3"]].itertuples(index=False):
            names[name_key(a)[1]].add(iso3)
    iso_english = {name_key(getattr(c, f))[1] for c in pycountry.countries
                   for f in ("name", "official_name", "common_name") if hasattr(c, f)}
    out: dict[str, set[str]] = defaultdict(set)
    for name in names:
        words = name.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                if j - i < len(words):
                    out[" ".join(words[i:j])].add(name)
    return {k: (tuple(sorted(v)), frozenset(c for n in v for c in names[n]))
            for k, v in out.items() if k not in english_keys() and k not in iso_english}


def _part_reason(names: tuple[str, ...]) -> str:
    shown = "', '".join(names[:3]) + ("', ..." if len(names) > 3 else "'")
    return f"part of an English name ('{shown}), not a country on its own"


def _decide(key: str, tier: int, results: set[tuple]) -> tuple:
    """One answer for a key from the results of its best tier (2 * source tier + folded)."""
    if len(results) == 1:
        return next(iter(results))
    codes = sorted({c for r in results for c in r[1]})
    if len({(r[0], r[1]) for r in results}) == 1:
        # the same answer from several sources: keep the most specific method
        return min(results, key=lambda r: (METHOD_RANK.get(r[2], 9), r[3]))
    if all(r[0] == "unmatched" for r in results):
        return min(results)  # several reasons for one non-country
    if tier < 2:  # the curated tables
        raise SystemExit(f"curated tables disagree on {key!r}: {sorted(results)}")
    if not codes:
        return min(results)
    why = "names more than one country in CLDR"
    if any(r[0] == "unmatched" for r in results):
        why = "names a country in one language and a non-country in another (CLDR)"
    return ("ambiguous", tuple(codes), "translation", why)


def compile_index() -> dict:
    curated, upper = curated_entries()
    tiered: list[tuple[str, int, tuple]] = (
        [(t, 0, r) for t, r in curated] + cldr_entries() + language_name_entries())
    exact_votes: dict[str, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    folded_votes: dict[str, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    for text, tier, result in tiered:
        exact, folded = name_key(text)
        if not exact:
            continue
        exact_votes[exact][2 * tier].add(result)
        if exact != folded and len(folded.replace(" ", "")) <= 3:
            continue  # "Mỹ" without its marks is the English word "my": keep marks required
        # A name written without diacritics outranks another that only folds to it
        # ("Dominica" over Vietnamese "Đôminica" for the key "dominica").
        folded_votes[folded][2 * tier + (exact != folded)].add(result)

    results: dict[tuple, int] = {}

    def rid(result: tuple) -> int:
        return results.setdefault(result, len(results))

    folded_map: dict[str, int] = {}
    folded_tier: dict[str, int] = {}
    weak = {key: _decide(key, min(by_tier), by_tier[min(by_tier)])
            for key, by_tier in folded_votes.items() if _weak(min(by_tier))}
    look_alikes = _typo_look_alikes(weak)
    parts = english_name_parts()
    for key, by_tier in sorted(folded_votes.items()):
        if key in look_alikes:
            continue
        tier = min(by_tier)
        decided = _decide(key, tier, by_tier[tier])
        if tier >= 2 and key in parts and decided[0] != "unmatched" and (
                key in weak or 0 < len(parts[key][1] - set(decided[1])) <= 2):
            # "Norfolk" (Norfolk Island in a minor locale) is an English county; "Guiana"
            # (Portuguese for Guyana) is also part of "French Guiana": in English a part of
            # a name is not a name, and one of another country's name is no answer. A word
            # in many countries' names ("Island", German for Iceland) identifies none of
            # them, so the foreign name stands.
            decided = ("unmatched", (), "excluded", _part_reason(parts[key][0]))
        folded_map[key] = rid(decided)
        folded_tier[key] = tier
    for key, (names, _) in sorted(parts.items()):
        # A single word of an English name that no source names alone ("Solomon", "Caicos",
        # "Virgin") is answered as such, not sent to the typo step; kept out of its pool.
        if " " not in key and len(key) >= 3 and key not in folded_map:
            folded_map[key] = rid(("unmatched", (), "excluded", _part_reason(names)))
    exact_map: dict[str, int] = {}
    for key, by_tier in sorted(exact_votes.items()):
        if key.isascii():
            continue  # the folded key is the same string
        tier = min(by_tier)
        r = rid(_decide(key, tier, by_tier[tier]))
        if folded_map.get(_fold(key)) != r:
            exact_map[key] = r
    # Demonyms are near-copies of country names by construction ("Cambodian"): they answer
    # exact matches only and never block a typo ("Cambodiaa").
    demonym = {i for r, i in results.items() if r[3].startswith("other: demonym")}
    pool = sorted(k for k, t in folded_tier.items()
                  if t <= 3 and k.isascii() and len(k.replace(" ", "")) >= 4
                  and folded_map[k] not in demonym)
    upper_map = {k: rid(v) for k, v in sorted({**_cldr_code_entries(), **upper}.items())}
    successor_map = {key: rid(result) for key, result in sorted(successor_entries().items())}
    table = sorted(results.items(), key=lambda kv: kv[1])
    return {
        "format": 1,
        "version": f"babel {babel.__version__}",
        "results": [[s, list(c), m, reason] for (s, c, m, reason), _ in table],
        "exact": exact_map,
        "folded": folded_map,
        "upper": upper_map,
        "fuzzy_pool": pool,
        "fuzzy_english": sorted(set(pool) & english_keys()),
        "typo_look_alikes": sorted(look_alikes),
        "successor": successor_map,
    }


def _weak(vote_tier: int) -> bool:
    """A key that only a CLDR name stripped of its diacritics or a minor locale supports."""
    return vote_tier >= 2 and (vote_tier % 2 == 1 or vote_tier >= 6)


def _typo_look_alikes(weak: dict[str, tuple]) -> set[str]:
    """Weak keys one edit from another country's English name: "nigera" (Latvian "Nigēra",
    Niger) is also a typo of Nigeria, "slovania" (Basaa, Slovenia) of Slovakia, "ira"
    (Portuguese "Irã" unaccented) of Iraq. The rivals are the names people type: curated
    names and plain-ASCII CLDR names in the priority languages. Such keys are left out, so
    the input goes on to the typo step, which sees both countries; the name with its
    diacritics still matches exactly."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    english: dict[str, set[str]] = defaultdict(set)
    for text, tier, result in cldr_entries() + [(t, 0, r) for t, r in curated_entries()[0]]:
        if result[0] == "matched" and (tier == 0 or (tier == 1 and text.isascii())):
            english[name_key(text)[1]].update(result[1])
    names = sorted(english)
    out = set()
    for key, result in weak.items():
        # Short keys only, as in the typo step, whose one-edit regime ends at 8 letters; a
        # look-alike keeps the first letter ("Polland" is Poland, not a typo of Holland).
        if result[0] != "matched" or not key.isascii() or not 3 <= len(key) <= 8:
            continue
        for other, _, _ in process.extract(key, names, scorer=OSA.distance, score_cutoff=1,
                                           limit=None):
            if other != key and other[0] == key[0] and english[other] - set(result[1]):
                out.add(key)
                break
    return out


def _cldr_code_entries() -> dict[str, tuple]:
    """CLDR's own codes typed as codes: "EU" is the Union, "EZ" the euro area, "UN" ..."""
    return {code: (status, codes, "code" if codes else "excluded", reason)
            for code, (status, codes, reason) in CLDR_SPECIAL.items()}


def _fold(key: str) -> str:
    return name_key(key)[1]


def compile_pycountry_index() -> dict:
    """Folded keys of pycountry's ISO names (name, official and common name) and of their
    translations in every locale it ships, each to the number of its answer in ``results``
    ([status, codes, method])."""
    import gettext
    import os

    found: dict[str, set[str]] = {}

    def add(name: str | None, iso3: str) -> None:
        if name:
            exact, folded = name_key(name)
            keys = {exact} if exact != folded and len(folded) <= 3 else {exact, folded}
            for key in keys - {""}:
                found.setdefault(key, set()).add(iso3)

    countries = list(pycountry.countries)
    fields = ("name", "official_name", "common_name")
    for c in countries:
        for field in fields:
            add(getattr(c, field, None), c.alpha_3)
    english = set(found)
    for lang in sorted(os.listdir(pycountry.LOCALES_DIR)):
        mo = os.path.join(pycountry.LOCALES_DIR, lang, "LC_MESSAGES", "iso3166-1.mo")
        if not os.path.exists(mo):
            continue
        with open(mo, "rb") as f:
            tr = gettext.GNUTranslations(f)
        for c in countries:
            for field in fields:
                source = getattr(c, field, None)
                if source:
                    add(tr.gettext(source), c.alpha_3)
    results: dict[tuple, int] = {}
    keys = {}
    parts = english_name_parts()
    for key, codes in sorted(found.items()):
        if key not in english and key in parts:
            continue  # "Man" (Isle of Man), "Solomon": a part of an English name, not a name
        if len(codes) == 1:
            result = ("matched", tuple(sorted(codes)), "exact" if key in english else "translation")
        else:
            result = ("ambiguous", tuple(sorted(codes)), "translation")
        keys[key] = results.setdefault(result, len(results))
    table = [[s, list(c), m] for (s, c, m), _ in sorted(results.items(), key=lambda kv: kv[1])]
    return {"format": 1, "version": f"pycountry {_pycountry_version()}", "results": table,
            "keys": keys}


def _pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def build() -> list[Path]:
    index = compile_index()
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    inputs = [p.relative_to(DATA).as_posix() for p in sorted(CURATED.glob("*.csv"))]
    write_derived(
        OUT, text,
        source=f"compiled by scripts/build/names.py from the curated name tables and CLDR "
               f"territory names in every locale of Babel {babel.__version__}",
        inputs=inputs + [f"babel=={babel.__version__} (CLDR locale data)"],
        licence="MIT (curated tables) AND Unicode-3.0 (CLDR data via Babel)",
        notes=f"{len(index['folded'])} folded keys, {len(index['exact'])} diacritic-sensitive "
              f"keys, {len(index['results'])} distinct answers",
    )
    print(f"  {OUT.relative_to(DATA.parent)}: {len(index['folded'])} keys")
    fallback = compile_pycountry_index()
    version = _pycountry_version()
    write_derived(
        PYCOUNTRY_OUT,
        json.dumps(fallback, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
        source=f"compiled by scripts/build/names.py from the ISO 3166-1 names and their "
               f"translations shipped in pycountry {version} (its iso3166-1 data and "
               f"iso3166-1.mo catalogues from Debian's iso-codes)",
        inputs=[f"pycountry=={version} (ISO 3166-1 data and iso-codes translations)"],
        licence="LGPL-2.1-or-later (pycountry and the iso-codes translations it ships); the "
                "names themselves are ISO 3166-1's",
        notes=f"{len(fallback['keys'])} folded keys; an index of names only (no pycountry "
              f"code is copied; pycountry stays a run-time dependency for the code table); "
              f"rebuild after upgrading pycountry",
    )
    print(f"  {PYCOUNTRY_OUT.relative_to(DATA.parent)}: {len(fallback['keys'])} keys")
    return [OUT, PYCOUNTRY_OUT]
