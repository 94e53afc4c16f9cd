#!/usr/bin/env bash
# Runs every test. Installs what the tests need first: PostgreSQL (Debian's package) for the storage tests, git
# for the scen repo tests.
# Set OCTOPODA_TEST_POSTGRES to an Npgsql connection string to use a PostgreSQL of your own instead.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${OCTOPODA_TEST_POSTGRES:-}" ]; then
  OCTOPODA_TEST_POSTGRES=$(eng/postgres.sh)
  export OCTOPODA_TEST_POSTGRES
fi

if ! command -v git >/dev/null 2>&1; then
  echo "test.sh: installing git from Debian's packages..." >&2
  sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq git >&2
fi

echo "test.sh: building..."
dotnet build Octopoda.slnx -c Release -v quiet -nologo

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# The Tentacle installer's own test (shell): a temp root, no systemd needed.
bash eng/tests/install-tentacle.test.sh 2>&1 | tee "$log.install"
install_status=${PIPESTATUS[0]}
# A hung test fails its assembly after 5 minutes instead of stalling CI.
dotnet test Octopoda.slnx -c Release --no-build --nologo --blame-hang-timeout 5m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
[ "$install_status" -eq 0 ] || status=1
# The installer test closes with its own "N passed, N failed" line; fold it into the total.
grep -oE '[0-9]+ passed, [0-9]+ failed' "$log.install" | tail -n 1 | awk '{ printf "Passed!  - Failed: %d, Passed: %d, Skipped: 0\n", $3, $1 }' >>"$log"
rm -f "$log.install"

# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i + 1)); if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
