#!/usr/bin/env bash
# The one documented place for what the kit needs beyond the .NET SDK 10 (idempotent; run by scripts/test.sh):
# - Debian's chromium, for the test that opens an exported report in a real headless browser (Playwright drives it;
#   Playwright's own browser download is never used).
# - Debian's Jupyter nbconvert + nbclient, for the tests that execute every notebook in the real .NET Interactive kernel
#   exactly as Jupyter does.
# - The .NET Interactive kernel: the dotnet-interactive tool version pinned in .config/dotnet-tools.json (the kernel
#   VS Code's and Jupyter's .NET notebooks start; `foundations run` runs notebooks in it too) and its Jupyter kernelspec.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/jupyter-nbconvert ] || missing+=(jupyter-nbconvert)
/usr/bin/python3 -c "import nbclient" 2>/dev/null || missing+=(python3-nbclient)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian's ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "setup: chromium at /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || echo unknown))"
echo "setup: $(/usr/bin/jupyter-nbconvert --version 2>/dev/null | sed 's/^/nbconvert /' || echo 'nbconvert missing')"

# The kernel tool, from the local manifest (no global install needed; `dotnet interactive` works anywhere in the repository).
dotnet tool restore >/dev/null
echo "setup: dotnet-interactive $(dotnet interactive --version)"
# Its Jupyter kernelspec (.net-csharp), written where Jupyter looks for the user's kernels.
kernels="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels"
if [ ! -f "$kernels/.net-csharp/kernel.json" ]; then
  mkdir -p "$kernels"
  dotnet interactive jupyter install --path "$kernels" >/dev/null
fi
echo "setup: Jupyter kernelspec at $kernels/.net-csharp"
