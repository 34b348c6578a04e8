#!/usr/bin/env bash
# One documented place for what the kit needs beyond the .NET SDK. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "setup: nothing beyond the .NET SDK yet"
