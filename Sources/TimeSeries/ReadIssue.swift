/// Something wrong or noteworthy in sensor input, with the line it was found on.
public struct ReadIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        // Rejected lines: nothing of the line is kept.
        case badTimestamp = "unparseable timestamp"
        case badValue = "unparseable value"
        case unknownUnit = "unknown unit"
        case mixedSeparators = "mixed separators"
        case badRecord = "malformed record"
        // Kept, but worth knowing.
        case missing = "missing value"
        case duplicate = "duplicate instant"
        case outOfOrder = "out of order"
        case gap = "gap"
        case spike = "spike"
        case unmapped = "unmapped sensor"

        /// True when the line (or field) was refused.
        public var isRejection: Bool {
            switch self {
            case .badTimestamp, .badValue, .unknownUnit, .mixedSeparators, .badRecord: true
            default: false
            }
        }
    }

    public let kind: Kind
    /// 1-based input line.
    public let line: Int
    public let sensor: String?
    public let message: String

    public init(_ kind: Kind, line: Int, sensor: String? = nil, _ message: String) {
        self.kind = kind
        self.line = line
        self.sensor = sensor
        self.message = message
    }

    public var description: String { "line \(line): \(kind.rawValue)" + (sensor.map { " [\($0)]" } ?? "") + ": \(message)" }
}

/// Counts of every issue kind and the first examples of each (with line numbers). Memory O(kinds × examples).
public struct ReadReport: Sendable {
    public private(set) var counts: [ReadIssue.Kind: Int] = [:]
    public private(set) var examples: [ReadIssue] = []
    public let examplesPerKind: Int
    /// Input lines seen (header included) and readings accepted.
    public var lines = 0
    public var readings = 0

    public init(examplesPerKind: Int = 5) { self.examplesPerKind = examplesPerKind }

    public mutating func record(_ issue: ReadIssue) {
        let n = counts[issue.kind, default: 0]
        counts[issue.kind] = n + 1
        if n < examplesPerKind { examples.append(issue) }
    }

    public func count(_ kind: ReadIssue.Kind) -> Int { counts[kind] ?? 0 }
    public var rejectedLines: Int { counts.filter { $0.key.isRejection }.values.reduce(0, +) }

    public mutating func merge(_ other: ReadReport) {
        for e in other.examples where count(e.kind) < examplesPerKind { examples.append(e) }
        for (k, v) in other.counts { counts[k, default: 0] += v }
        lines += other.lines
        readings += other.readings
    }

    /// One line per kind with its count and the example lines, rejections first.
    public var summary: [String] {
        ReadIssue.Kind.allCases.compactMap { kind in
            guard let n = counts[kind], n > 0 else { return nil }
            let lines = examples.filter { $0.kind == kind }.map { String($0.line) }.joined(separator: ", ")
            return "\(kind.rawValue): \(n)" + (lines.isEmpty ? "" : " (lines \(lines)\(n > examplesPerKind ? ", …" : ""))")
        }
    }
}
