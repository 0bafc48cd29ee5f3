#!/usr/bin/env bash
# Builds the browser package into www/pkg: psjobs.js, psjobs_bg.wasm, psjobs.d.ts, and a
# package.json and README for those who use it as an npm package.
#   cargo (profile `web`: size over speed, LTO) -> wasm-bindgen --target web -> wasm-opt -Oz
# wasm-opt is npm's binaryen (node_modules/.bin); without it the build still works, larger.
# No wasm-pack: it adds a cargo install of its own and then only runs these same steps.
set -euo pipefail
cd "$(dirname "$0")/.."

out=www/pkg
cargo build --lib --profile web --target wasm32-unknown-unknown
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name psjobs \
  target/wasm32-unknown-unknown/web/psjobs.wasm

# wasm-bindgen types an Option<JsValue> parameter given a TypeScript type as required;
# the options are optional (`new Session()`).
sed -i 's/constructor(options: SessionOptions);/constructor(options?: SessionOptions);/' "$out/psjobs.d.ts"
grep -q 'constructor(options?: SessionOptions);' "$out/psjobs.d.ts" \
  || { echo "build-web: psjobs.d.ts has no optional Session constructor" >&2; exit 1; }

opt=node_modules/.bin/wasm-opt
if [ -x "$opt" ]; then
  # The features rustc enables by default for wasm32 (design.md section 7).
  "$opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-multivalue --enable-sign-ext --enable-mutable-globals \
    "$out/psjobs_bg.wasm" -o "$out/psjobs_bg.wasm.opt"
  mv "$out/psjobs_bg.wasm.opt" "$out/psjobs_bg.wasm"
else
  echo "build-web: no wasm-opt (run npm ci); the module is built without it" >&2
fi
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
sed "s/@VERSION@/$version/" scripts/pkg/package.json > "$out/package.json"
cp scripts/pkg/README.md "$out/README.md"
ls -l "$out" >&2
