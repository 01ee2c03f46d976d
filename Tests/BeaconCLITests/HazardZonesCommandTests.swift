import Foundation
import Testing
import TestSupport

/// `beacon hazard plume --incident ID` stores the model's footprints with the incident, in the same audited update as its
/// facts: `beacon incident show ID` lists them and `--geojson` exports them; a second run supersedes them (kept as
/// history); a process killed during the update leaves all of it or none of it.
@Suite struct HazardZonesCommandTests {
    let feed = HazardIncidentFeedTests()

    func geoJSONZones(_ id: String, env: [String: String], history: Bool = false) throws -> [[String: Any]] {
        let r = try BeaconBinary.run(["incident", "show", id, "--geojson"] + (history ? ["--zone-history"] : []), environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "FeatureCollection")
        return object["features"] as? [[String: Any]] ?? []
    }

    /// The reach in metres of the zone row starting with `prefix` (e.g. `red 红`) of the printed zone table.
    func tableReach(_ out: String, _ prefix: String) -> Int? {
        guard let row = out.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
        return feed.integer(after: "(60 min)", in: row)
    }

    @Test func plumeZonesAreStoredShownAndExported() throws {
        let (id, env, dir) = try feed.openChlorineIncident("hazard-zones-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try geoJSONZones(id, env: env).isEmpty)

        let r = try feed.plume(["--incident", id, "--time", "2025-08-09T23:25:00+08:00"], env: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("hazard zones stored with the incident: red"))
        let zones = try geoJSONZones(id, env: env)
        let props = zones.compactMap { $0["properties"] as? [String: Any] }
        #expect(props.compactMap { $0["level"] as? String } == ["yellow", "orange", "red"])
        for (z, p) in zip(zones, props) {
            let level = p["level"] as? String ?? "?"
            let geometry = z["geometry"] as? [String: Any]
            #expect(geometry?["type"] as? String == "MultiPolygon")
            let ring = ((geometry?["coordinates"] as? [Any])?.first as? [Any])?.first as? [[Double]] ?? []
            #expect(ring.count >= 20, "\(level) ring has \(ring.count) vertices: a footprint, not a circle's figures")
            #expect(ring.first == ring.last)
            // The footprint points downwind (wind from 270°: east of the source at 121.45).
            #expect((ring.map { $0[0] }.max() ?? 0) > 121.453, "\(level) zone does not reach east")
            #expect(p["model"] as? String == "Gaussian plume (chlorine)")
            #expect((p["caveats"] as? String)?.contains("passive") == true)
            // The stored reach is the one the zone table printed.
            let reach = try #require(p["reach_m"] as? Double)
            let printed = try #require(tableReach(r.stdout, level == "red" ? "red 红" : level == "orange" ? "orange 橙" : "yellow 黄"))
            #expect(abs(Int(reach) - printed) <= 1, "\(level): stored \(reach), printed \(printed)")
        }

        let show = try BeaconBinary.run(["incident", "show", id], environment: env)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("hazard zones (stored footprints):"))
        let redRow = try #require(show.stdout.split(separator: "\n").first { $0.hasPrefix("red ") })
        #expect(redRow.contains("Gaussian plume (chlorine)") && redRow.contains("AEGL-3"))

        // A second assessment (stronger release) supersedes the first; both stay in the history.
        let again = try feed.plume(["--incident", id, "--time", "2025-08-09T23:40:00+08:00", "--rate", "5"], env: env)
        #expect(again.status == 0, "\(again.stderr)")
        let current = try geoJSONZones(id, env: env)
        let newReach = (current.last?["properties"] as? [String: Any])?["reach_m"] as? Double ?? 0
        let oldReach = props.last?["reach_m"] as? Double ?? 0
        #expect(current.count == 3 && newReach > oldReach, "red reach \(oldReach) → \(newReach)")
        let history = try geoJSONZones(id, env: env, history: true)
        #expect(history.count == 6)
        #expect(history.prefix(3).allSatisfy { ($0["properties"] as? [String: Any])?["superseded_seq"] != nil })
    }

    /// The update killed with SIGKILL at several moments: facts, audit row and zones are all there or none is.
    @Test(arguments: [0.05, 0.15, 0.3, 0.5, 0.8]) func aKilledFeedLeavesAllOrNothing(afterSeconds delay: Double) throws {
        let (id, env, dir) = try feed.openChlorineIncident("hazard-zones-kill")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = try feed.auditLines(env).count

        try BeaconBinary.killed(after: delay, ["hazard", "plume", "--at", "ex:chemical_store/01", "--rate", "2", "--wind-from", "270", "--wind-ms", "3",
                       "--stability", "D", "--no-evacuation", "--incident", id, "--time", "2025-08-09T23:25:00+08:00"], environment: env)

        let verify = try BeaconBinary.run(["audit", "--verify"], environment: env)
        #expect(verify.status == 0 && verify.stdout.contains("audit chain intact"), "\(verify.stdout)\(verify.stderr)")
        let zones = try geoJSONZones(id, env: env).count
        let updated = try feed.auditLines(env).count - rows
        let why = try BeaconBinary.run(["incident", "why", id], environment: env).stdout
        let facts = why.contains("hazard.people_in_red")
        #expect((zones == 0 && updated == 0 && !facts) || (zones == 3 && updated == 1 && facts),
                "killed after \(delay) s: \(zones) zones, \(updated) new audit rows, facts \(facts)")
    }
}
