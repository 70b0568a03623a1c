"""Replaying a reference treaty through the whole pipeline (issue #12 item 2).

The fast tests check the truth helper (:mod:`analysis.replay`), its figure layer and the
choice of notebook cells by the treaty profile (:mod:`analysis.notebook_cells`); the slow one
runs ``python -m analysis report --treaty untoc --as-of 2002-06-01`` and reads the pages.
"""

from __future__ import annotations

import dataclasses
import doctest
import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis import (
    forecast,
    notebook_cells,
    notebook_params,
    replay,
    replay_plots,
    report,
    status,
    treaties,
    treaty,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = [ROOT / "notebooks" / "01_participation.ipynb",
             ROOT / "notebooks" / "02_entry_into_force.ipynb"]
REPLAY = {"treaty": "untoc", "as_of": "2002-06-01"}


@pytest.fixture(scope="module")
def untoc() -> forecast.Forecast:
    return forecast.forecast("2002-06-01", n_paths=4_000, seed=5, treaty="untoc")


@pytest.mark.parametrize("module", [replay, replay_plots, notebook_cells])
def test_doctests(module) -> None:
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0


# --- the truth --------------------------------------------------------------------------------

def test_truth_is_the_milestone_table_and_agrees_with_the_rule_engine(untoc) -> None:
    t = replay.truth("untoc").set_index("milestone")
    m = treaties.milestones().set_index("treaty_id").loc["untoc"]
    assert t.loc["threshold", "date"] == m["threshold_reached_date"]
    assert t.loc["entry_into_force", "date"] == m["entry_into_force_date"]
    # the rule engine, run on the table, finds the same days (the forecast stores them)
    assert untoc.attrs["truth_threshold_date"] == t.loc["threshold", "date"]
    assert untoc.attrs["truth_entry_into_force"] == t.loc["entry_into_force", "date"]
    lag = treaty.get("untoc").rule.lag_days
    assert (t.loc["entry_into_force", "date"] - t.loc["threshold", "date"]).days == lag
    actual = replay.actual_instruments("untoc")
    on_day = actual.loc[actual["date"] <= t.loc["threshold", "date"], "count"].max()
    assert on_day == t.loc["threshold", "count"] == treaty.get("untoc").rule.threshold


def test_the_hanoi_truth_is_not_known_and_says_so() -> None:
    t = replay.truth()
    assert not t["known"].any() and t["date"].isna().all()
    assert replay.actual_instruments().empty
    assert "not known yet" in replay.truth_sentence(t.assign(percentile=np.nan, median=pd.NaT))


def test_unknown_treaty_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown treaty"):
        replay.truth("atlantis")


def test_placed_percentile_is_the_share_of_paths_by_the_real_day(untoc) -> None:
    p = replay.placed(untoc).set_index("milestone")
    eif = p.loc["entry_into_force"]
    day = np.datetime64(eif["date"].date(), "D")
    below = np.mean(~np.isnat(untoc.samples) & (untoc.samples < day))
    upto = untoc.p_in_force_by(eif["date"])
    assert 100 * below - 1e-9 <= eif["percentile"] <= 100 * upto + 1e-9
    # the intervals flags agree with the forecast's own quantile table
    q = untoc.quantiles.set_index("interval")
    for level in replay.LEVELS:
        lo, hi = q.loc[f"{level}%", "lower"], q.loc[f"{level}%", "upper"]
        assert eif[f"in_{level}"] == bool(lo <= eif["date"] <= hi)
    assert eif["median"] == untoc.median
    # the threshold is the entry into force less the fixed lag: the same percentile
    assert p.loc["threshold", "percentile"] == pytest.approx(eif["percentile"])


def test_a_later_truth_sits_higher_in_the_distribution(untoc) -> None:
    base = replay.truth("untoc")
    values = []
    for shift in (-200, 0, 200):
        moved = base.assign(date=base["date"] + pd.Timedelta(days=shift))
        values.append(replay.placed(untoc, moved).set_index("milestone").loc[
            "entry_into_force", "percentile"])
    assert values[0] <= values[1] <= values[2] and values[0] < values[2]


def test_the_sentence_quotes_the_table(untoc) -> None:
    p = replay.placed(untoc)
    text = replay.truth_sentence(p)
    for rec in p.to_dict("records"):
        assert f"{int(round(rec['percentile']))}" in text
        d = rec["date"]
        assert f"{d.day} {d:%B %Y}" in text
    assert text.startswith("In fact, ") and text.endswith(".")


def test_calibration_table_leaves_out_the_family(untoc) -> None:
    c = replay.calibration(untoc)
    family = {"untoc", *treaty.get("untoc").siblings}
    assert set(c.attrs["left_out"]) == family
    assert list(c["treaty_id"]) == list(untoc.attrs["calibration"])
    assert not set(c["treaty_id"]) & family
    assert (c["threshold_reached_date"] <= pd.Timestamp("2002-06-01")).all()


def test_truth_lines_are_drawn_on_the_figure() -> None:
    import plotly.graph_objects as go

    t = replay.truth("untoc")
    fig = replay_plots.add_truth(go.Figure(), t, replay.actual_instruments("untoc"),
                                 end=pd.Timestamp("2003-12-31"))
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(s.x0 for s in lines) == ["2003-07-01", "2003-09-29"]
    step = fig.data[0]
    assert max(step.x) <= "2003-12-31" and list(step.y) == sorted(step.y)


def test_sections_follow_the_profile_not_the_id() -> None:
    assert not replay.is_replay() and replay.is_replay("untoc")
    as_reference = dataclasses.replace(treaty.HANOI, status_source="reference")
    assert replay.is_replay(as_reference)
    assert "not available for this treaty" in replay.not_available("X", "uncac")
    assert replay.data_sources().empty and len(replay.data_sources("uncac")) == 2


# --- the notebooks ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_declare_a_typed_treaty_parameter(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert notebook_params.declared(nb)["treaty"] == treaty.DEFAULT.id
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert re.search(r"^treaty: str = ", params.source, flags=re.M)
    assert notebook_params.for_notebooks([path], {"treaty": "XVIII-12"})[path] == {
        "treaty": "untoc"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_hanoi_keeps_every_cell_but_the_replay_ones(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    kept = notebook_cells.for_treaty(nb, {})
    expected = [c for c in nb.cells
                if notebook_cells.REFERENCE_ONLY not in c.metadata.get("tags", [])]
    assert [c.source for c in kept.cells] == [c.source for c in expected]
    assert kept.metadata["analysis"]["treaty"] == treaty.DEFAULT.id


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_replay_drops_the_hanoi_cells_and_names_the_treaty(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    kept = notebook_cells.for_treaty(nb, REPLAY)
    tags = [c.metadata.get("tags", []) for c in kept.cells]
    assert not any(notebook_cells.CURATED_ONLY in t for t in tags)
    text = "\n".join(c.source for c in kept.cells if c.cell_type == "markdown")
    assert "{" not in text  # every field filled
    name = treaty.get("untoc").name
    assert name in notebook_cells.title(nb, REPLAY) and "1 June 2002" in text
    assert "Cybercrime" not in notebook_cells.title(nb, REPLAY)
    assert "Cybercrime" in notebook_cells.title(nb, {})
    # the reference-only code cells do nothing for the curated treaty (plain nbconvert runs)
    for cell in nb.cells:
        if (cell.cell_type == "code"
                and notebook_cells.REFERENCE_ONLY in cell.metadata.get("tags", [])):
            assert "\nif replay.is_replay(treaty):" in "\n" + cell.source


def test_a_field_that_does_not_exist_is_an_error() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(
        "{nonsense}", metadata={"tags": [notebook_cells.REFERENCE_ONLY]})]
    with pytest.raises(ValueError, match="unknown field"):
        notebook_cells.for_treaty(nb, REPLAY)


def test_index_names_the_treaty(tmp_path: Path) -> None:
    page = tmp_path / "01_x.html"
    page.write_text("<html></html>", encoding="utf-8")
    out = report.write_index([page], tmp_path, "t", treaty="untoc").read_text(encoding="utf-8")
    assert "Transnational Organized Crime" in out and "Cybercrime" not in out
    hanoi = report.write_index([page], tmp_path, "t").read_text(encoding="utf-8")
    assert "<h1>UN Convention against Cybercrime: reports</h1>" in hanoi


# --- the whole pipeline -----------------------------------------------------------------------

def _text(page: str) -> str:
    body = page.split("</head>", 1)[1]
    body = re.sub(r"<script.*?</script>|<style.*?</style>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("replay")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--treaty", "untoc", "--as-of",
         "2002-06-01", "--output-dir", str(out)],
        capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.mark.slow  # starts Jupyter kernels
def test_replayed_participation_report_names_untoc_with_its_2002_counts(replayed) -> None:
    page = (replayed / "01_participation.html").read_text(encoding="utf-8")
    counts = status.counts("2002-06-01", treaty="untoc")
    assert (counts.qualifying_instruments, counts.signatories) == (15, 141)
    name = treaty.get("untoc").name
    assert re.search(rf"<title>[^<]*{name}", page)
    metric = dict(re.findall(r'data-metric="(\w+)">([^<]*)<', page))
    assert metric["deposited"] == str(counts.qualifying_instruments)
    assert metric["signatories"] == str(counts.signatories)
    text = _text(page)
    assert f"{name}: 1 Jun 2002" in text
    assert "participation checks passed" in text and "Traceback" not in text
    assert "Known unknowns" not in text and "Verdragenbank" not in text  # Hanoi-only cells
    # the accumulation prose of a replay names only its own source
    assert "named by news only" not in text and "Dutch treaty database" not in text
    assert "participant table records them by 1 June 2002" in text
    index = (replayed / "index.html").read_text(encoding="utf-8")
    assert name in index and "Cybercrime" not in index.split("<h1>", 1)[1].split("</h1>")[0]


@pytest.mark.slow  # starts Jupyter kernels
def test_replayed_forecast_report_shows_calibration_and_truth(replayed) -> None:
    page = (replayed / "02_entry_into_force.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "replay checks passed" in text and "Traceback" not in text
    calibration = re.search(r"Calibration set: (\d+) reference treaties", text)
    assert calibration and int(calibration.group(1)) >= 5
    left_out = re.search(r"left out of the calibration \(the treaty and its siblings\): "
                         r"([a-z_, ]+)", text).group(1).strip().split(", ")
    assert set(left_out) == {"untoc", *treaty.get("untoc").siblings}
    table = text.split("Calibration set:", 1)[1].split("The forecast and its assumptions")[0]
    assert not any(re.search(rf"\b{t}\b", table) for t in left_out)
    # the truth beside the forecast: the real dates, drawn and placed in the distribution
    assert "what happened: counting instruments" in page
    assert "what happened: the 40th instrument, 2003-07-01" in page
    assert "what happened: entry into force, 2003-09-29" in page
    sentence = re.search(r"entry into force came on 29 September 2003, at the (\d+)\w\w "
                         r"percentile", text)
    assert sentence and 0 <= int(sentence.group(1)) <= 100
    assert "What if" in text and "Not available for a replay" in text
    assert "EU member States" not in text  # the EU what-ifs are the Hanoi Convention's
    assert "P(in force by 2027-12-31)" not in text  # dates within the horizon


def test_the_band_names_the_treaty_and_states_its_own_rule() -> None:
    from analysis import summary

    rome = summary.from_package("2000-06-01", treaty="rome", n_paths=2_000)
    band = summary.band_html(rome)
    rule = treaties.milestones().set_index("treaty_id").loc["rome", "eif_rule"]
    assert html.escape(treaty.get("rome").name) in band and html.escape(rule) in band
    assert "90 days after" not in band  # Rome's rule is not the Hanoi Convention's
    hanoi = summary.band_html(summary.from_package("2026-11-29", n_paths=2_000))
    assert "entry into force: 90 days after the 40th" in hanoi
    assert "UN Convention against Cybercrime" in hanoi


@pytest.mark.parametrize("as_of", [None, "1999-01-01", "2020-01-01"])
def test_a_replay_without_a_day_it_can_replay_stops_before_any_work(as_of) -> None:
    params = {"treaty": "untoc", **({"as_of": as_of} if as_of else {})}
    with pytest.raises(report.ReportError, match="replay of untoc") as caught:
        report.plan(params)
    assert caught.value.code == 2 and "2000-12-12" in str(caught.value)
    assert report.plan(REPLAY)  # a day inside the table is fine
