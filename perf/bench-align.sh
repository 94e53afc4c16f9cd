#!/usr/bin/env bash
# perf/bench-align.sh -- how closely a time-aligned start (-ta, RunCommandRequest.TimeAligned) starts the same
# command on every node, against the same run without it, and whether a delayed run (xrun -d,
# RunCommandRequest.DelaySeconds) still brings every result back.
#
# One Brain process (SQLite) and REAL_N real `tentacle` processes on this machine, each with its own data dir.
# After they are online and SETTLE seconds of heartbeats have given the Brain its clock-offset estimates,
# `octopoda-perf align` runs, one round at a time (each waited for before the next, each set after one untimed
# plain round that warms the dispatch path):
#
#   * ROUNDS rounds with TimeAligned=true (AlignToleranceMs=TOLERANCE_MS if set, else the Brain's default);
#   * ROUNDS rounds of the same without it, for comparison;
#   * XRUN_ROUNDS rounds with DelaySeconds=DELAY, each checked for every task succeeded with its output.
#
# Each round runs `date +%s%N` on every node and reports two spreads: max - min of the tasks' StartedAt (the start
# instant on the Brain's clock, as the API shows it) and max - min of the ns clocks the processes printed (on one
# machine all nodes share one clock, so this measures the real process starts, bash's own start included). Rounds
# with a failure are printed with the reason and left out of the spreads. Rows go to out/runs/align-<stamp>/
# align.csv, the table to out/align.md.
#
# Usage:  perf/bench-align.sh                 # 20 + 20 + 5 rounds on 5 Tentacles: about two minutes after the build
#         QUICK=1 perf/bench-align.sh         # 5 + 5 + 2 rounds
#
# Knobs (environment):
#   REAL_N=5  ROUNDS=20  XRUN_ROUNDS=5  DELAY=2  TOLERANCE_MS=(Brain default)  SETTLE=5  COMMAND='date +%s%N'
#   SOURCE=head (build a snapshot of the committed HEAD) | worktree (build the working tree as it is)
#   BRAIN=… TENTACLE=… PERF=… binaries to use as they are instead of publishing them (e.g. Debug builds)
#   BASE_PORT=7800
{ # parsed whole before it runs, so editing this file mid-run is safe
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  ROUNDS=${ROUNDS:-5}; XRUN_ROUNDS=${XRUN_ROUNDS:-2}
fi
REAL_N=${REAL_N:-5}
ROUNDS=${ROUNDS:-20}
XRUN_ROUNDS=${XRUN_ROUNDS:-5}
DELAY=${DELAY:-2}
TOLERANCE_MS=${TOLERANCE_MS:-}
SETTLE=${SETTLE:-5}
COMMAND=${COMMAND:-date +%s%N}
SOURCE=${SOURCE:-head}
BASE_PORT=${BASE_PORT:-7800}

STAMP=$(date +%Y%m%d-%H%M%S)
RUN_DIR=$OUT/runs/align-$STAMP
LOGS=$RUN_DIR/logs
CSV=$RUN_DIR/align.csv
mkdir -p "$LOGS"
TMP=$(mktemp -d /tmp/octopoda-align.XXXXXX)
STARTED=$(date +%s)
# shellcheck source=perf/bench-lib.sh
. "$HERE/bench-lib.sh"

cleanup() {
  [ "${#PIDS[@]}" -gt 0 ] && stop_pids "${PIDS[@]}"
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

FAILURES=0
align() {   # MODE ROUNDS [EXTRA ARGS...]
  local mode=$1 rounds=$2 rc; shift 2
  log "$rounds rounds, $mode"
  # shellcheck disable=SC2046
  "$PERF" align $(api_args) --mode "$mode" --rounds "$rounds" --command "$COMMAND" --label "real-$REAL_N" --csv "$CSV" "$@" 2>&1 \
    | tee "$LOGS/align-$mode.log" | sed 's/^/    /'
  rc=${PIPESTATUS[0]}
  [ "$rc" = 0 ] || { FAILURES=$((FAILURES + 1)); log "  some $mode rounds were not clean (exit $rc): see above"; }
}

log "run $STAMP: REAL_N=$REAL_N ROUNDS=$ROUNDS XRUN_ROUNDS=$XRUN_ROUNDS DELAY=$DELAY TOLERANCE_MS=${TOLERANCE_MS:-default}"
log "logs in $LOGS"
build src/Octopoda.Brain src/Octopoda.Tentacle perf/Octopoda.Perf
for p in "$BRAIN" "$TENTACLE" "$PERF"; do [ -x "$p" ] || die "missing $p after the build"; done

start_brain align "$REAL_N"
start_tentacles align "$REAL_N"
wait_online "$REAL_N" || die "the Brain does not see $REAL_N Tentacles online"
# The Brain converts an aligned start to each node's clock with the offset its heartbeats measured (the best of
# the last 16 exchanges, one a second): give them a few exchanges first.
log "letting $SETTLE s of heartbeats settle the clock estimates"
sleep "$SETTLE"

TOLERANCE_ARGS=()
[ -n "$TOLERANCE_MS" ] && TOLERANCE_ARGS=(--tolerance-ms "$TOLERANCE_MS")
align aligned "$ROUNDS" "${TOLERANCE_ARGS[@]}"
align plain "$ROUNDS"
align xrun "$XRUN_ROUNDS" --delay-seconds "$DELAY" --timeout-seconds $((DELAY + 60))
# shellcheck disable=SC2046
"$PERF" metrics $(api_args) > "$LOGS/metrics.log" 2>&1 || true
stop_pids "${TENTACLE_PIDS[@]}"
stop_pids "$BRAIN_PID"

ELAPSED=$(( $(date +%s) - STARTED ))
{
  echo "## Time-aligned start: spread of the start instants across $REAL_N real Tentacles"
  echo
  echo "- run: $STAMP, $(date -Is), took $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
  echo "- machine: $(machine_line)"
  echo "- software: .NET $(dotnet --version), commit $COMMIT (SOURCE=$SOURCE), $BUILD_NOTE, store SQLite"
  echo "- command: \`${BENCH_COMMAND:-perf/bench-align.sh}\` with REAL_N=$REAL_N ROUNDS=$ROUNDS XRUN_ROUNDS=$XRUN_ROUNDS DELAY=$DELAY TOLERANCE_MS=${TOLERANCE_MS:-default} COMMAND='$COMMAND'"
  echo "- each round: one POST to @all, waited for until every task is final; spreads only over clean rounds (every task succeeded with a start time)"
  echo "- start spread: max - min of TaskView.StartedAt (the Brain's clock); printed-clock spread: max - min of what \`date +%s%N\` printed on each node"
  echo
  "$PERF" align-report --csv "$CSV" || echo "(report failed)"
  echo
  for mode in aligned plain xrun; do
    grep -E '^(summary|  )' "$LOGS/align-$mode.log" | grep -vE '^  (round|warm-up) ' | sed 's/^/    /'
  done
  echo
  echo "Delivery metrics at the end: $(cat "$LOGS/metrics.log")"
} > "$RUN_DIR/align.md"
cp "$RUN_DIR/align.md" "$OUT/align.md"
echo
cat "$RUN_DIR/align.md"
echo
log "done in $((ELAPSED / 60)) min $((ELAPSED % 60)) s: $OUT/align.md (rows in $CSV)"
[ "$FAILURES" = 0 ]
exit $?
}
