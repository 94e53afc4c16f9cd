#!/usr/bin/env bash
# Installs the Octopoda Tentacle on this node and starts it under systemd.
#
#   install-tentacle.sh --brain URL --token JOIN_TOKEN [--name NODE] [--binary PATH]
#
#   --brain URL         the Brain, https://host[:port]; repeat for several Brains
#   --token TOKEN       the join token from `brain token create` (oct1.<secret>.<fingerprint>)
#   --token-file FILE   read the token from FILE instead, keeping it out of the process list
#   --name NODE         the node's name (default: this host's short name); 1-63 characters: letters, digits,
#                       '.', '_' or '-', starting with a letter or digit
#   --binary PATH       the tentacle program (default: ./tentacle beside this script, then the repository's
#                       artifacts/publish/<rid>/tentacle)
#   --root DIR          install under DIR instead of / and leave systemd alone (for tests and images)
#   --dry-run           print what would be done, change nothing
#
# Installs /usr/local/bin/tentacle, writes /etc/octopoda/tentacle/tentacle.yaml (mode 0600: it holds the
# token), creates /var/lib/octopoda/tentacle, and installs, enables and (re)starts octopoda-tentacle.service.
# Running it again with the same arguments changes nothing; with new ones it updates what differs.
set -euo pipefail
umask 077

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

die() {
  echo "install-tentacle: $*" >&2
  exit 1
}

say() {
  echo "install-tentacle: $*"
}

brains=()
token=""
token_file=""
name=""
binary=""
root="/"
dry_run=false
while (($# > 0)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --brain | --token | --token-file | --name | --binary | --root)
      (($# >= 2)) || die "$1 needs a value"
      case "$1" in
        --brain) brains+=("$2") ;;
        --token) token="$2" ;;
        --token-file) token_file="$2" ;;
        --name) name="$2" ;;
        --binary) binary="$2" ;;
        --root) root="$2" ;;
      esac
      shift
      ;;
    --dry-run) dry_run=true ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

# Character classes below mean ASCII letters only in the C locale.
export LC_ALL=C

# --- Validate everything before touching anything ---------------------------------------------------------
((${#brains[@]} > 0)) || die "--brain is required, e.g. --brain https://brain.example:7400"
for url in "${brains[@]}"; do
  # Scheme https, a host name, IPv4 or [IPv6] address, an optional port and path of URL-safe characters.
  # Nothing else gets through, so no quote, space or newline can reach the YAML file or a shell.
  [[ "$url" =~ ^https://([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?(/[A-Za-z0-9._~/%-]*)?$ ]] \
    || die "--brain must be an https:// URL such as https://brain.example:7400 (got '$url')"
done

if [[ -n "$token_file" ]]; then
  [[ -z "$token" ]] || die "give --token or --token-file, not both"
  [[ -r "$token_file" ]] || die "cannot read the token file '$token_file'"
  token="$(tr -d '[:space:]' <"$token_file")"
fi
[[ -n "$token" ]] || die "--token (or --token-file) is required: create one on the Brain with 'brain token create'"
# The same shape the Tentacle checks (Octopoda.Protocol.Enrollment.JoinToken).
[[ "$token" =~ ^oct1\.[A-Za-z0-9_-]{16,}\.[0-9a-f]{64}$ ]] \
  || die "the join token must look like 'oct1.<secret>.<64 hex digits>'; create one with 'brain token create'"

if [[ -z "$name" ]]; then
  name="$(hostname -s 2>/dev/null || hostname 2>/dev/null || true)"
  [[ -n "$name" ]] || die "cannot tell this host's name; pass --name"
fi
# The rule of Octopoda.Protocol.Enrollment.NodeNames: the name ends up in paths, certificates and URLs.
[[ "$name" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$ ]] \
  || die "invalid node name '$name': 1-63 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"

if [[ -z "$binary" ]]; then
  arch="$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
  for candidate in "$script_dir/tentacle" "$script_dir/../artifacts/publish/linux-$arch/tentacle"; do
    if [[ -f "$candidate" ]]; then
      binary="$candidate"
      break
    fi
  done
  [[ -n "$binary" ]] || die "no tentacle program beside this script or in artifacts/publish/linux-$arch/; pass --binary (eng/publish.sh builds it)"
fi
[[ -f "$binary" && -r "$binary" ]] || die "the tentacle program '$binary' is not a readable file"

[[ "$root" == /* ]] || die "--root must be an absolute path (got '$root')"
root="${root%/}"
real_system=false
if [[ -z "$root" ]]; then
  real_system=true
fi
if $real_system && ! $dry_run && ((EUID != 0)); then
  die "run as root (it installs into /usr/local/bin, /etc and systemd), or use --dry-run or --root DIR"
fi

unit_source="$script_dir/systemd/octopoda-tentacle.service"
use_systemd=false
if $real_system && command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
  use_systemd=true
  [[ -f "$unit_source" ]] || die "systemd is running but '$unit_source' is missing; keep systemd/ beside this script"
fi

bin_path="$root/usr/local/bin/tentacle"
config_dir="$root/etc/octopoda/tentacle"
config_path="$config_dir/tentacle.yaml"
data_dir="$root/var/lib/octopoda/tentacle"
unit_path="$root/etc/systemd/system/octopoda-tentacle.service"

# --- Build the config -------------------------------------------------------------------------------------
# Double-quoted YAML scalars. The values were validated above, so escaping is a second line of defence only.
yaml_quote() {
  local value="${1//\\/\\\\}"
  printf '"%s"' "${value//\"/\\\"}"
}

config="# Written by install-tentacle.sh. The join token is used once, to enrol; after that the Tentacle
# authenticates with the certificate it keeps in dataDir.
name: $(yaml_quote "$name")
brains: [ "
for i in "${!brains[@]}"; do
  ((i == 0)) || config+=", "
  config+="$(yaml_quote "${brains[$i]}")"
done
config+=" ]
joinToken: $(yaml_quote "$token")
dataDir: \"/var/lib/octopoda/tentacle\"
"

# --- Act (or say what would be done) ----------------------------------------------------------------------
changed=false

run() {
  if $dry_run; then
    echo "  would run: $*"
  else
    "$@"
  fi
}

# Creates a directory with the given mode; missing parents get the usual 0755, whatever the umask.
make_dir() {
  local dir="$1" mode="$2"
  (umask 022 && mkdir -p "$(dirname "$dir")")
  mkdir -p "$dir"
  chmod "$mode" "$dir"
}

# Copies to a temporary file beside the target, then renames: the replacement is atomic, and works while the
# old binary is running (writing over a running executable fails with "text file busy").
install_file() {
  local source="$1" target="$2" mode="$3"
  if [[ -f "$target" ]] && cmp -s "$source" "$target" && [[ "$(stat -c %a "$target")" == "${mode#0}" ]]; then
    say "unchanged: $target"
    return
  fi
  say "install: $target (mode $mode)"
  changed=true
  if ! $dry_run; then
    [[ -d "$(dirname "$target")" ]] || make_dir "$(dirname "$target")" 0755
    local temp
    temp="$(mktemp "$target.XXXXXX")"
    cat "$source" >"$temp"
    chmod "$mode" "$temp"
    mv -f "$temp" "$target"
  fi
}

say "node name: $name"
say "brains: ${brains[*]}"
install_file "$binary" "$bin_path" 0755

config_temp="$(mktemp)"
trap 'rm -f "$config_temp"' EXIT
printf '%s' "$config" >"$config_temp"
if [[ -f "$config_path" ]] && ! cmp -s "$config_temp" "$config_path"; then
  say "keeping the previous config as $config_path.bak"
  if ! $dry_run; then
    cp -p "$config_path" "$config_path.bak"
  fi
fi
if ! $dry_run; then
  make_dir "$config_dir" 0700
fi
install_file "$config_temp" "$config_path" 0600

if [[ -d "$data_dir" ]]; then
  say "unchanged: $data_dir"
else
  say "create: $data_dir (mode 0700)"
  changed=true
  $dry_run || make_dir "$data_dir" 0700
fi

start_by_hand="/usr/local/bin/tentacle --config /etc/octopoda/tentacle/tentacle.yaml"
if $use_systemd; then
  install_file "$unit_source" "$unit_path" 0644
  run systemctl daemon-reload
  run systemctl enable octopoda-tentacle.service
  if $changed || ! systemctl is-active --quiet octopoda-tentacle.service; then
    run systemctl restart octopoda-tentacle.service
  else
    say "octopoda-tentacle.service is running and nothing changed"
  fi
  $dry_run || say "done; follow it with: journalctl -u octopoda-tentacle -f"
elif $real_system; then
  say "systemd is not running here: start the Tentacle by hand (as root), e.g."
  echo "    nohup $start_by_hand >>/var/log/octopoda-tentacle.log 2>&1 &"
else
  if [[ -f "$unit_source" ]]; then
    install_file "$unit_source" "$unit_path" 0644
  fi
  say "installed under $root; on the target system run:"
  echo "    systemctl daemon-reload && systemctl enable --now octopoda-tentacle.service"
  echo "    (or without systemd: $start_by_hand)"
fi
