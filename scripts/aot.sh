#!/usr/bin/env bash
# Publishes the factory command line as a NativeAOT executable and fails on any trim or AOT warning
# (the runtime library, the ledgers and the control room are compiled into it and analysed with it),
# then runs the executable once: its help, and factory graph on a built assembly.
#
#   scripts/aot.sh [OUT]        # OUT: where the executable goes (default: a temp dir, removed at exit)
#
# Needs clang (Debian's clang, installed here when missing, as root). Costs a few minutes of CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/throwaway.sh

linker=()
if ! command -v clang >/dev/null; then
  if command -v clang-14 >/dev/null; then
    linker=(-p:CppCompilerAndLinker=clang-14)
  else
    apt_install clang clang "install clang yourself"
  fi
fi

out=${1:-}
if [ -z "$out" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

log=$(mktemp)
say "publishing src/Factory.Cli with NativeAOT (takes minutes)"
start=$(date +%s)
if ! dotnet publish src/Factory.Cli -c Release -r linux-x64 -p:FactoryAot=true "${linker[@]}" -o "$out" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  rm -f "$log"
  fail "the NativeAOT publish failed (output above)"
fi

# Warnings are errors in the build, but say it plainly if a trim or AOT warning ever gets through.
if grep -E "warning (IL|AOT|CS)[0-9]+" "$log" >&2; then
  rm -f "$log"
  fail "the NativeAOT publish has warnings (above): it must have none"
fi
rm -f "$log"
say "published in $(( $(date +%s) - start )) s, $(du -h "$out/Factory.Cli" | cut -f1) executable, no warnings"

"$out/Factory.Cli" --help >/dev/null || fail "the native factory --help failed"
assembly=tests/Factory.Cli.Tests/bin/Release/net10.0/Factory.Cli.Tests.dll
if [ -f "$assembly" ]; then
  chart=$("$out/Factory.Cli" graph "$assembly" --line Pricing) || fail "the native factory graph failed"
  [ "${chart%%$'\n'*}" = "flowchart LR" ] || fail "the native factory graph printed no flowchart: $chart"
fi
say "the native executable runs"
