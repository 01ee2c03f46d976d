import Foundation
import SpatialCore
import SpatialIndex

/// `beacon-bench index`: PointIndex against SpatiaLite's R*Tree (SQL) and shapely's STRtree on the
/// same seeded points and queries, in one run, with the ratios the issue asks for.
struct IndexBenchmark {
    /// A city-sized area: Shanghai, 121.0–122.0 E, 30.7–31.7 N.
    static let area = BoundingBox(minLongitude: 121.0, minLatitude: 30.7, maxLongitude: 122.0, maxLatitude: 31.7)
    static let radiusMetres = 200.0
    static let k = 5

    var pointCount = 1_000_000
    var queryCount = 100_000
    var seed: UInt64 = 20_250_809
    var peers = true

    init(arguments: [String]) {
        let o = BenchOptions(arguments, benchmark: "index", values: ["--points", "--queries", "--seed"], flags: ["--no-peers"])
        pointCount = o.number("--points", pointCount)
        queryCount = o.number("--queries", queryCount)
        seed = o.number("--seed", seed)
        peers = !o.flag("--no-peers")
    }

    /// The workload every engine runs.
    struct Workload {
        var points: [Coordinate]
        var centres: [Coordinate]
        /// The box query: the box around each centre that holds the radius-200 m circle.
        var boxes: [BoundingBox]
    }

    func makeWorkload() -> Workload {
        var random = SplitMix64(seed: seed)
        func draw() -> Coordinate {
            Coordinate(longitude: Double.random(in: Self.area.minLongitude..<Self.area.maxLongitude, using: &random),
                       latitude: Double.random(in: Self.area.minLatitude..<Self.area.maxLatitude, using: &random))
        }
        let points = (0..<pointCount).map { _ in draw() }
        let centres = (0..<queryCount).map { _ in draw() }
        let boxes = centres.map { BoundingBox.around($0, radiusMetres: Self.radiusMetres) }
        return Workload(points: points, centres: centres, boxes: boxes)
    }

    /// One engine's figures.
    struct Figures {
        var name: String
        var buildMilliseconds: Double
        var box: Latency?
        var radius: Latency?
        var nearest: Latency?
        var note: String?
    }

    func run() {
        print("index benchmark: \(pointCount) points, \(queryCount) queries, seed \(seed), "
              + "area \(Self.area), radius \(Int(Self.radiusMetres)) m, box of the same size, k = \(Self.k)")
        let workload = makeWorkload()
        var all = [runBeacon(workload)]
        if peers {
            all.append(SpatiaLitePeer.run(workload, radiusMetres: Self.radiusMetres, k: Self.k))
            all.append(ShapelyPeer.run(workload, radiusMetres: Self.radiusMetres, k: Self.k))
        }
        printTable(all)
    }

    func runBeacon(_ w: Workload) -> Figures {
        let start = nowNanoseconds()
        let index = PointIndex(w.points)
        let build = millisecondsSince(start)
        let box = Latency.measure(queries: queryCount) { index.inBox(w.boxes[$0]).count }
        let radius = Latency.measure(queries: queryCount) {
            index.within(radiusMetres: Self.radiusMetres, of: w.centres[$0]).count
        }
        // knn "hits" are the sum of the indices found, so that the answers themselves are compared.
        let nearest = Latency.measure(queries: queryCount) {
            index.nearest(Self.k, to: w.centres[$0]).reduce(0) { $0 + Int($1.index) }
        }
        return Figures(name: "Beacon", buildMilliseconds: build, box: box, radius: radius, nearest: nearest)
    }

    func printTable(_ all: [Figures]) {
        let beacon = all[0]
        let peers = all.dropFirst()
        print("\nµs per query: mean on the thread's CPU clock (wall-clock p50/p99); "
              + "ratio = peer mean / Beacon mean (higher: Beacon faster)")
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            print("load average: \(load.split(separator: " ").prefix(3).joined(separator: " ")) on "
                  + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        }
        print("")
        var header = column("operation", 14) + column("Beacon", 22)
        for p in peers { header += column(p.name, 22) + column("ratio", 8) }
        print(header)
        func row(_ label: String, _ pick: (Figures) -> Latency?) {
            guard let mine = pick(beacon) else { return }
            var line = column(label, 14) + column("\(mine)", 22)
            for p in peers {
                if let theirs = pick(p) {
                    line += column("\(theirs)", 22)
                        + column(String(format: "%.1f×", theirs.meanMicroseconds / mine.meanMicroseconds), 8)
                } else {
                    line += column("—", 22) + column("", 8)
                }
            }
            print(line)
        }
        row("box", \.box)
        row("radius \(Int(Self.radiusMetres)) m", \.radius)
        row("knn k=\(Self.k)", \.nearest)
        var build = column("build ms", 14) + column(String(format: "%.0f", beacon.buildMilliseconds), 22)
        for p in peers { build += column(p.buildMilliseconds > 0 ? String(format: "%.0f", p.buildMilliseconds) : "—", 30) }
        print(build)
        print("\nresults summed over all queries (box count / radius count / knn sum of indices):")
        for f in all {
            let counts = [f.box, f.radius, f.nearest].map { $0.map { "\($0.hits)" } ?? "—" }.joined(separator: " / ")
            print("  \(column(f.name, 12)) \(counts)" + (f.note.map { "   — \($0)" } ?? ""))
        }
    }
}
