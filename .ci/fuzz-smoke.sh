#!/usr/bin/env bash
# Builds the fuzz targets (fuzz/, stable toolchain, no cargo-fuzz) and runs each for a few seconds
# on its seeds: the repository's fixtures, the rules' examples, fuzz/seeds/ and, when present,
# the small specs of ../shared/corpus. A crash, a hang (-timeout) or an invariant break fails it.
# Budget: under 4 minutes on 2 cores, build included (the `smoke` profile builds at opt-level 1).
#   bash .ci/fuzz-smoke.sh            SECONDS_EACH=5 by default
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
each=${SECONDS_EACH:-5}
started=$SECONDS
bin=$(PROFILE=smoke ./build.sh | tail -1)
echo "fuzz-smoke: built in $((SECONDS - started))s"
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Seeds in a directory of its own: fuzz/corpus may be a running campaign's.
./seed.sh "$work/seeds" >/dev/null
for t in yaml_tree json lint_document workspace rust_source fix lsp; do
  # What the run finds goes to $work/$t: nothing in the repository grows.
  mkdir -p "$work/$t" "$work/artifacts-$t"
  if "$bin/$t" "$work/$t" "$work/seeds/$t" -max_total_time="$each" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$work/artifacts-$t/" >"$work/$t.log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $t: $(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log") executions"
  else
    failed=$((failed + 1))
    echo "FAIL $t"
    tail -40 "$work/$t.log"
  fi
done
echo "fuzz-smoke: $passed passed, $failed failed (in $((SECONDS - started))s)"
[ "$failed" -eq 0 ]
