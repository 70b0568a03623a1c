"""What a report says first: the summary band, the participant table and the feed of actions.

Builders take plain inputs (a :class:`Summary`, a DataFrame) and return HTML text, so a new
field of :mod:`analysis.status` or :mod:`analysis.forecast` is wired with one line in
:func:`from_package`. Every text from data is HTML-escaped; nothing loads from the network
(the CSV downloads are ``data:`` links; the search box and the sorting are a few lines of
inline JavaScript).

Stages (issue #9 vocabulary): a consent is ``deposited`` (with the UN Secretary-General) or
``domestic`` (approved at home, deposit not confirmed). Only deposits count toward the 40.
Where the installed :mod:`analysis.status` does not give the stage yet, a consent known only
from secondary sources (no UNTC date, no depositary notification) is ``domestic``: that is
the definition of the stage, applied to the fields the event log has.

>>> s = Summary(as_of="2026-11-29", signatories=73, deposited=0, threshold=40,
...             domestic_pending=3, domestic_names=("Qatar",))
>>> 'data-metric="deposited">0<' in band_html(s) and "deposit not confirmed" in band_html(s)
True
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from analysis.plots import csv_link, csv_text  # the kit's downloads, kept here too

if TYPE_CHECKING:
    from IPython.display import HTML

#: Shown where a number is not available from the installed package (never a guess).
NOT_AVAILABLE = "not available"
#: Human labels of the participation classes (issue #9).
STATUS_LABELS: dict[str, str] = {
    "party": "party (instrument deposited)",
    "ratified_domestically": "ratified at home, deposit not confirmed",
    "signatory": "signatory",
    "withdrawn": "withdrawn",
    "not signed": "not signed",
}
#: Marks the summary band in a page, so that the index can show the same band.
BAND_START = "<!-- analysis.summary band -->"
BAND_END = "<!-- /analysis.summary band -->"


def _esc(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return html.escape(str(value), quote=True)


def human_date(value: Any) -> str:
    """A date as "28 Apr 2028" ("–" when missing).

    >>> human_date("2028-04-28"), human_date(None)
    ('28 Apr 2028', '–')
    """
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    d = pd.Timestamp(value)
    return f"{d.day} {d:%b %Y}"


# --- the summary band ------------------------------------------------------------------------

@dataclass(frozen=True)
class Summary:
    """The numbers of the summary band, for one ``as_of`` (plain values; see :func:`from_package`).

    ``deposited``: instruments deposited that count toward ``threshold`` (None = the package
    cannot say); ``domestic_pending``: ratifications reported at home, deposit not confirmed;
    ``eif_*``: the entry-into-force estimate (median and 80 % interval) and
    ``eif_assumption`` what it assumes about the months with no data.
    """

    as_of: str | None
    signatories: int
    deposited: int | None
    threshold: int
    domestic_pending: int | None = None
    domestic_names: tuple[str, ...] = ()
    eif_median: str | None = None
    eif_low: str | None = None
    eif_high: str | None = None
    eif_assumption: str = ""
    complete_to: str | None = None
    latest_fact: str | None = None
    compiled: str | None = None
    confidence: str = ""
    reported_signatories: str = ""
    treaty: str = "UN Convention against Cybercrime"
    #: The entry-into-force rule in words, for a treaty other than the Hanoi Convention
    #: ("" = the Hanoi Convention's: 90 days after the threshold).
    eif_rule: str = ""
    notes: tuple[str, ...] = field(default=())
    #: Words for a date asked far past the data ("no information after ...; the counts may
    #: be higher"), from :func:`analysis.status.counts`; empty when the data are fresh.
    staleness: str = ""

    @property
    def remaining(self) -> int | None:
        """Instruments still needed (None when ``deposited`` is not available)."""
        return None if self.deposited is None else max(self.threshold - self.deposited, 0)


def _stage_of(row: Mapping[str, Any]) -> str:
    """``deposited``/``domestic`` for a consent row of status(); "" for no consent."""
    if not row.get("consent_type"):
        return ""
    stage = row.get("stage")
    if isinstance(stage, str) and stage:
        return stage
    return "deposited" if row.get("consent_confidence") == "official" else "domestic"


def participation_class(status: str, stage: str) -> str:
    """The class a participant is shown as: a consent not deposited is never ``party``.

    >>> participation_class("party", "domestic"), participation_class("party", "deposited")
    ('ratified_domestically', 'party')
    """
    if status == "party" and stage == "domestic":
        return "ratified_domestically"
    return status


def classify(table: pd.DataFrame, as_of: Any, *,
             data_dir: str | Path | None = None, treaty: Any = None) -> pd.DataFrame:
    """A :func:`analysis.participation.by_country` table with a ``stage`` column and
    ``status`` ``ratified_domestically`` for consents not deposited (issue #9 classes).

    >>> from analysis import participation
    >>> t = classify(participation.by_country("2026-11-29"), "2026-11-29")
    >>> t.set_index("iso3").loc["QAT", ["status", "stage"]].tolist()
    ['ratified_domestically', 'domestic']
    """
    from analysis import status

    out = table.copy()
    if "stage" not in out.columns:
        st = status.status(as_of, data_dir=data_dir, treaty=treaty).set_index("iso3")
        stage = {iso: _stage_of(r) for iso, r in st.to_dict("index").items()}
        out["stage"] = out["iso3"].map(stage).fillna("")
    out["status"] = [participation_class(a, b) for a, b in zip(out["status"], out["stage"],
                                                                strict=True)]
    out.attrs.update(table.attrs)
    return out


def share_title(df: pd.DataFrame, label_col: str) -> str:
    """A chart title that states the finding: the groups with the highest and lowest share
    that signed (``df`` as :func:`analysis.participation.by_group`).

    >>> df = pd.DataFrame({"group": ["A", "B"], "members": [4, 10], "signed": [1, 5],
    ...                    "signed_pct": [25.0, 50.0]})
    >>> share_title(df, "group")
    'B has the highest share of members that signed (5 of 10, 50%); A the lowest (1 of 4, 25%)'
    """
    d = df.sort_values(["signed_pct", "members"], ascending=[False, False], kind="stable")
    hi, lo = d.iloc[0], d.iloc[-1]
    text = (f"{hi[label_col]} has the highest share of members that signed ({hi['signed']} of "
            f"{hi['members']}, {hi['signed_pct']:.0f}%)")
    if len(d) > 1:
        text += (f"; {lo[label_col]} the lowest ({lo['signed']} of {lo['members']}, "
                 f"{lo['signed_pct']:.0f}%)")
    return text


def _forecast_assumption(f: Any) -> str:
    notes = getattr(f, "attrs", {}).get("imputation_note")  # issue #10, when it lands
    if notes:
        return str(notes)
    info, as_of = pd.Timestamp(f.info_date), pd.Timestamp(f.as_of)
    calibration = getattr(f, "attrs", {}).get("calibration") or ()
    from analysis import treaty as _treaty

    replay = _treaty.get(getattr(f, "attrs", {}).get("treaty")).status_source != "curated"
    if replay and info >= as_of:
        # a replay of a reference treaty: cut at as_of, nothing imputed
        return (f"only what the treaty's table shows by {human_date(as_of)}; every later "
                f"deposit is simulated by the model, calibrated on {len(calibration)} treaties "
                f"that reached their threshold by then ({', '.join(calibration)}), never on "
                "the treaty itself or its siblings")
    text = (f"the deposit data stop on {human_date(info)}; deposits between then and "
            f"{human_date(as_of)} are simulated by the model, not assumed absent")
    first = f.by_date.iloc[0] if len(f.by_date) else None
    if first is not None:
        text += (f" (it imputes {first['instruments_mean']:.0f} counting instruments on average "
                 f"by {human_date(first['date'])}, 80 % range {int(first['instruments_p10'])}-"
                 f"{int(first['instruments_p90'])})")
    if any("include_reported=True" in n for n in f.notes):
        text += "; it counts the reported domestic ratifications as deposited within their windows"
    return text


def _eif_rule(prof: Any) -> str:
    """A reference treaty's rule in words, from the treaty milestone table."""
    from analysis import treaties

    m = treaties.milestones().set_index("treaty_id")
    text = str(m.loc[prof.id, "eif_rule"]) if prof.id in m.index else ""
    return text or f"{prof.rule.lag_days} days after the {prof.rule.threshold}th"


def from_package(as_of: Any, *, data_dir: str | Path | None = None, forecast: Any = None,
                 n_paths: int = 100_000, seed: int = 0, treaty: Any = None) -> Summary:
    """The summary for ``as_of``, every number from :mod:`analysis.status` and
    :mod:`analysis.forecast` (``forecast``: a ready :class:`analysis.forecast.Forecast` for
    the same ``as_of``, else one is run with ``n_paths`` and ``seed``). ``treaty``: an
    :mod:`analysis.treaty` profile (default the Hanoi Convention); the band names it.

    >>> s = from_package("2026-11-29", n_paths=2_000)
    >>> s.threshold, s.signatories > 0, s.deposited is not None
    (40, True, True)
    """
    from analysis import dates, status
    from analysis import treaty as _treaty

    prof = _treaty.get(treaty)
    day = dates.parse_as_of(as_of)
    counts = status.counts(day, data_dir=data_dir, treaty=prof.id)
    st = status.status(day, data_dir=data_dir, treaty=prof.id)
    stages = [_stage_of(r) for r in st.to_dict("records")]
    consent = st.assign(_stage=stages)
    domestic = consent[(consent["_stage"] == "domestic") & (consent["iso3"] != status.EU_ISO3)]
    deposited_rows = consent[(consent["_stage"] == "deposited")
                             & (consent["iso3"] != status.EU_ISO3)]
    # issue #9: counts() gives both directly; until then the same rule on status()'s rows
    deposited = getattr(counts, "deposited_instruments", None)
    if deposited is None and hasattr(counts, "domestic_pending"):
        deposited = counts.qualifying_instruments
    if deposited is None:
        deposited = len(deposited_rows)
    pending = getattr(counts, "domestic_pending", None)
    if pending is None:
        pending = len(domestic)
    if forecast is None:
        from analysis.forecast import forecast as run

        forecast = run(day, n_paths=n_paths, seed=seed, data_dir=data_dir, treaty=prof.id)
    q = forecast.quantiles.set_index("interval")
    info = dict(counts.attrs.get("data_as_of", {}))
    if prof.status_source != "curated" and day is not None:
        # a replay: the table is complete for that day; later facts are not shown
        ev = status.events(treaty=prof.id)
        known = ev.loc[dates.certainly_by(ev["date_latest"], day), "date_latest"]
        info.update(complete_to=str(day.date()),
                    latest_fact=None if known.empty else str(known.max().date()))
    sig_official = counts.signatories - counts.signatories_secondary_only
    confidence = (f"{sig_official} of {counts.signatories} signatures are in an official "
                  f"record (UNTC or the Dutch treaty database), {counts.signatories_secondary_only}"
                  f" rest on news only; the {pending} reported ratifications rest on news only")
    if prof.status_source != "curated":  # a reference treaty: its UNTC table only
        confidence = ("every signature and instrument is from the UNTC participant table "
                      f"({', '.join(counts.attrs.get('source_files', []))})")
    reported = counts.reported_signatories
    return Summary(
        as_of=counts.as_of, signatories=counts.signatories, deposited=int(deposited),
        threshold=counts.threshold, domestic_pending=int(pending),
        domestic_names=tuple(sorted(domestic["participant"])),
        eif_median=_iso(q.loc["median", "lower"]), eif_low=_iso(q.loc["80%", "lower"]),
        eif_high=_iso(q.loc["80%", "upper"]), eif_assumption=_forecast_assumption(forecast),
        complete_to=info.get("complete_to"), latest_fact=info.get("latest_fact"),
        compiled=info.get("compiled"), confidence=confidence,
        reported_signatories="" if reported is None else str(reported),
        staleness=str(counts.attrs.get("staleness") or ""),
        **({} if prof.status_source == "curated" else {"treaty": prof.name,
                                                       "eif_rule": _eif_rule(prof)}),
    )


def _iso(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def headline_sentence(s: Summary) -> str:
    """One careful sentence for the top of a page.

    >>> headline_sentence(Summary("2026-11-29", 73, 0, 40, 3, ("Qatar",)))[:60]
    'As of 29 Nov 2026, 73 signatories are named and 0 of the 40 '
    """
    when = human_date(s.as_of) if s.as_of else "the latest data"
    dep = NOT_AVAILABLE if s.deposited is None else str(s.deposited)
    text = (f"As of {when}, {s.signatories} signatories are named and {dep} of the "
            f"{s.threshold} instruments needed for entry into force are known to be deposited "
            f"with the UN")
    if s.domestic_pending:
        text += (f"; {s.domestic_pending} more ratifications are reported at home with no "
                 f"deposit confirmed")
    if s.staleness:
        text += f"; {s.staleness}"
    return text + "."


def band_html(s: Summary) -> str:
    """The summary band as HTML (self-styled: it reads the same in a report, the index page
    and JupyterLab). Elements carry ``data-metric`` for tests.

    >>> b = band_html(Summary("2026-11-29", 73, 0, 40, 3, ("Qatar",), "2028-04-28",
    ...                       "2027-08-27", "2029-08-13"))
    >>> re.findall(r'data-metric="deposited">([^<]*)<', b), 'aria-valuemax="40"' in b
    (['0'], True)
    """
    share = 0.0 if not s.deposited else min(s.deposited / s.threshold, 1.0)
    dep = NOT_AVAILABLE if s.deposited is None else str(s.deposited)
    pending = NOT_AVAILABLE if s.domestic_pending is None else str(s.domestic_pending)
    names = f" ({', '.join(s.domestic_names)})" if s.domestic_names else ""
    eif = (f"{human_date(s.eif_median)}" if s.eif_median else "beyond the horizon")
    # A missing upper end is the forecast's horizon: the interval is open-ended, never "–".
    high = human_date(s.eif_high) if s.eif_high else "beyond the forecast horizon"
    interval = f"80 % interval {human_date(s.eif_low)} to {high}" if s.eif_low else ""
    as_of = human_date(s.as_of) if s.as_of else "the latest data"
    stale = (f'<b data-metric="staleness">{_esc(s.staleness[:1].upper() + s.staleness[1:])}.'
             '</b> ' if s.staleness else "")
    return f"""{BAND_START}
<section class="analysis-summary" data-as-of="{_esc(s.as_of or '')}" aria-label="Summary">
<style>
.analysis-summary {{ font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: #1a1a1a; border: 1px solid #c9c9c9; border-radius: 8px; padding: 12px 14px;
  margin: 8px 0 16px; background: #fbfbf8; max-width: 100%; box-sizing: border-box; }}
.analysis-summary h2 {{ font-size: 1.05em; margin: 0 0 8px; font-weight: 600; }}
.analysis-summary .s-grid {{ display: grid; gap: 10px 18px;
  grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); }}
.analysis-summary .s-num {{ font-size: 1.9em; font-weight: 700; line-height: 1.1; }}
.analysis-summary .s-lab {{ display: block; }}
.analysis-summary .s-det {{ display: block; color: #4a4a4a; font-size: 0.85em; }}
.analysis-summary .s-bar {{ height: 12px; background: #e3e3e3; border-radius: 6px;
  overflow: hidden; margin: 4px 0; border: 1px solid #9a9a9a; }}
.analysis-summary .s-bar > span {{ display: block; height: 100%; background: #1b4f8a; }}
.analysis-summary .s-foot {{ margin: 10px 0 0; color: #4a4a4a; font-size: 0.85em; }}
</style>
<h2>{_esc(s.treaty)}: {_esc(as_of)}</h2>
<div class="s-grid">
<div><span class="s-num" data-metric="deposited">{_esc(dep)}</span>
<span class="s-lab">of the <b data-metric="threshold">{s.threshold}</b> instruments needed,
deposited with the UN</span>
<div class="s-bar" role="progressbar" aria-valuemin="0" aria-valuemax="{s.threshold}"
 aria-valuenow="{_esc(s.deposited if s.deposited is not None else 0)}"
 aria-label="instruments deposited of {s.threshold}"><span style="width:{share * 100:.1f}%">
</span></div>
<span class="s-det">entry into force: {
_esc(s.eif_rule) if s.eif_rule else f"90 days after the {s.threshold}th"}</span></div>
<div><span class="s-num" data-metric="signatories">{s.signatories}</span>
<span class="s-lab">signatories named in the data</span>
<span class="s-det">{_esc(s.reported_signatories)}</span></div>
<div><span class="s-num" data-metric="domestic_pending">{_esc(pending)}</span>
<span class="s-lab">ratified at home, deposit not confirmed{_esc(names)}</span>
<span class="s-det">not counted toward the {s.threshold}</span></div>
<div><span class="s-num" data-metric="eif_median">{_esc(eif)}</span>
<span class="s-lab">estimated entry into force (median)</span>
<span class="s-det" data-metric="eif_interval">{_esc(interval)}</span></div>
</div>
<p class="s-foot">{stale}<b>Data:</b> complete to <span data-metric="complete_to">{
_esc(human_date(s.complete_to))}</span>; latest fact <span data-metric="latest_fact">{
_esc(human_date(s.latest_fact))}</span>; compiled {_esc(human_date(s.compiled))}.
<b>Confidence:</b> {_esc(s.confidence)}. <b>The estimate assumes</b> {_esc(s.eif_assumption)}.
</p>
</section>
{BAND_END}"""


def band(s: Summary) -> HTML:
    """:func:`band_html` for a notebook output."""
    from IPython.display import HTML

    return HTML(band_html(s))


def band_from_page(page: str) -> str | None:
    """The summary band of a built page (for the index), or None.

    >>> band_from_page("x" + BAND_START + "<p>band</p>" + BAND_END + "y")
    '<!-- analysis.summary band --><p>band</p><!-- /analysis.summary band -->'
    """
    m = re.search(re.escape(BAND_START) + ".*?" + re.escape(BAND_END), page, flags=re.S)
    return m.group(0) if m else None


# --- the participant table -------------------------------------------------------------------

PARTICIPANT_COLUMNS = ["participant", "iso3", "iso2", "region", "un_group", "status", "stage",
                       "signature", "consent", "confidence", "source_url", "note"]


def _sources(as_of: Any, data_dir: str | Path | None, treaty: Any = None) -> dict[str, str]:
    from analysis import status
    from analysis.dates import certainly_by, parse_as_of

    ev = status.events(data_dir=data_dir, treaty=treaty)
    day = parse_as_of(as_of)
    if day is not None:  # the as-of rule; candidates keep their sources
        ev = ev[certainly_by(ev["date_latest"], day) | ev["uncertain"]]
    out: dict[str, str] = {}
    for iso3, group in ev.groupby("iso3"):
        urls = [u for u in group.sort_values("date")["source_url"] if u]
        if urls:
            out[iso3] = " ".join(dict.fromkeys(urls))
    return out


def participants(as_of: Any, *, data_dir: str | Path | None = None,
                 treaty: Any = None) -> pd.DataFrame:
    """Every participant at ``as_of`` (signatories, parties, reported ratifications and
    uncertain candidates), one row each, columns :data:`PARTICIPANT_COLUMNS`. ``treaty``: an
    :mod:`analysis.treaty` profile (default the Hanoi Convention).

    Built from :func:`analysis.participation.by_country` (the map's classes, with the
    uncertain candidates that :func:`analysis.status.table` leaves out by default).

    >>> t = participants("2026-11-29")
    >>> t["iso3"].is_unique and {"QAT", "EUU", "UGA"} <= set(t["iso3"])
    True
    """
    from analysis import dates, participation, regions

    day = dates.parse_as_of(as_of)
    bc = classify(participation.by_country(day, data_dir=data_dir, treaty=treaty), day,
                  data_dir=data_dir, treaty=treaty)
    keep = bc["signature"].ne("") | bc["consent"].ne("") | bc["note"].str.contains(
        "candidate", case=False)
    rows = bc[keep].copy()
    rows.loc[rows["note"].str.contains("candidate", case=False) & rows["signature"].eq(""),
             "status"] = "uncertain candidate"
    joined = regions.join(pd.DataFrame({"iso3": rows["iso3"].tolist()}))
    rows["region"] = joined["region"].to_numpy()
    rows["un_group"] = joined["un_group_code"].to_numpy()
    iso2 = _iso2()
    rows["iso2"] = rows["iso3"].map(iso2).fillna("")
    src = _sources(day, data_dir, treaty)
    rows["source_url"] = rows["iso3"].map(src).fillna("")
    out = rows.rename(columns={"name": "participant"})[PARTICIPANT_COLUMNS]
    out = out.sort_values("participant", key=lambda c: c.str.casefold(), ignore_index=True)
    out.attrs.update(bc.attrs)
    return out


def _iso2() -> dict[str, str]:
    from analysis import geo

    get = getattr(geo, "iso2", None)
    if get is not None:
        return dict(get())
    try:
        import pycountry  # a dependency (LGPL): used, never copied
    except ImportError:  # pragma: no cover
        return {}
    out = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    out.update({"XKX": "XK", "EUU": "EU"})
    return out


_TABLE_JS = """
(function () {
  function setup(box) {
    var table = box.querySelector('table'), input = box.querySelector('input[type=search]');
    var body = table.tBodies[0], count = box.querySelector('.pt-count');
    var rows = Array.prototype.slice.call(body.rows);
    function key(cell) {
      var k = cell.getAttribute('data-sort');
      k = k === null ? cell.textContent.trim() : k;
      return k === '–' ? '' : k;
    }
    function filter() {
      var q = input.value.trim().toLowerCase(), n = 0;
      rows.forEach(function (r) {
        var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
        r.hidden = !hit; if (hit) { n++; }
      });
      count.textContent = n + ' of ' + rows.length + ' shown';
    }
    input.addEventListener('input', filter);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var b = th.querySelector('button');
      b.addEventListener('click', function () {
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) {
          o.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        rows.sort(function (a, c) {
          var x = key(a.cells[i]), y = key(c.cells[i]);
          if (!x || !y) { return x ? -1 : y ? 1 : 0; }  // empty cells last, both ways
          return dir * x.localeCompare(y, undefined, {numeric: true});
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    filter();
  }
  var boxes = document.querySelectorAll('.analysis-participants:not([data-ready])');
  Array.prototype.forEach.call(boxes, function (box) {
    box.setAttribute('data-ready', '1'); setup(box); });
})();
"""

_HEADERS = {"participant": "Participant (UN name)", "iso3": "ISO", "region": "Region",
            "un_group": "UN group", "status": "Status", "signature": "Signature",
            "consent": "Ratification etc.", "confidence": "Source kind",
            "source_url": "Source"}


def _link_cell(urls: str) -> str:
    links = [f'<a href="{_esc(u)}" rel="noopener noreferrer">'
             f"{_esc(urllib.parse.urlsplit(u).netloc or u)}</a>"
             for u in urls.split() if u.startswith(("https://", "http://"))]
    return "<br>".join(links) or "–"


def _sort_key(text: str) -> str:
    """A sortable key for a date label like "25 Oct 2025" or "Jul 2026" ("" otherwise)."""
    for fmt in ("%d %b %Y", "%b %Y", "%Y"):
        try:
            return dt.datetime.strptime(text.split(" (")[0].strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return ""


def participant_table_html(df: pd.DataFrame, *, filename: str = "participants.csv",
                           caption: str = "") -> str:
    """The participant table: sortable columns, a search box that filters as you type, an
    anchor per country (``#p-FRA``) and a CSV download of exactly these rows and columns.

    >>> t = pd.DataFrame({"participant": ["<b>X</b>"], "iso3": ["FRA"], "status": ["party"]})
    >>> h = participant_table_html(t)
    >>> 'id="p-FRA"' in h and "&lt;b&gt;X&lt;/b&gt;" in h and 'type="search"' in h
    True
    """
    cols = [c for c in _HEADERS if c in df.columns]
    head = "".join(f'<th scope="col"><button type="button">{_esc(_HEADERS[c])}</button></th>'
                   for c in cols)
    body = []
    for row in df.to_dict("records"):
        cells = []
        for c in cols:
            value = row.get(c, "")
            value = "" if value is None or (not isinstance(value, str) and pd.isna(value)) \
                else value
            if c == "source_url":
                cells.append(f"<td>{_link_cell(str(value))}</td>")
            elif c == "participant":
                cells.append(f'<th scope="row"><a href="#p-{_esc(row["iso3"])}">'
                             f"{_esc(value)}</a></th>")
            elif c == "status":
                label = STATUS_LABELS.get(str(value), str(value))
                stage = row.get("stage") or ""
                cells.append(f'<td data-sort="{_esc(value)}">{_esc(label)}'
                             + (f' <small>({_esc(stage)})</small>' if stage else "") + "</td>")
            elif c in ("signature", "consent"):
                cells.append(f'<td data-sort="{_sort_key(str(value))}">{_esc(value or "–")}</td>')
            else:
                cells.append(f"<td>{_esc(value or '–')}</td>")
        body.append(f'<tr id="p-{_esc(row["iso3"])}">{"".join(cells)}</tr>')
    cap = f"<p class='pt-caption'>{_esc(caption)}</p>" if caption else ""
    return f"""<div class="analysis-participants">
<style>
.analysis-participants {{ max-width: 100%; font-size: 14px; }}
.analysis-participants .pt-tools {{ display: flex; flex-wrap: wrap; gap: 8px 16px;
  align-items: center; margin: 6px 0; }}
.analysis-participants input[type=search] {{ font-size: 16px; padding: 4px 8px;
  min-width: 0; width: 16em; max-width: 100%; box-sizing: border-box; }}
.analysis-participants .pt-scroll {{ overflow: auto; max-height: 70vh; max-width: 100%; }}
.analysis-participants table {{ border-collapse: collapse; width: 100%; min-width: 52em; }}
.analysis-participants th, .analysis-participants td {{ text-align: left; vertical-align: top;
  padding: 3px 6px; border-bottom: 1px solid #ddd; overflow-wrap: normal; word-break: normal; }}
.analysis-participants thead th {{ position: sticky; top: 0; background: #f3f3f3; }}
.analysis-participants thead button {{ font: inherit; font-weight: 600; background: none;
  border: 0; padding: 0; cursor: pointer; text-align: left; }}
.analysis-participants tr:target {{ background: #fff3b0; }}
</style>
{cap}<div class="pt-tools"><label>Search <input type="search"
 placeholder="country, ISO code, region…" aria-label="Search the participants"></label>
<span class="pt-count" aria-live="polite">{len(df)} of {len(df)} shown</span>
{csv_link(df, filename, "Download this table (CSV)")}</div>
<p class="analysis-scroll-hint">The table scrolls sideways.</p>
<div class="pt-scroll"><table><thead><tr>{head}</tr></thead>
<tbody>{"".join(body)}</tbody></table></div>
<script>{_TABLE_JS}</script>
</div>"""


def participant_table(df: pd.DataFrame, **kwargs: Any) -> HTML:
    """:func:`participant_table_html` for a notebook output."""
    from IPython.display import HTML

    return HTML(participant_table_html(df, **kwargs))


# --- the feed of actions ---------------------------------------------------------------------

FEED_COLUMNS = ["date", "participant", "action", "stage", "confidence", "source_url"]


def feed(as_of: Any, *, data_dir: str | Path | None = None,
         treaty: Any = None) -> pd.DataFrame:
    """Every action certainly done by ``as_of``, newest first (date as text with its
    precision; ``sort_date`` the latest possible day). ``treaty``: as for
    :func:`participants`.

    >>> f = feed("2026-11-29")
    >>> f["sort_date"].is_monotonic_decreasing
    True
    """
    from analysis import dates, participation, status

    day = dates.parse_as_of(as_of)
    ev = status.events(data_dir=data_dir, treaty=treaty)
    ev = ev[~ev["uncertain"]]
    ev = ev[dates.certainly_by(ev["date_latest"], day)]  # the as-of rule
    stage = ev.get("stage")
    if stage is None:
        stage = ev["action"].isin(status.CONSENT_ACTIONS).map({True: "", False: ""})
        stage = stage.where(~ev["action"].isin(status.CONSENT_ACTIONS),
                            ev["confidence"].map({"official": "deposited"}).fillna("domestic"))
    out = pd.DataFrame({
        "sort_date": ev["date_latest"],
        "date": [participation.date_label(d, p, a, b) for d, p, a, b in zip(
            ev["date"], ev["date_precision"], ev["date_earliest"], ev["date_latest"],
            strict=True)],
        "participant": ev["participant"], "action": ev["action"], "stage": stage.fillna(""),
        "confidence": ev["confidence"], "source_url": ev["source_url"],
    })
    out = out.sort_values(["sort_date", "participant"], ascending=[False, True],
                          kind="stable", ignore_index=True)
    return out[["sort_date", *FEED_COLUMNS]]


def feed_html(df: pd.DataFrame, *, limit: int | None = 25,
              filename: str = "actions.csv") -> str:
    """The feed as a list, newest first (``limit`` rows; the CSV has them all).

    >>> f = pd.DataFrame({"date": ["1 Aug 2026"], "participant": ["Canada"],
    ...                   "action": ["signature"], "stage": [""], "confidence": ["secondary"],
    ...                   "source_url": ["https://example.org/x"]})
    >>> "Canada" in feed_html(f)
    True
    """
    shown = df if limit is None else df.head(limit)
    items = []
    for r in shown.to_dict("records"):
        what = r["action"] + (f" ({r['stage']})" if r.get("stage") else "")
        items.append(f"<li><b>{_esc(r['date'])}</b> · {_esc(r['participant'])}: {_esc(what)} · "
                     f"{_esc(r['confidence'])} · {_link_cell(str(r.get('source_url') or ''))}"
                     "</li>")
    more = (f"<p>{len(df) - len(shown)} earlier actions are in the CSV.</p>"
            if len(df) > len(shown) else "")
    export = df.drop(columns=[c for c in ("sort_date",) if c in df.columns])
    return (f'<div class="analysis-feed"><ol style="padding-left:1.2em">{"".join(items)}</ol>'
            f"{more}<p>{csv_link(export, filename, 'Download every action (CSV)')}</p></div>")


def feed_block(df: pd.DataFrame, **kwargs: Any) -> HTML:
    """:func:`feed_html` for a notebook output."""
    from IPython.display import HTML

    return HTML(feed_html(df, **kwargs))


def index_band(pages: Iterable[Path]) -> str | None:
    """The first summary band found in built pages (for ``reports/index.html``)."""
    for page in pages:
        try:
            found = band_from_page(Path(page).read_text(encoding="utf-8"))
        except OSError:
            continue
        if found:
            return found
    return None


__all__ = ["Summary", "band", "band_from_page", "band_html", "csv_link", "csv_text", "feed",
           "feed_block", "feed_html", "from_package", "headline_sentence", "index_band",
           "participant_table", "participant_table_html", "participants",
           "participation_class"]

