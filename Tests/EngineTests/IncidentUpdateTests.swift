import Foundation
import RuleEngine
import SpatialCore
import SpatialStore
import Testing
import TestSupport
@testable import Engine

/// `IncidentUpdating`: the log replays the session exactly, the clock alone escalates, writes are all-or-nothing.
@Suite struct IncidentUpdateTests {
    let actor = Actor(name: "test", post: "desk")
    let library: PlanLibrary
    init() throws { library = try PlanLibrary.load(directory: TestPaths.repoRoot.appendingPathComponent("Plans")) }

    func time(_ hhmm: String) -> Date { ISO8601DateFormatter().date(from: "2025-08-09T\(hhmm):00+08:00")! }

    @Test func twoHoursWithoutTheLeakStoppedEscalatesByTheClockAlone() throws {
        let dir = TestPaths.temporaryDirectory("incident-update-clock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CityStore.create(at: dir.appendingPathComponent("t.beacon.sqlite").path, cityName: "t", actor: actor)
        defer { store.close() }
        let opened = try IncidentOpening.open(store: store, library: library, type: "gas_leak", at: Coordinate(longitude: 121.47, latitude: 31.23),
                                              facts: ["gas.concentration_lel=5%", "leak.stopped=false"], calledAt: time("14:30"), actor: actor)
        #expect(opened.level == .IV)

        let before = try IncidentUpdating.update(store: store, library: library, id: opened.id, facts: [], at: time("16:29"), actor: actor)
        #expect(before.levelAfter == .IV && before.firings.isEmpty)
        let after = try IncidentUpdating.update(store: store, library: library, id: opened.id, facts: [], at: time("16:30"), actor: actor)
        #expect(after.levelBefore == .IV && after.levelAfter == .III)
        let reason = try #require(after.levelReason)
        #expect(reason.kind == .escalated && reason.reason.contains("泄漏2小时仍未切断"))
        #expect(reason.facts.contains("leak.stopped = false"))
        #expect(try store.feature(id: opened.id)?.properties["level"]?.textValue == "III")

        // Replaying the log reproduces every stored firing, in order.
        let replay = try IncidentUpdating.replay(store: store, library: library, id: opened.id)
        #expect(replay.mismatch == nil)
        #expect(replay.session.level == .III)
        let stored = replay.events.filter { IncidentUpdating.firingKinds.contains($0.kind) }.map(\.text)
        #expect(stored == replay.session.firings.map(\.explanation))
        #expect(stored.count == opened.firings.count + after.firings.count)
    }

    @Test func peopleInZoneAfterIgnitionGradesTwoAndABadFactWritesNothing() throws {
        let dir = TestPaths.temporaryDirectory("incident-update-grade")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try CityStore.create(at: dir.appendingPathComponent("t.beacon.sqlite").path, cityName: "t", actor: actor)
        defer { store.close() }
        let opened = try IncidentOpening.open(store: store, library: library, type: "gas_leak", at: Coordinate(longitude: 121.47, latitude: 31.23),
                                              facts: ["gas.concentration_lel=25%", "gas.pressure_class=medium", "incident.people_in_zone=1200"],
                                              calledAt: time("14:30"), actor: actor)
        #expect(opened.level == .III)
        let audit = try store.dataVersion(), events = try store.incidentEvents(opened.id).count
        #expect(throws: IncidentError.self) {
            try IncidentUpdating.update(store: store, library: library, id: opened.id, facts: ["gas.ignited=true", "incident.people_in_zone=3500 m"],
                                        at: time("15:00"), actor: actor)
        }
        #expect(try store.dataVersion() == audit)
        #expect(try store.incidentEvents(opened.id).count == events)

        let change = try IncidentUpdating.update(store: store, library: library, id: opened.id,
                                                 facts: ["gas.ignited=true", "incident.people_in_zone=3500"], at: time("15:00"), actor: actor)
        #expect(change.levelAfter == .II)
        #expect(change.levelReason?.kind == .graded)
        #expect(change.levelReason?.facts.contains("incident.people_in_zone = 3500 people") == true)
        #expect(change.tasks.map(\.step.id) == ["report-phone"])
        #expect(try store.dataVersion() == audit + 1)
        let appended = try store.incidentEvents(opened.id).dropFirst(events)
        #expect(appended.first?.kind == "update")
        #expect(appended.filter { $0.kind == "fact" }.map(\.text) == ["gas.ignited=true", "incident.people_in_zone=3500"])
        #expect(appended.contains { $0.kind == "level" && $0.text.hasPrefix("escalated from III to II because") })

        // A writer that read the log before this update is refused.
        let stale = try store.incidentEvents(opened.id).count - appended.count
        let feature = try #require(try store.feature(id: opened.id))
        #expect(throws: (any Error).self) {
            try store.updateIncident(feature, events: [], afterSeq: stale, actor: actor, summary: "stale")
        }
        #expect(try store.dataVersion() == audit + 1)
    }
}
