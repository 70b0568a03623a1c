"""Score analysis.names.normalise against names_holdout3.csv.

Usage (from the repository root):
    .venv/bin/python tests/data/names_holdout3/evaluate.py

Scoring, per row:
  expected = ISO3 / EUU / XKX
      right            status == matched and iso3 == expected
      confidently wrong a code was returned (status matched) and it is another code
      no answer        anything else (ambiguous, unmatched, invalid)
  expected = '-'  (must not match)
      right            status in {unmatched, invalid}
      confidently wrong a code was returned
      no answer        anything else (e.g. ambiguous)
  expected = '?AAA BBB'  (must be ambiguous)
      right            status == ambiguous and every listed code is among the candidates
      confidently wrong a code was returned
      no answer        anything else (unmatched, or ambiguous without the listed codes)
"""
import pathlib
import sys

import pandas as pd

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from analysis.names import normalise  # noqa: E402


def run_normaliser(inputs):
    try:
        out = normalise(list(inputs))
        if isinstance(out, pd.DataFrame) and len(out) == len(inputs):
            return out.reset_index(drop=True)
    except Exception as exc:  # fall back to one call per string
        print(f"[note] batch call failed ({exc!r}); calling per row")
    parts = [normalise([x]) for x in inputs]
    return pd.concat(parts, ignore_index=True)


def as_tuple(v):
    if v is None:
        return ()
    if isinstance(v, float) and v != v:
        return ()
    if isinstance(v, str):
        return tuple(x for x in v.replace(",", " ").split() if x)
    try:
        return tuple(v)
    except TypeError:
        return (v,)


def clean(v):
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v)


def score(expected, iso3, status, candidates):
    code_given = status == "matched" and iso3 != ""
    if expected == "-":
        if code_given:
            return "wrong"
        return "right" if status in ("unmatched", "invalid") else "none"
    if expected.startswith("?"):
        want = set(expected[1:].split())
        if code_given:
            return "wrong"
        return "right" if status == "ambiguous" and want <= set(candidates) else "none"
    if code_given:
        return "right" if iso3 == expected else "wrong"
    return "none"


def table(df, by):
    g = df.groupby(by)["outcome"]
    t = pd.DataFrame({
        "n": g.size(),
        "% right": g.apply(lambda s: 100 * (s == "right").mean()),
        "% conf. wrong": g.apply(lambda s: 100 * (s == "wrong").mean()),
        "% no answer": g.apply(lambda s: 100 * (s == "none").mean()),
    })
    return t.round(1)


def main():
    df = pd.read_csv(HERE / "names_holdout3.csv", dtype=str, keep_default_na=False)
    out = run_normaliser(df["input"].tolist())
    df["iso3"] = [clean(v) for v in out["iso3"]]
    df["status"] = [clean(v) for v in out["status"]]
    df["candidates"] = [as_tuple(v) for v in out["candidates"]]
    df["reason"] = [clean(v) for v in out["reason"]] if "reason" in out else ""
    df["outcome"] = [score(e, i, s, c) for e, i, s, c in zip(df.expected, df.iso3, df.status, df.candidates)]
    df["etype"] = df.expected.map(lambda e: "must-not-match (-)" if e == "-" else "must-be-ambiguous (?)" if e.startswith("?") else "code")

    pd.set_option("display.width", 200)
    pd.set_option("display.max_rows", 500)
    pd.set_option("display.max_colwidth", 80)
    n = len(df)
    print(f"rows: {n}")
    for k, lab in (("right", "% right"), ("wrong", "% confidently wrong"), ("none", "% no answer")):
        print(f"{lab:>22}: {100 * (df.outcome == k).mean():5.1f}  ({(df.outcome == k).sum()})")
    print("\n== by expected type ==")
    print(table(df, "etype").to_string())
    print("\n== by kind ==")
    print(table(df, "kind").to_string())
    print("\n== by lang ==")
    print(table(df, "lang").to_string())

    for k, title in (("wrong", "CONFIDENTLY WRONG"), ("none", "NO ANSWER")):
        sub = df[df.outcome == k]
        print(f"\n== {title} ({len(sub)}) ==")
        for r in sub.itertuples():
            cands = " ".join(r.candidates)
            print(f"{r.input!r} [{r.kind}/{r.lang}] expected={r.expected} got iso3={r.iso3 or '-'} "
                  f"status={r.status} candidates=({cands}) reason={r.reason!r}"
                  + (f"  # {r.note}" if r.note else ""))


if __name__ == "__main__":
    main()
