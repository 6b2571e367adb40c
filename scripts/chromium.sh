#!/usr/bin/env bash
# Chromium for the control room's browser test (Playwright drives it; it downloads no browser).
#
#   FACTORY_CHROMIUM="$(scripts/chromium.sh)"   # prints the path of a chromium binary, installing Debian's
#                                              # chromium package first when there is none (as root)
#
# Everything but the path goes to stderr.
set -euo pipefail

source "$(dirname "$0")/throwaway.sh"

for candidate in chromium chromium-browser; do
  if path=$(command -v "$candidate"); then
    echo "$path"
    exit 0
  fi
done

apt_install chromium chromium "set FACTORY_CHROMIUM to a Chromium binary"
command -v chromium || fail "the chromium package installed no chromium command"
