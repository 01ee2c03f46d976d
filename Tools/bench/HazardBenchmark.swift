import Engine
import Foundation
import Hazards
import SpatialCore
import SpatialGEOS
import SpatialIndex
import SpatialStore

/// `beacon-bench hazard`: (a) a chlorine plume and its full impact assessment (people, facilities, clipped pipes
/// and roads, units, domino sources, evacuation by road) on the default city store; (b) one million seeded points
/// against the plume's yellow footprint — PointIndex box prefilter + ``PolygonContainment`` (and + GEOS prepared
/// `contains`, one temporary point per test) against shapely's STRtree + prepared polygon, same points, same run.
struct HazardBenchmark {
    var storePath = "shanghai.beacon.sqlite"
    var pointCount = 1_000_000
    var repeats = 5
    var seed: UInt64 = 20_250_809
    var peers = true
    /// The exercise chlorine store (ex:chemical_store/01) when the store is missing.
    static let fallbackSource = Coordinate(longitude: 121.4529024, latitude: 31.1869703)

    init(arguments: [String]) {
        let o = BenchOptions(arguments, benchmark: "hazard", values: ["--store", "--points", "--repeats", "--seed"], flags: ["--no-peers"])
        storePath = o.string("--store", storePath)
        pointCount = o.number("--points", pointCount)
        repeats = o.number("--repeats", repeats)
        seed = o.number("--seed", seed)
        peers = !o.flag("--no-peers")
    }

    func plume(at source: Coordinate) throws -> HazardOutcome {
        let release = PlumeRelease(source: source, substance: try SubstanceTable.lookup("chlorine"),
                                   rate: try ReleaseRate(2, unit: "kg/s"), releaseHeightMetres: 0)
        let weather = PlumeWeather(windFromDegrees: 270, windSpeedMetresPerSecond: 3, stability: .D, sky: nil, terrain: .urban)
        return try HazardAssessment.run(.plume(release, weather))
    }

    func run() {
        do {
            print("beacon-bench hazard — chlorine 2 kg/s, D, 3 m/s from 270°, urban; best of \(repeats)")
            let yellow = try impactOnTheDefaultCity()
            try pointsInFootprint(yellow)
        } catch {
            print("beacon-bench hazard: \(error)")
            exit(1)
        }
    }

    /// (a) Plume + impact on the store; returns the yellow footprint for (b).
    func impactOnTheDefaultCity() throws -> Geometry {
        guard FileManager.default.fileExists(atPath: storePath) else {
            print("(a) skipped: no store at \(storePath) — run `make demo` first (or give --store)")
            return try plume(at: Self.fallbackSource).zones.first!.footprint!
        }
        let store = try CityStore.open(at: storePath, readOnly: true)
        defer { store.close() }
        let source = try store.feature(id: "ex:chemical_store/01")?.geometry.representativePoint ?? Self.fallbackSource
        var t0 = nowNanoseconds()
        let roads = try RoadService(store: store)
        let roadsMs = Double(nowNanoseconds() - t0) / 1e6
        var plumeMs = Double.infinity, impactMs = Double.infinity, noEvacuationMs = Double.infinity
        var report: ImpactReport?
        var outcome: HazardOutcome?
        for _ in 0..<repeats {
            t0 = nowNanoseconds()
            let o = try plume(at: source)
            let t1 = nowNanoseconds()
            let r = try ImpactAssessment().assess(zones: o.zones, source: o.model, origin: source, sourceFeatureID: "ex:chemical_store/01",
                                                  in: store, roads: roads)
            let t2 = nowNanoseconds()
            _ = try ImpactAssessment().assess(zones: o.zones, source: o.model, origin: source, in: store, roads: nil)
            let t3 = nowNanoseconds()
            plumeMs = min(plumeMs, Double(t1 - t0) / 1e6)
            impactMs = min(impactMs, Double(t2 - t1) / 1e6)
            noEvacuationMs = min(noEvacuationMs, Double(t3 - t2) / 1e6)
            report = r
            outcome = o
        }
        let yellow = report!.zones.first!
        print("(a) \(storePath): plume \(String(format: "%.2f", plumeMs)) ms + impact \(String(format: "%.1f", impactMs)) ms "
              + "= \(String(format: "%.1f", plumeMs + impactMs)) ms (goal < 100 ms); impact without evacuation \(String(format: "%.1f", noEvacuationMs)) ms; "
              + "road graph load (cache) \(String(format: "%.0f", roadsMs)) ms, once per desk")
        print("    yellow zone \(String(format: "%.0f", yellow.areaSquareMetres / 1e4)) ha: \(yellow.people.count) people, "
              + "\(yellow.roads.count) roads, \(Int(yellow.pipes.reduce(0) { $0 + $1.lengthInsideMetres })) m of pipe, "
              + "\(report!.evacuation?.shelters.filter { $0.assigned > 0 }.count ?? 0) shelters used")
        return outcome!.zones.first!.footprint!
    }

    /// (b) A million points against the footprint.
    func pointsInFootprint(_ footprint: Geometry) throws {
        guard case let .polygon(rings) = footprint, let box = footprint.boundingBox else { print("(b) skipped: footprint is not a polygon"); return }
        // Points in the footprint's box grown by half its size on every side: many candidates, a fair share inside.
        let dx = (box.maxLongitude - box.minLongitude) / 2, dy = (box.maxLatitude - box.minLatitude) / 2
        var random = SplitMix64(seed: seed)
        let points = (0..<pointCount).map { _ in
            Coordinate(longitude: Double.random(in: (box.minLongitude - dx)..<(box.maxLongitude + dx), using: &random),
                       latitude: Double.random(in: (box.minLatitude - dy)..<(box.maxLatitude + dy), using: &random))
        }
        var t0 = nowNanoseconds()
        let index = PointIndex(points)
        let indexMs = Double(nowNanoseconds() - t0) / 1e6
        t0 = nowNanoseconds()
        let pip = PolygonContainment(footprint)!
        let prepareMs = Double(nowNanoseconds() - t0) / 1e6
        var swiftMs = Double.infinity, inside = 0, candidates = 0
        for _ in 0..<repeats {
            t0 = nowNanoseconds()
            var n = 0, c = 0
            index.forEach(inBox: box) { i in
                c += 1
                if pip.contains(points[Int(i)]) { n += 1 }
            }
            swiftMs = min(swiftMs, Double(nowNanoseconds() - t0) / 1e6)
            inside = n
            candidates = c
        }
        let geos = try GEOS()
        let prepared = try geos.prepare(footprint)
        t0 = nowNanoseconds()
        var geosInside = 0
        var geosError: Error?
        index.forEach(inBox: box) { i in
            do { if try prepared.contains(points[Int(i)]) { geosInside += 1 } } catch { geosError = error }
        }
        let geosMs = Double(nowNanoseconds() - t0) / 1e6
        if let geosError { throw geosError }
        print("(b) \(pointCount) points, \(candidates) in the footprint's box, \(inside) inside (\(rings[0].count)-vertex ring)")
        print("    PointIndex build \(String(format: "%.0f", indexMs)) ms (once); PolygonContainment prepare \(String(format: "%.3f", prepareMs)) ms")
        print("    PointIndex box + PolygonContainment   \(String(format: "%8.2f", swiftMs)) ms  inside \(inside)")
        print("    PointIndex box + GEOS prepared (1×)   \(String(format: "%8.2f", geosMs)) ms  inside \(geosInside)\(geosInside == inside ? "" : "  ← DIFFERS")")
        guard peers else { return }
        guard let peer = shapely(points: points, ring: rings[0]) else { return }
        print("    shapely \(peer.version) STRtree.query(contains) \(String(format: "%8.2f", peer.strtreeMs)) ms  inside \(peer.strtreeInside)"
              + "  (STRtree build \(String(format: "%.0f", peer.buildMs)) ms)")
        print("    shapely contains_xy (prepared, all) \(String(format: "%8.2f", peer.containsXYMs)) ms  inside \(peer.containsXYInside)")
        print(String(format: "    ratio shapely STRtree / Swift: %.1f× (≥ 1 means Swift is at least as fast); contains_xy / Swift: %.1f×",
                     peer.strtreeMs / swiftMs, peer.containsXYMs / swiftMs))
        if peer.strtreeInside != inside || peer.containsXYInside != inside { print("    ! inside counts differ (points on the boundary?)") }
    }

    struct ShapelyFigures: Decodable {
        var version: String
        var buildMs: Double, strtreeMs: Double, containsXYMs: Double
        var strtreeInside: Int, containsXYInside: Int
        enum CodingKeys: String, CodingKey {
            case version = "shapely", buildMs = "build_ms", strtreeMs = "strtree_ms", containsXYMs = "contains_xy_ms"
            case strtreeInside = "strtree_inside", containsXYInside = "contains_xy_inside"
        }
    }

    /// Runs `peers/hazard_shapely.py` in the shared venv on the same points and ring.
    func shapely(points: [Coordinate], ring: [Coordinate]) -> ShapelyFigures? {
        guard ShapelyPeer.prepareVenv() else { print("    shapely peer skipped: no venv with shapely"); return nil }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-bench-hazard-\(getpid()).f64")
        defer { try? FileManager.default.removeItem(at: input) }
        var values: [Double] = [Double(points.count), Double(ring.count), Double(repeats)]
        values.reserveCapacity(3 + 2 * points.count + 2 * ring.count)
        for p in points { values.append(p.longitude); values.append(p.latitude) }
        for p in ring { values.append(p.longitude); values.append(p.latitude) }
        do { try values.withUnsafeBytes { try Data($0).write(to: input) } } catch { print("    shapely peer skipped: \(error)"); return nil }
        let script = PythonPeers.benchDirectory.appendingPathComponent("peers/hazard_shapely.py").path
        guard let (status, output) = try? PythonPeers.launch(PythonPeers.python.path, [script, input.path]), status == 0,
              let line = output.split(separator: "\n").last,
              let figures = try? JSONDecoder().decode(ShapelyFigures.self, from: Data(line.utf8)) else {
            print("    shapely peer failed")
            return nil
        }
        return figures
    }
}
