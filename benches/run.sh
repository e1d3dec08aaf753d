#!/usr/bin/env bash
# statuslint benchmark (issue 2 "Proof", issue 3 "Scale and proof").
#
# Times whole processes on the same files:
#   - bareparse (benches/bareparse): serde_yaml 0.9 (YAML) or serde_json (JSON) -> serde_json::Value, exit;
#   - statuslint --format short (output to /dev/null);
#   - with --anchors: Spectral CLI 6.16.3 and Redocly CLI 2.77.0, installed with npm into a temp dir.
# Sections: (b) large/representative specs of corpus/real, one process per file; (c) the whole
# corpus/many set in one process; (d) a 1,000-spec directory made from corpus/many copies.
# Goal (issue 2): statuslint costs <= 1.5x the bare parse in time and <= 3x in peak memory.
#
# Usage: benches/run.sh [--anchors] [--runs N] [--quick] [--max-busy PCT] [--max-wait S]
#                       [--no-build] [--no-write] [--corpus DIR] [--spec FILE]...
#   --runs N       measured runs per command after 1 warm-up (default 7; minimum 5 is advised);
#                  files under 100 KB get at least 21 (their few ms are of the order of the jitter)
#   --quick        3 runs, skip the 1,000-spec directory (a smoke test, not for RESULTS.md)
#   --anchors      also time Spectral and Redocly (adds ~10 minutes on 2 cores)
#   --max-busy P   before each group, wait until the CPUs were at most P% busy (others' work) over
#                  1 s, giving up after --max-wait seconds (default 25% / 240 s); the figure is recorded
#   --no-build     reuse the binaries of the last build
#   --rev REV      benchmark statuslint at git revision REV (built from a `git archive` snapshot under
#                  /tmp) instead of the work tree; without it, a work tree that does not build (someone
#                  mid-edit) falls back to HEAD, and the report says which was measured
#   --no-write     print the table only; do not rewrite benches/RESULTS.md
#   --spec FILE    a file of corpus/real, or a path relative to the corpus such as many/x.json, to time
#                  one process per file (repeatable; replaces the default list). The default list is
#                  the large and representative specs of corpus/real, plus one minified one-line JSON
#                  of corpus/many with many findings (many/apisguru-atlassian.com-jira.json)
# Env: BAREPARSE_TARGET_DIR (default /tmp/statuslint-bench-target) is where bareparse is built, so no
#      target dir lands in the repo; statuslint is built where cargo puts it (CARGO_TARGET_DIR or target/);
#      ANCHOR_DIR (default /tmp/statuslint-bench-anchors) keeps the npm install between runs.
#
# Timing: wall from bash's $EPOCHREALTIME (microseconds), user and sys from bash's `time` (1 ms)
# around `/usr/bin/time -f "%e %U %S %M"`, which gives the peak RSS (%M, KiB) of the measured
# process (its own 10 ms figures are kept in the raw log). Every figure is the MEDIAN over the measured runs. The
# commands of one spec are interleaved run by run (bare, statuslint, bare, statuslint, ...) so that
# load from other processes hits both alike. Before each group the script waits (bounded) for a quiet
# machine and records the load; a run of >= 0.2 s during which other processes took > 20% of its wall
# in CPU is redone (at most twice).

set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
CMDLINE="benches/run.sh${*:+ $*}"

RUNS=7
ANCHORS=0
QUICK=0
MAX_BUSY=25
MAX_WAIT=240
BUILD=1
REV=
WRITE=1
CORPUS=$(cd "$ROOT/.." && pwd)/shared/corpus
SPECS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --anchors) ANCHORS=1 ;;
    --runs) RUNS=$2; shift ;;
    --quick) QUICK=1; RUNS=3 ;;
    --max-busy) MAX_BUSY=$2; shift ;;
    --max-wait) MAX_WAIT=$2; shift ;;
    --no-build) BUILD=0 ;;
    --rev) REV=$2; shift ;;
    --no-write) WRITE=0 ;;
    --corpus) CORPUS=$(cd "$2" && pwd); shift ;;
    --spec) SPECS+=("$2"); shift ;;
    -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ ${#SPECS[@]} -eq 0 ]; then
  SPECS=(oai-v3.0-petstore.yaml discord-openapi.json openai-openapi.yaml stripe-spec3.json
         stripe-spec3.yaml github-api.github.com.json github-api.github.com.yaml
         many/apisguru-atlassian.com-jira.json)
fi
# A spec is a file of corpus/real, or a path relative to the corpus (many/...).
spec_path() { case "$1" in */*) echo "$CORPUS/$1" ;; *) echo "$CORPUS/real/$1" ;; esac; }
[ -d "$CORPUS/real" ] && [ -d "$CORPUS/many" ] || { echo "run.sh: no corpus at $CORPUS" >&2; exit 2; }

BP_TARGET=${BAREPARSE_TARGET_DIR:-/tmp/statuslint-bench-target}
SL_TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
ANCHOR_DIR=${ANCHOR_DIR:-/tmp/statuslint-bench-anchors}
WORK=$(mktemp -d /tmp/statuslint-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
RAW=$WORK/raw.tsv          # key run wall user sys rss_kib rc time_e time_U time_S foreign_cpu_s retries
COND=$WORK/cond.tsv        # key load1 busy_pct waited_s
NOTES=$WORK/notes.txt
: >"$RAW"; : >"$COND"; : >"$NOTES"

log() { printf '%s\n' "$*" >&2; }

# --- tools ------------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  log "installing GNU time (apt-get)"
  (apt-get update -qq && apt-get install -y -qq time) >&2
fi

# build_rev REV: statuslint from a clean `git archive REV` snapshot (target dir under /tmp).
build_rev() {
  local rev sha snap
  rev=$1
  sha=$(git -C "$ROOT" rev-parse --short "$rev^{commit}")
  snap=/tmp/statuslint-bench-src/$sha
  log "building statuslint at $rev ($sha) from a git archive snapshot in $snap ..."
  if [ ! -f "$snap/Cargo.toml" ]; then
    mkdir -p "$snap"
    git -C "$ROOT" archive --format=tar "$sha" | tar -x -C "$snap"
  fi
  (cd "$snap" && CARGO_TARGET_DIR=$BP_TARGET/statuslint-snapshot cargo build --release --locked --quiet) >&2
  cp "$BP_TARGET/statuslint-snapshot/release/statuslint" "$WORK/statuslint"
  SL_BUILT="commit $sha (clean snapshot of \`$rev\`)"
}

# Copies of the binaries: another engineer's build must not swap one in the middle of a run.
if [ "$BUILD" = 1 ]; then
  log "building bareparse ..."
  (cd "$HERE/bareparse" && CARGO_TARGET_DIR=$BP_TARGET cargo build --release --locked --quiet) >&2
  if [ -n "$REV" ]; then
    build_rev "$REV"
  else
    log "building statuslint in the work tree (cargo build --release --locked) ..."
    if (cd "$ROOT" && cargo build --release --locked --quiet) >&2; then
      cp "$SL_TARGET/release/statuslint" "$WORK/statuslint"
      SL_BUILT="the work tree at $(git -C "$ROOT" rev-parse --short HEAD)$([ -z "$(git -C "$ROOT" status --porcelain -- src rules build.rs Cargo.toml Cargo.lock 2>/dev/null)" ] || echo ' plus uncommitted changes in src/, rules/ or Cargo.*')"
    else
      log "the work tree does not build (someone is mid-edit?): falling back to HEAD"
      build_rev HEAD
      SL_BUILT="$SL_BUILT -- the work tree did not build at the time"
    fi
  fi
else
  cp "$SL_TARGET/release/statuslint" "$WORK/statuslint"
  SL_BUILT="the binary left in $SL_TARGET/release by an earlier build (--no-build)"
fi
cp "$BP_TARGET/release/bareparse" "$WORK/bareparse"
SL=$WORK/statuslint
BP=$WORK/bareparse

SPECTRAL= REDOCLY=
if [ "$ANCHORS" = 1 ]; then
  if [ ! -x "$ANCHOR_DIR/node_modules/.bin/spectral" ] || [ ! -x "$ANCHOR_DIR/node_modules/.bin/redocly" ] \
     || ! grep -q '"version": "6.16.3"' "$ANCHOR_DIR/node_modules/@stoplight/spectral-cli/package.json" 2>/dev/null \
     || ! grep -q '"version": "2.77.0"' "$ANCHOR_DIR/node_modules/@redocly/cli/package.json" 2>/dev/null; then
    log "installing @stoplight/spectral-cli@6.16.3 @redocly/cli@2.77.0 into $ANCHOR_DIR (npm) ..."
    mkdir -p "$ANCHOR_DIR"
    (cd "$ANCHOR_DIR" && [ -f package.json ] || echo '{"private":true}' >"$ANCHOR_DIR/package.json")
    (cd "$ANCHOR_DIR" && npm install --no-audit --no-fund --loglevel=error \
        @stoplight/spectral-cli@6.16.3 @redocly/cli@2.77.0) >&2
  fi
  SPECTRAL=$ANCHOR_DIR/node_modules/.bin/spectral
  REDOCLY=$ANCHOR_DIR/node_modules/.bin/redocly
  export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
  RULESET=$CORPUS/../perf-baseline/spectral-ruleset.yaml
  [ -f "$RULESET" ] || { RULESET=$WORK/spectral-ruleset.yaml; echo 'extends: ["spectral:oas"]' >"$RULESET"; }
fi

# --- measuring --------------------------------------------------------------------------------
# busy_pct: percent of all CPUs busy over 1 s (while this script sleeps, so: other processes).
busy_pct() {
  local a1 a2 t1 t2 i1 i2
  read -r _ a1 <<<"$(head -1 /proc/stat)"
  sleep 1
  read -r _ a2 <<<"$(head -1 /proc/stat)"
  # shellcheck disable=SC2086
  t1=$(echo $a1 | awk '{s=0; for(i=1;i<=8;i++) s+=$i; print s, $4+$5}')
  # shellcheck disable=SC2086
  t2=$(echo $a2 | awk '{s=0; for(i=1;i<=8;i++) s+=$i; print s, $4+$5}')
  awk -v a="$t1" -v b="$t2" 'BEGIN{split(a,x," "); split(b,y," "); d=y[1]-x[1]; i=y[2]-x[2];
      if (d<=0) print 0; else printf "%d\n", 100*(d-i)/d}'
}

# settle KEY: wait for a quiet machine (bounded), then record the conditions for KEY.
settle() {
  local key=$1 start=$SECONDS b
  b=$(busy_pct)
  while [ "$b" -gt "$MAX_BUSY" ] && [ $((SECONDS - start)) -lt "$MAX_WAIT" ]; do
    sleep 4
    b=$(busy_pct)
  done
  # (the first 1-s sample is not waiting)
  printf '%s\t%s\t%s\t%s\n' "$key" "$(cut -d' ' -f1 /proc/loadavg)" "$b" "$((SECONDS - start > 1 ? SECONDS - start - 1 : 0))" >>"$COND"
  if [ "$b" -gt "$MAX_BUSY" ]; then
    log "  note: machine still ${b}% busy after ${MAX_WAIT}s; measuring anyway"
  fi
}

# cpu_busy_ticks: busy clock ticks of all CPUs so far (from /proc/stat).
cpu_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# once KEY RUN OUT ENVSPEC CMD...: one timed run (RUN=0 is the warm-up, not used in medians).
# ENVSPEC is "-" or a VAR=value to set for the command only.
# Contention guard: for runs of 0.2 s or more, the CPU time the machine spent on OTHER processes
# during the run is computed (/proc/stat busy ticks less the run's own user+sys); when it exceeds
# 20% of the run's wall (someone compiling on the other core), the run is discarded and redone,
# at most twice, after a pause. The raw log keeps the figure and the number of retries.
once() {
  local key=$1 run=$2 out=$3 envspec=$4; shift 4
  local tf=$WORK/time.out bt=$WORK/btime.out rc attempt=0
  local -a envcmd=()
  [ "$envspec" != "-" ] && envcmd=(env "$envspec")
  local t0 t1 b0 b1 wall user sys te tU tS rss foreign
  while :; do
    rc=0
    b0=$(cpu_busy_ticks)
    t0=$EPOCHREALTIME
    {
      TIMEFORMAT='%3R %3U %3S'
      time "${envcmd[@]}" /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$out" 2>"$WORK/stderr.$key"
    } 2>"$bt" || rc=$?
    t1=$EPOCHREALTIME
    b1=$(cpu_busy_ticks)
    read -r wall user sys <"$bt"
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{ printf "%.6f", b - a }')   # microseconds, not bash's ms
    read -r te tU tS rss <<<"$(tail -1 "$tf")"
    foreign=$(awk -v b0="$b0" -v b1="$b1" -v hz="$CLK_TCK" -v u="$user" -v s="$sys" \
      'BEGIN{ f = (b1 - b0) / hz - u - s; if (f < 0) f = 0; printf "%.2f", f }')
    if [ "$run" -gt 0 ] && [ "$attempt" -lt 2 ] && awk -v w="$wall" -v f="$foreign" 'BEGIN{ exit !(w >= 0.2 && f > 0.2 * w) }'; then
      attempt=$((attempt + 1))
      log "  note: $key run $run shared the CPUs (${foreign}s of other processes' CPU in ${wall}s): redoing it"
      sleep 5
      continue
    fi
    break
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$run" "$wall" "$user" "$sys" "$rss" "$rc" "$te" "$tU" "$tS" "$foreign" "$attempt" >>"$RAW"
  return 0
}

# stats KEY -> "n wall cpu rss_mib rc" (medians; rc of the last run)
stats() {
  awk -F'\t' -v k="$1" '
    function med(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
      return (n % 2) ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
    }
    $1 == k && $2 > 0 { n++; w[n] = $3; c[n] = $4 + $5; m[n] = $6 / 1024; rc = $7 }
    END { if (n == 0) { print "0 - - - -"; exit } printf "%d %.4f %.3f %.1f %s\n", n, med(w, n), med(c, n), med(m, n), rc }
  ' "$RAW"
}

cond_of() { awk -F'\t' -v k="$1" '$1 == k { printf "load %s, %s%% busy", $2, $3; if ($4 > 0) printf " (waited %ss)", $4 }' "$COND"; }

human_size() { awk -v b="$1" 'BEGIN{ if (b >= 1048576) printf "%.1f MB", b/1048576; else printf "%.1f KB", b/1024 }'; }

# goal_of WALL BARE_WALL RSS BARE_RSS [PREFIX]: "time OK|MISSED, mem OK|MISSED" (issue 2: <= 1.5x, <= 3x)
goal_of() {
  awk -v t="$1" -v b="$2" -v m="$3" -v bm="$4" -v p="${5:-}" 'BEGIN{
      if (p != "") printf "%s -> ", p
      if (b == "-" || b + 0 == 0) { print "n/a"; exit }
      tt = (t / b <= 1.5) ? "time OK" : "time MISSED"; mm = (m / bm <= 3) ? "mem OK" : "mem MISSED"; print tt ", " mm }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2fx", a/b }'; }

# --- (b) per-spec runs ------------------------------------------------------------------------
SPEC_ROWS=$WORK/spec_rows.md
: >"$SPEC_ROWS"

# The harness's own cost: a process that does nothing (/bin/true), timed the same way. Rows near it
# are start-up and fork/exec, not parsing or linting. (Not subtracted: a Rust binary's own start-up
# is part of "the bare cost ... timed as a whole process".)
# Tiny files (< 100 KB) take a few ms, where a 2-vCPU VM's scheduling jitter is of the same order:
# they get at least SMALL_RUNS runs.
SMALL_RUNS=$((QUICK == 1 ? RUNS : (RUNS < 21 ? 21 : RUNS)))
log "== harness floor (/bin/true, $SMALL_RUNS runs)"
TRUE_BIN=$(command -v true | grep / || echo /bin/true)
settle harness
once harness 0 /dev/null - "$TRUE_BIN"
for ((r = 1; r <= SMALL_RUNS; r++)); do once harness "$r" /dev/null - "$TRUE_BIN"; done
read -r hn hw hc hm _ <<<"$(stats harness)"
printf '| (harness floor) | %s, timed the same way | %s | %s | %s | %s | | | | | a do-nothing process; %s |\n' "$TRUE_BIN" "$hn" "$hw" "$hc" "$hm" "$(cond_of harness)" >>"$SPEC_ROWS"
VERDICTS=$WORK/verdicts.md
: >"$VERDICTS"

for spec in "${SPECS[@]}"; do
  file=$(spec_path "$spec")
  [ -f "$file" ] || { log "skip $spec: not in $CORPUS/real"; continue; }
  bytes=$(stat -c %s "$file")
  k=${spec//[^A-Za-z0-9]/_}
  log "== $spec ($(human_size "$bytes"))"

  # The bare-parse floor. serde_yaml rejects integers outside i64 (openai-openapi.yaml line 33420:
  # minimum: -9223372036854776000): then the floor is taken on a copy where those out-of-range
  # integers are clamped to i64::MIN/MAX (same size +-bytes, same structure), and the row says so.
  bare_file=$file
  bare_note=""
  if ! "$BP" "$file" 2>"$WORK/bare_err"; then
    bare_file=$WORK/clamped-$(basename "$spec")
    sed -E -e 's/: -9223372036854776000$/: -9223372036854775808/' -e 's/: 9223372036854776000$/: 9223372036854775807/' "$file" >"$bare_file"
    if "$BP" "$bare_file" 2>/dev/null; then
      bare_note=" (on a copy: out-of-i64 ints clamped)"
      printf -- '- %s: the bare parse FAILS on the original (%s); its floor is measured on a copy with the out-of-range integers clamped to i64 (the file statuslint lints is the original).\n' \
        "$spec" "$(head -c 300 "$WORK/bare_err" | tr '\n' ' ')" >>"$NOTES"
    else
      bare_note=" FAILS"
      bare_file=""
      printf -- '- %s: the bare parse FAILS (%s); no ratio.\n' "$spec" "$(head -c 300 "$WORK/bare_err" | tr '\n' ' ')" >>"$NOTES"
    fi
  fi

  settle "$k"
  # warm-up (run 0): also captures statuslint's findings
  [ -n "$bare_file" ] && once "$k.bare" 0 /dev/null - "$BP" "$bare_file"
  once "$k.sl" 0 "$WORK/sl.$k.out" - "$SL" --format short "$file"
  findings=$(wc -l <"$WORK/sl.$k.out")
  summary=$(tail -1 "$WORK/stderr.$k.sl")
  n_runs=$RUNS
  [ "$bytes" -lt 100000 ] && n_runs=$SMALL_RUNS
  for ((r = 1; r <= n_runs; r++)); do
    [ -n "$bare_file" ] && once "$k.bare" "$r" /dev/null - "$BP" "$bare_file"
    once "$k.sl" "$r" /dev/null - "$SL" --format short "$file"
  done
  settle "$k.after"
  cond="$(cond_of "$k"); after: $(cond_of "$k.after")"

  read -r bn bw bc bm _ <<<"$(stats "$k.bare")"
  read -r sn sw sc sm src <<<"$(stats "$k.sl")"
  [ -z "$bare_file" ] && { bw=-; bc=-; bm=-; }
  tr=$(ratio "$sw" "$bw"); cr=$(ratio "$sc" "$bc"); mr=$(ratio "$sm" "$bm")
  goal=$(goal_of "$sw" "$bw" "$sm" "$bm")
  {
    printf '| %s (%s) | bareparse%s | %s | %s | %s | %s | | | | | %s |\n' "$spec" "$(human_size "$bytes")" "$bare_note" "$bn" "$bw" "$bc" "$bm" "$cond"
    printf '| | statuslint | %s | %s | %s | %s | %s | %s | %s | **%s** | %s findings, exit %s |\n' "$sn" "$sw" "$sc" "$sm" "$tr" "$cr" "$mr" "$goal" "$findings" "$src"
  } >>"$SPEC_ROWS"
  printf -- '- %s: wall %s, CPU %s, peak memory %s -> %s\n' "$spec" "$tr" "$cr" "$mr" "$goal" >>"$VERDICTS"
  log "   bare ${bw}s ${bm}MiB | statuslint ${sw}s ${sm}MiB | ${tr} time, ${mr} mem | $summary"
done

# --- anchors ----------------------------------------------------------------------------------
if [ "$ANCHORS" = 1 ]; then
  for spec in "${SPECS[@]}"; do
    file=$(spec_path "$spec")
    [ -f "$file" ] || continue
    bytes=$(stat -c %s "$file")
    k=${spec//[^A-Za-z0-9]/_}
    read -r _ bw bc bm _ <<<"$(stats "$k.bare")"
    [ -z "$(awk -F'\t' -v k="$k.bare" '$1==k' "$RAW")" ] && { bw=-; bc=-; bm=-; }
    # runs: >= 5 below 2 MB; 3 up to 5 MB; above that 1 for Spectral (~60 s, 2.5 GB each) and 3 for Redocly
    if [ "$bytes" -lt 2000000 ]; then sr=$((RUNS < 5 ? RUNS : 5)); rr=$sr
    elif [ "$bytes" -lt 5000000 ]; then sr=3; rr=3
    else sr=1; rr=3; fi
    [ "$QUICK" = 1 ] && { sr=1; rr=1; }
    log "== anchors on $spec (spectral x$sr, redocly x$rr)"
    settle "$k.anchors"
    [ "$sr" -gt 1 ] && once "$k.spectral" 0 /dev/null - "$SPECTRAL" lint "$file" -r "$RULESET"
    for ((r = 1; r <= sr; r++)); do once "$k.spectral" "$r" /dev/null - "$SPECTRAL" lint "$file" -r "$RULESET"; done
    once "$k.redocly" 0 /dev/null - "$REDOCLY" lint "$file"
    for ((r = 1; r <= rr; r++)); do once "$k.redocly" "$r" /dev/null - "$REDOCLY" lint "$file"; done
    for tool in spectral redocly; do
      read -r n w c m rc <<<"$(stats "$k.$tool")"
      printf '| %s (%s) | %s | %s | %s | %s | %s | %s | %s | %s | | exit %s; %s |\n' "$spec" "$(human_size "$bytes")" "$tool" "$n" "$w" "$c" "$m" \
        "$(ratio "$w" "$bw")" "$(ratio "$c" "$bc")" "$(ratio "$m" "$bm")" "$rc" "$(cond_of "$k.anchors")" >>"$WORK/anchor_rows.md"
      log "   $tool ${w}s ${m}MiB ($(ratio "$w" "$bw") time vs bare)"
    done
  done
fi

# --- (c) the whole corpus/many set, and (d) a 1,000-spec directory ----------------------------
DIR_ROWS=$WORK/dir_rows.md
: >"$DIR_ROWS"

# dir_bench LABEL KEY DIR: bareparse many (serial, 1 process) vs statuslint DIR (2 threads and 1)
dir_bench() {
  local label=$1 k=$2 dir=$3 nfiles bytes
  local -a files
  mapfile -t files < <(find "$dir" -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) | sort)
  nfiles=${#files[@]}
  bytes=$(cat "${files[@]}" | wc -c)
  log "== $label: $nfiles files, $(human_size "$bytes")"
  settle "$k"
  once "$k.bare" 0 /dev/null - "$BP" many "${files[@]}"
  once "$k.sl2" 0 "$WORK/sl.$k.out" - "$SL" --format short "$dir"
  once "$k.sl1" 0 /dev/null RAYON_NUM_THREADS=1 "$SL" --format short "$dir"
  local findings summary
  findings=$(wc -l <"$WORK/sl.$k.out")
  summary=$(tail -1 "$WORK/stderr.$k.sl2")
  for ((r = 1; r <= RUNS; r++)); do
    once "$k.bare" "$r" /dev/null - "$BP" many "${files[@]}"
    once "$k.sl2" "$r" /dev/null - "$SL" --format short "$dir"
    once "$k.sl1" "$r" /dev/null RAYON_NUM_THREADS=1 "$SL" --format short "$dir"
  done
  settle "$k.after"
  local bn bw bc bm sn sw sc sm src
  read -r bn bw bc bm _ <<<"$(stats "$k.bare")"
  {
    printf '| %s: %s files, %s | bareparse many (serial, 1 process) | %s | %s | %s | %s | | | | %s; after: %s |\n' \
      "$label" "$nfiles" "$(human_size "$bytes")" "$bn" "$bw" "$bc" "$bm" "$(cond_of "$k")" "$(cond_of "$k.after")"
    read -r sn sw sc sm src <<<"$(stats "$k.sl2")"
    printf '| | statuslint DIR (2 threads: rayon default on %s CPUs) | %s | %s | %s | %s | %s | %s | %s | %s findings, exit %s; %s ms/file |\n' \
      "$(nproc)" "$sn" "$sw" "$sc" "$sm" "$(ratio "$sw" "$bw")" "$(ratio "$sc" "$bc")" "$(ratio "$sm" "$bm")" "$findings" "$src" \
      "$(awk -v w="$sw" -v n="$nfiles" 'BEGIN{printf "%.2f", 1000*w/n}')"
    printf -- '- %s (%s files), statuslint with 2 threads vs the serial bare parse: %s\n' "$label" "$nfiles" \
      "$(goal_of "$sw" "$bw" "$sm" "$bm" "wall $(ratio "$sw" "$bw"), CPU $(ratio "$sc" "$bc"), peak memory $(ratio "$sm" "$bm")")" >>"$VERDICTS"
    read -r sn sw sc sm src <<<"$(stats "$k.sl1")"
    printf -- '- %s (%s files), statuslint on 1 thread (RAYON_NUM_THREADS=1) vs the serial bare parse: %s\n' "$label" "$nfiles" \
      "$(goal_of "$sw" "$bw" "$sm" "$bm" "wall $(ratio "$sw" "$bw"), CPU $(ratio "$sc" "$bc"), peak memory $(ratio "$sm" "$bm")")" >>"$VERDICTS"
    printf '| | statuslint DIR (RAYON_NUM_THREADS=1) | %s | %s | %s | %s | %s | %s | %s | %s ms/file |\n' \
      "$sn" "$sw" "$sc" "$sm" "$(ratio "$sw" "$bw")" "$(ratio "$sc" "$bc")" "$(ratio "$sm" "$bm")" \
      "$(awk -v w="$sw" -v n="$nfiles" 'BEGIN{printf "%.2f", 1000*w/n}')"
  } >>"$DIR_ROWS"
  log "   $summary"
}

dir_bench "corpus/many" many "$CORPUS/many"

if [ "$QUICK" = 0 ]; then
  # 1,000 specs: corpus/many copied round after round under distinct names until 1,000 files.
  THOUSAND=$WORK/thousand
  mkdir -p "$THOUSAND"
  mapfile -t manyfiles < <(find "$CORPUS/many" -maxdepth 1 -type f \( -name '*.json' -o -name '*.yaml' \) | sort)
  count=0 round=1
  while [ "$count" -lt 1000 ]; do
    for f in "${manyfiles[@]}"; do
      [ "$count" -ge 1000 ] && break
      cp "$f" "$THOUSAND/r$round-$(basename "$f")"
      count=$((count + 1))
    done
    round=$((round + 1))
  done
  dir_bench "1,000 specs (corpus/many copied $((round - 1)) rounds)" thousand "$THOUSAND"
fi

# --- report -----------------------------------------------------------------------------------
cpu_model=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem_total=$(awk '/^MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
node_v=$( [ "$ANCHORS" = 1 ] && node --version || echo "-")

REPORT=$WORK/report.md
{
  echo "Generated by \`$CMDLINE\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "Machine: $(nproc) CPUs, $cpu_model, $mem_total RAM; $(uname -sr); $(rustc --version); $( [ "$ANCHORS" = 1 ] && echo "Node $node_v; " )"
  echo "statuslint: $SL_BUILT, built with \`cargo build --release --locked\`; bareparse = benches/bareparse"
  echo "(serde_json $(awk '/name = "serde_json"/ {getline; gsub(/[^0-9.]/,""); print; exit}' "$HERE/bareparse/Cargo.lock"), serde_yaml $(awk '/name = "serde_yaml"/ {getline; gsub(/version = |"/,""); print; exit}' "$HERE/bareparse/Cargo.lock"))."
  echo "Load: uptime at the end: \`$(uptime | sed 's/^ *//')\`; per group, the 1-min load average and how busy"
  echo "the CPUs were over 1 s just before (and after) the group are in the last column (100% = both cores)."
  echo "Runs of >= 0.2 s during which other processes took > 20% of the wall in CPU were redone (at most twice):"
  echo "$(awk -F'\t' '$12 > 0 { n++; t += $12 } END { printf "%d run(s) redone, %d retries in all", n, t }' "$RAW"); the raw log (RESULTS.raw.tsv) has every run."
  echo
  echo "Figures are MEDIANS over n runs after 1 warm-up: wall seconds, CPU = user+sys seconds, peak RSS MiB;"
  echo "ratios are statuslint (or the anchor) over the bare parse of the same file. Goal (issue 2):"
  echo "time <= 1.5x, peak memory <= 3x. Walls near the harness floor (the /bin/true row: fork/exec through"
  echo "bash and /usr/bin/time) are mostly start-up, and their ratios are squeezed towards 1."
  echo
  echo "### (b) One process per spec (corpus/real; \`many/...\` rows are from corpus/many)"
  echo
  echo "| spec | command | n | wall s | CPU s | peak MiB | wall x bare | CPU x bare | mem x bare | goal | notes / conditions |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
  cat "$SPEC_ROWS"
  if [ -s "$NOTES" ]; then echo; cat "$NOTES"; fi
  echo
  echo "Against the goal (time judged on wall clock; CPU for reference):"
  echo
  cat "$VERDICTS"
  if [ "$ANCHORS" = 1 ] && [ -s "$WORK/anchor_rows.md" ]; then
    echo
    echo "### Anchors, same machine and run (Spectral \`lint FILE -r spectral-ruleset.yaml\`; Redocly \`lint\`, recommended config)"
    echo
    echo "| spec | tool | n | wall s | CPU s | peak MiB | wall x bare | CPU x bare | mem x bare | | notes / conditions |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
    cat "$WORK/anchor_rows.md"
  fi
  echo
  echo "### (c) The whole corpus/many set in one process, (d) a 1,000-spec directory"
  echo
  echo "| set | command | n | wall s | CPU s | peak MiB | wall x bare | CPU x bare | mem x bare | notes / conditions |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
  cat "$DIR_ROWS"
  echo
  echo "The bare parse over a set parses the files one after another in one process and drops each"
  echo "Value before the next; statuslint lints them in parallel (rayon, one thread per CPU unless"
  echo "RAYON_NUM_THREADS says otherwise) and writes each file's findings in path order as soon as the"
  echo "files before it are written, then drops the file (at most 4 files per thread linted ahead)."
} >"$REPORT"

cat "$REPORT"
{ printf 'key\trun\twall_s\tuser_s\tsys_s\tmaxrss_kib\texit\ttime_e\ttime_U\ttime_S\tother_procs_cpu_s\tretries\n'; cat "$RAW"; } >"$WORK/raw_with_header"

if [ "$WRITE" = 1 ]; then
  # RESULTS.md: the generated part sits between markers; hand-written notes around it are kept.
  RES=$HERE/RESULTS.md
  if [ -f "$RES" ] && grep -q '<!-- BEGIN GENERATED' "$RES"; then
    awk -v rep="$REPORT" '
      /<!-- BEGIN GENERATED/ { print; while ((getline l < rep) > 0) print l; skip = 1; next }
      /<!-- END GENERATED/ { skip = 0 }
      !skip { print }' "$RES" >"$WORK/res.md"
    cp "$WORK/res.md" "$RES"
  else
    {
      echo "# statuslint benchmark"
      echo
      echo "<!-- BEGIN GENERATED by benches/run.sh: everything up to END is rewritten on each run -->"
      cat "$REPORT"
      echo "<!-- END GENERATED -->"
    } >"$RES"
  fi
  cp "$WORK/raw_with_header" "$HERE/RESULTS.raw.tsv"
  log "wrote $RES and $HERE/RESULTS.raw.tsv"
fi
