import CSQLite
import CSpatiaLite
import Foundation

/// An error from SQLite or SpatiaLite, with the library's message and the statement that failed.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// SQLite's primary result code (e.g. 19 = constraint), or 0 for Beacon's own checks.
    public let code: Int32
    public let message: String
    public let context: String

    public init(code: Int32 = 0, message: String, context: String = "") {
        self.code = code
        self.message = message
        self.context = context
    }

    public var description: String { context.isEmpty ? message : "\(message) (\(context))" }
    public var isConstraintViolation: Bool { code & 0xff == SQLITE_CONSTRAINT }
}

/// One SQLite connection with SpatiaLite loaded; the sole owner of its `sqlite3*` and SpatiaLite cache.
///
/// Not thread-safe: use one connection per task. Close with ``close()``; `deinit` closes a connection
/// that was forgotten. SpatiaLite order (STYLE.md): `sqlite3_close`, then `spatialite_cleanup_ex`.
final class SQLiteConnection {
    private(set) var handle: OpaquePointer?
    private var spatialiteCache: UnsafeMutableRawPointer?
    let path: String

    init(path: String, readOnly: Bool = false, create: Bool = false) throws(StoreError) {
        self.path = path
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create { flags |= SQLITE_OPEN_CREATE }
        flags |= SQLITE_OPEN_NOMUTEX
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw StoreError(code: rc, message: "cannot open \(path): \(msg)")
        }
        handle = db
        spatialiteCache = spatialite_alloc_connection()
        spatialite_init_ex(db, spatialiteCache, 0)
        sqlite3_extended_result_codes(db, 1)
    }

    /// Closes the connection; safe to call twice.
    func close() {
        guard let db = handle else { return }
        sqlite3_close_v2(db)
        handle = nil
        if let cache = spatialiteCache { spatialite_cleanup_ex(cache) }
        spatialiteCache = nil
    }

    deinit { close() }

    var db: OpaquePointer {
        guard let handle else { preconditionFailure("SQLite connection to \(path) used after close") }
        return handle
    }

    func error(_ rc: Int32, _ context: String) -> StoreError {
        StoreError(code: rc, message: String(cString: sqlite3_errmsg(db)), context: context)
    }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws(StoreError) {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
            sqlite3_free(err)
            throw StoreError(code: rc, message: msg, context: String(sql.prefix(120)))
        }
    }

    func prepare(_ sql: String) throws(StoreError) -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// The single value of a one-row query, or nil.
    func scalar(_ sql: String, _ bindings: [SQLValue] = []) throws(StoreError) -> SQLValue? {
        let st = try prepare(sql)
        try st.bind(bindings)
        return try st.step() ? st.value(0) : nil
    }

    var changes: Int { Int(sqlite3_changes(db)) }
}

/// A value crossing into or out of SQLite.
enum SQLValue: Equatable {
    case null, integer(Int64), real(Double), text(String), blob([UInt8])

    var int: Int64? { if case let .integer(i) = self { i } else if case let .real(d) = self { Int64(d) } else { nil } }
    var double: Double? { if case let .real(d) = self { d } else if case let .integer(i) = self { Double(i) } else { nil } }
    var string: String? { if case let .text(s) = self { s } else { nil } }
}

/// A prepared statement; finalized in `deinit`, holding its connection strongly so the order is safe.
final class Statement {
    private let handle: OpaquePointer
    private let connection: SQLiteConnection
    let sql: String

    init(connection: SQLiteConnection, sql: String) throws(StoreError) {
        var st: OpaquePointer?
        let rc = sqlite3_prepare_v2(connection.db, sql, -1, &st, nil)
        guard rc == SQLITE_OK, let st else { throw connection.error(rc, "preparing: \(sql.prefix(160))") }
        self.handle = st
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    func bind(_ values: [SQLValue]) throws(StoreError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (i, v) in values.enumerated() { try bind(v, at: Int32(i + 1)) }
    }

    func bind(_ v: SQLValue, at i: Int32) throws(StoreError) {
        let rc: Int32
        switch v {
        case .null: rc = sqlite3_bind_null(handle, i)
        case let .integer(x): rc = sqlite3_bind_int64(handle, i, x)
        case let .real(x): rc = sqlite3_bind_double(handle, i, x)
        case let .text(s): rc = sqlite3_bind_text(handle, i, s, -1, beacon_sqlite_transient())
        case let .blob(b):
            rc = b.withUnsafeBytes { sqlite3_bind_blob(handle, i, $0.baseAddress, Int32(b.count), beacon_sqlite_transient()) }
        }
        guard rc == SQLITE_OK else { throw connection.error(rc, "binding parameter \(i) of: \(sql.prefix(120))") }
    }

    /// Advances; true when a row is available.
    @discardableResult
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw connection.error(rc, String(sql.prefix(160)))
    }

    /// Runs to completion with the given bindings.
    func run(_ values: [SQLValue]) throws(StoreError) {
        try bind(values)
        while try step() {}
    }

    var columnCount: Int32 { sqlite3_column_count(handle) }

    func value(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, i)))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, i))
            guard n > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default: return .null
        }
    }

    func string(_ i: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        return String(cString: p)
    }

    func double(_ i: Int32) -> Double { sqlite3_column_double(handle, i) }
    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }
    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }
    func blob(_ i: Int32) -> [UInt8] {
        let n = Int(sqlite3_column_bytes(handle, i))
        guard n > 0, let p = sqlite3_column_blob(handle, i) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }
}
