/// One problem found in an `.inp` file, located by file, line, section and field.
public struct EPANETIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// Section name without brackets, upper case (`PIPES`).
    public var section: String
    /// The field's name (`diameter`, `node2`), or nil when the whole line is wrong.
    public var field: String?
    public var message: String

    public init(file: String, line: Int, section: String, field: String?, message: String) {
        self.file = file
        self.line = line
        self.section = section
        self.field = field
        self.message = message
    }

    /// `Net1.inp:27: [PIPES] diameter: 'abc' is not a number`.
    public var description: String {
        "\(file):\(line): [\(section)]" + (field.map { " \($0)" } ?? "") + ": \(message)"
    }
}

/// Why an EPANET file could not be read or turned into features.
public enum EPANETError: Error, Sendable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file has malformed lines; nothing was returned. `issues` holds the first
    /// ``EPANETNetwork/maximumIssues`` in file order, `totalCount` how many were found.
    case invalid(file: String, issues: [EPANETIssue], totalCount: Int)
    /// Nodes have no `[COORDINATES]` entry (the first few ids, and how many in all).
    case missingCoordinates(file: String, nodeIDs: [String], totalCount: Int)
    /// The coordinate transform failed, or gave something that is not longitude/latitude.
    case transformFailed(file: String, element: String, x: Double, y: Double, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .invalid(file, issues, total):
            let more = total > issues.count ? "\n… and \(total - issues.count) more" : ""
            return "\(file): \(total) error\(total == 1 ? "" : "s"):\n"
                + issues.map(\.description).joined(separator: "\n") + more
        case let .missingCoordinates(file, ids, total):
            let more = total > ids.count ? " … (\(total) in all)" : ""
            return "\(file): \(total) node\(total == 1 ? " has" : "s have") no [COORDINATES] entry: "
                + ids.joined(separator: ", ") + more
                + "; add coordinates or skip such nodes (and their links) explicitly"
        case let .transformFailed(file, element, x, y, reason):
            return "\(file): \(element) at (\(x), \(y)): \(reason)"
        }
    }
}
