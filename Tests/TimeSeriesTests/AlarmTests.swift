import Foundation
import Testing
@testable import TimeSeries

@Suite struct AlarmTests {
    func series(_ values: [Double], step: Int64 = 60, unit: String = "mm/h") -> Series {
        Series(info: SeriesInfo(sensorID: "s", quantity: "q", unit: unit), readings: values.enumerated().map { Reading(t: Int64($0.offset) * step, value: $0.element) })
    }

    @Test func hysteresisGivesOneAlarmForAFlickeringReading() {
        // Around 30 with a 5-unit hysteresis band: raise at 31, stay through 28/31/27, clear at 24.
        let s = series([10, 31, 28, 31, 27, 29, 24, 20, 32, 10])
        let e = ThresholdAlarm(high: 30, hysteresis: 5).episodes(s)
        #expect(e.count == 2)
        #expect(e[0].raisedAt == 60 && e[0].clearedAt == 360 && e[0].peak == 31)
        #expect(e[1].raisedAt == 480 && e[1].clearedAt == 540)
        // Without hysteresis the same data flickers: three alarms.
        #expect(ThresholdAlarm(high: 30, hysteresis: 0.0001).episodes(s).count == 3)
    }

    @Test func lowAlarmsAndHoldTime() {
        let s = series([0.3, 0.1, 0.3, 0.1, 0.1, 0.1, 0.3, 0.3, 0.3])
        let quick = ThresholdAlarm(low: 0.14, hysteresis: 0.02).episodes(s)
        #expect(quick.count == 2 && quick.allSatisfy { $0.kind == .low })
        let held = ThresholdAlarm(low: 0.14, hysteresis: 0.02, holdSeconds: 120).episodes(s)
        #expect(held.count == 1)
        #expect(held[0].raisedAt == 180 && held[0].clearedAt == 360 && held[0].peak == 0.1)
    }

    @Test func standingAlarmStaysOpen() {
        let e = ThresholdAlarm(high: 1, hysteresis: 0.1).episodes(series([0, 2, 3]))
        #expect(e.count == 1 && e[0].isOpen && e[0].peak == 3)
    }

    @Test func pressureDropRate() {
        // 0.30 MPa steady, then falling 0.05 MPa per minute for 3 minutes (a burst), then steady at 0.15.
        let values = [0.30, 0.30, 0.30, 0.30, 0.25, 0.20, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15, 0.15]
        let e = RateAlarm(maxDropPerHour: 1.0, windowSeconds: 300).episodes(series(values, unit: "MPa"))
        #expect(e.count == 1)
        // Over the 5-minute window: −0.10 MPa in 5 min (−1.2 MPa/h) at t = 300 s raises; −0.15 MPa in 5 min is the peak.
        #expect(e[0].kind == .drop && e[0].raisedAt == 300 && e[0].unit == "MPa/h")
        #expect(abs(e[0].peak + 1.8) < 1e-9)
        #expect(RateAlarm(maxDropPerHour: 5, windowSeconds: 300).episodes(series(values)).isEmpty)
    }

    @Test func seasonalAnomalyFindsAStepAgainstTheDailyBaseline() {
        // 40 days of hourly data with a daily cycle and deterministic noise; from day 30, +8.
        var rng: UInt64 = 7
        let values = (0..<(40 * 24)).map { h -> Double in
            rng = rng &* 6_364_136_223_846_793_005 &+ 1
            let noise = Double(rng >> 40) / Double(1 << 24) - 0.5
            let cycle: Double = 20 * sin(Double(h % 24) / 24 * 2 * Double.pi)
            let step: Double = h >= 30 * 24 ? 8 : 0
            return 50 + cycle + 2 * noise + step
        }
        let s = series(values, step: 3600, unit: "m3/h")
        let d = SeasonalAnomalyDetector(periodSeconds: 86_400, seasons: 7, smoothingSeconds: 6 * 3600, raiseZ: 4, holdSeconds: 3600, direction: .up)
        let r = d.run(s)
        #expect(r.episodes.count == 1)
        let start = Int64(30 * 24 * 3600)
        #expect(r.episodes[0].raisedAt >= start && r.episodes[0].raisedAt <= start + 6 * 3600)
        // The same data without the step raises nothing.
        let calm = series(values.enumerated().map { $0.offset >= 30 * 24 ? $0.element - 8 : $0.element }, step: 3600, unit: "m3/h")
        #expect(d.run(calm).episodes.isEmpty)
    }

    @Test func detectionScoreCountsFoundMissedAndFalse() {
        let events = [KnownEvent(id: "a", start: 100, end: 10_000), KnownEvent(id: "b", start: 5000, end: 6000), KnownEvent(id: "old", start: -5, end: 50_000)]
        func alarm(_ t: Int64) -> AlarmEpisode { AlarmEpisode(sensorID: "s", kind: .high, raisedAt: t, clearedAt: nil, peak: 0, peakAt: t, limit: 0, unit: "") }
        let score = DetectionScore(alarms: [alarm(400), alarm(3000), alarm(90_000)], events: events, dataStart: 0, horizonSeconds: 1000)
        #expect(score.found.map(\.event.id) == ["a"] && score.found[0].delaySeconds == 300)
        #expect(score.missed.map(\.id) == ["b"])
        #expect(score.beforeData.map(\.id) == ["old"])
        #expect(score.falseAlarms.map(\.raisedAt) == [3000, 90_000])
    }
}
