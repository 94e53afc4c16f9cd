#!/usr/bin/env bash
# Runs every test. Installs what the tests need first: PostgreSQL (Debian's package) for the storage tests.
# Set OCTOPODA_TEST_POSTGRES to an Npgsql connection string to use a PostgreSQL of your own instead.
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${OCTOPODA_TEST_POSTGRES:-}" ]; then
  OCTOPODA_TEST_POSTGRES=$(eng/postgres.sh)
  export OCTOPODA_TEST_POSTGRES
fi

echo "test.sh: building..."
dotnet build Octopoda.slnx -c Release -v quiet -nologo

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# A hung test fails its assembly after 5 minutes instead of stalling CI.
dotnet test Octopoda.slnx -c Release --no-build --nologo --blame-hang-timeout 5m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test assemblies.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i + 1)); if ($i == "Failed:") f += $(i + 1); if ($i == "Passed:") p += $(i + 1); if ($i == "Skipped:") s += $(i + 1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
