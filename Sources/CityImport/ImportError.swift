/// Why a file could not be imported: the file, where in it (line, feature index or field) and what is wrong.
///
/// Importers collect problems and throw them together, so a user fixes a file in one pass.
public struct ImportError: Error, CustomStringConvertible, Sendable {
    public struct Problem: Error, Sendable, CustomStringConvertible {
        /// `line 12`, `features[3].geometry`, `column "lon"` …
        public let location: String
        public let message: String
        public init(_ location: String, _ message: String) {
            self.location = location
            self.message = message
        }
        public var description: String { location.isEmpty ? message : "\(location): \(message)" }
    }

    public let file: String
    public let problems: [Problem]

    public init(file: String, problems: [Problem]) {
        self.file = file
        self.problems = problems
    }

    public init(file: String, at location: String = "", _ message: String) {
        self.init(file: file, problems: [Problem(location, message)])
    }

    public var description: String {
        if problems.count == 1 { return "\(file): \(problems[0])" }
        return "\(file): \(problems.count) problems\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }

    /// How many problems to collect before giving up on a file.
    public static let limit = 25
}
