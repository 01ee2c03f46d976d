import Foundation

/// Anomaly detection against a seasonal baseline.
///
/// Baseline at t: the median of the readings at t − k·period, k = 1…`seasons` (at least two must exist) — the same
/// hour of the same weekday in the previous weeks for a weekly period. Residual = reading − baseline, smoothed by a
/// trailing mean over `smoothingSeconds` (a leak is a lasting shift, not one noisy reading). Scale σ: an exponentially
/// weighted mean absolute smoothed residual (half-life `scaleHalfLifeSeconds`), learnt only while no alarm stands so an
/// anomaly does not teach the detector that it is normal; the first `warmupSeconds` after the baseline exists only learn.
/// Raise when the smoothed residual passes `raiseZ`·σ (in `direction`) for `holdSeconds`, clear below `clearZ`·σ.
/// O(n · seasons) time, O(n) memory.
public struct SeasonalAnomalyDetector: Sendable {
    public enum Direction: String, Sendable { case up, down, both }

    public var periodSeconds: Int64
    public var seasons: Int
    public var smoothingSeconds: Int64
    public var raiseZ: Double
    public var clearZ: Double
    public var holdSeconds: Int64
    public var scaleHalfLifeSeconds: Int64
    public var warmupSeconds: Int64
    public var direction: Direction
    /// Smallest anomaly worth an alarm, in the series' unit (so a flat series does not alarm on noise).
    public var minimumAnomaly: Double

    public init(periodSeconds: Int64 = 604_800, seasons: Int = 4, smoothingSeconds: Int64 = 86_400, raiseZ: Double = 4,
                clearZ: Double = 1.5, holdSeconds: Int64 = 3600, scaleHalfLifeSeconds: Int64 = 14 * 86_400,
                warmupSeconds: Int64 = 7 * 86_400, direction: Direction = .both, minimumAnomaly: Double = 0) {
        self.periodSeconds = periodSeconds
        self.seasons = seasons
        self.smoothingSeconds = smoothingSeconds
        self.raiseZ = raiseZ
        self.clearZ = clearZ
        self.holdSeconds = holdSeconds
        self.scaleHalfLifeSeconds = scaleHalfLifeSeconds
        self.warmupSeconds = warmupSeconds
        self.direction = direction
        self.minimumAnomaly = minimumAnomaly
    }

    /// The baseline, the smoothed residual and σ at each reading that has a baseline, and the alarm episodes.
    public struct Result: Sendable {
        public var baseline: [Reading]
        public var anomaly: [Reading]
        public var sigma: [Double]
        public var episodes: [AlarmEpisode]
    }

    public func run(_ series: Series) -> Result {
        var byTime: [Int64: Double] = [:]
        byTime.reserveCapacity(series.readings.count)
        for r in series.readings { byTime[r.t] = r.value }
        var baseline: [Reading] = [], anomaly: [Reading] = [], sigmas: [Double] = []
        var window: [Reading] = []           // residuals in the smoothing window
        var windowHead = 0, windowSum = 0.0
        var sigma = Double.nan, meanAbs = 0.0, weight = 0.0
        var firstBaseline: Int64?
        var lastT: Int64?
        var up = HysteresisMachine(holdSeconds: holdSeconds), down = HysteresisMachine(holdSeconds: holdSeconds)
        let id = series.info.sensorID, unit = series.info.unit
        var past: [Double] = []
        for r in series.readings {
            past.removeAll(keepingCapacity: true)
            for k in 1...seasons { if let v = byTime[r.t - Int64(k) * periodSeconds] { past.append(v) } }
            guard past.count >= 2 else { continue }
            past.sort()
            let b = past.count % 2 == 1 ? past[past.count / 2] : (past[past.count / 2 - 1] + past[past.count / 2]) / 2
            let residual = r.value - b
            window.append(Reading(t: r.t, value: residual))
            windowSum += residual
            while window[windowHead].t <= r.t - smoothingSeconds { windowSum -= window[windowHead].value; windowHead += 1 }
            if windowHead > 8192 { window.removeFirst(windowHead); windowHead = 0 }
            let s = windowSum / Double(window.count - windowHead)
            if firstBaseline == nil { firstBaseline = r.t }
            baseline.append(Reading(t: r.t, value: b))
            anomaly.append(Reading(t: r.t, value: s))
            let alarming = up.isOpen || down.isOpen
            let dt = Double(r.t - (lastT ?? r.t))
            lastT = r.t
            if !alarming {   // learn the scale only from normal times
                let decay = dt > 0 ? pow(0.5, dt / Double(scaleHalfLifeSeconds)) : 1
                meanAbs = meanAbs * decay + abs(s)
                weight = weight * decay + 1
                sigma = 1.25 * meanAbs / weight
            }
            sigmas.append(sigma)
            guard r.t - firstBaseline! >= warmupSeconds, sigma > 0 else { continue }
            let limit = max(raiseZ * sigma, minimumAnomaly)
            if direction != .down {
                up.step(t: r.t, x: s, raises: s >= limit, clears: s < clearZ * sigma,
                        make: { AlarmEpisode(sensorID: id, kind: .anomalyHigh, raisedAt: $0, clearedAt: nil, peak: s, peakAt: r.t, limit: limit, unit: unit) },
                        extreme: >)
            }
            if direction != .up {
                down.step(t: r.t, x: s, raises: s <= -limit, clears: s > -clearZ * sigma,
                          make: { AlarmEpisode(sensorID: id, kind: .anomalyLow, raisedAt: $0, clearedAt: nil, peak: s, peakAt: r.t, limit: -limit, unit: unit) },
                          extreme: <)
            }
        }
        let episodes = (up.finish() + down.finish()).sorted { $0.raisedAt < $1.raisedAt }
        return Result(baseline: baseline, anomaly: anomaly, sigma: sigmas, episodes: episodes)
    }
}
