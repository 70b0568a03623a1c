"""Participation tables (``analysis.participation``), their figure builders and notebook 01.

Fast tests use the bundled data; the notebook tests execute ``notebooks/01_participation.ipynb``
with plain ``jupyter nbconvert`` (the user's habit) and twice with ``make report``'s code.
"""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from browser.build import ROOT, build_plain, cached

from analysis import participation, plots, regions, report, status

NOTEBOOK = ROOT / "notebooks" / "01_participation.ipynb"
AS_OF = "2026-11-29"
FIGURE_DIV = 'class="analysis-figure"'
CRAFTED = "<script>alert(1)</script> <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return participation.by_country(AS_OF)


def test_doctests() -> None:
    assert doctest.testmod(participation, optionflags=doctest.ELLIPSIS).failed == 0


# --- per country ----------------------------------------------------------------------------

def test_universe_is_the_un_members_the_observer_states_and_kosovo() -> None:
    u = participation.universe()
    assert len(u) == len(set(u["iso3"])) == 196
    assert int(u["un_member"].sum()) == 193
    assert set(u.loc[~u["un_member"], "iso3"]) == {"PSE", "VAT", "XKX"}
    names = u.set_index("iso3")["name"]
    assert names["SWZ"] == "Eswatini" and names["MKD"] == "North Macedonia"  # renamed since 2015


def test_by_country_agrees_with_status(table: pd.DataFrame) -> None:
    st = status.status(AS_OF)
    assert set(st["iso3"]) <= set(table["iso3"])
    t = table.set_index("iso3")
    for row in st.itertuples():
        assert t.loc[row.iso3, "status"] == row.status, row.iso3
        assert t.loc[row.iso3, "name"] == row.participant
    assert int(t["signature"].ne("").sum()) == status.counts(AS_OF).signatories
    assert (t.loc[~t.index.isin(st["iso3"]), "status"] == "not signed").all()
    assert table["iso3"].iloc[-1] == "EUU"


def test_dates_say_how_precise_they_are(table: pd.DataFrame) -> None:
    t = table.set_index("iso3")
    assert t.loc["FRA", "signature"] == "25 Oct 2025"
    assert t.loc["SWE", "signature"] == "25 or 26 Oct 2025 (day not known)"
    assert t.loc["CAN", "signature"] == "Jul 2026 (day not known)"
    assert t.loc["QAT", "consent"] == "Feb 2026 (day not known)"
    assert t.loc["AZE", "confidence"] == "signature official; consent news only"
    assert t.loc["GBR", "confidence"] == "news only"
    # Canada's month-only signature counts only once the month has ended.
    early = participation.by_country("2026-07-30").set_index("iso3")
    assert early.loc["CAN", "status"] == "not signed"
    assert "not certainly by this date" in early.loc["CAN", "note"]


def test_uncertain_candidates_are_not_signed_but_noted(table: pd.DataFrame) -> None:
    t = table.set_index("iso3")
    for code in ("ARE", "UGA"):
        assert t.loc[code, "status"] == "not signed"
        assert "unconfirmed candidate" in t.loc[code, "note"]


def test_eu_members_keep_their_own_status(table: pd.DataFrame) -> None:
    t = table.set_index("iso3")
    assert t.loc["EUU", "status"] == "signatory"
    assert t.loc["FRA", "status"] == "signatory" and t.loc["DEU", "status"] == "not signed"
    assert t["eu_member"].sum() == 27 and "EU member state" in t.loc["DEU", "note"]
    assert "13 of its 27 member states" in t.loc["EUU", "note"]


# --- regions, groups and overlaps ------------------------------------------------------------

@pytest.mark.parametrize("level", list(participation.LEVEL_LABELS))
def test_by_group_adds_up(table: pd.DataFrame, level: str) -> None:
    g = participation.by_group(table, level)
    states = table[table["iso3"].isin(regions.un_groups()["iso3"])]
    if level != "un_group":  # every member and observer State has an M49 region
        assert g["members"].sum() == len(states) == 195
        assert g["signed"].sum() == int(states["signature"].ne("").sum())
    assert (g["signed"] <= g["members"]).all() and (g["parties"] <= g["members"]).all()
    assert list(g["signed_pct"]) == sorted(g["signed_pct"], reverse=True)
    row = g.iloc[0]
    assert row["signed_pct"] == round(100 * row["signed"] / row["members"], 1)


def test_un_groups_and_not_signed_lists(table: pd.DataFrame) -> None:
    g = participation.by_group(table, "un_group").set_index("group")
    assert g["members"].sum() == 193  # the Holy See and Palestine are in no group
    assert int(g.loc["African Group", "members"]) == 54
    assert "Germany" in g.loc["Western European and Others Group", "not_signed"]


def test_overlaps(table: pd.DataFrame) -> None:
    o = participation.overlaps(table, AS_OF).set_index("grouping")
    assert list(o.index) == regions.groupings()
    assert "budapest" not in o.index  # not in data/: the notebook says so
    assert "2014-15" in o.loc["untoc", "label"] and "2014-15" in o.loc["uncac", "label"]
    g7 = o.loc["g7"]
    assert (g7["members"], g7["signed"]) == (8, 4)  # CAN, FRA, GBR and the EU signed
    assert g7["not_signed"] == "Germany; Italy; Japan; United States of America"
    assert (o["signed"] <= o["members"]).all()


# --- accumulation ----------------------------------------------------------------------------

def test_signature_log_puts_unknown_days_and_unnamed_signatures_in_their_place() -> None:
    log = participation.signature_log(AS_OF)
    named = log[log["iso3"] != ""].set_index("iso3")
    day_unknown = participation.PERIODS[2]
    assert named.loc["GBR", "period"] == named.loc["SWE", "period"] == day_unknown
    assert named.loc["MLI", "period"] == participation.PERIODS[1]
    assert named.loc["CAN", "period"] == named.loc["MUS", "period"] == participation.PERIODS[3]
    assert named.loc["GBR", "band"] == "named: news only"
    unnamed = log[log["iso3"] == ""]
    assert (unnamed["band"] == "unnamed (count only)").all()
    assert unnamed.groupby("period")["count"].sum().to_dict() == {
        day_unknown: 1, participation.PERIODS[3]: 3}
    assert len(named) == status.counts(AS_OF).signatories


@pytest.mark.parametrize(("as_of", "totals"), [
    ("2025-10-25", [66, 66, 66, 66]),
    ("2025-10-26", [66, 69, 72, 72]),
    ("2026-02-10", [66, 69, 72, 74]),
    ("2026-07-30", [66, 69, 72, 76]),
    (AS_OF, [66, 69, 72, 77]),
])
def test_accumulation_running_totals(as_of: str, totals: list[int]) -> None:
    acc = participation.accumulation(participation.signature_log(as_of))
    assert list(acc["period"].unique()) == list(participation.PERIODS)
    assert list(acc["band"].unique()) == list(participation.BANDS)
    assert acc.groupby("period", sort=False)["cumulative"].first().tolist() == totals
    reported = status.counts(as_of).reported_signatories
    if reported is not None:  # named + unnamed reach every total a source reported
        assert totals[-1] >= reported.value


# --- figure builders -------------------------------------------------------------------------

def test_participation_map_draws_everyone_and_the_eu_as_its_own_marker(
        table: pd.DataFrame) -> None:
    eu = table.set_index("iso3").loc["EUU"].to_dict() | {"iso3": "EUU"}
    fig = plots.participation_map(table, "title", eu=eu)
    shapes = {c for t in fig.data if t.type == "choropleth" for c in t.locations}
    markers = {row[2] for t in fig.data if t.type == "scattergeo" for row in t.customdata}
    assert set(participation.universe()["iso3"]) <= shapes | markers
    assert fig.layout.meta["not_drawn"] == [] and "EUU" not in shapes
    star = fig.data[-1]
    assert star.marker.symbol == "star" and star.customdata[0][2] == "EUU"
    assert star.marker.color == plots.PARTICIPATION_COLORS["signatory"]
    # Member states keep their own colour: Germany is in the "not signed" trace.
    by_name = {t.name: set(t.locations) for t in fig.data if t.type == "choropleth"}
    assert "DEU" in by_name["not signed"] and "FRA" in by_name["signatory"]
    assert [t.name for t in fig.data if t.type == "choropleth"] == list(
        plots.PARTICIPATION_ORDER)
    # One trace per category: the figure stays small.
    assert len(fig.data) <= 7 and len(fig.to_json()) < 150_000


def test_builders_escape_data_text() -> None:
    df = pd.DataFrame({"iso3": ["FRA", "EUU"], "name": [CRAFTED, CRAFTED],
                       "status": ["party", "signatory"], "note": [CRAFTED, CRAFTED]})
    fig = plots.participation_map(df, CRAFTED, eu=df.iloc[1].to_dict())
    bars = plots.share_bars(pd.DataFrame({
        "group": [CRAFTED], "members": [3], "signed": [1], "parties": [0],
        "signed_pct": [33.3], "parties_pct": [0.0]}), "group", CRAFTED)
    acc = plots.accumulation_chart(pd.DataFrame({
        "period": [CRAFTED], "band": [CRAFTED], "count": [1], "cumulative": [1]}), CRAFTED)
    for f in (fig, bars, acc):
        text = json.dumps(f.to_plotly_json(), default=str)
        assert "<script" not in text and "<img" not in text, f
        assert "&lt;script&gt;" in text
    block = plots.headline([{"metric": "x", "value": CRAFTED, "label": CRAFTED,
                             "detail": CRAFTED}], as_of='"><script>', caption=CRAFTED).data
    assert "<script" not in block and "<img" not in block
    assert "<script" not in plots.prose(CRAFTED).data


def test_headline_reads_back_as_counts() -> None:
    c = status.counts(AS_OF)
    block = plots.headline([{"metric": k, "value": getattr(c, k), "label": k}
                            for k in ("signatories", "parties", "qualifying_instruments")],
                           as_of=c.as_of).data
    found = dict(re.findall(r'data-metric="([^"]+)"[^>]*>([^<]*)</span>', block))
    assert found == {"signatories": str(c.signatories), "parties": str(c.parties),
                     "qualifying_instruments": str(c.qualifying_instruments)}
    assert f'data-as-of="{AS_OF}"' in block


def test_share_bars_sort_by_share_signed() -> None:
    df = pd.DataFrame({"group": ["A", "B", "C"], "members": [4, 10, 2], "signed": [1, 5, 1],
                       "parties": [0, 1, 0], "signed_pct": [25.0, 50.0, 50.0],
                       "parties_pct": [0.0, 10.0, 0.0]})
    fig = plots.share_bars(df, "group")
    assert list(fig.layout.yaxis.categoryarray) == ["A", "C", "B"]  # B on top: 50 %, larger
    assert [t.name for t in fig.data] == ["parties", "signed"]


# --- the notebook ----------------------------------------------------------------------------

def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_notebook_is_thin_parameterised_and_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = _code(nb)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and params[0].source == code[0]
    for name in ("as_of", "data_dir", "focus_level", "focus"):
        assert re.search(rf"^{name} = ", params[0].source, flags=re.M), name
    assert "offline.setup()" in code[1]
    assert all(c.outputs == [] and c.execution_count is None
               for c in nb.cells if c.cell_type == "code")
    text = "\n".join(code)
    assert ".style" not in text  # tables through plots.table (escaped, no random ids)
    assert "def " not in text  # computation lives in the package
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "Budapest" in md and "2014-15" in md and "## Data and sources" in md
    assert NOTEBOOK in report.notebooks()


def _figures_in(nb) -> int:
    return sum(c.count("plots.show(") for c in _code(nb))


@pytest.fixture(scope="session")
def plain_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    _, result = cached(tmp_path_factory, "plain-01",
                       lambda folder: build_plain(folder, NOTEBOOK))
    return Path(result["page"]).read_text(encoding="utf-8")


def test_plain_nbconvert_shows_every_figure(plain_page: str) -> None:
    from analysis import offline

    expected = _figures_in(nbformat.read(NOTEBOOK, as_version=4))
    assert expected >= 7
    assert plain_page.count(FIGURE_DIV) == expected
    first = plain_page.index(FIGURE_DIV)
    assert plain_page.index(f"plotly.js v{offline.plotlyjs_version()}") < first
    assert plain_page.index('window.PlotlyGeoAssets.topojson["world_50m"]') < first
    assert plain_page.count(f"plotly.js v{offline.plotlyjs_version()}") == 1
    assert "participation checks passed" in plain_page
    assert "data-metric=\"signatories\"" in plain_page
    assert len(plain_page.encode()) < report.MAX_BYTES


def test_report_is_reproducible_and_small(tmp_path: Path) -> None:
    first = report.build_one(NOTEBOOK, tmp_path / "a", build_time="t")
    second = report.build_one(NOTEBOOK, tmp_path / "b", build_time="t")
    page = first.read_text(encoding="utf-8")
    assert page == second.read_text(encoding="utf-8")
    assert first.stat().st_size < report.MAX_BYTES
    assert "<script>alert" not in page and "participation checks passed" in page
