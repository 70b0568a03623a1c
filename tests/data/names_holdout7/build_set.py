"""Build names_holdout7.csv from the hand-written pool rows_*.txt.

Run with the project's interpreter (pycountry and rapidfuzz are needed)::

    /work/main/.venv/bin/python tests/data/names_holdout7/build_set.py

Pool format, one row per line, fields separated by U+00BB (»)::

    EXPECTED»input»kind»lang»note

Lines that are empty or start with '#' are ignored.  In the input field the
escapes \\uXXXX and \\t are decoded (so that invisible white space can be
written down explicitly); nothing else is stripped from the input.

Checks (any failure aborts without writing the CSV):
  * EXPECTED is an ISO 3166-1 alpha-3 code known to pycountry, EUU or XKX,
    '-', or '?AAA BBB [...]' with at least two such codes;
  * no input occurs twice (so no input carries two labels);
  * code rows agree with pycountry (alpha-2 / alpha-3 / numeric), and the
    rows labelled '-' as unassigned codes are indeed not assigned;
  * 'typo' rows are one or two OSA edits from a name of the labelled country
    and more than two edits from every name of every other country;
    'typo-near2' rows are within two edits of every listed country (and of
    at least two countries).
The reference names for the typo check are pycountry's names (name,
official_name, common_name) in English and in its translations for the
languages covered here, plus every positive input of the pool itself
(except code rows), all case-folded.

This script deliberately does not import the project's package.
"""

from __future__ import annotations

import csv
import gettext
import glob
import hashlib
import io
import os
import re
import sys
import unicodedata
from collections import defaultdict

import pycountry
from rapidfuzz.distance import OSA

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "names_holdout7.csv")
EXTRA_CODES = {"EUU", "XKX"}
ALPHA3 = {c.alpha_3 for c in pycountry.countries}
LANGS = ["fr", "es", "ru", "zh_CN", "zh_TW", "ar", "id", "vi", "de", "pt", "pt_BR", "ja"]
KINDS_ALLOWED = None  # any kind string is accepted; see README for the list


def decode(s: str) -> str:
    s = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s)
    return s.replace("\\t", "\t")


def valid_code(c: str) -> bool:
    return c in ALPHA3 or c in EXTRA_CODES


def load_pool():
    rows = []
    for path in sorted(glob.glob(os.path.join(HERE, "rows_*.txt"))):
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.split("»")
                if len(parts) != 5:
                    sys.exit(f"{os.path.basename(path)}:{lineno}: expected 5 fields, got {len(parts)}: {line!r}")
                exp, inp, kind, lang, note = parts
                rows.append(
                    dict(expected=exp.strip(), input=decode(inp), kind=kind.strip(),
                         lang=lang.strip(), note=note.strip(),
                         src=f"{os.path.basename(path)}:{lineno}")
                )
    return rows


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return " ".join(s.split())


def reference_names(rows):
    ref = defaultdict(set)  # alpha3 -> names (folded)
    trans = {}
    for lang in LANGS:
        try:
            trans[lang] = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            print(f"warning: no pycountry translation for {lang}")
    for c in pycountry.countries:
        names = {c.name}
        for attr in ("official_name", "common_name"):
            if hasattr(c, attr):
                names.add(getattr(c, attr))
        for n in list(names):
            ref[c.alpha_3].add(fold(n))
            for t in trans.values():
                ref[c.alpha_3].add(fold(t.gettext(n)))
    for r in rows:
        e = r["expected"]
        if valid_code(e) and not r["kind"].startswith("code") and not r["kind"].startswith("typo"):
            ref[e].add(fold(r["input"]))
    return ref


def check(rows):
    errors = []
    # labels
    for r in rows:
        e = r["expected"]
        if e == "-":
            continue
        if e.startswith("?"):
            codes = e[1:].split()
            if len(codes) < 2 or not all(valid_code(c) for c in codes):
                errors.append(f"{r['src']}: bad ambiguous label {e!r}")
            continue
        if not valid_code(e):
            errors.append(f"{r['src']}: unknown code {e!r}")
    # duplicates
    seen = {}
    for r in rows:
        k = r["input"]
        if k in seen:
            errors.append(f"{r['src']}: duplicate input {k!r} (first at {seen[k]['src']}, labels "
                          f"{seen[k]['expected']} / {r['expected']})")
        else:
            seen[k] = r
    # code rows against pycountry
    for r in rows:
        kind, inp, e = r["kind"], r["input"], r["expected"]
        if kind == "code-a2":
            c = pycountry.countries.get(alpha_2=inp)
            got = c.alpha_3 if c else None
            if got != e and not (inp == "XK" and e == "XKX"):
                errors.append(f"{r['src']}: alpha-2 {inp} is {got}, labelled {e}")
        elif kind == "code-a3":
            if inp != e:
                errors.append(f"{r['src']}: alpha-3 {inp} labelled {e}")
        elif kind == "code-num":
            c = pycountry.countries.get(numeric=inp.zfill(3))
            got = c.alpha_3 if c else None
            if got != e:
                errors.append(f"{r['src']}: numeric {inp} is {got}, labelled {e}")
        elif kind == "code-unassigned":
            hit = None
            if inp.isdigit():
                hit = pycountry.countries.get(numeric=inp.zfill(3))
            elif len(inp) == 2:
                hit = pycountry.countries.get(alpha_2=inp)
            elif len(inp) == 3:
                hit = pycountry.countries.get(alpha_3=inp)
            if hit is not None or e != "-":
                errors.append(f"{r['src']}: {inp} is assigned ({hit}) or not labelled '-'")
        elif kind == "code-lower":
            if inp != inp.lower() or e != "-":
                errors.append(f"{r['src']}: lower-case row {inp!r} must be lower case and '-'")
    # typos
    ref = reference_names(rows)
    for r in rows:
        if not r["kind"].startswith("typo"):
            continue
        q = fold(r["input"])
        dist = {a3: min(OSA.distance(q, n) for n in names) for a3, names in ref.items() if names}
        near = sorted((d, a3) for a3, d in dist.items() if d <= 2)
        r["_near"] = near
        if r["kind"] == "typo":
            e = r["expected"]
            if dist.get(e, 99) == 0:
                errors.append(f"{r['src']}: typo {r['input']!r} is an exact name of {e}")
            elif dist.get(e, 99) > 2:
                errors.append(f"{r['src']}: typo {r['input']!r} is {dist.get(e)} edits from {e}")
            others = [(d, a3) for d, a3 in near if a3 != e]
            if others:
                errors.append(f"{r['src']}: typo {r['input']!r} also within 2 edits of {others}")
        else:  # typo-near2
            codes = [a3 for _, a3 in near]
            listed = r["expected"][1:].split() if r["expected"].startswith("?") else []
            if len(codes) < 2 or any(c not in codes for c in listed):
                errors.append(f"{r['src']}: typo-near2 {r['input']!r} near {near}, listed {listed}")
    return errors


def main():
    rows = load_pool()
    errors = check(rows)
    if errors:
        print("\n".join(errors))
        sys.exit(f"{len(errors)} error(s); CSV not written")
    if not 1200 <= len(rows) <= 1500:
        sys.exit(f"{len(rows)} rows; must be 1,200-1,500")
    buf = io.StringIO(newline="")
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["input", "expected", "kind", "lang", "note"])
    for r in rows:
        w.writerow([r["input"], r["expected"], r["kind"], r["lang"], r["note"]])
    data = buf.getvalue().encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    frozen = OUT + ".sha256"
    if os.path.exists(frozen):
        want = open(frozen, encoding="utf-8").read().split()[0]
        if want != digest:
            sys.exit(f"the set is frozen (sha256 {want}); the pool now builds {digest}. Not overwriting.")
        print("pool reproduces the frozen CSV exactly")
    else:
        with open(OUT, "wb") as fh:
            fh.write(data)
    by_kind = defaultdict(int)
    for r in rows:
        by_kind[r["kind"]] += 1
    print(f"{len(rows)} rows, {OUT}\nsha256 {digest}")
    for k in sorted(by_kind):
        print(f"  {k:20s} {by_kind[k]}")


if __name__ == "__main__":
    main()
