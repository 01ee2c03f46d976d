import Engine
import Foundation
import SpatialCore
import SpatialStore

/// The dispatcher's recommendation for one incident on central Shanghai with N available units: the
/// advisor's one many-to-one search on the reversed graph against one shortest path per candidate
/// (the obvious implementation), with the ETAs compared. The store is built in a temporary folder from
/// MapData's OSM roads, N seeded units placed on random road points, and one incident needing engines.
struct DispatchBenchmark {
    let units: Int
    let repeats: Int
    let seed: UInt64

    init(arguments: [String]) {
        let o = BenchOptions(arguments, benchmark: "dispatch", values: ["--units", "--repeats", "--seed"])
        units = o.number("--units", 500)
        repeats = o.number("--repeats", 5)
        seed = o.number("--seed", UInt64(20250809))
    }

    func run() {
        do { try measure() } catch { print("dispatch: \(error)") }
    }

    func measure() throws {
        let osm = PythonPeers.benchDirectory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("MapData/shanghai_center_roads_2025.osm")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-bench-dispatch-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let actor = Actor(name: "bench", post: "bench")
        let store = try CityStore.create(at: dir.appendingPathComponent("city.beacon.sqlite").path, cityName: "bench", actor: actor)
        defer { store.close() }
        _ = try CityImporter(store: store, actor: actor).importOSM(osm)
        let roads = try RoadService(store: store)
        guard let box = BoundingBox(covering: roads.network.graph.nodeCoordinates) else { return }
        var random = SplitMix64(seed: seed)
        func place() -> Coordinate {
            while true {
                let c = Coordinate(longitude: Double.random(in: box.minLongitude...box.maxLongitude, using: &random),
                                   latitude: Double.random(in: box.minLatitude...box.maxLatitude, using: &random))
                if (try? roads.snap(c, "unit")) != nil { return c }
            }
        }
        let kinds = ["engine", "engine", "ambulance", "ladder", "police"]
        var features = (0..<units).map { i in
            Feature(id: "bench:unit/\(i)", layer: .units, kind: kinds[i % kinds.count], name: "U\(i)", geometry: .point(place()),
                    properties: ["home_facility": .text(""), "status": .text("available")])
        }
        let target = Coordinate(longitude: 121.4737, latitude: 31.2304)
        features.append(Feature(id: "bench:fs", layer: .facilities, kind: "fire_station", geometry: .point(target)))
        try store.upsert(features, source: "bench", actor: actor)
        let stamp = "2025-08-09T14:30:00+08:00"
        try store.openIncident(Feature(id: "INC-BENCH", layer: .incidents, kind: "23100", geometry: .point(target),
                                       properties: ["state": .text("graded"), "called_at": .text(stamp)]),
                               events: [IncidentEvent(incidentID: "INC-BENCH", at: stamp, kind: "task",
                                                      text: "bench/dispatch dispatch: send | units engine×2 ambulance×1 ladder×1 police×1")],
                               actor: actor, summary: "bench incident")

        var advisor = DispatchAdvisor(store: store, roads: roads)
        advisor.freshSeconds = .infinity
        var recommendation = try advisor.recommend(incidentID: "INC-BENCH")
        var wholeMs: [Double] = [], searchMs: [Double] = []
        for _ in 0..<repeats {
            let t0 = nowNanoseconds()
            recommendation = try advisor.recommend(incidentID: "INC-BENCH")
            wholeMs.append(millisecondsSince(t0))
            searchMs.append(recommendation.searchMilliseconds)
        }
        let options = recommendation.ranked.values.flatMap { $0 }
        // One shortest path per candidate (unreachable ones skipped: the search already said so).
        var oneByOneMs: [Double] = []
        var differing = 0, routed = 0
        for r in 0..<repeats {
            let t0 = nowNanoseconds()
            for o in options where o.driveSeconds.isFinite {
                let route = try roads.route(from: o.start, to: recommendation.target)
                if r == 0 {
                    routed += 1
                    if abs(route.route.travelSeconds - o.driveSeconds) > 1e-6 { differing += 1 }
                }
            }
            oneByOneMs.append(millisecondsSince(t0))
        }
        let search = searchMs.sorted()[repeats / 2], whole = wholeMs.sorted()[repeats / 2], oneByOne = oneByOneMs.sorted()[repeats / 2]
        print(String(format: "dispatch: %d units, %d candidates (%d reachable), %d picks; median of %d:", units, options.count, routed,
                     recommendation.picks.count, repeats))
        print(String(format: "  one many-to-one search   %8.2f ms  (whole recommendation incl. store reads %.2f ms)", search, whole))
        print(String(format: "  one route per candidate  %8.2f ms  (%d routes)", oneByOne, routed))
        print(String(format: "  ratio %.0f× ; %d of %d drive times differ", oneByOne / max(search, 1e-9), differing, routed))
    }
}
