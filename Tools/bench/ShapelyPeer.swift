import Foundation
import SpatialCore

/// The shapely peer: `peers/index_shapely.py` in a venv at `Tools/bench/.venv`, fed the same points
/// and queries through a temporary binary file, answering with its figures as JSON.
enum ShapelyPeer {
    static let benchDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let venv = benchDirectory.appendingPathComponent(".venv")
    static var python: URL { venv.appendingPathComponent("bin/python") }

    static func run(_ w: IndexBenchmark.Workload, radiusMetres: Double, k: Int) -> IndexBenchmark.Figures {
        let skipped = { (why: String) -> IndexBenchmark.Figures in
            print("shapely peer skipped: \(why)")
            return IndexBenchmark.Figures(name: "shapely", buildMilliseconds: 0, note: "skipped: \(why)")
        }
        guard prepareVenv() else { return skipped("could not create \(venv.path) with shapely and numpy") }
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
        print("shapely: running \(benchDirectory.appendingPathComponent("peers/index_shapely.py").path) …")
        guard let (status, output) = try? launch(python.path, [benchDirectory.appendingPathComponent("peers/index_shapely.py").path, input.path]),
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

    /// Creates the venv and installs shapely and numpy when they are missing. False when that fails.
    static func prepareVenv() -> Bool { ensure(["shapely", "numpy"], installing: ["shapely>=2", "numpy"], for: "shapely") }

    /// Makes sure the bench venv imports `modules`: creates it and pip-installs `packages` when not.
    /// The probe is quiet; false (the peer is then skipped) when `python3 -m venv` or pip fails.
    static func ensure(_ modules: [String], installing packages: [String], for peer: String) -> Bool {
        let probe = ["-c", "import " + modules.joined(separator: ", ")]
        if (try? launch(python.path, probe, quiet: true))?.status == 0 { return true }
        print("\(peer): pip install \(packages.joined(separator: " ")) into \(venv.path) …")
        if !FileManager.default.fileExists(atPath: python.path) {
            guard (try? launch("/usr/bin/env", ["python3", "-m", "venv", venv.path]))?.status == 0 else { return false }
        }
        _ = try? launch(venv.appendingPathComponent("bin/pip").path, ["install", "--quiet"] + packages)
        return (try? launch(python.path, probe, quiet: true))?.status == 0
    }

    /// Runs a program, passing its standard error through (unless `quiet`), and returns its status and standard output.
    static func launch(_ path: String, _ arguments: [String], quiet: Bool = false) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if quiet { process.standardError = FileHandle.nullDevice }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
