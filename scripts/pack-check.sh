#!/usr/bin/env bash
# The packed package, installed as a user would (issue 15): `npm pack` (whose `prepack` builds dist/ when stale and the web UI
# when stale), then in an empty folder `npm install <tarball>` from the registry with no lock file, on
# this machine's Node. Fails when the tarball ships what a user does not need (src/, test/, bench/), when an
# installed package's `engines` excludes this Node (e.g. a dependency that requires Node 22), or when the
# installed `chipnav --version`, `chipnav classify`, `lists import` + `screen` from another folder fail, or when the
# packed package.json carries a `prepare` script (npm lists it among the install scripts) or npm pack left package.json changed.
# Needs the registry (the network), so it is a script for the lead, not a test.
#   bash scripts/pack-check.sh [--keep] [--bench]
# --keep leaves the folder (printed) for a look; --bench runs bench/startup.ts on the installed bin.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
keep=0; bench=0
for a in "$@"; do case "$a" in --keep) keep=1 ;; --bench) bench=1 ;; *) echo "unknown option $a" >&2; exit 2 ;; esac; done
work="$(mktemp -d "${TMPDIR:-/tmp}/chipnav-pack-check.XXXXXX")"
if [[ $keep -eq 0 ]]; then trap 'rm -rf "$work"' EXIT; fi
echo "pack-check in $work (Node $(node --version), npm $(npm --version))"

manifest_before="$(cat package.json)"
npm pack --pack-destination "$work" --silent >/dev/null
tgz="$(ls "$work"/chipnav-*.tgz)"
tar tzf "$tgz" > "$work/contents.txt"
echo "packed $(basename "$tgz"): $(du -h "$tgz" | cut -f1), $(wc -l < "$work/contents.txt") files"
unwanted="$(grep -E '^package/(src|test|bench|scripts|web/src|docs|\.ci)/' "$work/contents.txt" || true)"
if [[ -n "$unwanted" ]]; then echo "FAIL the tarball ships files a user does not need:"; echo "$unwanted" | head -20; exit 1; fi
for need in package/dist/cli/main.js package/dist/index.js package/dist/rules/rules-cache.bin package/data/sources.yaml package/bin/chipnav.js package/LICENSE package/README.md package/web/dist/index.html package/dist/screening/data/abbreviations.yaml package/examples/h20-to-china.json; do
  grep -qx "$need" "$work/contents.txt" || { echo "FAIL the tarball lacks $need"; exit 1; }
done

# the tarball is built: its package.json names no build script, which npm would list among its install scripts
tar xzf "$tgz" -O package/package.json | node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8")); if (j.scripts?.prepare) { console.log(`FAIL the packed package.json has a prepare script: ${j.scripts.prepare}`); process.exit(1) }'
[[ "$(cat package.json)" == "$manifest_before" ]] || { echo 'FAIL npm pack left package.json changed (postpack did not restore it)'; exit 1; }

mkdir "$work/app" "$work/elsewhere"
cd "$work/app"
echo '{ "name": "pack-check-app", "version": "1.0.0", "private": true }' > package.json
npm install --no-audit --no-fund --no-package-lock --loglevel=error "$tgz"

# every installed package's engines must admit this Node (semver from the repository's dev tree)
node --input-type=module -e '
  import { createRequire } from "node:module"
  import { readdirSync, readFileSync, existsSync } from "node:fs"
  import { join } from "node:path"
  const semver = createRequire(process.argv[1] + "/package.json")("semver")
  const bad = []; let n = 0
  const walk = (dir) => {
    if (!existsSync(dir)) return
    for (const name of readdirSync(dir)) {
      if (name.startsWith(".")) continue
      const p = join(dir, name)
      if (name.startsWith("@")) { walk(p); continue }
      const pj = join(p, "package.json")
      if (!existsSync(pj)) continue
      const j = JSON.parse(readFileSync(pj, "utf8")); n++
      const range = j.engines?.node
      if (range && !semver.satisfies(process.version, range, { includePrerelease: true })) bad.push(`${j.name}@${j.version} engines.node "${range}"`)
      walk(join(p, "node_modules"))
    }
  }
  walk("node_modules")
  if (bad.length) { console.log(`FAIL ${bad.length} installed package(s) exclude Node ${process.version}:\n  ` + bad.join("\n  ")); process.exit(1) }
  console.log(`engines: all ${n} installed packages admit Node ${process.version}`)
' "$repo"

chipnav="$work/app/node_modules/.bin/chipnav"
export CHIPNAV_HOME="" XDG_DATA_HOME="$work/user-data"
v="$("$chipnav" --version)"; echo "chipnav --version: $v"
"$chipnav" classify nvidia-a800 --date 2024-01-01 | grep -q 'ECCN: 3A090.a' || { echo 'FAIL chipnav classify nvidia-a800'; exit 1; }
echo "chipnav classify nvidia-a800: ok"
# the README's examples are in the package, and run
"$chipnav" check --file "$work/app/node_modules/chipnav/examples/h100-to-uae.json" | grep -q '^LICENSE_REQUIRED' || { echo 'FAIL chipnav check --file <package>/examples/h100-to-uae.json'; exit 1; }
echo "chipnav check --file <package>/examples/h100-to-uae.json: ok"
"$chipnav" lists import "$repo/test/fixtures/lists/dpl.txt" --quiet >/dev/null
cd "$work/elsewhere"
"$chipnav" lists status --json | grep -q '"source": "dpl"' || { echo 'FAIL lists imported in one folder are not found from another'; exit 1; }
"$chipnav" screen "Nobody In Particular" --quiet >/dev/null || [[ $? -le 1 ]]
echo "lists import in one folder, status and screen from another: ok ($XDG_DATA_HOME/chipnav)"
"$chipnav" doctor || true
if [[ $bench -eq 1 ]]; then node --import tsx "$repo/bench/startup.ts" --bin "$chipnav"; fi
echo "pack-check: ok"
