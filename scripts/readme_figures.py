"""Static PNGs of the participation map and the regional chart for the README (``make figures``).

Builds the same figures as ``notebooks/01_participation.ipynb`` (its world map and its chart
of shares by M49 region) with the same builders (:mod:`analysis.participation`,
:mod:`analysis.participation_plots`) at the notebook's default ``as_of``, and writes them with
kaleido to ``docs/img/participation_map.png`` and ``docs/img/regions.png``.

Nothing is fetched: kaleido (in ``requirements.lock``) drives the installed Chromium (Debian's
``/usr/bin/chromium`` when present) with the plotly.js of the installed plotly package, MathJax
off, and plotly's map data read from ``data/raw/geo/plotly/`` (``pio.defaults.topojson``, a
``file://`` URL; plotly.js would otherwise fetch ``https://cdn.plot.ly/un/world_50m.json``).

    .venv/bin/python scripts/readme_figures.py [--as-of YYYY-MM-DD] [--out docs/img]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "01_participation.ipynb"
OUT = ROOT / "docs" / "img"
TOPOJSON = ROOT / "data" / "raw" / "geo" / "plotly"
#: Pixel sizes (CSS pixels; ``SCALE`` times as many in the PNG).
MAP_SIZE = (1100, 580)
REGIONS_WIDTH = 900
SCALE = 2


def notebook_as_of(notebook: Path = NOTEBOOK) -> str | None:
    """The ``as_of`` default in the notebook's ``parameters`` cell."""
    from analysis import notebook_params

    declared = notebook_params.declared(notebook)
    if "as_of" not in declared:
        raise SystemExit(f"{notebook.name}: no as_of in the parameters cell")
    return declared["as_of"]


def figures(as_of: str | None) -> tuple[Any, Any, str]:
    """The world map and the M49 region chart, as notebook 01 builds them (classes of issue
    #9, titles that state the finding), and the data label."""
    from analysis import participation, participation_plots, status, summary

    counts = status.counts(as_of)
    when = counts.as_of or "the latest data"
    label = counts.attrs["data_as_of_label"]
    table = summary.classify(participation.by_country(as_of), as_of)
    eu_row = table.set_index("iso3").loc[status.EU_ISO3]
    # the counts of status: states only (the EU's own approval is drawn, never counted)
    world = participation_plots.participation_map(
        table, f"{counts.signatories} signatories; {counts.qualifying_instruments} of "
               f"{counts.threshold} instruments deposited; {counts.domestic_pending} states "
               f"ratified at home, deposit not confirmed (as of {when})",
        eu={**eu_row.to_dict(), "iso3": status.EU_ISO3})
    world.update_layout(showlegend=True)  # a PNG has no HTML legend under it
    by_region = participation.by_group(table, "region")
    regions = participation_plots.share_bars(by_region, "group",
                                             summary.share_title(by_region, "group"))
    return world, regions, f"as of {when}; {label}"


def _browser() -> None:
    """Point kaleido (choreographer) at Debian's Chromium unless a browser is already set.

    Chromium also makes background requests of its own (account and update checks, not the
    figure's): a proxy on a closed local port keeps them on the machine (no DNS look-up either)
    unless ``CHOREO_PROXY_SERVER`` is already set. The page loads only ``file://`` URLs, which
    no proxy affects.
    """
    os.environ.setdefault("CHOREO_PROXY_SERVER", "http://127.0.0.1:9")
    if os.environ.get("BROWSER_PATH"):
        return
    for name in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(name).exists():
            os.environ["BROWSER_PATH"] = name
            return
    found = shutil.which("chromium") or shutil.which("google-chrome")
    if found:
        os.environ["BROWSER_PATH"] = found


def write_png(fig: Any, path: Path, width: int, height: int) -> None:
    """``fig`` as a PNG at ``path``, offline (see the module docstring)."""
    try:
        import kaleido
    except ImportError:
        raise SystemExit("kaleido is not installed: .venv/bin/python -m pip install "
                         "-c requirements.lock kaleido") from None
    import plotly.io as pio

    # plotly.js reads <topojsonURL><scope>_<resolution>m.json: the folder, with a final slash.
    pio.defaults.topojson = TOPOJSON.resolve().as_uri() + "/"
    fig = fig.to_dict()
    fig["layout"].update(width=width, height=height)
    png = kaleido.calc_fig_sync(
        fig, opts={"format": "png", "width": width, "height": height, "scale": SCALE},
        topojson=pio.defaults.topojson, kopts={"mathjax": False})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", default=None,
                        help="count what certainly happened by this date (default: the "
                             "notebook's parameter)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (docs/img)")
    args = parser.parse_args(argv)
    for name in ("world_50m.json", "world_110m.json"):
        if not (TOPOJSON / name).exists():
            raise SystemExit(f"missing map data: {TOPOJSON / name}")
    as_of = args.as_of or notebook_as_of()
    world, regions, label = figures(as_of)
    _browser()
    n_regions = len(regions.data[0].y)
    outputs = [
        (world, args.out / "participation_map.png", *MAP_SIZE),
        (regions, args.out / "regions.png", REGIONS_WIDTH,
         int(regions.layout.height or 40 * n_regions + 130)),
    ]
    for fig, path, width, height in outputs:
        write_png(fig, path, width, height)
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
              f"({width * SCALE}x{height * SCALE} px, {path.stat().st_size / 1e3:.0f} kB)")
    print(f"data: {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
