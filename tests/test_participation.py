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
from analysis import participation_plots as pp

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
    staged = "stage" in st.columns  # the status module with deposit stages
    for row in st.itertuples():
        mine = t.loc[row.iso3, "status"]
        if staged or row.status != "party":
            assert mine == str(row.status), row.iso3
        else:  # a status without stages: only a depositary record makes a party
            assert mine in ("party", "ratified_domestically"), row.iso3
        assert t.loc[row.iso3, "name"] == row.participant
    assert int(t["signature"].ne("").sum()) == status.counts(AS_OF).signatories
    assert (t.loc[~t.index.isin(st["iso3"]), "status"] == "not signed").all()
    assert table["iso3"].iloc[-1] == "EUU"
    assert set(table["status"]) <= set(participation.STATUS_ORDER)
    assert (table["status_label"] == table["status"].map(participation.STATUS_LABELS)).all()


def test_a_participant_outside_the_universe_is_kept_and_accounted_for(tmp_path: Path) -> None:
    import shutil

    from analysis.datafiles import data_path

    folder = tmp_path / "curated" / "status"
    shutil.copytree(data_path("curated", "status"), folder)
    events = folder / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    algeria = next(line for line in lines if line.startswith("Algeria,DZA,signature,"))
    events.write_text("".join(lines) + algeria.replace("Algeria,DZA", "Cook Islands,COK"),
                      encoding="utf-8")
    t = participation.by_country(AS_OF, data_dir=tmp_path).set_index("iso3")
    assert t.loc["COK", "status"] == "signatory"
    assert t.loc["COK", "kind"] == "participant outside the UN membership"
    assert t.index[-1] == "EUU"
    st = status.status(AS_OF, data_dir=tmp_path)
    assert set(st["iso3"]) <= set(t.index)
    totals = participation.totals(t.reset_index())
    # Not one of Oceania's States in by_group (members are UN Member and observer States).
    by_region = participation.by_group(t.reset_index(), "region")
    assert by_region["members"].sum() == 195
    # In M49 (Oceania) but in no UN regional group: left out at that step, with its name.
    assert "Cook Islands" in totals["who"].iloc[2]
    assert "participant outside the UN membership" in totals["why"].iloc[2]


def test_domestic_ratification_is_its_own_class_never_party(table: pd.DataFrame) -> None:
    t = table.set_index("iso3")
    ev = status.events()
    consents = ev[ev["action"].isin(status.CONSENT_ACTIONS)]
    domestic = {r["iso3"] for _, r in consents.iterrows()
                if participation.consent_stage(r) == "domestic"}
    # On the bundled data no deposit is known: Azerbaijan, Qatar and Viet Nam ratified at home.
    assert {"AZE", "QAT", "VNM"} <= domestic
    for code in domestic:
        assert t.loc[code, "status"] == "ratified_domestically", code
        assert t.loc[code, "stage"] == "domestic"
        assert t.loc[code, "status_label"] == "ratified at home, deposit not confirmed"
        assert "no deposit" in t.loc[code, "note"]
    assert not t["status"].eq("party").any()
    assert (t.loc[t["status"] != "ratified_domestically", "stage"].isin(["", "deposited"])).all()


def test_consent_stage_reads_the_stage_column_or_the_depositary_record() -> None:
    stage = participation.consent_stage
    assert stage({"stage": "deposited", "source_url": "https://news.example"}) == "deposited"
    assert stage({"stage": "domestic", "source_url": "https://treaties.un.org/x"}) == "domestic"
    assert stage({"source_url": "https://treaties.un.org/doc/x.xml"}) == "deposited"
    assert stage({"source_url": "https://gov.example", "note": "C.N.12.2026.TREATIES-XVIII.16"}
                 ) == "deposited"
    assert stage({"source_url": "https://news.example", "note": "has ratified"}) == "domestic"
    with pytest.raises(ValueError):
        stage({"stage": "approved"})


@pytest.mark.parametrize("bad", [2026, "31/12/2025", pd.NaT, "2026-12", ""])
def test_as_of_uses_the_one_strict_parser(bad) -> None:
    for call in (lambda: participation.by_country(bad),
                 lambda: participation.signature_log(bad),
                 lambda: participation.day_one_signatures(bad),
                 lambda: participation.overlaps(participation.by_country(), bad)):
        with pytest.raises(ValueError, match="as_of"):
            call()


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
    # The EU signed; its Council decision to conclude (if in the data) is not a deposit.
    assert t.loc["EUU", "status"] in ("signatory", "ratified_domestically")
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
    assert "2014-15" in o.loc["untoc", "label"] and "2014-15" in o.loc["uncac", "label"]
    assert (o["kind"] == regions.grouping_table().set_index("id").loc[o.index, "kind"]).all()
    g7 = o.loc["g7"]
    # States are counted; the EU is shown as an organisation, apart.
    assert (g7["members"], g7["signed"]) == (7, 3)  # Canada, France, the United Kingdom
    assert g7["organisations"] == f"European Union ({table.set_index('iso3').loc['EUU', 'status']})"
    assert g7["not_signed"] == "Germany; Italy; Japan; United States of America"
    g20 = o.loc["g20"]
    assert g20["members"] == 19
    eu = table.set_index("iso3").loc["EUU", "status"]
    assert g20["organisations"] == f"African Union (not a participant); European Union ({eu})"
    au = o.loc["au"]
    assert au["members"] == 54 and "Sahrawi" in au["not_counted"]  # reported, not dropped
    assert (o["signed"] <= o["members"]).all() and (o["parties"] <= o["signed"] + o[
        "members"]).all()
    assert (o["ratified_domestically"] + o["parties"] <= o["members"]).all()


def test_overlaps_account_for_every_member(table: pd.DataFrame) -> None:
    o = participation.overlaps(table, AS_OF).set_index("grouping")
    m = regions.memberships()
    for g in o.index:
        mine = participation.overlap_members(table, g, AS_OF)
        current = m[(m["grouping"] == g)]
        current = current[(current["joined"].isna() | current["joined"].le(AS_OF))
                          & (current["left"].isna() | current["left"].gt(AS_OF))]
        assert len(mine) == len(current), g
        states = mine[mine["member_kind"] == "state"]
        counted = int(states["in_table"].sum())
        outside = o.loc[g, "not_counted"]
        n_outside = 0 if not outside else outside.count("not in the participation table")
        assert counted == o.loc[g, "members"] and counted + n_outside == len(states), g
        n_orgs = 0 if not o.loc[g, "organisations"] else len(o.loc[g, "organisations"].split(
            "; "))
        assert n_orgs == int((mine["member_kind"] == "organisation").sum()), g


def test_budapest_overlap_with_its_caveat(table: pd.DataFrame) -> None:
    o = participation.overlaps(table, AS_OF)
    b = o.set_index("grouping").loc["budapest"]
    members = participation.overlap_members(table, "budapest", AS_OF)
    assert b["members"] == len(members) == len(regions.memberships("budapest"))
    signed = members[members["signature"] != ""]
    assert b["signed"] == len(signed) > 0
    assert set(signed["iso3"]) == set(members["iso3"]) & set(
        table.loc[table["signature"] != "", "iso3"])
    assert b["not_signed"].split("; ") == sorted(members.loc[members["signature"] == "", "name"])
    # Budapest parties that did not sign the Hanoi Convention include the United States.
    assert "United States of America" in b["not_signed"]
    # How many rest on undated (listed/inferred) dates, in a column and in words.
    undated = int(members["joined_basis"].isin(["listed", "inferred"]).sum())
    assert b["undated_members"] == undated > 0
    assert str(int((members["joined_basis"] == "inferred").sum())) in b["caveat"]
    assert "Senegal" in b["caveat"] and b["known_gaps"] == "Senegal"
    assert o.attrs["caveats"]["budapest"] == b["caveat"]
    # The attrs layout: the table's, with the membership files added.
    assert o.attrs["as_of"] == table.attrs["as_of"] and o.attrs["memberships_as_of"] == AS_OF
    assert "derived/regions/budapest.csv" in o.attrs["source_files"]
    assert set(table.attrs["source_files"]) <= set(o.attrs["source_files"])
    assert all(isinstance(o.attrs[k], list) for k in ("sources", "source_urls", "source_files"))
    # Earlier, fewer parties: Côte d'Ivoire deposited on 29 Jul 2024.
    then = participation.overlaps(table, "2024-07-28").set_index("grouping").loc["budapest"]
    assert then["members"] < b["members"]
    # Before the first deposit (Albania, 20 Jun 2002) there are none, and that is a row too.
    before = participation.overlaps(table, "2002-06-01").set_index("grouping").loc["budapest"]
    assert before["members"] == before["signed"] == 0 and before["not_signed"] == ""


def test_overlap_members_sorted_by_status(table: pd.DataFrame) -> None:
    m = participation.overlap_members(table, "budapest", AS_OF)
    rank = m["status"].map({s: i for i, s in enumerate(participation.STATUS_ORDER)})
    assert rank.is_monotonic_decreasing
    assert m["joined"].notna().all()
    with pytest.raises(ValueError):
        participation.overlap_members(table, "nato", AS_OF)


# --- totals ----------------------------------------------------------------------------------

def test_totals_account_for_every_participant(table: pd.DataFrame) -> None:
    t = participation.totals(table)
    participants = table[table["status"] != "not signed"]
    assert t["total"].iloc[0] == t["change"].iloc[0] == len(participants)
    assert (t["total"].diff().iloc[1:] == t["change"].iloc[1:]).all()
    named = [w for who in t["who"] if who for w in who.split("; ")]
    assert len(named) == -int(t["change"].iloc[1:].sum())  # every drop has a name
    assert t.set_index("step")["who"].str.contains("European Union").any()
    assert "State of Palestine" in t["who"].iloc[2]
    # The last total is the number of participants in a UN regional group.
    joined = regions.join(participants.reset_index(drop=True))
    assert t["total"].iloc[-1] == int((joined["un_group"] != "").sum())
    assert t["total"].iloc[1] == int((joined["region"] != "").sum())


# --- day one ---------------------------------------------------------------------------------

def test_day_one_signatures_certain_and_possible() -> None:
    d = participation.day_one_signatures(AS_OF)
    certain = d[d["on_day_one"] == "yes"]
    # The certain day-one count is the status count at the end of day one.
    assert d.attrs["certain"] == int(certain["count"].sum()) == status.counts(
        "2025-10-25").signatories
    assert d.attrs["certain"] == participation.accumulation(
        participation.signature_log(AS_OF))["cumulative"].iloc[0]
    possible = d[d["on_day_one"] == "possibly"]
    assert {"GBR", "SWE"} <= set(possible["iso3"])
    assert d.attrs["possible"] == int(possible["count"].sum())
    # Certain + possible cover the total UNTC reported for the two signing days, at most.
    reported = status.counts("2025-10-27").official_hanoi_signatories.value
    assert d.attrs["certain"] + d.attrs["possible"] <= reported
    # Before the day ends nothing is certain; the Mali (day two) signature is never day one.
    assert "MLI" not in set(d["iso3"])
    early = participation.day_one_signatures("2025-10-24")
    assert early.attrs["certain"] == early.attrs["possible"] == 0


def test_periods_come_from_the_treaty_profile() -> None:
    from analysis import treaty

    hanoi = treaty.get()
    names = participation.periods()
    assert names == participation.PERIODS and len(names) == len(hanoi.signing_days) + 2
    for day, name in zip(hanoi.signing_days, names, strict=False):
        assert f"{day.day} {day:%b %Y}" in name
    untoc = participation.periods("untoc")
    assert len(untoc) == 2 and f"{treaty.get('untoc').opened:%b %Y}" in untoc[0]


# --- accumulation ----------------------------------------------------------------------------

def test_signature_log_puts_unknown_days_and_unnamed_signatures_in_their_place() -> None:
    log = participation.signature_log(AS_OF)
    assert log.attrs["periods"] == participation.PERIODS
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


@pytest.mark.parametrize(("as_of", "hanoi"), [
    ("2025-10-25", [66, 66, 66]),
    ("2025-10-26", [66, 69, 72]),
    ("2026-02-10", [66, 69, 72]),
    ("2026-07-30", [66, 69, 72]),
    (AS_OF, [66, 69, 72]),
])
def test_accumulation_running_totals(as_of: str, hanoi: list[int]) -> None:
    log = participation.signature_log(as_of)
    acc = participation.accumulation(log)
    assert list(acc["period"].unique()) == list(participation.PERIODS)
    assert list(acc["band"].unique()) == list(participation.BANDS)
    totals = acc.groupby("period", sort=False)["cumulative"].first().tolist()
    # The signing days: 66 certain on day one, 69 by day two, 72 with the day not known
    # (UNTC's count for the two days); then every later signature, named or not.
    assert totals[:3] == hanoi
    assert totals[0] == participation.day_one_signatures(as_of).attrs["certain"]
    assert totals == sorted(totals)
    assert totals[-1] == int(log["count"].sum())
    assert int(log.loc[log["iso3"] != "", "count"].sum()) == status.counts(as_of).signatories
    reported = status.counts(as_of).reported_signatories
    if reported is not None:  # named + unnamed reach every total a source reported
        assert totals[-1] >= reported.value


# --- figure builders -------------------------------------------------------------------------

def test_participation_map_draws_everyone_and_the_eu_as_its_own_marker(
        table: pd.DataFrame) -> None:
    eu = table.set_index("iso3").loc["EUU"].to_dict() | {"iso3": "EUU"}
    fig = pp.participation_map(table, "title", eu=eu)
    shapes = {c for t in fig.data if t.type == "choropleth" for c in t.locations}
    markers = {row[2] for t in fig.data if t.type == "scattergeo" for row in t.customdata}
    assert set(participation.universe()["iso3"]) <= shapes | markers
    assert fig.layout.meta["not_drawn"] == [] and "EUU" not in shapes
    star = fig.data[-1]
    assert star.marker.symbol == "star" and star.customdata[0][2] == "EUU"
    if eu["status"] in pp.PARTICIPATION_COLORS:  # the EU's marker takes its own class colour
        assert star.marker.color == pp.PARTICIPATION_COLORS[eu["status"]]
    # Member states keep their own colour: Germany is in the "not signed" trace.
    by_name = {t.name: set(t.locations) for t in fig.data if t.type == "choropleth"}
    assert "DEU" in by_name["not signed"] and "FRA" in by_name["signatory"]
    names = [t.name for t in fig.data if t.type == "choropleth"]
    assert [n for n in names if n in pp.PARTICIPATION_ORDER] == list(
        pp.PARTICIPATION_ORDER)
    # A domestic ratification is drawn as its own class, never as "party".
    # (the legend says it in words: pp.RATIFIED_DOMESTICALLY)
    assert set(names) <= set(participation.STATUS_ORDER) | set(pp.PARTICIPATION_ORDER)
    assert pp.RATIFIED_DOMESTICALLY in names and "party" not in set(
        table.loc[table["iso3"].eq("QAT"), "status"])
    assert "QAT" in set().union(*(t.locations for t in fig.data if t.type == "choropleth"
                                  and t.name == pp.RATIFIED_DOMESTICALLY)) | markers
    # A shape trace and a marker trace per category at most, plus the EU: the figure stays small.
    assert len(fig.data) <= 2 * len(names) + 1 and len(fig.to_json()) < 150_000


def test_builders_escape_data_text() -> None:
    df = pd.DataFrame({"iso3": ["FRA", "EUU"], "name": [CRAFTED, CRAFTED],
                       "status": ["party", "signatory"], "note": [CRAFTED, CRAFTED]})
    fig = pp.participation_map(df, CRAFTED, eu=df.iloc[1].to_dict())
    bars = pp.share_bars(pd.DataFrame({
        "group": [CRAFTED], "members": [3], "signed": [1], "parties": [0],
        "signed_pct": [33.3], "parties_pct": [0.0]}), "group", CRAFTED)
    acc = pp.accumulation_chart(pd.DataFrame({
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
    fig = pp.share_bars(df, "group")
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
        assert re.search(rf"^{name}(: [^=]+)? = ", params[0].source, flags=re.M), name
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


def test_report_two_curve_starts_at_the_same_day_one_count() -> None:
    """Report 02's curve (timeline.with_plot_dates) and report 01's bars agree on day one."""
    from analysis import timeline, treaty

    opened = treaty.get().opened
    ev = timeline.with_plot_dates(status.events())
    curve = timeline.cumulative_counts(ev, opened, "C", threshold=40)
    sig = curve[curve["series"] == "signatures"].set_index("day")["count"]
    d = participation.day_one_signatures()
    assert int(sig.loc[0]) == d.attrs["certain"]
    # Signatures whose day is not known are placed on their window's last day, never before.
    windowed = ev[(ev["action"] == "signature") & (ev["plot_precision"] == "window")]
    assert (windowed["date"] == windowed["date_latest"]).all()
    assert {"GBR", "SWE"} <= set(windowed["iso3"])


def test_reference_treaty_replay() -> None:
    """UNTOC as of 1 Jun 2002 through the same functions (needs a status with treaty=)."""
    import inspect

    if "treaty" not in inspect.signature(status.status).parameters:
        with pytest.raises(ValueError, match="treaty"):
            participation.by_country("2002-06-01", treaty="untoc")
        pytest.skip("analysis.status takes no treaty= yet")
    t = participation.by_country("2002-06-01", treaty="untoc")
    c = status.counts("2002-06-01", treaty="untoc")
    assert int(t["signature"].ne("").sum()) == c.signatories
    assert int(t["status"].eq("party").sum()) == c.parties
    log = participation.signature_log("2002-06-01", treaty="untoc")
    acc = participation.accumulation(log)
    assert list(acc["period"].unique()) == list(participation.periods("untoc"))
    assert int(acc["cumulative"].iloc[-1]) == c.signatories
    day_one = participation.day_one_signatures("2002-06-01", treaty="untoc")
    assert day_one.attrs["certain"] == int(acc["cumulative"].iloc[0])
    o = participation.overlaps(t, "2002-06-01").set_index("grouping")
    assert o.loc["budapest", "members"] == 0
    totals = participation.totals(t)
    assert totals["total"].iloc[0] == int(t["status"].ne("not signed").sum())
