import Engine
import Foundation
import SpatialStore
import TimeSeries

/// Builds the trends page's panels: sensor series from the store (Engine `SeriesQuery`), forecast with a
/// ``TrendForecaster``, anomalies from the alarms of Engine `SensorAlarms`; and incidents per day.
public enum TrendPanels {
    /// Sensor panels use `beacon series forecast SENSOR`'s defaults: hourly means, a daily season, 24 h ahead, fitted
    /// on the last 8 weeks (`SeriesQuery.history`'s default); the chart shows the last 7 days of that history.
    public static let bucketSeconds: Int64 = 3600
    public static let seasonBuckets = 24
    public static let horizonBuckets = 24
    public static let shownBuckets = 7 * 24
    /// Sensor panels on the page (with the incidents panel, two rows of three on a 1080-pixel wall).
    public static let sensorPanelLimit = 5

    /// A series the page could show.
    struct Candidate {
        let series: SeriesSnapshot
        let sensor: SensorSnapshot?
        var id: String { series.record.sensorID }
        var kind: String { sensor?.feature.kind ?? series.record.quantity }
    }

    /// Network order on the page: lifelines first.
    static let networkOrder = ["water", "gas", "drainage", "heat", "power", "telecom"]

    /// Which series the page shows, at most `limit`, in this order: a standing alarm first; then the city's own sensors
    /// (on the map) — with alarms before without, then by network (water, gas, drainage, heat, power, telecom, none) —
    /// then series with no sensor on the map (whole city only); ties by the latest alarm, then id. At most two of a kind
    /// are taken before the rest fill the page, so one storm's rain gauges do not take every panel. Series with fewer
    /// than two readings are left out. The district filter is the situation's. O(s log s).
    static func select(_ situation: Situation, limit: Int) -> (shown: [Candidate], eligible: Int) {
        let all = situation.sensors.compactMap { s in s.series.map { Candidate(series: $0, sensor: s) } }
            + situation.unmappedSeries.map { Candidate(series: $0, sensor: nil) }
        let eligible = all.filter { $0.series.record.readings >= 2 }
        func key(_ c: Candidate) -> (Int, Int, Int, Int64) {
            let network = c.sensor?.network.flatMap { networkOrder.firstIndex(of: $0) } ?? networkOrder.count
            let group = c.series.standing != nil ? 0 : c.sensor == nil ? 3 : c.series.alarms.isEmpty ? 2 : 1
            return (group, group == 1 || group == 2 ? network : 0, c.series.alarms.isEmpty ? 1 : 0, -(c.series.alarms.last?.episode.raisedAt ?? 0))
        }
        let ordered = eligible.sorted { a, b in
            let (ka, kb) = (key(a), key(b))
            return ka != kb ? ka < kb : a.id < b.id
        }
        var shown: [Candidate] = [], perKind: [String: Int] = [:], later: [Candidate] = []
        for c in ordered {
            if shown.count < limit, perKind[c.kind, default: 0] < 2 { shown.append(c); perKind[c.kind, default: 0] += 1 } else { later.append(c) }
        }
        shown += later.prefix(limit - shown.count)
        return (shown, eligible.count)
    }

    /// One panel per selected series (``select(_:limit:)``): the last 7 days of hourly means, the forecaster's band for the
    /// next 24 hours fitted on up to 8 weeks (or a note when the history is too short), the alarm episodes raised in the
    /// shown days marked on their hour, and the sensor's thresholds. Returns the panels and how many series were eligible.
    /// O(hours read + forecaster fit) per panel.
    public static func sensors(_ situation: Situation, store: CityStore, forecaster: any TrendForecaster, language: DashboardLanguage,
                               limit: Int = sensorPanelLimit) throws -> (panels: [TrendPanel], eligible: Int) {
        let (selected, eligible) = select(situation, limit: limit)
        let panels = try selected.map { c in
            let (record, history) = try SeriesQuery.history(store: store, sensor: c.id, widthSeconds: bucketSeconds, aggregation: .mean)
            let points = history.map { LineBandChart.Point(t: Double($0.t), value: $0.value) }
            let shown = Array(points.suffix(shownBuckets))
            let title = c.sensor.map { s in
                language == .en ? s.feature.properties["name_en"]?.textValue ?? s.feature.name ?? s.feature.id : s.feature.name ?? s.feature.id
            } ?? c.id
            var p = TrendPanel(id: c.id, title: title, unit: record.unit, observed: shown)
            p.latest = c.series.latest.map { .init(t: Double($0.t), value: $0.value) }
            p.alarmCount = c.series.alarms.count
            p.standingAlarmCount = c.series.alarms.filter(\.episode.isOpen).count
            if let band = forecaster.forecast(points, stepSeconds: bucketSeconds, periodSteps: seasonBuckets, steps: horizonBuckets) {
                p.forecast = band
            } else {
                p.note = Labels.text("forecast_too_short", language)
                    + " (\(points.count) h < \(forecaster.minimumHistory(periodSteps: seasonBuckets)) h)"
            }
            if let first = shown.first {
                let marked = Set(c.series.alarms.compactMap { a -> Int? in
                    let i = Int((Double(a.episode.raisedAt) - first.t) / Double(bucketSeconds))
                    return i >= 0 && i < shown.count ? i : nil
                })
                p.anomalies = marked.sorted().map { shown[$0] }
            }
            p.thresholds = thresholds(c, language: language)
            if points.allSatisfy({ $0.value >= 0 }) { p.floor = 0 }
            p.method = "\(forecaster.name) · \(Labels.text("sensor_forecast_method", language))"
            p.command = "beacon series forecast \(c.id)"
            return p
        }
        return (panels, eligible)
    }

    /// The sensor's `alarm_low` / `alarm_high`; for a series with no sensor, the limits its threshold alarms crossed.
    static func thresholds(_ c: Candidate, language: DashboardLanguage) -> [(value: Double, label: String)] {
        var low = c.sensor?.low, high = c.sensor?.high
        if c.sensor == nil {
            high = c.series.alarms.filter { $0.episode.kind == .high }.map(\.episode.limit).min()
            low = c.series.alarms.filter { $0.episode.kind == .low }.map(\.episode.limit).max()
        }
        return (high.map { [($0, Labels.text("alarm_high", language) + " \(Markup.number($0))")] } ?? [])
            + (low.map { [($0, Labels.text("alarm_low", language) + " \(Markup.number($0))")] } ?? [])
    }

    /// Incidents called per day (China time) over the `days` days up to `now` — or up to the latest call when none was
    /// in the last `shownDays` (an exercise replayed later) — showing the last `shownDays`. A forecast for the next 7
    /// days with a weekly season comes from `forecaster` when the history (the window from the first call on record)
    /// is long enough for it (16 days for Holt–Winters) and averages at least one incident a day: sparser counts are
    /// mostly zeros, where an additive model's band means nothing, so the panel says so instead. O(incidents + days).
    public static func incidentsPerDay(_ incidents: [IncidentSnapshot], now: Date, days: Int = 56, shownDays: Int = 28,
                                       forecaster: any TrendForecaster, language: DashboardLanguage) -> TrendPanel {
        let offset = 8.0 * 3600
        let calls = incidents.compactMap(\.calledAt)
        var end = now.timeIntervalSince1970
        if let latest = calls.max(), latest < end - Double(shownDays) * 86_400 { end = latest }
        let today = ((end + offset) / 86_400).rounded(.down)
        let firstDay = calls.min().map { ((($0 + offset) / 86_400).rounded(.down)) } ?? today
        // History for the forecast: the days since the first call on record (at most `days`); the chart shows `shownDays`
        // either way (days before the first call show the zero the store records).
        let n = max(1, min(days, Int(today - firstDay) + 1))
        let m = max(n, shownDays)
        var all = Array(repeating: 0.0, count: m)
        for t in calls {
            let k = Int(((t + offset) / 86_400).rounded(.down) - today) + m - 1
            if k >= 0 && k < m { all[k] += 1 }
        }
        let points = all.enumerated().map { LineBandChart.Point(t: (today - Double(m - 1 - $0.offset)) * 86_400 - offset + 43_200, value: $0.element) }
        // A day still in progress (the window ends now) is shown but not learnt from: the forecast starts with it.
        let inProgress = end == now.timeIntervalSince1970 ? 1 : 0
        let history = Array(points.suffix(n).dropLast(inProgress)), counts = all.suffix(n).dropLast(inProgress)
        let shown = Array(points.suffix(shownDays))
        var p = TrendPanel(id: "incidents-per-day", title: Labels.text("incidents_per_day", language), unit: Labels.text("per_day", language), observed: shown)
        p.floor = 0
        let total = Int(counts.reduce(0, +)), needed = forecaster.minimumHistory(periodSteps: 7)
        if history.count >= needed, total >= history.count,
           let band = forecaster.forecast(history, stepSeconds: 86_400, periodSteps: 7, steps: 7) {
            p.forecast = band
            p.method = "\(forecaster.name) · \(Labels.text("incident_forecast_method", language))"
        } else {
            p.note = Labels.text("incident_forecast_short", language)
                .replacingOccurrences(of: "{n}", with: String(total)).replacingOccurrences(of: "{d}", with: String(history.count))
                .replacingOccurrences(of: "{min}", with: String(needed))
            p.method = Labels.text("incident_counts_method", language)
        }
        return p
    }
}
