#!/usr/bin/env bash
# Chromium for the control room's browser test (Playwright drives it; it downloads no browser).
#
#   FACTORY_CHROMIUM="$(scripts/chromium.sh)"   # prints the path of a chromium binary, installing Debian's
#                                              # chromium package first when there is none (as root)
#
# Everything but the path goes to stderr.
set -euo pipefail

say() { echo "chromium.sh: $*" >&2; }
fail() { say "$*"; exit 1; }

for candidate in chromium chromium-browser; do
  if path=$(command -v "$candidate"); then
    echo "$path"
    exit 0
  fi
done

[ "$(id -u)" -eq 0 ] || fail "no chromium found and not root: install it (sudo apt-get install chromium) or set FACTORY_CHROMIUM to a Chromium binary"
command -v apt-get >/dev/null || fail "no chromium found and no apt-get: install Chromium or set FACTORY_CHROMIUM to a Chromium binary"
say "no chromium found: installing Debian's chromium package"
log=$(mktemp)
if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  rm -f "$log"
  fail "apt-get could not install chromium (output above); install it by hand or set FACTORY_CHROMIUM"
fi
rm -f "$log"
command -v chromium || fail "the chromium package installed no chromium command"
