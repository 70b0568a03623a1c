"""Score analysis.names.normalise on the frozen blind set names_holdout5.csv.

Run from the repository root:

    .venv/bin/python tests/data/names_holdout5/evaluate.py

Refuses to score unless names_holdout5.csv still matches the sha256 recorded in
names_holdout5.csv.sha256 when the set was frozen (before the first run).

Scoring (per row):
  code label  AAA    right = matched with AAA; wrong = matched with another code;
                     no answer otherwise (ambiguous, unmatched, invalid).
  '-'                right = unmatched or invalid; wrong = matched;
                     no answer = ambiguous.
  '?AAA BBB'         right = ambiguous with every listed code among candidates;
                     wrong = matched; no answer otherwise.

Writes last_run_rows.csv (one line per row with the normaliser's output and the
outcome) and last_run_summary.txt next to this file, and prints the summary.
"""
from __future__ import annotations

import csv
import hashlib
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CSV_PATH = HERE / "names_holdout5.csv"
SHA_PATH = HERE / "names_holdout5.csv.sha256"
REPO = HERE.parents[2]


def check_frozen() -> None:
    if not SHA_PATH.exists():
        sys.exit(f"REFUSED: {SHA_PATH.name} is missing; the set must be frozen before scoring")
    want = SHA_PATH.read_text(encoding="utf-8").split()[0].lower()
    got = hashlib.sha256(CSV_PATH.read_bytes()).hexdigest()
    if got != want:
        sys.exit(f"REFUSED: {CSV_PATH.name} sha256 {got} does not match the frozen {want}")


def load_rows() -> list[dict]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def as_tuple(v) -> tuple:
    if v is None:
        return ()
    if isinstance(v, (tuple, list, set, frozenset)):
        return tuple(v)
    try:
        import math

        if isinstance(v, float) and math.isnan(v):
            return ()
    except Exception:  # pragma: no cover
        pass
    if isinstance(v, str):
        return tuple(x for x in v.replace(",", " ").split() if x)
    return (v,)


def outcome(expected: str, status: str, iso3, candidates: tuple) -> str:
    if expected == "-":
        if status in ("unmatched", "invalid"):
            return "right"
        if status == "matched":
            return "wrong"
        return "no answer"
    if expected.startswith("?"):
        want = set(expected[1:].split())
        if status == "ambiguous" and want <= set(candidates):
            return "right"
        if status == "matched":
            return "wrong"
        return "no answer"
    if status == "matched":
        return "right" if iso3 == expected else "wrong"
    return "no answer"


def fmt_table(title: str, groups: dict[str, list[str]]) -> list[str]:
    out = [title, f"{'group':18s} {'n':>5s} {'right':>6s} {'wrong':>6s} {'no ans':>6s} {'acc%':>6s} {'prec%':>6s}"]
    for k in sorted(groups):
        v = groups[k]
        n, r, w = len(v), v.count("right"), v.count("wrong")
        na = v.count("no answer")
        acc = 100 * r / n if n else 0
        prec = 100 * r / (r + w) if r + w else float("nan")
        out.append(f"{k:18s} {n:5d} {r:6d} {w:6d} {na:6d} {acc:6.1f} {prec:6.1f}")
    return out


def main() -> int:
    check_frozen()
    rows = load_rows()
    sys.path.insert(0, str(REPO))
    import pandas as pd
    from analysis.names import normalise

    inputs = [r["input"] for r in rows]
    res = normalise(pd.Series(inputs))
    if len(res) != len(rows):
        sys.exit(f"normaliser returned {len(res)} rows for {len(rows)} inputs")
    res = res.reset_index(drop=True)
    extra_cols = [c for c in res.columns if c not in ("status", "iso3", "candidates")]

    per_kind: dict[str, list[str]] = defaultdict(list)
    per_label: dict[str, list[str]] = defaultdict(list)
    overall: dict[str, list[str]] = defaultdict(list)
    records = []
    for i, r in enumerate(rows):
        out = res.iloc[i]
        status = str(out["status"])
        iso3 = out["iso3"] if isinstance(out["iso3"], str) else None
        cands = as_tuple(out["candidates"])
        oc = outcome(r["expected"], status, iso3, cands)
        label_type = "code" if r["expected"] not in ("-",) and not r["expected"].startswith("?") else (
            "none (-)" if r["expected"] == "-" else "ambiguous (?)")
        per_kind[r["kind"]].append(oc)
        per_label[label_type].append(oc)
        overall["ALL"].append(oc)
        rec = dict(input=r["input"], expected=r["expected"], kind=r["kind"], lang=r["lang"],
                   outcome=oc, status=status, iso3=iso3 or "", candidates=" ".join(map(str, cands)))
        for c in extra_cols:
            v = out[c]
            rec[c] = "" if v is None or (isinstance(v, float) and v != v) else str(v)
        rec["note"] = r["note"]
        records.append(rec)

    lines = [f"names_holdout5: {len(rows)} rows, sha256 {SHA_PATH.read_text().split()[0]}", ""]
    lines += fmt_table("overall", overall) + [""]
    lines += fmt_table("by label type", per_label) + [""]
    lines += fmt_table("by kind", per_kind) + [""]
    for what in ("wrong", "no answer"):
        bad = [x for x in records if x["outcome"] == what]
        lines.append(f"rows scored {what}: {len(bad)}")
        for x in bad:
            extra = "; ".join(f"{c}={x[c]}" for c in extra_cols if x.get(c))
            lines.append(f"  [{x['kind']}] {x['input']!r} expected {x['expected']} -> "
                         f"{x['status']} {x['iso3']} [{x['candidates']}] {extra}")
        lines.append("")
    text = "\n".join(lines)
    print(text)
    (HERE / "last_run_summary.txt").write_text(text + "\n", encoding="utf-8")
    with (HERE / "last_run_rows.csv").open("w", encoding="utf-8", newline="") as fh:
        cols = ["input", "expected", "kind", "lang", "outcome", "status", "iso3", "candidates"] + extra_cols + ["note"]
        wr = csv.DictWriter(fh, fieldnames=cols, quoting=csv.QUOTE_ALL, lineterminator="\n")
        wr.writeheader()
        wr.writerows(records)
    return 0


if __name__ == "__main__":
    sys.exit(main())
