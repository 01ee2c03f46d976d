/// A GEOS failure: the operation Beacon asked for, and the message GEOS gave its error handler.
public struct GEOSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being done, e.g. `reading WKT` or `buffer`.
    public var operation: String
    /// GEOS's message (`ParseException: …`, `TopologyException: …`), or the reason Beacon rejected
    /// the result when GEOS itself did not fail.
    public var message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "GEOS \(operation): \(message)" }
}
