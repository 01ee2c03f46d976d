import SpatialCore
/// The facts plans may read: each a dotted name with a type, e.g. `incident.deaths: people`.
///
/// Names resolve to slots once, when an expression is compiled, so evaluation indexes arrays. Immutable, Sendable.
public struct FactSchema: Sendable {
    public struct Field: Sendable, Hashable {
        public let name: String
        public let slot: Int
        public let type: ValueType
        /// For strings: the values allowed (checked when compared with a literal); empty means any.
        public let values: [String]
        /// For strings with `values`: whether `<`, `>` compare by position (warning colours blue < … < red).
        public let ordered: Bool
        public let summary: String
    }

    public private(set) var fields: [Field] = []
    private var bySlotName: [String: Int] = [:]

    public init() {}

    /// Adds a field; returns false when the name exists already.
    @discardableResult
    public mutating func add(_ name: String, _ type: ValueType, values: [String] = [], ordered: Bool = false,
                             summary: String = "") -> Bool {
        guard bySlotName[name] == nil else { return false }
        bySlotName[name] = fields.count
        fields.append(Field(name: name, slot: fields.count, type: type, values: values, ordered: ordered, summary: summary))
        return true
    }

    public subscript(name: String) -> Field? { bySlotName[name].map { fields[$0] } }
    public var count: Int { fields.count }

    /// The same schema with one field retyped (an alert rule on rain gauges reads `reading.value` in mm/h).
    public func retyping(_ name: String, as type: ValueType) -> FactSchema {
        var copy = self
        if let i = bySlotName[name] {
            let f = fields[i]
            copy.fields[i] = Field(name: f.name, slot: f.slot, type: type, values: f.values, ordered: f.ordered, summary: f.summary)
        }
        return copy
    }

    /// Names close to `name` (same last component, or one edit away), for "did you mean".
    func suggestions(for name: String) -> [String] {
        let last = name.split(separator: ".").last.map(String.init) ?? name
        return fields.map(\.name).filter { $0.hasSuffix("." + last) || $0.hasPrefix(name.split(separator: ".").first.map { $0 + "." } ?? "~") && editDistance($0, name) <= 3 }
            .prefix(3).map { $0 }
    }
}

/// Levenshtein distance, O(a·b); for short names only.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count), cur = prev
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

/// A value given for a fact, in base units.
public enum FactValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double, Dimension)
    case bool(Bool)
    case string(String)
    case level(ResponseLevel)
    /// Seconds since 1970.
    case time(Double)

    public var description: String {
        switch self {
        case let .number(v, d): v.formatted(significantDigits: 6) + (d == .none ? "" : " \(d.baseUnit)")
        case let .bool(b): b ? "true" : "false"
        case let .string(s): s
        case let .level(l): l.description
        case let .time(t): "t=\(t.formatted(significantDigits: 12))"
        }
    }
}

/// The facts known about one incident (or one reading): a slot per schema field; NaN / nil mean unknown.
public struct FactSet: Sendable {
    public let schema: FactSchema
    var numbers: [Double]
    var strings: [String?]

    public init(schema: FactSchema) {
        self.schema = schema
        numbers = Array(repeating: .nan, count: schema.count)
        strings = Array(repeating: nil, count: schema.count)
    }

    /// Sets a fact, checking its type against the schema; returns the slot.
    @discardableResult
    public mutating func set(_ name: String, _ value: FactValue) throws(FactError) -> Int {
        guard let field = schema[name] else {
            throw FactError(message: "unknown fact '\(name)'" + Self.hint(schema.suggestions(for: name)))
        }
        switch (field.type, value) {
        case let (.number(d), .number(v, vd)) where d == vd || (vd == .none && (d == .people || d == .none)):
            numbers[field.slot] = v
        case let (.bool, .bool(b)): numbers[field.slot] = b ? 1 : 0
        case let (.string, .string(s)):
            if !field.values.isEmpty, !field.values.contains(s) {
                throw FactError(message: "fact '\(name)' is one of \(field.values.joined(separator: ", ")), not '\(s)'")
            }
            strings[field.slot] = s
            numbers[field.slot] = Double(field.values.firstIndex(of: s) ?? 0)
        case let (.level, .level(l)): numbers[field.slot] = Double(l.severity)
        case let (.time, .time(t)): numbers[field.slot] = t
        default:
            throw FactError(message: "fact '\(name)' is a \(field.type), not \(value)")
        }
        return field.slot
    }

    /// Parses `text` for the field's type ("3", "2.5 t", "true", "orange", "II", an ISO time) and sets it.
    @discardableResult
    public mutating func set(_ name: String, parsing text: String) throws(FactError) -> Int {
        guard let field = schema[name] else {
            throw FactError(message: "unknown fact '\(name)'" + Self.hint(schema.suggestions(for: name)))
        }
        let value: FactValue
        switch field.type {
        case let .number(d):
            guard let (v, vd) = Units.parse(text) else {
                throw FactError(message: "fact '\(name)' expects a number" + (d == .none ? "" : " with a unit such as \(Units.names(of: d).joined(separator: ", "))") + ", not '\(text)'")
            }
            value = .number(v, vd)
        case .bool:
            guard let b = ["true": true, "yes": true, "1": true, "false": false, "no": false, "0": false][text.lowercased()] else {
                throw FactError(message: "fact '\(name)' expects true or false, not '\(text)'")
            }
            value = .bool(b)
        case .string: value = .string(text)
        case .level:
            guard let l = ResponseLevel(name: text) else { throw FactError(message: "fact '\(name)' expects I, II, III or IV, not '\(text)'") }
            value = .level(l)
        case .time:
            guard let d = ISO8601DateFormatter().date(from: text) else {
                throw FactError(message: "fact '\(name)' expects an ISO 8601 time such as 2025-08-09T14:30:00+08:00, not '\(text)'")
            }
            value = .time(d.timeIntervalSince1970)
        }
        return try set(name, value)
    }

    /// Forgets a fact.
    public mutating func clear(_ name: String) {
        guard let f = schema[name] else { return }
        numbers[f.slot] = .nan
        strings[f.slot] = nil
    }

    /// The value of a fact, or nil when unknown.
    public func value(_ name: String) -> FactValue? {
        guard let f = schema[name] else { return nil }
        return value(slot: f.slot)
    }

    public func value(slot: Int) -> FactValue? {
        let f = schema.fields[slot]
        let n = numbers[slot]
        switch f.type {
        case let .number(d): return n.isNaN ? nil : .number(n, d)
        case .bool: return n.isNaN ? nil : .bool(n != 0)
        case .string: return strings[slot].map { .string($0) }
        case .level: return n.isNaN ? nil : ResponseLevel(rawValue: Int(n)).map { .level($0) }
        case .time: return n.isNaN ? nil : .time(n)
        }
    }

    /// Every known fact, in schema order.
    public var known: [(name: String, value: FactValue)] {
        schema.fields.compactMap { f in value(slot: f.slot).map { (f.name, $0) } }
    }

    static func hint(_ names: [String]) -> String {
        names.isEmpty ? "" : "; did you mean \(names.map { "'\($0)'" }.joined(separator: " or "))?"
    }
}

/// A fact value that does not fit its schema.
public struct FactError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

import Foundation
