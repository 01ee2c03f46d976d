import Foundation
import Testing
import TestSupport
@testable import TimeSeries

@Test(.enabled(if: ProcessInfo.processInfo.environment["TUNE"] != nil)) func tune() throws {
    let dir = TestPaths.sharedData!.appendingPathComponent("sensors")
    var series: [Series] = []
    for f in ["2019_SCADA_Flows.csv", "2019_SCADA_Levels.csv"] {
        let s = try ReadingStream(path: dir.appendingPathComponent(f).path, format: .ltown, options: ReadOptions(idPrefix: "ltown:"))
        series += try s.readAll()
    }
    let events = try KnownEvent.battLeDIM(String(contentsOf: dir.appendingPathComponent("leakages_info_2018-2019_ground_truth.txt"), encoding: .utf8))
    let start = series[0].readings[0].t
    func run(_ period: Int64, _ z: Double, _ smooth: Int64) -> [AlarmEpisode] {
        series.flatMap { s in
            SeasonalAnomalyDetector(periodSeconds: period, seasons: period == 86_400 ? 7 : 4, smoothingSeconds: smooth, raiseZ: z,
                                    direction: s.info.quantity == "tank level" ? .down : .up).run(s).episodes
        }
    }
    func night(_ z: Double, _ seasons: Int, _ smoothDays: Int64) -> [AlarmEpisode] {
        series.filter { $0.info.quantity == "flow" }.flatMap { s in
            let hourly = Downsample.buckets(s.readings, widthSeconds: 3600).map { Reading(t: $0.start, value: $0.mean) }
            let nightly = Downsample.buckets(hourly, widthSeconds: 86_400).map { Reading(t: $0.start + 86_399, value: $0.min) }
            return SeasonalAnomalyDetector(periodSeconds: 86_400, seasons: seasons, smoothingSeconds: smoothDays * 86_400, raiseZ: z, clearZ: 1, holdSeconds: 0,
                                           scaleHalfLifeSeconds: 30 * 86_400, warmupSeconds: 14 * 86_400, direction: .up)
                .run(Series(info: s.info, readings: nightly)).episodes
        }
    }
    for z in [2.5, 3.0, 4.0] { for seasons in [7, 14] { for sd: Int64 in [1, 2] {
        let score = DetectionScore(alarms: night(z, seasons, sd), events: events, dataStart: start, horizonSeconds: 7 * 86_400)
        print("night z \(z) seasons \(seasons) smooth \(sd) d: found \(score.found.count)/\(score.found.count + score.missed.count), median \(Double(score.medianDelaySeconds ?? 0) / 3600) h, max \(Double(score.maxDelaySeconds ?? 0) / 3600) h, false \(score.falseAlarms.count) of \(score.alarms)")
    } } }
}

@Test(.enabled(if: ProcessInfo.processInfo.environment["TUNE"] != nil)) func backtestTune() throws {
    let dir = TestPaths.sharedData!.appendingPathComponent("sensors")
    let flows = try ReadingStream(path: dir.appendingPathComponent("2019_SCADA_Flows.csv").path, format: .ltown, options: ReadOptions()).readAll()
    let pm = try ReadingStream(path: dir.appendingPathComponent("beijing/PRSA_Data_Dongsi_20130301-20170228.csv").path, format: .prsa,
                               options: ReadOptions(columns: ["PM2.5", "TEMP"])).readAll()
    for s in flows + pm {
        let b = Downsample.buckets(s.readings, widthSeconds: 3600, zone: ZoneOffsets(s.info.timeZone))
        let grid = RegularGrid.values(b, widthSeconds: 3600, .mean)!
        let v = Array(grid.values.suffix(24 * 7 * 16))
        for (period, horizon) in [(24, 24), (168, 24)] {
            if let r = Backtest.run(v, period: period, horizon: horizon, folds: 8) {
                print("\(s.info.sensorID) period \(period) h \(horizon): HW MASE \(r.holtWintersMASE) naive \(r.seasonalNaiveMASE) cov80 \(r.coverage80) cov95 \(r.coverage95)")
            }
        }
    }
}
