#!/usr/bin/env bash
# One command that makes every benchmark peer live on a fresh Debian/Ubuntu machine (docs/performance.md, "Set-up"):
#
#   benchmarks/setup.sh
#
#  * NumPy with OpenBLAS (Debian's python3-numpy and libopenblas0-pthread) for the `numpy` peer, run by /usr/bin/python3;
#  * g++, patchelf and binutils, which the benchmark build needs to patch TorchSharp 0.107's native library on a
#    libstdc++ older than GCC 13's (Debian 12), so that the `torchsharp` peer loads;
#  * then it builds the benchmarks (the build runs the patch) and prints which peers are live (`--peers`).
#
# Runs apt-get as root, or through sudo when it is not root. Safe to run again: installed packages are kept.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(python3 python3-numpy libopenblas0-pthread g++ patchelf binutils)
if command -v apt-get >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "# setup: installing ${packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
else
  echo "# setup: no apt-get here; install the equivalents of: ${packages[*]}" >&2
fi

echo "# setup: building the benchmarks (Release; the build patches libLibTorchSharp.so where this libstdc++ needs it)"
dotnet build benchmarks/TensorDsl.Benchmarks -c Release -nologo -v:q
dotnet run -c Release --no-build --project benchmarks/TensorDsl.Benchmarks -- --peers
