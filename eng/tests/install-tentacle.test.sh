#!/usr/bin/env bash
# Tests eng/install-tentacle.sh by installing into temporary --root directories: the files it writes, their
# modes, idempotence, and the rejection of names, URLs and tokens that could inject anything.
# Exits non-zero when a check fails. Needs no root and touches nothing outside its temporary directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
installer="$here/../install-tentacle.sh"
unit="$here/../systemd/octopoda-tentacle.service"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
check() {
  local description="$1"
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $description" >&2
  fi
}

token="oct1.abcdefghijklmnop_-XYZ.$(printf 'ab%.0s' {1..32})"
binary="$work/tentacle"
printf '#!/bin/sh\necho fake tentacle\n' >"$binary"

install_into() {
  local root="$1"
  shift
  "$installer" --root "$root" --binary "$binary" "$@" >"$work/out" 2>&1
}

mode_of() { stat -c %a "$1"; }

# --- A fresh install --------------------------------------------------------------------------------------
root="$work/fresh"
check "installs into a fresh root" install_into "$root" --brain https://brain.example:7400 --token "$token" --name node-1
check "binary installed" cmp -s "$binary" "$root/usr/local/bin/tentacle"
check "binary mode 755" [ "$(mode_of "$root/usr/local/bin/tentacle")" = 755 ]
config="$root/etc/octopoda/tentacle/tentacle.yaml"
expected="# Written by install-tentacle.sh. The join token is used once, to enrol; after that the Tentacle
# authenticates with the certificate it keeps in dataDir.
name: \"node-1\"
brains: [ \"https://brain.example:7400\" ]
joinToken: \"$token\"
dataDir: \"/var/lib/octopoda/tentacle\""
check "config content" [ "$(cat "$config")" = "$expected" ]
check "config mode 600" [ "$(mode_of "$config")" = 600 ]
check "config directory mode 700" [ "$(mode_of "$root/etc/octopoda/tentacle")" = 700 ]
check "parent directories mode 755" [ "$(mode_of "$root/etc/octopoda")" = 755 ]
check "data directory mode 700" [ "$(mode_of "$root/var/lib/octopoda/tentacle")" = 700 ]
check "unit installed" cmp -s "$unit" "$root/etc/systemd/system/octopoda-tentacle.service"
check "token not printed" bash -c "! grep -q abcdefghijklmnop '$work/out'"

# --- Idempotence ------------------------------------------------------------------------------------------
before="$(cd "$root" && find . -printf '%p %m %s\n' | sort)"
check "second run succeeds" install_into "$root" --brain https://brain.example:7400 --token "$token" --name node-1
after="$(cd "$root" && find . -printf '%p %m %s\n' | sort)"
check "second run changes nothing" [ "$before" = "$after" ]
check "second run says unchanged" grep -q "unchanged: $config" "$work/out"
check "no backup when unchanged" [ ! -e "$config.bak" ]

# --- An update keeps the old config -----------------------------------------------------------------------
check "update with a new name" install_into "$root" --brain https://brain.example:7400 --token "$token" --name node-2
check "config has the new name" grep -qx 'name: "node-2"' "$config"
check "old config kept as .bak" grep -qx 'name: "node-1"' "$config.bak"
check "backup mode 600" [ "$(mode_of "$config.bak")" = 600 ]

# --- Several Brains, a token file, IPv6 -------------------------------------------------------------------
root="$work/multi"
printf '%s\n' "$token" >"$work/token"
check "several brains and a token file" install_into "$root" --brain https://a.example:7400 --brain 'https://[fd00::1]:7400/' --token-file "$work/token" --name n.a_b-c
check "both brains listed" grep -qx 'brains: \[ "https://a.example:7400", "https://\[fd00::1\]:7400/" \]' "$root/etc/octopoda/tentacle/tentacle.yaml"
check "token from the file" grep -qx "joinToken: \"$token\"" "$root/etc/octopoda/tentacle/tentacle.yaml"

# --- Dry run ----------------------------------------------------------------------------------------------
root="$work/dry"
mkdir "$root"
check "dry run succeeds" install_into "$root" --dry-run --brain https://brain.example:7400 --token "$token" --name node-1
check "dry run writes nothing" [ -z "$(ls -A "$root")" ]
check "dry run says what it would install" grep -q "install: $root/usr/local/bin/tentacle" "$work/out"

# --- Rejections: nothing may be written -------------------------------------------------------------------
rejects() {
  local root="$work/reject"
  rm -rf "$root" && mkdir "$root"
  if install_into "$root" "$@"; then
    return 1
  fi
  [ -z "$(ls -A "$root")" ] && [ ! -e "$work/pwned" ]
}
long_name="$(printf 'a%.0s' {1..64})"
for bad in "-starts-with-dash" ".dot-first" "has space" 'semi;colon' '$(touch '"$work"'/pwned)' \
  '`touch pwned`' 'quote"d' "new
line" "ünïcode" "a/b" "$long_name"; do
  check "rejects node name '$bad'" rejects --brain https://brain.example:7400 --token "$token" --name "$bad"
done
check "an empty --name means this host's name" install_into "$work/host" --brain https://b.example --token "$token" --name ""
check "config names the host" grep -q "^name: \"$(hostname -s)\"$" "$work/host/etc/octopoda/tentacle/tentacle.yaml"
check "accepts a 63-character name" install_into "$work/long" --brain https://b.example --token "$token" --name "${long_name:1}"

for bad in "http://brain.example:7400" "brain.example:7400" 'https://brain.example/"x' "https://a b" \
  'https://brain.example/$(touch pwned)' "https://brain.example:7400
x: y" "https://user@brain.example"; do
  check "rejects brain URL '$bad'" rejects --brain "$bad" --token "$token" --name node-1
done
check "rejects a missing --brain" rejects --token "$token" --name node-1

for bad in "" "not-a-token" "oct1.short.$(printf 'ab%.0s' {1..32})" "oct1.abcdefghijklmnopq.ABCDEF" \
  "oct1.abcdefghijklmnopq.$(printf 'ab%.0s' {1..32})\"x"; do
  check "rejects token '$bad'" rejects --brain https://brain.example --token "$bad" --name node-1
done
check "rejects a relative --root" bash -c "! '$installer' --root relative --binary '$binary' --brain https://b.example --token '$token' --name n >/dev/null 2>&1"
check "rejects a missing binary" rejects --brain https://b.example --token "$token" --name n --binary "$work/none"

echo "install-tentacle: $passed passed, $failed failed"
((failed == 0))
