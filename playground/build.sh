#!/usr/bin/env bash
# Builds the playground into playground/dist/: statuslint for wasm32, its JavaScript bindings
# (wasm-bindgen, called directly: wasm-pack would download tools at run time), and the page
# (vite). Needs a Rust toolchain (rustup), Node.js and npm; run from anywhere.
set -euo pipefail
cd "$(dirname "$0")"

# wasm-bindgen-cli must be the exact version of the wasm-bindgen crate in Cargo.lock.
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print }' Cargo.lock)
tools="${STATUSLINT_PLAYGROUND_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/statuslint-playground}/wasm-bindgen-$version"
bindgen="$tools/bin/wasm-bindgen"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "playground: installing the wasm32-unknown-unknown target"
  if ! rustup target add wasm32-unknown-unknown; then
    echo "playground: cannot build: the wasm32-unknown-unknown target cannot be installed (rustup target add failed)" >&2
    exit 3
  fi
fi

if [ "$("$bindgen" --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  echo "playground: installing wasm-bindgen-cli $version into $tools (once; cached)"
  # --locked where the registry has every version that wasm-bindgen-cli's own lock file names;
  # otherwise the newest compatible versions.
  cargo install --quiet --locked wasm-bindgen-cli --version "=$version" --root "$tools" ||
    cargo install --quiet wasm-bindgen-cli --version "=$version" --root "$tools"
fi

cargo build --release --locked --target wasm32-unknown-unknown
rm -rf web/pkg
"$bindgen" --target web --no-typescript --out-dir web/pkg \
  target/wasm32-unknown-unknown/release/statuslint_playground.wasm

[ -d node_modules ] || npm ci --no-audit --no-fund
npx vite build --logLevel warn
wasm=$(ls dist/assets/*.wasm)
echo "playground: built dist/ ($(wc -c <"$wasm") bytes of wasm, $(gzip -9 <"$wasm" | wc -c) gzipped)"
