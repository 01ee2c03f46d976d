import Foundation

/// A physical dimension of a number in the expression language. Values are held in the base unit.
public enum Dimension: String, Sendable, Hashable, CaseIterable {
    /// A plain count or ratio (`%` is 0.01).
    case none
    case length      // base: metre
    case duration    // base: second
    case mass        // base: tonne
    case concentration // base: ppm
    case rainRate    // base: mm/h
    case pressure    // base: kPa
    case flow        // base: m3/h
    case speed       // base: m/s
    case people      // base: person
    case money       // base: yuan

    public var baseUnit: String {
        switch self {
        case .none: ""
        case .length: "m"
        case .duration: "s"
        case .mass: "t"
        case .concentration: "ppm"
        case .rainRate: "mm/h"
        case .pressure: "kPa"
        case .flow: "m3/h"
        case .speed: "m/s"
        case .people: "people"
        case .money: "yuan"
        }
    }
}

/// The units an expression or a fact value may carry, with their factor to the dimension's base unit.
public enum Units {
    public static let table: [String: (Dimension, Double)] = [
        "%": (.none, 0.01),
        "m": (.length, 1), "km": (.length, 1000), "cm": (.length, 0.01), "mm": (.length, 0.001),
        "s": (.duration, 1), "min": (.duration, 60), "h": (.duration, 3600), "d": (.duration, 86400),
        "t": (.mass, 1), "kg": (.mass, 0.001),
        "ppm": (.concentration, 1), "mg/m3": (.concentration, 1), // mg/m³ kept as its own scale: facts say which they use
        "mm/h": (.rainRate, 1),
        "kPa": (.pressure, 1), "MPa": (.pressure, 1000), "Pa": (.pressure, 0.001), "bar": (.pressure, 100),
        "m3/h": (.flow, 1), "L/s": (.flow, 3.6),
        "m/s": (.speed, 1), "km/h": (.speed, 1 / 3.6),
        "people": (.people, 1), "person": (.people, 1),
        "yuan": (.money, 1), "万元": (.money, 10_000), "亿元": (.money, 100_000_000),
    ]

    /// Units written as `a/b` need the parser to join three tokens.
    static let compound: Set<String> = ["mm/h", "m3/h", "L/s", "m/s", "km/h", "mg/m3"]

    /// Parses "30 mm/h", "3t", "500", "2 亿元" into a value in base units and its dimension.
    public static func parse(_ text: String) -> (Double, Dimension)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        var end = t.startIndex
        while end < t.endIndex, "0123456789.-+eE".contains(t[end]) { end = t.index(after: end) }
        // Do not swallow the "e" of a unit-less exponent-less number followed by a unit starting with e.
        guard let number = Double(t[..<end]) else { return nil }
        let unit = t[end...].trimmingCharacters(in: .whitespaces)
        if unit.isEmpty { return (number, .none) }
        guard let (dim, factor) = table[unit] else { return nil }
        return (number * factor, dim)
    }

    public static func names(of dimension: Dimension) -> [String] {
        table.filter { $0.value.0 == dimension }.map(\.key).sorted()
    }
}

