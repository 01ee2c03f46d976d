import Engine
import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// The unit and incident state machines on a tiny store: accepted moves stamp their times and log one
/// audited event; refused moves say why and leave the store exactly as it was.
struct IncidentLifecycleTests {
    static let actor = Actor(name: "dispatcher", post: "desk")
    static let here = Coordinate(longitude: 121.47, latitude: 31.23)

    static func store() throws -> CityStore {
        let path = TestPaths.temporaryDirectory("lifecycle").appendingPathComponent("s.beacon.sqlite").path
        let store = try CityStore.create(at: path, cityName: "s", actor: actor)
        try store.upsert([
            Feature(id: "fs/1", layer: .facilities, kind: "fire_station", name: "Station 1", geometry: .point(here)),
            Feature(id: "u/E1", layer: .units, kind: "engine", name: "E1", geometry: .point(here),
                    properties: ["home_facility": .text("fs/1"), "status": .text("available")]),
            Feature(id: "u/A1", layer: .units, kind: "ambulance", name: "A1", geometry: .point(here),
                    properties: ["home_facility": .text("fs/1"), "status": .text("available")]),
        ], source: "units", actor: actor)
        try store.openIncident(Feature(id: "INC-1", layer: .incidents, kind: "23100", name: "leak", geometry: .point(here),
                                       properties: ["state": .text("graded"), "called_at": .text("2025-08-09T14:30:00+08:00")]),
                               events: [IncidentEvent(incidentID: "INC-1", at: "2025-08-09T14:30:00+08:00", kind: "opened", text: "test")],
                               actor: actor, summary: "test")
        return store
    }

    /// What a refused action must not change.
    struct Snapshot: Equatable {
        let audit: Int, events: Int, assignments: Int, units: [String], state: String?
        init(_ s: CityStore) throws {
            audit = try s.dataVersion()
            events = try s.incidentEvents("INC-1").count
            assignments = try s.assignments(includeReleased: true).count
            units = try s.units().map { "\($0.id)=\($0.status)@\($0.position)" }
            state = try s.feature(id: "INC-1")?.properties["state"]?.textValue
        }
    }

    func refused(_ store: CityStore, _ expected: String, _ action: () throws -> Void) throws {
        let before = try Snapshot(store)
        do {
            try action()
            Issue.record("accepted; expected a refusal containing '\(expected)'")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
        #expect(try Snapshot(store) == before)
    }

    @Test func theWholeLifecycleStampsEachTimeOnce() throws {
        let store = try Self.store()
        defer { store.close() }
        let t = { (m: Int) in ISO8601DateFormatter().date(from: "2025-08-09T14:30:00+08:00")!.addingTimeInterval(Double(m) * 60) }
        let audit0 = try store.dataVersion()
        _ = try IncidentLifecycle.assign(store: store, incident: "INC-1", units: ["E1", "A1"], recommended: ["u/E1", "u/A1"], reason: nil, at: t(1), actor: Self.actor)
        _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .en_route, at: t(2), actor: Self.actor)
        _ = try IncidentLifecycle.report(store: store, unit: "A1", status: .en_route, at: t(3), actor: Self.actor)
        _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .on_scene, position: Self.here, at: t(6), actor: Self.actor)
        _ = try IncidentLifecycle.report(store: store, unit: "A1", status: .on_scene, at: t(7), actor: Self.actor)
        try IncidentLifecycle.advance(store: store, incident: "INC-1", to: .under_control, at: t(20), actor: Self.actor)
        _ = try IncidentLifecycle.release(store: store, incident: "INC-1", units: ["E1", "A1"], at: t(30), actor: Self.actor)
        _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .available, at: t(40), actor: Self.actor)
        try IncidentLifecycle.advance(store: store, incident: "INC-1", to: .closed, at: t(41), actor: Self.actor)
        #expect(try store.dataVersion() == audit0 + 9)   // one audited transaction per action
        let f = try #require(try store.feature(id: "INC-1"))
        #expect(f.properties["state"]?.textValue == "closed")
        #expect(f.properties["dispatched_at"]?.textValue == "2025-08-09T14:31:00+08:00")
        #expect(f.properties["en_route_at"]?.textValue == "2025-08-09T14:32:00+08:00")   // the first unit, not the second
        #expect(f.properties["on_scene_at"]?.textValue == "2025-08-09T14:36:00+08:00")
        #expect(f.properties["cleared_at"]?.textValue == "2025-08-09T15:11:00+08:00")
        let a = try store.assignments(incidentID: "INC-1", includeReleased: true)
        #expect(a.map(\.enRouteAt) == ["2025-08-09T14:32:00+08:00", "2025-08-09T14:33:00+08:00"])
        #expect(a.allSatisfy { $0.releasedAt == "2025-08-09T15:00:00+08:00" })
        #expect(try store.units().map(\.status) == ["returning", "available"])   // A1 still driving home, E1 back
        let kinds = try store.incidentEvents("INC-1").map(\.kind)
        #expect(kinds.filter { $0 == "assigned" }.count == 2 && kinds.last == "state")
        // Reopen, then the state machine starts again from graded.
        try IncidentLifecycle.advance(store: store, incident: "INC-1", to: .graded, at: t(50), actor: Self.actor)
        #expect(try store.incidentEvents("INC-1").last?.kind == "reopened")
    }

    @Test func outOfOrderMovesAreRefusedWithoutATrace() throws {
        let store = try Self.store()
        defer { store.close() }
        try refused(store, "cannot report on_scene") { _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .on_scene, actor: Self.actor) }
        try refused(store, "beacon dispatch assign") { _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .dispatched, actor: Self.actor) }
        try refused(store, "already available") { _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .available, actor: Self.actor) }
        try refused(store, "cannot go to closed") { try IncidentLifecycle.advance(store: store, incident: "INC-1", to: .closed, actor: Self.actor) }
        try refused(store, "not assigned") { _ = try IncidentLifecycle.release(store: store, incident: "INC-1", units: ["E1"], actor: Self.actor) }
        try refused(store, "no unit 'E9'") { _ = try IncidentLifecycle.assign(store: store, incident: "INC-1", units: ["E9"], recommended: [], reason: "x", actor: Self.actor) }
        // One bad unit refuses the whole assignment: the good one is not sent either.
        _ = try IncidentLifecycle.report(store: store, unit: "A1", status: .out_of_service, actor: Self.actor)
        try refused(store, "A1 is out_of_service") {
            _ = try IncidentLifecycle.assign(store: store, incident: "INC-1", units: ["E1", "A1"], recommended: ["u/E1", "u/A1"], reason: nil, actor: Self.actor)
        }
        _ = try IncidentLifecycle.assign(store: store, incident: "INC-1", units: ["E1"], recommended: ["u/E1"], reason: nil, actor: Self.actor)
        try refused(store, "already assigned") {
            _ = try IncidentLifecycle.assign(store: store, incident: "INC-1", units: ["E1"], recommended: ["u/E1"], reason: nil, actor: Self.actor)
        }
        _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .en_route, actor: Self.actor)
        _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .on_scene, actor: Self.actor)
        try IncidentLifecycle.advance(store: store, incident: "INC-1", to: .under_control, actor: Self.actor)
        try refused(store, "still has 1 unit") { try IncidentLifecycle.advance(store: store, incident: "INC-1", to: .closed, actor: Self.actor) }
    }

    @Test func statusNamesParseAndRefuseWithTheList() throws {
        #expect(try UnitStatus(parsing: "en-route") == .en_route)
        #expect(throws: IncidentError.self) { try UnitStatus(parsing: "busy") }
        #expect(try IncidentState(parsing: "under-control") == .under_control)
        #expect(UnitStatus.dispatched.afterRelease == .available && UnitStatus.on_scene.afterRelease == .returning)
        #expect(UnitStatus.allCases.allSatisfy { !$0.reportable.contains(.dispatched) })
        // Plans that stood down (beacon incident update) leave an incident that only closes.
        #expect(IncidentState.stood_down.next == [.closed])
    }
}
