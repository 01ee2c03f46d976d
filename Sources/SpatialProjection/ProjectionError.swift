/// A PROJ failure: what Beacon was doing, and what PROJ said about it.
///
/// `message` is PROJ's own text (the last error it logged on the transformer's context, else
/// `proj_context_errno_string`); `code` is PROJ's errno (`PROJ_ERR_*`, 0 when PROJ set none).
public struct ProjectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was being done, e.g. `creating CRS EPSG:999999` or `transforming (121.5, 31.2) EPSG:4326 → EPSG:4549`.
    public var operation: String
    /// PROJ's message.
    public var message: String
    /// PROJ's error number (`proj_context_errno` / `proj_errno`), 0 when PROJ reported none.
    public var code: Int32

    public init(operation: String, message: String, code: Int32) {
        self.operation = operation
        self.message = message
        self.code = code
    }

    public var description: String {
        code == 0 ? "\(operation): \(message)" : "\(operation): \(message) (PROJ error \(code))"
    }
}
