import SpatialCore
import Foundation

/// Long CSV: one reading per line, `sensor,t,value[,unit][,quantity]` in any column order (named by the header).
/// The separator is the header's (`,` `;` or tab); with `;` a decimal comma is accepted. Sensor names are
/// interned by a hash of their bytes, so a line costs no allocation once its sensor is known. O(length) per line.
struct LongCSVParser: RecordParser {
    let options: ReadOptions
    let zone: ZoneOffsets
    var separator: UInt8 = 44
    var decimalComma = false
    var columnCount = 0
    var sensorColumn = 0, timeColumn = 0, valueColumn = 0
    var unitColumn: Int?, quantityColumn: Int?
    private var fields: [Range<Int>] = []
    private var interned: [UInt64: Int32] = [:]      // hash → slot
    private var names: [[UInt8]] = []                 // slot → name bytes
    private var slotSensor: [Int32] = []              // slot → sensor index (-1 unmapped)
    private var slotUnit: [[UInt8]] = []              // slot → unit bytes as first seen
    var hasHeader: Bool { true }

    init(options: ReadOptions, zone: ZoneOffsets) {
        self.options = options
        self.zone = zone
    }

    mutating func header(_ line: UnsafeBufferPointer<UInt8>, sensors: inout SensorTable) throws(ReadError) {
        let counts = separatorCounts(line)
        separator = counts.semicolon > counts.comma ? 59 : counts.tab > counts.comma ? 9 : 44
        decimalComma = separator == 59
        splitFields(line, separator: separator, into: &fields)
        let names = fields.map { fieldText(line, $0).lowercased() }
        columnCount = names.count
        func column(_ candidates: [String]) -> Int? { names.firstIndex { candidates.contains($0) } }
        guard let s = column(["sensor", "sensor_id", "id", "series"]), let t = column(["t", "time", "timestamp", "datetime", "date"]),
              let v = column(["value", "reading", "v"]) else {
            throw ReadError("line 1: a long CSV header needs columns sensor, t (or time/timestamp) and value; found \(names.joined(separator: ", "))")
        }
        sensorColumn = s; timeColumn = t; valueColumn = v
        unitColumn = column(["unit", "units"])
        quantityColumn = column(["quantity"])
        if unitColumn == nil, options.unit == nil {
            throw ReadError("line 1: no unit column and no default unit; add a unit column or give --unit (one of \(SensorUnit.symbols))")
        }
    }

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, number: Int, sensors: inout SensorTable,
                        into out: inout [SensorReading], report: inout ReadReport) {
        splitFields(line, separator: separator, into: &fields)
        guard fields.count == columnCount else {
            if line.allSatisfy({ $0 == 32 }) { return }
            let c = separatorCounts(line)
            let other = separator == 44 ? c.semicolon : c.comma
            if other > 0, other + (separator == 44 ? c.comma : c.semicolon) >= columnCount - 1 {
                report.record(ReadIssue(.mixedSeparators, line: number, "expected \(columnCount) fields separated by '\(Character(UnicodeScalar(separator)))' as in the header; the line also uses '\(separator == 44 ? ";" : ",")'"))
            } else {
                report.record(ReadIssue(.badRecord, line: number, "expected \(columnCount) fields, found \(fields.count)"))
            }
            return
        }
        let name = UnsafeBufferPointer(rebasing: line[fields[sensorColumn]])
        let slot = intern(name)
        var sensor = slotSensor[slot]
        if sensor == -2 {   // first sight: resolve the unit and the mapping once
            sensor = resolve(slot: slot, line: line, number: number, sensors: &sensors, report: &report)
            if sensor == -2 { return }
        }
        if sensor < 0 { return }
        if let uc = unitColumn, !unitMatches(slot: slot, UnsafeBufferPointer(rebasing: line[fields[uc]])) {
            let u = fieldText(line, fields[uc])
            let sensorName = sensors[sensor].sensorID
            if SensorUnit(u) == nil {
                report.record(ReadIssue(.unknownUnit, line: number, sensor: sensorName, "'\(u)' is not a known unit (\(SensorUnit.symbols))"))
            } else {
                report.record(ReadIssue(.badRecord, line: number, sensor: sensorName, "unit changes from \(sensors[sensor].unit) to \(u) within the series"))
            }
            return
        }
        let tField = UnsafeBufferPointer(rebasing: line[fields[timeColumn]])
        guard let t = TimestampParser.parse(trimQuotes(tField), zone: zone) else {
            report.record(ReadIssue(.badTimestamp, line: number, sensor: sensors[sensor].sensorID, "'\(fieldText(line, fields[timeColumn]))'"))
            return
        }
        switch NumberParser.parse(UnsafeBufferPointer(rebasing: line[fields[valueColumn]]), decimalComma: decimalComma) {
        case let .number(v): out.append(SensorReading(sensor: sensor, t: t, value: v, line: Int32(truncatingIfNeeded: number)))
        case .missing: report.record(ReadIssue(.missing, line: number, sensor: sensors[sensor].sensorID, "no value"))
        case .invalid:
            report.record(ReadIssue(.badValue, line: number, sensor: sensors[sensor].sensorID, "'\(fieldText(line, fields[valueColumn]))' is not a number"))
        }
    }

    /// Slot of a sensor name (new slots start unresolved, -2).
    private mutating func intern(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for c in name { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        var probe = h
        while let slot = interned[probe] {
            if names[Int(slot)].elementsEqual(name) { return Int(slot) }
            probe &+= 1
        }
        interned[probe] = Int32(names.count)
        names.append(Array(name))
        slotSensor.append(-2)
        slotUnit.append([])
        return names.count - 1
    }

    private mutating func resolve(slot: Int, line: UnsafeBufferPointer<UInt8>, number: Int, sensors: inout SensorTable,
                                  report: inout ReadReport) -> Int32 {
        let raw = String(decoding: names[slot], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let unitText = unitColumn.map { fieldText(line, fields[$0]) } ?? options.unit ?? ""
        guard let unit = SensorUnit(unitText) else {
            report.record(ReadIssue(.unknownUnit, line: number, sensor: raw, "'\(unitText)' is not a known unit (\(SensorUnit.symbols))"))
            return -2
        }
        let quantity = quantityColumn.map { fieldText(line, fields[$0]) } ?? options.quantity ?? unit.dimension
        let id = (options.idPrefix ?? "") + raw
        let index = sensors.index(of: raw) { SeriesInfo(sensorID: id, quantity: quantity, unit: unit.symbol, timeZone: options.timeZone) }
        if let uc = unitColumn { slotUnit[slot] = Array(UnsafeBufferPointer(rebasing: line[fields[uc]])) }
        guard let index else {
            report.record(ReadIssue(.unmapped, line: number, sensor: raw, "not in the sensor mapping; its lines are skipped"))
            slotSensor[slot] = -1
            return -1
        }
        slotSensor[slot] = index
        return index
    }

    private func unitMatches(slot: Int, _ unit: UnsafeBufferPointer<UInt8>) -> Bool { slotUnit[slot].elementsEqual(unit) }
}

/// The bytes without surrounding double quotes and spaces.
@inline(__always)
func trimQuotes(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var i = 0, n = b.count
    while i < n, b[i] == 34 || b[i] == 32 { i += 1 }
    while n > i, b[n - 1] == 34 || b[n - 1] == 32 { n -= 1 }
    return UnsafeBufferPointer(rebasing: b[i..<n])
}
