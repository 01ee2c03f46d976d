import Foundation

/// A known event to score alarms against (a leak from a ground-truth file), times in seconds since 1970 UTC.
public struct KnownEvent: Sendable, Hashable {
    public var id: String
    public var start: Int64
    public var end: Int64
    public var note: String

    public init(id: String, start: Int64, end: Int64, note: String = "") {
        self.id = id
        self.start = start
        self.end = end
        self.note = note
    }

    /// Reads the BattLeDIM leak list (`# linkID, startTime, endTime, leakDiameter (m), leakType, peakTime`,
    /// times `YYYY-MM-DD hh:mm` in the data's clock, read as UTC like the SCADA files). Throws naming the bad line.
    public static func battLeDIM(_ text: String) throws(ReadError) -> [KnownEvent] {
        let utc = ZoneOffsets("UTC")!
        var out: [KnownEvent] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let f = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count >= 5, let s = TimestampParser.parse(f[1], zone: utc), let e = TimestampParser.parse(f[2], zone: utc) else {
                throw ReadError("line \(i + 1): expected 'link, start, end, diameter, type[, peak]' with times YYYY-MM-DD hh:mm; found '\(line)'")
            }
            out.append(KnownEvent(id: f[0], start: s, end: e, note: f[4]))
        }
        return out
    }
}

/// How alarms did against known events: which events were found and how late, and the alarms that matched none.
///
/// An event counts as found by the first alarm raised in `[start, min(end, start + horizon)]`; an alarm raised
/// inside no event's window is a false alarm. Events that began before `dataStart` cannot be found by their onset
/// and are counted apart. O(events × alarms).
public struct DetectionScore: Sendable {
    public struct Found: Sendable { public var event: KnownEvent; public var delaySeconds: Int64; public var sensorID: String }
    public var found: [Found]
    public var missed: [KnownEvent]
    public var beforeData: [KnownEvent]
    public var falseAlarms: [AlarmEpisode]
    public var alarms: Int
    public var horizonSeconds: Int64

    public init(alarms: [AlarmEpisode], events: [KnownEvent], dataStart: Int64, horizonSeconds: Int64) {
        var found: [Found] = [], missed: [KnownEvent] = [], before: [KnownEvent] = []
        for e in events.sorted(by: { $0.start < $1.start }) {
            if e.start < dataStart { before.append(e); continue }
            let until = min(e.end, e.start + horizonSeconds)
            if let a = alarms.filter({ $0.raisedAt >= e.start && $0.raisedAt <= until }).min(by: { $0.raisedAt < $1.raisedAt }) {
                found.append(Found(event: e, delaySeconds: a.raisedAt - e.start, sensorID: a.sensorID))
            } else { missed.append(e) }
        }
        let windows = events.filter { $0.start >= dataStart }.map { ($0.start, min($0.end, $0.start + horizonSeconds)) }
        falseAlarms = alarms.filter { a in !windows.contains { a.raisedAt >= $0.0 && a.raisedAt <= $0.1 } }
        self.found = found
        self.missed = missed
        self.beforeData = before
        self.alarms = alarms.count
        self.horizonSeconds = horizonSeconds
    }

    /// Median and maximum delay of the found events, seconds.
    public var medianDelaySeconds: Int64? {
        let d = found.map(\.delaySeconds).sorted()
        return d.isEmpty ? nil : d.count % 2 == 1 ? d[d.count / 2] : (d[d.count / 2 - 1] + d[d.count / 2]) / 2
    }
    public var maxDelaySeconds: Int64? { found.map(\.delaySeconds).max() }
}
