import Foundation
import Testing
import TestSupport
import TimeSeries

/// Holt–Winters against seasonal naive on real series (rolling origin, 8 folds of 24 h on the last 16 weeks of hourly
/// means). Floors measured on 2026-11-22 (README); the test fails if the forecaster gets worse than measured.
@Suite struct ForecastBacktest {
    static func hourly(_ path: URL, _ format: ReadingFormat, columns: [String]? = nil) throws -> [(String, [Double])] {
        try ReadingStream(path: path.path, format: format, options: ReadOptions(columns: columns)).readAll().map { s in
            let b = Downsample.buckets(s.readings, widthSeconds: 3600, zone: ZoneOffsets(s.info.timeZone))
            return (s.info.sensorID, Array(RegularGrid.values(b, widthSeconds: 3600, .mean)!.values.suffix(24 * 7 * 16)))
        }
    }

    @Test(.enabled(if: TestPaths.sharedData != nil)) func beatsSeasonalNaive() throws {
        let dir = try #require(TestPaths.sharedData).appendingPathComponent("sensors")
        let series = try Self.hourly(dir.appendingPathComponent("2019_SCADA_Flows.csv"), .ltown)
            + Self.hourly(dir.appendingPathComponent("beijing/PRSA_Data_Dongsi_20130301-20170228.csv"), .prsa, columns: ["PM2.5", "TEMP"])
        var hw = 0.0, naive = 0.0, cover80 = 0.0, cover95 = 0.0
        for (id, values) in series {
            for period in [24, 168] {
                let r = try #require(Backtest.run(values, period: period, horizon: 24, folds: 8))
                print("\(id) season \(period) h: Holt–Winters MASE \(String(format: "%.3f", r.holtWintersMASE)), seasonal naive \(String(format: "%.3f", r.seasonalNaiveMASE)), 80 % held \(String(format: "%.2f", r.coverage80)), 95 % held \(String(format: "%.2f", r.coverage95))")
                hw += r.holtWintersMASE; naive += r.seasonalNaiveMASE; cover80 += r.coverage80; cover95 += r.coverage95
            }
        }
        let n = Double(series.count * 2)
        print("mean over \(Int(n)): Holt–Winters \(String(format: "%.3f", hw / n)), seasonal naive \(String(format: "%.3f", naive / n)), 80 % held \(String(format: "%.2f", cover80 / n)), 95 % held \(String(format: "%.2f", cover95 / n))")
        #expect(hw / n < naive / n)
        #expect(hw / n <= 0.95)
    }
}
