import CSQLite
import Foundation
import SpatialCore

/// Who writes: every audit row names the operator and the post (duty desk, GIS office …).
public struct Actor: Sendable, Hashable {
    public var name: String
    public var post: String
    public init(name: String, post: String) {
        self.name = name
        self.post = post
    }

    /// The current OS user at the command line, unless `BEACON_OPERATOR` / `BEACON_POST` say otherwise.
    public static var commandLine: Actor {
        let env = ProcessInfo.processInfo.environment
        return Actor(name: env["BEACON_OPERATOR"] ?? env["USER"] ?? "operator", post: env["BEACON_POST"] ?? "cli")
    }
}

/// One city's SpatiaLite database: every layer of DESIGN.md, ledgers and the audit trail.
///
/// Writes go through ``write(actor:action:target:_:)``: one `BEGIN IMMEDIATE` transaction that also
/// appends the audit row, so a killed process leaves either all of a change and its audit row or none.
/// WAL mode lets readers continue while a writer works; a writer waits up to ``busyTimeoutMilliseconds``.
/// Not thread-safe: one `CityStore` per task.
public final class CityStore {
    public static let busyTimeoutMilliseconds: Int32 = 10_000
    public let path: String
    let connection: SQLiteConnection
    let clock: @Sendable () -> Date
    /// One formatter per store: stores live in one task each, formatters are not shared across threads.
    private let formatter: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()

    private init(path: String, connection: SQLiteConnection, clock: @escaping @Sendable () -> Date) {
        self.path = path
        self.connection = connection
        self.clock = clock
    }

    /// Creates a new, empty city store; fails when the file exists. The schema is created at the latest version.
    public static func create(at path: String, cityName: String, actor: Actor,
                              clock: @escaping @Sendable () -> Date = Date.init) throws -> CityStore {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(message: "\(path) already exists; open it, or remove it to start again")
        }
        do {
            let connection = try SQLiteConnection(path: path, create: true)
            let store = CityStore(path: path, connection: connection, clock: clock)
            try store.configure()
            // Spatial metadata first, outside the audit trail (which does not exist yet).
            try connection.execute("BEGIN; SELECT InitSpatialMetadata(0, 'NONE'); SELECT InsertEpsgSrid(4326); SELECT InsertEpsgSrid(4490); COMMIT")
            try store.migrate(actor: actor)
            try store.write(actor: actor, action: "init", target: cityName) { tx in
                try tx.setMeta("city_name", cityName)
                try tx.setMeta("created_at", store.timestamp())
                try tx.setMeta("storage_srid", "4326")
                return ((), "created city store \(cityName) at schema version \(Migrations.latestVersion)")
            }
            return store
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw error
        }
    }

    /// Opens an existing store, migrating it to the latest schema version (in one audited transaction).
    /// In a ``StoreSession`` the store already open for this file and mode is returned and kept open.
    public static func open(at path: String, readOnly: Bool = false, actor: Actor = .commandLine,
                            clock: @escaping @Sendable () -> Date = Date.init) throws -> CityStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(message: "no city store at \(path); create one with `beacon init \(path)`")
        }
        if let kept = StoreSession.keptStore(path: path, readOnly: readOnly) { return kept }
        let connection = try SQLiteConnection(path: path, readOnly: readOnly)
        let store = CityStore(path: path, connection: connection, clock: clock)
        try store.configure(readOnly: readOnly)
        guard try store.connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'meta'")?.int == 1 else {
            throw StoreError(message: "\(path) is not a Beacon city store (no meta table)")
        }
        let version = try store.schemaVersion()
        if version > Migrations.latestVersion {
            throw StoreError(message: "\(path) has schema version \(version), newer than this beacon (\(Migrations.latestVersion)); upgrade beacon")
        }
        if version < Migrations.latestVersion {
            guard !readOnly else {
                throw StoreError(message: "\(path) has schema version \(version) and needs migrating to \(Migrations.latestVersion); open it read-write once")
            }
            try store.migrate(actor: actor)
        }
        StoreSession.keep(store, readOnly: readOnly)
        return store
    }

    /// Closes the connection, unless a ``StoreSession`` keeps the store open (it closes it at its end).
    public func close() {
        if !StoreSession.keeps(self) { connection.close() }
    }

    private func configure(readOnly: Bool = false) throws(StoreError) {
        sqlite3_busy_timeout(connection.db, Self.busyTimeoutMilliseconds)
        if !readOnly {
            try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        }
        try connection.execute("PRAGMA foreign_keys = ON")
    }

    /// The schema version reached (`PRAGMA user_version`).
    public func schemaVersion() throws(StoreError) -> Int {
        Int(try connection.scalar("PRAGMA user_version")?.int ?? 0)
    }

    private func migrate(actor: Actor) throws {
        let current = try schemaVersion()
        for migration in Migrations.all where migration.version > current {
            try write(actor: actor, action: "migrate", target: "schema v\(migration.version)") { tx in
                for statement in migration.statements { try tx.execute(statement) }
                try tx.execute("PRAGMA user_version = \(migration.version)")
                return ((), migration.summary)
            }
        }
    }

    // MARK: Transactions

    /// Runs `body` in one immediate transaction and appends the audit row it describes.
    ///
    /// The closure returns its result and the audit detail. Any error rolls everything back — data and
    /// audit row alike — and is rethrown.
    @discardableResult
    public func write<T>(actor: Actor, action: String, target: String,
                         _ body: (Transaction) throws -> (T, String)) throws -> T {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let tx = Transaction(store: self)
            let (result, detail) = try body(tx)
            try appendAudit(actor: actor, action: action, target: target, detail: detail)
            try connection.execute("COMMIT")
            return result
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// A write in progress; only valid inside ``write(actor:action:target:_:)``.
    public struct Transaction {
        let store: CityStore
        func execute(_ sql: String) throws(StoreError) { try store.connection.execute(sql) }
        func prepare(_ sql: String) throws(StoreError) -> Statement { try store.connection.prepare(sql) }
        func setMeta(_ key: String, _ value: String) throws(StoreError) {
            try prepare("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                .run([.text(key), .text(value)])
        }
    }

    /// Now, as ISO 8601 UTC with milliseconds (the store's one timestamp format).
    func timestamp() -> String { formatter.string(from: clock()) }

    // MARK: Metadata

    public func meta(_ key: String) throws(StoreError) -> String? {
        try connection.scalar("SELECT value FROM meta WHERE key = ?", [.text(key)])?.string
    }

    /// SQLite's `PRAGMA integrity_check`: "ok", or the problems it found.
    public func integrityCheck() throws(StoreError) -> String {
        let st = try connection.prepare("PRAGMA integrity_check")
        var lines: [String] = []
        while try st.step() { lines.append(st.string(0) ?? "") }
        return lines.joined(separator: "\n")
    }

    /// Increases with every committed write; caches derived from the store (road graphs) key on it.
    public func dataVersion() throws(StoreError) -> Int {
        Int(try connection.scalar("SELECT coalesce(max(seq), 0) FROM audit")?.int ?? 0)
    }
}
