import Foundation
import Testing
import TestSupport

/// `beacon dispatch …`, `beacon unit status`, `beacon units`, `beacon incident show|close` end to end on a
/// 4 × 4 street grid around People's Square with two stations (A near the incident, B far).
@Suite struct DispatchCommandTests {
    let plans = TestPaths.repoRoot.appendingPathComponent("Plans").path

    /// The grid, the stations and their units as one GeoJSON FeatureCollection (features carry their layer).
    static func fixture() -> String {
        func at(_ r: Int, _ c: Int) -> String { "[\(121.470 + Double(c) * 0.0021),\(31.228 + Double(r) * 0.0018)]" }
        var features: [String] = []
        for i in 0..<4 {
            features.append(#"{"type":"Feature","id":"row/\#(i)","properties":{"layer":"roads","kind":"residential","name":"Row \#(i)"},"geometry":{"type":"LineString","coordinates":[\#((0..<4).map { at(i, $0) }.joined(separator: ","))]}}"#)
            features.append(#"{"type":"Feature","id":"col/\#(i)","properties":{"layer":"roads","kind":"residential","name":"Col \#(i)"},"geometry":{"type":"LineString","coordinates":[\#((0..<4).map { at($0, i) }.joined(separator: ","))]}}"#)
        }
        func point(_ id: String, _ layer: String, _ kind: String, _ name: String, _ coordinates: String, _ extra: String = "") -> String {
            #"{"type":"Feature","id":"\#(id)","properties":{"layer":"\#(layer)","kind":"\#(kind)","name":"\#(name)"\#(extra)},"geometry":{"type":"Point","coordinates":\#(coordinates)}}"#
        }
        features.append(point("fs/A", "facilities", "fire_station", "Station A", at(1, 2)))
        features.append(point("fs/B", "facilities", "fire_station", "Station B", at(3, 0)))
        for (id, station, kind) in [("E1", "A", "engine"), ("E3", "B", "engine"), ("A1", "B", "ambulance")] {
            features.append(point("u/\(id)", "units", kind, id, station == "A" ? at(1, 2) : at(3, 0),
                                  #","home_facility":"fs/\#(station)","status":"available""#))
        }
        return #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}"
    }

    func auditRows(_ env: [String: String]) throws -> Int {
        try BeaconBinary.run(["audit", "--limit", "1000"], environment: env).stdout.split(separator: "\n").count
    }

    @Test func recommendAssignReportAndRefuse() throws {
        let dir = TestPaths.temporaryDirectory("dispatch-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("t.beacon.sqlite").path
        let env = ["BEACON_STORE": store, "BEACON_PLANS": plans]
        let file = dir.appendingPathComponent("grid.geojson")
        try Self.fixture().write(to: file, atomically: true, encoding: .utf8)
        #expect(try BeaconBinary.run(["init", store, "--name", "grid"], environment: env).status == 0)
        let imported = try BeaconBinary.run(["import", "geojson", file.path], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        let open = try BeaconBinary.run(["incident", "open", "--type", "gas_leak", "--at", "121.4737,31.2304", "--time", "2025-08-09T14:30:00+08:00",
                                         "gas.concentration_lel=25%", "gas.pressure_class=medium", "incident.people_in_zone=1200"], environment: env)
        #expect(open.status == 0, "\(open.stderr)")
        let id = try #require(open.stdout.split(separator: ":").first.map(String.init))

        let rec = try BeaconBinary.run(["dispatch", "recommend", id], environment: env)
        #expect(rec.status == 0, "\(rec.stderr)")
        #expect(rec.stdout.contains("E1: ETA ") && rec.stdout.contains("from home station Station A (turnout 80 s + drive"))
        #expect(rec.stdout.contains("next best E3: "))
        #expect(rec.stdout.contains("A1: ETA ") && rec.stdout.contains("turnout 60 s"))
        #expect(rec.stdout.contains("SHORT: 1 × police"))

        // Refusals leave no audit row.
        let rows = try auditRows(env)
        let override = try BeaconBinary.run(["dispatch", "assign", id, "E3"], environment: env)
        #expect(override.status != 0 && override.stderr.contains("E3 was not recommended; give --reason"), "\(override.stderr)")
        let early = try BeaconBinary.run(["unit", "status", "E1", "on_scene"], environment: env)
        #expect(early.status != 0 && early.stderr.contains("E1 is available; it cannot report on_scene"), "\(early.stderr)")
        #expect(try BeaconBinary.run(["incident", "close", id], environment: env).status != 0)
        #expect(try auditRows(env) == rows)

        let assign = try BeaconBinary.run(["dispatch", "assign", id, "E1", "A1", "--time", "2025-08-09T14:32:00+08:00"], environment: env)
        #expect(assign.status == 0, "\(assign.stderr)")
        #expect(assign.stdout.contains("E1 (engine) recommended"))
        let twice = try BeaconBinary.run(["dispatch", "assign", id, "E1"], environment: env)
        #expect(twice.status != 0 && twice.stderr.contains("E1 is already assigned to \(id)"), "\(twice.stderr)")
        let moving = try BeaconBinary.run(["unit", "status", "E1", "en_route", "--at", "121.472,31.229", "--time", "2025-08-09T14:33:20+08:00"], environment: env)
        #expect(moving.status == 0, "\(moving.stderr)")
        let list = try BeaconBinary.run(["units", "--status", "en_route"], environment: env)
        #expect(list.stdout.contains("E1") && list.stdout.contains(id) && list.stdout.contains("1 units"))
        let show = try BeaconBinary.run(["incident", "show", id], environment: env)
        #expect(show.stdout.contains("state dispatched"))
        #expect(show.stdout.contains("dispatched_at: 2025-08-09T14:32:00+08:00") && show.stdout.contains("en_route_at: 2025-08-09T14:33:20+08:00"))
        let release = try BeaconBinary.run(["dispatch", "release", id, "E1", "A1"], environment: env)
        #expect(release.stdout.contains("E1 released (en_route → returning)") && release.stdout.contains("A1 released (dispatched → available)"))
        #expect(try BeaconBinary.run(["incident", "list"], environment: env).stdout.contains(id))
    }
}
