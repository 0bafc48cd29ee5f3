#!/usr/bin/env bash
# Installs what the build and the tests need, and skips what is already there.
#   scripts/setup.sh web    what `make serve` needs: the wasm32 target, wasm-bindgen-cli (the
#                           version in Cargo.lock, exactly), the npm packages (wasm-opt)
#   scripts/setup.sh test   what `make test` needs: all of that, and Chromium for the
#                           browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*" >&2; }
die() { echo "setup: $*" >&2; exit 1; }

need_wasm_target() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    return
  fi
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

# The version of the wasm-bindgen crate that Cargo.lock resolved; the CLI must match it.
locked_wasm_bindgen_version() {
  if [ ! -f Cargo.lock ]; then cargo generate-lockfile >&2; fi
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

need_wasm_bindgen_cli() {
  local want have
  want=$(locked_wasm_bindgen_version)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" = "$want" ]; then return; fi
  say "building wasm-bindgen-cli $want from source (found: ${have:-none}); about 1 minute on 2 cores"
  # No registry here serves a prebuilt binary. Without default features it leaves out TLS,
  # which only its download of test browsers uses. Not --locked: its lock file names a
  # webpki-roots version the registry no longer serves. Only the wasm-bindgen binary (the
  # test runner links a web server), unoptimised: it builds in half the time, and on our
  # module it runs in about a second and writes the same bytes as an optimised build.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install wasm-bindgen-cli --version "$want" --no-default-features --bin wasm-bindgen --force
}

need_npm_packages() {
  command -v npm >/dev/null 2>&1 || die "npm is missing: install Node.js 20 or later (apt-get install nodejs npm)"
  # npm ci when node_modules is missing or older than the lock file.
  if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    return
  fi
  say "installing the npm packages pinned in package-lock.json"
  npm ci --no-audit --no-fund
}

need_chromium() {
  local chromium=${CHROMIUM:-/usr/bin/chromium}
  if [ -x "$chromium" ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    return
  fi
  die "the browser tests need Chromium at $chromium: run 'sudo apt-get install chromium', or set CHROMIUM to its path"
}

case "${1:-test}" in
  web) need_wasm_target; need_wasm_bindgen_cli; need_npm_packages ;;
  test) need_wasm_target; need_wasm_bindgen_cli; need_npm_packages; need_chromium ;;
  *) echo "usage: scripts/setup.sh web|test" >&2; exit 2 ;;
esac
