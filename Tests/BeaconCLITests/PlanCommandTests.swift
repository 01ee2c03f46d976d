import Foundation
import Testing
import TestSupport

/// `beacon plan check` on every shipped plan and on broken ones; `beacon incident open` / `why` on a small store.
@Suite struct PlanCommandTests {
    let plans = TestPaths.repoRoot.appendingPathComponent("Plans").path

    @Test func planCheckPassesOnEveryShippedPlan() throws {
        let r = try BeaconBinary.run(["plan", "check", "--plans", plans])
        #expect(r.status == 0, "\(r.stderr)")
        for id in ["gas-pipeline-leak", "water-main-burst", "chlorine-store-release", "building-fire", "typhoon", "urban-waterlogging"] {
            #expect(r.stdout.contains(id))
        }
    }

    @Test func planCheckPrintsEveryErrorWithACaretAndFails() throws {
        let dir = TestPaths.temporaryDirectory("plan-check")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("plans"), withIntermediateDirectories: true)
        for f in ["levels.yaml", "incident_types.yaml", "facts.yaml", "catalog.yaml", "run_cards.csv"] {
            try FileManager.default.copyItem(atPath: "\(plans)/\(f)", toPath: dir.appendingPathComponent(f).path)
        }
        var text = try String(contentsOfFile: "\(plans)/plans/typhoon.yaml", encoding: .utf8)
        text = text.replacingOccurrences(of: "when: \"warning.colour >= yellow\"\n    priority: 90", with: "when: \"warning.colour >= 3\"\n    priority: 90")
            .replacingOccurrences(of: "units: {rescue: 2, engine: 2, repair_crew: 2}", with: "units: {rescue: 2, boat: 2}")
        try text.write(to: dir.appendingPathComponent("plans/typhoon.yaml"), atomically: true, encoding: .utf8)
        let r = try BeaconBinary.run(["plan", "check", "--plans", dir.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("typhoon.yaml:") && r.stderr.contains("^"))
        #expect(r.stderr.contains("unknown unit type 'boat'"))
        #expect(r.stderr.contains("cannot order a string and a number; expected one of blue, yellow, orange, red"))
        #expect(r.stderr.contains("2 errors"))
    }

    @Test func incidentOpenGradesStoresAndExplains() throws {
        let dir = TestPaths.temporaryDirectory("incident-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("t.beacon.sqlite").path
        let env = ["BEACON_STORE": store, "BEACON_PLANS": plans]
        #expect(try BeaconBinary.run(["init", store, "--name", "test"], environment: env).status == 0)
        let geojson = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","id":"ex:school/01","properties":{"layer":"facilities","kind":"school","name":"演练学校01"},"geometry":{"type":"Point","coordinates":[121.4740,31.2310]}},
            {"type":"Feature","id":"ex:fire_district/02","properties":{"layer":"districts","kind":"fire_district","name":"d2"},"geometry":{"type":"Polygon","coordinates":[[[121.46,31.22],[121.49,31.22],[121.49,31.24],[121.46,31.24],[121.46,31.22]]]}}
            ]}
            """
        let file = dir.appendingPathComponent("small.geojson")
        try geojson.write(to: file, atomically: true, encoding: .utf8)
        let imported = try BeaconBinary.run(["import", "geojson", file.path], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")

        let open = try BeaconBinary.run(["incident", "open", "--type", "fire", "--at", "121.4737,31.2304", "--time", "2025-08-09T23:10:00+08:00",
                                         "incident.trapped=2", "building.occupancy=residential", "building.height=30m"], environment: env)
        #expect(open.status == 0, "\(open.stderr)")
        #expect(open.stdout.contains("level III"))
        #expect(open.stdout.contains("ex:fire_district/02"))
        #expect(open.stdout.contains("engine×4") && open.stdout.contains("ladder×2"))  // district run card
        let id = try #require(open.stdout.split(separator: ":").first.map(String.init))
        let why = try BeaconBinary.run(["incident", "why", id], environment: env)
        #expect(why.status == 0, "\(why.stderr)")
        #expect(why.stdout.contains("building.height = 30 m"))
        #expect(why.stdout.contains("incident.trapped = 2 people"))
        #expect(why.stdout.contains("run card ex:fire_district/02"))

        // A bad fact changes nothing: no incident is stored.
        let bad = try BeaconBinary.run(["incident", "open", "--type", "fire", "--at", "121.4737,31.2304", "building.height=30"], environment: env)
        #expect(bad.status != 0 && bad.stderr.contains("building.height"))
        let audit = try BeaconBinary.run(["audit", "--limit", "50"], environment: env)
        #expect(audit.stdout.components(separatedBy: "incident.open").count == 2)
    }
}
