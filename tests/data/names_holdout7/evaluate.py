"""Score analysis.names.normalise on the frozen blind set names_holdout7.csv.

Run from the repository root, once:

    .venv/bin/python tests/data/names_holdout7/evaluate.py

Refuses to score if names_holdout7.csv no longer matches the sha256 recorded
in names_holdout7.csv.sha256 before the first run.

Scoring per row (expected -> right / wrong / no answer):
  ISO code (or EUU/XKX): matched with that code / matched with another code / anything else
  '-'                  : unmatched or invalid / matched / ambiguous
  '?A B ...'           : ambiguous with every listed code among the candidates / matched / anything else
Per-row results are written to results_first_run.csv (or results_rerun.csv
if a first-run file already exists).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import defaultdict

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CSV = os.path.join(HERE, "names_holdout7.csv")
SHA = CSV + ".sha256"


def verify_frozen() -> None:
    want = open(SHA, encoding="utf-8").read().split()[0]
    got = hashlib.sha256(open(CSV, "rb").read()).hexdigest()
    if want != got:
        sys.exit(f"refusing to score: {os.path.basename(CSV)} sha256 {got} != frozen {want}")


def score(expected: str, status: str, iso3, candidates) -> str:
    if expected == "-":
        if status in ("unmatched", "invalid"):
            return "right"
        return "wrong" if status == "matched" else "no answer"
    if expected.startswith("?"):
        codes = expected[1:].split()
        if status == "ambiguous" and all(c in set(candidates or ()) for c in codes):
            return "right"
        return "wrong" if status == "matched" else "no answer"
    if status == "matched":
        return "right" if iso3 == expected else "wrong"
    return "no answer"


def group_of(kind: str) -> str:
    for prefix, g in (("code", "codes"), ("noise", "noise"), ("neg", "never-guess"),
                      ("typo", "typos"), ("untc", "untc"), ("inversion", "untc")):
        if kind.startswith(prefix):
            return g
    return kind


def table(df: pd.DataFrame, by: str) -> pd.DataFrame:
    t = df.groupby(by)["score"].value_counts().unstack(fill_value=0)
    for c in ("right", "wrong", "no answer"):
        if c not in t:
            t[c] = 0
    t = t[["right", "wrong", "no answer"]]
    t["n"] = t.sum(axis=1)
    t["right%"] = (100 * t["right"] / t["n"]).round(1)
    t["wrong%"] = (100 * t["wrong"] / t["n"]).round(2)
    return t


def main() -> None:
    verify_frozen()
    sys.path.insert(0, ROOT)
    from analysis.names import normalise  # noqa: E402

    data = pd.read_csv(CSV, dtype=str, keep_default_na=False)
    out = normalise(pd.Series(data["input"].tolist()))
    out = out.reset_index(drop=True)
    if len(out) != len(data):
        sys.exit(f"normalise returned {len(out)} rows for {len(data)} inputs")

    rows = []
    for i, r in data.iterrows():
        o = out.iloc[i]
        cands = o.get("candidates")
        cands = tuple(cands) if isinstance(cands, (tuple, list)) else ()
        iso3 = o.get("iso3")
        iso3 = iso3 if isinstance(iso3, str) else ""
        rows.append(dict(input=r["input"], expected=r["expected"], kind=r["kind"], lang=r["lang"],
                         note=r["note"], status=o.get("status"), iso3=iso3,
                         candidates=" ".join(cands), reason=o.get("reason"),
                         score=score(r["expected"], o.get("status"), iso3, cands)))
    res = pd.DataFrame(rows)
    res["group"] = res["kind"].map(group_of)
    first = os.path.join(HERE, "results_first_run.csv")
    path = first if not os.path.exists(first) else os.path.join(HERE, "results_rerun.csv")
    res.to_csv(path, index=False, quoting=1)

    n = len(res)
    c = res["score"].value_counts()
    print(f"rows {n}: right {c.get('right', 0)} ({100 * c.get('right', 0) / n:.2f}%), "
          f"wrong {c.get('wrong', 0)} ({100 * c.get('wrong', 0) / n:.2f}%), "
          f"no answer {c.get('no answer', 0)} ({100 * c.get('no answer', 0) / n:.2f}%)")
    pd.set_option("display.width", 200)
    print("\nby group\n", table(res, "group").to_string())
    print("\nby kind\n", table(res, "kind").to_string())
    bad = res[res["score"] != "right"]
    print(f"\n{len(bad)} rows not right:")
    for _, b in bad.iterrows():
        print(f"  [{b['score']}] {b['kind']:16s} {b['input']!r:45s} expected {b['expected']:9s} "
              f"got {b['status']} {b['iso3']} {b['candidates']} | {b['reason']}")
    print(f"\nper-row results: {path}")


if __name__ == "__main__":
    main()
