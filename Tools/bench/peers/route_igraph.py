#!/usr/bin/env python3
"""igraph peer of beacon-bench route: same CSR file as peers/dijkstra.c; one-to-all distances per source.
Prints one JSON line: {"igraph": version, "mean_ms": ..., "build_ms": ..., "checksum": ...}."""
import json
import sys
import time

import igraph
import numpy as np

with open(sys.argv[1], "rb") as f:
    n, m, q = np.frombuffer(f.read(24), dtype="<i8")
    offsets = np.frombuffer(f.read(4 * (n + 1)), dtype="<i4")
    targets = np.frombuffer(f.read(4 * m), dtype="<i4")
    weights = np.frombuffer(f.read(8 * m), dtype="<f8")
    sources = np.frombuffer(f.read(4 * q), dtype="<i4")
t0 = time.perf_counter()
heads = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
g = igraph.Graph(n=int(n), edges=np.column_stack([heads, targets]).tolist(), directed=True)
g.es["w"] = weights.tolist()
build = (time.perf_counter() - t0) * 1e3
checksum, total = 0.0, 0.0
for s in sources:
    t = time.perf_counter()
    d = np.asarray(g.distances(source=[int(s)], weights="w", mode="out")[0], dtype=np.float64)
    total += time.perf_counter() - t
    checksum += float(d[np.isfinite(d)].sum())
print(json.dumps({"igraph": igraph.__version__, "mean_ms": total / len(sources) * 1e3, "build_ms": build, "checksum": checksum}))
