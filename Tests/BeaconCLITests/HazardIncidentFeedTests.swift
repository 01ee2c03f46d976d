import Foundation
import Testing
import TestSupport

/// `beacon hazard plume --incident ID`: the zones and the impact go into the incident as hazard.* facts, the
/// chlorine store's plan escalates by itself, and `incident why` cites the figures. A store with one chlorine store
/// and nothing else, so the people come from the default density and the plan is the only one that applies.
@Suite struct HazardIncidentFeedTests {
    let plans = TestPaths.repoRoot.appendingPathComponent("Plans").path

    /// A new store with the chlorine store and a hazmat incident opened there at 23:10 with 1 t released (level Ⅲ).
    func openChlorineIncident(_ name: String) throws -> (id: String, env: [String: String], dir: URL) {
        let dir = TestPaths.temporaryDirectory(name)
        let store = dir.appendingPathComponent("t.beacon.sqlite").path
        let env = ["BEACON_STORE": store, "BEACON_PLANS": plans]
        #expect(try BeaconBinary.run(["init", store, "--name", "test"], environment: env).status == 0)
        let file = dir.appendingPathComponent("store.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"ex:chemical_store/01","properties":{"layer":"hazards","kind":"chemical_store","name":"chlorine store","substance":"chlorine","quantity_t":18},"geometry":{"type":"Point","coordinates":[121.45,31.19]}}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let imp = try BeaconBinary.run(["import", "geojson", "--store", store, file.path], environment: env)
        #expect(imp.status == 0, "\(imp.stderr)")
        let open = try BeaconBinary.run(["incident", "open", "--type", "hazmat", "--at", "ex:chemical_store/01",
                                         "--time", "2025-08-09T23:10:00+08:00", "release.quantity=1t"], environment: env)
        #expect(open.status == 0, "\(open.stderr)")
        #expect(open.stdout.contains("level III"))
        #expect(!open.stdout.contains("close-roads"))
        let id = try #require(open.stdout.split(separator: ":").first.map(String.init))
        return (id, env, dir)
    }

    func plume(_ extra: [String], env: [String: String]) throws -> BeaconBinary.Result {
        try BeaconBinary.run(["hazard", "plume", "--at", "ex:chemical_store/01", "--rate", "2", "--wind-from", "270", "--wind-ms", "3",
                              "--stability", "D", "--no-evacuation"] + extra, environment: env)
    }

    /// The first integer after `prefix` in `text`.
    func integer(after prefix: String, in text: Substring) -> Int? {
        guard let r = text.range(of: prefix) else { return nil }
        return Int(String(text[r.upperBound...].drop { !$0.isNumber }.prefix { $0.isNumber }))
    }

    func auditLines(_ env: [String: String]) throws -> [Substring] {
        try BeaconBinary.run(["audit", "--limit", "1000"], environment: env).stdout.split(separator: "\n")
    }

    @Test func plumeFeedsTheIncidentAndThePlanEscalates() throws {
        let (id, env, dir) = try openChlorineIncident("hazard-incident-feed")
        defer { try? FileManager.default.removeItem(at: dir) }
        let auditBefore = try auditLines(env).count

        let r = try plume(["--incident", id, "--time", "2025-08-09T23:25:00+08:00"], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout[...]
        // The facts fed are the impact table's own figures: the red zone's people and the model's red reach.
        let redSection = try #require(out.range(of: "red zone — "))
        let redPeople = try #require(integer(after: "people: ", in: out[redSection.upperBound...]))
        let fedPeople = try #require(integer(after: "hazard.people_in_red=", in: out))
        #expect(fedPeople == redPeople)
        #expect(redPeople >= 100, "the escalation rule needs ≥ 100 people in the red zone; got \(redPeople)")
        let zoneRow = try #require(out.split(separator: "\n").first { $0.hasPrefix("red 红") })
        let tableReach = try #require(integer(after: "(60 min)", in: zoneRow))
        let fedReach = try #require(integer(after: "hazard.red_zone_reach=", in: out))
        #expect(abs(fedReach - tableReach) <= 1, "fed \(fedReach) m, table \(tableReach) m")
        for name in ["hazard.orange_zone_reach=", "hazard.yellow_zone_reach=", "hazard.people_in_orange=", "hazard.people_in_yellow=",
                     "hazard.facilities_sensitive_in_orange=0"] {
            #expect(out.contains(name), "\(name) missing")
        }
        // The plan escalates by itself and adds the steps gated on the hazard figures.
        #expect(out.contains("level III → II"))
        #expect(out.contains("hazard.people_in_red >= 100 [hazard.people_in_red = \(redPeople) people]"))
        #expect(out.contains("close-roads") && out.contains("report-phone"))

        // One audited transaction: a single incident.update row for this incident.
        let audit = try auditLines(env)
        #expect(audit.count == auditBefore + 1)
        #expect(audit.contains { $0.contains("incident.update") && $0.contains(id) && $0.contains("level III → II") })

        let why = try BeaconBinary.run(["incident", "why", id], environment: env)
        #expect(why.status == 0, "\(why.stderr)")
        #expect(why.stdout.contains("level II, state graded"))
        #expect(why.stdout.contains("[level 23:25] escalated from III to II"))
        #expect(why.stdout.contains("[hazard.people_in_red = \(redPeople) people]"))
        #expect(why.stdout.contains("[hazard.red_zone_reach = \(fedReach) m]"))
    }

    @Test func unknownIncidentOrEarlierTimeIsRefusedAndWritesNothing() throws {
        let (id, env, dir) = try openChlorineIncident("hazard-incident-refused")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = try auditLines(env).count
        let unknown = try plume(["--incident", "INC-19990101-0001", "--time", "2025-08-09T23:25:00+08:00"], env: env)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("INC-19990101-0001"))
        let early = try plume(["--incident", id, "--time", "2025-08-09T22:00:00+08:00"], env: env)
        #expect(early.status != 0 && early.stderr.contains("clock cannot go back"), "\(early.stderr)")
        #expect(try auditLines(env).count == rows)
        let why = try BeaconBinary.run(["incident", "why", id], environment: env)
        #expect(why.stdout.contains("level III") && !why.stdout.contains("hazard."))
    }
}
