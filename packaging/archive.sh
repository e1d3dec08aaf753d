#!/usr/bin/env bash
# Packs one release binary the way cargo-binstall (Cargo.toml's [package.metadata.binstall]) and the
# GitHub Action (action.yml) expect it:
#   OUT_DIR/statuslint-VERSION-TARGET.tar.gz (.zip for Windows targets), holding the directory
#   statuslint-VERSION-TARGET/ with statuslint[.exe], README.md and the licences, and beside it
#   the archive's SHA-256 as OUT_DIR/statuslint-VERSION-TARGET.tar.gz.sha256 (`HASH  NAME`).
# Usage: packaging/archive.sh VERSION TARGET BINARY OUT_DIR
set -euo pipefail
[ $# -eq 4 ] || { sed -n '2,7p' "$0" >&2; exit 2; }
version="$1" target="$2" binary="$3" out="$4"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
name="statuslint-$version-$target"
exe=statuslint
case "$target" in *windows*) exe=statuslint.exe ;; esac

mkdir -p "$out"
out="$(cd "$out" && pwd -P)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
cp "$root/README.md" "$root/LICENSE-MIT" "$root/LICENSE-APACHE" "$stage/$name/"

case "$target" in
  *windows*)
    archive="$name.zip"
    (cd "$stage" && if command -v zip >/dev/null; then zip -qr "$out/$archive" "$name"; else 7z a -bd -tzip "$out/$archive" "$name" >/dev/null; fi)
    ;;
  *)
    archive="$name.tar.gz"
    tar -C "$stage" -czf "$out/$archive" "$name"
    ;;
esac
if command -v sha256sum >/dev/null; then sum=(sha256sum); else sum=(shasum -a 256); fi
(cd "$out" && "${sum[@]}" "$archive" >"$archive.sha256")
echo "$out/$archive"
