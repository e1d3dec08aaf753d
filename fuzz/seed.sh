#!/usr/bin/env bash
# Adds seeds to OUT/<target>/ (default fuzz/corpus, not committed; what is there already stays):
# the small specs of ../shared/corpus (when present), the repository's fixtures and the examples
# of rules/, and fuzz/seeds/<target>/ (our own inputs and minimized crashers, committed).
# Usage: fuzz/seed.sh [OUT]          SHARED_CORPUS=dir overrides ../shared/corpus
set -euo pipefail
cd "$(dirname "$0")"
repo=$PWD/..
shared=${SHARED_CORPUS:-$repo/../shared/corpus}
out=${1:-corpus}
mkdir -p "$out"
out=$(cd "$out" && pwd)
targets=(yaml_tree json lint_document workspace rust_source fix lsp)
for t in "${targets[@]}"; do mkdir -p "$out/$t"; done

# Specs: small files only (libFuzzer mutates better, and runs faster, on small inputs).
specs=$(mktemp -d)
trap 'rm -rf "$specs"' EXIT
n=0
add_spec() { n=$((n + 1)); cp "$1" "$specs/$n-$(basename "$1")"; }
if [ -d "$shared" ]; then
  while IFS= read -r f; do add_spec "$f"; done < <(find "$shared/many" "$shared/real" -type f \
    \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -32k 2>/dev/null | sort)
fi
while IFS= read -r f; do add_spec "$f"; done < <(find "$repo/fixtures" -type f \
  \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -32k | sort)
# The documented examples of every rule (block scalars under `examples:`), where python3 is.
command -v python3 >/dev/null && python3 - "$repo/rules" "$specs" <<'PY'
import os, re, sys
rules, out = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(rules)):
    lines = open(os.path.join(rules, name), encoding="utf-8").read().split("\n")
    i, k = 0, 0
    while i < len(lines):
        m = re.match(r"^(\s*)- \|[-+]?\s*$", lines[i])
        if not m:
            i += 1
            continue
        indent, body, i = len(m.group(1)), [], i + 1
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
            body.append(lines[i])
            i += 1
        pad = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
        k += 1
        with open(os.path.join(out, f"rule-{name[:-5]}-{k}.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(l[pad:] for l in body).rstrip("\n") + "\n")
PY

for t in yaml_tree lint_document fix; do cp "$specs"/* "$out/$t/"; done
cp "$specs"/*.json "$out"/json/ 2>/dev/null || true
find "$specs" -type f -size -8k -exec cp {} "$out"/lsp/ \;
find "$repo/fixtures" "$repo/tests" -name '*.rs' -path '*fixtures*' -exec cp {} "$out"/rust_source/ \; 2>/dev/null || true
cp "$repo"/fixtures/rust/src/*.rs "$out"/rust_source/
cp "$specs"/* "$out"/workspace/
# Workspaces: every fixture directory of several files, bundled as the workspace target reads them.
for dir in "$repo"/fixtures/multi; do
  root=$dir/api.yaml
  [ -f "$root" ] || continue
  bundle=$out/workspace/bundle-$(basename "$dir")
  cp "$root" "$bundle"
  while IFS= read -r f; do
    rel=${f#"$dir"/}
    [ "$rel" = api.yaml ] && continue
    printf '\0%s\n' "$rel" >>"$bundle"
    cat "$f" >>"$bundle"
  done < <(find "$dir" -type f | sort)
done
for t in "${targets[@]}"; do
  if [ -d "seeds/$t" ]; then cp seeds/"$t"/* "$out/$t/" 2>/dev/null || true; fi
  echo "$t: $(ls "$out/$t" | wc -l) seeds"
done
