#!/usr/bin/env bash
# The README's test command: installs what the tests need (see scripts/setup.sh), builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# libtorch's OpenMP threads spin while waiting; tests run in parallel on 2 cores, so let them sleep instead.
export OMP_WAIT_POLICY=PASSIVE
dotnet build Foundations.Notebooks.sln -c Release
# Every temporary file of the run (the tests', and those of the runner, kernels and nbconvert they start) goes in one
# folder, removed at the end, so that repeated runs do not fill /tmp. Set after the build: MSBuild's nodes outlive it.
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/fnd-test-run.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
dotnet test Foundations.Notebooks.sln -c Release --no-build --logger "console;verbosity=normal"
