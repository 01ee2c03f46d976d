import ArgumentParser
import Engine
import Foundation
import SpatialStore
import TimeSeries

extension Aggregation: ExpressibleByArgument {}

/// `beacon series list|show|stats|forecast`: stored sensor series.
struct SeriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "series",
        abstract: "Show, summarise and forecast stored sensor series.",
        subcommands: [SeriesList.self, SeriesShow.self, SeriesStats.self, SeriesForecast.self])
}

/// Time range and bucket options shared by the series commands.
struct SeriesRange: ParsableArguments {
    @Option(help: "From this instant (ISO 8601, e.g. 2019-06-01T00:00:00Z; a bare date is in the series' time zone).") var from: String?
    @Option(help: "Up to (not including) this instant.") var to: String?

    func bounds(zone: String) throws -> (Int64?, Int64?) {
        guard let z = ZoneOffsets(zone) else { return (nil, nil) }
        func parse(_ s: String?, _ name: String) throws -> Int64? {
            guard let s else { return nil }
            guard let t = TimestampParser.parse(s, zone: z) else { throw ValidationError("--\(name) '\(s)' is not a time such as 2019-06-01T00:00:00Z") }
            return t
        }
        return (try parse(from, "from"), try parse(to, "to"))
    }

    /// Opens the store read-only, finds `sensor`'s series and this range in its time zone, runs `body` and closes
    /// the store; a missing sensor becomes a plain error.
    func withSeries(_ storeOptions: StoreOptions, _ sensor: String,
                    _ body: (CityStore, SeriesRecord, _ from: Int64?, _ to: Int64?) throws -> Void) throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        do {
            let record = try SeriesQuery.record(store: store, sensor: sensor)
            let (from, to) = try bounds(zone: record.timeZone)
            try body(store, record, from, to)
        } catch let e as IncidentError { throw CLIError(e.description) }
    }
}

func widthSeconds(_ text: String) throws -> Int64 {
    guard let w = Downsample.parseWidth(text) else { throw ValidationError("'\(text)' is not a width such as 5min, 1h, 1d, 1w") }
    return w
}

func format(_ v: Double?) -> String {
    guard let v, v.isFinite else { return "" }
    return abs(v) >= 1000 ? String(format: "%.0f", v) : abs(v) >= 10 ? String(format: "%.1f", v) : String(format: "%.3g", v)
}

struct SeriesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The stored series.")
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let list = try store.seriesList()
        if json {
            struct Out: Encodable { var sensor: String, quantity: String, unit: String, timeZone: String, readings: Int, first: String?, last: String? }
            print(try jsonText(list.map { Out(sensor: $0.sensorID, quantity: $0.quantity, unit: $0.unit, timeZone: $0.timeZone, readings: $0.readings,
                                              first: $0.firstT.map { CivilTime.iso($0) }, last: $0.lastT.map { CivilTime.iso($0) }) }))
            return
        }
        var table = TextTable("sensor", "quantity", "unit", "tz", "readings", "first", "last", rightAligned: [4])
        for s in list {
            let z = ZoneOffsets(s.timeZone)
            table.add(s.sensorID, s.quantity, s.unit, s.timeZone, String(s.readings), s.firstT.map { CivilTime.iso($0, zone: z) } ?? "",
                      s.lastT.map { CivilTime.iso($0, zone: z) } ?? "")
        }
        print(table.render())
    }
}

struct SeriesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Readings of one sensor, raw or in buckets.",
        discussion: "Example: beacon series show ex:sensor/rain-1 --bucket 1h --agg max --from 2016-07-20 --to 2016-07-21")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Sensor id.") var sensor: String
    @Option(help: "Bucket width (5min, 1h, 1d, 1w); raw readings when absent.") var bucket: String?
    @Option(help: "Aggregation in each bucket: min, max, mean, count, last, sum.") var agg: Aggregation = .mean
    @OptionGroup var range: SeriesRange
    @Option(help: "At most this many rows (the latest).") var limit: Int = 200
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try range.withSeries(storeOptions, sensor) { store, record, from, to in
            let zone = ZoneOffsets(record.timeZone)
            var rows: [(Int64, Double, Int?)] = []
            if let bucket {
                let (_, buckets, _) = try SeriesQuery.buckets(store: store, sensor: sensor, widthSeconds: try widthSeconds(bucket), from: from, to: to)
                rows = buckets.map { ($0.start, $0.value(agg), $0.count) }
            } else {
                rows = try SeriesQuery.series(store: store, sensor: sensor, from: from, to: to).readings.map { ($0.t, $0.value, nil) }
            }
            let shown = rows.suffix(limit)
            if json {
                struct Row: Encodable { var t: String; var value: Double; var count: Int? }
                print(try jsonText(shown.map { Row(t: CivilTime.iso($0.0, zone: zone), value: $0.1, count: $0.2) }))
                return
            }
            var table = TextTable("t (\(record.timeZone))", bucket.map { "\(agg.rawValue) per \($0) (\(record.unit))" } ?? "value (\(record.unit))", "readings", rightAligned: [1, 2])
            for r in shown { table.add(CivilTime.iso(r.0, zone: zone), format(r.1), r.2.map(String.init) ?? "") }
            print(table.render())
            if rows.count > limit { print("(\(rows.count - limit) earlier rows not shown; --limit)") }
        }
    }
}

struct SeriesStats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Count, span, min, max, mean of one sensor (from the hourly roll-ups).")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Sensor id.") var sensor: String
    @OptionGroup var range: SeriesRange
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try range.withSeries(storeOptions, sensor) { store, record, from, to in
            let s = try SeriesQuery.stats(store: store, sensor: sensor, from: from, to: to)
            if json { print(try jsonText(s)); return }
            let zone = ZoneOffsets(s.timeZone)
            var table = TextTable("sensor", "quantity", "unit", "readings", "first", "last", "min", "mean", "max", "last value", "step", rightAligned: [3, 6, 7, 8, 9])
            table.add(s.sensorID, s.quantity, s.unit, String(s.count), s.first.map { CivilTime.iso($0, zone: zone) } ?? "",
                      s.last.map { CivilTime.iso($0, zone: zone) } ?? "", format(s.min), format(s.mean), format(s.max), format(s.lastValue),
                      s.typicalStepSeconds.map { SeriesChecks.duration($0) } ?? "")
            print(table.render())
        }
    }
}

struct SeriesForecast: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast", abstract: "Holt–Winters forecast of one sensor with 80 % and 95 % prediction intervals.",
        discussion: "Example: beacon series forecast ex:sensor/water-flow-1-source --bucket 1h --horizon 24 --season 1d")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Sensor id.") var sensor: String
    @Option(help: "Bucket width.") var bucket: String = "1h"
    @Option(help: "Aggregation in each bucket.") var agg: Aggregation = .mean
    @Option(help: "Buckets ahead.") var horizon: Int = 24
    @Option(help: "Season length (1d, 1w).") var season: String = "1d"
    @OptionGroup var range: SeriesRange
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let width = try widthSeconds(bucket)
        let seasonSeconds = try widthSeconds(season)
        guard seasonSeconds % width == 0, seasonSeconds / width >= 2 else { throw ValidationError("--season must be a multiple (≥ 2) of --bucket") }
        try range.withSeries(storeOptions, sensor) { store, record, from, to in
            let f = try SeriesQuery.forecast(store: store, sensor: sensor, widthSeconds: width, aggregation: agg, horizon: horizon,
                                             periodBuckets: Int(seasonSeconds / width), from: from, to: to)
            let zone = ZoneOffsets(record.timeZone)
            if json {
                struct Out: Encodable {
                    var sensor: String, unit: String, alpha: Double, beta: Double, gamma: Double, phi: Double, sigma: Double
                    var backtestMASE: Double?, seasonalNaiveMASE: Double?, points: [HoltWinters.Point]
                }
                print(try jsonText(Out(sensor: sensor, unit: record.unit, alpha: f.model.alpha, beta: f.model.beta, gamma: f.model.gamma, phi: f.model.phi,
                                       sigma: f.model.sigma, backtestMASE: f.backtest?.holtWintersMASE, seasonalNaiveMASE: f.backtest?.seasonalNaiveMASE, points: f.points)))
                return
            }
            print("\(sensor): Holt–Winters (additive, damped) on \(f.history.count) × \(bucket) \(agg.rawValue), season \(season); "
                  + "α \(f.model.alpha) β \(f.model.beta) γ \(f.model.gamma) φ \(f.model.phi), one-step σ \(format(f.model.sigma)) \(record.unit)")
            if let b = f.backtest {
                print("backtest (4 folds × \(horizon)): MASE \(String(format: "%.2f", b.holtWintersMASE)) vs seasonal naive \(String(format: "%.2f", b.seasonalNaiveMASE)); "
                      + "80 % interval held \(Int((b.coverage80 * 100).rounded())) %, 95 % held \(Int((b.coverage95 * 100).rounded())) %")
            }
            var table = TextTable("t (\(record.timeZone))", "forecast", "80 % low", "80 % high", "95 % low", "95 % high", rightAligned: [1, 2, 3, 4, 5])
            for p in f.points { table.add(CivilTime.iso(p.t, zone: zone), format(p.mean), format(p.low80), format(p.high80), format(p.low95), format(p.high95)) }
            print(table.render())
        }
    }
}
