#!/usr/bin/env bash
# perf/bench-queue.sh -- the Brain's queue throughput, on SQLite and on PostgreSQL: tasks/s ACCEPTED (POST
# /api/v1/commands stored the tasks and answered 202) and tasks/s COMPLETED (every task final in the store), with
# NODES simulated Tentacles answering every task at once, so the Brain and its store are what is measured.
#
# For each store and each way of submitting, a fresh Brain process (the published `brain`, its own data dir; for
# PostgreSQL its own database, dropped afterwards) and a fresh `octopoda-perf simulate` process; then
# `octopoda-perf queue` submits TASKS tasks with CONCURRENCY POSTs in flight (a closed loop: each worker sends its
# next POST when its last is answered), after an untimed warm-up of WARMUP tasks:
#
#   * MODE single: every POST targets one node, in turn (node0001, node0002, ...): TASKS POSTs of one task;
#   * MODE all:    every POST targets @all: TASKS/NODES POSTs of NODES tasks each.
#
# Accepted = tasks / (first POST sent → last POST answered). Completed = tasks / (first POST sent → all final),
# where "all final" is seen through GET /api/v1/metrics/delivery (store counts by state, polled every 100 ms) or,
# on a Brain without that endpoint, through GET /api/v1/batches/{id}/wait (4 waiters walking the batches in
# order; one extra request per batch, so accepted rates by the two methods are not comparable: the table says
# which was used). Rows go to out/runs/<stamp>/queue.csv, the table to out/queue.md.
#
# Usage:  perf/bench-queue.sh                 # 20 nodes, 20,000 tasks per run, 2 stores x 2 modes: a few minutes
#         QUICK=1 perf/bench-queue.sh         # 1,000 tasks per run: well under a minute after the build
#
# Knobs (environment):
#   NODES=20  TASKS=20000  CONCURRENCY=16  WARMUP=500  MODES="single all"  STORES="sqlite postgres"
#   COMMAND=true (what every task runs; the simulator answers at once whatever it is)
#   SOURCE=head (build a snapshot of the committed HEAD) | worktree (build the working tree as it is)
#   BRAIN=… TENTACLE=… PERF=… binaries to use as they are instead of publishing them (e.g. Debug builds)
#   BASE_PORT=7700  TIMEOUT=600 (per run, for all tasks to be final)
#   PostgreSQL: OCTOPODA_TEST_POSTGRES if set, else eng/postgres.sh (installs and starts Debian's; needs root)
{ # parsed whole before it runs, so editing this file mid-run is safe
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  TASKS=${TASKS:-1000}; WARMUP=${WARMUP:-100}
fi
NODES=${NODES:-20}
TASKS=${TASKS:-20000}
CONCURRENCY=${CONCURRENCY:-16}
WARMUP=${WARMUP:-500}
MODES=${MODES:-single all}
STORES=${STORES:-sqlite postgres}
COMMAND=${COMMAND:-true}
TIMEOUT=${TIMEOUT:-600}
SOURCE=${SOURCE:-head}
BASE_PORT=${BASE_PORT:-7700}

STAMP=$(date +%Y%m%d-%H%M%S)
RUN_DIR=$OUT/runs/queue-$STAMP
LOGS=$RUN_DIR/logs
CSV=$RUN_DIR/queue.csv
mkdir -p "$LOGS"
TMP=$(mktemp -d /tmp/octopoda-queue.XXXXXX)
STARTED=$(date +%s)
# shellcheck source=perf/bench-lib.sh
. "$HERE/bench-lib.sh"

PG_DATABASES=()
cleanup() {
  [ "${#PIDS[@]}" -gt 0 ] && stop_pids "${PIDS[@]}"
  local db
  for db in "${PG_DATABASES[@]}"; do [ -n "$db" ] && pg_drop_database "$db"; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

FAILURES=0
run_one() {   # STORE MODE
  local store=$1 mode=$2 label=queue-$1-$2 store_args=() db rc
  log "$store, $mode: $TASKS tasks on $NODES simulated nodes, $CONCURRENCY POSTs in flight"
  if [ "$store" = postgres ]; then
    db=octopoda_bench_${STAMP//-/_}_$mode
    local conn
    conn=$(pg_create_database "$db") || die "cannot create database $db"
    PG_DATABASES+=("$db")
    store_args=(--store-provider postgres --store-connection "$conn")
  fi
  start_brain "$label" "$NODES" "${store_args[@]}"
  start_simulator "$label" "$NODES"
  wait_online "$NODES" || die "the Brain does not see $NODES nodes online"
  # shellcheck disable=SC2046
  "$PERF" queue $(api_args) --tasks "$TASKS" --targets "$mode" --concurrency "$CONCURRENCY" --warmup "$WARMUP" \
    --command "$COMMAND" --timeout-seconds "$TIMEOUT" --label "$store" --csv "$CSV" \
    --metrics-json "$RUN_DIR/metrics-$store-$mode.json" --brain-pid "$BRAIN_PID" --sim-pid "$SIM_PID" 2>&1 | tee "$LOGS/$label-queue.log" | sed 's/^/    /'
  rc=${PIPESTATUS[0]}
  [ "$rc" = 0 ] || { FAILURES=$((FAILURES + 1)); log "  the queue run reported a problem (exit $rc)"; }
  stop_pids "$SIM_PID"
  stop_pids "$BRAIN_PID"
  if [ -n "${db:-}" ]; then pg_drop_database "$db"; PG_DATABASES=("${PG_DATABASES[@]/$db}"); fi
}

log "run $STAMP: NODES=$NODES TASKS=$TASKS CONCURRENCY=$CONCURRENCY WARMUP=$WARMUP MODES='$MODES' STORES='$STORES'"
log "logs in $LOGS"
build src/Octopoda.Brain perf/Octopoda.Perf
for p in "$BRAIN" "$PERF"; do [ -x "$p" ] || die "missing $p after the build"; done
if [[ " $STORES " == *" postgres "* ]]; then
  PG_ADMIN=$(pg_admin_connection) || die "no PostgreSQL (eng/postgres.sh failed; see $LOGS/postgres-setup.log)"
  PG_VERSION=$(pg_psql "SHOW server_version" 2>/dev/null || echo "?")
fi
LOADS=()
for store in $STORES; do
  for mode in $MODES; do
    LOADS+=("$store/$mode: $(cut -d' ' -f1-3 /proc/loadavg)")
    run_one "$store" "$mode"
  done
done

ELAPSED=$(( $(date +%s) - STARTED ))
{
  echo "## Queue throughput: tasks accepted and completed per second, $NODES simulated nodes"
  echo
  echo "- run: $STAMP, $(date -Is), took $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
  echo "- machine: $(machine_line)"
  echo "- software: .NET $(dotnet --version), PostgreSQL ${PG_VERSION:-not used}, commit $COMMIT (SOURCE=$SOURCE), $BUILD_NOTE"
  echo "- command: \`${BENCH_COMMAND:-perf/bench-queue.sh}\` with NODES=$NODES TASKS=$TASKS CONCURRENCY=$CONCURRENCY WARMUP=$WARMUP MODES='$MODES' STORES='$STORES' COMMAND='$COMMAND'"
  echo "- load average (1/5/15 min) when each run started: ${LOADS[*]}"
  echo "- every run: a fresh Brain and simulator; untimed warm-up of $WARMUP single-node tasks; then the timed tasks, $CONCURRENCY POSTs in flight"
  echo "- accepted tasks/s: tasks stored / (first POST sent → last 202 received); completed tasks/s: tasks / (first POST sent → all final in the store)"
  echo "- Brain CPU: CPU seconds of the Brain process over the timed run, and as a share of one core over the time to all final"
  echo
  "$PERF" queue-report --csv "$CSV" || echo "(report failed)"
  echo
  echo "Delivery metrics after each run (GET /api/v1/metrics/delivery; absent on Brains without it):"
  echo
  for f in "$LOGS"/queue-*-queue.log; do
    echo "- $(basename "$f" -queue.log | sed 's/^queue-//'): $(grep -h '^ *delivery metrics:' "$f" | sed 's/^ *delivery metrics: *//')"
  done
} > "$RUN_DIR/queue.md"
cp "$RUN_DIR/queue.md" "$OUT/queue.md"
echo
cat "$RUN_DIR/queue.md"
echo
log "done in $((ELAPSED / 60)) min $((ELAPSED % 60)) s: $OUT/queue.md (rows in $CSV)"
[ "$FAILURES" = 0 ]
exit $?
}
