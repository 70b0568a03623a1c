#!/usr/bin/env python
"""Build names_holdout4.csv from the hand-written rows_*.txt pool and check it.

Does NOT import the project's package. Run with /work/main/.venv/bin/python.

Row format (one per line, '#' starts a comment line):
    EXPECTED»input»kind»lang»note
EXPECTED is an ISO 3166-1 alpha-3 code (or EUU / XKX), '-' (must not match),
or '?AAA BBB' (must be ambiguous between the listed codes).
In the input field the escapes \\uXXXX, \\t, \\n and \\\\ are decoded, so that
no-break spaces, zero-width spaces, tabs and decomposed (NFD) diacritics can be
written visibly.
"""
from __future__ import annotations

import csv
import hashlib
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pycountry
from rapidfuzz.distance import OSA

HERE = Path(__file__).resolve().parent
OUT = HERE / "names_holdout4.csv"
SEP = "\u00bb"  # »
EXTRA_CODES = {"EUU", "XKX"}
KINDS = {
    "formal", "short", "ascii", "former", "typo", "paste", "code", "territory",
    "ambiguous", "neg_region", "neg_org", "neg_place", "neg_dissolved",
    "neg_demonym", "neg_placeholder", "neg_multi", "neg_word",
}
LANGS = {"en", "fr", "es", "ru", "ar", "zh", "id", "vi", "pt", "de", "ja", "sq"}
ISO3 = {c.alpha_3 for c in pycountry.countries}


def decode(s: str) -> str:
    def rep(m: re.Match) -> str:
        t = m.group(0)
        if t.startswith("\\u"):
            return chr(int(t[2:], 16))
        return {"\\t": "\t", "\\n": "\n", "\\\\": "\\"}[t]
    return re.sub(r"\\u[0-9a-fA-F]{4}|\\t|\\n|\\\\", rep, s)


def valid_code(c: str) -> bool:
    return c in ISO3 or c in EXTRA_CODES


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(ch for ch in s if not unicodedata.combining(ch))


def english_names() -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names[c.alpha_3].add(v)
    for line in (HERE / "aliases.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, name = line.split(SEP)
        assert valid_code(code), code
        names[code].add(name)
    return {k: {fold(n) for n in v} for k, v in names.items()}


def load_rows() -> list[dict]:
    rows = []
    errors = []
    for path in sorted(HERE.glob("rows_*.txt")):
        for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(SEP)
            if len(parts) == 4:
                parts.append("")
            if len(parts) != 5:
                errors.append(f"{path.name}:{ln}: expected 5 fields, got {len(parts)}")
                continue
            exp, inp, kind, lang, note = parts
            rows.append(dict(expected=exp.strip(), input=decode(inp), kind=kind.strip(),
                             lang=lang.strip(), note=note.strip(), src=f"{path.name}:{ln}"))
    return rows, errors


def check(rows: list[dict]) -> list[str]:
    errors: list[str] = []
    names = english_names()
    seen: dict[str, dict] = {}
    for r in rows:
        e, src = r["expected"], r["src"]
        # label syntax
        if e == "-":
            pass
        elif e.startswith("?"):
            codes = e[1:].split()
            if len(codes) < 2 or len(set(codes)) != len(codes) or not all(valid_code(c) for c in codes):
                errors.append(f"{src}: bad ambiguous label {e!r}")
            if not r["note"]:
                errors.append(f"{src}: ambiguous label needs a note")
        elif not valid_code(e):
            errors.append(f"{src}: {e!r} is not an ISO alpha-3 code (or EUU/XKX)")
        if r["kind"] not in KINDS:
            errors.append(f"{src}: unknown kind {r['kind']!r}")
        if r["lang"] not in LANGS:
            errors.append(f"{src}: unknown lang {r['lang']!r}")
        if r["kind"].startswith("neg_") and e != "-":
            errors.append(f"{src}: negative kind with non-negative label")
        if r["kind"] == "ambiguous" and not e.startswith("?"):
            errors.append(f"{src}: kind ambiguous needs a ?-label")
        if r["kind"] == "territory" and not r["note"]:
            errors.append(f"{src}: territory row needs a note")
        if SEP in r["input"]:
            errors.append(f"{src}: separator inside input")
        # duplicates: exact input only once
        if r["input"] in seen:
            errors.append(f"{src}: duplicate input {r['input']!r} (first at {seen[r['input']]['src']})")
        else:
            seen[r["input"]] = r
    # no input carries two labels, even modulo Unicode normal form / case / outer whitespace,
    # except the deliberate code-vs-lower-case-word pairs (NO vs no)
    by_norm: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_norm[unicodedata.normalize("NFKC", r["input"]).strip().casefold()].append(r)
    for k, group in by_norm.items():
        labels = {g["expected"] for g in group}
        if len(labels) > 1:
            kinds = {g["kind"] for g in group}
            if not kinds & {"code", "neg_word"}:
                errors.append(f"conflicting labels for {k!r}: " +
                              ", ".join(f"{g['src']}={g['expected']}" for g in group))
    # typo checks
    for r in rows:
        if r["kind"] != "typo":
            continue
        x = fold(r["input"])
        dist = {code: min(OSA.distance(x, n) for n in ns) for code, ns in names.items()}
        best = min(dist.values())
        at_best = sorted(c for c, d in dist.items() if d == best)
        e = r["expected"]
        limit = 3 if len(x) >= 15 else 2
        if e == "-":
            if len(at_best) == 1 and best <= limit:
                errors.append(f"{r['src']}: '-' typo {r['input']!r} is uniquely closest to {at_best[0]} (d={best})")
        elif e.startswith("?"):
            codes = sorted(e[1:].split())
            if at_best != codes or best > limit:
                errors.append(f"{r['src']}: ambiguous typo {r['input']!r}: closest {at_best} d={best}, label {codes}")
        else:
            d = dist[e]
            others = min(v for c, v in dist.items() if c != e)
            if d > limit:
                errors.append(f"{r['src']}: typo {r['input']!r} is {d} edits from {e} (limit {limit})")
            if others <= d:
                oc = [c for c, v in dist.items() if c != e and v == others]
                errors.append(f"{r['src']}: typo {r['input']!r} d({e})={d} but {oc} at {others}")
    return errors


def main() -> int:
    rows, errors = load_rows()
    errors += check(rows)
    if errors:
        print("\n".join(errors))
        print(f"{len(errors)} problem(s)")
        return 1
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(["input", "expected", "kind", "lang", "note"])
        for r in rows:
            w.writerow([r["input"], r["expected"], r["kind"], r["lang"], r["note"]])
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT.name}: {len(rows)} rows, sha256 {digest}")
    print("kinds:", dict(Counter(r["kind"] for r in rows).most_common()))
    print("langs:", dict(Counter(r["lang"] for r in rows).most_common()))
    lab = Counter("-" if r["expected"] == "-" else "?" if r["expected"].startswith("?") else "code" for r in rows)
    print("labels:", dict(lab))
    return 0


if __name__ == "__main__":
    sys.exit(main())
