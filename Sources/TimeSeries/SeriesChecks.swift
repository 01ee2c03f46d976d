import SpatialCore
import Foundation

/// Quality checks on readings in arrival order, per series: duplicates (same instant again), out-of-order
/// instants, gaps (a step over `gapFactor` × the series' usual step) and spikes (one reading far from both
/// neighbours, which agree). Readings are never dropped here: issues are reported with their lines, and the
/// store decides what a repeated instant means. O(1) per reading, memory O(series).
public struct SeriesChecks: Sendable {
    struct State {
        var lastT: Int64 = .min
        var step: Int64 = 0
        var stepVotes = 0
        var candidate: Int64 = 0
        var v0 = Double.nan, v1 = Double.nan
        var t1: Int64 = 0
        var line1: Int32 = 0
        var scale = Double.nan
        var changes = 0
    }

    public var gapFactor: Double
    /// A spike departs from both neighbours by more than `spikeFactor` × the series' typical step change.
    public var spikeFactor: Double
    private var states: [State] = []

    public init(gapFactor: Double = 3, spikeFactor: Double = 12) {
        self.gapFactor = gapFactor
        self.spikeFactor = spikeFactor
    }

    /// Checks a batch in arrival order, recording issues in `report`.
    public mutating func check(_ batch: [SensorReading], sensors: SensorTable, report: inout ReadReport) {
        for r in batch {
            let i = Int(r.sensor)
            while states.count <= i { states.append(State()) }
            var s = states[i]
            defer { states[i] = s }
            if s.lastT != .min {
                if r.t == s.lastT {
                    report.record(ReadIssue(.duplicate, line: Int(r.line), sensor: sensors[r.sensor].sensorID,
                                            "\(CivilTime.iso(r.t)) again (value \(r.value)); the last value is kept"))
                    continue
                }
                if r.t < s.lastT {
                    report.record(ReadIssue(.outOfOrder, line: Int(r.line), sensor: sensors[r.sensor].sensorID,
                                            "\(CivilTime.iso(r.t)) after \(CivilTime.iso(s.lastT)); stored in its place"))
                    continue
                }
                let dt = r.t - s.lastT
                learnStep(&s, dt)
                if s.step > 0, Double(dt) > gapFactor * Double(s.step) {
                    report.record(ReadIssue(.gap, line: Int(r.line), sensor: sensors[r.sensor].sensorID,
                                            "no reading for \(Self.duration(dt)) before \(CivilTime.iso(r.t)) (usual step \(Self.duration(s.step)))"))
                    s.v0 = .nan; s.v1 = .nan
                }
            }
            if sensors[r.sensor].quantity != "rain rate" { spikeCheck(&s, r, sensors: sensors, report: &report) }   // showers are spiky by nature
            s.lastT = r.t
        }
    }

    /// The usual step: a step seen three times in a row becomes it.
    private func learnStep(_ s: inout State, _ dt: Int64) {
        if dt == s.candidate { s.stepVotes += 1 } else { s.candidate = dt; s.stepVotes = 1 }
        if s.stepVotes >= 3 || s.step == 0 { s.step = s.step == 0 ? dt : (s.stepVotes >= 3 ? dt : s.step) }
    }

    private func spikeCheck(_ s: inout State, _ r: SensorReading, sensors: SensorTable, report: inout ReadReport) {
        let v2 = r.value
        if !s.v0.isNaN, !s.v1.isNaN, s.changes >= 12 {
            let d1 = s.v1 - s.v0, d2 = s.v1 - v2
            let scale = s.scale.isNaN ? 0 : s.scale
            let threshold = max(spikeFactor * scale, 1e-9)
            if abs(d1) > threshold, abs(d2) > threshold, (d1 > 0) == (d2 > 0), abs(v2 - s.v0) < 0.5 * min(abs(d1), abs(d2)) {
                report.record(ReadIssue(.spike, line: Int(s.line1), sensor: sensors[r.sensor].sensorID,
                                        "\(s.v1) at \(CivilTime.iso(s.t1)) between \(s.v0) and \(v2)"))
                s.v1 = s.v0   // keep the spike out of the scale and the next comparison
            }
        }
        if !s.v1.isNaN {
            let change = abs(v2 - s.v1)
            s.scale = s.scale.isNaN ? change : 0.98 * s.scale + 0.02 * change
            s.changes += 1
        }
        s.v0 = s.v1
        s.v1 = v2
        s.t1 = r.t
        s.line1 = r.line
    }

    /// "5 min", "2 h 05 min", "3 d 4 h".
    public static func duration(_ seconds: Int64) -> String {
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        if seconds < 86_400 { return seconds % 3600 == 0 ? "\(seconds / 3600) h" : "\(seconds / 3600) h \(String(format: "%02d", seconds % 3600 / 60)) min" }
        return "\(seconds / 86_400) d" + (seconds % 86_400 >= 3600 ? " \(seconds % 86_400 / 3600) h" : "")
    }
}
