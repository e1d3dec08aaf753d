#!/usr/bin/env bash
# Installs a released statuslint binary for the GitHub Action (action.yml): picks the release
# archive for the runner (RUNNER_OS, RUNNER_ARCH), checks its SHA-256 against the .sha256 file
# published beside it, unpacks it under RUNNER_TEMP and puts it on GITHUB_PATH.
# Archive names: packaging/archive.sh. Environment:
#   STATUSLINT_VERSION      the version to install (action input `version`)
#   STATUSLINT_RELEASE_URL  where the vVERSION/ directories are (default: the GitHub releases;
#                           .ci/packaging-test.sh points it at a local file:// directory)
set -euo pipefail

version="${STATUSLINT_VERSION:?the version to install}"
base="${STATUSLINT_RELEASE_URL:-https://github.com/OWNER/statuslint/releases/download}"
case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *)
    echo "::error::statuslint has no release binary for ${RUNNER_OS:-?} ${RUNNER_ARCH:-?}; install it with 'pip install statuslint' or 'cargo install statuslint' before this action and set install: false"
    exit 1
    ;;
esac
name="statuslint-$version-$target"
archive="$name.tar.gz"
case "$target" in *windows*) archive="$name.zip" ;; esac

dest="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/statuslint-$version"
mkdir -p "$dest"
cd "$dest"
curl --fail --silent --show-error --location --retry 3 -o "$archive" "$base/v$version/$archive"
curl --fail --silent --show-error --location --retry 3 -o "$archive.sha256" "$base/v$version/$archive.sha256"
if command -v sha256sum >/dev/null; then sha256sum -c "$archive.sha256"; else shasum -a 256 -c "$archive.sha256"; fi
case "$archive" in
  *.zip) if command -v unzip >/dev/null; then unzip -q -o "$archive"; else 7z x -y -bd "$archive" >/dev/null; fi ;;
  *) tar -xzf "$archive" ;;
esac
echo "$dest/$name" >>"${GITHUB_PATH:?}"
"$dest/$name/statuslint" --version
