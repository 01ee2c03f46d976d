import Foundation
import Testing
@testable import TimeSeries

@Suite struct HoltWintersTests {
    /// A known seasonal series: level 100, trend 0.05 per step, season of 24 with amplitude 10, noise ±1.
    static func seasonal(_ n: Int, noise: Double = 1) -> [Double] {
        var rng: UInt64 = 42
        return (0..<n).map { t in
            rng = rng &* 6_364_136_223_846_793_005 &+ 1
            let u = Double(rng >> 40) / Double(1 << 24) - 0.5
            return 100 + 0.05 * Double(t) + 10 * sin(Double(t % 24) / 24 * 2 * .pi) + 2 * noise * u
        }
    }

    @Test func forecastsAKnownSeasonalSeries() throws {
        let all = Self.seasonal(24 * 30)
        let train = Array(all.prefix(24 * 28)), test = Array(all.suffix(48))
        let m = try #require(HoltWinters.fit(train, period: 24, horizon: 24))
        let f = m.forecast(steps: 48, start: 0, stepSeconds: 3600)
        let mae = zip(f, test).map { abs($0.mean - $1) }.reduce(0, +) / 48
        #expect(mae < 1.5, "mean absolute error \(mae)")
        let inside95 = zip(f, test).filter { $1 >= $0.low95 && $1 <= $0.high95 }.count
        #expect(inside95 >= 44, "\(inside95) of 48 inside the 95 % interval")
        // Intervals widen with the horizon and are ordered.
        #expect(f.last!.high95 - f.last!.low95 >= f.first!.high95 - f.first!.low95)
        #expect(f.allSatisfy { $0.low95 <= $0.low80 && $0.low80 <= $0.mean && $0.mean <= $0.high80 && $0.high80 <= $0.high95 })
    }

    @Test func tooShortIsRefused() {
        #expect(HoltWinters.fit([1, 2, 3], period: 24) == nil)
    }

    @Test func backtestBeatsSeasonalNaiveOnATrendingSeries() throws {
        let r = try #require(Backtest.run(Self.seasonal(24 * 40, noise: 0.5), period: 24, horizon: 24, folds: 4))
        #expect(r.holtWintersMASE < r.seasonalNaiveMASE)
    }

    @Test func gridFillsEmptyBucketsLinearly() throws {
        let b = [Bucket(start: 0, count: 1, min: 1, max: 1, sum: 1, lastT: 0, last: 1), Bucket(start: 7200, count: 1, min: 3, max: 3, sum: 3, lastT: 7200, last: 3)]
        let g = try #require(RegularGrid.values(b, widthSeconds: 3600, .mean))
        #expect(g.values == [1, 2, 3])
    }
}
