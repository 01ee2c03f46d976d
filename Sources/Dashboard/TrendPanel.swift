import Foundation
import SpatialCore
import SpatialStore

/// One chart on the trends page: a series as observed, its forecast band and its anomalies.
///
/// This is the seam for the TimeSeries module: anything that can produce observed points and a band (a
/// Holt–Winters forecaster, an alarm detector) fills a `TrendPanel`, and the page draws it as it is.
public struct TrendPanel: Sendable {
    public let id: String
    public let title: String
    public let unit: String
    public var observed: [LineBandChart.Point]
    public var forecast: [LineBandChart.BandPoint] = []
    public var anomalies: [LineBandChart.Point] = []
    public var thresholds: [(value: Double, label: String)] = []
    /// How the band and anomalies were made (shown under the chart).
    public var method: String = ""

    public init(id: String, title: String, unit: String, observed: [LineBandChart.Point]) {
        self.id = id
        self.title = title
        self.unit = unit
        self.observed = observed
    }

    /// The chart for this panel.
    public func chart() -> LineBandChart {
        var c = LineBandChart(observed: observed)
        c.forecast = forecast
        c.anomalies = anomalies
        c.thresholds = thresholds
        c.unit = unit
        return c
    }
}

/// Where a panel's readings come from: seconds since 1970 UTC, oldest first, `from <= t < to`.
public protocol ReadingSource {
    func readings(sensorID: String, from: Int64, to: Int64) throws -> [StoredReading]
    /// The latest reading time of a sensor, if it has any.
    func latestTime(sensorID: String) throws -> Int64?
}

/// Readings straight from the store's `readings(sensor_id, t, value)` table.
public struct StoreReadingSource: ReadingSource {
    let store: CityStore
    public init(store: CityStore) { self.store = store }
    public func readings(sensorID: String, from: Int64, to: Int64) throws -> [StoredReading] {
        try store.storedReadings(sensorID: sensorID, from: from, to: to)
    }
    public func latestTime(sensorID: String) throws -> Int64? {
        try store.latestStoredReadings()[sensorID]?.t
    }
}

/// Makes a forecast band and finds anomalies for an observed series. The TimeSeries forecaster replaces the
/// placeholder below after the merge (conform it to this protocol and pass it to ``DashboardOptions``).
public protocol TrendForecaster: Sendable {
    /// Shown under each chart, e.g. "Holt–Winters, 95 % interval".
    var name: String { get }
    /// A band for `steps` points after the last observed one, `stepSeconds` apart, and the observed points that are anomalies.
    func band(for observed: [LineBandChart.Point], steps: Int, stepSeconds: Double) -> (forecast: [LineBandChart.BandPoint], anomalies: [LineBandChart.Point])
}

/// A placeholder forecaster: the mean of the last `window` points, flat, ± `z` standard deviations of those points
/// (widening with √h, never below zero for a series that never is); anomalies are points more than 5 scaled MADs
/// (≈ 5 σ for Gaussian noise) from the median of the `window` points before them. Deliberately simple and labelled
/// as such; O(n · window · log window).
public struct NaiveBandForecaster: TrendForecaster {
    public var window = 24
    public var z = 1.96
    public init(window: Int = 24, z: Double = 1.96) {
        self.window = window
        self.z = z
    }

    public var name: String { "naive mean ± \(Markup.number(z)) σ (placeholder)" }

    public func band(for observed: [LineBandChart.Point], steps: Int, stepSeconds: Double) -> (forecast: [LineBandChart.BandPoint], anomalies: [LineBandChart.Point]) {
        guard observed.count >= 3, let last = observed.last else { return ([], []) }
        func stats(_ s: ArraySlice<LineBandChart.Point>) -> (mean: Double, sd: Double) {
            let mean = s.reduce(0) { $0 + $1.value } / Double(s.count)
            let variance = s.reduce(0) { $0 + ($1.value - mean) * ($1.value - mean) } / Double(max(s.count - 1, 1))
            return (mean, variance.squareRoot())
        }
        func median(_ v: [Double]) -> Double { let s = v.sorted(); return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2 }
        var anomalies: [LineBandChart.Point] = []
        if observed.count > window {
            for i in window..<observed.count {
                let values = observed[(i - window)..<i].map(\.value)
                let m = median(values)
                let mad = 1.4826 * median(values.map { abs($0 - m) })
                if mad > 0, abs(observed[i].value - m) > 5 * mad { anomalies.append(observed[i]) }
            }
        }
        let floor = observed.allSatisfy { $0.value >= 0 } ? 0.0 : -Double.infinity
        let (m, sd) = stats(observed.suffix(window)[...])
        let forecast = (1...max(steps, 1)).map { h in
            let half = z * sd * Double(h).squareRoot() / Double(max(steps, 1)).squareRoot() + z * sd
            return LineBandChart.BandPoint(t: last.t + Double(h) * stepSeconds, mean: m, lower: max(floor, m - half), upper: m + half)
        }
        return (forecast, anomalies)
    }
}

/// Builds the trends page's panels.
public enum TrendPanels {
    /// One panel per sensor that has readings (alarmed sensors first, at most `limit`): the `windowSeconds` before its
    /// latest reading, a forecast over a sixth of that many points (at least 12) at its median spacing, and its thresholds.
    public static func sensors(_ sensors: [SensorSnapshot], source: any ReadingSource, forecaster: any TrendForecaster,
                               language: DashboardLanguage, windowSeconds: Int64 = 48 * 3600, limit: Int = 6) throws -> [TrendPanel] {
        let ordered = sensors.filter { $0.latest != nil }.sorted { ($0.alarm != nil ? 0 : 1, $0.feature.id) < ($1.alarm != nil ? 0 : 1, $1.feature.id) }
        return try ordered.prefix(limit).compactMap { s in
            guard let end = s.latest?.t else { return nil }
            let rows = try source.readings(sensorID: s.feature.id, from: end - windowSeconds, to: end + 1)
            guard rows.count >= 2 else { return nil }
            var p = TrendPanel(id: s.feature.id, title: s.feature.name ?? s.feature.id, unit: s.unit,
                               observed: rows.map { .init(t: Double($0.t), value: $0.value) })
            let gaps = zip(rows.dropFirst(), rows).map { Double($0.t - $1.t) }.sorted()
            let step = max(gaps[gaps.count / 2], 1)
            (p.forecast, p.anomalies) = forecaster.band(for: p.observed, steps: max(12, rows.count / 6), stepSeconds: step)
            if let h = s.high { p.thresholds.append((h, Labels.text("alarm_high", language) + " \(Markup.number(h))")) }
            if let l = s.low { p.thresholds.append((l, Labels.text("alarm_low", language) + " \(Markup.number(l))")) }
            p.method = forecaster.name
            return p
        }
    }

    /// Incidents called per day (China time) over the `days` days up to `now` — or up to the latest call when none was
    /// in those days (an exercise replayed later) — with a forecast for the next 7 days.
    public static func incidentsPerDay(_ incidents: [IncidentSnapshot], now: Date, days: Int = 30, forecaster: any TrendForecaster,
                                       language: DashboardLanguage) -> TrendPanel {
        let offset = 8.0 * 3600
        var end = now.timeIntervalSince1970
        if let latest = incidents.compactMap(\.calledAt).max(), latest < end - Double(days) * 86_400 { end = latest }
        let today = ((end + offset) / 86_400).rounded(.down)
        var counts = Array(repeating: 0.0, count: days)
        for i in incidents {
            guard let t = i.calledAt else { continue }
            let day = ((t + offset) / 86_400).rounded(.down)
            let k = Int(day - today) + days - 1
            if k >= 0 && k < days { counts[k] += 1 }
        }
        let points = counts.enumerated().map { LineBandChart.Point(t: (today - Double(days - 1 - $0.offset)) * 86_400 - offset + 43_200, value: $0.element) }
        var p = TrendPanel(id: "incidents-per-day", title: Labels.text("incidents_per_day", language), unit: Labels.text("per_day", language), observed: points)
        (p.forecast, p.anomalies) = forecaster.band(for: points, steps: 7, stepSeconds: 86_400)
        p.method = forecaster.name
        return p
    }
}
