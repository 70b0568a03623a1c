#!/usr/bin/env python
"""Score analysis.names.normalise on the frozen names_holdout4 set.

Run once from the repo root:  .venv/bin/python tests/data/names_holdout4/evaluate.py
Writes first_run_results.csv (one row per input) and first_run_summary.txt beside this file.

Scoring
- code row  (e.g. FRA): right = matched with that code; wrong = matched with another code;
                        no answer = anything else (ambiguous / unmatched / invalid).
- '-' row:              right = unmatched or invalid; wrong = matched; no answer = ambiguous.
- '?A B' row:           right = ambiguous with all listed codes among the candidates;
                        wrong = matched; no answer = anything else.
"""
from __future__ import annotations

import csv
import hashlib
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

from analysis.names import normalise  # noqa: E402

CSV = HERE / "names_holdout4.csv"


def frozen_ok() -> bool:
    want = (HERE / "names_holdout4.csv.sha256").read_text().split()[0]
    return hashlib.sha256(CSV.read_bytes()).hexdigest() == want


def is_missing(x) -> bool:
    if x is None:
        return True
    if isinstance(x, (tuple, list, set)):
        return False
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def as_tuple(c) -> tuple:
    if is_missing(c):
        return ()
    if isinstance(c, str):
        return (c,)
    return tuple(c)


def score(expected: str, status: str, iso3, cands: tuple) -> str:
    if expected == "-":
        if status in ("unmatched", "invalid"):
            return "right"
        if status == "matched":
            return "wrong"
        return "no answer"
    if expected.startswith("?"):
        codes = expected[1:].split()
        if status == "ambiguous" and set(codes) <= set(cands):
            return "right"
        if status == "matched":
            return "wrong"
        return "no answer"
    if status == "matched":
        return "right" if iso3 == expected else "wrong"
    return "no answer"


def main() -> int:
    if not frozen_ok():
        print("names_holdout4.csv does not match its frozen sha256; refusing to score")
        return 1
    with CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    inputs = pd.Series([r["input"] for r in rows], dtype=object)
    out = normalise(inputs)  # called exactly once
    assert len(out) == len(rows), (len(out), len(rows))
    out = out.reset_index(drop=True)

    results = []
    for i, r in enumerate(rows):
        o = out.iloc[i]
        status = str(o["status"])
        iso3 = o["iso3"] if "iso3" in out.columns else None
        iso3 = None if is_missing(iso3) else str(iso3)
        cands = as_tuple(o["candidates"]) if "candidates" in out.columns else ()
        verdict = score(r["expected"], status, iso3, cands)
        results.append({**r, "status": status, "iso3": iso3 or "", "candidates": " ".join(map(str, cands)),
                        "verdict": verdict})

    with (HERE / "first_run_results.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(results[0].keys()), quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writeheader()
        w.writerows(results)

    lines = []
    tot = Counter(r["verdict"] for r in results)
    n = len(results)
    lines.append(f"rows: {n}")
    lines.append("overall: " + ", ".join(f"{k} {tot[k]} ({100*tot[k]/n:.1f}%)" for k in ("right", "wrong", "no answer")))
    for group_name, key in (("kind", "kind"), ("lang", "lang")):
        lines.append("")
        lines.append(f"by {group_name}:  n  right  wrong  no-answer")
        g = defaultdict(Counter)
        for r in results:
            g[r[key]][r["verdict"]] += 1
        for k in sorted(g, key=lambda k: -sum(g[k].values())):
            c = g[k]
            lines.append(f"  {k:16s} {sum(c.values()):4d} {c['right']:6d} {c['wrong']:6d} {c['no answer']:6d}")
    lab = defaultdict(Counter)
    for r in results:
        e = r["expected"]
        lab["negative (-)" if e == "-" else "ambiguous (?)" if e.startswith("?") else "country code"][r["verdict"]] += 1
    lines.append("")
    lines.append("by label type:  n  right  wrong  no-answer")
    for k, c in lab.items():
        lines.append(f"  {k:16s} {sum(c.values()):4d} {c['right']:6d} {c['wrong']:6d} {c['no answer']:6d}")
    for verdict in ("wrong", "no answer"):
        lines.append("")
        lines.append(f"rows scored {verdict}:")
        for r in results:
            if r["verdict"] == verdict:
                said = r["status"] + (f" {r['iso3']}" if r["iso3"] else "") + (f" [{r['candidates']}]" if r["candidates"] else "")
                lines.append(f"  {r['kind']:15s} {r['input']!r} expected {r['expected']} -> {said}")
    text = "\n".join(lines) + "\n"
    (HERE / "first_run_summary.txt").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
