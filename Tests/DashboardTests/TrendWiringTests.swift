@testable import Dashboard
import Engine
import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport
import TimeSeries

/// The trends and lifelines pages show the CLI's numbers: forecasts equal `SeriesQuery.forecast` (what
/// `beacon series forecast` prints), alarms equal `SensorAlarms.evaluate` (what `beacon alarms` prints).
@Suite(.serialized) struct TrendWiringTests {
    static func situation(_ store: CityStore, scope: DistrictScope = .city) throws -> Situation {
        try Situation.read(store: store, scope: scope, now: DashboardFixture.now)
    }

    @Test func trendForecastsAreTheSeriesForecastsOfTheCLI() throws {
        let store = try DashboardFixture.store()
        defer { store.close() }
        let s = try Self.situation(store)
        let (panels, eligible) = try TrendPanels.sensors(s, store: store, forecaster: HoltWintersForecaster(), language: .en)
        #expect(eligible == 5)                                          // four sensors with readings and one series with no sensor
        #expect(panels.count == 5)
        var compared = 0
        for p in panels where !p.forecast.isEmpty {
            let f = try SeriesQuery.forecast(store: store, sensor: p.id, widthSeconds: 3600, aggregation: .mean, horizon: 24, periodBuckets: 24)
            #expect(p.forecast.count == f.points.count)
            for (a, b) in zip(p.forecast, f.points) {
                #expect(a.t == Double(b.t) && a.mean == b.mean, "\(p.id) at \(b.t)")
                #expect(a.lower == b.low95 && a.upper == b.high95 && a.lower80 == b.low80 && a.upper80 == b.high80, "\(p.id) at \(b.t)")
            }
            // The chart's observed line is the forecast's history: its last hour is the last hourly mean.
            #expect(p.observed.last?.t == Double(f.history.last!.t) && p.observed.last?.value == f.history.last!.value)
            compared += 1
        }
        #expect(compared == 4)
        // Twenty hours of road water: the CLI refuses to forecast, and the panel says so instead of drawing a band.
        let water = try #require(panels.first { $0.id == "s/water" })
        #expect(water.forecast.isEmpty && water.note.contains("too little history"))
        #expect(throws: IncidentError.self) {
            try SeriesQuery.forecast(store: store, sensor: "s/water", widthSeconds: 3600, aggregation: .mean, horizon: 24, periodBuckets: 24)
        }
        // Alarmed sensors first: the rain gauge's standing alarm is marked on its hour.
        #expect(panels.first?.id == "s/rain")
        let rain = panels[0]
        #expect(rain.standingAlarmCount == 1 && rain.anomalies.count == 1)
        let raised = try #require(s.sensorAlarms.first { $0.episode.sensorID == "s/rain" }).episode.raisedAt
        #expect(rain.anomalies[0].t == Double(raised / 3600 * 3600))
    }

    @Test func alarmsAreTheAlarmsOfTheCLI() throws {
        let store = try DashboardFixture.store()
        defer { store.close() }
        let evaluated = try SensorAlarms.evaluate(store: store)
        let s = try Self.situation(store)
        #expect(s.sensorAlarms.map(\.episode) == evaluated.map(\.episode))
        #expect(Set(evaluated.map(\.episode.sensorID)) == ["s/rain", "aq/PM2.5"])
        let standing = evaluated.filter(\.episode.isOpen)
        #expect(standing.count == 1 && evaluated.count == 2)
        #expect(s.sensors.first { $0.feature.id == "s/rain" }?.alarm == "high")

        let dir = try DashboardPageTests.build(store, language: .en)
        let tile = "<div class=\"v\">\(standing.count)</div><div class=\"k\">sensor alarms standing</div><div class=\"s\">episodes \(evaluated.count)"
        #expect(try DashboardPageTests.html(dir, .overview).contains(tile))
        let lifelines = try DashboardPageTests.html(dir, .lifelines)
        #expect(lifelines.contains(tile))
        for a in evaluated {
            let at = IncidentOpening.iso(Double(a.episode.raisedAt))
            #expect(lifelines.contains(String(at.prefix(10)) + " " + String(at.dropFirst(11).prefix(5))), "\(a.episode.sensorID) raised \(at)")
        }

        // A district: the alarms of its sensors only, as `beacon alarms --sensor …` gives them.
        let west = try DistrictScope(store: store, district: "d/west")
        let ws = try Self.situation(store, scope: west)
        let ids = ws.sensors.compactMap { $0.series?.record.sensorID }
        #expect(!ids.contains("s/rain") && ws.unmappedSeries.isEmpty)
        #expect(ws.sensorAlarms.map(\.episode) == (try SensorAlarms.evaluate(store: store, sensors: ids)).map(\.episode))
        #expect(ws.standingAlarms.isEmpty)
    }

    /// Incidents with a called_at.
    static func incidents(_ calls: [Double]) -> [IncidentSnapshot] {
        calls.enumerated().map { i, t in
            IncidentSnapshot(feature: Feature(id: "i\(i)", layer: .incidents, kind: "fire", geometry: .point(Coordinate(longitude: 121.4, latitude: 31.2)),
                                              properties: ["called_at": .text(IncidentOpening.iso(t))]), events: [], tasks: [], assignments: [], hazardZones: [])
        }
    }

    @Test func incidentCountsAreForecastWhenTheHistoryAllowsIt() throws {
        // 35 days (China time) with a weekly pattern: 2 a day, 6 on every seventh day.
        let day0 = try #require(ISO8601DateFormatter().date(from: "2025-07-01T00:00:00+08:00")).timeIntervalSince1970
        var calls: [Double] = [], counts: [Double] = []
        for d in 0..<35 {
            let n = d % 7 == 5 ? 6 : 2
            counts.append(Double(n))
            for k in 0..<n { calls.append(day0 + Double(d) * 86_400 + 3600 + Double(k) * 600) }
        }
        let now = Date(timeIntervalSince1970: day0 + 34 * 86_400 + 20 * 3600)
        let p = TrendPanels.incidentsPerDay(Self.incidents(calls), now: now, forecaster: HoltWintersForecaster(), language: .en)
        // Day 34 is still in progress at `now`: shown, not learnt from; the forecast starts with it.
        let model = try #require(HoltWinters.fit(Array(counts.dropLast()), period: 7, horizon: 7))
        let expected = model.forecast(steps: 7, start: Int64(day0 + 34 * 86_400 + 12 * 3600), stepSeconds: 86_400)
        #expect(p.forecast.map(\.mean) == expected.map(\.mean))
        #expect(p.forecast.map(\.t) == expected.map { Double($0.t) })
        #expect(p.forecast.map(\.upper) == expected.map(\.high95))
        #expect(p.observed.count == 28 && p.observed.last?.value == counts.last)
        #expect(p.note.isEmpty)

        // Three days are no history (the latest call ends the window when the last 4 weeks have none): no band, and why.
        let short = TrendPanels.incidentsPerDay(Self.incidents(Array(calls.prefix(5))), now: now, forecaster: HoltWintersForecaster(), language: .en)
        #expect(short.forecast.isEmpty && short.observed.count == 28)
        #expect(short.note.contains("history 3 d, 5 incidents"))
        // Two weeks and more, but sparse (one incident a week): still no band.
        let sparse = TrendPanels.incidentsPerDay(Self.incidents((0..<5).map { day0 + Double($0) * 7 * 86_400 }), now: now,
                                                 forecaster: HoltWintersForecaster(), language: .en)
        #expect(sparse.forecast.isEmpty && sparse.note.contains("history 34 d, 5 incidents"))
    }
}
