"""Evaluate analysis.names.normalise on the independent held-out set holdout.csv.

    .venv/bin/python tests/data/names_holdout2/evaluate.py

Scoring per row
  expected = ISO3 / EUU / XKX : right  <=> returned iso3 == expected
                                wrong  <=> some other code returned
                                no answer otherwise
  expected = '-'              : right  <=> no code and status in {unmatched, invalid}
                                wrong  <=> any code returned
                                no answer otherwise (e.g. status 'ambiguous'; flagged in the listing)
  expected = '?AAA BBB'       : right  <=> status 'ambiguous', no code, and AAA, BBB among candidates
                                wrong  <=> any code returned
                                no answer otherwise
"""
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
from analysis.names import normalise  # noqa: E402


def _code(x):
    if x is None:
        return ""
    try:
        if pd.isna(x):
            return ""
    except (TypeError, ValueError):
        pass
    return str(x).strip()


def _cands(x):
    if x is None:
        return ()
    if isinstance(x, str):
        return tuple(c for c in x.replace(",", " ").replace("(", " ").replace(")", " ").replace("'", " ").split() if c)
    try:
        return tuple(str(c) for c in x)
    except TypeError:
        return ()


def score(exp, iso3, status, cands):
    if iso3:
        if exp == iso3:
            return "right"
        return "wrong"
    if exp == "-":
        return "right" if status in ("unmatched", "invalid") else "no_answer"
    if exp.startswith("?"):
        need = set(exp[1:].split())
        return "right" if status == "ambiguous" and need <= set(cands) else "no_answer"
    return "no_answer"


def table(df, by):
    g = df.groupby(by)["outcome"]
    t = pd.DataFrame({
        "n": g.size(),
        "% right": g.apply(lambda s: 100 * (s == "right").mean()),
        "% conf. wrong": g.apply(lambda s: 100 * (s == "wrong").mean()),
        "% no answer": g.apply(lambda s: 100 * (s == "no_answer").mean()),
    })
    return t.round(1)


def main():
    df = pd.read_csv(HERE / "holdout.csv", dtype=str, keep_default_na=False)
    res = normalise(df["input"].tolist())
    res = res.reset_index(drop=True)
    if len(res) != len(df):  # fall back to joining on the input text
        res = df[["input"]].merge(res.drop_duplicates("input"), on="input", how="left")
    df["got_iso3"] = [_code(x) for x in res["iso3"]]
    df["got_status"] = [_code(x) for x in res["status"]]
    df["got_cands"] = [_cands(x) for x in res["candidates"]]
    df["got_method"] = [_code(x) for x in res["method"]] if "method" in res else ""
    df["got_reason"] = [_code(x) for x in res["reason"]] if "reason" in res else ""
    df["outcome"] = [score(e, i, s, c) for e, i, s, c in
                     zip(df.expected, df.got_iso3, df.got_status, df.got_cands)]

    n = len(df)
    vc = df.outcome.value_counts()
    print(f"held-out rows: {n}")
    print(f"  right          {vc.get('right', 0):5d}  {100 * vc.get('right', 0) / n:5.1f}%")
    print(f"  confidently wrong {vc.get('wrong', 0):3d}  {100 * vc.get('wrong', 0) / n:5.1f}%")
    print(f"  no answer      {vc.get('no_answer', 0):5d}  {100 * vc.get('no_answer', 0) / n:5.1f}%")
    typ = df.expected.map(lambda e: "must-not-match (-)" if e == "-" else "must-be-ambiguous (?)" if e.startswith("?") else "country code")
    print("\nby expected type:")
    print(table(df.assign(type=typ), "type").to_string())
    print("\nby kind:")
    print(table(df, "kind").to_string())
    print("\nby lang:")
    print(table(df, "lang").to_string())

    pd.set_option("display.width", 250)
    for label, sel in (("CONFIDENTLY WRONG", "wrong"), ("NO ANSWER", "no_answer")):
        bad = df[df.outcome == sel]
        print(f"\n=== {label} ({len(bad)}) ===")
        for r in bad.itertuples():
            flag = "  [status should be unmatched/invalid]" if r.expected == "-" else ""
            print(f"{r.kind:12s} {r.lang:3s} {r.input!r:45s} expected={r.expected:9s} got iso3={r.got_iso3 or '-':4s} "
                  f"status={r.got_status} cands={list(r.got_cands)} method={r.got_method} reason={r.got_reason!r}{flag}")


if __name__ == "__main__":
    main()
