"""NumPy peer for TensorDsl's quick benchmarks: numpy.einsum(optimize=True), BLAS-backed where it can be.

Reads a JSON list of {"name", "spec", "shapes", "dtype"} from the file named by argv[1] and prints one line per case:
"<median_ms>\t<name>". With --probe instead, prints "<numpy version>\t<BLAS library NumPy loaded>" and exits. Timing: a warm-up of at least 300 ms, then the median of repeated calls within a time budget,
the same protocol as the C# side.
"""
import json
import sys
import time

import numpy as np


def median_ms(fn, budget_ms=1500.0, min_runs=5, max_runs=51, warm_up_ms=300.0):
    start = time.perf_counter()
    calls = 0
    while calls < 3 or ((time.perf_counter() - start) * 1e3 < warm_up_ms and calls < 2000):
        fn()
        calls += 1
    t = time.perf_counter()
    fn()
    once = (time.perf_counter() - t) * 1e3
    runs = int(min(max(budget_ms / max(once, 1e-3), min_runs), max_runs))
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    return times[runs // 2]


def blas_library():
    """The BLAS shared library this process loaded with NumPy (its real path: Debian's libblas.so.3 is an alternative)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    for path in sorted(paths):
        if "openblas" in path.lower():
            return path
    return sorted(paths)[0] if paths else "none found"


def main():
    if sys.argv[1] == "--probe":
        print(f"{np.__version__}\t{blas_library()}")
        return
    cases = json.load(open(sys.argv[1]))
    rng = np.random.default_rng(0)
    for case in cases:
        dtype = np.float64 if case["dtype"] == "f64" else np.float32
        ops = [rng.uniform(-1, 1, size=s).astype(dtype) for s in case["shapes"]]
        spec = case["spec"]
        code = case.get("code")
        if code:
            # A composed peer (a program): a Python expression over the operands.
            ms = median_ms(lambda: eval(code, {"np": np, "ops": ops}))
        else:
            ms = median_ms(lambda: np.einsum(spec, *ops, optimize=True))
        print(f"{ms}\t{case['name']}", flush=True)


if __name__ == "__main__":
    main()
