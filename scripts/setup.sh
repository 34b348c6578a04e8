#!/usr/bin/env bash
# The one documented place for what the kit needs beyond the .NET SDK 10 (idempotent; run by scripts/test.sh):
# - Debian's chromium, for the test that opens an exported report in a real headless browser (Playwright drives it;
#   Playwright's own browser download is never used).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium for the report browser test"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
echo "setup: chromium at /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || echo unknown))"
