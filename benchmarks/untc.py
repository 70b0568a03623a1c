"""Timing of the UNTC reader on hostile and large input, with the old patterns for comparison.

Run: ``python benchmarks/untc.py`` (targets: every pattern under 50 ms on 10,000 characters;
a 1,000-row page parsed in well under a second). Prints, for each adversarial input, the time
of the pattern in :mod:`analysis.untc` and of the pattern it replaced, and their ratio.
"""

from __future__ import annotations

import re
import time

import pandas as pd

from analysis import untc

#: The patterns before the hardening (issue #14): two ``\s*`` around an optional ':' let a
#: long run of spaces be split in quadratically many ways.
OLD = {
    "signatories": re.compile(r"\bSignatories\s*:?\s*(\d+)"),
    "parties": re.compile(r"\bParties\s*:?\s*(\d+)"),
}
NEW = {"signatories": untc._SIGNATORIES, "parties": untc._PARTIES}
COUNTRIES = ["Algeria", "Austria", "Belgium", "Chile", "Denmark", "Egypt", "Finland", "Ghana"]


def _best(func, *args, repeat: int = 3) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        func(*args)
        runs.append(time.perf_counter() - start)
    return min(runs)


def patterns() -> pd.DataFrame:
    """Old and new pattern times on 10,000-character adversarial inputs."""
    rows = []
    for key, word in (("signatories", "Signatories"), ("parties", "Parties")):
        text = word + " " * (10_000 - len(word) - 1) + "x"
        old, new = _best(OLD[key].search, text, repeat=1), _best(NEW[key].search, text)
        rows.append({"pattern": key, "input": f"'{word}' + spaces", "old_ms": old * 1e3,
                     "new_ms": new * 1e3, "ratio": old / new if new else float("inf")})
    return pd.DataFrame(rows)


def big_page(n: int = 1_000) -> bytes:
    body = "".join(
        f"<Row><Entry>{COUNTRIES[i % len(COUNTRIES)]}</Entry><Entry>{1 + i % 28} Oct 2025"
        "</Entry><Entry/></Row>" for i in range(n))
    return ("<?xml version='1.0' encoding='utf-8'?><Treaty><Participants><Table><TGroup>"
            "<Thead><Row><Entry>Participant</Entry><Entry>Signature</Entry><Entry>"
            "Ratification, Acceptance(A), Approval(AA), Accession(a)</Entry></Row></Thead>"
            f"<Tbody>{body}</Tbody></TGroup></Table></Participants></Treaty>").encode()


def main() -> None:
    table = patterns()
    print(table.to_string(index=False, float_format=lambda v: f"{v:,.2f}"))
    data = big_page()
    seconds = _best(untc.parse, data)
    print(f"parse of a 1,000-row page ({len(data):,} bytes): {seconds:.3f} s")


if __name__ == "__main__":
    main()
