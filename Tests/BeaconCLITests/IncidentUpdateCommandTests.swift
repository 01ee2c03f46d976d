import Foundation
import Testing
import TestSupport

/// `beacon incident update`: escalation, stand-down, refused facts and deadlines passing, end to end on a small store.
@Suite struct IncidentUpdateCommandTests {
    let plans = TestPaths.repoRoot.appendingPathComponent("Plans").path

    /// A new store with one gas leak opened at 14:30 at level Ⅲ (1,200 people in the zone); returns its id and env.
    func openGasLeak(_ name: String) throws -> (id: String, env: [String: String], dir: URL) {
        let dir = TestPaths.temporaryDirectory(name)
        let store = dir.appendingPathComponent("t.beacon.sqlite").path
        let env = ["BEACON_STORE": store, "BEACON_PLANS": plans]
        #expect(try BeaconBinary.run(["init", store, "--name", "test"], environment: env).status == 0)
        let open = try BeaconBinary.run(["incident", "open", "--type", "gas_leak", "--at", "121.4737,31.2304", "--time", "2025-08-09T14:30:00+08:00",
                                         "gas.concentration_lel=25%", "gas.pressure_class=medium", "incident.people_in_zone=1200"], environment: env)
        #expect(open.status == 0, "\(open.stderr)")
        #expect(open.stdout.contains("level III"))
        let id = try #require(open.stdout.split(separator: ":").first.map(String.init))
        return (id, env, dir)
    }

    func update(_ id: String, _ args: [String], env: [String: String]) throws -> BeaconBinary.Result {
        try BeaconBinary.run(["incident", "update", id] + args, environment: env)
    }

    func auditRows(_ env: [String: String]) throws -> Int {
        try BeaconBinary.run(["audit", "--limit", "1000"], environment: env).stdout.split(separator: "\n").count
    }

    @Test func casualtiesEscalateToTwoThenLeakStoppedStandsDown() throws {
        let (id, env, dir) = try openGasLeak("incident-update-escalate")
        defer { try? FileManager.default.removeItem(at: dir) }

        // Ignition with 3 deaths: 扩大应急 to Ⅱ; the phone report (level Ⅱ: 15 min from the call) fires, already late.
        let up = try update(id, ["gas.ignited=true", "incident.deaths=3", "--time", "2025-08-09T15:05:00+08:00"], env: env)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("level III → II"))
        #expect(up.stdout.contains("escalated from III to II because 扩大应急"))
        #expect(up.stdout.contains("report-phone") && up.stdout.contains("14:45"))
        #expect(up.stdout.contains("OVERDUE: report-phone"))
        #expect(!up.stdout.contains("evacuate-near"))   // fired at opening; not a new task

        let why = try BeaconBinary.run(["incident", "why", id], environment: env)
        #expect(why.status == 0, "\(why.stderr)")
        #expect(why.stdout.contains("level II, state graded"))
        let graded = try #require(why.stdout.range(of: "[graded 14:30]"))
        let escalated = try #require(why.stdout.range(of: "[escalated 15:05]"))
        #expect(graded.lowerBound < escalated.lowerBound)
        #expect(why.stdout.contains("[level 15:05] escalated from III to II"))
        #expect(why.stdout.contains("gas.ignited = true; incident.deaths = 3 people"))
        #expect(why.stdout.contains("fired 15:05: step report-phone"))
        #expect(why.stdout.contains("response.level = II"))

        // More deaths below the next range change nothing.
        let same = try update(id, ["incident.deaths=4", "--time", "2025-08-09T15:20:00+08:00"], env: env)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.contains("level II unchanged") && same.stdout.contains("no new tasks"))

        let down = try update(id, ["leak.stopped=true", "gas.concentration_lel=0.5%", "--time", "2025-08-09T16:10:00+08:00"], env: env)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(down.stdout.contains("STOOD DOWN"))
        #expect(down.stdout.contains("leak.stopped = true"))
        let after = try BeaconBinary.run(["incident", "why", id], environment: env)
        #expect(after.stdout.contains("state stood_down"))
        #expect(after.stdout.contains("[stand_down 16:10]"))

        // Once stood down, nothing more is written.
        let rows = try auditRows(env)
        let late = try update(id, ["incident.deaths=5", "--time", "2025-08-09T16:30:00+08:00"], env: env)
        #expect(late.status != 0 && late.stderr.contains("stood down"))
        #expect(try auditRows(env) == rows)
    }

    @Test func badFactNameOrTypeIsRefusedAndWritesNothing() throws {
        let (id, env, dir) = try openGasLeak("incident-update-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = try auditRows(env)
        let whyBefore = try BeaconBinary.run(["incident", "why", id], environment: env).stdout

        let badName = try update(id, ["incident.death=3", "--time", "2025-08-09T15:00:00+08:00"], env: env)
        #expect(badName.status != 0)
        #expect(badName.stderr.contains("unknown fact 'incident.death'") && badName.stderr.contains("incident.deaths"))
        let badType = try update(id, ["gas.ignited=maybe", "incident.people_in_zone=many", "--time", "2025-08-09T15:00:00+08:00"], env: env)
        #expect(badType.status != 0)
        #expect(badType.stderr.contains("gas.ignited") && badType.stderr.contains("incident.people_in_zone"))
        let noIncident = try update("INC-19990101-0001", ["incident.deaths=3"], env: env)
        #expect(noIncident.status != 0 && noIncident.stderr.contains("no incident"))
        let back = try update(id, ["incident.deaths=3", "--time", "2025-08-09T14:00:00+08:00"], env: env)
        #expect(back.status != 0 && back.stderr.contains("cannot go back"))

        #expect(try auditRows(env) == rows)
        #expect(try BeaconBinary.run(["incident", "why", id], environment: env).stdout == whyBefore)
    }

    @Test func aDeadlinePassingShowsTheOverdueReport() throws {
        let (id, env, dir) = try openGasLeak("incident-update-deadline")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Level Ⅲ: the written report is due 60 min after the 14:30 call. Each update is one audit row.
        let rows = try auditRows(env)
        let early = try update(id, ["--tick", "--time", "2025-08-09T15:00:00+08:00"], env: env)
        #expect(early.status == 0, "\(early.stderr)")
        #expect(early.stdout.contains("clock advanced") && !early.stdout.contains("OVERDUE"))
        #expect(try auditRows(env) == rows + 1)
        let late = try update(id, ["--tick", "--time", "2025-08-09T16:00:00+08:00"], env: env)
        #expect(late.status == 0, "\(late.stderr)")
        #expect(late.stdout.contains("OVERDUE: report-written"))
        #expect(late.stdout.contains("was due 15:30, 30 min ago"))
        let both = try update(id, ["--tick", "incident.deaths=1"], env: env)
        #expect(both.status != 0 && both.stderr.contains("--tick takes no facts"))
    }
}
