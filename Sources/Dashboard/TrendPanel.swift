import Foundation

/// One chart on the trends page: a series as observed, its forecast band and its anomalies.
///
/// Sensor panels are filled from the store's series (Engine `SeriesQuery`), a ``TrendForecaster`` (Holt–Winters)
/// and the alarms of Engine `SensorAlarms`; the page draws a panel as it is.
public struct TrendPanel: Sendable {
    public let id: String
    public let title: String
    public let unit: String
    public var observed: [LineBandChart.Point]
    public var forecast: [LineBandChart.BandPoint] = []
    public var anomalies: [LineBandChart.Point] = []
    public var thresholds: [(value: Double, label: String)] = []
    /// The series' latest value and its time (seconds since 1970), shown in the heading; nil = the last observed point.
    public var latest: LineBandChart.Point?
    /// Alarm episodes of the series (all, and standing at the end of the data), shown in the heading.
    public var alarmCount = 0, standingAlarmCount = 0
    /// The band is drawn no lower than this (0 for series that never go below zero); the numbers stay as forecast.
    public var floor: Double?
    /// How the band and anomalies were made (shown under the chart).
    public var method: String = ""
    /// The CLI command that prints the same forecast (a tooltip on the heading).
    public var command: String = ""
    /// Why there is no band (history too short), shown instead of one.
    public var note: String = ""

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
        c.floor = floor
        return c
    }
}

/// Makes a forecast band for an evenly spaced series.
public protocol TrendForecaster: Sendable {
    /// Shown under each chart, e.g. "Holt–Winters, 80 % / 95 % intervals".
    var name: String { get }
    /// The fewest history points it forecasts from with a season of `periodSteps`.
    func minimumHistory(periodSteps: Int) -> Int
    /// `steps` points after the last of `history` (evenly spaced, `stepSeconds` apart, oldest first) with a season of
    /// `periodSteps`; nil when the history is too short.
    func forecast(_ history: [LineBandChart.Point], stepSeconds: Int64, periodSteps: Int, steps: Int) -> [LineBandChart.BandPoint]?
}
