#!/usr/bin/env bash
# perf/bench-copy.sh -- time to deliver one 100 MB file to N nodes (issue 5, Must-show 5), in one run on this machine:
#
#   * Octopoda: one Brain + N real `tentacle` processes (node001..), `octl file upload payload @fstore @all`, each
#     node's @fstore pointing at /tmp/bench-peers/<node>/ (the peers' destinations);
#   * parallel-scp and `clush --copy` (and the xargs scp reference) from ../shared/bench/peers at the same N.
#
# Every repetition, ours included, is timed and checked by the peers' own run.sh (KINDS=copy; our variant comes in
# through its variants.d/ hook): the destinations are emptied before each run, and afterwards every node's copy
# must have the payload's size and the first and last must equal it byte for byte. The harness's 10 MiB payload is
# patched to PAYLOAD_MB in the copy this script runs. Rows go to out/runs/copy-<stamp>/copy.csv, the table to
# out/runs/copy-<stamp>/summary.md. Needs root (the peers' setup installs Debian packages and starts a loopback sshd).
#
# Usage:  perf/bench-copy.sh                # N=10 and 50, 3 repetitions each: about 20 minutes on 2 cores
#         QUICK=1 perf/bench-copy.sh        # N=10 only, 2 repetitions
# Knobs (environment): NS="10 50" REPS=3 PAYLOAD_MB=100 SOURCE=head|worktree BASE_PORT=7950 TOOL_TIMEOUT=600
#                      PEER_ONLY='^copy/(pscp/-p 32|clush/)' (which peer variants; pscp -p N and xargs scp take long)
#                      PEERS_SRC=<peers harness dir> BENCH_STATE=/root/.bench-peers
{ # parsed whole before it runs, so editing this file mid-run is safe
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
if [ "${QUICK:-0}" = 1 ]; then NS=${NS:-10}; REPS=${REPS:-2}; fi
NS=${NS:-10 50}
REPS=${REPS:-3}
PEER_ONLY=${PEER_ONLY:-^copy/(pscp/-p 32|clush/)}
PAYLOAD_MB=${PAYLOAD_MB:-100}
SOURCE=${SOURCE:-head}
BASE_PORT=${BASE_PORT:-7950}
export TOOL_TIMEOUT=${TOOL_TIMEOUT:-600}
export BENCH_STATE=${BENCH_STATE:-/root/.bench-peers}
PEERS_SRC=${PEERS_SRC:-$ROOT/../shared/bench/peers}
[ -d "$PEERS_SRC" ] || PEERS_SRC=/work/shared/bench/peers

STAMP=$(date +%Y%m%d-%H%M%S)
RUN_DIR=$OUT/runs/copy-$STAMP
LOGS=$RUN_DIR/logs
CSV=$RUN_DIR/copy.csv
PEERS_DIR=$OUT/peers-copy
mkdir -p "$LOGS"
TMP=$(mktemp -d /tmp/octopoda-copy.XXXXXX)
STARTED=$(date +%s)
STARTED_SSHD=0
# shellcheck source=perf/bench-lib.sh
. "$HERE/bench-lib.sh"

cleanup() {
  [ "${#PIDS[@]}" -gt 0 ] && stop_pids "${PIDS[@]}"
  [ "$STARTED_SSHD" = 1 ] && "$PEERS_DIR/stop.sh" > "$LOGS/peers-stop.log" 2>&1
  rm -rf "$TMP" /tmp/bench-peers
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

[ "$(id -u)" = 0 ] || die "the peers' setup needs root (apt-get, a loopback sshd)"
[ -f "$PEERS_SRC/run.sh" ] || die "no peers harness at $PEERS_SRC"
MAX_N=$(printf '%s\n' $NS | sort -n | tail -n 1)
log "run $STAMP: NS='$NS' REPS=$REPS PAYLOAD_MB=$PAYLOAD_MB; logs in $LOGS"
build src/Octopoda.Brain src/Octopoda.Tentacle src/Octopoda.Cli perf/Octopoda.Perf
for p in "$BRAIN" "$TENTACLE" "$OCTL" "$PERF"; do [ -x "$p" ] || die "missing $p after the build"; done

# ------------------------------------------------------------------- peers --
# Their run.sh writes results.md and raw/ next to itself, so it runs from a copy under out/ (git-ignored), with its
# payload patched to PAYLOAD_MB (same name pattern, so its checks apply unchanged).
mkdir -p "$PEERS_DIR/variants.d" "$PEERS_DIR/raw"
cp "$PEERS_SRC"/{run.sh,setup.sh,stop.sh,summarize.py,notes.md,README.md} "$PEERS_DIR/"
PAYLOAD_NAME=payload-${PAYLOAD_MB}M.bin
PAYLOAD_BYTES=$((PAYLOAD_MB * 1024 * 1024))
sed -i "s/payload-10M\.bin/$PAYLOAD_NAME/g; s/^PAYLOAD_SIZE=10485760$/PAYLOAD_SIZE=$PAYLOAD_BYTES/" "$PEERS_DIR/run.sh"
grep -q "^PAYLOAD_SIZE=$PAYLOAD_BYTES$" "$PEERS_DIR/run.sh" || die "could not patch the peers' run.sh for a $PAYLOAD_MB MB payload"
cat > "$PEERS_DIR/variants.d/octopoda.sh" <<'VARIANT'
# Written by perf/bench-copy.sh: Octopoda's upload, timed and checked by this harness like every peer. Only when
# the bench has a Brain and its nodes up (OCTOPODA_OCTL set); every node's @fstore is /tmp/bench-peers/<node>.
if [ -n "${OCTOPODA_OCTL:-}" ]; then
  add copy octopoda "file upload, persistent agents" none "$REPS" "$OCTOPODA_OCTL file upload $PAYLOAD @fstore @all"
fi
VARIANT
if [ -f "$BENCH_STATE/sshd.pid" ] && [ -d "/proc/$(cat "$BENCH_STATE/sshd.pid")" ]; then
  log "bench sshd already running; reusing it and leaving it running"
else
  STARTED_SSHD=1
fi
log "peers setup for $MAX_N aliases (apt-get may run)"
"$PEERS_DIR/setup.sh" "$MAX_N" > "$LOGS/peers-setup.log" 2>&1 || { tail -n 20 "$LOGS/peers-setup.log"; die "peers setup failed"; }
if [ ! -f "$BENCH_STATE/$PAYLOAD_NAME" ] || [ "$(stat -c %s "$BENCH_STATE/$PAYLOAD_NAME")" != "$PAYLOAD_BYTES" ]; then
  head -c "$PAYLOAD_BYTES" /dev/urandom > "$BENCH_STATE/$PAYLOAD_NAME"   # incompressible, like theirs
fi

# peer_run N ENV...: the peers' run.sh for copies at N, rows into $CSV
peer_run() {
  local n=$1 before; shift
  before=$(cat "$LOGS/peers-run.log" 2>/dev/null | wc -l)
  env "$@" KINDS=copy REPS="$REPS" OUT_CSV="$CSV" "$PEERS_DIR/run.sh" "$n" >> "$LOGS/peers-run.log" 2>&1
  tail -n +$((before + 1)) "$LOGS/peers-run.log" | grep -E ' rep [0-9]+: ' | sed 's/^/    /'
}

# ------------------------------------------------------------------- ours --
run_ours() {
  local n=$1 label=copy-$1
  log "Octopoda at N=$n: a Brain and $n Tentacles"
  PIDS=()
  FILE_STORE_ROOT=/tmp/bench-peers start_brain "$label" "$n"
  FILE_STORE_ROOT=/tmp/bench-peers start_tentacles "$label" "$n"
  wait_online "$n" || die "the Brain does not see $n Tentacles online"
  printf 'brain: %s\ntoken: %s\ncaFile: %s\n' "$BRAIN_URL" "$ADMIN_TOKEN" "$CA_FILE" > "$TMP/$label/octl.yaml"
  OCTOPODA_CONFIG=$TMP/$label/octl.yaml OCTOPODA_OCTL=$OCTL peer_run "$n" ONLY='^copy/octopoda/'
  stop_pids "${PIDS[@]}"
  PIDS=()
}

for n in $NS; do
  run_ours "$n"
  log "SSH peers at N=$n"
  peer_run "$n" ONLY="$PEER_ONLY"
done

# ------------------------------------------------------------------ report --
ELAPSED=$(( $(date +%s) - STARTED ))
{
  echo "## File distribution: one $PAYLOAD_MB MB file to N nodes"
  echo
  echo "- run: $STAMP, $(date -Is), took $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
  echo "- machine: $(machine_line)"
  echo "- software: .NET $(dotnet --version), $(ssh -V 2>&1), commit $COMMIT (SOURCE=$SOURCE), $BUILD_NOTE"
  echo "- command: \`perf/bench-copy.sh\` with NS='$NS' REPS=$REPS PAYLOAD_MB=$PAYLOAD_MB PEER_ONLY='$PEER_ONLY'"
  echo "- every row: wall time of the whole command, timed by the peers' run.sh; a run counts only with rc=0, every node's copy of the full size, and the first and last byte-identical to the payload"
  echo
  "$PERF" report --csv "$CSV" --kind copy || echo "(report failed)"
} > "$RUN_DIR/summary.md"
cat "$RUN_DIR/summary.md"
exit 0
}
