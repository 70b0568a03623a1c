"""Score analysis.names.normalise on the frozen blind set names_holdout6.csv.

Run from the repository root:  .venv/bin/python tests/data/names_holdout6/evaluate.py

Refuses to score unless sha256(names_holdout6.csv) matches names_holdout6.csv.sha256.
Calls normalise(pd.Series(inputs)) exactly once.

Scoring (per row):
  code "AAA": right = matched AAA; wrong = matched another code; no answer otherwise
  "-"       : right = unmatched or invalid; wrong = matched; no answer = ambiguous
  "?A B"    : right = ambiguous with every listed code among candidates; wrong = matched;
              no answer otherwise
Bar (from the brief): >= 97% right and < 0.3% confidently wrong.
"""
from __future__ import annotations

import csv
import hashlib
import math
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CSV_PATH = HERE / "names_holdout6.csv"
SHA_PATH = HERE / "names_holdout6.csv.sha256"


def check_frozen() -> None:
    if not SHA_PATH.exists():
        sys.exit(f"refusing to score: {SHA_PATH.name} missing (set not frozen)")
    recorded = SHA_PATH.read_text(encoding="utf-8").split()[0].lower()
    actual = hashlib.sha256(CSV_PATH.read_bytes()).hexdigest()
    if recorded != actual:
        sys.exit(f"refusing to score: {CSV_PATH.name} sha256 {actual} != recorded {recorded}")


def is_missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def cands(v) -> tuple:
    if is_missing(v):
        return ()
    if isinstance(v, str):
        return (v,)
    try:
        return tuple(v)
    except TypeError:
        return (v,)


def score(expected: str, status: str, iso3, candidates) -> str:
    if expected == "-":
        if status in ("unmatched", "invalid"):
            return "right"
        if status == "matched":
            return "wrong"
        return "no_answer"
    if expected.startswith("?"):
        want = set(expected[1:].split())
        if status == "ambiguous" and want <= set(cands(candidates)):
            return "right"
        if status == "matched":
            return "wrong"
        return "no_answer"
    if status == "matched":
        return "right" if iso3 == expected else "wrong"
    return "no_answer"


def table(title: str, groups: dict[str, list[str]]) -> list[str]:
    out = [f"{title:<18} {'n':>5} {'right':>6} {'wrong':>6} {'no ans':>6} {'right%':>7} {'wrong%':>7}"]
    for key in sorted(groups):
        s = groups[key]
        n = len(s)
        r, w, a = s.count("right"), s.count("wrong"), s.count("no_answer")
        out.append(f"{key:<18} {n:>5} {r:>6} {w:>6} {a:>6} {100*r/n:>6.1f}% {100*w/n:>6.2f}%")
    return out


def main() -> int:
    check_frozen()
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    sys.path.insert(0, str(REPO))
    import pandas as pd
    from analysis.names import normalise

    inputs = [r["input"] for r in rows]
    t0 = time.perf_counter()
    res = normalise(pd.Series(inputs, dtype=object))
    elapsed = time.perf_counter() - t0
    if len(res) != len(rows):
        sys.exit(f"normalise returned {len(res)} rows for {len(rows)} inputs")
    res = res.reset_index(drop=True)

    results = []
    for r, (_, o) in zip(rows, res.iterrows()):
        iso3 = None if is_missing(o.get("iso3")) else o.get("iso3")
        c = cands(o.get("candidates"))
        s = score(r["expected"], o["status"], iso3, c)
        results.append({**r, "status": o["status"], "iso3": iso3 or "",
                        "candidates": " ".join(map(str, c)),
                        "reason": "" if is_missing(o.get("reason")) else str(o.get("reason")),
                        "score": s})

    by_kind, by_type, by_lang = defaultdict(list), defaultdict(list), defaultdict(list)
    for x in results:
        by_kind[x["kind"]].append(x["score"])
        t = "-" if x["expected"] == "-" else ("?" if x["expected"].startswith("?") else "code")
        by_type[t].append(x["score"])
        by_lang[x["lang"]].append(x["score"])
    allscores = [x["score"] for x in results]
    n = len(allscores)
    right, wrong = allscores.count("right"), allscores.count("wrong")
    noans = allscores.count("no_answer")

    lines = [f"names_holdout6: {n} rows, normalise() took {elapsed:.2f}s",
             f"OVERALL right {right} ({100*right/n:.2f}%), wrong {wrong} ({100*wrong/n:.2f}%), "
             f"no answer {noans} ({100*noans/n:.2f}%)",
             f"bar (>=97% right, <0.3% wrong): {'PASS' if right/n >= 0.97 and wrong/n < 0.003 else 'FAIL'}",
             ""]
    lines += table("kind", by_kind) + [""] + table("label type", by_type) + [""] + table("lang", by_lang)
    lines += ["", "Rows scored wrong or no answer:"]
    for x in results:
        if x["score"] != "right":
            lines.append(f"  [{x['score']}] {x['kind']}/{x['lang']} {x['input']!r} expected {x['expected']} -> "
                         f"{x['status']} {x['iso3']} [{x['candidates']}] ({x['reason']})")
    print("\n".join(lines))

    out = HERE / ("first_run_results.csv" if not (HERE / "first_run_results.csv").exists()
                  else "last_run_results.csv")
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(results[0].keys()), quoting=csv.QUOTE_ALL,
                           lineterminator="\n")
        w.writeheader()
        w.writerows(results)
    (out.with_suffix(".txt")).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nper-row results written to {out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
