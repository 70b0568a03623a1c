#!/usr/bin/env bash
# Fetch the raw inputs of analysis.regions into data/raw/regions/, byte for byte, with sidecars.
#
#   scripts/fetch/regions.sh              # both steps
#   scripts/fetch/regions.sh m49          # only the UN M49 table
#   scripts/fetch/regions.sh world-countries
#
# Steps
#   m49              copy the UNSD M49 table (lukes/ISO-3166-Countries-with-Regional-Codes layout,
#                    CC BY-SA 4.0) from the project's shared reference ($M49_SOURCE) untouched.
#   world-countries  `npm pack world-countries@$WC_VERSION` in a temporary directory, unpack it and
#                    keep countries.json and LICENSE untouched (ODbL-1.0 data: they stay in their own
#                    folder and are never merged with the CC BY-SA M49 table).
#
# Each file gets a sidecar X.meta.json (kind raw, source, url, version, retrieved, licence, sha256,
# notes). Re-running overwrites the files and sidecars: review the diff before committing.
# Needs: bash, npm, tar, python3. Network: the npm registry only (for world-countries).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/data/raw/regions"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PY" ] || PY=python3
M49_SOURCE="${M49_SOURCE:-/work/shared/reference/m49_regions.csv}"
WC_VERSION="${WC_VERSION:-5.1.0}"
TODAY="$(date -u +%F)"

# write_sidecar FILE JSON: add sha256 of FILE to the JSON object and write FILE.meta.json
write_sidecar() {
  "$PY" - "$1" "$2" <<'PY'
import hashlib, json, sys
path, meta = sys.argv[1], json.loads(sys.argv[2])
meta["sha256"] = hashlib.sha256(open(path, "rb").read()).hexdigest()
with open(path + ".meta.json", "w", encoding="utf-8") as f:
    f.write(json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
PY
}

fetch_m49() {
  mkdir -p "$OUT"
  install -m 0644 "$M49_SOURCE" "$OUT/m49_regions.csv"
  write_sidecar "$OUT/m49_regions.csv" "$("$PY" - "$TODAY" <<'PY'
import json, sys
print(json.dumps({
    "kind": "raw",
    "source": "UNSD M49 standard (Standard Country or Area Codes for Statistical Use) via the "
              "lukes/ISO-3166-Countries-with-Regional-Codes public mirror (all/all.csv layout)",
    "url": "https://github.com/lukes/ISO-3166-Countries-with-Regional-Codes/blob/master/all/all.csv",
    "version": "mirror snapshot as held in the project's shared reference (commit not recorded; "
               "names include 'Türkiye' and 'Czechia'); UNSD original: "
               "https://unstats.un.org/unsd/methodology/m49/overview/",
    "retrieved": "2026-11-29",
    "licence": "CC-BY-SA-4.0",
    "notes": "Copied untouched from the shared reference m49_regions.csv (described there as a "
             "CC BY-SA 4.0 mirror of UNSD's table; the lukes repository's LICENSE.md states CC BY-SA "
             "4.0). 249 rows. Codes are zero-padded text: read with analysis.datafiles.read_table "
             "(Namibia's alpha-2 is 'NA'). Not in the table: Kosovo (XKX; not an ISO 3166-1 code "
             "and not in M49). Rows with no region: Antarctica (ATA) and Taiwan (TWN), which "
             "UNSD does not list separately; the mirror leaves their region cells empty.",
}, ensure_ascii=False))
PY
)"
  echo "wrote $OUT/m49_regions.csv"
}

fetch_world_countries() {
  local tmp dest tarball
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  tarball="$(npm view "world-countries@$WC_VERSION" dist.tarball)"
  (cd "$tmp" && npm pack "world-countries@$WC_VERSION" --silent >/dev/null && tar xzf ./*.tgz)
  dest="$OUT/world-countries"
  mkdir -p "$dest"
  cp "$tmp/package/countries.json" "$dest/countries.json"
  cp "$tmp/package/LICENSE" "$dest/LICENSE"
  local common
  common="$("$PY" - "$tarball" "$WC_VERSION" "$TODAY" <<'PY'
import json, sys
tarball, version, today = sys.argv[1:]
print(json.dumps({
    "kind": "raw",
    "source": "world-countries npm package (mledoze/countries, Mohammed Le Doze)",
    "url": tarball,
    "version": version,
    "retrieved": today,
    "licence": "ODbL-1.0",
}))
PY
)"
  write_sidecar "$dest/countries.json" "$("$PY" - "$common" <<'PY'
import json, sys
meta = json.loads(sys.argv[1])
meta["notes"] = (
    "countries.json from the package tarball, untouched (250 entries). analysis.regions uses only "
    "cca3, unMember and unRegionalGroup. ODbL-1.0 (https://opendatacommons.org/licenses/odbl/1.0/): "
    "keep this file and anything derived from it separate from CC BY-SA data and attribute "
    "'world-countries by Mohammed Le Doze, ODbL'. Known issues checked by the regions build: the Holy "
    "See is flagged unMember=true (it is a non-member observer state); the United States, Israel "
    "and Türkiye are all given as 'Western European and Others Group' without their special "
    "status; Kiribati is given as Asia-Pacific. See data/curated/regions/un_group_overrides.csv."
)
print(json.dumps(meta, ensure_ascii=False))
PY
)"
  write_sidecar "$dest/LICENSE" "$("$PY" - "$common" <<'PY'
import json, sys
meta = json.loads(sys.argv[1])
meta["notes"] = "The package's LICENSE file (ODC Open Database License text), kept with the data."
print(json.dumps(meta, ensure_ascii=False))
PY
)"
  echo "wrote $dest/countries.json and LICENSE (world-countries@$WC_VERSION)"
}

case "${1:-all}" in
  m49) fetch_m49 ;;
  world-countries) fetch_world_countries ;;
  all) fetch_m49; fetch_world_countries ;;
  *) echo "usage: $0 [m49|world-countries|all]" >&2; exit 2 ;;
esac
