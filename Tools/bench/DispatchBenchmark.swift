import Engine
import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialStore

/// The dispatcher on central Shanghai and on a side² street grid, each against the obvious approach:
///
/// 1. One incident, N units with AVL positions: the core's bounded many-to-one search (stops once every
///    need has its count + 1 settled) vs one shortest path per candidate unit (the obvious way), and vs
///    one many-to-one search that settles every candidate. p50/p99 over `--repeats` random incidents;
///    the picks' ETAs must equal the per-candidate routes' ETAs.
/// 2. `--incidents` simultaneous incidents assigned together (exact min-cost assignment over bounded lists)
///    vs the same assignment over ETAs from one route per (incident, candidate) pair; weighted totals of
///    the plan and of first come, first served.
/// No preprocessing of either graph (no contraction, no landmarks): the graphs as `beacon route` loads them.
struct DispatchBenchmark {
    let units: Int
    let repeats: Int
    let incidents: Int
    let side: Int
    let seed: UInt64
    let skipGrid: Bool

    init(arguments: [String]) {
        let o = BenchOptions(arguments, benchmark: "dispatch", values: ["--units", "--repeats", "--incidents", "--side", "--seed"],
                             flags: ["--no-peers", "--no-grid"])
        units = o.number("--units", 500)
        repeats = o.number("--repeats", 100)
        incidents = o.number("--incidents", 50)
        side = o.number("--side", 1000)
        seed = o.number("--seed", UInt64(20250809))
        skipGrid = o.flag("--no-grid")
    }

    func run() {
        do { try measure() } catch { print("dispatch: \(error)") }
    }

    static let kinds = ["engine", "engine", "ambulance", "ladder", "police"]
    static let needs = [DispatchNeed(kind: "engine", count: 2), DispatchNeed(kind: "ambulance", count: 1),
                        DispatchNeed(kind: "ladder", count: 1), DispatchNeed(kind: "police", count: 1)]

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
        print("dispatch: central Shanghai, \(roads.network.graph.nodeCount) junctions, \(roads.network.graph.edgeCount) edges; \(units) units with AVL")
        try compare(network: roads.network, label: "Shanghai", perCandidateSample: .max)
        try measureAdvisor(store: store, roads: roads, actor: actor)
        if !skipGrid {
            let t0 = nowNanoseconds()
            let grid = RoadNetwork(roads: RouteBenchmark.grid(side: side, seed: seed))
            print(String(format: "dispatch: %d × %d grid, %d junctions, %d edges (built in %.1f s); %d units with AVL", side, side,
                         grid.graph.nodeCount, grid.graph.edgeCount, millisecondsSince(t0) / 1000, units))
            try compare(network: grid, label: "grid", perCandidateSample: 40)
        }
    }

    /// Random units and incidents on `network`, then both measurements.
    func compare(network: RoadNetwork, label: String, perCandidateSample: Int) throws {
        let model = RoadTravelTimes(network: network)
        var random = SplitMix64(seed: seed)
        guard let box = BoundingBox(covering: network.graph.nodeCoordinates) else { return }
        func place() -> Coordinate {
            while true {
                let c = Coordinate(longitude: Double.random(in: box.minLongitude...box.maxLongitude, using: &random),
                                   latitude: Double.random(in: box.minLatitude...box.maxLatitude, using: &random))
                if (try? model.position(c, "point")) != nil { return c }
            }
        }
        let fleet = (0..<units).map { i in
            DispatchUnit(id: "u/\(i)", name: "U\(i)", kind: Self.kinds[i % Self.kinds.count], start: place(), origin: .avl(ageSeconds: 10),
                         turnoutSeconds: Self.kinds[i % Self.kinds.count] == "ambulance" || Self.kinds[i % Self.kinds.count] == "police" ? 60 : 80)
        }
        let targets = (0..<repeats).map { _ in place() }
        let core = DispatchCore(model: model)
        var full = DispatchCore(model: model)
        full.rankAll = true
        // Snap every unit once (the cache a long-running desk keeps); timings below are searches, not snapping.
        _ = try full.recommend(DispatchRequest(incidentID: "warm", target: targets[0], needs: Self.needs), units: fleet)

        var bounded: [Double] = [], boundedCPU: [Double] = [], searchOnly: [Double] = [], settledAll: [Double] = []
        var timed = 0
        for (i, t) in targets.enumerated() {
            let request = DispatchRequest(incidentID: "I\(i)", target: t, needs: Self.needs)
            let c0 = threadCPUNanoseconds()
            var t0 = nowNanoseconds()
            let r = try core.recommend(request, units: fleet)
            bounded.append(millisecondsSince(t0))
            boundedCPU.append(Double(threadCPUNanoseconds() - c0) / 1e6)
            searchOnly.append(r.searchMilliseconds)
            timed += r.ranked.values.reduce(0) { $0 + $1.filter { $0.driveSeconds.isFinite }.count }
            if i < 10 {
                t0 = nowNanoseconds()
                _ = try full.recommend(request, units: fleet)
                settledAll.append(millisecondsSince(t0))
            }
        }
        // The obvious approach: one shortest path per candidate (a sample on the big grid, scaled to all candidates).
        let candidates = fleet.filter { u in Self.needs.contains { $0.accepts(u) } }
        let router = RoadTravelTimes(network: network)
        var perCandidate: [Double] = [], mismatches = 0, checked = 0
        for (i, t) in targets.prefix(label == "grid" ? 2 : 5).enumerated() {
            let sample = Array(candidates.prefix(perCandidateSample))
            let t0 = nowNanoseconds()
            var drive: [String: Double] = [:]
            for u in sample { drive[u.id] = try router.fastest(from: [(id: u.id, at: u.start)], to: t, limitSeconds: .infinity)[0].travelSeconds }
            perCandidate.append(millisecondsSince(t0) * Double(candidates.count) / Double(sample.count))
            let r = try core.recommend(DispatchRequest(incidentID: "I\(i)", target: t, needs: Self.needs), units: fleet)
            for p in r.picks {
                guard let d = drive[p.option.unit.id] else { continue }
                checked += 1
                if abs(d - p.option.driveSeconds) > 1e-6 { mismatches += 1 }
            }
        }
        let p = Self.percentiles(bounded), cpu = Self.percentiles(boundedCPU), all = Self.percentiles(settledAll), obvious = Self.percentiles(perCandidate)
        print(String(format: "  one incident (%@), %d candidates, %d random incidents:", label, candidates.count, targets.count))
        print(String(format: "    bounded many-to-one search    p50 %8.3f ms  p99 %8.3f ms wall; thread CPU p50 %.3f ms  p99 %.3f ms  (%.0f candidates timed on average)",
                     p.p50, p.p99, cpu.p50, cpu.p99, Double(timed) / Double(targets.count)))
        let so = Self.percentiles(searchOnly)
        print(String(format: "      of which the travel-time model (snapping from cache, searches) p50 %.3f ms  p99 %.3f ms", so.p50, so.p99))
        print(String(format: "    many-to-one settling all      p50 %8.3f ms  (%d incidents)", all.p50, settledAll.count))
        print(String(format: "    one route per candidate       p50 %8.1f ms  (%d incidents%@)", obvious.p50, perCandidate.count,
                     perCandidateSample < candidates.count ? ", timed on \(perCandidateSample) candidates and scaled" : ""))
        print(String(format: "    ratio: per-candidate ÷ bounded %.0f× (p50), settling-all ÷ bounded %.1f×; %d of %d picks' ETAs differ from their own route",
                     obvious.p50 / max(p.p50, 1e-9), all.p50 / max(p.p50, 1e-9), mismatches, checked))

        // Several incidents at once.
        let levels = ["I", "II", "III", "IV"]
        let requests = (0..<incidents).map { i in
            DispatchRequest(incidentID: "M\(i)", target: place(), needs: Self.needs, level: levels[Int.random(in: 0...3, using: &random)],
                            calledAt: String(format: "2025-08-09T14:%02d:00+08:00", i % 60))
        }
        var planMs: [Double] = [], plan: DispatchPlan?
        for _ in 0..<3 {
            let t0 = nowNanoseconds()
            plan = try core.plan(requests, units: fleet)
            planMs.append(millisecondsSince(t0))
        }
        guard let plan else { return }
        // The obvious way: one route per (incident, candidate) pair, then the same assignment (the full core on a
        // model that answers every candidate by its own route).
        let obviousModel = PerCandidateRoutes(model: router)
        var obviousMs = 0.0, obviousTotal = Double.nan
        if label != "grid" {
            let t0 = nowNanoseconds()
            obviousTotal = try DispatchCore(model: obviousModel).plan(requests, units: fleet).totalWeightedSeconds
            obviousMs = millisecondsSince(t0)
        }
        let pm = Self.percentiles(planMs)
        print(String(format: "  %d simultaneous incidents (%@), %d units required:", incidents, label, plan.lines.count + plan.shortfall.reduce(0) { $0 + $1.count }))
        print(String(format: "    plan (bounded searches + exact assignment)  %8.1f ms median of %d  (search %.1f ms, assignment %.1f ms, %d round%@)",
                     pm.p50, planMs.count, plan.searchMilliseconds, plan.assignMilliseconds, plan.rounds, plan.rounds == 1 ? "" : "s"))
        if label != "grid" {
            print(String(format: "    one route per (incident, candidate) + the same assignment  %8.1f ms  → ratio %.0f×; totals equal: %@",
                         obviousMs, obviousMs / max(pm.p50, 1e-9), abs(obviousTotal - plan.totalWeightedSeconds) < 1e-6 ? "yes" : "NO"))
        }
        print(String(format: "    Σ weight × ETA: plan %.0f s vs first come, first served %.0f s (%.1f %% less); units sent %d vs %d",
                     plan.totalWeightedSeconds, plan.greedyTotalWeightedSeconds,
                     (1 - plan.totalWeightedSeconds / max(plan.greedyTotalWeightedSeconds, 1e-9)) * 100, plan.lines.count, plan.greedyLines.count))
    }

    /// The store-backed advisor's whole recommendation (store reads included), as `beacon dispatch recommend` runs it.
    func measureAdvisor(store: CityStore, roads: RoadService, actor: Actor) throws {
        guard let box = BoundingBox(covering: roads.network.graph.nodeCoordinates) else { return }
        var random = SplitMix64(seed: seed &+ 1)
        var features: [Feature] = []
        while features.count < units {
            let c = Coordinate(longitude: Double.random(in: box.minLongitude...box.maxLongitude, using: &random),
                               latitude: Double.random(in: box.minLatitude...box.maxLatitude, using: &random))
            guard (try? roads.snap(c, "unit")) != nil else { continue }
            let i = features.count
            features.append(Feature(id: "bench:unit/\(i)", layer: .units, kind: Self.kinds[i % Self.kinds.count], name: "U\(i)", geometry: .point(c),
                                    properties: ["home_facility": .text(""), "status": .text("available")]))
        }
        let target = Coordinate(longitude: 121.4737, latitude: 31.2304)
        try store.upsert(features, source: "bench", actor: actor)
        let stamp = "2025-08-09T14:30:00+08:00"
        try store.openIncident(Feature(id: "INC-BENCH", layer: .incidents, kind: "23100", geometry: .point(target),
                                       properties: ["state": .text("graded"), "called_at": .text(stamp)]),
                               events: [IncidentEvent(incidentID: "INC-BENCH", at: stamp, kind: "task",
                                                      text: "bench/dispatch dispatch: send | units engine×2 ambulance×1 ladder×1 police×1")],
                               actor: actor, summary: "bench incident")
        var advisor = DispatchAdvisor(store: store, roads: roads)
        advisor.freshSeconds = .infinity
        _ = try advisor.recommend(incidentID: "INC-BENCH")
        var whole: [Double] = []
        for _ in 0..<20 {
            let t0 = nowNanoseconds()
            _ = try advisor.recommend(incidentID: "INC-BENCH")
            whole.append(millisecondsSince(t0))
        }
        print(String(format: "  whole `dispatch recommend` in the store adapter (store reads, %d units): p50 %.2f ms", units, Self.percentiles(whole).p50))
    }

    static func percentiles(_ values: [Double]) -> (p50: Double, p99: Double) {
        guard !values.isEmpty else { return (.nan, .nan) }
        let s = values.sorted()
        return (s[s.count / 2], s[min(s.count - 1, s.count * 99 / 100)])
    }
}

/// The obvious travel-time model: one shortest path per candidate, whatever the question.
final class PerCandidateRoutes: TravelTimeModel {
    let model: RoadTravelTimes
    init(model: RoadTravelTimes) { self.model = model }
    var basis: String { "one route per candidate" }
    func fastest(from candidates: [(id: String, at: Coordinate)], to target: Coordinate, limitSeconds: Double) throws -> [DispatchCandidate] {
        try candidates.map { c in try model.fastest(from: [c], to: target, limitSeconds: limitSeconds)[0] }
            .sorted { ($0.travelSeconds, $0.id) < ($1.travelSeconds, $1.id) }
    }
}
