#!/usr/bin/env bash
# Sums fuzz/logs/runs.tsv per target: runs, executions, CPU hours, crashes (non-zero exits).
cd "$(dirname "$0")"
awk -F'\t' 'NR > 1 {
  runs[$1]++; execs[$1] += $5; cpu[$1] += $3 + $4; wall[$1] += $2; if ($6 != 0 && $6 != 72) bad[$1]++
  tc += $3 + $4; te += $5
} END {
  printf "%-14s %5s %12s %9s %9s %7s\n", "target", "runs", "executions", "cpu_h", "wall_h", "failed"
  for (t in runs) printf "%-14s %5d %12d %9.3f %9.3f %7d\n", t, runs[t], execs[t], cpu[t] / 3600, wall[t] / 3600, bad[t]
  printf "total: %d executions, %.3f CPU hours\n", te, tc / 3600
}' logs/runs.tsv
