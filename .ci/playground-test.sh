#!/usr/bin/env bash
# The browser playground (playground/): its native unit tests, then the WebAssembly build and a
# playwright-core test in Debian's headless chromium that compares what the page shows with what
# $STATUSLINT_BIN prints for the same text.
set -euo pipefail
cd "$(dirname "$0")/.."
export STATUSLINT_BIN="${STATUSLINT_BIN:-$PWD/target/release/statuslint}"
started=$SECONDS

if ! command -v chromium >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium >/dev/null
fi
[ -x "$STATUSLINT_BIN" ] || cargo build --release --locked

if ! rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  echo "playground: the wasm32-unknown-unknown target cannot be installed on this machine (rustup target add failed): the playground cannot be built or tested here"
  echo "playground: 0 passed, 1 failed"
  exit 1
fi

# The wasm crate's own tests, natively (sharing the main target directory's compiled dependencies).
(cd playground && CARGO_TARGET_DIR="$PWD/../target" cargo test --locked 2>&1 | grep -E "^test result|FAILED|panicked")

(cd playground && npm ci --no-audit --no-fund --loglevel=error)
bash playground/build.sh
echo "playground: built in $((SECONDS - started))s"
node playground/test/browser.mjs
