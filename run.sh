#!/usr/bin/env bash
# Starts a local fleet: a Brain (embedded SQLite store, its own CA) and three Tentacles, node1..node3, each with
# its own data directory under .run/ (git-ignored). No certificate or config step: the Brain creates its CA,
# the Tentacles enrol with a join token, and bin/octl is configured. Ctrl-C stops them all.
# OCTOPODA_PORT picks the Brain's port (default 7400).
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
run="$root/.run"
port=${OCTOPODA_PORT:-7400}
brain_url="https://127.0.0.1:$port"
mkdir -p "$run/logs"

echo "run.sh: building brain, tentacle and octl (Release)..."
for project in Brain:brain Tentacle:tentacle Cli:octl; do
  dotnet build "src/Octopoda.${project%%:*}" -c Release -o "$run/build/${project##*:}" -v quiet -nologo >/dev/null \
    || { echo "run.sh: build of ${project%%:*} failed; run 'dotnet build Octopoda.slnx' to see why" >&2; exit 1; }
done

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "run.sh: port $port is already in use (another ./run.sh?). Stop it, or set OCTOPODA_PORT." >&2
  exit 1
fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "run.sh: stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "run.sh: stopped."
}
trap stop INT TERM EXIT

brain() { exec dotnet "$run/build/brain/brain.dll" --data-dir "$run/brain" --listen "$brain_url" "$@"; }

# A join token for the three nodes (enrolment happens once; restarts reuse each node's certificate).
token=$(brain token create --uses 3 --ttl-hours 1)

# exec inside the background subshell, so the PID kept is the Brain's own.

(brain >"$run/logs/brain.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 300); do
  grep -q "ready at" "$run/logs/brain.log" 2>/dev/null && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "run.sh: the Brain exited; see .run/logs/brain.log:" >&2; tail -n 20 "$run/logs/brain.log" >&2; exit 1; }
  sleep 0.1
done

cat >"$run/octl.yaml" <<YAML
# Written by run.sh: bin/octl uses this file unless OCTOPODA_CONFIG says otherwise.
brain: $brain_url
token: $(cat "$run/brain/admin.token")
caFile: brain/pki/ca.crt
YAML
chmod 600 "$run/octl.yaml"

for i in 1 2 3; do
  exec_tentacle() { exec dotnet "$run/build/tentacle/tentacle.dll" "$@"; }
  (exec_tentacle --name "node$i" --brain "$brain_url" --join-token "$token" \
    --data-dir "$run/node$i" >"$run/logs/node$i.log" 2>&1) &
  pids+=($!)
done
for i in 1 2 3; do
  for _ in $(seq 1 300); do
    grep -q "Connected to" "$run/logs/node$i.log" 2>/dev/null && break
    sleep 0.1
  done
  grep -q "Connected to" "$run/logs/node$i.log" || { echo "run.sh: node$i did not connect; see .run/logs/node$i.log:" >&2; tail -n 5 "$run/logs/node$i.log" >&2; exit 1; }
done

cat <<TEXT

ready: Brain at $brain_url with node1, node2, node3 (logs in .run/logs/, Ctrl-C stops everything)

Try, in another terminal:
  bin/octl node get
  bin/octl node status
  bin/octl cmd run 'uname -a' @all
  bin/octl cmd run 'exit 3' node1          # shows exit code 3 and stderr; octl exits non-zero
  bin/octl cmd run 'uname -a' @all -o json
  bin/octl wg add /lab node1 node2 && bin/octl cmd run hostname @lab   # a workgroup
  bin/octl audit                                                        # who did what
(Start with OCTOPODA_ADMIN_PASSWORD=... ./run.sh to be able to 'bin/octl login /' with a password.)
TEXT
wait
