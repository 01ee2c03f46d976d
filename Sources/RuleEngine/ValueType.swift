/// The type of a fact or of an expression.
public enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case number(Dimension)
    case bool
    case string
    /// A response level Ⅰ–Ⅳ; compares by severity (`I > IV`).
    case level
    /// An instant (seconds since 1970); `since(t)` gives a duration.
    case time

    public var description: String {
        switch self {
        case let .number(d): d == .none ? "number" : "number in \(d.baseUnit) (\(d.rawValue))"
        case .bool: "boolean"
        case .string: "string"
        case .level: "level (I–IV)"
        case .time: "time"
        }
    }

    /// Parses a type as written in facts.yaml: `number`, `length`, `people`, `bool`, `string`, `level`, `time`, or a unit (`mm/h`).
    public init?(name: String) {
        switch name {
        case "bool", "boolean": self = .bool
        case "string", "text": self = .string
        case "level": self = .level
        case "time": self = .time
        case "number", "count": self = .number(.none)
        default:
            if let d = Dimension(rawValue: name) { self = .number(d) }
            else if let (d, _) = Units.table[name] { self = .number(d) }
            else { return nil }
        }
    }
}

/// A response level: Ⅰ 特别重大 (most severe) … Ⅳ 一般. `severity` is 4 for Ⅰ and 1 for Ⅳ.
public enum ResponseLevel: Int, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case IV = 1, III = 2, II = 3, I = 4

    public var severity: Int { rawValue }
    public static func < (a: ResponseLevel, b: ResponseLevel) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(describing: self == .I ? "I" : self == .II ? "II" : self == .III ? "III" : "IV") }
    public var roman: String { ["Ⅳ", "Ⅲ", "Ⅱ", "Ⅰ"][rawValue - 1] }

    /// Parses `I`…`IV`, `Ⅰ`…`Ⅳ`, `1`…`4` (1 = Ⅰ).
    public init?(name: String) {
        switch name.trimmingCharacters(in: .whitespaces).uppercased() {
        case "I", "Ⅰ", "1": self = .I
        case "II", "Ⅱ", "2": self = .II
        case "III", "Ⅲ", "3": self = .III
        case "IV", "Ⅳ", "4": self = .IV
        default: return nil
        }
    }
}
