import Foundation
import SpatialCore

/// The shapely peer: `peers/index_shapely.py` in a PythonPeers.venv at `Tools/bench/.venv`, fed the same points
/// and queries through a temporary binary file, answering with its figures as JSON.
enum ShapelyPeer {
    static func run(_ w: IndexBenchmark.Workload, radiusMetres: Double, k: Int) -> IndexBenchmark.Figures {
        let skipped = { (why: String) -> IndexBenchmark.Figures in
            print("shapely peer skipped: \(why)")
            return IndexBenchmark.Figures(name: "shapely", buildMilliseconds: 0, note: "skipped: \(why)")
        }
        guard prepareVenv() else { return skipped("could not create \(PythonPeers.venv.path) with shapely and numpy") }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-bench-\(getpid()).f64")
        defer { try? FileManager.default.removeItem(at: input) }
        // Layout (float64, little-endian): n, q, radius, k, points (lon, lat)×n, centres (lon, lat)×q,
        // boxes (minLon, minLat, maxLon, maxLat)×q.
        var values: [Double] = [Double(w.points.count), Double(w.centres.count), radiusMetres, Double(k)]
        values.reserveCapacity(4 + 2 * w.points.count + 6 * w.centres.count)
        for p in w.points { values.append(p.longitude); values.append(p.latitude) }
        for c in w.centres { values.append(c.longitude); values.append(c.latitude) }
        for b in w.boxes { values += [b.minLongitude, b.minLatitude, b.maxLongitude, b.maxLatitude] }
        do {
            try values.withUnsafeBytes { try Data($0).write(to: input) }
        } catch {
            return skipped("cannot write \(input.path): \(error)")
        }
        print("shapely: running \(PythonPeers.benchDirectory.appendingPathComponent("peers/index_shapely.py").path) …")
        guard let (status, output) = try? PythonPeers.launch(PythonPeers.python.path, [PythonPeers.benchDirectory.appendingPathComponent("peers/index_shapely.py").path, input.path]),
              status == 0 else {
            return skipped("index_shapely.py failed")
        }
        struct Report: Decodable {
            struct Op: Decodable { var mean_us: Double; var p50_us: Double; var p99_us: Double; var hits: Int }
            var shapely: String
            var build_ms: Double
            var box: Op
            var radius: Op
            var nearest: Op
            var nearest_k: Int
        }
        guard let line = output.split(separator: "\n").last,
              let report = try? JSONDecoder().decode(Report.self, from: Data(line.utf8)) else {
            return skipped("unreadable output: \(output.suffix(500))")
        }
        func latency(_ op: Report.Op) -> Latency {
            Latency(meanMicroseconds: op.mean_us, p50Microseconds: op.p50_us, p99Microseconds: op.p99_us, hits: op.hits)
        }
        let note = "shapely \(report.shapely), per-query Python calls; radius = STRtree box + numpy haversine"
            + (report.nearest_k == k ? "" : "; knn is query_nearest (k=\(report.nearest_k), planar degrees): STRtree has no k")
        return IndexBenchmark.Figures(name: "shapely", buildMilliseconds: report.build_ms, box: latency(report.box),
                                      radius: latency(report.radius), nearest: latency(report.nearest), note: note)
    }

    /// Creates the PythonPeers.venv and installs shapely and numpy when they are missing. False when that fails.
    static func prepareVenv() -> Bool { PythonPeers.ensure(["shapely", "numpy"], installing: ["shapely>=2", "numpy"], for: "shapely") }
}
