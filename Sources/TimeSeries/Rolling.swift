/// Trailing time windows and rates of change over readings sorted by time.
public enum Rolling {
    /// For each reading, the aggregate of the readings in `(t − windowSeconds, t]`. O(n) for every aggregation
    /// (min/max with monotonic deques, mean/sum/count with a running sum).
    public static func window(_ readings: [Reading], seconds windowSeconds: Int64, _ aggregation: Aggregation) -> [Reading] {
        var out: [Reading] = []
        out.reserveCapacity(readings.count)
        var head = 0
        var sum = 0.0
        var deque: [Int] = []       // indices, monotonic for min/max
        var dequeHead = 0
        for (i, r) in readings.enumerated() {
            sum += r.value
            while readings[head].t <= r.t - windowSeconds { sum -= readings[head].value; head += 1 }
            if aggregation == .min || aggregation == .max {
                while deque.count > dequeHead, aggregation == .min ? readings[deque.last!].value >= r.value : readings[deque.last!].value <= r.value {
                    deque.removeLast()
                }
                deque.append(i)
                while deque[dequeHead] < head { dequeHead += 1 }
                if dequeHead > 4096 { deque.removeFirst(dequeHead); dequeHead = 0 }
            }
            let n = i - head + 1
            let v: Double = switch aggregation {
            case .min, .max: readings[deque[dequeHead]].value
            case .mean: sum / Double(n)
            case .sum: sum
            case .count: Double(n)
            case .last: r.value
            }
            out.append(Reading(t: r.t, value: v))
        }
        return out
    }

    /// Rate of change per hour over a trailing window: (v(t) − v(t − w)) / Δt × 3600, using the oldest reading
    /// inside the window (none for the first reading). O(n).
    public static func ratePerHour(_ readings: [Reading], windowSeconds: Int64) -> [Reading] {
        var out: [Reading] = []
        var head = 0
        for r in readings {
            while head < out.count, readings[head].t < r.t - windowSeconds { head += 1 }
            let base = readings[head]
            if base.t < r.t { out.append(Reading(t: r.t, value: (r.value - base.value) / Double(r.t - base.t) * 3600)) }
            else { out.append(Reading(t: r.t, value: 0)) }
        }
        return out
    }
}
