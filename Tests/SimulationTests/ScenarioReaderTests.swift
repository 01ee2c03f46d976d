import Foundation
import RuleEngine
import Testing
import TestSupport
@testable import Simulation

/// References without a store: a few names that exist.
struct FakeReferences: ScenarioReferences {
    func layerOfFeature(_ id: String) -> String? {
        ["ex:fire_station/01": "facilities", "osm:way/1": "roads", "ex:chemical_store/01": "hazards"][id]
    }
    func unitExists(_ id: String) -> Bool { ["E1", "E2"].contains(id) }
    func featureCount(layer: String, kind: String?) -> Int? {
        layer == "facilities" ? (kind == nil || kind == "school" ? 3 : 0) : nil
    }
    var planIDs: Set<String> { ["building-fire", "typhoon"] }
    func incidentTypeExists(_ codeOrAlias: String) -> Bool { ["building_fire", "22100", "typhoon", "hazmat"].contains(codeOrAlias) }
    var unitKinds: Set<String> { ["engine", "ambulance", "police"] }
    func factExists(_ name: String) -> Bool { ["warning.colour", "sensor.rain_rate", "incident.trapped"].contains(name) }
}

@Suite struct ScenarioReaderTests {
    static let good = """
        schema: beacon-scenario/1
        id: t
        store: city.beacon.sqlite
        period: {start: "2025-08-04T00:00:00+08:00", end: "2025-08-05T00:00:00+08:00"}
        plans: [building-fire]
        roster:
          - {units_lent: [E1], from: "2025-08-04T06:00:00+08:00", to: "2025-08-04T12:00:00+08:00"}
        road_closures:
          - {road: osm:way/1, from: "2025-08-04T08:00:00+08:00"}
        injects:
          - {at: "2025-08-04T10:00:00+08:00", type: building_fire, place: ex:fire_station/01, facts: {incident.trapped: "3"}}
        background:
          - {name: EMS, per_day: 100, units: {ambulance: 1}, on_scene: {lognormal: [20, 40]}}
          - {name: Fires, type: building_fire, per_day: 3, where: {by: layer, layer: facilities, kind: school}}
        """

    @Test func aGoodScenarioReads() throws {
        let s = try ScenarioReader.read(file: "good.yaml", text: Self.good, references: FakeReferences())
        #expect(s.durationSeconds == 86400)
        #expect(s.streams.count == 2 && s.streams[0].units == ["ambulance": 1])
        #expect(s.streams[0].onScene == .lognormal(medianSeconds: 1200, p90Seconds: 2400))
        #expect(s.closures[0].to == s.end)
        #expect(s.injects[0].facts == ["incident.trapped=3"])
        if case let .unitsLent(ids) = s.roster[0].what { #expect(ids == ["E1"]) } else { Issue.record("expected units lent") }
    }

    /// Every kind of bad input, all reported at once with the line and column of the offending value.
    @Test func badReferencesTimesAndRatesAreReportedWithLineAndColumn() {
        let bad = """
            schema: beacon-scenario/1
            id: t
            store: city.beacon.sqlite
            period: {start: "2025-08-04T00:00:00+08:00", end: "2025-08-05T00:00:00+08:00"}
            plans: [building-fire, no-such-plan]
            roster:
              - {units_lent: [E9], from: "2025-08-04T06:00:00+08:00"}
            road_closures:
              - {road: ex:fire_station/01, from: "2025-08-04T09:00:00+08:00", to: "2025-08-04T08:00:00+08:00"}
            injects:
              - {at: "2025-08-04T10:00:00+08:00", type: building_fire, place: ex:nowhere}
              - {at: "2025-08-04T09:00:00+08:00", type: earthquake, place: "121.47,31.23"}
            background:
              - {name: EMS, per_day: -5, units: {ambulance: 1, hovercraft: 2}}
              - {name: Fires, type: building_fire, per_day: 3, where: {by: layer, layer: pipes_on_mars}}
              - {name: Odd, per_day: 3, wher: {by: population}}
            """
        do {
            _ = try ScenarioReader.read(file: "bad.yaml", text: bad, references: FakeReferences())
            Issue.record("a bad scenario was accepted")
        } catch {
            let found = error.diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" }
            func has(_ line: Int, _ column: Int, _ text: String) {
                #expect(found.contains { $0.hasPrefix("\(line):\(column) ") && $0.contains(text) }, "\(line):\(column) \(text) — got \(found)")
            }
            has(5, 24, "no plan 'no-such-plan'")
            has(7, 19, "no unit 'E9'")
            has(9, 12, "is in facilities, not roads")
            has(9, 71, "'to' must be after 'from'")
            has(11, 67, "no feature 'ex:nowhere'")
            has(12, 10, "injects must be in time order")
            has(12, 45, "unknown incident type 'earthquake'")
            has(14, 26, "per_day (calls per day) must be above 0")
            has(14, 52, "unknown unit type 'hovercraft'")
            has(15, 78, "no layer 'pipes_on_mars'")
            has(16, 29, "unknown field 'wher'")
            #expect(error.description.contains("bad.yaml:14:26: error:"))
            #expect(error.description.contains("^"))   // the caret under the column
        }
    }

    @Test func malformedYAMLAndWrongSchemaAreErrorsToo() {
        #expect(throws: PlanErrors.self) { try ScenarioReader.read(file: "x.yaml", text: "schema: [unclosed", references: nil) }
        do {
            _ = try ScenarioReader.read(file: "x.yaml", text: Self.good.replacingOccurrences(of: "beacon-scenario/1", with: "beacon-plan/1"), references: nil)
            Issue.record("wrong schema accepted")
        } catch {
            #expect(error.diagnostics.first?.location.line == 1)
        }
    }

    /// Every shipped scenario reads (names are checked against the default city in the demo and CLI tests).
    @Test func shippedScenariosRead() throws {
        let folder = TestPaths.repoRoot.appendingPathComponent("Plans/scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.count >= 3)
        for f in files {
            let s = try ScenarioReader.read(url: folder.appendingPathComponent(f), references: nil)
            #expect(!s.streams.isEmpty || !s.injects.isEmpty, "\(f)")
            #expect(s.end > s.start)
        }
    }
}
