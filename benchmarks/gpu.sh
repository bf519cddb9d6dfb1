#!/usr/bin/env bash
# The GPU benchmark for a machine without the .NET SDK (a lent GPU machine):
#   benchmarks/gpu.sh publish   — here, with the SDK: a self-contained linux-x64 build into artifacts/gpu-bench
#   benchmarks/gpu.sh run ARGS  — there: --gpu with ARGS (e.g. --filter gemm), then the same on the CPU accelerator for
#                                 the two plan cases; every line carries the device's time, GFLOP/s, the CPU path's and
#                                 the largest relative difference between the two results (a correctness check on the GPU).
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/gpu-bench
case "${1:-}" in
  publish)
    dotnet publish benchmarks/TensorDsl.Benchmarks -c Release -r linux-x64 --self-contained -o "$out" -nologo -v:q
    echo "published to $out (carry it to the GPU machine)";;
  run)
    shift
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo "# no nvidia-smi"
    "$out/TensorDsl.Benchmarks" --gpu "$@";;
  *)
    echo "usage: benchmarks/gpu.sh publish | run [--small] [--filter NAME]" >&2; exit 2;;
esac
