#!/usr/bin/env bash
# Writes dist/: what a documentation site hosts to embed <psjobs-console>: the element, its
# modules and stylesheet, the wasm package, and HOSTING.md. Run after scripts/build-web.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -f www/pkg/psjobs_bg.wasm ] || { echo "dist: build the package first (make build-web)" >&2; exit 1; }
rm -rf dist
mkdir -p dist/console dist/pkg
cp www/psjobs-console.js dist/
cp www/console/*.js www/console/*.css dist/console/
cp www/pkg/psjobs.js www/pkg/psjobs_bg.wasm www/pkg/psjobs.d.ts dist/pkg/
cp scripts/dist/HOSTING.md dist/
( cd dist && find . -type f | sort | xargs ls -l ) >&2
