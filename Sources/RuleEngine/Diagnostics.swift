/// A place in a plan file: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// One problem found in a plan file, with the offending source line and a caret under the column.
public struct PlanDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String
    /// The text of the offending line (without its newline), when known.
    public let sourceLine: String?

    public init(_ location: SourceLocation, _ message: String, sourceLine: String? = nil) {
        self.location = location
        self.message = message
        self.sourceLine = sourceLine
    }

    public var description: String {
        var s = "\(location): error: \(message)"
        if let sourceLine {
            let pad = sourceLine.unicodeScalars.prefix(max(0, location.column - 1))
                .map { $0 == "\t" ? "\t" : ($0.value > 0x2E80 ? "  " : " ") }.joined()
            s += "\n  \(sourceLine)\n  \(pad)^"
        }
        return s
    }
}

/// Every problem found in a set of plan files; a library with errors is never loaded half-way.
public struct PlanErrors: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [PlanDiagnostic]
    public init(_ diagnostics: [PlanDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
            + "\n\(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s")"
    }
}

/// The text of one file, to quote lines in diagnostics.
public struct SourceText: Sendable {
    public let file: String
    public let lines: [String]
    public init(file: String, text: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }
    public func line(_ n: Int) -> String? { n >= 1 && n <= lines.count ? lines[n - 1] : nil }
}

/// Collects diagnostics while a file is read; never stops at the first one.
final class DiagnosticSink {
    private(set) var diagnostics: [PlanDiagnostic] = []
    var isEmpty: Bool { diagnostics.isEmpty }

    func error(_ location: SourceLocation, _ message: String, in source: SourceText?) {
        diagnostics.append(PlanDiagnostic(location, message, sourceLine: source?.line(location.line)))
    }
    func append(contentsOf other: [PlanDiagnostic]) { diagnostics += other }
}
