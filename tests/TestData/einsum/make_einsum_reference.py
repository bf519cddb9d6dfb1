#!/usr/bin/env python3
"""Writes einsum_reference.json: fixed expected values of numpy.einsum, the external oracle of TensorDsl's interpreter.

    /usr/bin/python3 tests/TestData/einsum/make_einsum_reference.py     (Debian: apt-get install python3-numpy)

Every case holds its spec, its operands (shape and row-major float64 values, drawn from a fixed seed) and NumPy's
result in float64 (optimize=False: the plain sum NumPy defines; optimize=True for the summed-ellipsis specs, which only
that path of NumPy 1.24 accepts). JSON floats are written with repr, so they read back
bit for bit. A rank-0 result has shape []. Cases under "rejected" are specs with shapes that NumPy refuses; the
interpreter must refuse them too. The file was made with NumPy 1.24.2 (Debian 12); any NumPy gives the same values to
rounding, which is far below the tests' 1e-12 tolerance.
"""
import json
import os

import numpy as np

# (spec, operand shapes): what each case exercises is in the comment beside it.
CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),                  # matrix product
    ("ij,jk", [(3, 4), (4, 2)]),                      # implicit output: free indices in alphabetical order
    ("ba", [(3, 4)]),                                 # implicit output reorders: a transpose
    ("ij->ji", [(3, 5)]),                             # explicit transpose
    ("ii", [(4, 4)]),                                 # trace, implicit rank-0 output
    ("ii->i", [(5, 5)]),                              # diagonal
    ("iii->i", [(3, 3, 3)]),                          # diagonal of a rank-3 tensor
    ("iij->ij", [(3, 3, 4)]),                         # partial diagonal
    ("aab,bc->ac", [(3, 3, 4), (4, 2)]),              # diagonal inside a product
    ("ij,jk,ki->", [(3, 4), (4, 5), (5, 3)]),         # trace of a product, rank 0
    ("ij->", [(4, 3)]),                               # sum of everything
    ("ij->i", [(4, 3)]),                              # row sums
    ("i,i->", [(7,), (7,)]),                          # dot product
    ("i,i", [(6,), (6,)]),                            # implicit dot product
    ("i,j->ij", [(3,), (4,)]),                        # outer product
    ("i,j,k->ijk", [(2,), (3,), (4,)]),               # three-way outer product
    ("ij,ij->ij", [(3, 4), (3, 4)]),                  # elementwise product
    ("ij,ij->", [(3, 4), (3, 4)]),                    # Frobenius inner product
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),         # batched matrix product
    ("ijk->kji", [(2, 3, 4)]),                        # axis reversal
    ("ijk,jk", [(2, 3, 4), (3, 4)]),                  # implicit contraction over two indices
    ("abc,cd,de->abe", [(2, 3, 4), (4, 3), (3, 2)]),  # a chain hanging off a rank-3 tensor
    ("ij,jk,kl->il", [(3, 4), (4, 5), (5, 2)]),       # matrix chain
    ("ab,ac,ad,bc,cd->bd", [(4, 4)] * 5),             # an equivariant graph polynomial (all operands distinct here)
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),  # ellipsis with broadcasting of size-1 and missing dims
    ("...ij,...jk", [(3, 2, 4), (3, 4, 2)]),          # implicit output keeps '...' in front
    ("...ii->...i", [(2, 3, 3)]),                     # batched diagonal
    ("i...->...", [(3, 2, 4)]),                       # leading index summed, ellipsis kept
    ("ab...,bc...->ac...", [(2, 3, 4), (3, 2, 1)]),   # ellipsis at the end, broadcast
    ("...i,...i->...", [(2, 3, 4), (4,)]),            # batched dot product with a broadcast operand
    ("Ab,bC->AC", [(2, 3), (3, 4)]),                  # upper-case labels
    ("ij,j->i", [(3, 4), (4,)]),                      # matrix-vector product
    ("i,i->i", [(3,), (1,)]),                         # NumPy broadcasts a labelled axis of size 1
    ("ii,ij->j", [(3, 3), (3, 4)]),                   # diagonal times matrix
    ("ijkl->ljki", [(2, 3, 2, 3)]),                   # rank-4 permutation
    ("ii,jj->ij", [(3, 3), (2, 2)]),                  # outer product of two diagonals
    # An explicit output without '...' sums the broadcast axes. NumPy's optimize=True path does (so does PyTorch); its
    # optimize=False path still refused it at 1.24 (numpy/numpy#30349), so these cases are computed with optimize=True.
    ("i...->i", [(3, 4, 5)]),                         # sums every axis but the first
    ("...i->i", [(2, 3, 4)]),                         # sums every axis but the last
    ("ij...,i...->i", [(4, 3, 5), (4, 5)]),           # broadcast axes summed with a label
    ("...ij,...jk->ik", [(2, 3, 4), (2, 4, 5)]),      # batched product summed over the batch
]

# Specs whose value NumPy computes only on its optimize=True path (see above).
OPTIMIZED_ONLY = {"i...->i", "...i->i", "ij...,i...->i", "...ij,...jk->ik"}

# Specs with shapes NumPy refuses (the interpreter must refuse them too).
REJECTED = [
    ("ij,jk->ik", [(3, 4), (5, 2)]),                  # contracted sizes differ
    ("ii", [(3, 4)]),                                 # a diagonal of a non-square matrix
    ("ij->k", [(2, 2)]),                              # an output index absent from every input
    ("ii->ii", [(2, 2)]),                             # an output index repeated
    ("ij", [(2, 3, 4)]),                              # rank differs from the subscripts
    ("...ij,...jk->...ik", [(2, 3, 4), (5, 4, 2)]),   # broadcast sizes 2 and 5 differ
]


def main():
    rng = np.random.default_rng(20261207)
    cases = []
    for spec, shapes in CASES:
        ops = [rng.uniform(-1.0, 1.0, size=s) for s in shapes]
        result = np.asarray(np.einsum(spec, *ops, optimize=spec in OPTIMIZED_ONLY), dtype=np.float64)
        cases.append({
            "spec": spec,
            "operands": [{"shape": list(o.shape), "values": o.ravel().tolist()} for o in ops],
            "expected": {"shape": list(result.shape), "values": result.ravel().tolist()},
        })
    rejected = []
    for spec, shapes in REJECTED:
        ops = [np.ones(s) for s in shapes]
        try:
            np.einsum(spec, *ops, optimize=False)
        except ValueError as e:
            rejected.append({"spec": spec, "shapes": [list(s) for s in shapes], "numpy_error": str(e)})
            continue
        raise SystemExit(f"NumPy accepts {spec} with {shapes}; it does not belong under REJECTED")
    out = {
        "generator": "tests/TestData/einsum/make_einsum_reference.py",
        "numpy": np.__version__,
        "cases": cases,
        "rejected": rejected,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "einsum_reference.json")
    # One case per line: the file stays readable and its diffs show which case changed.
    with open(path, "w") as f:
        f.write("{\n")
        for key in ("generator", "numpy"):
            f.write(f" {json.dumps(key)}: {json.dumps(out[key])},\n")
        for key in ("cases", "rejected"):
            lines = ",\n".join("  " + json.dumps(item) for item in out[key])
            f.write(f" {json.dumps(key)}: [\n{lines}\n ]{',' if key == 'cases' else ''}\n")
        f.write("}\n")
    print(f"wrote {len(cases)} cases and {len(rejected)} rejected specs to {path}")


if __name__ == "__main__":
    main()
