"""Build names_holdout6.csv from the hand-written pool rows_*.txt.

Run with /work/main/.venv/bin/python (needs pycountry and rapidfuzz).
Does NOT import the project's package.

Pool format, one row per line:  EXPECTED»input»kind»lang»note
  EXPECTED  ISO alpha-3 (plus EUU, XKX), "-" (must not match) or "?AAA BBB" (must be ambiguous)
  input     escapes: \\uXXXX, \\t, \\\\ ; literal leading/trailing white space is rejected
Lines starting with "#" and blank lines are ignored.

Checks: every code exists (pycountry; EUU/XKX allowed), no duplicate input, typo rows
are 1-2 OSA edits from the labelled country and strictly closer than to any other
country; typo_ambiguous rows have the listed countries tied nearest.
Refuses to overwrite a frozen CSV (sha256 recorded) with different content unless --force.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pycountry
from rapidfuzz.distance import OSA

HERE = Path(__file__).resolve().parent
OUT = HERE / "names_holdout6.csv"
SHA = HERE / "names_holdout6.csv.sha256"
SEP = "\u00bb"
EXTRA_CODES = {"EUU", "XKX"}
KINDS = {
    "untc_en", "untc_fr", "inversion", "name_en", "name_lang", "news", "code", "noise",
    "typo", "typo_ambiguous", "neg_region", "neg_org", "neg_place", "neg_placeholder",
    "neg_dissolved", "ambiguous", "near_collision", "former", "territory", "eu_kosovo_uk",
}
LANGS = {"en", "fr", "es", "ru", "ar", "zh", "id", "vi", "de", "pt", "ja", "-"}
VALID = {c.alpha_3 for c in pycountry.countries} | EXTRA_CODES


def unescape(s: str) -> str:
    def rep(m: re.Match) -> str:
        t = m.group(0)
        if t == "\\\\":
            return "\\"
        if t == "\\t":
            return "\t"
        return chr(int(t[2:], 16))

    return re.sub(r"\\\\|\\t|\\u[0-9a-fA-F]{4}", rep, s)


def parse_expected(e: str) -> tuple[str, list[str]]:
    if e == "-":
        return "-", []
    if e.startswith("?"):
        codes = e[1:].split()
        if len(codes) < 2:
            raise ValueError(f"ambiguous label needs >= 2 codes: {e!r}")
        return "?", codes
    return "code", [e]


def load_pool() -> list[dict]:
    rows, errors = [], []
    for path in sorted(HERE.glob("rows_*.txt")):
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.lstrip().startswith("#"):
                continue
            parts = raw.split(SEP)
            where = f"{path.name}:{lineno}"
            if len(parts) != 5:
                errors.append(f"{where}: expected 5 fields, got {len(parts)}: {raw!r}")
                continue
            expected, raw_input, kind, lang, note = parts
            if raw_input != raw_input.strip(" \t\u00a0\u202f"):
                errors.append(f"{where}: literal leading/trailing white space; use escapes")
            try:
                typ, codes = parse_expected(expected)
            except ValueError as exc:
                errors.append(f"{where}: {exc}")
                continue
            for c in codes:
                if c not in VALID:
                    errors.append(f"{where}: unknown code {c!r}")
            if len(set(codes)) != len(codes):
                errors.append(f"{where}: repeated code in {expected!r}")
            if kind not in KINDS:
                errors.append(f"{where}: unknown kind {kind!r}")
            if lang not in LANGS:
                errors.append(f"{where}: unknown lang {lang!r}")
            rows.append(dict(input=unescape(raw_input), expected=expected, kind=kind,
                             lang=lang, note=note.strip(), typ=typ, codes=codes, where=where))
    # duplicates / conflicting labels
    by_input = defaultdict(list)
    for r in rows:
        by_input[r["input"]].append(r)
    for inp, rs in by_input.items():
        if len(rs) > 1:
            labels = {r["expected"] for r in rs}
            what = "two labels" if len(labels) > 1 else "duplicate input"
            errors.append(f"{what} for {inp!r}: " + ", ".join(f"{r['where']}={r['expected']}" for r in rs))
    return rows, errors


def reference_names(rows: list[dict]) -> dict[str, set[str]]:
    """Country -> set of casefolded names (pycountry + clean pool rows)."""
    ref: dict[str, set[str]] = defaultdict(set)
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            v = getattr(c, attr, None)
            if v:
                ref[c.alpha_3].add(v.casefold())
    ref["EUU"].add("european union")
    ref["XKX"].add("kosovo")
    for r in rows:
        if r["typ"] == "code" and r["kind"] not in {"typo", "noise", "code"}:
            ref[r["codes"][0]].add(r["input"].casefold())
    return ref


def distances(s: str, ref: dict[str, set[str]]) -> dict[str, int]:
    s = s.casefold()
    return {code: min(OSA.distance(s, n) for n in names) for code, names in ref.items()}


def check_typos(rows: list[dict], errors: list[str]) -> None:
    ref = reference_names(rows)
    for r in rows:
        if r["kind"] not in {"typo", "typo_ambiguous"}:
            continue
        d = distances(r["input"], ref)
        ranked = sorted(d.items(), key=lambda kv: kv[1])
        best = ranked[0][1]
        near = sorted(c for c, v in d.items() if v == best)
        info = f"{r['where']} {r['input']!r}: nearest {ranked[:3]}"
        if r["kind"] == "typo":
            if r["typ"] != "code":
                errors.append(f"{info}: typo rows must carry one code")
                continue
            code = r["codes"][0]
            if d[code] not in (1, 2):
                errors.append(f"{info}: distance to {code} is {d[code]}, not 1-2")
            others = min(v for c, v in d.items() if c != code)
            if not d[code] < others:
                errors.append(f"{info}: {code} not strictly closer than every other country")
        else:
            if best not in (1, 2) or len(near) < 2:
                errors.append(f"{info}: not a tie of >= 2 countries within 1-2 edits")
            if r["typ"] == "?" and sorted(r["codes"]) != near:
                errors.append(f"{info}: labelled {r['codes']} but tied nearest are {near}")
            if r["typ"] == "code":
                errors.append(f"{info}: typo_ambiguous cannot carry a single code")


def render_csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["input", "expected", "kind", "lang", "note"])
    for r in rows:
        w.writerow([r["input"], r["expected"], r["kind"], r["lang"], r["note"]])
    return buf.getvalue().encode("utf-8")


def main(argv: list[str]) -> int:
    rows, errors = load_pool()
    check_typos(rows, errors)
    if errors:
        print(f"{len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    data = render_csv(rows)
    if SHA.exists() and OUT.exists() and OUT.read_bytes() != data and "--force" not in argv:
        print("names_holdout6.csv is frozen (sha256 recorded) and would change; "
              "re-run with --force only to fix a listed labelling mistake", file=sys.stderr)
        return 2
    OUT.write_bytes(data)
    kinds = Counter(r["kind"] for r in rows)
    langs = Counter(r["lang"] for r in rows)
    types = Counter(r["typ"] for r in rows)
    print(f"wrote {OUT.name}: {len(rows)} rows, sha256 {hashlib.sha256(data).hexdigest()}")
    print("by kind:", dict(sorted(kinds.items())))
    print("by lang:", dict(sorted(langs.items())))
    print("by label type:", dict(types))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
