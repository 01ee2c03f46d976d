import Foundation
import Testing
@testable import TimeSeries

@Suite struct BucketsAndRollingTests {
    /// 0, 1, 2, … 11 every 5 minutes from 00:00 UTC.
    let readings = (0..<12).map { Reading(t: Int64($0) * 300, value: Double($0)) }

    @Test func bucketsAggregateEachWay() {
        let b = Downsample.buckets(readings, widthSeconds: 1800)
        #expect(b.map(\.start) == [0, 1800])
        #expect(b.map { $0.value(.min) } == [0, 6])
        #expect(b.map { $0.value(.max) } == [5, 11])
        #expect(b.map { $0.value(.mean) } == [2.5, 8.5])
        #expect(b.map { $0.value(.count) } == [6, 6])
        #expect(b.map { $0.value(.last) } == [5, 11])
        #expect(b.map { $0.value(.sum) } == [15, 51])
    }

    @Test func emptyBucketsAreLeftOutAndMergingFineBucketsEqualsDirect() {
        let sparse = [Reading(t: 0, value: 1), Reading(t: 7200, value: 3), Reading(t: 7300, value: 5)]
        let b = Downsample.buckets(sparse, widthSeconds: 3600)
        #expect(b.map(\.start) == [0, 7200])
        let fine = Downsample.buckets(readings, widthSeconds: 600)
        #expect(Downsample.merge(fine, widthSeconds: 1800) == Downsample.buckets(readings, widthSeconds: 1800))
    }

    @Test func dayBucketsFollowTheSeriesLocalMidnight() throws {
        let sh = try #require(ZoneOffsets("Asia/Shanghai"))
        // 15:00 and 17:00 UTC on 2019-01-01 are 23:00 on the 1st and 01:00 on the 2nd in Shanghai.
        let t0 = CivilTime.seconds(year: 2019, month: 1, day: 1, hour: 15)
        let rs = [Reading(t: t0, value: 1), Reading(t: t0 + 7200, value: 2)]
        let local = Downsample.buckets(rs, widthSeconds: 86_400, zone: sh)
        #expect(local.count == 2)
        #expect(local[1].start == CivilTime.seconds(year: 2019, month: 1, day: 1, hour: 16))   // 2019-01-02T00:00+08:00
        #expect(Downsample.buckets(rs, widthSeconds: 86_400).count == 1)                        // one UTC day
    }

    @Test func widthsParse() {
        #expect(Downsample.parseWidth("5min") == 300)
        #expect(Downsample.parseWidth("1h") == 3600)
        #expect(Downsample.parseWidth("1d") == 86_400)
        #expect(Downsample.parseWidth("2w") == 1_209_600)
        #expect(Downsample.parseWidth("1 fortnight") == nil)
        #expect(Downsample.parseWidth("0h") == nil)
    }

    @Test func rollingWindowsAndRates() {
        let mean = Rolling.window(readings, seconds: 900, .mean)        // three readings per window
        #expect(mean[0].value == 0 && mean[1].value == 0.5 && mean[5].value == 4)
        let maxes = Rolling.window(readings.reversed().map { Reading(t: 3300 - $0.t, value: $0.value) }, seconds: 900, .max)
        #expect(maxes.map(\.value).prefix(4) == [11, 11, 11, 10])
        let mins = Rolling.window(readings, seconds: 600, .min)
        #expect(mins.map(\.value).suffix(2) == [9, 10])
        let rate = Rolling.ratePerHour(readings, windowSeconds: 900)     // +1 per 5 min = +12 per hour
        #expect(rate.dropFirst().allSatisfy { abs($0.value - 12) < 1e-9 })
    }
}
