#!/usr/bin/env bash
# perf/bench-files.sh -- file distribution: a directory of SMALL small files plus one BIG_MB MB file uploaded to N
# real Tentacles, and what the Brain's memory does meanwhile (issue 5, Must-show 1).
#
# One Brain process (SQLite) and N real `tentacle` processes on this machine, each with its own data dir. The tree
# is written once under the run's temp dir (random bytes), then `tar --format=pax` streams it straight into
# `curl -T -` (POST /api/v1/files/upload?targets=@all&force=true&dir=bench): neither side holds the tree in memory.
# While the upload and every node's file.push task run, the Brain's resident memory (VmRSS) is sampled every
# 100 ms; its peak (VmHWM) is read at the end. Then every node's copy is checked: the big file's SHA-256 and a
# digest of every small file's name and content must equal the source's.
#
# Usage:  perf/bench-files.sh                  # 10 Tentacles, 1,000 small files + 200 MB: a minute or two after the build
#         QUICK=1 perf/bench-files.sh          # 3 Tentacles, 100 small files + 20 MB
#
# Knobs (environment): N=10 SMALL=1000 BIG_MB=200  SOURCE=head|worktree  BRAIN=… TENTACLE=… PERF=…  BASE_PORT=7900
{ # parsed whole before it runs, so editing this file mid-run is safe
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
if [ "${QUICK:-0}" = 1 ]; then
  N=${N:-3}; SMALL=${SMALL:-100}; BIG_MB=${BIG_MB:-20}
fi
N=${N:-10}
SMALL=${SMALL:-1000}
BIG_MB=${BIG_MB:-200}
SOURCE=${SOURCE:-head}
BASE_PORT=${BASE_PORT:-7900}

STAMP=$(date +%Y%m%d-%H%M%S)
RUN_DIR=$OUT/runs/files-$STAMP
LOGS=$RUN_DIR/logs
mkdir -p "$LOGS"
TMP=$(mktemp -d /tmp/octopoda-files.XXXXXX)
STARTED=$(date +%s)
# shellcheck source=perf/bench-lib.sh
. "$HERE/bench-lib.sh"

cleanup() {
  [ "${#PIDS[@]}" -gt 0 ] && stop_pids "${PIDS[@]}"
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

for tool in curl jq tar sha256sum; do command -v "$tool" > /dev/null || die "needs $tool"; done
log "run $STAMP: N=$N SMALL=$SMALL BIG_MB=$BIG_MB"
build src/Octopoda.Brain src/Octopoda.Tentacle perf/Octopoda.Perf
for p in "$BRAIN" "$TENTACLE" "$PERF"; do [ -x "$p" ] || die "missing $p after the build"; done

log "writing the source tree: $SMALL small files and one $BIG_MB MB file"
SRC=$TMP/source/payload
mkdir -p "$SRC/small"
for i in $(seq 1 "$SMALL"); do
  head -c $(( (i * 37) % 4096 + 1 )) /dev/urandom > "$SRC/small/file-$i.txt"
done
head -c $((BIG_MB * 1024 * 1024)) /dev/urandom > "$SRC/big.bin"
BIG_SHA=$(sha256sum "$SRC/big.bin" | cut -d' ' -f1)
small_digest() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); }
SMALL_SHA=$(small_digest "$SRC/small")

start_brain files "$N"
start_tentacles files "$N"
wait_online "$N" || die "the Brain does not see $N Tentacles online"

log "sampling the Brain's memory (pid $BRAIN_PID) every 100 ms"
( while kill -0 "$BRAIN_PID" 2> /dev/null; do
    awk '/^VmRSS/ { print $2 }' "/proc/$BRAIN_PID/status" 2> /dev/null
    sleep 0.1
  done ) > "$LOGS/rss-kb.txt" &
SAMPLER=$!; track "$SAMPLER"
RSS_BEFORE_KB=$(awk '/^VmRSS/ { print $2 }' "/proc/$BRAIN_PID/status")

log "uploading (tar | curl -T -) to @all"
T0=$(date +%s.%N)
tar --format=pax -cf - -C "$TMP/source" payload \
  | curl -sS --fail-with-body --cacert "$CA_FILE" -X POST -T - -H "Authorization: Bearer $ADMIN_TOKEN" \
      -H "Content-Type: application/x-tar" "$BRAIN_URL/api/v1/files/upload?dir=bench&targets=@all&force=true" \
      > "$LOGS/submission.json" 2> "$LOGS/curl.log" \
  || { cat "$LOGS/curl.log" "$LOGS/submission.json"; die "the upload was refused"; }
T_POSTED=$(date +%s.%N)
BATCH=$(jq -r .batchId "$LOGS/submission.json")
log "  stream stored on the Brain in $(awk "BEGIN { print $T_POSTED - $T0 }") s; batch $BATCH"

while :; do
  curl -sS --cacert "$CA_FILE" -H "Authorization: Bearer $ADMIN_TOKEN" "$BRAIN_URL/api/v1/batches/$BATCH" > "$LOGS/batch.json"
  open=$(jq '[.[] | select(.state | IN("succeeded","failed","cancelled","expired","lost") | not)] | length' "$LOGS/batch.json")
  [ "$open" = 0 ] && break
  [ $(( $(date +%s) - STARTED )) -gt 1800 ] && die "the transfer did not finish within 30 min"
  sleep 0.2
done
T_DONE=$(date +%s.%N)
RSS_PEAK_KB=$(awk '/^VmHWM/ { print $2 }' "/proc/$BRAIN_PID/status")
SAMPLED_PEAK_KB=$(sort -n "$LOGS/rss-kb.txt" | tail -n 1)
SUCCEEDED=$(jq '[.[] | select(.state == "succeeded")] | length' "$LOGS/batch.json")
jq -r '.[] | select(.state != "succeeded") | "  \(.node): \(.state) \(.error)"' "$LOGS/batch.json"

log "checking every node's copy"
MATCHED=0
for dir in "$TMP"/files/node*; do
  placed=$dir/fstore/bench/payload
  if [ "$(sha256sum "$placed/big.bin" 2> /dev/null | cut -d' ' -f1)" = "$BIG_SHA" ] && [ "$(small_digest "$placed/small")" = "$SMALL_SHA" ]; then
    MATCHED=$((MATCHED + 1))
  else
    log "  $(basename "$dir"): the copy differs from the source"
  fi
done
stop_pids "${TENTACLE_PIDS[@]}"
stop_pids "$BRAIN_PID"

TOTAL_MB=$(( $(du -sk "$SRC" | cut -f1) / 1024 ))
ELAPSED=$(( $(date +%s) - STARTED ))
{
  echo "## File upload: $SMALL small files + one $BIG_MB MB file to $N real Tentacles"
  echo
  echo "- run: $STAMP, $(date -Is), took $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
  echo "- machine: $(machine_line)"
  echo "- software: .NET $(dotnet --version), commit $COMMIT (SOURCE=$SOURCE), $BUILD_NOTE, store SQLite"
  echo "- command: \`${BENCH_COMMAND:-perf/bench-files.sh}\` with N=$N SMALL=$SMALL BIG_MB=$BIG_MB"
  echo
  echo "| measure | value |"
  echo "|---|---|"
  echo "| tree size | $TOTAL_MB MB in $((SMALL + 1)) files |"
  echo "| upload stored on the Brain (POST answered) | $(printf '%.1f' "$(awk "BEGIN { print $T_POSTED - $T0 }")") s |"
  echo "| every node placed and verified its copy | $(printf '%.1f' "$(awk "BEGIN { print $T_DONE - $T0 }")") s after the upload began |"
  echo "| nodes succeeded / copies identical to the source | $SUCCEEDED / $MATCHED of $N |"
  echo "| Brain resident memory before | $((RSS_BEFORE_KB / 1024)) MB |"
  echo "| Brain resident memory, peak (VmHWM) | $((RSS_PEAK_KB / 1024)) MB |"
  echo "| Brain resident memory, peak of 100 ms samples | $((SAMPLED_PEAK_KB / 1024)) MB |"
} > "$RUN_DIR/files.md"
cp "$RUN_DIR/files.md" "$OUT/files.md"
cat "$RUN_DIR/files.md"
[ "$SUCCEEDED" = "$N" ] && [ "$MATCHED" = "$N" ] || die "not every node has an identical copy"
}
