import SpatialCore
/// Beijing PRSA station files (UCI "Beijing Multi-Site Air-Quality Data"): `No, year, month, day, hour`, the
/// measurement columns, `wd` (text, skipped) and `station`; hours are local time (Asia/Shanghai unless told).
/// Sensor ids are `prsa:<station>/<column>` (e.g. `prsa:Dongsi/RAIN`). O(length) per line.
struct PRSAParser: RecordParser {
    let options: ReadOptions
    let zone: ZoneOffsets
    var names: [String] = []
    var year = 0, month = 0, day = 0, hour = 0, station = 0
    var measured: [(column: Int, name: String, quantity: String, unit: String)] = []
    var sensorOf: [String: [Int32]] = [:]     // station → sensor index per measured column
    private var fields: [Range<Int>] = []
    var hasHeader: Bool { true }

    /// Quantity and unit of each PRSA column (CO is given in µg/m³ in this data set).
    static let columns: [String: (String, String)] = [
        "PM2.5": ("PM2.5", "ug/m3"), "PM10": ("PM10", "ug/m3"), "SO2": ("SO2", "ug/m3"), "NO2": ("NO2", "ug/m3"),
        "CO": ("CO", "ug/m3"), "O3": ("O3", "ug/m3"), "TEMP": ("air temperature", "degC"), "PRES": ("air pressure", "hPa"),
        "DEWP": ("dew point", "degC"), "RAIN": ("rain rate", "mm/h"), "WSPM": ("wind speed", "m/s"),
    ]

    init(options: ReadOptions, zone: ZoneOffsets) {
        self.options = options
        self.zone = zone
    }

    mutating func header(_ line: UnsafeBufferPointer<UInt8>, sensors: inout SensorTable) throws(ReadError) {
        splitFields(line, separator: 44, into: &fields)
        names = fields.map { fieldText(line, $0) }
        func col(_ n: String) throws(ReadError) -> Int {
            guard let i = names.firstIndex(of: n) else {
                throw ReadError("line 1: a PRSA header needs a '\(n)' column; found \(names.joined(separator: ", "))")
            }
            return i
        }
        year = try col("year"); month = try col("month"); day = try col("day"); hour = try col("hour"); station = try col("station")
        for (i, n) in names.enumerated() {
            guard let (q, u) = Self.columns[n] else { continue }
            if let wanted = options.columns, !wanted.contains(n) { continue }
            measured.append((i, n, q, u))
        }
        if let wanted = options.columns {
            let unknown = wanted.filter { w in !measured.contains { $0.name == w } }
            if !unknown.isEmpty {
                throw ReadError("no numeric PRSA column \(unknown.joined(separator: ", ")); expected some of \(Self.columns.keys.sorted().joined(separator: ", "))")
            }
        }
    }

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, number: Int, sensors: inout SensorTable,
                        into out: inout [SensorReading], report: inout ReadReport) {
        splitFields(line, separator: 44, into: &fields)
        guard fields.count == names.count else {
            if line.isEmpty { return }
            let kind: ReadIssue.Kind = separatorCounts(line).semicolon > 0 ? .mixedSeparators : .badRecord
            report.record(ReadIssue(kind, line: number, "expected \(names.count) comma-separated fields, found \(fields.count)"))
            return
        }
        func int(_ k: Int) -> Int? {
            if case let .number(v) = NumberParser.parse(UnsafeBufferPointer(rebasing: line[fields[k]]), decimalComma: false),
               v == v.rounded() { return Int(v) }
            return nil
        }
        guard let y = int(year), let m = int(month), let d = int(day), let h = int(hour),
              (1...12).contains(m), d >= 1, d <= CivilTime.daysInMonth(year: y, month: m), (0...23).contains(h) else {
            report.record(ReadIssue(.badTimestamp, line: number, "year/month/day/hour '\([year, month, day, hour].map { fieldText(line, fields[$0]) }.joined(separator: "/"))'"))
            return
        }
        let t = zone.utc(local: CivilTime.seconds(year: y, month: m, day: d, hour: h))
        let stationName = fieldText(line, fields[station])
        if sensorOf[stationName] == nil {
            sensorOf[stationName] = measured.map { c in
                let raw = "\(stationName)/\(c.name)"
                return sensors.index(of: raw) {
                    SeriesInfo(sensorID: (options.idPrefix ?? "prsa:") + raw, quantity: c.quantity, unit: c.unit, timeZone: options.timeZone)
                } ?? -1
            }
        }
        let ids = sensorOf[stationName]!
        for (k, c) in measured.enumerated() where ids[k] >= 0 {
            switch NumberParser.parse(UnsafeBufferPointer(rebasing: line[fields[c.column]]), decimalComma: false) {
            case let .number(v): out.append(SensorReading(sensor: ids[k], t: t, value: v, line: Int32(truncatingIfNeeded: number)))
            case .missing: report.record(ReadIssue(.missing, line: number, sensor: sensors[ids[k]].sensorID, "NA in \(c.name)"))
            case .invalid:
                report.record(ReadIssue(.badValue, line: number, sensor: sensors[ids[k]].sensorID, "'\(fieldText(line, fields[c.column]))' in \(c.name) is not a number"))
            }
        }
    }
}
