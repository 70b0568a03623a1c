"""analysis.names at scale: the typo step's pruned search answers exactly as the full one.

Timing lives in benchmarks/names.py (a million unique unknown names); here only answers.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import pandas as pd
import pytest

from analysis import names

DATA = Path(__file__).parent / "data"


def _typo(rng: random.Random, key: str) -> str:
    i = rng.randrange(len(key))
    op = rng.choice("dist")
    c = rng.choice(string.ascii_lowercase + " ")
    if op == "d":
        return key[:i] + key[i + 1:]
    if op == "i":
        return key[:i] + c + key[i:]
    if op == "s":
        return key[:i] + c + key[i + 1:]
    return key[:i] + key[i + 1:i + 2] + key[i:i + 1] + key[i + 2:]  # transposition


@pytest.fixture(scope="module")
def sample() -> list[str]:
    rng = random.Random(20261207)
    pool, _ = names._fuzzy_pool()
    keys = rng.sample(pool, 600)
    out = [_typo(rng, k) for k in keys] + [_typo(rng, _typo(rng, k)) for k in keys[:300]]
    out += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 16)))
            for _ in range(400)]
    labelled = pd.read_csv(DATA / "names_holdout5" / "names_holdout5.csv", dtype=str,
                           keep_default_na=False)["input"]
    out += [names.name_key(t)[1] for t in rng.sample(list(labelled), 400)]
    return [k for k in out if k]


def test_pruned_typo_step_answers_as_the_full_search(sample: list[str]) -> None:
    differ = [(k, names._fuzzy(k), names._fuzzy(k, prune=False)) for k in sample
              if names._fuzzy(k) != names._fuzzy(k, prune=False)]
    assert not differ, differ[:5]
    # the sample reaches every branch: matches, rivals, non-countries, nothing near
    verdicts = {names._fuzzy(k).status for k in sample}
    assert {"matched", "ambiguous", "unmatched"} <= verdicts


def test_window_holds_every_key_within_reach() -> None:
    # An edit changes the length by one at most: a key outside the window is too far.
    pool, _ = names._fuzzy_pool()
    keys, positions = names._fuzzy_window("f", 4, 8)
    assert keys == [pool[i] for i in positions]
    assert set(keys) == {k for k in pool if k[0] == "f" and 4 <= len(k) <= 8}


def test_unique_unknown_names_are_all_answered() -> None:
    rng = random.Random(7)
    values = list({"".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(5, 20)))
                   for _ in range(3000)})
    out = names.normalise(values)
    assert len(out) == len(values) and out["status"].notna().all()
    assert out["input"].tolist() == values
