"""shapely 2.x peer for `beacon-bench hazard`: how many of N points lie inside a footprint polygon.

Reads the workload the bench wrote (float64: n, m, repeats, points lon/lat * n, ring lon/lat * m),
then times, best of `repeats`:
- strtree: STRtree over the points (built once, timed apart), tree.query(polygon, predicate="contains")
  -- shapely evaluates the predicate with a prepared polygon on the box candidates;
- contains_xy: shapely.prepare(polygon); shapely.contains_xy(polygon, x, y) over all points, vectorised.
Prints one JSON line.
"""
import json
import sys
import time

import numpy as np
import shapely


def best_ms(repeats, body):
    best, result = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        result = body()
        best = min(best, (time.perf_counter_ns() - t0) / 1e6)
    return best, result


def main(path):
    data = np.fromfile(path, dtype="<f8")
    n, m, repeats = int(data[0]), int(data[1]), int(data[2])
    xy = data[3:3 + 2 * n].reshape(n, 2)
    ring = data[3 + 2 * n:3 + 2 * n + 2 * m].reshape(m, 2)
    t0 = time.perf_counter_ns()
    points = shapely.points(xy)
    tree = shapely.STRtree(points)
    build_ms = (time.perf_counter_ns() - t0) / 1e6
    polygon = shapely.Polygon(ring)
    strtree_ms, hits = best_ms(repeats, lambda: len(tree.query(polygon, predicate="contains")))
    shapely.prepare(polygon)
    xy_ms, inside = best_ms(repeats, lambda: int(np.count_nonzero(shapely.contains_xy(polygon, xy[:, 0], xy[:, 1]))))
    print(json.dumps({"shapely": shapely.__version__, "build_ms": build_ms, "strtree_ms": strtree_ms,
                      "strtree_inside": int(hits), "contains_xy_ms": xy_ms, "contains_xy_inside": inside}))


if __name__ == "__main__":
    main(sys.argv[1])
