#!/usr/bin/env bash
# Makes TorchSharp 0.107's native library load on a system whose libstdc++ is older than GCC 13's (e.g. Debian 12).
#
# libLibTorchSharp.so needs one GCC 13 symbol, std::ios_base_library_init (version GLIBCXX_3.4.32), which initializes
# the iostreams. This script, run after building the benchmarks, patches the copy in the build output (never the NuGet
# cache): it builds a one-function shim library that defines that symbol for GCC 12's libstdc++, clears the symbol's
# version, lowers the library's version requirement on libstdc++ from GLIBCXX_3.4.32 to GLIBCXX_3.4.30, and adds the
# shim as a needed library. Needs g++, patchelf and python3.
#
# The benchmark project runs it after every build on Linux (a build copies the original library again); it does nothing
# when the library or the system libstdc++ does not need it, or when a tool is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
native="${1:-$here/../../bin/Release/net10.0/runtimes/linux-x64/native}"
lib="$native/libLibTorchSharp.so"
[ -f "$lib" ] || { echo "no $lib: build the benchmarks first (or pass the native folder)" >&2; exit 1; }
# (grep -c reads all of its input: grep -q would stop early and, under pipefail, fail the pipeline with SIGPIPE.)
if [ "$(readelf -V "$lib" | grep -c 'GLIBCXX_3.4.32' || true)" = 0 ]; then
  echo "$lib does not need GLIBCXX_3.4.32 (already patched, or a newer TorchSharp): nothing to do"
  exit 0
fi
libstdcxx="$(ldconfig -p | awk '/libstdc\+\+\.so\.6 /{print $NF; exit}')"
if [ "$(strings -a "$libstdcxx" | grep -c '^GLIBCXX_3.4.32$' || true)" != 0 ]; then
  echo "this libstdc++ already provides GLIBCXX_3.4.32: nothing to do"
  exit 0
fi
for tool in g++ patchelf python3 readelf; do
  command -v "$tool" >/dev/null || { echo "TorchSharp peer: $tool not found, libLibTorchSharp.so left unpatched (TorchSharp will not load)"; exit 0; }
done
g++ -shared -fPIC -O2 -o "$native/libtorchsharp_glibcxx_shim.so" "$here/glibcxx_shim.cpp"
patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$lib"
python3 "$here/patch_verneed.py" "$lib" GLIBCXX_3.4.32 GLIBCXX_3.4.30
patchelf --add-needed libtorchsharp_glibcxx_shim.so "$lib"
echo "patched $lib"
