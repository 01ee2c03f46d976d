import Engine
import Foundation
import RuleEngine
import SpatialCore
import SpatialStore
import Testing
import TestSupport
@testable import Simulation

/// A 5 × 5 street grid (500 m blocks, 36 km/h) with two fire stations, an ambulance station and eight units; of the
/// two ladders only L2 (at fs2) has the 32 m aerial a building fire asks for (Plans/dispatch_capabilities.csv).
enum SmallCity {
    static let actor = Actor(name: "sim-test", post: "test")
    static let origin = Coordinate(longitude: 121.45, latitude: 31.22)
    static let dLon = 500 / (111_320 * cos(31.22 * .pi / 180)), dLat = 500 / 110_574.0

    static func at(_ i: Int, _ j: Int) -> Coordinate {
        Coordinate(longitude: origin.longitude + Double(i) * dLon, latitude: origin.latitude + Double(j) * dLat)
    }

    static func make() throws -> String {
        let dir = TestPaths.temporaryDirectory("sim-city")
        let path = dir.appendingPathComponent("small.beacon.sqlite").path
        let store = try CityStore.create(at: path, cityName: "small", actor: actor)
        defer { store.close() }
        var roads: [Feature] = []
        for i in 0..<5 {
            for j in 0..<5 {
                if i < 4 { roads.append(road("h\(i)-\(j)", at(i, j), at(i + 1, j))) }
                if j < 4 { roads.append(road("v\(i)-\(j)", at(i, j), at(i, j + 1))) }
            }
        }
        func facility(_ id: String, _ kind: String, _ c: Coordinate) -> Feature {
            Feature(id: id, layer: .facilities, kind: kind, name: id, geometry: .point(c), properties: [:])
        }
        func unit(_ id: String, _ kind: String, _ home: String, _ c: Coordinate, _ capabilities: String = "") -> Feature {
            Feature(id: id, layer: .units, kind: kind, name: id, geometry: .point(c),
                    properties: ["home_facility": .text(home), "status": .text("available"), "capabilities": .text(capabilities)])
        }
        let features = roads + [
            facility("fs1", "fire_station", at(0, 0)), facility("fs2", "fire_station", at(4, 4)), facility("as1", "ambulance_station", at(2, 2)),
            facility("school1", "school", at(3, 1)),
            unit("E1", "engine", "fs1", at(0, 0)), unit("E2", "engine", "fs1", at(0, 0)), unit("E3", "engine", "fs2", at(4, 4)),
            unit("A1", "ambulance", "as1", at(2, 2)), unit("A2", "ambulance", "as1", at(2, 2)), unit("P1", "police", "fs1", at(0, 0)),
            unit("L1", "ladder", "fs1", at(0, 0), "rescue-height"), unit("L2", "ladder", "fs2", at(4, 4), "aerial-32m,rescue-height"),
            Feature(id: "d1", layer: .districts, kind: "fire_district", name: "d1",
                    geometry: .polygon([[at(-1, -1), at(5, -1), at(5, 5), at(-1, 5), at(-1, -1)]]), properties: [:]),
        ]
        try store.upsert(features, source: "test:small-city", actor: actor)
        return path
    }

    static func road(_ id: String, _ a: Coordinate, _ b: Coordinate) -> Feature {
        Feature(id: "r:\(id)", layer: .roads, kind: "primary", name: id, geometry: .lineString([a, b]), properties: ["speed_kmh": .real(36)])
    }

    /// `injects` replaces the one building fire (YAML list items).
    static func scenario(store: String, days: Int = 2, injects: [String]? = nil) -> String {
        """
        schema: beacon-scenario/1
        id: small-test
        title: Small city test
        store: \(store)
        period: {start: "2025-08-04T00:00:00+08:00", end: "2025-08-0\(4 + days)T00:00:00+08:00"}
        plans: [building-fire]
        standards:
          - {name: engine 6 min, units: [engine], within_min: 6}
          - {name: ambulance 8 min, units: [ambulance], within_min: 8}
        roster:
          - {units_lent: [E3], from: "2025-08-04T00:00:00+08:00", to: "2025-08-05T00:00:00+08:00"}
        road_closures:
          - {road: "r:h0-0", from: "2025-08-04T12:00:00+08:00", to: "2025-08-04T18:00:00+08:00"}
        injects:
        \((injects ?? ["{at: \"2025-08-04T10:00:00+08:00\", type: building_fire, place: \"\(place(2, 3))\", facts: {incident.trapped: \"3\"}}"])
            .map { "  - " + $0 }.joined(separator: "\n"))
        background:
          - {name: EMS, per_day: 40, units: {ambulance: 1}, on_scene: {exponential: 20}}
          - {name: Fire, per_day: 12, units: {engine: 1}, where: {by: layer, layer: facilities, kind: school}}
        """
    }

    static func place(_ i: Int, _ j: Int) -> String { "\(at(i, j).longitude),\(at(i, j).latitude)" }

    /// The model; with `runOrder` (for district d1, the whole grid) instead of the plans folder's run orders.
    static func model(days: Int = 2, injects: [String]? = nil, runOrder: ZoneRunOrder? = nil) throws -> CityModel {
        let path = try make()
        let file = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("small.yaml")
        try scenario(store: path, days: days, injects: injects).write(to: file, atomically: true, encoding: .utf8)
        let (scenario, model, store) = try ScenarioRunner.load(scenario: file, storePath: nil, plansDirectory: TestPaths.repoRoot.appendingPathComponent("Plans"))
        defer { store.close() }
        guard let runOrder else { return model }
        return try CityModel(scenario: scenario, store: store, library: model.library, capabilities: model.capabilities,
                             runOrders: ZoneRunOrders(orders: [runOrder]))
    }
}

@Suite(.serialized) struct SimulationRunTests {
    static let model: CityModel? = try? SmallCity.model()

    @Test func theSmallCityBuilds() throws {
        _ = try SmallCity.model(days: 1)
    }

    @Test func theSmallCityRunsAndItsFiguresHold() throws {
        let model = try #require(Self.model)
        #expect(model.units.count == 8)
        #expect(model.epochs.count == 3)   // open, r:h0-0 closed, open again
        let result = try ScenarioRunner(model: model).run(runs: 3, seed: 11, policies: [.closest])
        let reps = result.policies[0].replications
        #expect(reps.count == 3)
        for r in reps {
            let ems = try #require(r.streams.first { $0.name == "EMS" })
            #expect(ems.calls > 50 && ems.calls < 115, "EMS calls over two days at 40/day: \(ems.calls)")
            #expect(ems.responded > 0)
            let mean = try #require(ems.meanResponseSeconds), p90 = try #require(ems.p90ResponseSeconds)
            #expect(mean > 30 && p90 >= mean)
            #expect(r.events > 3 * r.incidents)
            #expect(r.utilisation.values.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect((r.utilisation["ambulance"] ?? 0) > 0)
            #expect(r.injects.count == 1)
            #expect(r.injects[0].plans == ["building-fire"])
            #expect(r.injects[0].unitsSent > 0)
            #expect(r.injects[0].dispatchReasons.count == r.injects[0].unitsSent)
            #expect(r.dispatch.recommendations >= r.incidents)
            #expect(r.coverage.count == 2 && r.coverage[0].shares.count == 48)
            // The building fire's run card asks for more engines than the city has free on day 1 (E3 is lent).
            #expect((r.unmet.first { $0.unitKind == "engine" }?.requested ?? 0) > 0)
            // Its ladder is asked for with the aerial capability: only L2 qualifies, L1 is never sent to it.
            #expect(r.unmet.contains { $0.unitKind == "ladder[aerial-32m]" })
            #expect(r.injects[0].dispatchReasons.contains { $0.hasPrefix("L2:") && $0.contains("has aerial-32m") })
            #expect(!r.injects[0].dispatchReasons.contains { $0.hasPrefix("L1:") })
        }
        #expect(reps[0].streams[0].calls != reps[1].streams[0].calls || reps[0].events != reps[1].events)
        let summary = result.policies[0].summary
        #expect(summary.streams[0].p90ResponseSeconds?.ci95 != nil)
    }

    /// Drive times in the table equal a road route between the same junctions.
    @Test func travelTableEqualsRoutes() throws {
        let model = try #require(Self.model)
        let store = try CityStore.open(at: model.scenario.store, readOnly: true)
        defer { store.close() }
        let roads = try RoadService(store: store, useCache: false)
        for (a, b) in [(0, 1), (1, 2), (0, model.places.count - 1), (3, 7)] where a < model.places.count && b < model.places.count {
            let route = try roads.route(from: store.graphNodeCoordinate(roads, model.places[a].node),
                                        to: store.graphNodeCoordinate(roads, model.places[b].node))
            #expect(abs(route.route.travelSeconds - model.drive(0, a, b)) < 1, "place \(a) → \(b)")
        }
    }

    /// The table answers the dispatcher's question as Engine's `TravelTimeModel` does (the seam the real dispatcher uses):
    /// every station's drive to a demand place equals the model's many-to-one answer.
    @Test func travelTableAgreesWithTheTravelTimeModel() throws {
        let model = try #require(Self.model)
        let store = try CityStore.open(at: model.scenario.store, readOnly: true)
        defer { store.close() }
        let travel: any TravelTimeModel = RoadTravelTimes(roads: try RoadService(store: store, useCache: false))
        let homes = Array(Set(model.units.map(\.home))).sorted()
        for target in model.demandPlaces.prefix(10) {
            let answers = try travel.fastest(from: homes.map { (id: "\($0)", at: model.places[$0].at) }, to: model.places[target].at,
                                             limitSeconds: .infinity)
            for a in answers {
                let table = model.drive(0, Int(a.id)!, target)
                #expect(abs(a.travelSeconds - table) < 1, "station place \(a.id) → \(target): model \(a.travelSeconds) s, table \(table) s")
            }
        }
    }

    @Test func sameSeedSameBytesAndTheReportIsSelfContained() throws {
        let model = try #require(Self.model)
        let runner = ScenarioRunner(model: model)
        let a = try runner.run(runs: 2, seed: 5, policies: DispatchPolicies.all).json()
        let b = try runner.run(runs: 2, seed: 5, policies: DispatchPolicies.all).json()
        let c = try runner.run(runs: 2, seed: 6, policies: DispatchPolicies.all).json()
        #expect(a == b)
        #expect(a != c)
        let html = SimulationReport.html(try JSONDecoder().decode(SimulationResult.self, from: a))
        #expect(html.contains("<svg") && html.contains("90th percentile") && html.contains("coverage"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
    }

    /// The coverage policy adds its penalty to exactly the units in quarters that would leave their station
    /// without another free unit of their type; the other policies pass the units as they are.
    @Test func coveragePenaltyFallsOnUnitsThatEmptyTheirStation() throws {
        let model = try #require(Self.model)
        let closest = Replication(model: model, policy: .closest, index: 0, seed: 1) { _ in }
        #expect(closest.prepare(0).penalised.isEmpty && closest.pool.map(\.turnoutSeconds) == model.units.map(\.turnoutSeconds))
        let coverage = Replication(model: model, policy: .coverage, index: 0, seed: 1) { _ in }
        let penalised = coverage.prepare(0).penalised
        let units = coverage.pool
        coverage.restore(penalised)
        #expect(coverage.pool.map(\.turnoutSeconds) == model.units.map(\.turnoutSeconds), "restored")
        let penalty = try #require(DispatchPolicy.coverage.coveragePenaltySeconds)
        for (u, info) in model.units.enumerated() {
            let alone = !model.units.indices.contains { $0 != u && model.units[$0].home == info.home && model.units[$0].kind == info.kind }
            let out = model.isOutOfService(u, at: model.scenario.start)
            #expect(units[u].status == (out ? "out_of_service" : "available"), "\(info.id)")
            #expect(units[u].turnoutSeconds == info.turnoutSeconds + (alone && !out ? penalty : 0), "\(info.id)")
        }
        // E1 and E2 share fs1 (no penalty); L1 and P1 are alone at theirs; E3 is lent on day 1 (out of service).
        #expect(units.first { $0.id == "E1" }!.turnoutSeconds == 80 && units.first { $0.id == "L1" }!.turnoutSeconds == 80 + penalty)
    }
}

extension CityStore {
    /// The coordinate of a road-graph junction (test helper).
    func graphNodeCoordinate(_ roads: RoadService, _ node: Int) -> Coordinate { roads.network.graph.nodeCoordinates[node] }
}
