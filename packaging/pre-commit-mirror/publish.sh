#!/usr/bin/env bash
# Writes the pre-commit mirror for one statuslint version into a checkout of the mirror
# repository (OWNER/statuslint-pre-commit), commits it and tags it vVERSION.
#
# Usage: packaging/pre-commit-mirror/publish.sh VERSION MIRROR_CHECKOUT [--push]
#   VERSION          the statuslint version on PyPI, e.g. 0.1.0 (its wheel must be published first)
#   MIRROR_CHECKOUT  a git clone of the mirror repository (or an empty git repository)
#   --push           also push the commit and the tag (the release workflow passes it)
# Re-running for a version that is already tagged does nothing.
set -euo pipefail

[ $# -ge 2 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
version="$1" mirror="$2" push="${3:-}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([.-][0-9A-Za-z.]+)?$ ]] || { echo "not a version: $version" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"

if git -C "$mirror" rev-parse -q --verify "refs/tags/v$version" >/dev/null; then
  echo "the mirror already has v$version"
  exit 0
fi

cp "$here/template/.pre-commit-hooks.yaml" "$here/template/README.md" "$mirror/"
# The template pins the version it was last published for; the pin and the README's rev follow.
sed -E -e "s/^version = \".*\"$/version = \"$version\"/" \
  -e "s/\"statuslint==[^\"]*\"/\"statuslint==$version\"/" \
  "$here/template/pyproject.toml" >"$mirror/pyproject.toml"
sed -i -E "s/rev: v[0-9][^ ]*/rev: v$version/" "$mirror/README.md"

git -C "$mirror" add .pre-commit-hooks.yaml pyproject.toml README.md
git -C "$mirror" -c commit.gpgsign=false commit -q -m "statuslint $version"
git -C "$mirror" -c tag.gpgsign=false tag -a "v$version" -m "statuslint $version"
echo "mirror: committed and tagged v$version in $mirror"
if [ "$push" = "--push" ]; then
  git -C "$mirror" push origin HEAD "refs/tags/v$version"
fi
