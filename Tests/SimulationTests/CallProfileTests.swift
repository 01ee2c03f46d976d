import Foundation
import Testing
import TestSupport
@testable import Simulation

@Suite struct CallProfileTests {
    static let tableURL = TestPaths.repoRoot.appendingPathComponent("Plans/scenarios/profiles/montgomery-911-weekly.csv")
    static let header = [
        "# Calls by category × weekday × hour (US Eastern local time), and how many of that weekday the data covers.",
        "# SOURCE: Montgomery County, PA (USA) 911 calls 2015-12-10 .. 2016-10-17, 120,450 calls (EMS / Fire / Traffic);",
        "#   ../shared/data/incidents/montgomery_pa_911_emergency_2015-2016.csv from R package padr 0.6.3 `emergency`,",
        "#   original feed montcoalert.org via Kaggle mchirico/montcoalert. Its time_stamp is UTC; moved to EST/EDT here.",
        "# LICENCE: padr package MIT; only aggregate counts are kept here (no call records); check upstream terms.",
        "# Derived by Tests/SimulationTests/CallProfileTests.swift (BEACON_REGEN=1 swift test --filter CallProfileTests rewrites it).",
    ]

    @Test func calendarAndEasternTime() {
        #expect(CallProfileTable.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(CallProfileTable.daysFromCivil(year: 2016, month: 3, day: 1) - CallProfileTable.daysFromCivil(year: 2016, month: 2, day: 28) == 2)
        let march13 = CallProfileTable.daysFromCivil(year: 2016, month: 3, day: 13) * 1440   // DST began 02:00 EST = 07:00 UTC
        #expect(CallProfileTable.easternOffsetHours(utcMinutes: march13 + 6 * 60 + 59, year: 2016) == 5)
        #expect(CallProfileTable.easternOffsetHours(utcMinutes: march13 + 7 * 60, year: 2016) == 4)
        let november6 = CallProfileTable.daysFromCivil(year: 2016, month: 11, day: 6) * 1440  // ended 02:00 EDT = 06:00 UTC
        #expect(CallProfileTable.easternOffsetHours(utcMinutes: november6 + 6 * 60, year: 2016) == 5)
        #expect(CallProfileTable.easternOffsetHours(utcMinutes: CallProfileTable.daysFromCivil(year: 2015, month: 12, day: 10) * 1440, year: 2015) == 5)
    }

    /// The committed table is what the source gives (so the shipped profiles are the real ones).
    @Test(.enabled(if: TestPaths.sharedData != nil)) func committedTableIsDerivedFromTheCalls() throws {
        let source = TestPaths.sharedData!.appendingPathComponent("incidents/montgomery_pa_911_emergency_2015-2016.csv")
        let derived = try CallProfileTable.derive(montgomeryCSV: source, header: Self.header)
        #expect(derived.calls.values.reduce(0) { $0 + $1.reduce(0, +) } == 120_450)
        if ProcessInfo.processInfo.environment["BEACON_REGEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.tableURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try derived.csv().write(to: Self.tableURL, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: Self.tableURL, encoding: .utf8)
        #expect(committed == derived.csv())
    }

    /// Shapes the table must show (in local time): EMS by day above night, traffic's weekday rushes above Sunday's
    /// and its small hours.
    @Test func shippedProfilesHaveRealShapes() throws {
        let table = try CallProfileTable.parse(String(contentsOf: Self.tableURL, encoding: .utf8), file: Self.tableURL.path)
        #expect(Set(table.calls.keys) == ["EMS", "Fire", "Traffic"])
        #expect(table.header.contains { $0.hasPrefix("# SOURCE:") } && table.header.contains { $0.hasPrefix("# LICENCE:") })
        let ems = try #require(table.profile("EMS")), traffic = try #require(table.profile("Traffic"))
        #expect(ems.multipliers[2 * 24 + 11] > 2 * ems.multipliers[2 * 24 + 4])          // Wednesday 11:00 vs 04:00
        #expect(traffic.multipliers[1 * 24 + 17] > 1.5 * traffic.multipliers[6 * 24 + 17])  // Tuesday vs Sunday 17:00
        #expect(traffic.multipliers[1 * 24 + 8] > 3 * traffic.multipliers[1 * 24 + 3])      // Tuesday 08:00 vs 03:00
        #expect(abs(ems.multipliers.reduce(0, +) / 168 - 1) < 1e-9)
    }
}
