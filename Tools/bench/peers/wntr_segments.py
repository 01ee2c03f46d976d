#!/usr/bin/env python3
"""WNTR's valve segments for one EPANET network and one valve layer (the peer Beacon is checked against).

    python wntr_segments.py NETWORK.inp VALVES.csv OUT_PREFIX [--repeat N]

VALVES.csv has the header `link,node` and one row per valve (EPANET ids), as Beacon's
`ValveLayer.csv(on:)` writes it. Writes OUT_PREFIX.nodes.csv (`node,segment`) and OUT_PREFIX.links.csv
(`link,segment`) and prints one JSON line: wntr version, counts, and the seconds `valve_segments` took
(the best of N runs; the graph is built once, outside the timing, as WNTR users do).
"""
import json
import sys
import time

import pandas as pd
import wntr


def main():
    args = sys.argv[1:]
    repeat = 1
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = max(1, int(args[i + 1]))
        del args[i:i + 2]
    inp, valves_csv, prefix = args
    wn = wntr.network.WaterNetworkModel(inp)
    G = wn.to_graph()
    layer = pd.read_csv(valves_csv, dtype=str, keep_default_na=False)
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        nodes, links, sizes = wntr.metrics.topographic.valve_segments(G, layer.copy())
        best = min(best, time.perf_counter() - t0)
    nodes.rename("segment").rename_axis("node").to_csv(prefix + ".nodes.csv")
    links.rename("segment").rename_axis("link").to_csv(prefix + ".links.csv")
    print(json.dumps({"wntr": wntr.__version__, "nodes": len(nodes), "links": len(links), "valves": len(layer),
                      "segments": int(pd.concat([nodes, links]).nunique()), "seconds": best}))


if __name__ == "__main__":
    main()
