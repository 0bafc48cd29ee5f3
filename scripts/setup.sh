#!/usr/bin/env bash
# Installs what the build needs, and skips what is already there.
#   scripts/setup.sh test   what `make test` needs: the wasm32 target
#   scripts/setup.sh web    what `make serve` needs: also wasm-bindgen-cli (the version in
#                           Cargo.lock, exactly) and wasm-pack
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "setup: $*" >&2; }

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
  say "installing wasm-bindgen-cli $want (found: ${have:-none})"
  # --locked first (the versions its authors tested); when the registry no longer serves one
  # of those (it happened with webpki-roots), let cargo resolve compatible ones.
  cargo install --locked wasm-bindgen-cli --version "$want" --force \
    || cargo install wasm-bindgen-cli --version "$want" --force
}

need_wasm_pack() {
  if command -v wasm-pack >/dev/null 2>&1; then return; fi
  say "installing wasm-pack"
  # The npm package downloads a prebuilt binary, which cannot be fetched here: build it.
  cargo install --locked wasm-pack || cargo install wasm-pack
}

case "${1:-test}" in
  test) need_wasm_target ;;
  web) need_wasm_target; need_wasm_bindgen_cli; need_wasm_pack ;;
  *) echo "usage: scripts/setup.sh test|web" >&2; exit 2 ;;
esac
