#!/usr/bin/env bash
# One documented place for what the kit needs beyond the .NET SDK. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

# The report test opens a generated HTML report in a real headless browser: Debian's chromium, driven by
# Microsoft.Playwright (whose driver brings its own node). Playwright's own browser download is never used.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends chromium
fi
echo "setup: chromium at $(command -v chromium)"
