import Foundation

/// Additive Holt–Winters with a damped trend (ETS(A,Ad,A)) on an evenly spaced series, with prediction intervals.
///
/// Smoothing weights α, β, γ (and damping φ) are chosen by a grid search minimising the one-step squared error;
/// the state starts from the first two seasons. Intervals use the ETS(A,Ad,A) h-step variance
/// σ²(1 + Σⱼ₌₁ʰ⁻¹ cⱼ²), cⱼ = α + αβ(φ + … + φʲ) + γ·[j mod m = 0] (Hyndman et al., *Forecasting with
/// Exponential Smoothing*, 2008, table 6.1), with σ² the one-step residual variance. Fit O(grid × n), forecast O(h).
public struct HoltWinters: Sendable {
    public let period: Int
    public let alpha: Double, beta: Double, gamma: Double, phi: Double
    public let level: Double, trend: Double
    /// Seasonal terms for the next `period` steps, starting with the step after the data.
    public let season: [Double]
    /// One-step residual standard deviation, in the series' unit.
    public let sigma: Double
    public let fittedCount: Int

    /// One forecast step with its 80 % and 95 % intervals.
    public struct Point: Sendable, Codable, Hashable {
        public var t: Int64
        public var mean: Double
        public var low80: Double, high80: Double
        public var low95: Double, high95: Double
    }

    /// Fits to `values` (evenly spaced, no gaps; at least two seasons). Nil when too short.
    ///
    /// With `horizon` > 1 the weights minimise the squared error of forecasts 1…horizon steps ahead from an origin
    /// each season (what the forecast is used for) rather than the one-step error, which favours weights that chase
    /// noise; the L-Town and Beijing backtests in the README measure the difference.
    public static func fit(_ values: [Double], period: Int, horizon: Int = 1) -> HoltWinters? {
        guard period >= 2, values.count >= 2 * period + 2 else { return nil }
        var best: HoltWinters?
        var bestSSE = Double.infinity
        for alpha in [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9] {
            for beta in [0.0, 0.01, 0.05, 0.1] {
                for gamma in [0.01, 0.05, 0.1, 0.2, 0.4] where gamma <= 1 - alpha {
                    for phi in beta == 0 ? [1.0] : [0.9, 0.98] {
                        let m = run(values, period: period, alpha: alpha, beta: beta, gamma: gamma, phi: phi, horizon: horizon)
                        if m.sse < bestSSE { bestSSE = m.sse; best = m.model }
                    }
                }
            }
        }
        return best
    }

    /// Runs the recursions with fixed weights: the final state and the one-step SSE (after the first season).
    static func run(_ y: [Double], period m: Int, alpha: Double, beta: Double, gamma: Double, phi: Double,
                    horizon: Int = 1) -> (model: HoltWinters, sse: Double) {
        let first = y[0..<m].reduce(0, +) / Double(m)
        let second = y[m..<(2 * m)].reduce(0, +) / Double(m)
        var level = first
        var trend = (second - first) / Double(m)
        var season = (0..<m).map { y[$0] - first }
        var sse = 0.0, oneStep = 0.0
        var count = 0
        for t in m..<y.count {
            let s = season[t % m]
            let forecast = level + phi * trend + s
            let e = y[t] - forecast
            if horizon <= 1, t >= 2 * m { sse += e * e; count += 1 }
            if horizon > 1, t >= 2 * m, t % m == 0, t + horizon <= y.count {
                var damp = 0.0, pp = 1.0
                for h in 1...horizon {
                    pp *= phi
                    damp += pp
                    let f = level + damp * trend + season[(t + h - 1) % m]
                    let eh = y[t + h - 1] - f
                    sse += eh * eh
                }
            }
            if horizon > 1, t >= 2 * m { oneStep += e * e; count += 1 }
            let newLevel = level + phi * trend + alpha * e
            trend = phi * trend + alpha * beta * e
            season[t % m] = s + gamma * e
            level = newLevel
        }
        let next = (0..<m).map { season[(y.count + $0) % m] }
        let sigma = count > 1 ? ((horizon > 1 ? oneStep : sse) / Double(count - 1)).squareRoot() : 0
        return (HoltWinters(period: m, alpha: alpha, beta: beta, gamma: gamma, phi: phi, level: level, trend: trend,
                            season: next, sigma: sigma, fittedCount: y.count), count > 0 ? sse : .infinity)
    }

    /// Forecasts `steps` ahead; `start` is the instant of the first step and `stepSeconds` the spacing.
    public func forecast(steps: Int, start: Int64, stepSeconds: Int64) -> [Point] {
        var out: [Point] = []
        var damp = 0.0, phiPower = 1.0
        var variance = 0.0
        for h in 1...max(1, steps) {
            phiPower *= phi
            damp += phiPower
            let mean = level + damp * trend + season[(h - 1) % period]
            if h > 1 {
                let j = h - 1
                var dj = 0.0, pp = 1.0
                for _ in 1...j { pp *= phi; dj += pp }
                let c = alpha + alpha * beta * dj + (j % period == 0 ? gamma : 0)
                variance += c * c
            }
            let sd = sigma * (1 + variance).squareRoot()
            out.append(Point(t: start + Int64(h - 1) * stepSeconds, mean: mean, low80: mean - 1.2816 * sd, high80: mean + 1.2816 * sd,
                             low95: mean - 1.96 * sd, high95: mean + 1.96 * sd))
        }
        return out
    }
}

/// Evenly spaced values from buckets: empty buckets between the first and last are filled by linear interpolation
/// (forecasting needs a regular grid). Returns the values and the first bucket's start. O(n).
public enum RegularGrid {
    public static func values(_ buckets: [Bucket], widthSeconds: Int64, _ aggregation: Aggregation) -> (start: Int64, values: [Double])? {
        guard let first = buckets.first, let last = buckets.last else { return nil }
        let n = Int((last.start - first.start) / widthSeconds) + 1
        var values = [Double](repeating: .nan, count: n)
        for b in buckets { values[Int((b.start - first.start) / widthSeconds)] = b.value(aggregation) }
        var lastKnown = 0
        for i in 1..<max(1, n) where !values[i].isNaN {
            if i - lastKnown > 1 {
                for k in (lastKnown + 1)..<i {
                    let f = Double(k - lastKnown) / Double(i - lastKnown)
                    values[k] = values[lastKnown] * (1 - f) + values[i] * f
                }
            }
            lastKnown = i
        }
        return (first.start, values)
    }
}

/// Rolling-origin backtest of a forecaster against seasonal naive, scored by MASE (mean absolute scaled error:
/// MAE over the horizon divided by the in-sample MAE of the one-season naive forecast; < 1 beats the naive
/// method's in-sample error) and the share of actuals inside the 80 % / 95 % intervals. O(folds × fit).
public struct Backtest: Sendable {
    public var folds: Int
    public var horizon: Int
    public var holtWintersMASE: Double
    public var seasonalNaiveMASE: Double
    public var coverage80: Double
    public var coverage95: Double

    /// Splits the last `folds × horizon` values into folds; each fits on everything before it.
    public static func run(_ values: [Double], period: Int, horizon: Int, folds: Int) -> Backtest? {
        guard values.count >= folds * horizon + 3 * period else { return nil }
        var hw = 0.0, naive = 0.0, in80 = 0, in95 = 0, n = 0
        for f in 0..<folds {
            let cut = values.count - (folds - f) * horizon
            let train = Array(values[..<cut])
            let actual = values[cut..<(cut + horizon)]
            guard let model = HoltWinters.fit(train, period: period, horizon: horizon) else { return nil }
            var scale = 0.0
            for i in period..<train.count { scale += abs(train[i] - train[i - period]) }
            scale /= Double(train.count - period)
            guard scale > 0 else { return nil }
            let points = model.forecast(steps: horizon, start: 0, stepSeconds: 1)
            var eh = 0.0, en = 0.0
            for (h, a) in actual.enumerated() {
                let p = points[h]
                eh += abs(a - p.mean)
                en += abs(a - train[train.count - period + h % period])
                if a >= p.low80 && a <= p.high80 { in80 += 1 }
                if a >= p.low95 && a <= p.high95 { in95 += 1 }
                n += 1
            }
            hw += eh / Double(horizon) / scale
            naive += en / Double(horizon) / scale
        }
        return Backtest(folds: folds, horizon: horizon, holtWintersMASE: hw / Double(folds), seasonalNaiveMASE: naive / Double(folds),
                        coverage80: Double(in80) / Double(n), coverage95: Double(in95) / Double(n))
    }
}
