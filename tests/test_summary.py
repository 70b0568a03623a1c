"""The summary band, the participant table, the feed and the CSV downloads (analysis.summary).

Numbers are compared with what analysis.status and analysis.forecast compute for the same
date, never with typed-in values.
"""

from __future__ import annotations

import doctest
import html
import io
import re
import urllib.parse

import pandas as pd
import pytest

from analysis import forecast, participation, status, summary
from analysis import participation_plots as pp

AS_OF = "2026-11-29"
CRAFTED = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def small_forecast() -> forecast.Forecast:
    return forecast.forecast(AS_OF, n_paths=2_000, seed=0)


@pytest.fixture(scope="module")
def band(small_forecast: forecast.Forecast) -> summary.Summary:
    return summary.from_package(AS_OF, forecast=small_forecast)


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    return summary.participants(AS_OF)


def _csv_of(link: str) -> pd.DataFrame:
    url = html.unescape(re.search(r'href="(data:[^"]+)"', link).group(1))
    assert url.startswith("data:text/csv;charset=utf-8,")
    text = urllib.parse.unquote(url.split(",", 1)[1])
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def test_doctests() -> None:
    assert doctest.testmod(summary, optionflags=doctest.ELLIPSIS).failed == 0


def test_band_numbers_come_from_status_and_forecast(
        band: summary.Summary, small_forecast: forecast.Forecast) -> None:
    counts = status.counts(AS_OF)
    st = status.status(AS_OF)
    assert band.as_of == counts.as_of == AS_OF
    assert band.signatories == counts.signatories and band.threshold == counts.threshold
    # Deposits and domestic ratifications are apart and together are the consents of states.
    consents = st[(st["consent_type"] != "") & (st["iso3"] != status.EU_ISO3)]
    assert band.deposited + band.domestic_pending == len(consents)
    secondary = consents[consents["consent_confidence"] == "secondary"]
    assert set(band.domestic_names) == set(secondary["participant"])
    assert band.remaining == band.threshold - band.deposited
    q = small_forecast.quantiles.set_index("interval")
    assert band.eif_median == str(q.loc["median", "lower"].date())
    assert band.eif_low <= band.eif_median
    assert band.eif_high is None or band.eif_median <= band.eif_high
    if band.eif_high is None:  # open-ended: said in words, never a dash
        assert "beyond the forecast horizon" in summary.band_html(band)
    assert str(small_forecast.info_date.date().day) in band.eif_assumption
    assert band.complete_to == counts.attrs["data_as_of"]["complete_to"]
    assert band.latest_fact == counts.attrs["data_as_of"]["latest_fact"]


def test_band_html_shows_the_numbers_and_escapes_text(band: summary.Summary) -> None:
    page = summary.band_html(band)
    shown = dict(re.findall(r'data-metric="(\w+)">([^<]*)<', page))
    assert shown["deposited"] == str(band.deposited)
    assert shown["signatories"] == str(band.signatories)
    assert shown["domestic_pending"] == str(band.domestic_pending)
    assert shown["threshold"] == str(band.threshold)
    assert shown["eif_median"] == summary.human_date(band.eif_median)
    assert f'aria-valuemax="{band.threshold}"' in page
    assert summary.band_from_page("<p>x</p>" + page + "<p>y</p>") == page
    crafted = summary.Summary(None, 1, None, 40, None, (CRAFTED,), eif_assumption=CRAFTED,
                              confidence=CRAFTED)
    text = summary.band_html(crafted)
    assert "<script>alert" not in text and "&lt;script&gt;" in text
    assert text.count(summary.NOT_AVAILABLE) == 2  # deposited, domestic: never a guess


def test_every_participant_once_and_no_undeposited_party(people: pd.DataFrame) -> None:
    st = status.status(AS_OF)
    assert people["iso3"].is_unique
    assert set(st["iso3"]) <= set(people["iso3"])
    assert list(people.columns) == summary.PARTICIPANT_COLUMNS
    by = people.set_index("iso3")
    for iso3 in st.loc[st["consent_type"] != "", "iso3"]:
        stage = by.loc[iso3, "stage"]
        assert stage in ("deposited", "domestic")
        assert (by.loc[iso3, "status"] == "party") == (stage == "deposited"), iso3
    # Uncertain candidates are listed, as such.
    candidates = participation.by_country(AS_OF)
    noted = candidates.loc[candidates["note"].str.contains("candidate") &
                           candidates["signature"].eq(""), "iso3"]
    assert set(noted) <= set(by.index[by["status"] == "uncertain candidate"])
    assert people["participant"].str.casefold().is_monotonic_increasing


def test_participant_table_has_rows_anchors_search_and_its_own_csv(
        people: pd.DataFrame) -> None:
    page = summary.participant_table_html(people)
    anchors = re.findall(r'<tr id="p-([A-Z]{3})"', page)
    assert sorted(anchors) == sorted(people["iso3"])
    assert 'type="search"' in page and "<script>" in page and "src=" not in page.split(
        "<script>")[1].split("</script>")[0]
    link = re.search(r'<a class="analysis-csv"[^>]*>', page).group(0)
    back = _csv_of(link)
    assert list(back.columns) == list(people.columns)
    assert back.equals(people.astype(str).reset_index(drop=True))
    crafted = pd.DataFrame({"participant": [CRAFTED], "iso3": ["FRA"], "status": ["party"],
                            "source_url": ["javascript:alert(1)"]})
    text = summary.participant_table_html(crafted)
    assert "<script>alert" not in text and 'href="javascript' not in text


def test_feed_is_newest_first_and_only_what_happened_by_as_of() -> None:
    feed = summary.feed(AS_OF)
    ev = status.events()
    done = ev[~ev["uncertain"] & ev["date_latest"].le(pd.Timestamp(AS_OF)).fillna(False)]
    assert len(feed) == len(done)
    assert feed["sort_date"].is_monotonic_decreasing
    consents = feed[feed["action"] != "signature"]
    assert set(consents["stage"]) <= {"deposited", "domestic"}
    assert set(feed.loc[feed["action"] == "signature", "stage"]) <= {""}
    earlier = summary.feed("2025-10-31")
    assert len(earlier) < len(feed) and earlier["sort_date"].max() <= pd.Timestamp("2025-10-31")
    block = summary.feed_html(feed, limit=5)
    assert block.count("<li>") == 5 and f"{len(feed) - 5} earlier actions" in block
    assert len(_csv_of(block)) == len(feed)


def test_classify_and_share_title() -> None:
    table = summary.classify(participation.by_country(AS_OF), AS_OF)
    assert not (table["status"].eq("party") & table["stage"].eq("domestic")).any()
    by_region = participation.by_group(table, "region")
    title = summary.share_title(by_region, "group")
    top = by_region.sort_values("signed_pct", ascending=False).iloc[0]
    assert title.startswith(f"{top['group']} has the highest share") and f"{top['signed']} of" \
        in title
    fig = pp.participation_map(table, title)
    names = {t.name: set(t.locations) for t in fig.data if t.type == "choropleth"}
    # states only: the EU (its own approval is domestic too) is drawn as its own marker
    domestic = set(table.loc[(table["stage"] == "domestic") & (table["iso3"] != "EUU"), "iso3"])
    assert domestic and domestic <= names[pp.RATIFIED_DOMESTICALLY]
    assert not domestic & names["party"]


def test_dates_are_parsed_strictly() -> None:
    with pytest.raises(ValueError):
        summary.participants(2026)
    with pytest.raises(ValueError):
        summary.feed("31/12/2025")


def test_participant_table_agrees_with_the_status_export() -> None:
    from analysis import status

    people = summary.participants("2026-11-29")
    export = status.table("2026-11-29", include_uncertain=True)
    assert set(people["iso3"]) == set(export["iso3"])
    parties = set(export.loc[export["status"].astype(str).eq("party"), "iso3"])
    assert parties == set(people.loc[people["status"].eq("party"), "iso3"])


def test_a_date_far_past_the_data_says_so_in_the_band() -> None:
    from analysis import status

    late = summary.from_package("2026-12-07", n_paths=2_000)
    words = status.counts("2026-12-07").attrs["staleness"]
    assert words and late.staleness == words
    assert words in summary.headline_sentence(late)
    assert 'data-metric="staleness"' in summary.band_html(late)
    fresh = summary.from_package("2025-11-30", n_paths=2_000)
    assert fresh.staleness == "" and 'data-metric="staleness"' not in summary.band_html(fresh)
