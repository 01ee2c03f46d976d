import Foundation

/// How a bucket's readings become one number.
public enum Aggregation: String, Sendable, CaseIterable, Codable {
    case min, max, mean, count, last, sum
}

/// The readings of one time bucket, summarised so buckets merge exactly (roll-ups of roll-ups):
/// count, min, max, sum, and the last reading. `start` is the bucket's first instant (seconds since 1970 UTC).
public struct Bucket: Sendable, Hashable, Codable {
    public var start: Int64
    public var count: Int
    public var min: Double
    public var max: Double
    public var sum: Double
    public var lastT: Int64
    public var last: Double

    public init(start: Int64, count: Int, min: Double, max: Double, sum: Double, lastT: Int64, last: Double) {
        self.start = start
        self.count = count
        self.min = min
        self.max = max
        self.sum = sum
        self.lastT = lastT
        self.last = last
    }

    init(start: Int64, first r: Reading) {
        self.init(start: start, count: 1, min: r.value, max: r.value, sum: r.value, lastT: r.t, last: r.value)
    }

    public var mean: Double { count > 0 ? sum / Double(count) : .nan }

    public func value(_ aggregation: Aggregation) -> Double {
        switch aggregation {
        case .min: min
        case .max: max
        case .mean: mean
        case .count: Double(count)
        case .last: last
        case .sum: sum
        }
    }

    @inline(__always)
    mutating func add(_ r: Reading) {
        count += 1
        if r.value < min { min = r.value }
        if r.value > max { max = r.value }
        sum += r.value
        if r.t >= lastT { lastT = r.t; last = r.value }
    }

    /// Adds another summary of the same bucket (or a finer bucket inside it).
    public mutating func merge(_ o: Bucket) {
        count += o.count
        min = Swift.min(min, o.min)
        max = Swift.max(max, o.max)
        sum += o.sum
        if o.lastT >= lastT { lastT = o.lastT; last = o.last }
    }
}

/// Downsampling: readings (sorted by time) into buckets of any width, aligned to the series' local midnight
/// (so a `1d` bucket is a local calendar day in Asia/Shanghai). O(n) time, O(buckets) memory.
public enum Downsample {
    /// Buckets of `widthSeconds`; empty buckets are left out. Readings must be sorted by `t`.
    public static func buckets(_ readings: [Reading], widthSeconds: Int64, zone: ZoneOffsets? = nil) -> [Bucket] {
        precondition(widthSeconds > 0, "bucket width must be positive")
        var out: [Bucket] = []
        guard let first = readings.first else { return out }
        var offset = Int64(zone?.offset(utc: first.t) ?? 0)
        var current = Bucket(start: start(of: first.t, width: widthSeconds, offset: offset), first: first)
        var end = current.start + widthSeconds
        for r in readings.dropFirst() {
            if r.t < end, r.t >= current.start { current.add(r); continue }
            out.append(current)
            if let zone, widthSeconds > 3600 { offset = Int64(zone.offset(utc: r.t)) }
            current = Bucket(start: start(of: r.t, width: widthSeconds, offset: offset), first: r)
            end = current.start + widthSeconds
        }
        out.append(current)
        return out
    }

    /// Merges finer buckets (e.g. hourly roll-ups) into coarser ones of `widthSeconds`.
    public static func merge(_ buckets: [Bucket], widthSeconds: Int64, zone: ZoneOffsets? = nil) -> [Bucket] {
        var out: [Bucket] = []
        for b in buckets {
            let offset = Int64(zone?.offset(utc: b.start) ?? 0)
            let s = start(of: b.start, width: widthSeconds, offset: offset)
            if out.last?.start == s { out[out.count - 1].merge(b) } else { var n = b; n.start = s; out.append(n) }
        }
        return out
    }

    @inline(__always)
    public static func start(of t: Int64, width: Int64, offset: Int64) -> Int64 {
        let local = t + offset
        let q = local >= 0 ? local / width : (local - width + 1) / width
        return q * width - offset
    }

    /// Parses a bucket or window width: `30s`, `5min` (or `5m`), `1h`, `1d`, `1w`. Nil when malformed.
    public static func parseWidth(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.prefix { $0.isNumber }
        guard let n = Int64(digits), n > 0 else { return nil }
        let unit = t.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        let factor: Int64? = ["s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86_400, "w": 604_800][unit]
        return factor.map { n * $0 }
    }
}
