import SpatialCore
/// Wide CSV: a timestamp column then one column per sensor (BattLeDIM L-Town SCADA: `Timestamp;p227;p235;PUMP_1`,
/// `;` separators and decimal commas). Column `T1`-like names are tank levels in m, others flows in m3/h, unless
/// the options give a unit. O(length) per line.
struct WideCSVParser: RecordParser {
    let options: ReadOptions
    let zone: ZoneOffsets
    var separator: UInt8 = 59
    var decimalComma = true
    var columnNames: [String] = []
    var columnSensor: [Int32] = []    // column → sensor index, -1 skipped (column 0 is the time)
    private var fields: [Range<Int>] = []
    var hasHeader: Bool { true }

    init(options: ReadOptions, zone: ZoneOffsets) {
        self.options = options
        self.zone = zone
    }

    /// Quantity and unit of an L-Town column: `T1` tank level (m), `n…` pressure (m head), else flow (m3/h).
    static func ltownSeries(_ column: String) -> (quantity: String, unit: String) {
        let rest = column.dropFirst()
        if column.hasPrefix("T"), !rest.isEmpty, rest.allSatisfy(\.isNumber) { return ("tank level", "m") }
        if column.hasPrefix("n"), !rest.isEmpty, rest.allSatisfy(\.isNumber) { return ("pressure head", "m") }
        return ("flow", "m3/h")
    }

    mutating func header(_ line: UnsafeBufferPointer<UInt8>, sensors: inout SensorTable) throws(ReadError) {
        let counts = separatorCounts(line)
        separator = counts.semicolon > 0 ? 59 : counts.tab > 0 ? 9 : 44
        decimalComma = separator == 59
        splitFields(line, separator: separator, into: &fields)
        columnNames = fields.map { fieldText(line, $0) }
        guard columnNames.count >= 2 else {
            throw ReadError("line 1: a wide CSV header needs a timestamp column and at least one sensor column; found '\(String(decoding: line, as: UTF8.self))'")
        }
        if let unit = options.unit, SensorUnit(unit) == nil {
            throw ReadError("unknown unit '\(unit)'; expected one of \(SensorUnit.symbols)")
        }
        columnSensor = [-1]
        for name in columnNames.dropFirst() {
            if let wanted = options.columns, !wanted.contains(name) { columnSensor.append(-1); continue }
            let preset = Self.ltownSeries(name)
            let unit = options.unit ?? preset.unit
            let quantity = options.quantity ?? preset.quantity
            let id = (options.idPrefix ?? "") + name
            columnSensor.append(sensors.index(of: name) { SeriesInfo(sensorID: id, quantity: quantity, unit: unit, timeZone: options.timeZone) } ?? -1)
        }
    }

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, number: Int, sensors: inout SensorTable,
                        into out: inout [SensorReading], report: inout ReadReport) {
        splitFields(line, separator: separator, into: &fields)
        guard fields.count == columnNames.count else {
            if line.isEmpty { return }
            let c = separatorCounts(line)
            if separator == 59 ? c.comma > 0 : c.semicolon > 0 {
                report.record(ReadIssue(.mixedSeparators, line: number, "the header uses '\(Character(UnicodeScalar(separator)))' but this line has \(fields.count) fields and also uses '\(separator == 59 ? "," : ";")'"))
            } else {
                report.record(ReadIssue(.badRecord, line: number, "expected \(columnNames.count) fields, found \(fields.count)"))
            }
            return
        }
        guard let t = TimestampParser.parse(trimQuotes(UnsafeBufferPointer(rebasing: line[fields[0]])), zone: zone) else {
            report.record(ReadIssue(.badTimestamp, line: number, "'\(fieldText(line, fields[0]))'"))
            return
        }
        for k in 1..<fields.count {
            let sensor = columnSensor[k]
            guard sensor >= 0 else { continue }
            switch NumberParser.parse(UnsafeBufferPointer(rebasing: line[fields[k]]), decimalComma: decimalComma) {
            case let .number(v): out.append(SensorReading(sensor: sensor, t: t, value: v, line: Int32(truncatingIfNeeded: number)))
            case .missing: report.record(ReadIssue(.missing, line: number, sensor: sensors[sensor].sensorID, "no value in column \(columnNames[k])"))
            case .invalid:
                report.record(ReadIssue(.badValue, line: number, sensor: sensors[sensor].sensorID,
                                        "'\(fieldText(line, fields[k]))' in column \(columnNames[k]) is not a number"))
            }
        }
    }
}
