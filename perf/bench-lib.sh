# perf/bench-lib.sh -- sourced by bench-queue.sh, bench-align.sh and bench-fanout.sh (which defines its own
# variants of the build and node helpers, after sourcing): logging, processes this script started (only those are ever signalled, by PID), the build of
# published binaries, a Brain on a free port (SQLite or PostgreSQL), simulated or real nodes.
#
# The caller sets HERE, ROOT, OUT, LOGS, TMP before sourcing, and BASE_PORT/SOURCE if it wants others than the
# defaults. Everything here is a function; sourcing it runs nothing.

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "FAILED: $*"; exit 1; }

# ----------------------------------------------------------------- processes --
PIDS=()
track() { PIDS+=("$1"); }
stop_pids() {   # TERM each, wait up to 20 s for all, then KILL what is left
  local p i alive
  for p in "$@"; do kill -TERM "$p" 2>/dev/null; done
  for i in $(seq 200); do
    alive=0
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "$@"; do kill -0 "$p" 2>/dev/null && { log "pid $p ignored TERM; KILL"; kill -KILL "$p" 2>/dev/null; }; done
  for p in "$@"; do wait "$p" 2>/dev/null; done
  local keep=() q
  for q in "${PIDS[@]}"; do [[ " $* " == *" $q "* ]] || keep+=("$q"); done
  PIDS=("${keep[@]}")
}

wait_for_line() {   # FILE REGEX SECONDS PID: until a line of FILE matches, or PID dies, or time is up
  local file=$1 regex=$2 seconds=$3 pid=$4 i
  for i in $(seq $((seconds * 10))); do
    grep -qE "$regex" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "process $pid exited; tail of $file:"; tail -n 20 "$file"; return 1; }
    sleep 0.1
  done
  log "no '$regex' in $file within $seconds s; tail:"; tail -n 20 "$file"
  return 1
}

free_port() {
  local p
  for p in $(seq "${BASE_PORT:-7700}" $((${BASE_PORT:-7700} + 200))); do
    ss -ltnH "sport = :$p" | grep -q . || { echo "$p"; return 0; }
  done
  return 1
}

machine_line() {
  echo "$(nproc) vCPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/^Mem:/{print $2}') GiB RAM, $(uname -sr)"
}

# --------------------------------------------------------------------- build --
# build PROJECT...: published Release, framework-dependent, ReadyToRun (how the binaries ship), from a snapshot of
# the committed HEAD (SOURCE=head, the default) or from the working tree as it is (SOURCE=worktree). Artifacts
# go under out/build/<label>, shared with bench-fanout.sh. Sets BRAIN, TENTACLE, PERF, OCTL and COMMIT. A binary
# already named in the environment (BRAIN=…/brain, TENTACLE=…, PERF=…/octopoda-perf, e.g. a Debug build while
# working on the benchmark itself) is used as it is and its project not published.
build() {
  local src label p name preset_brain=${BRAIN:-} preset_tentacle=${TENTACLE:-} preset_perf=${PERF:-}
  if [ "${SOURCE:-head}" = worktree ]; then
    src=$ROOT; label=worktree
  else
    label=$(git -C "$ROOT" rev-parse --short=12 HEAD) || die "not a git checkout: $ROOT (use SOURCE=worktree)"
    src=$OUT/src/$label
    if [ ! -f "$src/Octopoda.slnx" ]; then
      mkdir -p "$src"
      git -C "$ROOT" archive --format=tar HEAD | tar -x -C "$src" || die "cannot snapshot HEAD"
    fi
  fi
  COMMIT=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo "not a git checkout")
  if [ "${SOURCE:-head}" = worktree ] && git -C "$ROOT" rev-parse HEAD > /dev/null 2>&1 && ! git -C "$ROOT" diff --quiet HEAD -- src perf; then
    COMMIT="$COMMIT+local changes"
  fi
  ART=$OUT/build/$label
  for p in "$@"; do
    name=$(basename "$p")
    case $name in
      Octopoda.Brain) [ -n "$preset_brain" ] && { log "using BRAIN=$preset_brain"; continue; } ;;
      Octopoda.Tentacle) [ -n "$preset_tentacle" ] && { log "using TENTACLE=$preset_tentacle"; continue; } ;;
      Octopoda.Perf) [ -n "$preset_perf" ] && { log "using PERF=$preset_perf"; continue; } ;;
    esac
    log "publishing $p (Release, ReadyToRun) from $label"
    dotnet publish "$src/$p" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
      --artifacts-path "$ART" -nologo -v q > "$LOGS/build-$name.log" 2>&1 \
      || { tail -n 30 "$LOGS/build-$name.log"; die "build of $p failed"; }
  done
  local pub=$ART/publish
  BRAIN=${preset_brain:-$pub/Octopoda.Brain/release_linux-x64/brain}
  TENTACLE=${preset_tentacle:-$pub/Octopoda.Tentacle/release_linux-x64/tentacle}
  PERF=${preset_perf:-$pub/Octopoda.Perf/release_linux-x64/octopoda-perf}
  OCTL=$pub/Octopoda.Cli/release_linux-x64/octl
  BUILD_NOTE="binaries published Release + ReadyToRun"
  [ -n "$preset_brain$preset_tentacle$preset_perf" ] && BUILD_NOTE="binaries published Release + ReadyToRun except those given in the environment:${preset_brain:+ brain=$preset_brain}${preset_tentacle:+ tentacle=$preset_tentacle}${preset_perf:+ octopoda-perf=$preset_perf}"
}

# ---------------------------------------------------------------- PostgreSQL --
# The server comes from eng/postgres.sh (Debian's packages, started locally), unless OCTOPODA_TEST_POSTGRES
# already names one. Each Brain gets a database of its own, dropped when it stops.
pg_admin_connection() {
  if [ -n "${OCTOPODA_TEST_POSTGRES:-}" ]; then
    echo "$OCTOPODA_TEST_POSTGRES"
  else
    "$ROOT/eng/postgres.sh" 2> "$LOGS/postgres-setup.log" || { tail -n 20 "$LOGS/postgres-setup.log" >&2; return 1; }
  fi
}
pg_field() {   # CONNECTION KEY: one key's value of an Npgsql connection string (keys case-insensitive)
  tr ';' '\n' <<< "$1" | awk -v k="$2" 'BEGIN{k=tolower(k)} { i=index($0,"="); if (i && tolower(substr($0,1,i-1))==k) { print substr($0,i+1); exit } }'
}
pg_psql() {    # SQL: run as the admin connection's user, on its maintenance database
  PGPASSWORD=$(pg_field "$PG_ADMIN" Password) psql -h "$(pg_field "$PG_ADMIN" Host)" -p "$(pg_field "$PG_ADMIN" Port)" \
    -U "$(pg_field "$PG_ADMIN" Username)" -d postgres -v ON_ERROR_STOP=1 -qtAc "$1"
}
pg_create_database() {   # NAME: creates it and prints its connection string
  local name=$1
  pg_psql "CREATE DATABASE \"$name\"" > /dev/null || return 1
  printf '%s\n' "$PG_ADMIN" | sed -E 's/(^|;)[Dd]atabase=[^;]*//' | sed -E "s/;*\$/;Database=$name/"
}
pg_drop_database() { pg_psql "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" > /dev/null || log "could not drop database $1"; }

# --------------------------------------------------------------------- Brain --
# start_brain LABEL USES [STORE_ARGS...]: a fresh Brain on a free port with a join token for USES enrolments.
# Sets BRAIN_DIR, BRAIN_URL, BRAIN_PID, JOIN_TOKEN, ADMIN_TOKEN, CA_FILE. BRAIN_ENV ("NAME=value ...") is given to the
# Brain process only (e.g. runtime knobs under test), not to the build or the Tentacles.
start_brain() {
  local label=$1 uses=$2 port; shift 2
  BRAIN_DIR=$TMP/$label/brain
  mkdir -p "$TMP/$label"
  "$BRAIN" token create --data-dir "$BRAIN_DIR" --uses "$uses" --ttl-hours 4 "$@" > "$TMP/$label/join.token" 2> "$LOGS/$label-token.log" \
    || { cat "$LOGS/$label-token.log"; die "brain token create failed (see $LOGS/$label-token.log)"; }
  JOIN_TOKEN=$(cat "$TMP/$label/join.token")
  port=$(free_port) || die "no free port from ${BASE_PORT:-7700}"
  BRAIN_URL=https://127.0.0.1:$port
  # shellcheck disable=SC2086 # BRAIN_ENV is a list of NAME=value words
  env ${BRAIN_ENV:-} "$BRAIN" --data-dir "$BRAIN_DIR" --listen "$BRAIN_URL" "$@" > "$LOGS/$label-brain.log" 2>&1 < /dev/null &
  BRAIN_PID=$!; track "$BRAIN_PID"
  wait_for_line "$LOGS/$label-brain.log" 'ready at' 60 "$BRAIN_PID" || die "the Brain did not start"
  ADMIN_TOKEN=$(cat "$BRAIN_DIR/admin.token")
  CA_FILE=$BRAIN_DIR/pki/ca.crt
  log "  Brain pid $BRAIN_PID at $BRAIN_URL"
}

api_args() { echo --brain "$BRAIN_URL" --token "$ADMIN_TOKEN" --ca "$CA_FILE"; }

wait_online() {   # N
  # shellcheck disable=SC2046
  "$PERF" wait-online $(api_args) --count "$1" --timeout-seconds 300 | sed 's/^/    /'
  return "${PIPESTATUS[0]}"
}

# start_simulator LABEL N: N virtual Tentacles (node0001..) in one octopoda-perf process. Sets SIM_PID.
start_simulator() {
  local label=$1 n=$2
  "$PERF" simulate --brain "$BRAIN_URL" --join-token "$JOIN_TOKEN" --count "$n" --prefix node --digits 4 \
    --data-dir "$TMP/$label/sim" > "$LOGS/$label-simulator.log" 2>&1 < /dev/null &
  SIM_PID=$!; track "$SIM_PID"
  wait_for_line "$LOGS/$label-simulator.log" "^ready: $n connected" 300 "$SIM_PID" || die "the simulator did not connect $n nodes"
}

# start_tentacles LABEL N: N real Tentacle processes (node001..), each with its own data dir. Sets TENTACLE_PIDS.
# With FILE_STORE_ROOT, a node's @fstore is $FILE_STORE_ROOT/<name> (so one upload to @fstore lands in a directory
# of its own per node on this one machine).
start_tentacles() {
  local label=$1 n=$2 i name dir
  TENTACLE_PIDS=()
  mkdir -p "$LOGS/$label"
  for i in $(seq 1 "$n"); do
    name=$(printf 'node%03d' "$i"); dir=$TMP/$label/$name
    mkdir -p "$dir"
    # cwd = its data dir, so no stray ./tentacle.yaml is picked up
    (cd "$dir" && exec "$TENTACLE" --name "$name" --brain "$BRAIN_URL" --join-token "$JOIN_TOKEN" --data-dir "$dir" \
      ${FILE_STORE_ROOT:+--file-store "$FILE_STORE_ROOT/$name"}) \
      > "$LOGS/$label/$name.log" 2>&1 < /dev/null &
    TENTACLE_PIDS+=("$!"); track "$!"
  done
}
