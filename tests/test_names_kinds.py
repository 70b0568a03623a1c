"""analysis.names: the kinds of issue #13, each by a general rule (and a labelled set of them)."""

from __future__ import annotations

import pytest

from analysis.names import normalise, to_iso3


@pytest.mark.parametrize(("text", "candidates"), [
    ("Dominica Republic", {"DMA", "DOM"}),  # without "Republic": Dominica; one edit: Dominican R.
])
def test_two_routes_that_disagree_give_no_answer(text: str, candidates: set[str]) -> None:
    row = normalise([text]).iloc[0]
    assert row["status"] == "ambiguous" and set(row["candidates"]) == candidates
    assert "disagree" in row["reason"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Niger Republic", "NER"), ("Dominican Republic", "DOM"), ("Dominica", "DMA"),
])
def test_routes_that_agree_or_stand_alone_still_answer(text: str, expected: str) -> None:
    assert to_iso3(text) == expected
