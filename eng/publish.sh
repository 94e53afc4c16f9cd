#!/usr/bin/env bash
# Publishes brain, tentacle and octl.
#
#   eng/publish.sh [RID]                  self-contained single files for RID (default linux-x64)
#                                         into artifacts/publish/RID/, with install-tentacle.sh and
#                                         the systemd units beside them
#   eng/publish.sh --framework-dependent  framework-dependent builds (need a .NET 10 runtime on the
#   eng/publish.sh portable               target) into artifacts/publish/portable/{brain,tentacle,octl}/
#
# Options: --only NAME               publish only brain, tentacle or octl (repeatable)
#          --trim-mode partial|full  how hard to trim tentacle and octl (default partial, see below; the
#                                    Brain is always partial)
#          --compress                compress the single files (smaller on disk, slower and bigger in memory)
#          --skip-smoke              do not start the produced programs
#
# Everything is passed as properties on the command line so the project files stay about building, not
# packaging. Intermediate files go to artifacts/build/<rid>/ (--artifacts-path), never to the projects'
# obj/: a restore for a runtime identifier rewrites obj/project.assets.json, which would make the next plain
# `dotnet build` restore again, and could race a build running in the same tree.
set -euo pipefail

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
}

die() {
  echo "publish: $*" >&2
  exit 1
}

rid="linux-x64"
framework_dependent=false
# Partial, not full, by default: YamlDotNet builds the config classes by reflection and is not trim-annotated,
# so a fully trimmed tentacle lost their constructors and rejected every tentacle.yaml ("Failed to create an
# instance of type …TentacleFile"), with nothing but an IL2104 on YamlDotNet to point at the cause. Partial
# trimming trims the framework, which declares itself trim-safe, and keeps our assemblies and YamlDotNet
# whole (about 1 MB more). Try --trim-mode full once config loading no longer depends on reflection.
trim_mode="partial"
# Off by default. Measured on the tentacle (linux-x64, partial trim, ReadyToRun): 35 MB → 22 MB on disk, but
# `tentacle --version` went from 0.04 s to 0.12 s and from 23 MB to 43 MB resident, because every assembly is
# inflated into memory at start instead of being mapped from the file. An agent lives long on small nodes,
# where memory is the scarcer of the two.
compress=false
only=()
smoke=true
while (($# > 0)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --framework-dependent | portable) framework_dependent=true ;;
    --trim-mode)
      (($# >= 2)) || die "--trim-mode needs a value (partial or full)"
      trim_mode="$2"
      shift
      ;;
    --compress) compress=true ;;
    --only)
      (($# >= 2)) || die "--only needs a program name (brain, tentacle or octl)"
      [[ "$2" =~ ^(brain|tentacle|octl)$ ]] || die "--only takes brain, tentacle or octl, not '$2'"
      only+=("$2")
      shift
      ;;
    --skip-smoke) smoke=false ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) rid="$1" ;;
  esac
  shift
done

[[ "$trim_mode" == full || "$trim_mode" == partial ]] || die "--trim-mode must be 'partial' or 'full', not '$trim_mode'"
[[ "$rid" =~ ^[a-z0-9]+(-[a-z0-9]+)+$ ]] || die "'$rid' does not look like a runtime identifier (linux-x64, linux-arm64, …)"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
label="$rid"
if $framework_dependent; then
  label="portable"
fi
out="$root/artifacts/publish/$label"
build="$root/artifacts/build/$label"
logs="$root/artifacts/logs"
mkdir -p "$out" "$logs"

# name, project
all_apps=(
  "brain src/Octopoda.Brain/Octopoda.Brain.csproj"
  "tentacle src/Octopoda.Tentacle/Octopoda.Tentacle.csproj"
  "octl src/Octopoda.Cli/Octopoda.Cli.csproj"
)
apps=()
for entry in "${all_apps[@]}"; do
  if ((${#only[@]} == 0)) || [[ " ${only[*]} " == *" ${entry%% *} "* ]]; then
    apps+=("$entry")
  fi
done

# The repository turns every warning into an error. Publishing adds the trim and single-file analyzers, whose
# warnings (IL2026, IL2104, IL3000, …) describe code that may misbehave once trimmed: they are counted and
# printed below but must not stop a publish, since ASP.NET Core, EF Core and YamlDotNet are not fully
# trim-annotated and the Brain always has some. `dotnet build` still enforces every other warning on the same
# source, so nothing else slips through here.
common=(-c Release --nologo --artifacts-path "$build" -p:TreatWarningsAsErrors=false)

publish_one() {
  local name="$1" project="$2" dest="$3"
  local log="$logs/publish-$label-$name.log"
  local args=("${common[@]}" -o "$dest")
  rm -rf "${dest:?}/$name" "${dest:?}/$name.exe" "${dest:?}/symbols/$name.pdb"
  if $framework_dependent; then
    # No RID: portable IL that runs on any OS and architecture with the .NET 10 runtime installed. Single
    # file, trimming and ReadyToRun all need a RID, so none apply.
    args+=(--no-self-contained -p:UseAppHost=false)
  else
    # Native libraries (SQLite's libe_sqlite3.so) go inside the single file too and are extracted at first
    # start to DOTNET_BUNDLE_EXTRACT_BASE_DIR (the systemd units point it at their cache directory), so each
    # program stays one file to copy.
    args+=(-r "$rid" --self-contained
      -p:PublishSingleFile=true -p:PublishReadyToRun=true -p:PublishTrimmed=true
      -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile="$compress")
    if [[ "$name" == brain ]]; then
      # ASP.NET Core and EF Core find much of what they run by reflection (model building, minimal API
      # binding, options validation); trimming them fully gives about a hundred IL2026 warnings. The Brain
      # is a server installed once, so it stays partial whatever --trim-mode says.
      args+=(-p:TrimMode=partial)
    else
      args+=(-p:TrimMode="$trim_mode")
    fi
  fi

  if ! dotnet publish "$root/$project" "${args[@]}" >"$log" 2>&1; then
    if grep -Eq "NU110[12]" "$log" && grep -Eq "Microsoft\.(NETCore|AspNetCore)\.App\.(Runtime|Host|Crossgen2)" "$log"; then
      {
        echo "publish: the .NET runtime pack for '$rid' cannot be restored from the package sources in NuGet.config."
        echo "         A self-contained $rid build needs Microsoft.NETCore.App.Runtime.$rid (and, for the Brain,"
        echo "         Microsoft.AspNetCore.App.Runtime.$rid). Publish where nuget.org or a mirror holding them is"
        echo "         reachable, or publish --framework-dependent and install the .NET 10 runtime on the target."
        grep -Eo "NU110[12]: [^[]*" "$log" | sed 's/ *$//' | sort -u | head -5 | sed 's/^/           /'
      } >&2
      rmdir "$out" 2>/dev/null || true
      exit 2
    fi
    echo "publish: $name failed; the last lines of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi

  # MSBuild repeats every warning in its closing summary: count distinct lines.
  local warnings
  warnings="$(grep -Eo "warning IL[0-9]+: .*" "$log" | sort -u | grep -Eo "^warning IL[0-9]+" | sort | uniq -c | sort -rn || true)"
  if [[ -n "$warnings" ]]; then
    echo "  $name: trim warnings (code that may fail once trimmed; details in ${log#"$root/"}):"
    echo "$warnings" | sed 's/^ */    /'
  fi
}

started=$SECONDS
for entry in "${apps[@]}"; do
  read -r name project <<<"$entry"
  echo "Publishing $name ($label)…"
  t0=$SECONDS
  if $framework_dependent; then
    publish_one "$name" "$project" "$out/$name"
  else
    publish_one "$name" "$project" "$out"
  fi
  echo "  $name done in $((SECONDS - t0)) s"
done

if ! $framework_dependent; then
  # Symbols go to a subfolder: they are for reading crash dumps, not for installing.
  shopt -s nullglob
  pdbs=("$out"/*.pdb)
  shopt -u nullglob
  if ((${#pdbs[@]} > 0)); then
    mkdir -p "$out/symbols"
    mv -f "${pdbs[@]}" "$out/symbols/"
  fi
  # The installer and the units go beside the binaries, so the folder is the whole kit to copy to a host:
  # install-tentacle.sh looks for ./tentacle and ./systemd/octopoda-tentacle.service next to itself.
  mkdir -p "$out/systemd"
  cp "$root/eng/install-tentacle.sh" "$out/"
  cp "$root/eng/systemd/"*.service "$out/systemd/"
fi

# Smoke test: each program must start and either exit 0 or still be running after 5 s (a server or agent
# with nothing to stop it). A crash at start (a type trimmed away, a native library missing) fails the publish.
# They run in an empty temporary directory with a temporary HOME, so they cannot write into the tree.
host_rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
if $smoke && ! $framework_dependent && [[ "$rid" != "$host_rid" ]]; then
  echo "Not starting the $rid programs: this machine is $host_rid."
  smoke=false
fi
if $smoke; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  # The tentacle also loads a tentacle.yaml shaped like the one eng/install-tentacle.sh writes, aimed at a
  # port nothing listens on: it must read the file and keep retrying. That catches a trimmed-away config
  # class (see --trim-mode) and a drift between the installer and the agent's config keys.
  cat >"$scratch/tentacle.yaml" <<YAML
name: "smoke-node"
brains: [ "https://127.0.0.1:9" ]
joinToken: "oct1.smokesmokesmokesmoke.$(printf '0%.0s' {1..64})"
dataDir: "$scratch/tentacle-data"
YAML
  checks=()
  for entry in "${apps[@]}"; do
    read -r name _ <<<"$entry"
    checks+=("$name --help")
    if [[ "$name" == tentacle ]]; then
      checks+=("tentacle --config $scratch/tentacle.yaml")
    fi
  done
  n=0
  for check in "${checks[@]}"; do
    read -r -a words <<<"$check"
    name="${words[0]}"
    if $framework_dependent; then
      cmd=(dotnet "$out/$name/$name.dll" "${words[@]:1}")
    else
      cmd=("$out/$name" "${words[@]:1}")
    fi
    n=$((n + 1))
    smoke_log="$logs/smoke-$label-$n-$name.log"
    set +e
    (cd "$scratch" && HOME="$scratch" DOTNET_BUNDLE_EXTRACT_BASE_DIR="$scratch/.net" \
      timeout -k 5 5 "${cmd[@]}" >"$smoke_log" 2>&1)
    rc=$?
    set -e
    case $rc in
      0) echo "  ok: $check (exits 0)" ;;
      124) echo "  ok: $check (still running after 5 s; stopped)" ;;
      *)
        echo "publish: '${cmd[*]}' exited $rc; its output:" >&2
        tail -n 30 "$smoke_log" >&2
        exit 1
        ;;
    esac
  done
fi

echo
echo "Published to ${out#"$root/"} in $((SECONDS - started)) s:"
printf '  %-10s %12s %8s\n' program bytes size
for entry in "${apps[@]}"; do
  read -r name _ <<<"$entry"
  path="$out/$name"
  if $framework_dependent; then
    bytes="$(du -sb "$path" | cut -f1)"
  else
    [[ -f "$path" ]] || path="$out/$name.exe"
    bytes="$(stat -c %s "$path")"
  fi
  printf '  %-10s %12s %8s\n' "$name" "$bytes" "$(numfmt --to=iec --suffix=B "$bytes")"
done
