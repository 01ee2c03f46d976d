"""shapely 2.x STRtree peer for `beacon-bench index`.

Reads the workload the bench wrote (float64: n, q, radius_m, k, points lon/lat * n,
centres lon/lat * q, boxes minlon/minlat/maxlon/maxlat * q), builds an STRtree over the points
and times one Python call per query, as a caller would make them. Prints one JSON line.

- box: tree.query(box) -- bounding-box intersection, exact for points.
- radius: tree.query(box around the circle), then haversine with numpy on the candidates.
- nearest: tree.query_nearest(point) -- STRtree has no k; it returns the nearest (ties included),
  by planar distance in degrees.
"""
import json
import sys
import time

import numpy as np
import shapely

EARTH_RADIUS_M = 6_371_008.8


def latency(samples_ns, total_ns, count, hits):
    samples = np.sort(np.asarray(samples_ns, dtype=np.float64)) / 1000.0
    return {
        "mean_us": total_ns / count / 1000.0,
        "p50_us": float(samples[count // 2]),
        "p99_us": float(samples[min(count - 1, count * 99 // 100)]),
        "hits": int(hits),
    }


def measure(queries, body):
    """A warm-up, the whole loop on the thread's CPU clock (the mean), then per-query wall-clock
    samples for the percentiles -- as the Swift side does."""
    clock = time.perf_counter_ns
    hits = 0
    for q in queries:
        hits += body(q)
    start = time.thread_time_ns()
    for q in queries:
        body(q)
    total = time.thread_time_ns() - start
    samples = []
    for q in queries:
        t0 = clock()
        body(q)
        samples.append(clock() - t0)
    return latency(samples, total, len(queries), hits)


def main(path):
    data = np.fromfile(path, dtype="<f8")
    n, q, radius_m, k = int(data[0]), int(data[1]), float(data[2]), int(data[3])
    offset = 4
    xy = data[offset:offset + 2 * n].reshape(n, 2)
    offset += 2 * n
    centres = data[offset:offset + 2 * q].reshape(q, 2)
    offset += 2 * q
    boxes = data[offset:offset + 4 * q].reshape(q, 4)

    geoms = shapely.points(xy)
    start = time.perf_counter_ns()
    tree = shapely.STRtree(geoms)
    tree.query(shapely.box(0, 0, 0, 0))  # the tree is built lazily on first use
    build_ms = (time.perf_counter_ns() - start) / 1e6

    box_geoms = shapely.box(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3])
    centre_geoms = shapely.points(centres)
    lon_rad = np.radians(xy[:, 0])
    lat_rad = np.radians(xy[:, 1])
    cos_lat = np.cos(lat_rad)
    c_lon = np.radians(centres[:, 0])
    c_lat = np.radians(centres[:, 1])
    c_cos = np.cos(c_lat)
    indices = range(q)

    def box(i):
        return len(tree.query(box_geoms[i]))

    def radius(i):
        cand = tree.query(box_geoms[i])
        h = (np.sin((lat_rad[cand] - c_lat[i]) / 2) ** 2
             + c_cos[i] * cos_lat[cand] * np.sin((lon_rad[cand] - c_lon[i]) / 2) ** 2)
        d = 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))
        return int(np.count_nonzero(d <= radius_m))

    def nearest(i):
        return int(tree.query_nearest(centre_geoms[i]).sum())

    report = {
        "shapely": shapely.__version__,
        "build_ms": build_ms,
        "box": measure(indices, box),
        "radius": measure(indices, radius),
        "nearest": measure(indices, nearest),
        "nearest_k": 1,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
