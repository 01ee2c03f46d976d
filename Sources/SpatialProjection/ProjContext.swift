import CPROJ

/// Owns one `PJ_CONTEXT` and the last error message PROJ logged on it.
///
/// PROJ contexts are not thread-safe: one context serves one thread or task at a time, which is why
/// every ``Transformer`` owns its own. Internal: no PROJ handle leaves this module.
final class ProjContext {
    let handle: OpaquePointer
    /// Receives PROJ's log lines at error level (replaces PROJ's default print to stderr).
    private let log: LogBuffer

    final class LogBuffer {
        var lastError: String?
    }

    init() throws(ProjectionError) {
        guard let ctx = proj_context_create() else {
            throw ProjectionError(operation: "creating a PROJ context", message: "proj_context_create returned NULL", code: 0)
        }
        handle = ctx
        log = LogBuffer()
        proj_log_level(ctx, PJ_LOG_ERROR)
        proj_log_func(ctx, Unmanaged.passUnretained(log).toOpaque()) { userData, _, message in
            guard let userData, let message else { return }
            let buffer = Unmanaged<LogBuffer>.fromOpaque(userData).takeUnretainedValue()
            buffer.lastError = String(cString: message)
        }
    }

    deinit {
        proj_context_destroy(handle)
    }

    /// Forgets earlier messages so that an error carries only what the failing call logged.
    func clear() {
        log.lastError = nil
    }

    /// The error PROJ reports for the last call: its logged message, else the text of `errno`.
    func error(_ operation: String, errno explicit: Int32? = nil) -> ProjectionError {
        let code = explicit ?? proj_context_errno(handle)
        var message = log.lastError ?? ""
        if code != 0, let text = proj_context_errno_string(handle, code) {
            let errnoText = String(cString: text)
            message = message.isEmpty ? errnoText : "\(message) — \(errnoText)"
        }
        if message.isEmpty { message = "PROJ gave no message" }
        return ProjectionError(operation: operation, message: message, code: code)
    }
}
