import Foundation
import Testing
import TestSupport

/// `beacon kpi --forecast`: incidents per day and the next week, with intervals — or a plain reason when history is short.
@Suite struct KPIForecastCommandTests {
    @Test func forecastsDailyIncidentsOnceTheHistoryIsLongEnough() throws {
        let dir = TestPaths.temporaryDirectory("kpi-forecast-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("k.beacon.sqlite").path
        let env = ["BEACON_STORE": store, "BEACON_PLANS": TestPaths.repoRoot.appendingPathComponent("Plans").path]
        #expect(try BeaconBinary.run(["init", store, "--name", "k"], environment: env).status == 0)
        func open(day: Int, hour: Int) throws {
            let time = String(format: "2025-07-%02dT%02d:00:00+08:00", day, hour)
            let r = try BeaconBinary.run(["incident", "open", "--type", "gas_leak", "--at", "121.4737,31.2304", "--time", time], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
        }
        try open(day: 1, hour: 9)
        let short = try BeaconBinary.run(["kpi", "--forecast", "--to", "2025-07-02T00:00:00+08:00"], environment: env)
        #expect(short.status == 0, "\(short.stderr)")
        #expect(short.stdout.contains("no forecast"), "\(short.stdout)")

        // 20 days, two calls a day and three on Saturdays: enough for a weekly Holt–Winters.
        for day in 2...20 {
            try open(day: day, hour: 9)
            try open(day: day, hour: 15)
            if day % 7 == 5 { try open(day: day, hour: 20) }
        }
        let long = try BeaconBinary.run(["kpi", "--forecast", "--to", "2025-07-21T00:00:00+08:00"], environment: env)
        #expect(long.status == 0, "\(long.stderr)")
        let rows = long.stdout.split(separator: "\n").filter { $0.hasPrefix("2025-07-2") && $0.split(separator: " ", omittingEmptySubsequences: true).count == 6 }
        #expect(rows.count == 7, "\(long.stdout)")
        for row in rows {
            let v = row.split(separator: " ", omittingEmptySubsequences: true).dropFirst().compactMap { Double($0) }
            #expect(v.count == 5 && v[3] <= v[1] && v[1] <= v[0] && v[0] <= v[2] && v[2] <= v[4], "\(row)")
            #expect(v[0] > 1 && v[0] < 4, "mean of \(row)")
        }
        #expect(!long.stdout.contains("no forecast"))
    }
}
