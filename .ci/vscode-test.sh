#!/usr/bin/env bash
# The VS Code extension (editors/vscode): its unit tests, its packaging as a platform-specific .vsix
# with the release binary inside, and the proof in a real VS Code: code-server (VS Code's own
# workbench and extension host, from npm) in Debian's headless Chromium, driven by playwright-core.
# Installs what it needs (apt, npm with package-lock.json). Prints `vscode-test: N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ext=$root/editors/vscode
started=$SECONDS
step() { printf -- '--- %s (at %ds)\n' "$*" "$((SECONDS - started))"; }

bin=${STATUSLINT_BIN:-$root/target/release/statuslint}
[ -x "$bin" ] || cargo build --release --locked
export STATUSLINT_BIN=$bin

step "apt: chromium, ripgrep and what code-server's native modules build with"
need=()
for p in chromium ripgrep build-essential python3 libkrb5-dev pkg-config; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

step "npm: the extension's dependencies"
(cd "$ext" && npm ci --no-audit --no-fund --loglevel=error)

step "unit tests (binary discovery)"
unit_log=$(mktemp)
(cd "$ext" && node --test test/unit/) >"$unit_log" 2>&1 || true
unit_pass=$(sed -n 's/^# pass //p' "$unit_log")
unit_fail=$(sed -n 's/^# fail //p' "$unit_log")
[ "${unit_fail:-1}" = 0 ] || cat "$unit_log"
echo "unit: ${unit_pass:-0} passed, ${unit_fail:-1} failed"

step "package: linux-x64 .vsix with the release binary in bin/"
out=$(mktemp -d)
vsix=$out/statuslint-linux-x64.vsix
mkdir -p "$ext/bin"
cp "$bin" "$ext/bin/statuslint"
trap 'rm -rf "$ext/bin" "$out" "$unit_log" "${run_log:-}"' EXIT
(cd "$ext" && npx --no-install vsce package --target linux-x64 --out "$vsix") | tail -n 3
python3 -c 'import sys, zipfile; sys.exit("extension/bin/statuslint" not in zipfile.ZipFile(sys.argv[1]).namelist())' "$vsix" \
  || { echo "bin/statuslint missing from the .vsix"; exit 1; }
rm -rf "$ext/bin"

step "npm: code-server and playwright-core (kept across runs, keyed by the lock file)"
# code-server's install builds native modules: its postinstall (and the installs it runs) need
# their scripts, the system's Node headers, and @vscode/ripgrep's cached tarball (its own download
# reaches outside the registries). The ready folder is reused while the lock file is unchanged.
lock_hash=$(cat "$ext/test/package.json" "$ext/test/package-lock.json" | sha256sum | cut -c1-16)
harness=${XDG_CACHE_HOME:-$HOME/.cache}/statuslint-vscode-test/$lock_hash
if [ ! -x "$harness/node_modules/.bin/code-server" ] || [ ! -e "$harness/.complete" ]; then
  rg_cache=${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11
  mkdir -p "$rg_cache"
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  rm -rf "$harness"
  mkdir -p "$harness"
  cp "$ext/test/package.json" "$ext/test/package-lock.json" "$harness/"
  (
    cd "$harness"
    export npm_config_nodedir=/usr npm_config_yes=true npm_config_unsafe_perm=true
    export npm_config_dangerously_allow_all_scripts=true
    npm ci --no-audit --no-fund --loglevel=error
  )
  touch "$harness/.complete"
fi
ln -sfn "$harness/node_modules" "$ext/test/node_modules"

step "code-server: extension-host suite and UI test"
run_log=$(mktemp)
status=0
node "$ext/test/run.js" "$ext" "$vsix" "${VSCODE_SCREENSHOT:-}" 2>&1 | tee "$run_log" || status=$?
vs_pass=$(sed -n 's/^vscode: \([0-9]*\) passed.*/\1/p' "$run_log" | tail -n 1)
vs_fail=$(sed -n 's/^vscode: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$run_log" | tail -n 1)
[ "$status" = 0 ] || [ "${vs_fail:-0}" != 0 ] || vs_fail=1

step "done"
passed=$((${unit_pass:-0} + ${vs_pass:-0}))
failed=$((${unit_fail:-1} + ${vs_fail:-1}))
echo "vscode-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
