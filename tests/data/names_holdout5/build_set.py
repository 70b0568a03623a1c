"""Build names_holdout5.csv from the hand-written pool rows_*.txt and check it.

Run from anywhere with the project's interpreter:

    /work/main/.venv/bin/python tests/data/names_holdout5/build_set.py

This script deliberately does NOT import the project's package (``analysis``):
the set is labelled blind. It only uses pycountry and rapidfuzz as
independent references.

Pool format: one row per line, five fields separated by '»':

    EXPECTED»input»kind»lang»note

Lines that are empty or start with '#' are ignored. In the *input* field the
following escapes are decoded (everything else is literal UTF-8):

    \\t \\n \\r \\\\  \\xHH  \\uHHHH  \\UHHHHHHHH

A raw leading/trailing space in the input field is refused: write it as \\x20
so that invisible characters are always visible in the pool.
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pycountry
from rapidfuzz.distance import OSA

HERE = Path(__file__).resolve().parent
OUT = HERE / "names_holdout5.csv"
SHA = HERE / "names_holdout5.csv.sha256"
SEP = "\u00bb"  # »

EXTRA_CODES = {"EUU": "European Union", "XKX": "Kosovo"}

KINDS = {
    # positive name families
    "plain", "iso_form", "wb_imf", "un_system", "eu_oecd", "cia", "sport",
    "polisci", "alt_name", "former_name", "territory", "nso", "wikidata",
    "endonym", "project_rule", "ampersand",
    # formatting families
    "whitespace", "caps", "lowercase", "titlecase", "csv_remnant",
    "html_entity", "mojibake", "lossy_encoding", "unicode", "slug",
    "footnote",
    # codes
    "alpha2", "alpha3", "numeric", "nonISO_code", "lower_code",
    "code_collision",
    # typos
    "typo", "typo_collision",
    # negatives
    "aggregate", "aggregate_code", "org", "dissolved", "subnational", "city",
    "demonym", "multi_country", "null", "sport_team", "geo_feature",
    # ambiguous
    "ambiguous",
}

# Near-collision families: a typo must never be resolved to one of these by
# guessing (project rule); typo rows labelled with a code must not be in them.
COLLISION_FAMILIES = [
    {"NER", "NGA"}, {"AUT", "AUS"}, {"SVK", "SVN"}, {"IRN", "IRQ"},
    {"GMB", "ZMB"}, {"MLI", "MWI"}, {"GIN", "GNB", "GNQ", "PNG"},
    {"DMA", "DOM"},
]
COLLISION_CODES = set().union(*COLLISION_FAMILIES)

# Common English short names used in datasets, in addition to pycountry's
# name/common_name/official_name. Used only for the typo distance checks.
COMMON_EN = {
    "BOL": ["Bolivia"], "IRN": ["Iran"], "KOR": ["South Korea", "Korea"],
    "PRK": ["North Korea", "Korea"], "LAO": ["Laos"], "MDA": ["Moldova"],
    "RUS": ["Russia"], "SYR": ["Syria"], "TZA": ["Tanzania"],
    "VEN": ["Venezuela"], "VNM": ["Vietnam"], "TWN": ["Taiwan"],
    "CZE": ["Czech Republic"], "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "CPV": ["Cape Verde"], "SWZ": ["Swaziland"], "MKD": ["Macedonia"],
    "BRN": ["Brunei"], "FSM": ["Micronesia"], "PSE": ["Palestine"],
    "VAT": ["Vatican", "Vatican City", "Holy See"], "TUR": ["Turkey"],
    "COD": ["Democratic Republic of the Congo", "DR Congo"],
    "COG": ["Republic of the Congo"], "GBR": ["Great Britain", "Britain"],
    "USA": ["United States of America", "America"], "NLD": ["Holland"],
    "MMR": ["Burma"], "TLS": ["East Timor"], "STP": ["Sao Tome"],
    "KGZ": ["Kirghizia"], "BLR": ["Byelorussia"], "GMB": ["The Gambia"],
    "BHS": ["The Bahamas"], "VGB": ["British Virgin Islands"],
    "VIR": ["US Virgin Islands"], "FLK": ["Falkland Islands"],
    "HKG": ["Hong Kong"], "MAC": ["Macau"], "REU": ["Reunion"],
    "CUW": ["Curacao"], "ALA": ["Aland Islands"], "BLM": ["Saint Barthelemy"],
    "KNA": ["St Kitts and Nevis"], "LCA": ["St Lucia"],
    "VCT": ["St Vincent and the Grenadines"], "SHN": ["Saint Helena"],
    "MAF": ["Saint Martin"], "SXM": ["Sint Maarten"], "BES": ["Bonaire"],
}
COMMON_EN.update({k: [v] for k, v in EXTRA_CODES.items()})


def country_names() -> dict[str, list[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names[c.alpha_3].add(v)
    for code, extra in COMMON_EN.items():
        names[code].update(extra)
    return {k: sorted(v) for k, v in names.items()}


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.casefold().split())


NAMES = country_names()
FOLDED = {code: [fold(n) for n in ns] for code, ns in NAMES.items()}
ALPHA2 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
ALPHA3 = {c.alpha_3 for c in pycountry.countries}
NUMERIC = {int(c.numeric): c.alpha_3 for c in pycountry.countries}
# Codes the project accepts besides ISO: EUU, XKX; alpha-2 forms UK (ISO
# exceptionally reserved for the United Kingdom), EU (exceptionally reserved
# for the European Union) and XK (user-assigned, universally used for Kosovo).
VALID_LABELS = ALPHA3 | set(EXTRA_CODES)
ALPHA2_EXTRA = {"UK": "GBR", "EU": "EUU", "XK": "XKX"}
ALPHA3_EXTRA = {"EUU": "EUU", "XKX": "XKX"}


_ESC = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tnr\\]|.)")


def decode(field: str, where: str) -> str:
    def rep(m: re.Match) -> str:
        t = m.group(1)
        if t == "t":
            return "\t"
        if t == "n":
            return "\n"
        if t == "r":
            return "\r"
        if t == "\\":
            return "\\"
        if t[0] in "xuU" and len(t) > 1:
            return chr(int(t[1:], 16))
        raise ValueError(f"{where}: unknown escape \\{t}")

    return _ESC.sub(rep, field)


def distances(s: str) -> dict[str, int]:
    f = fold(s)
    return {code: min(OSA.distance(f, n) for n in ns) for code, ns in FOLDED.items()}


def parse_label(label: str) -> tuple[str, tuple[str, ...]]:
    if label == "-":
        return "none", ()
    if label.startswith("?"):
        codes = tuple(label[1:].split(" "))
        return "ambiguous", codes
    return "code", (label,)


def main() -> int:
    errors: list[str] = []
    warnings: list[str] = []
    rows = []
    for path in sorted(HERE.glob("rows_*.txt")):
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.name}:{lineno}"
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            parts = raw.split(SEP)
            if len(parts) != 5:
                errors.append(f"{where}: expected 5 fields, got {len(parts)}: {raw!r}")
                continue
            label, field, kind, lang, note = parts
            if field != field.strip(" "):
                errors.append(f"{where}: raw leading/trailing space in input; use \\x20")
            try:
                text = decode(field, where)
            except ValueError as e:
                errors.append(str(e))
                continue
            rows.append(dict(expected=label.strip(), input=text, kind=kind.strip(),
                             lang=lang.strip(), note=note.strip(), where=where))

    seen: dict[str, dict] = {}
    folded_labels: dict[str, tuple[str, str]] = {}
    for r in rows:
        w, label, text, kind, lang = r["where"], r["expected"], r["input"], r["kind"], r["lang"]
        # duplicates / conflicting labels
        if text in seen:
            errors.append(f"{w}: duplicate input {text!r} (first at {seen[text]['where']})")
        seen.setdefault(text, r)
        key = fold(html.unescape(text)).strip(" \"'*")
        if key in folded_labels and folded_labels[key][0] != label and kind not in {"lower_code", "alpha2", "alpha3", "code_collision"}:
            warnings.append(f"{w}: {text!r} -> {label} but near-identical {folded_labels[key][1]} -> {folded_labels[key][0]}")
        folded_labels.setdefault(key, (label, w))
        # label syntax
        typ, codes = parse_label(label)
        for c in codes:
            if c not in VALID_LABELS:
                errors.append(f"{w}: {c!r} is not an ISO alpha-3 code (nor EUU/XKX)")
        if typ == "ambiguous" and (len(codes) < 2 or list(codes) != sorted(set(codes))):
            errors.append(f"{w}: ambiguous label must list >=2 distinct codes, sorted: {label}")
        if kind not in KINDS:
            errors.append(f"{w}: unknown kind {kind!r}")
        if lang != "-" and pycountry.languages.get(alpha_2=lang) is None:
            errors.append(f"{w}: lang {lang!r} is not ISO 639-1")
        if typ != "code" and kind in {"plain", "iso_form", "nso", "wikidata"} and not r["note"]:
            warnings.append(f"{w}: non-code label in positive family without note")

        # ---- code-shaped inputs -----------------------------------------
        bare = text
        if re.fullmatch(r"[A-Z]{2}", bare):
            iso = ALPHA2.get(bare) or ALPHA2_EXTRA.get(bare)
            if typ == "code" and iso != label:
                errors.append(f"{w}: alpha-2 {bare} is {iso}, labelled {label}")
            if typ == "none" and iso:
                errors.append(f"{w}: {bare} is a valid alpha-2 ({iso}) but labelled -")
        if re.fullmatch(r"[A-Z]{3}", bare):
            iso = bare if bare in ALPHA3 else ALPHA3_EXTRA.get(bare)
            if typ == "code" and iso != label and kind in {"alpha3", "code_collision"}:
                errors.append(f"{w}: alpha-3 {bare} labelled {label}")
            if typ == "none" and iso:
                errors.append(f"{w}: {bare} is a valid alpha-3 but labelled -")
        if kind in {"alpha2", "alpha3", "code_collision", "nonISO_code", "aggregate_code"} and typ == "code":
            if not re.fullmatch(r"[A-Z]{2,3}", bare):
                errors.append(f"{w}: code row input is not an upper-case code: {bare!r}")
        if kind == "nonISO_code" and typ != "none":
            errors.append(f"{w}: nonISO_code rows must be '-'")
        if kind == "lower_code":
            if typ != "none" or not re.fullmatch(r"[a-z]{2,3}", bare):
                errors.append(f"{w}: lower_code rows are lower-case codes labelled '-'")
            up = bare.upper()
            if up not in ALPHA2 and up not in ALPHA3:
                errors.append(f"{w}: lower_code {bare!r} is not an ISO code in upper case")
        if kind == "numeric":
            m = re.fullmatch(r"\s*0*(\d+)(\.0)?\s*", text)
            if not m:
                errors.append(f"{w}: numeric row not numeric: {text!r}")
            else:
                n = int(m.group(1))
                if typ == "code" and NUMERIC.get(n) != label:
                    errors.append(f"{w}: numeric {n} is {NUMERIC.get(n)}, labelled {label}")
                if typ == "none" and n in NUMERIC:
                    errors.append(f"{w}: numeric {n} is ISO {NUMERIC[n]} but labelled -")
        # ---- encoding families -------------------------------------------
        if kind == "html_entity" and html.unescape(text) == text and "<" not in text:
            errors.append(f"{w}: html_entity row has no entity: {text!r}")
        if kind == "mojibake":
            fixed = None
            for enc in ("cp1252", "latin-1"):
                try:
                    cand = text.encode(enc).decode("utf-8")
                except (UnicodeEncodeError, UnicodeDecodeError):
                    continue
                fixed = cand
                # double mojibake: one more round
                for enc2 in ("cp1252", "latin-1"):
                    try:
                        fixed = fixed.encode(enc2).decode("utf-8")
                        break
                    except (UnicodeEncodeError, UnicodeDecodeError):
                        pass
                break
            if fixed is None or fixed == text:
                errors.append(f"{w}: mojibake row is not UTF-8-read-as-cp1252/latin-1: {text!r}")
            else:
                r["_fixed"] = fixed
        if kind == "unicode" and text == unicodedata.normalize("NFKC", text) and not re.search(r"[\u2019\u2018\u2010-\u2015\u02bc\u00b4`]", text):
            errors.append(f"{w}: unicode row has nothing special: {text!r}")
        if kind == "whitespace" and text == " ".join(text.split()) and not re.search(r"[\u200b\ufeff\u00a0\u2009]", text):
            errors.append(f"{w}: whitespace row has no whitespace issue: {text!r}")
        # ---- typos ----------------------------------------------------------
        if kind in {"typo", "typo_collision"}:
            d = distances(text)
            best = min(d.values())
            nearest = sorted(c for c, v in d.items() if v == best)
            r["_typo"] = (best, nearest)
            if kind == "typo":
                if typ != "code":
                    errors.append(f"{w}: typo rows carry a code")
                    continue
                (code,) = codes
                if code in COLLISION_CODES:
                    errors.append(f"{w}: typo labelled {code}, a near-collision family member")
                others = min(v for c, v in d.items() if c != code)
                if d[code] > 2 or d[code] == 0:
                    errors.append(f"{w}: typo {text!r} is at OSA {d[code]} from {code}")
                if not d[code] < others:
                    errors.append(f"{w}: typo {text!r} not strictly nearest {code} ({d[code]} vs {others}: {nearest})")
            else:
                if best > 2 or best == 0:
                    errors.append(f"{w}: collision typo {text!r} nearest at {best}: {nearest}")
                near_set = {c for c, v in d.items() if v <= 2}
                if not any(len(near_set & fam) >= 1 and set(nearest) & fam for fam in COLLISION_FAMILIES):
                    errors.append(f"{w}: collision typo {text!r} not near a collision family: {nearest}")
                if typ == "code":
                    errors.append(f"{w}: typo_collision rows are '-' or '?A B'")
                if typ == "ambiguous" and set(codes) != set(nearest):
                    errors.append(f"{w}: {text!r} labelled {label} but equidistant nearest are {nearest} ({best})")

    counts = Counter(r["kind"] for r in rows)
    if warnings:
        print("WARNINGS:")
        for x in warnings:
            print("  ", x)
    if errors:
        print("ERRORS:")
        for x in errors:
            print("  ", x)
        print(f"{len(errors)} errors; CSV not written")
        return 1

    buf = io.StringIO(newline="")
    wr = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    wr.writerow(["input", "expected", "kind", "lang", "note"])
    for r in rows:
        wr.writerow([r["input"], r["expected"], r["kind"], r["lang"], r["note"]])
    data = buf.getvalue().encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    if SHA.exists():
        frozen = SHA.read_text(encoding="utf-8").split()[0]
        if digest != frozen and "--allow-change" not in sys.argv:
            print(f"REFUSED: the set is frozen ({SHA.name} = {frozen[:12]}...) and the pool "
                  f"now builds {digest[:12]}...; only plain labelling mistakes may be fixed, "
                  "each listed in README.md; rerun with --allow-change to rewrite CSV and hash")
            return 2
        if digest != frozen:
            SHA.write_text(f"{digest}  {OUT.name}\n", encoding="utf-8")
            print(f"hash changed: {SHA.name} rewritten -- list the change in README.md")
    OUT.write_bytes(data)
    # round-trip check
    with OUT.open(encoding="utf-8", newline="") as fh:
        back = list(csv.DictReader(fh))
    assert [b["input"] for b in back] == [r["input"] for r in rows], "CSV round trip failed"
    labels = Counter("code" if r["expected"] not in "-" and not r["expected"].startswith("?") else r["expected"][:1] for r in rows)
    print(f"wrote {OUT.name}: {len(rows)} rows; labels {dict(labels)}")
    for k, v in sorted(counts.items()):
        print(f"  {k:16s} {v}")
    print("sha256", hashlib.sha256(OUT.read_bytes()).hexdigest())
    if "-v" in sys.argv:
        for r in rows:
            if "_typo" in r:
                print("typo", repr(r["input"]), r["expected"], r["_typo"])
            if "_fixed" in r:
                print("moji", repr(r["input"]), "->", repr(r["_fixed"]), r["expected"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
