import Foundation
import Testing
import TestSupport

/// `beacon dispatch plan|accept|coverage|run-orders` end to end on the 4 × 4 street grid of DispatchCommandTests
/// (station A near People's Square with E1, station B far with E3 and A1).
@Suite struct DispatchPlanCommandTests {
    let plans = TestPaths.repoRoot.appendingPathComponent("Plans").path

    func auditRows(_ env: [String: String]) throws -> Int {
        try BeaconBinary.run(["audit", "--limit", "1000"], environment: env).stdout.split(separator: "\n").count
    }

    /// A store with the grid and two gas leaks near station A: a minor one called first, a major one (Ⅱ) a minute later.
    func setUp(_ dir: URL) throws -> (env: [String: String], minor: String, major: String) {
        let store = dir.appendingPathComponent("t.beacon.sqlite").path
        let env = ["BEACON_STORE": store, "BEACON_PLANS": plans]
        let file = dir.appendingPathComponent("grid.geojson")
        try DispatchCommandTests.fixture().write(to: file, atomically: true, encoding: .utf8)
        #expect(try BeaconBinary.run(["init", store, "--name", "grid"], environment: env).status == 0)
        #expect(try BeaconBinary.run(["import", "geojson", file.path], environment: env).status == 0)
        func open(_ at: String, _ time: String, _ facts: [String]) throws -> String {
            let r = try BeaconBinary.run(["incident", "open", "--type", "gas_leak", "--at", at, "--time", time] + facts, environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            return try #require(r.stdout.split(separator: ":").first.map(String.init))
        }
        let minor = try open("121.4737,31.2304", "2025-08-09T14:30:00+08:00", ["gas.concentration_lel=5%"])
        let major = try open("121.4745,31.2300", "2025-08-09T14:31:00+08:00", ["gas.concentration_lel=25%", "gas.ignited=true", "incident.deaths=3"])
        return (env, minor, major)
    }

    @Test func planAcceptOverrideAndCoverage() throws {
        let dir = TestPaths.temporaryDirectory("dispatch-plan-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (env, minor, major) = try setUp(dir)
        let time = ["--time", "2025-08-09T14:32:00+08:00"]

        let plan = try BeaconBinary.run(["dispatch", "plan", minor, major] + time, environment: env)
        #expect(plan.status == 0, "\(plan.stderr)")
        // One engine near both: the more serious incident gets it, though it called second.
        #expect(plan.stdout.contains("\(major):E1 "), "\(plan.stdout)")
        #expect(plan.stdout.contains("\(minor):E3 "))
        #expect(plan.stdout.contains("Total weighted arrival: plan "))
        #expect(plan.stdout.contains("First come, first served would send instead: \(minor) "))
        #expect(plan.stdout.contains("Accept: beacon dispatch accept --plan \(minor) --plan \(major) "))
        #expect(plan.stdout.contains("SHORT: "))   // no police or repair crews on the grid

        // A line not in the plan refuses the whole acceptance; nothing written.
        let rows = try auditRows(env)
        let wrong = try BeaconBinary.run(["dispatch", "accept", "--plan", minor, "--plan", major, "\(minor):E1", "\(major):A1"] + time, environment: env)
        #expect(wrong.status != 0 && wrong.stderr.contains("\(minor):E1 is not in the plan") && wrong.stderr.contains("E1 is planned for \(major)"), "\(wrong.stderr)")
        let bad = try BeaconBinary.run(["dispatch", "accept", "E1"] + time, environment: env)
        #expect(bad.status != 0 && bad.stderr.contains("must be INCIDENT:UNIT"), "\(bad.stderr)")
        #expect(try auditRows(env) == rows)

        // Accept the major incident's engine: one audit row, the reason recorded, coverage advice printed.
        let accepted = try BeaconBinary.run(["dispatch", "accept", "--plan", minor, "--plan", major, "\(major):E1"] + time, environment: env)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("\(major): E1 (engine) plan line accepted: E1: ETA "))
        #expect(accepted.stdout.contains("Coverage: "))
        #expect(try auditRows(env) == rows + 1)
        let audit = try BeaconBinary.run(["audit", "--limit", "1"], environment: env)
        #expect(audit.stdout.contains("dispatch.accept"))

        // Override a line: the minor incident gets the far ambulance with a reason (A1 is its own recommendation, so
        // it is "recommended; …"); a unit outside the plan and the recommendation needs --reason.
        let again = try BeaconBinary.run(["dispatch", "assign", minor, "E1"] + time, environment: env)
        #expect(again.status != 0 && again.stderr.contains("E1 is already assigned to \(major)"), "\(again.stderr)")
        let override = try BeaconBinary.run(["dispatch", "assign", minor, "A1", "--reason", "crew knows the site", "--no-coverage"] + time, environment: env)
        #expect(override.status == 0, "\(override.stderr)")
        #expect(override.stdout.contains("A1 (ambulance)") && override.stdout.contains("crew knows the site"))
        #expect(!override.stdout.contains("Coverage: "))

        let coverage = try BeaconBinary.run(["dispatch", "coverage"] + time, environment: env)
        #expect(coverage.status == 0, "\(coverage.stderr)")
        #expect(coverage.stdout.contains("within 5 min drive of an available engine"))
        #expect(coverage.stdout.contains("advice only") || coverage.stdout.contains("Move-up advice: none") || coverage.stdout.contains("0 of 0 points"))

        let all = try BeaconBinary.run(["dispatch", "plan", "--all-open"] + time, environment: env)
        #expect(all.status == 0 && all.stdout.contains("Accept: beacon dispatch accept --all-open") || all.stdout.contains("SHORT"), "\(all.stderr)")
    }

    @Test func badInputIsRefusedClearly() throws {
        let dir = TestPaths.temporaryDirectory("dispatch-plan-cli-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (env, minor, _) = try setUp(dir)
        let none = try BeaconBinary.run(["dispatch", "plan"], environment: env)
        #expect(none.status != 0 && none.stderr.contains("name the incidents to plan, or --all-open"), "\(none.stderr)")
        let unknown = try BeaconBinary.run(["dispatch", "plan", minor, "INC-NOPE"], environment: env)
        #expect(unknown.status != 0 && unknown.stderr.contains("INC-NOPE"), "\(unknown.stderr)")
        let twice = try BeaconBinary.run(["dispatch", "plan", minor, minor], environment: env)
        #expect(twice.status != 0 && twice.stderr.contains("named twice"), "\(twice.stderr)")
        // The shipped run orders name the default city's districts; this store has none: the check says so.
        let check = try BeaconBinary.run(["dispatch", "run-orders", "--check"], environment: env)
        #expect(check.status != 0 && check.stderr.contains("district ex:fire_district/01 is not in the store"), "\(check.stderr)")
        let rows = try auditRows(env)
        let far = try BeaconBinary.run(["unit", "status", "E1", "available", "--at", "116.40,39.90"], environment: env)
        #expect(far.status != 0 && far.stderr.contains("km outside the city"), "\(far.stderr)")
        #expect(try auditRows(env) == rows)
    }
}
