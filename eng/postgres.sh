#!/usr/bin/env bash
# Installs (from Debian's packages) and starts a local PostgreSQL for the storage tests, then prints the Npgsql
# connection string for OCTOPODA_TEST_POSTGRES. Idempotent; needs root (or sudo) the first time.
set -euo pipefail

PASSWORD=octopoda-test
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "test.sh: installing PostgreSQL from Debian's packages..." >&2
  # No init system here: keep the package from trying to start services itself.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d
    remove_policy=1
  fi
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
  [ "${remove_policy:-0}" = 1 ] && as_root rm -f /usr/sbin/policy-rc.d
fi

version=$(ls /etc/postgresql | sort -V | tail -n 1)
[ -n "$version" ] || { echo "test.sh: no PostgreSQL cluster found under /etc/postgresql" >&2; exit 1; }
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
  as_root pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
for _ in $(seq 1 30); do
  if as_root su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
as_root su postgres -c "psql -p $port -qc \"ALTER USER postgres PASSWORD '$PASSWORD'\"" >/dev/null
echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$PASSWORD;Database=postgres"
