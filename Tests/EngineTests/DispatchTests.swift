import CityImport
import Engine
import Foundation
import RuleEngine
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// The dispatcher on the default city (real Shanghai roads + the generated exercise overlay): the
/// recommendation against one route per unit, reasons, closures, AVL freshness, double dispatch.
@Suite(.serialized) struct DispatchTests {
    static let actor = Actor(name: "dispatcher", post: "desk")
    static let peoplesSquare = Coordinate(longitude: 121.4737, latitude: 31.2304)
    static let t0 = ISO8601DateFormatter().date(from: "2025-08-09T14:30:00+08:00")!

    /// A store with the Shanghai roads, districts, stations, facilities and units, built once; each test copies it.
    static let template: URL = {
        let url = TestPaths.temporaryDirectory("dispatch").appendingPathComponent("template.beacon.sqlite")
        guard let store = try? CityStore.create(at: url.path, cityName: "shanghai", actor: actor) else { return url }
        let importer = CityImporter(store: store, actor: actor)
        _ = try? importer.importOSM(TestPaths.mapData.appendingPathComponent("shanghai_center_roads_2025.osm"))
        for file in ["districts", "grid_cells", "fire_stations", "facilities", "units"] {
            _ = try? importer.importGeoJSON(DefaultCityTests.overlay.appendingPathComponent("\(file).geojson"),
                                            mapping: FieldMapping(layer: nil, idPrefix: "", kindField: "kind"))
        }
        if let store = try? CityStore.open(at: url.path) { _ = try? RoadService(store: store); store.close() }   // writes the graph cache
        store.close()
        return url
    }()

    /// A fresh copy of the template with the gas leak at People's Square opened at `t0`.
    static func store() throws -> (CityStore, String) {
        let dir = TestPaths.temporaryDirectory("dispatch-case")
        let path = dir.appendingPathComponent("city.beacon.sqlite").path
        try FileManager.default.copyItem(atPath: template.path, toPath: path)
        try? FileManager.default.copyItem(atPath: template.path + ".roadgraph", toPath: path + ".roadgraph")
        let store = try CityStore.open(at: path)
        let library = try PlanLibrary.load(directory: TestPaths.repoRoot.appendingPathComponent("Plans"))
        let opened = try IncidentOpening.open(store: store, library: library, type: "gas_leak", at: peoplesSquare,
                                              facts: ["gas.concentration_lel=25%", "gas.pressure_class=medium", "incident.people_in_zone=1200"],
                                              calledAt: t0, actor: actor)
        return (store, opened.id)
    }

    static func recommend(_ store: CityStore, _ id: String, now: Date = t0) throws -> DispatchRecommendation {
        try DispatchAdvisor(store: store, roads: try RoadService(store: store)).recommend(incidentID: id, now: now)
    }

    /// Every candidate's drive time equals its own shortest path, so the order is the brute-force order.
    static func expectBruteForce(_ r: DispatchRecommendation, _ roads: RoadService) throws {
        var checked = 0
        for (_, options) in r.ranked {
            for o in options {
                // No route: the search says why. (RoadService.route itself crashes on an unreachable pair; not asked here.)
                guard o.driveSeconds.isFinite else { #expect(o.note != nil); continue }
                let route = try roads.route(from: o.start, to: r.target)
                #expect(abs(route.route.travelSeconds - o.driveSeconds) < 1e-6, "\(o.unit.name): \(o.driveSeconds) vs one route \(route.route.travelSeconds)")
                checked += 1
            }
            let etas = options.map(\.etaSeconds)
            #expect(etas == etas.sorted())
        }
        #expect(checked > 20)
    }

    @Test func recommendationEqualsOneRoutePerUnitAndSaysWhy() throws {
        let (store, id) = try Self.store()
        defer { store.close() }
        let roads = try RoadService(store: store)
        let r = try DispatchAdvisor(store: store, roads: roads).recommend(incidentID: id, now: Self.t0)
        #expect(r.requirementSource.contains("dispatch"))
        #expect(r.required["engine", default: 0] >= 1)
        #expect(r.picks.count == r.required.values.reduce(0, +) - r.shortfall.values.reduce(0, +))
        try Self.expectBruteForce(r, roads)
        for p in r.picks {
            #expect(p.reason.hasPrefix("\(p.option.unit.name): ETA "))
            #expect(p.reason.contains("turnout \(Int(p.option.turnoutSeconds)) s + drive"))
            #expect(p.reason.contains("from home station"))
            // The pick is the fastest of its type.
            #expect(p.option.etaSeconds == r.ranked[p.option.unit.kind]!.first { $0.etaSeconds.isFinite }!.etaSeconds
                    || r.required[p.option.unit.kind, default: 0] > 1)
        }
        let engine = try #require(r.picks.first { $0.option.unit.kind == "engine" })
        #expect(engine.reason.contains("next best "))
        #expect(engine.option.turnoutSeconds == 80)
        #expect(r.picks.first { $0.option.unit.kind == "ambulance" }?.option.turnoutSeconds == 60)
    }

    @Test func closingTheWinnersRoadChangesTheRanking() throws {
        let (store, id) = try Self.store()
        defer { store.close() }
        let before = try Self.recommend(store, id)
        let winner = try #require(before.ranked["engine"]?.first)
        let route = try RoadService(store: store).route(from: winner.start, to: before.target)
        var changed = false
        // Close the winner's roads one at a time (not the last, which every unit shares) until the order changes.
        for road in route.roads.dropLast().prefix(8) {
            let closure = try store.closeRoad(road.id, reason: "test closure", actor: Self.actor)
            let roads = try RoadService(store: store)
            let after = try DispatchAdvisor(store: store, roads: roads).recommend(incidentID: id, now: Self.t0)
            #expect(!after.overridesInForce.isEmpty)
            let slowed = after.ranked["engine"]!.first { $0.unit.id == winner.unit.id }!
            #expect(slowed.driveSeconds >= winner.driveSeconds - 1e-9)
            if after.ranked["engine"]!.map(\.unit.id) != before.ranked["engine"]!.map(\.unit.id) {
                try Self.expectBruteForce(after, roads)
                changed = true
                break
            }
            _ = try store.liftRoadOverride(closure.id, actor: Self.actor, reason: "test")
        }
        #expect(changed, "no closure on \(winner.unit.name)'s route changed the engine ranking")
    }

    @Test func staleAVLFallsBackToTheHomeStationAndSaysSo() throws {
        let (store, id) = try Self.store()
        defer { store.close() }
        let first = try #require(try Self.recommend(store, id).ranked["engine"]?.first)
        // An AVL fix right beside the incident, reported at t0.
        let near = Coordinate(longitude: Self.peoplesSquare.longitude + 0.002, latitude: Self.peoplesSquare.latitude)
        let far = try #require(try Self.recommend(store, id).ranked["engine"]?.last { $0.driveSeconds.isFinite })
        _ = try IncidentLifecycle.report(store: store, unit: far.unit.id, status: .available, position: near, at: Self.t0, actor: Self.actor)
        let fresh = try Self.recommend(store, id, now: Self.t0.addingTimeInterval(60))
        let moved = try #require(fresh.ranked["engine"]?.first { $0.unit.id == far.unit.id })
        #expect(moved.origin == .avl(ageSeconds: 60))
        #expect(moved.driveSeconds < first.driveSeconds)
        #expect(fresh.picks.first { $0.option.unit.kind == "engine" }?.reason.contains("from AVL position (60 s old)") == true)
        let stale = try Self.recommend(store, id, now: Self.t0.addingTimeInterval(600))
        let back = try #require(stale.ranked["engine"]?.first { $0.unit.id == far.unit.id })
        guard case let .homeStation(_, staleSeconds) = back.origin else { Issue.record("expected the home station, got \(back.origin)"); return }
        #expect(staleSeconds == 600)
        #expect(back.origin.description.contains("AVL 600 s old, stale"))
        #expect(abs(back.driveSeconds - far.driveSeconds) < 1e-6)
    }

    @Test func aUnitDispatchedTwiceIsRefusedAndNothingIsWritten() throws {
        let (store, id) = try Self.store()
        defer { store.close() }
        let library = try PlanLibrary.load(directory: TestPaths.repoRoot.appendingPathComponent("Plans"))
        let other = try IncidentOpening.open(store: store, library: library, type: "gas_leak", at: Coordinate(longitude: 121.48, latitude: 31.235),
                                             facts: ["gas.concentration_lel=25%"], calledAt: Self.t0, actor: Self.actor).id
        let r = try Self.recommend(store, id)
        let engine = try #require(r.picks.first { $0.option.unit.kind == "engine" }).option.unit
        _ = try IncidentLifecycle.assign(store: store, incident: id, units: [engine.name], recommended: [engine.id], reason: nil, at: Self.t0, actor: Self.actor)
        #expect(try IncidentLifecycle.incident(store, id).1 == .dispatched)
        let audit = try store.dataVersion(), events = try store.incidentEvents(other).count
        #expect(throws: IncidentError.self) {
            try IncidentLifecycle.assign(store: store, incident: other, units: [engine.name], recommended: [engine.id], reason: nil, at: Self.t0, actor: Self.actor)
        }
        // The schema refuses it too, when the engine's check is bypassed.
        var w = DispatchWrite(action: "dispatch.assign", target: other, at: "2025-08-09T14:31:00+08:00", incidentID: other, summary: "bypass")
        w.assign = [.init(unitID: engine.id, reason: "bypass", recommended: false)]
        #expect(throws: StoreError.self) { try store.recordDispatch(w, actor: Self.actor) }
        #expect(try store.dataVersion() == audit)
        #expect(try store.incidentEvents(other).count == events)
        #expect(try IncidentLifecycle.incident(store, other).1 == .graded)
        #expect(try store.assignments(incidentID: other).isEmpty)
    }

    @Test func overridesNeedAReasonAndAreRecorded() throws {
        let (store, id) = try Self.store()
        defer { store.close() }
        let r = try Self.recommend(store, id)
        let slow = try #require(r.ranked["engine"]?.last).unit
        #expect(throws: IncidentError.self) {
            try IncidentLifecycle.assign(store: store, incident: id, units: [slow.name], recommended: Set(r.picks.map(\.option.unit.id)), reason: nil, actor: Self.actor)
        }
        _ = try IncidentLifecycle.assign(store: store, incident: id, units: [slow.name], recommended: Set(r.picks.map(\.option.unit.id)),
                                         reason: "crew trained for gas", actor: Self.actor)
        let a = try #require(try store.assignments(incidentID: id).first)
        #expect(!a.recommended && a.reason == "override: crew trained for gas")
    }
}
