#!/usr/bin/env bash
# perf/bench-fanout.sh -- wall time of `octl cmd run 'uname -a' @all -o lines` (every node's line collected,
# exit 0) against the SSH fleet tools, in one run on this machine:
#
#   * Octopoda with simulated nodes: one Brain process + one `octopoda-perf simulate` process (N virtual
#     Tentacles speaking the real protocol over their own mutual-TLS WebSockets), N in SIM_NS;
#   * Octopoda with real Tentacles: one Brain + N `tentacle` processes, each with its own data dir, N in REAL_NS;
#   * the SSH peers (pssh, pdsh, clush, ansible, xargs ssh) from ../shared/bench/peers at the same N.
#
# Every timed repetition of every tool, ours included, goes through the peers' own run.sh (our variant is added
# through its variants.d/ hook), so both sides are timed by the same code. Rows go to out/runs/<stamp>/fanout.csv;
# the tables to out/fanout.md. Needs root (the peers' setup installs Debian packages and starts a loopback sshd).
#
# Usage:  perf/bench-fanout.sh                      # full run, about 30-40 minutes on 2 cores
#         QUICK=1 perf/bench-fanout.sh              # N=10 only, 3 repetitions: a few minutes
#   long: (setsid nohup perf/bench-fanout.sh > perf/out/bench.log 2>&1 < /dev/null &); tail -f perf/out/bench.log
#
# Knobs (environment):
#   SIM_NS="10 100 1000"  REAL_NS="10 50"   node counts; PEER_NS defaults to their union
#   REPS_SMALL=7 (N <= 100)  REPS_LARGE=5 (N > 100)     our timed repetitions, after one untimed warm-up
#   PEER_REPS=5 (N < 1000; ansible forks=5 only below N=100)  PEER_REPS_ANSIBLE=2 (ansible forks=N at N >= 100)
#   PEER_REPS_LARGE=3 and PEER_ONLY_LARGE (regex) for N >= 1000, where only the fastest peers run
#   PEERS=0 to skip the peers (our rows still go through their run.sh, so setup still runs)
#   SOURCE=head (build a snapshot of the committed HEAD) | worktree (build the working tree as it is)
#   BASE_PORT=7600  TOOL_TIMEOUT=300  PEERS_SRC=<peers harness dir>  BENCH_STATE=/root/.bench-peers
{ # parsed whole before it runs, so editing this file mid-run is safe
set -uo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${PATH}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then
  SIM_NS=${SIM_NS-10}; REAL_NS=${REAL_NS-10}
  REPS_SMALL=${REPS_SMALL:-3}; REPS_LARGE=${REPS_LARGE:-3}; PEER_REPS=${PEER_REPS:-3}
fi
SIM_NS=${SIM_NS-10 100 1000}
REAL_NS=${REAL_NS-10 50}
PEER_NS=${PEER_NS-$(printf '%s\n' $SIM_NS $REAL_NS | sort -nu | xargs)}
REPS_SMALL=${REPS_SMALL:-7}
REPS_LARGE=${REPS_LARGE:-5}
PEER_REPS=${PEER_REPS:-5}
PEER_REPS_ANSIBLE=${PEER_REPS_ANSIBLE:-2}
PEER_REPS_LARGE=${PEER_REPS_LARGE:-3}
PEER_ONLY_LARGE=${PEER_ONLY_LARGE:-^cmd/(clush/-f N, KEX|pdsh/.*KEX)}
PEERS=${PEERS:-1}
SOURCE=${SOURCE:-head}
BASE_PORT=${BASE_PORT:-7600}
export TOOL_TIMEOUT=${TOOL_TIMEOUT:-300}
export BENCH_STATE=${BENCH_STATE:-/root/.bench-peers}
PEERS_SRC=${PEERS_SRC:-$ROOT/../shared/bench/peers}
[ -d "$PEERS_SRC" ] || PEERS_SRC=/work/shared/bench/peers

STAMP=$(date +%Y%m%d-%H%M%S)
RUN_DIR=$OUT/runs/$STAMP
LOGS=$RUN_DIR/logs
CSV=$RUN_DIR/fanout.csv
NOTES=$RUN_DIR/notes.md
PEERS_DIR=$OUT/peers
mkdir -p "$LOGS"
TMP=$(mktemp -d /tmp/octopoda-bench.XXXXXX)
STARTED=$(date +%s)

# log, die, track, stop_pids and wait_for_line (only processes this script started are ever signalled, by PID).
. "$HERE/bench-lib.sh"
STARTED_SSHD=0
cleanup() {
  [ "${#PIDS[@]}" -gt 0 ] && stop_pids "${PIDS[@]}"
  [ "$STARTED_SSHD" = 1 ] && BENCH_STATE=$BENCH_STATE "$PEERS_DIR/stop.sh" > "$LOGS/peers-stop.log" 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

free_port() {
  local p
  for p in $(seq "$BASE_PORT" $((BASE_PORT + 200))); do
    ss -ltnH "sport = :$p" | grep -q . || { echo "$p"; return 0; }
  done
  return 1
}
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }   # utime+stime of one process
machine_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }

# --------------------------------------------------------------------- build --
build() {
  local src label
  if [ "$SOURCE" = worktree ]; then
    src=$ROOT; label=worktree
  else
    label=$(git -C "$ROOT" rev-parse --short=12 HEAD) || die "not a git checkout: $ROOT"
    src=$OUT/src/$label
    if [ ! -f "$src/Octopoda.slnx" ]; then
      mkdir -p "$src"
      git -C "$ROOT" archive --format=tar HEAD | tar -x -C "$src" || die "cannot snapshot HEAD"
    fi
  fi
  COMMIT=$(git -C "$ROOT" rev-parse --short=12 HEAD)
  [ "$SOURCE" = worktree ] && ! git -C "$ROOT" diff --quiet HEAD -- src perf && COMMIT="$COMMIT+local changes"
  ART=$OUT/build/$label
  # Published Release, framework-dependent, ReadyToRun: how the binaries ship (eng/publish.sh), so octl does not
  # spend its first half second in the JIT. Intermediate files stay under ART, never in the projects' obj/.
  local p
  for p in src/Octopoda.Brain src/Octopoda.Tentacle src/Octopoda.Cli perf/Octopoda.Perf; do
    log "publishing $p (Release, ReadyToRun) from $label"
    dotnet publish "$src/$p" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      --artifacts-path "$ART" -nologo -v q > "$LOGS/build-$(basename "$p").log" 2>&1 \
      || { tail -n 30 "$LOGS/build-$(basename "$p").log"; die "build of $p failed"; }
  done
  local pub=$ART/publish
  BRAIN=$pub/Octopoda.Brain/release_linux-x64/brain
  TENTACLE=$pub/Octopoda.Tentacle/release_linux-x64/tentacle
  OCTL=$pub/Octopoda.Cli/release_linux-x64/octl
  PERF=$pub/Octopoda.Perf/release_linux-x64/octopoda-perf
  for p in "$BRAIN" "$TENTACLE" "$OCTL" "$PERF"; do [ -x "$p" ] || die "missing $p after the build"; done
}

# --------------------------------------------------------------------- peers --
prepare_peers() {
  local max=$1
  [ "$(id -u)" = 0 ] || die "the peers' setup needs root (apt-get, a loopback sshd)"
  [ -f "$PEERS_SRC/run.sh" ] || die "no peers harness at $PEERS_SRC"
  # Their run.sh writes results.md and raw/ next to itself, so it runs from a copy under out/ (git-ignored).
  mkdir -p "$PEERS_DIR/variants.d" "$PEERS_DIR/raw"
  cp "$PEERS_SRC"/{run.sh,setup.sh,stop.sh,summarize.py,notes.md,README.md} "$PEERS_DIR/"
  # Two patches to the copy, for N >= 1000: setup.sh stops at 999 aliases, and clush rejects node[001-1000]
  # (zero-padding lengths differ), so the node set is spelt node[001-999],node[1000-N].
  sed -i 's/-le 999 \]/-le 9999 ]/; s/MAX_NODES must be 1\.\.999/MAX_NODES must be 1..9999/' "$PEERS_DIR/setup.sh"
  sed -i 's/^\[ "\$N" = 1 \] && NODESET=node001$/&\n[ "$N" -ge 1000 ] \&\& NODESET="node[001-999],node[1000-$N]"/' "$PEERS_DIR/run.sh"
  grep -q 'node\[1000-' "$PEERS_DIR/run.sh" || die "could not patch the peers' run.sh for N >= 1000"
  cat > "$PEERS_DIR/variants.d/octopoda.sh" <<'EOF'
# Written by perf/bench-fanout.sh: Octopoda's broadcast, timed by this harness like every peer. Only when the
# bench has a Brain and its nodes up (OCTOPODA_OCTL set); OCTOPODA_CONFIG names the octl.yaml for that Brain.
if [ -n "${OCTOPODA_OCTL:-}" ]; then
  add cmd octopoda "$OCTOPODA_VARIANT" prefixed "$REPS" "$OCTOPODA_OCTL cmd run '$CMD' @all -o lines"
fi
EOF
  cat > "$PEERS_DIR/variants.d/pdsh-curve25519.sh" <<'EOF'
# Written by perf/bench-fanout.sh: pdsh with the classic KEX, like the clush and xargs KEX variants, so the
# fastest plain-ssh tools can be compared at N=1000 too.
if [ -z "${OCTOPODA_OCTL:-}" ]; then
  add cmd pdsh "-f 32 (default), KEX curve25519-sha256" prefixed "$REPS" \
    "env PDSH_SSH_ARGS_APPEND='-F $CFG -o KexAlgorithms=curve25519-sha256' pdsh -R ssh -w ^hosts '$CMD'"
fi
EOF
  local pidfile=$BENCH_STATE/sshd.pid
  if [ -f "$pidfile" ] && [ -d "/proc/$(cat "$pidfile")" ]; then
    log "bench sshd already running (pid $(cat "$pidfile")); reusing it and leaving it running"
  else
    STARTED_SSHD=1
  fi
  log "peers setup for $max aliases (apt-get may run)"
  "$PEERS_DIR/setup.sh" "$max" > "$LOGS/peers-setup.log" 2>&1 || { tail -n 20 "$LOGS/peers-setup.log"; die "peers setup failed"; }
}

# run.sh N with the given environment; ours and theirs both land in $CSV
peer_run() {
  local n=$1 before; shift
  before=$(cat "$LOGS/peers-run.log" 2>/dev/null | wc -l)
  env "$@" KINDS=cmd OUT_CSV="$CSV" "$PEERS_DIR/run.sh" "$n" >> "$LOGS/peers-run.log" 2>&1
  tail -n +$((before + 1)) "$LOGS/peers-run.log" | grep -E ' rep [0-9]+: ' | sed 's/^/    /'
}

run_peers() {
  local n=$1
  log "SSH peers at N=$n"
  if [ "$n" -ge 1000 ]; then
    peer_run "$n" REPS="$PEER_REPS_LARGE" ONLY="$PEER_ONLY_LARGE"
  elif [ "$n" -ge 100 ]; then
    peer_run "$n" REPS="$PEER_REPS" SKIP='^cmd/ansible/'
    peer_run "$n" REPS="$PEER_REPS_ANSIBLE" ONLY='^cmd/ansible/forks=N'
  else
    peer_run "$n" REPS="$PEER_REPS" REPS_SLOW="$PEER_REPS"
  fi
}

# --------------------------------------------------------------------- ours --
# start_brain LABEL USES: a fresh Brain on a free port with a join token for USES enrolments
start_brain() {
  local label=$1 uses=$2 port
  BRAIN_DIR=$TMP/$label/brain
  mkdir -p "$TMP/$label"
  "$BRAIN" token create --data-dir "$BRAIN_DIR" --uses "$uses" --ttl-hours 4 > "$TMP/$label/join.token" 2> "$LOGS/$label-token.log" \
    || die "brain token create failed (see $LOGS/$label-token.log)"
  JOIN_TOKEN=$(cat "$TMP/$label/join.token")
  port=$(free_port) || die "no free port from $BASE_PORT"
  BRAIN_URL=https://127.0.0.1:$port
  "$BRAIN" --data-dir "$BRAIN_DIR" --listen "$BRAIN_URL" > "$LOGS/$label-brain.log" 2>&1 < /dev/null &
  BRAIN_PID=$!; track "$BRAIN_PID"
  wait_for_line "$LOGS/$label-brain.log" 'ready at' 60 "$BRAIN_PID" || die "the Brain did not start"
  printf 'brain: %s\ntoken: %s\ncaFile: %s\n' "$BRAIN_URL" "$(cat "$BRAIN_DIR/admin.token")" "$BRAIN_DIR/pki/ca.crt" > "$TMP/$label/octl.yaml"
  export OCTOPODA_CONFIG=$TMP/$label/octl.yaml
  unset OCTOPODA_BRAIN OCTOPODA_TOKEN
  log "  Brain pid $BRAIN_PID at $BRAIN_URL"
}

wait_online() {   # N
  "$PERF" wait-online --brain "$BRAIN_URL" --token "$(cat "$BRAIN_DIR/admin.token")" --ca "$BRAIN_DIR/pki/ca.crt" \
    --count "$1" --timeout-seconds 300 | sed 's/^/    /'
  return "${PIPESTATUS[0]}"
}

# idle_cost LABEL PID...: CPU while N nodes sit connected and heartbeating, over 10 s, after the timed runs
idle_cost() {
  local label=$1; shift
  local m0 m1 p t0=0 t1=0 clk; clk=$(getconf CLK_TCK)
  read -r -a m0 < <(machine_busy)
  for p in "$@"; do t0=$((t0 + $(cpu_ticks "$p"))); done
  sleep 10
  read -r -a m1 < <(machine_busy)
  for p in "$@"; do t1=$((t1 + $(cpu_ticks "$p"))); done
  awk -v l="$label" -v b0="${m0[0]}" -v a0="${m0[1]}" -v b1="${m1[0]}" -v a1="${m1[1]}" -v o0="$t0" -v o1="$t1" -v c="$clk" 'BEGIN{
    busy=(b1-b0)/(a1-a0)*100; ours=(o1-o0)/c/10*100;
    printf "| %s | %.1f %% | %.1f %% | %.1f %% |\n", l, ours, busy, busy*2-ours < 0 ? 0 : busy*2-ours }' >> "$RUN_DIR/idle.md"
  tail -n 1 "$RUN_DIR/idle.md" | sed 's/^/    idle: /'
}

# octl_floor LABEL: 5 x `octl node get -o json`, the fixed cost of one octl invocation (start, TLS, one API call)
octl_floor() {
  local label=$1 i t0 t1 all=()
  for i in 1 2 3 4 5; do
    t0=$(date +%s%N); "$OCTL" node get -o json > /dev/null 2>&1; t1=$(date +%s%N)
    all+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')")
  done
  printf '| %s | %s |\n' "$label" "$(printf '%s\n' "${all[@]}" | sort -n | sed -n 3p)" >> "$RUN_DIR/octl-floor.md"
}

# warm_up N: one untimed broadcast; it must succeed on every node
warm_up() {
  local n=$1 got
  "$OCTL" cmd run "uname -a" @all -o lines > "$TMP/warmup.out" 2> "$TMP/warmup.err" || { cat "$TMP/warmup.err"; return 1; }
  got=$(grep -E '^node[0-9]+: Linux ' "$TMP/warmup.out" | cut -d: -f1 | sort -u | wc -l)
  [ "$got" = "$n" ] || { log "warm-up saw $got/$n nodes"; return 1; }
}

reps_for() { if [ "$1" -le 100 ]; then echo "$REPS_SMALL"; else echo "$REPS_LARGE"; fi; }

measure_ours() {   # N VARIANT LABEL
  local n=$1 variant=$2 label=$3 i t0 t1
  warm_up "$n" || die "the warm-up broadcast failed at N=$n"
  OCTOPODA_OCTL=$OCTL OCTOPODA_VARIANT=$variant peer_run "$n" REPS="$(reps_for "$n")" ONLY='^cmd/octopoda/'
  # Untimed diagnostics: where the time of a broadcast goes, from the tasks' own timestamps (3 runs).
  for i in 1 2 3; do
    t0=$(date +%s%3N); "$OCTL" cmd run "uname -a" @all -o json > "$TMP/phases.json" 2>/dev/null; t1=$(date +%s%3N)
    "$PERF" phases --json "$TMP/phases.json" --start-ms "$t0" --end-ms "$t1" --label "$label #$i" >> "$RUN_DIR/phases.md" \
      || log "phases of run $i failed"
  done
}

# disconnects LABEL: why the Brain saw each node leave when the nodes were stopped (before the Brain)
disconnects() {
  local label=$1
  printf '| %s | %s |\n' "$label" \
    "$(grep -h 'disconnected: ' "$LOGS/$label-brain.log" | sed 's/.*disconnected: //' | sort | uniq -c | awk '{c=$1; $1=""; printf "%s×%s; ", c, $0}')" \
    >> "$RUN_DIR/disconnects.md"
}

run_sim() {
  local n=$1 label=sim-$1 sim_pid
  log "Octopoda, $n simulated nodes"
  start_brain "$label" "$n"
  "$PERF" simulate --brain "$BRAIN_URL" --join-token "$JOIN_TOKEN" --count "$n" --prefix node --digits 4 \
    --data-dir "$TMP/$label/sim" > "$LOGS/$label-simulator.log" 2>&1 < /dev/null &
  sim_pid=$!; track "$sim_pid"
  wait_for_line "$LOGS/$label-simulator.log" "^ready: $n connected" 900 "$sim_pid" || die "the simulator did not connect $n nodes"
  log "  $(grep -E '^enrolled [0-9]+ nodes|^ready:' "$LOGS/$label-simulator.log" | tr '\n' ';')"
  wait_online "$n" || die "the Brain does not see $n nodes online"
  octl_floor "$label"
  measure_ours "$n" "simulated nodes (1 process)" "$label"
  idle_cost "$label (Brain + simulator)" "$BRAIN_PID" "$sim_pid"
  stop_pids "$sim_pid"
  stop_pids "$BRAIN_PID"
  disconnects "$label"
}

run_real() {
  local n=$1 label=real-$1 i name dir pids=()
  log "Octopoda, $n real Tentacle processes"
  start_brain "$label" "$n"
  mkdir -p "$LOGS/$label"
  for i in $(seq 1 "$n"); do
    name=$(printf 'node%03d' "$i"); dir=$TMP/$label/$name
    mkdir -p "$dir"
    # cwd = its data dir, so no stray ./tentacle.yaml is picked up
    (cd "$dir" && exec "$TENTACLE" --name "$name" --brain "$BRAIN_URL" --join-token "$JOIN_TOKEN" --data-dir "$dir") \
      > "$LOGS/$label/$name.log" 2>&1 < /dev/null &
    pids+=("$!"); track "$!"
  done
  wait_online "$n" || die "the Brain does not see $n Tentacles online"
  octl_floor "$label"
  measure_ours "$n" "real Tentacle processes" "$label"
  idle_cost "$label (Brain + $n tentacles)" "$BRAIN_PID" "${pids[@]}"
  stop_pids "${pids[@]}"
  stop_pids "$BRAIN_PID"
  disconnects "$label"
}

# ----------------------------------------------------------------------- run --
log "run $STAMP: SIM_NS='$SIM_NS' REAL_NS='$REAL_NS' PEER_NS='$PEER_NS' (PEERS=$PEERS) reps $REPS_SMALL/$REPS_LARGE, peers $PEER_REPS/$PEER_REPS_ANSIBLE/$PEER_REPS_LARGE"
log "logs in $LOGS"
build
ALL_NS=$(printf '%s\n' $SIM_NS $REAL_NS $PEER_NS | sort -nu | xargs)
MAX_N=$(printf '%s\n' $ALL_NS | tail -n 1)
prepare_peers "$MAX_N"
echo "| configuration | our processes' CPU (% of one core) | machine busy (% of 2 cores) | other processes (% of one core) |" > "$RUN_DIR/idle.md"
echo "|---|---:|---:|---:|" >> "$RUN_DIR/idle.md"
printf '%s\n' "| configuration | N | octl start → tasks stored | stored → last dispatched | stored → last accepted | stored → last finished | last finished → octl exit | total |" \
  "|---|---:|---:|---:|---:|---:|---:|---:|" > "$RUN_DIR/phases.md"
printf '%s\n' "| configuration | disconnect reasons the Brain logged (nodes stopped first, then the Brain) |" "|---|---|" > "$RUN_DIR/disconnects.md"
echo "| configuration | median s |" > "$RUN_DIR/octl-floor.md"
echo "|---|---:|" >> "$RUN_DIR/octl-floor.md"
LOADS=()
for n in $ALL_NS; do
  LOADS+=("N=$n: $(cut -d' ' -f1-3 /proc/loadavg)")
  [[ " $SIM_NS " == *" $n "* ]] && run_sim "$n"
  [[ " $REAL_NS " == *" $n "* ]] && run_real "$n"
  [ "$PEERS" = 1 ] && [[ " $PEER_NS " == *" $n "* ]] && run_peers "$n"
done

# -------------------------------------------------------------------- report --
ELAPSED=$(( $(date +%s) - STARTED ))
{
  echo "## Fan-out: \`uname -a\` on N nodes, every node's output collected"
  echo
  echo "- run: $STAMP, $(date -Is), took $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
  echo "- machine: $(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(uname -sr)"
  echo "- software: .NET $(dotnet --version), $(ssh -V 2>&1), commit $COMMIT (SOURCE=$SOURCE), binaries published Release + ReadyToRun"
  echo "- command: \`${BENCH_COMMAND:-perf/bench-fanout.sh}\` with SIM_NS='$SIM_NS' REAL_NS='$REAL_NS' PEER_NS='$PEER_NS' REPS_SMALL=$REPS_SMALL REPS_LARGE=$REPS_LARGE PEER_REPS=$PEER_REPS PEER_REPS_ANSIBLE=$PEER_REPS_ANSIBLE PEER_REPS_LARGE=$PEER_REPS_LARGE"
  echo "- peers at N >= 1000: only \`$PEER_ONLY_LARGE\`; at N >= 100 ansible forks=5 is skipped and ansible forks=N gets $PEER_REPS_ANSIBLE reps"
  echo "- load average (1/5/15 min) when each N started: ${LOADS[*]}"
  echo "- every row: wall time of the whole command (process start to exit), timed by the peers' run.sh; a run counts only with rc=0 and every node's line present"
  echo
  "$PERF" report --csv "$CSV" || echo "(report failed)"
  echo
  echo "### CPU while the nodes sit connected and heartbeating (10 s, after the timed runs)"
  echo
  cat "$RUN_DIR/idle.md"
  echo
  echo "### Fixed cost of one octl invocation: \`octl node get -o json\`, median of 5"
  echo
  cat "$RUN_DIR/octl-floor.md"
  echo
  echo "### Where a broadcast's time goes (3 untimed runs per configuration, from the tasks' timestamps)"
  echo
  echo "\"dispatched\" is stamped before the dispatcher's store update, \"accepted\"/\"finished\" are node clocks corrected by the heartbeat offset estimate."
  echo
  cat "$RUN_DIR/phases.md"
  echo
  echo "### How nodes left"
  echo
  cat "$RUN_DIR/disconnects.md"
} > "$RUN_DIR/fanout.md"
cp "$RUN_DIR/fanout.md" "$OUT/fanout.md"
log "done in $((ELAPSED / 60)) min: $OUT/fanout.md (rows in $CSV)"
exit 0
}
