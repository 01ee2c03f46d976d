import TimeSeries

/// The trends page's forecaster: TimeSeries' additive damped Holt–Winters with horizon fitting — the calls
/// `HoltWinters.fit(values, period:, horizon:)` and `forecast(steps:start:stepSeconds:)` that `beacon series forecast`
/// makes through Engine `SeriesQuery.forecast` — with its 95 % interval as the band and the 80 % one inside it.
/// Fit O(≈ 200 × n), forecast O(steps).
public struct HoltWintersForecaster: TrendForecaster {
    public init() {}

    public var name: String { "Holt–Winters 80 % / 95 %" }

    public func minimumHistory(periodSteps: Int) -> Int { 2 * periodSteps + 2 }

    public func forecast(_ history: [LineBandChart.Point], stepSeconds: Int64, periodSteps: Int, steps: Int) -> [LineBandChart.BandPoint]? {
        guard let last = history.last, let model = HoltWinters.fit(history.map(\.value), period: periodSteps, horizon: steps) else { return nil }
        return model.forecast(steps: steps, start: Int64(last.t) + stepSeconds, stepSeconds: stepSeconds).map {
            LineBandChart.BandPoint(t: Double($0.t), mean: $0.mean, lower: $0.low95, upper: $0.high95, lower80: $0.low80, upper80: $0.high80)
        }
    }
}
