"""Tests for analysis.geo: offline country shapes and label points (no network)."""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import pytest
import shapely

from analysis import geo
from analysis.datafiles import data_path, read_table

HERE = Path(__file__).resolve().parent
UN_MEMBERS = HERE.parent / "data" / "curated" / "regions" / "un_members.csv"  # 193 rows
EXTRA = ["PSE", "VAT", "XKX"]  # State of Palestine, Holy See, Kosovo
SMALL = ["SMR", "VAT", "MCO", "LIE", "NRU", "TUV", "AND", "MHL", "PLW", "KNA", "MDV", "SGP"]
LARGE = ["RUS", "CAN", "USA", "CHN", "BRA", "AUS", "IND", "FRA", "NAM", "FJI", "PSE", "XKX"]
# Official total areas (km2, UN Demographic Yearbook / national statistics, rounded).
OFFICIAL_KM2 = {"RUS": 17_098_246, "FJI": 18_274}


def geodesic_km2(geom) -> float:
    from pyproj import Geod

    ccw = shapely.orient_polygons(geom, exterior_cw=False)
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(ccw)[0]) / 1e6


@pytest.fixture(scope="module")
def members():
    return read_table(UN_MEMBERS)


@pytest.fixture(scope="module")
def shapes():
    return geo.shapes().set_index("iso3")


@pytest.fixture(scope="module")
def points():
    return geo.points().set_index("iso3")


@pytest.fixture(scope="module")
def raw_fixed():
    """Russia and Fiji from the raw 50m TopoJSON, antimeridian-fixed but not simplified."""
    import antimeridian
    import geopandas as gpd
    from shapely.geometry import shape

    raw = gpd.read_file(data_path("raw", "geo", "visionscarto", "world-50m.json"),
                        layer="countries").set_index("a3")
    out = {}
    for code in OFFICIAL_KM2:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            fixed = shape(antimeridian.fix_shape(raw.geometry[code]))
        out[code] = shapely.MultiPolygon([p for p in shapely.get_parts(fixed) if p.area > 0])
    return out


def test_un_member_list(members):
    import pycountry

    assert len(members) == 193
    assert members["iso3"].is_unique and members["name"].is_unique
    missing = [c for c in members["iso3"] if pycountry.countries.get(alpha_3=c) is None]
    assert missing == []
    assert "NAM" in set(members["iso3"]) and "Namibia" in set(members["name"])


def test_every_member_and_observer_is_drawable(members):
    codes = list(members["iso3"]) + EXTRA
    cov = geo.coverage(codes)
    assert list(cov["iso3"]) == codes
    assert cov["has_point"].all()
    assert (cov["drawn_as"] != "none").all(), cov[cov["drawn_as"] == "none"]
    # every UN member, Palestine and Kosovo have a shape; the Holy See is a point in the source
    assert set(cov.loc[cov["drawn_as"] == "point", "iso3"]) <= {"VAT"}
    assert cov.loc[cov["iso3"] == "XKX", "drawn_as"].item() == "shape"
    assert cov.loc[cov["iso3"] == "PSE", "drawn_as"].item() == "shape"


def test_coverage_reports_unknown_codes():
    cov = geo.coverage(["FRA", "VAT", "XXX"])
    assert cov["drawn_as"].tolist() == ["shape", "point", "none"]
    assert cov["has_shape"].tolist() == [True, False, False]
    assert cov["has_point"].tolist() == [True, True, False]


def test_no_antarctica(shapes, points):
    assert "ATA" not in shapes.index and "ATA" not in points.index
    assert all(f["id"] != "ATA" for f in geo.geojson()["features"])
    assert shapes.total_bounds[1] > -60  # southernmost: sub-Antarctic islands, not the ice


def test_shapes_frame(shapes):
    assert geo.shapes().crs.to_epsg() == 4326
    assert list(geo.shapes().columns) == ["iso3", "name", "geometry"]
    assert shapes.index.is_unique
    assert shapes.geometry.is_valid.all()
    assert not shapes.geometry.is_empty.any()


@pytest.mark.parametrize("code", ["RUS", "FJI"])
def test_antimeridian_shapes_are_sane(code, shapes, raw_fixed):
    geom = shapes.geometry[code]
    assert geom.is_valid
    minx, miny, maxx, maxy = geom.bounds
    assert -180 <= minx and maxx <= 180
    if code == "RUS":
        assert 40 < miny < 45 and 80 < maxy < 83
    else:
        assert -22 < miny < -19 and -13 < maxy < -12
    # a ring left crossing +/-180 degrees inflates the area to (nearly) the whole globe
    area = geodesic_km2(geom)
    assert area == pytest.approx(geodesic_km2(raw_fixed[code]), rel=0.05)
    assert area == pytest.approx(OFFICIAL_KM2[code], rel=0.05)
    assert geo.points().set_index("iso3").loc[code, "area_km2"] == pytest.approx(
        OFFICIAL_KM2[code], rel=0.05)


def test_exteriors_clockwise_interiors_counterclockwise(shapes):
    polygons = shapely.get_parts(shapes.geometry.values)
    exteriors = shapely.get_exterior_ring(polygons)
    assert not shapely.is_ccw(exteriors).any()
    holes = [r for p in polygons for r in p.interiors]
    assert all(shapely.is_ccw(holes))


def test_geojson_file_and_dict():
    path = data_path("derived", "geo", "countries.geojson")
    assert path.stat().st_size < 1_000_000
    gj = geo.geojson()
    assert gj["type"] == "FeatureCollection"
    ids = [f["id"] for f in gj["features"]]
    assert len(ids) == len(set(ids))
    assert all(f["properties"]["iso3"] == f["id"] for f in gj["features"])
    assert all(set(f["properties"]) == {"iso3", "name"} for f in gj["features"])
    gj["features"].clear()  # callers get their own copy
    assert geo.geojson()["features"]


def test_namibia_is_not_missing(shapes, points):
    assert "NAM" in shapes.index and "NAM" in points.index
    assert shapes.loc["NAM", "name"] == "Namibia"
    assert not geo.points()["iso3"].isna().any()
    assert "NAM" in {f["id"] for f in geo.geojson()["features"]}


def test_points_inside_or_near_shapes(shapes, points):
    assert set(shapes.index) <= set(points.index)
    assert points["lon"].between(-180, 180).all() and points["lat"].between(-90, 90).all()
    pts = shapely.points(points.loc[shapes.index, "lon"], points.loc[shapes.index, "lat"])
    dist = shapely.distance(shapes.geometry.values, pts)
    far = shapes.index[dist > 0.05].tolist()
    assert far == [], dict(zip(far, dist[dist > 0.05], strict=True))
    inside = shapely.contains(shapes.geometry.values, pts) | (dist == 0)
    assert inside.mean() > 0.98  # (all are inside today; slack for tiny islands)


def test_holy_see_point_is_in_rome(points):
    assert points.loc["VAT", "lon"] == pytest.approx(12.45, abs=0.05)
    assert points.loc["VAT", "lat"] == pytest.approx(41.90, abs=0.05)


def test_small_states_flagged(points):
    assert points.loc[SMALL, "is_small"].all()
    assert not points.loc[LARGE, "is_small"].any()
    known = points["area_km2"].notna()
    assert (points.loc[known, "is_small"] == (points.loc[known, "area_km2"] < 2500)).all()
    assert points.loc[~known, "is_small"].all()


@pytest.mark.parametrize("name", ["world_110m", "world_50m"])
def test_plotly_topojson(name):
    topo = geo.plotly_topojson(name)
    assert topo["type"] == "Topology"
    assert {"countries", "land", "coastlines"} <= set(topo["objects"])
    ids = {g.get("id") for g in topo["objects"]["countries"]["geometries"]}
    assert {"FRA", "NAM", "RUS"} <= ids


def test_plotly_topojson_rejects_unknown_name():
    with pytest.raises(ValueError):
        geo.plotly_topojson("usa_110m")


def test_geo_data_files_match_their_sidecars():
    folders = [data_path("raw", "geo"), data_path("derived", "geo")]
    files = [p for d in folders for p in sorted(d.rglob("*")) if p.is_file()
             and not p.name.endswith(".meta.json")]
    assert len(files) >= 8
    for path in files:
        meta = json.loads(path.with_name(path.name + ".meta.json").read_text(encoding="utf-8"))
        assert meta["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), path
        assert meta["licence"] in {"BSD-3-Clause", "MIT"}, path
