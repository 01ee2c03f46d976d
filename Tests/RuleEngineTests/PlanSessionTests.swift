import Foundation
import RuleEngine
import SpatialCore
import Testing

@Suite struct PlanSessionTests {
    let lib = Shipped.library
    let t0 = 1_754_700_000.0  // 2025-08-09T08:40:00+08:00

    func session(_ type: String, _ facts: [String: String], map: FixedMap = FixedMap(), now: Double? = nil) throws -> PlanSession {
        var f = FactSet(schema: lib.schema)
        for (k, v) in facts { try f.set(k, parsing: v) }
        var s = PlanSession(library: lib, incidentType: try #require(lib.incidentType(type)), facts: f, now: now ?? t0,
                            location: Coordinate(longitude: 121.4737, latitude: 31.2304), spatial: map, districts: ["ex:fire_district/02"])
        s.start()
        return s
    }

    @Test func gasLeakGradesFiresInPriorityOrderAndExplains() throws {
        let s = try session("gas_leak", ["gas.concentration_lel": "25%", "gas.pressure_class": "medium"],
                            map: FixedMap(distances: ["facilities.school": 80]))
        #expect(s.activePlans == ["gas-pipeline-leak"])
        #expect(s.level == .III)
        let ids = s.tasks.map(\.step.id)
        #expect(ids.prefix(3) == ["notify", "no-ignition", "dispatch"])
        #expect(ids.contains("evacuate-near") && ids.contains("model-blast") && ids.contains("notify-school"))
        #expect(ids.contains("evacuate-wide"))  // after model-blast
        #expect(ids.firstIndex(of: "evacuate-wide")! > ids.firstIndex(of: "model-blast")!)
        #expect(!ids.contains("report-phone"))  // only from level II
        let dispatch = try #require(s.tasks.first { $0.step.id == "dispatch" })
        #expect(dispatch.units["repair_crew"] == 2)
        let written = try #require(s.tasks.first { $0.step.id == "report-written" })
        #expect(written.dueAt == t0 + 60 * 60)  // 较大: in writing within 1 h
        let graded = try #require(s.firings.first { $0.kind == .graded })
        #expect(graded.facts.contains { $0.hasPrefix("gas.concentration_lel = 0.25") })
    }

    @Test func newFactsEscalateAndStandDownByThemselves() throws {
        var s = try session("gas_leak", [:])
        #expect(s.level == .IV)
        #expect(!s.tasks.contains { $0.step.id == "evacuate-near" })
        try s.update([("gas.concentration_lel", .number(0.12, .none))], at: t0 + 600)
        #expect(s.tasks.contains { $0.step.id == "evacuate-near" })
        try s.update([("incident.deaths", .number(12, .people))], at: t0 + 900)
        #expect(s.level == .II)
        let phone = try #require(s.tasks.first { $0.step.id == "report-phone" })
        #expect(phone.dueAt == t0 + 15 * 60)
        // A deadline passing: two hours without the leak stopped is an escalation rule (already II, so no change).
        s.advance(to: t0 + 2 * 3600 + 1)
        #expect(s.level == .II)
        try s.update([("leak.stopped", .bool(true)), ("gas.concentration_lel", .number(0.005, .none))], at: t0 + 3 * 3600)
        #expect(s.stoodDown)
        #expect(s.firings.last?.kind == .standDown)
    }

    @Test func timeAloneEscalates() throws {
        var s = try session("fire", ["fire.area": "200", "fire.controlled": "false"])
        #expect(s.level == .IV)
        s.advance(to: t0 + 30 * 60)
        #expect(s.level == .IV)
        s.advance(to: t0 + 61 * 60)
        #expect(s.level == .III)
        #expect(s.firings.contains { $0.kind == .escalated && $0.facts.contains { $0.hasPrefix("fire.controlled") } })
    }

    @Test func repeatingStepsFireOnEachRiseAndOnlyTouchedRulesAreEvaluated() throws {
        var s = try session("waterlogging", ["sensor.flooded_gauges": "1", "sensor.rain_rate": "35 mm/h"])
        #expect(s.tasks.filter { $0.step.id == "patrol" }.count == 1)
        let before = s.evaluations
        try s.update([("sensor.flooded_gauges", .number(0, .none))])
        let touched = s.evaluations - before
        #expect(touched < 6, "only rules reading sensor.flooded_gauges are re-evaluated (\(touched))")
        try s.update([("sensor.flooded_gauges", .number(2, .none))])
        #expect(s.tasks.filter { $0.step.id == "patrol" }.count == 2)
        #expect(s.level == .III)
        try s.update([("sensor.flooded_gauges", .number(3, .none))])
        #expect(s.level == .II)
        #expect(s.tasks.contains { $0.step.id == "report-phone" })
    }

    @Test func typhoonStagesFollowTheWarningColour() throws {
        var s = try session("typhoon", ["warning.colour": "blue"])
        #expect(s.level == .IV)
        #expect(!s.tasks.contains { $0.step.id.hasPrefix("yellow") })
        try s.update([("warning.colour", .string("orange"))])
        #expect(s.level == .II)
        #expect(s.tasks.contains { $0.step.id == "orange-shelters" } && s.tasks.contains { $0.step.id == "yellow-pumps" })
        #expect(!s.tasks.contains { $0.step.id == "red-schools" })
        try s.update([("warning.colour", .string("red"))])
        #expect(s.level == .I)
        #expect(s.tasks.contains { $0.step.id == "red-schools" })
        // Without a warning the typhoon plan does not start.
        let none = try session("typhoon", [:])
        #expect(none.activePlans.isEmpty)
    }

    @Test func chlorinePlanStartsOnlyNearTheStore() throws {
        let near = try session("hazmat", ["release.quantity": "3 t"], map: FixedMap(distances: ["hazards.chemical_store": 120]))
        #expect(near.activePlans == ["chlorine-store-release"])
        #expect(near.level == .II)
        let far = try session("hazmat", ["release.quantity": "3 t"], map: FixedMap(distances: ["hazards.chemical_store": 4000]))
        #expect(far.activePlans.isEmpty)
    }
}
