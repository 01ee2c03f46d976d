/// One alarm from raise to clear on one series.
public struct AlarmEpisode: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case high, low, rise, drop, anomalyHigh = "anomaly_high", anomalyLow = "anomaly_low"
    }

    public var sensorID: String
    public var kind: Kind
    /// Seconds since 1970 UTC.
    public var raisedAt: Int64
    /// nil while the alarm stands at the end of the data.
    public var clearedAt: Int64?
    /// The most extreme value during the episode (the reading, the rate per hour, or the anomaly in the series' unit).
    public var peak: Double
    public var peakAt: Int64
    /// The limit crossed (value, rate per hour, or anomaly size), in the series' unit (per hour for rates).
    public var limit: Double
    public var unit: String

    public init(sensorID: String, kind: Kind, raisedAt: Int64, clearedAt: Int64?, peak: Double, peakAt: Int64, limit: Double, unit: String) {
        self.sensorID = sensorID
        self.kind = kind
        self.raisedAt = raisedAt
        self.clearedAt = clearedAt
        self.peak = peak
        self.peakAt = peakAt
        self.limit = limit
        self.unit = unit
    }

    public var isOpen: Bool { clearedAt == nil }
    public var durationSeconds: Int64? { clearedAt.map { $0 - raisedAt } }
}

/// A two-state detector with hysteresis: raise when `raise(x)` holds for `holdSeconds`, clear when `clear(x)` holds
/// for `holdSeconds`. Shared by the threshold, rate and anomaly alarms. O(n).
struct HysteresisMachine {
    let holdSeconds: Int64
    var episodes: [AlarmEpisode] = []
    private var open: AlarmEpisode?
    private var pendingSince: Int64?
    private var pendingPeak: (Double, Int64) = (0, 0)

    init(holdSeconds: Int64) { self.holdSeconds = holdSeconds }

    var isOpen: Bool { open != nil }

    /// Feeds one point; `extreme(a, b)` says whether a is more extreme than b for this alarm.
    mutating func step(t: Int64, x: Double, raises: Bool, clears: Bool, make: (Int64) -> AlarmEpisode, extreme: (Double, Double) -> Bool) {
        if var e = open {
            if extreme(x, e.peak) { e.peak = x; e.peakAt = t }
            if clears {
                if pendingSince == nil { pendingSince = t }
                if t - pendingSince! >= holdSeconds { e.clearedAt = pendingSince; episodes.append(e); open = nil; pendingSince = nil; return }
            } else { pendingSince = nil }
            open = e
        } else if raises {
            if pendingSince == nil { pendingSince = t; pendingPeak = (x, t) }
            if extreme(x, pendingPeak.0) { pendingPeak = (x, t) }
            if t - pendingSince! >= holdSeconds {
                var e = make(pendingSince!)
                e.peak = pendingPeak.0
                e.peakAt = pendingPeak.1
                open = e
                pendingSince = nil
            }
        } else { pendingSince = nil }
    }

    /// The episodes, with the one still open at the end.
    func finish() -> [AlarmEpisode] { episodes + (open.map { [$0] } ?? []) }
}

/// Threshold alarms with hysteresis: `high` raises at value ≥ high and clears below high − hysteresis; `low` raises at
/// value ≤ low and clears above low + hysteresis. A condition must last `holdSeconds` (0: one reading) to raise or clear,
/// so a reading flickering round the limit gives one alarm, not many. O(n).
public struct ThresholdAlarm: Sendable {
    public var high: Double?
    public var low: Double?
    /// In the series' unit.
    public var hysteresis: Double
    public var holdSeconds: Int64

    public init(high: Double? = nil, low: Double? = nil, hysteresis: Double, holdSeconds: Int64 = 0) {
        self.high = high
        self.low = low
        self.hysteresis = hysteresis
        self.holdSeconds = holdSeconds
    }

    public func episodes(_ series: Series) -> [AlarmEpisode] {
        var out: [AlarmEpisode] = []
        let id = series.info.sensorID, unit = series.info.unit
        if let high {
            var m = HysteresisMachine(holdSeconds: holdSeconds)
            for r in series.readings {
                m.step(t: r.t, x: r.value, raises: r.value >= high, clears: r.value < high - hysteresis,
                       make: { AlarmEpisode(sensorID: id, kind: .high, raisedAt: $0, clearedAt: nil, peak: r.value, peakAt: r.t, limit: high, unit: unit) },
                       extreme: >)
            }
            out += m.finish()
        }
        if let low {
            var m = HysteresisMachine(holdSeconds: holdSeconds)
            for r in series.readings {
                m.step(t: r.t, x: r.value, raises: r.value <= low, clears: r.value > low + hysteresis,
                       make: { AlarmEpisode(sensorID: id, kind: .low, raisedAt: $0, clearedAt: nil, peak: r.value, peakAt: r.t, limit: low, unit: unit) },
                       extreme: <)
            }
            out += m.finish()
        }
        return out.sorted { $0.raisedAt < $1.raisedAt }
    }
}

/// Rate-of-change alarms: the change per hour over a trailing window above `maxRisePerHour` or below
/// −`maxDropPerHour` (a pressure falling fast is a burst main before the level is low). Clears when the rate
/// is back within half the limit. O(n).
public struct RateAlarm: Sendable {
    public var maxRisePerHour: Double?
    public var maxDropPerHour: Double?
    public var windowSeconds: Int64
    public var holdSeconds: Int64

    public init(maxRisePerHour: Double? = nil, maxDropPerHour: Double? = nil, windowSeconds: Int64 = 900, holdSeconds: Int64 = 0) {
        self.maxRisePerHour = maxRisePerHour
        self.maxDropPerHour = maxDropPerHour
        self.windowSeconds = windowSeconds
        self.holdSeconds = holdSeconds
    }

    public func episodes(_ series: Series) -> [AlarmEpisode] {
        let rates = Rolling.ratePerHour(series.readings, windowSeconds: windowSeconds)
        let id = series.info.sensorID, unit = series.info.unit + "/h"
        var out: [AlarmEpisode] = []
        if let rise = maxRisePerHour {
            var m = HysteresisMachine(holdSeconds: holdSeconds)
            for r in rates {
                m.step(t: r.t, x: r.value, raises: r.value >= rise, clears: r.value < rise / 2,
                       make: { AlarmEpisode(sensorID: id, kind: .rise, raisedAt: $0, clearedAt: nil, peak: r.value, peakAt: r.t, limit: rise, unit: unit) },
                       extreme: >)
            }
            out += m.finish()
        }
        if let drop = maxDropPerHour {
            var m = HysteresisMachine(holdSeconds: holdSeconds)
            for r in rates {
                m.step(t: r.t, x: r.value, raises: r.value <= -drop, clears: r.value > -drop / 2,
                       make: { AlarmEpisode(sensorID: id, kind: .drop, raisedAt: $0, clearedAt: nil, peak: r.value, peakAt: r.t, limit: -drop, unit: unit) },
                       extreme: <)
            }
            out += m.finish()
        }
        return out.sorted { $0.raisedAt < $1.raisedAt }
    }
}
