import SpatialCore
/// The input formats Beacon reads sensor readings from.
public enum ReadingFormat: String, Sendable, CaseIterable {
    /// Long CSV: a header naming `sensor`, `t` (or `time`, `timestamp`), `value`, optionally `unit`, `quantity`.
    case csv
    /// JSON Lines: `{"sensor": "…", "t": "2019-01-01T00:00:00Z" or 1546300800, "value": 1.2, "unit": "mm/h"}` per line.
    case jsonl
    /// Wide CSV, one column per sensor, `Timestamp;p227;p235;PUMP_1` with `;` and decimal commas (BattLeDIM L-Town SCADA).
    case ltown
    /// Beijing PRSA station files: `"No","year","month","day","hour","PM2.5",…,"station"` in Asia/Shanghai local time.
    case prsa

    /// The format a file name suggests (`.jsonl`/`.ndjson`, `PRSA_Data_…`, `…SCADA…`), else nil.
    public static func guess(path: String) -> ReadingFormat? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { return .jsonl }
        if name.hasPrefix("PRSA_") || name.lowercased().contains("prsa") { return .prsa }
        if name.contains("SCADA") || name.lowercased().contains("ltown") { return .ltown }
        if name.hasSuffix(".csv") { return .csv }
        return nil
    }
}

/// Options every reader shares.
public struct ReadOptions: Sendable {
    /// Time zone of timestamps without an offset (and of PRSA's year/month/day/hour).
    public var timeZone: String
    /// Default quantity and unit for series whose input does not say (long CSV without a unit column, JSON without "unit").
    public var quantity: String?
    public var unit: String?
    /// Input name → store sensor id; when not empty, only these series are read.
    public var mapping: [String: String]
    /// PRSA: the measurement columns to read (default all numeric ones). Wide CSV: the columns to read (default all).
    public var columns: [String]?
    /// Prefix for sensor ids made from column names (`ltown:` → `ltown:p227`).
    public var idPrefix: String?

    public init(timeZone: String? = nil, quantity: String? = nil, unit: String? = nil, mapping: [String: String] = [:],
                columns: [String]? = nil, idPrefix: String? = nil) {
        self.timeZone = timeZone ?? "UTC"
        self.quantity = quantity
        self.unit = unit
        self.mapping = mapping
        self.columns = columns
        self.idPrefix = idPrefix
    }
}

/// A line-by-line parser of one format: turns each data line into readings, issues into the report.
protocol RecordParser {
    /// Reads the header (the first line); throws when the file cannot be this format.
    mutating func header(_ line: UnsafeBufferPointer<UInt8>, sensors: inout SensorTable) throws(ReadError)
    /// Parses one data line; appends readings and records issues.
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, number: Int, sensors: inout SensorTable,
                        into out: inout [SensorReading], report: inout ReadReport)
    /// False for formats without a header line (JSON Lines).
    var hasHeader: Bool { get }
}

/// Splits a line on a separator byte, honouring double quotes. O(length).
@inline(__always)
func splitFields(_ b: UnsafeBufferPointer<UInt8>, separator: UInt8, into fields: inout [Range<Int>]) {
    fields.removeAll(keepingCapacity: true)
    var start = 0, quoted = false
    for i in 0..<b.count {
        let c = b[i]
        if c == 34 { quoted.toggle() } else if c == separator, !quoted { fields.append(start..<i); start = i + 1 }
    }
    fields.append(start..<b.count)
}

/// The text of a field without surrounding quotes and spaces.
func fieldText(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
    var s = String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
    s = String(s.drop { $0 == " " || $0 == "\"" }.reversed().drop { $0 == " " || $0 == "\"" }.reversed())
    return s
}

/// Counts of separator bytes outside quotes, to tell `;` files from `,` files and spot lines that mix them.
func separatorCounts(_ b: UnsafeBufferPointer<UInt8>) -> (comma: Int, semicolon: Int, tab: Int) {
    var c = 0, s = 0, t = 0, quoted = false
    for x in b {
        switch x {
        case 34: quoted.toggle()
        case 44 where !quoted: c += 1
        case 59 where !quoted: s += 1
        case 9 where !quoted: t += 1
        default: break
        }
    }
    return (c, s, t)
}
