#!/usr/bin/env bash
# The fuzz campaign: every target in turn, in two lanes (two processes) at `nice -n 19` so they
# only take CPU the machine leaves idle, until STOP_AT (a `date -d` time, default: 1 hour from
# now). Crashes land in fuzz/artifacts/<target>/; each run's CPU time (user + system, from bash's
# `time`) and executions go to fuzz/logs/runs.tsv. Run fuzz/build.sh and fuzz/seed.sh first.
#   STOP_AT=21:45 SLICE=600 fuzz/campaign.sh      (LANE_A / LANE_B: the targets of each lane)
set -euo pipefail
cd "$(dirname "$0")"
bin=$(./build.sh 2>/dev/null | tail -1)
stop=$(date -d "${STOP_AT:-now + 1 hour}" +%s)
slice=${SLICE:-600}
mkdir -p logs
[ -f logs/runs.tsv ] || printf 'target\twall_s\tuser_s\tsys_s\texecs\texit\n' >logs/runs.tsv

lane() {
  local n=0
  while true; do
    for t in "$@"; do
      local left=$((stop - $(date +%s)))
      [ "$left" -gt 5 ] || return 0
      local secs=$((left < slice ? left : slice))
      n=$((n + 1))
      mkdir -p "artifacts/$t"
      local log="logs/$t.$BASHPID.$n.log" times
      times=$(mktemp)
      local code=0
      { TIMEFORMAT='%R %U %S'; time nice -n 19 "$bin/$t" "corpus/$t" -max_total_time="$secs" \
          -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
          -artifact_prefix="artifacts/$t/" >"$log" 2>&1; } 2>"$times" || code=$?
      local execs
      execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
      read -r wall user sys <"$times"
      rm -f "$times"
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$wall" "$user" "$sys" "${execs:-0}" "$code" >>logs/runs.tsv
    done
  done
}

read -ra lane_a <<<"${LANE_A:-yaml_tree lint_document workspace lsp}"
read -ra lane_b <<<"${LANE_B:-json fix rust_source lint_document}"
lane "${lane_a[@]}" &
lane "${lane_b[@]}" &
wait
./summary.sh
