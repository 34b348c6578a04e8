#!/usr/bin/env bash
# The README's test command: installs what the tests need (see scripts/setup.sh), builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet test Foundations.Notebooks.sln -c Release --logger "console;verbosity=normal"
