import CityImport
import Foundation
import NetworkAnalysis
import SpatialCore

/// `beacon-bench route`: one-to-all Dijkstra on a synthetic grid against a plain C binary-heap
/// Dijkstra (peers/dijkstra.c, compiled now with cc -O2) and python-igraph on the same CSR arrays;
/// then the dispatcher's many-to-one query (50 stations → one incident) on central Shanghai;
/// and the graph's memory per edge. One-to-all runs in rounds that alternate Beacon and the C
/// program; both report min and median per query, on the thread's CPU clock and on the wall clock.
struct RouteBenchmark {
    var side = 1000
    var sources = 5
    var seed: UInt64 = 20250809
    var peers = true
    var rounds = 3
    var igraph = true

    init(arguments: [String]) {
        let o = BenchOptions(arguments, benchmark: "route", values: ["--side", "--sources", "--seed", "--rounds"],
                             flags: ["--no-peers", "--no-igraph"])
        side = o.number("--side", side)
        sources = o.number("--sources", sources)
        seed = o.number("--seed", seed)
        rounds = o.number("--rounds", rounds)
        peers = !o.flag("--no-peers")
        igraph = !o.flag("--no-igraph")
    }

    /// A side × side street grid near Shanghai as road features: streets of 100 blocks, speeds drawn
    /// from a seeded generator, every tenth street one-way; a bent vertex mid-block.
    static func grid(side: Int, seed: UInt64) -> [Feature] {
        var random = SplitMix64(seed: seed)
        let speeds: [Double] = [15, 25, 35, 40, 50, 60]
        let step = 0.001
        func at(_ r: Int, _ c: Int) -> Coordinate { Coordinate(longitude: 121.0 + Double(c) * step * 1.17, latitude: 31.0 + Double(r) * step) }
        var features: [Feature] = []
        func street(_ id: String, _ vertices: [Coordinate]) {
            let oneway: Int64 = Int.random(in: 0..<10, using: &random) == 0 ? 1 : 0
            features.append(Feature(id: id, layer: .roads, kind: "residential", geometry: .lineString(vertices),
                                    properties: ["speed_kmh": .real(speeds.randomElement(using: &random)!), "oneway": .integer(oneway)]))
        }
        for r in 0..<side {
            for start in stride(from: 0, to: side - 1, by: 100) {
                let end = min(start + 100, side - 1)
                street("row/\(r)/\(start)", (start...end).map { at(r, $0) })
            }
        }
        for c in 0..<side {
            for start in stride(from: 0, to: side - 1, by: 100) {
                let end = min(start + 100, side - 1)
                street("col/\(c)/\(start)", (start...end).map { at($0, c) })
            }
        }
        return features
    }

    func run() {
        print("route: building a \(side) × \(side) grid (seed \(seed)) …")
        let t0 = nowNanoseconds()
        let network = RoadNetwork(roads: Self.grid(side: side, seed: seed))
        let graph = network.graph
        print(String(format: "grid: %d nodes, %d edges, built in %.0f ms; memory %.1f MB = %.1f bytes per edge (CSR both ways, costs, shapes)",
                     graph.nodeCount, graph.edgeCount, millisecondsSince(t0), Double(graph.memoryBytes) / 1e6,
                     Double(graph.memoryBytes) / Double(graph.edgeCount)))
        var random = SplitMix64(seed: seed ^ 0xBEAC0)
        let sourceNodes = (0..<sources).map { _ in Int.random(in: 0..<graph.nodeCount, using: &random) }

        var router = RoadRouter(network: network)
        _ = router.travelSeconds(fromNode: sourceNodes[0])  // warm-up
        /// One round of Beacon: every source once; per-query thread-CPU and wall milliseconds, distance sum.
        func beaconRound() -> (cpu: [Double], wall: [Double], checksum: Double) {
            var cpu: [Double] = [], wall: [Double] = [], checksum = 0.0
            for s in sourceNodes {
                let w0 = nowNanoseconds(), c0 = threadCPUNanoseconds()
                let seconds = router.travelSeconds(fromNode: s)
                cpu.append(Double(threadCPUNanoseconds() - c0) / 1e6)
                wall.append(millisecondsSince(w0))
                for d in seconds where d.isFinite { checksum += d }
            }
            return (cpu, wall, checksum)
        }
        guard peers else {
            let r = beaconRound()
            print("beacon   one-to-all  " + Timings(cpu: r.cpu, wall: r.wall).description + String(format: "  (checksum %.6f)", r.checksum))
            return
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-route-\(getpid()).bin")
        defer { try? FileManager.default.removeItem(at: input) }
        var data = Data()
        for v in [Int64(graph.nodeCount), Int64(graph.edgeCount), Int64(sources)] { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        graph.edgeOffsets.withUnsafeBytes { data.append(contentsOf: $0) }
        graph.edgeTargets.withUnsafeBytes { data.append(contentsOf: $0) }
        graph.edgeTravelSeconds.withUnsafeBytes { data.append(contentsOf: $0) }
        sourceNodes.map(Int32.init).withUnsafeBytes { data.append(contentsOf: $0) }
        do { try data.write(to: input) } catch { print("cannot write \(input.path): \(error)"); return }

        struct PeerReport: Decodable {
            var mean_ms: Double; var checksum: Double; var igraph: String?; var build_ms: Double?
            var cpu_ms: [Double]?; var wall_ms: [Double]?
        }
        func decode(_ name: String, _ output: String) -> PeerReport? {
            guard let line = output.split(separator: "\n").last, let r = try? JSONDecoder().decode(PeerReport.self, from: Data(line.utf8)) else {
                print("\(name) peer: unreadable output \(output.suffix(300))"); return nil
            }
            return r
        }
        func agreement(_ other: Double, _ ours: Double) -> String {
            abs(other - ours) <= 1e-9 * max(abs(ours), 1) ? "same distances" : "DIFFERENT distances"
        }
        let binary = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-dijkstra-\(getpid())")
        defer { try? FileManager.default.removeItem(at: binary) }
        let source = PythonPeers.benchDirectory.appendingPathComponent("peers/dijkstra.c").path
        let compiled = (try? PythonPeers.launch("/usr/bin/env", ["cc", "-O2", "-o", binary.path, source, "-lm"]))?.status == 0
        if !compiled { print("C peer skipped: cc -O2 \(source) failed") }
        // Rounds alternate Beacon and the C program on the same sources, so both see the same machine load.
        var ours = Timings(), c = Timings()
        var checksum = 0.0, cChecksum: Double?
        for _ in 0..<rounds {
            let r = beaconRound()
            ours.append(cpu: r.cpu, wall: r.wall)
            checksum = r.checksum
            guard compiled else { continue }
            if let (status, output) = try? PythonPeers.launch(binary.path, [input.path]), status == 0,
               let report = decode("C", output), let cpu = report.cpu_ms, let wall = report.wall_ms {
                c.append(cpu: cpu, wall: wall)
                cChecksum = report.checksum
            } else {
                print("C peer: the program failed")
            }
        }
        print("one-to-all, \(rounds) rounds × \(sources) sources, Beacon and C alternating; ms per query:")
        print("beacon   " + ours.description + String(format: "  (checksum %.6f)", checksum))
        if let cChecksum {
            print("C        " + c.description + String(format: "  (checksum %.6f, %@)", cChecksum, agreement(cChecksum, checksum)))
            print(String(format: "beacon/C = %.2f (min CPU), %.2f (median CPU), %.2f (min wall), %.2f (median wall) — below 1 means Beacon is faster",
                         ours.cpu.min / c.cpu.min, ours.cpu.median / c.cpu.median, ours.wall.min / c.wall.min, ours.wall.median / c.wall.median))
        }
        if !igraph {
            print("igraph peer skipped (--no-igraph)")
        } else if prepareIgraph(), let (status, output) = try? PythonPeers.launch(PythonPeers.python.path,
                [PythonPeers.benchDirectory.appendingPathComponent("peers/route_igraph.py").path, input.path]), status == 0 {
            if let r = decode("igraph", output) {
                print(String(format: "igraph   mean %.1f ms (wall)  igraph/beacon = %.1f× (against Beacon's median wall)  (checksum %.6f, %@)",
                             r.mean_ms, r.mean_ms / ours.wall.median, r.checksum, agreement(r.checksum, checksum)))
                print(String(format: "igraph %@: graph build %.0f ms; its time includes turning 1 distance row into a Python list", r.igraph ?? "?", r.build_ms ?? 0))
            }
        } else {
            print("igraph peer skipped: no python-igraph in \(PythonPeers.venv.path) (pip install igraph numpy failed?)")
        }
        shanghaiManyToOne()
    }

    func prepareIgraph() -> Bool { PythonPeers.ensure(["igraph", "numpy"], installing: ["igraph", "numpy"], for: "igraph") }

    /// 50 stations (seeded points snapped to edges) → one incident, by one reverse search; many incidents.
    func shanghaiManyToOne() {
        let url = PythonPeers.benchDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MapData/shanghai_center_roads_2025.osm")
        guard let read = try? OSMImport.read(url: url) else { print("Shanghai: \(url.path) not readable; skipped"); return }
        let network = RoadNetwork(roads: read.features.filter { $0.layer == .roads })
        let graph = network.graph
        let snapper = EdgeSnapIndex(graph)
        guard let box = BoundingBox(covering: graph.nodeCoordinates) else { return }
        var random = SplitMix64(seed: seed)
        func place() -> RoadPosition {
            while true {
                let c = Coordinate(longitude: Double.random(in: box.minLongitude...box.maxLongitude, using: &random),
                                   latitude: Double.random(in: box.minLatitude...box.maxLatitude, using: &random))
                if let p = try? snapper.snap(c, in: graph, maxOffNetworkMetres: 300) { return p }
            }
        }
        let stations = (0..<50).map { _ in place() }
        let incidents = (0..<200).map { _ in place() }
        var router = RoadRouter(network: network)
        var t0 = nowNanoseconds()
        for p in incidents.prefix(20) { _ = try? snapper.snap(p.query, in: graph) }
        let snapMicroseconds = millisecondsSince(t0) * 1000 / 20
        _ = router.fastest(from: stations, to: incidents[0])
        var reached = 0
        t0 = nowNanoseconds()
        for incident in incidents { reached += router.fastest(from: stations, to: incident).filter { $0.travelSeconds.isFinite }.count }
        let perQuery = millisecondsSince(t0) / Double(incidents.count)
        t0 = nowNanoseconds()
        for i in 0..<20 { _ = router.travelSeconds(fromNode: i * graph.nodeCount / 20, direction: .reverse) }
        let full = millisecondsSince(t0) / 20
        print(String(format: "Shanghai (%d nodes, %d edges): many-to-one, 50 stations → incident: %.3f ms mean over %d incidents"
                     + " (%d of %d answers reachable); full reverse one-to-all %.3f ms; edge snap %.1f µs; memory %.1f bytes per edge",
                     graph.nodeCount, graph.edgeCount, perQuery, incidents.count, reached, 50 * incidents.count, full,
                     snapMicroseconds, Double(graph.memoryBytes) / Double(graph.edgeCount)))
    }
}

/// Per-query milliseconds of one implementation, on the thread-CPU and the wall clock.
struct Timings: CustomStringConvertible {
    struct Summary { var min = 0.0; var median = 0.0 }
    private var cpuSamples: [Double] = [], wallSamples: [Double] = []

    init(cpu: [Double] = [], wall: [Double] = []) { append(cpu: cpu, wall: wall) }

    mutating func append(cpu: [Double], wall: [Double]) {
        cpuSamples += cpu
        wallSamples += wall
    }

    static func summary(_ samples: [Double]) -> Summary {
        guard !samples.isEmpty else { return Summary() }
        let sorted = samples.sorted()
        let mid = sorted.count / 2
        return Summary(min: sorted[0], median: sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2)
    }

    var cpu: Summary { Self.summary(cpuSamples) }
    var wall: Summary { Self.summary(wallSamples) }

    var description: String {
        String(format: "CPU min %7.1f median %7.1f   wall min %7.1f median %7.1f   (%d queries)",
               cpu.min, cpu.median, wall.min, wall.median, cpuSamples.count)
    }
}
