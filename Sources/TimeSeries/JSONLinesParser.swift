import SpatialCore
import Foundation

/// JSON Lines: one object per line, `{"sensor": "…", "t": "2019-01-01T00:00:00+08:00" | 1546272000, "value": 1.2,
/// "unit": "mm/h", "quantity": "rain rate"}`; `unit` may be left out when the options give one. Empty lines are
/// skipped. O(length) per line (Foundation's JSON parser).
struct JSONLinesParser: RecordParser {
    let options: ReadOptions
    let zone: ZoneOffsets
    var hasHeader: Bool { false }

    private let decoder = JSONDecoder()

    init(options: ReadOptions, zone: ZoneOffsets) {
        self.options = options
        self.zone = zone
    }

    mutating func header(_ line: UnsafeBufferPointer<UInt8>, sensors: inout SensorTable) throws(ReadError) {}

    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, number: Int, sensors: inout SensorTable,
                        into out: inout [SensorReading], report: inout ReadReport) {
        if line.allSatisfy({ $0 == 32 || $0 == 9 }) { return }
        guard let object = try? decoder.decode(JSONLine.self, from: Data(buffer: line)) else {
            report.record(ReadIssue(.badRecord, line: number, "not a JSON object with a \"sensor\" string"))
            return
        }
        guard let name = object.sensor ?? object.sensor_id, !name.isEmpty else {
            report.record(ReadIssue(.badRecord, line: number, "no \"sensor\" string"))
            return
        }
        let unitText = object.unit ?? options.unit ?? ""
        guard let unit = SensorUnit(unitText) else {
            report.record(ReadIssue(.unknownUnit, line: number, sensor: name,
                                    unitText.isEmpty ? "no \"unit\" and no default unit" : "'\(unitText)' is not a known unit (\(SensorUnit.symbols))"))
            return
        }
        let quantity = object.quantity ?? options.quantity ?? unit.dimension
        guard let sensor = sensors.index(of: name, info: {
            SeriesInfo(sensorID: (options.idPrefix ?? "") + name, quantity: quantity, unit: unit.symbol, timeZone: options.timeZone)
        }) else {
            report.record(ReadIssue(.unmapped, line: number, sensor: name, "not in the sensor mapping; skipped"))
            return
        }
        if sensors[sensor].unit != unit.symbol {
            report.record(ReadIssue(.badRecord, line: number, sensor: name, "unit changes from \(sensors[sensor].unit) to \(unit.symbol) within the series"))
            return
        }
        var t: Int64?
        switch object.t ?? object.time ?? object.timestamp {
        case let .text(s)?: t = TimestampParser.parse(s, zone: zone)
        case let .number(n)?: t = n.isFinite ? Int64(exactly: n.rounded(.down)) : nil
        case .other?, nil: t = nil
        }
        guard let t else {
            report.record(ReadIssue(.badTimestamp, line: number, sensor: name, "\(object.t ?? object.time ?? object.timestamp ?? .other("none"))"))
            return
        }
        switch object.value {
        case let .number(v)? where v.isFinite:
            out.append(SensorReading(sensor: sensor, t: t, value: v, line: Int32(truncatingIfNeeded: number)))
        case nil: report.record(ReadIssue(.missing, line: number, sensor: name, "no value"))
        case let v?: report.record(ReadIssue(.badValue, line: number, sensor: name, "\(v) is not a number"))
        }
    }
}

/// One JSON line's fields; `t` and `value` may be numbers or text.
private struct JSONLine: Decodable {
    var sensor: String?
    var sensor_id: String?
    var t: Scalar?
    var time: Scalar?
    var timestamp: Scalar?
    var value: Scalar?
    var unit: String?
    var quantity: String?
}

/// A JSON number, a string, or anything else (true, an object …), as met; null decodes as absent.
private enum Scalar: Decodable, CustomStringConvertible {
    case number(Double), text(String), other(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .other(String(b)) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .text(s) }
        else { self = .other("a non-scalar") }
    }

    var description: String {
        switch self {
        case let .number(d): "\(d)"
        case let .text(s): "'\(s)'"
        case let .other(s): s
        }
    }
}
