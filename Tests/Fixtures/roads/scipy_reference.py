#!/usr/bin/env python3
"""Independent reference for Beacon's road graph tests (scipy.sparse.csgraph).

Input file: first line "NODE_COUNT", then one directed edge per line "SOURCE TARGET SECONDS".
Parallel edges keep their minimum weight (scipy would otherwise add duplicates).
Options:
  --sources 0,5,9   print one line of distances (space separated, 'inf' when unreachable) per source
  --transpose       search the reversed graph (distances *to* the sources)
  --scc             print one line of strong-component labels, one per node
"""
import sys

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra


def main(argv):
    path = argv[1]
    sources, transpose, scc = [], False, False
    i = 2
    while i < len(argv):
        if argv[i] == "--sources":
            sources = [int(s) for s in argv[i + 1].split(",") if s]
            i += 2
        elif argv[i] == "--transpose":
            transpose, i = True, i + 1
        elif argv[i] == "--scc":
            scc, i = True, i + 1
        else:
            sys.exit(f"unknown option {argv[i]}")
    with open(path) as f:
        n = int(f.readline())
        best = {}
        for line in f:
            u, v, w = line.split()
            key = (int(u), int(v)) if not transpose else (int(v), int(u))
            w = float(w)
            if key not in best or w < best[key]:
                best[key] = w
    rows = np.fromiter((k[0] for k in best), dtype=np.int64, count=len(best))
    cols = np.fromiter((k[1] for k in best), dtype=np.int64, count=len(best))
    data = np.fromiter(best.values(), dtype=np.float64, count=len(best))
    graph = csr_matrix((data, (rows, cols)), shape=(n, n))
    out = sys.stdout
    if sources:
        dist = dijkstra(graph, directed=True, indices=sources)
        for row in np.atleast_2d(dist):
            out.write(" ".join(repr(float(x)) for x in row) + "\n")
    if scc:
        _, labels = connected_components(graph, directed=True, connection="strong")
        out.write(" ".join(str(int(x)) for x in labels) + "\n")


if __name__ == "__main__":
    main(sys.argv)
