import Foundation
import SpatialCore
import SpatialStore
import TimeSeries

/// Reading series back from the store: raw readings, buckets of any width (from the hourly roll-ups when the
/// width is whole hours, else from raw readings), summary statistics and forecasts.
public enum SeriesQuery {
    /// The stored series' description, or an error naming the sensor and the series there are.
    public static func record(store: CityStore, sensor: String) throws -> SeriesRecord {
        if let r = try store.series(sensor) { return r }
        let known = try store.seriesList().map(\.sensorID)
        throw IncidentError("no series '\(sensor)' in \(store.path)" + (known.isEmpty ? "; ingest readings first (beacon ingest FILE)" : "; known: \(known.prefix(8).joined(separator: ", "))\(known.count > 8 ? " …" : "")"))
    }

    /// Raw readings in `[from, to)` as a series.
    public static func series(store: CityStore, sensor: String, from: Int64? = nil, to: Int64? = nil) throws -> Series {
        let r = try record(store: store, sensor: sensor)
        let rows = try store.readings(sensor: sensor, from: from ?? .min, to: to ?? .max)
        return Series(info: SeriesInfo(sensorID: r.sensorID, quantity: r.quantity, unit: r.unit, timeZone: r.timeZone),
                      readings: rows.map { Reading(t: $0.t, value: $0.value) })
    }

    /// Buckets of `widthSeconds` in `[from, to)`, aligned to the series' local midnight. Uses the hourly roll-ups when
    /// the width is a whole number of hours and the zone's offset is whole hours (O(hours)), else (or when `useRollups`
    /// is false) from raw readings (O(n)).
    public static func buckets(store: CityStore, sensor: String, widthSeconds: Int64, from: Int64? = nil, to: Int64? = nil,
                               useRollups: Bool = true) throws -> (SeriesRecord, [Bucket], fromRollups: Bool) {
        let r = try record(store: store, sensor: sensor)
        let zone = ZoneOffsets(r.timeZone)
        let wholeHourZone = zone.map { z in r.firstT.map { z.offset(utc: $0) % 3600 == 0 } ?? true } ?? true
        if useRollups, widthSeconds % 3600 == 0, wholeHourZone, (from ?? 0) % 3600 == 0, (to ?? 0) % 3600 == 0 {
            let hours = try store.hourlyRollups(sensor: sensor, from: from ?? .min, to: to ?? .max).map {
                Bucket(start: $0.hour, count: $0.count, min: $0.min, max: $0.max, sum: $0.sum, lastT: $0.lastT, last: $0.last)
            }
            return (r, widthSeconds == 3600 ? hours : Downsample.merge(hours, widthSeconds: widthSeconds, zone: zone), true)
        }
        let s = try series(store: store, sensor: sensor, from: from, to: to)
        return (r, Downsample.buckets(s.readings, widthSeconds: widthSeconds, zone: zone), false)
    }

    /// Count, span, min, max, mean of a series in `[from, to)` (from the roll-ups: O(hours)).
    public struct Stats: Sendable, Codable {
        public var sensorID: String, quantity: String, unit: String, timeZone: String
        public var count: Int
        public var first: Int64?, last: Int64?
        public var min: Double?, max: Double?, mean: Double?
        public var lastValue: Double?
        public var typicalStepSeconds: Int64?
    }

    public static func stats(store: CityStore, sensor: String, from: Int64? = nil, to: Int64? = nil) throws -> Stats {
        let (r, hours, _) = try buckets(store: store, sensor: sensor, widthSeconds: 3600, from: from.map { $0 / 3600 * 3600 }, to: to.map { ($0 + 3599) / 3600 * 3600 })
        var total = hours.first
        for b in hours.dropFirst() { total?.merge(b) }
        let head = try store.readings(sensor: sensor, from: hours.first?.start ?? .min, to: (hours.first?.start ?? 0) + 86_400)
        let steps = zip(head.dropFirst(), head).map { $0.t - $1.t }.sorted()
        return Stats(sensorID: r.sensorID, quantity: r.quantity, unit: r.unit, timeZone: r.timeZone, count: total?.count ?? 0,
                     first: head.first?.t, last: total?.lastT, min: total?.min, max: total?.max, mean: total?.mean,
                     lastValue: total?.last, typicalStepSeconds: steps.isEmpty ? nil : steps[steps.count / 2])
    }

    /// A forecast of the bucketed series: Holt–Winters fitted on the last `historyBuckets`, `horizon` buckets ahead.
    public struct ForecastResult: Sendable {
        public var record: SeriesRecord
        public var history: [Reading]
        public var model: HoltWinters
        public var points: [HoltWinters.Point]
        public var backtest: Backtest?
    }

    /// The evenly spaced history a forecast is fitted on: `aggregation` of each `widthSeconds` bucket in `[from, to)`,
    /// empty buckets between filled linearly (`RegularGrid`), the last `historyBuckets` of them. O(hours) from the roll-ups.
    public static func history(store: CityStore, sensor: String, widthSeconds: Int64, aggregation: Aggregation,
                               historyBuckets: Int = 24 * 7 * 8, from: Int64? = nil, to: Int64? = nil) throws -> (record: SeriesRecord, history: [Reading]) {
        let (r, b, _) = try buckets(store: store, sensor: sensor, widthSeconds: widthSeconds, from: from, to: to)
        guard let grid = RegularGrid.values(b, widthSeconds: widthSeconds, aggregation) else {
            throw IncidentError("no readings of \(sensor) in the range")
        }
        let keep = min(grid.values.count, historyBuckets)
        let start = grid.start + Int64(grid.values.count - keep) * widthSeconds
        return (r, grid.values.suffix(keep).enumerated().map { Reading(t: start + Int64($0.offset) * widthSeconds, value: $0.element) })
    }

    public static func forecast(store: CityStore, sensor: String, widthSeconds: Int64, aggregation: Aggregation, horizon: Int,
                                periodBuckets: Int, historyBuckets: Int = 24 * 7 * 8, from: Int64? = nil, to: Int64? = nil) throws -> ForecastResult {
        let (r, history) = try Self.history(store: store, sensor: sensor, widthSeconds: widthSeconds, aggregation: aggregation,
                                            historyBuckets: historyBuckets, from: from, to: to)
        let values = history.map(\.value)
        guard let model = HoltWinters.fit(values, period: periodBuckets, horizon: horizon) else {
            throw IncidentError("\(sensor): \(values.count) buckets of \(widthSeconds / 60) min are too few to forecast with a season of \(periodBuckets) (need ≥ \(2 * periodBuckets + 2))")
        }
        let next = history[history.count - 1].t + widthSeconds
        let backtest = Backtest.run(values, period: periodBuckets, horizon: horizon, folds: 4)
        return ForecastResult(record: r, history: history, model: model,
                              points: model.forecast(steps: horizon, start: next, stepSeconds: widthSeconds), backtest: backtest)
    }
}
