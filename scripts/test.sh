#!/usr/bin/env bash
# The README's test command: installs what the tests need (see scripts/setup.sh), builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# libtorch's OpenMP threads spin while waiting; tests run in parallel on 2 cores, so let them sleep instead.
export OMP_WAIT_POLICY=PASSIVE
dotnet test Foundations.Notebooks.sln -c Release --logger "console;verbosity=normal"
