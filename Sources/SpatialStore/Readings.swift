import CSQLite
import Foundation
import SpatialCore

/// What a stored series measures, and how much of it is stored.
public struct SeriesRecord: Sendable, Hashable {
    public var sensorID: String
    public var quantity: String
    public var unit: String
    /// IANA time zone of the series' local times.
    public var timeZone: String
    /// Raw readings older than this many days before the newest are dropped on ingest (roll-ups stay); nil keeps all.
    public var retentionDays: Int?
    public var firstT: Int64?
    public var lastT: Int64?
    public var readings: Int

    public init(sensorID: String, quantity: String, unit: String, timeZone: String, retentionDays: Int? = nil,
                firstT: Int64? = nil, lastT: Int64? = nil, readings: Int = 0) {
        self.sensorID = sensorID
        self.quantity = quantity
        self.unit = unit
        self.timeZone = timeZone
        self.retentionDays = retentionDays
        self.firstT = firstT
        self.lastT = lastT
        self.readings = readings
    }
}

/// One hour of one series as kept in `readings_hourly` (hour = first second of the UTC hour).
public struct HourlyRollup: Sendable, Hashable {
    public var hour: Int64
    public var count: Int
    public var min: Double, max: Double, sum: Double
    public var lastT: Int64
    public var last: Double
}

/// What an ingest transaction did to the stored readings.
public struct ReadingsOutcome: Sendable, Hashable {
    /// New (sensor, instant) rows.
    public var inserted = 0
    /// Instants already stored with another value: the new value replaced it.
    public var replaced = 0
    /// Instants already stored with the same value.
    public var unchanged = 0
    /// Repeats of one instant within the input: the last one read was kept.
    public var superseded = 0
    /// Raw readings dropped by retention (their roll-ups stay).
    public var pruned = 0

    public init() {}

    public mutating func add(_ o: ReadingsOutcome) {
        inserted += o.inserted; replaced += o.replaced; unchanged += o.unchanged; superseded += o.superseded; pruned += o.pruned
    }

    public var summary: String {
        "inserted \(inserted), replaced \(replaced), unchanged \(unchanged), superseded in input \(superseded)" + (pruned > 0 ? ", pruned \(pruned)" : "")
    }
}

/// Writes readings inside one store transaction: sorts each batch by (sensor, t) — the primary key's order, which
/// makes B-tree inserts appends instead of scattered page writes — keeps the last of repeated instants, inserts
/// with one prepared statement, resolves conflicts with stored rows (replace or unchanged, counted), and keeps the
/// hourly roll-ups in step (new rows merge into their hour; an hour with a replaced value is recomputed).
///
/// Owns its prepared statements and the C copies of the sensor ids it binds; only valid inside the transaction
/// that created it. O(b log b) per batch of b readings.
public final class ReadingsWriter {
    private let store: CityStore
    private let insert: OpaquePointer
    private let update: OpaquePointer
    private var ids: [UnsafeMutablePointer<CChar>?] = []
    private var records: [SeriesRecord?] = []
    private var touched: [Int32: (first: Int64, last: Int64, inserted: Int)] = [:]
    private var dirtyHours: Set<HourKey> = []
    private var hours: [HourKey: HourlyRollup] = [:]
    public private(set) var outcome = ReadingsOutcome()

    struct HourKey: Hashable { var sensor: Int32; var hour: Int64 }

    init(store: CityStore) throws(StoreError) {
        self.store = store
        let db = store.connection.db
        var a: OpaquePointer?, b: OpaquePointer?
        var rc = sqlite3_prepare_v2(db, "INSERT INTO readings(sensor_id, t, value) VALUES (?, ?, ?) ON CONFLICT(sensor_id, t) DO NOTHING", -1, &a, nil)
        guard rc == SQLITE_OK, let a else { throw store.connection.error(rc, "preparing the readings insert") }
        rc = sqlite3_prepare_v2(db, "UPDATE readings SET value = ?3 WHERE sensor_id = ?1 AND t = ?2 AND value IS NOT ?3", -1, &b, nil)
        guard rc == SQLITE_OK, let b else { sqlite3_finalize(a); throw store.connection.error(rc, "preparing the readings update") }
        insert = a
        update = b
    }

    deinit {
        sqlite3_finalize(insert)
        sqlite3_finalize(update)
        for p in ids { free(p) }
    }

    /// Declares the series behind reader index `index` (before writing its readings). A series already stored must
    /// keep its unit; quantity and time zone are updated. Throws naming the sensor when the unit differs.
    public func declare(index: Int32, _ series: SeriesRecord) throws(StoreError) {
        let i = Int(index)
        while ids.count <= i { ids.append(nil); records.append(nil) }
        guard records[i] == nil else { return }
        if let stored = try store.series(series.sensorID), stored.unit != series.unit {
            throw StoreError(message: "sensor \(series.sensorID) is stored in \(stored.unit); this input gives \(series.unit) — convert it or use another sensor id")
        }
        try store.connection.prepare("""
            INSERT INTO sensor_series(sensor_id, quantity, unit, tz, retention_days, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(sensor_id) DO UPDATE SET quantity = excluded.quantity, tz = excluded.tz,
              retention_days = coalesce(excluded.retention_days, retention_days), updated_at = excluded.updated_at
            """).run([.text(series.sensorID), .text(series.quantity), .text(series.unit), .text(series.timeZone),
                      series.retentionDays.map { .integer(Int64($0)) } ?? .null, .text(store.timestamp())])
        ids[i] = strdup(series.sensorID)
        records[i] = series
    }

    /// Writes one batch (reordered in place). Every reading's sensor must have been declared.
    public func write(_ batch: inout [SensorReading]) throws(StoreError) {
        guard !batch.isEmpty else { return }
        // Stable order by (sensor, t): ties keep arrival order so the last one read wins.
        batch.sort { ($0.sensor, $0.t, $0.line) < ($1.sensor, $1.t, $1.line) }
        var open: (key: HourKey, rollup: HourlyRollup)?
        var i = 0
        let n = batch.count
        var currentSensor: Int32 = -1
        while i < n {
            var r = batch[i]
            while i + 1 < n, batch[i + 1].sensor == r.sensor, batch[i + 1].t == r.t { i += 1; r = batch[i]; outcome.superseded += 1 }
            i += 1
            if r.sensor != currentSensor {
                guard Int(r.sensor) < ids.count, let id = ids[Int(r.sensor)] else {
                    throw StoreError(message: "reading for undeclared series \(r.sensor) (line \(r.line))")
                }
                sqlite3_bind_text(insert, 1, id, -1, nil)   // SQLITE_STATIC: the copy lives as long as this writer
                sqlite3_bind_text(update, 1, id, -1, nil)
                currentSensor = r.sensor
            }
            sqlite3_bind_int64(insert, 2, r.t)
            sqlite3_bind_double(insert, 3, r.value)
            let rc = sqlite3_step(insert)
            sqlite3_reset(insert)
            guard rc == SQLITE_DONE else { throw store.connection.error(rc, "inserting a reading of \(String(cString: ids[Int(r.sensor)]!)) (line \(r.line))") }
            let hour = r.t >= 0 ? r.t / 3600 * 3600 : (r.t - 3599) / 3600 * 3600
            let key = HourKey(sensor: r.sensor, hour: hour)
            if sqlite3_changes(store.connection.db) == 0 {
                sqlite3_bind_int64(update, 2, r.t)
                sqlite3_bind_double(update, 3, r.value)
                let urc = sqlite3_step(update)
                sqlite3_reset(update)
                guard urc == SQLITE_DONE else { throw store.connection.error(urc, "replacing a reading (line \(r.line))") }
                if sqlite3_changes(store.connection.db) > 0 { outcome.replaced += 1; dirtyHours.insert(key) } else { outcome.unchanged += 1 }
                continue
            }
            outcome.inserted += 1
            var span = touched[r.sensor] ?? (r.t, r.t, 0)
            span.first = min(span.first, r.t); span.last = max(span.last, r.t); span.inserted += 1
            touched[r.sensor] = span
            if var o = open, o.key == key {
                o.rollup.count += 1
                o.rollup.min = Swift.min(o.rollup.min, r.value)
                o.rollup.max = Swift.max(o.rollup.max, r.value)
                o.rollup.sum += r.value
                if r.t >= o.rollup.lastT { o.rollup.lastT = r.t; o.rollup.last = r.value }
                open = o
            } else {
                if let o = open { merge(o.key, o.rollup) }
                open = (key, HourlyRollup(hour: hour, count: 1, min: r.value, max: r.value, sum: r.value, lastT: r.t, last: r.value))
            }
        }
        if let o = open { merge(o.key, o.rollup) }
        try flushRollups()
    }

    private func merge(_ key: HourKey, _ r: HourlyRollup) {
        guard var h = hours[key] else { hours[key] = r; return }
        h.count += r.count; h.min = min(h.min, r.min); h.max = max(h.max, r.max); h.sum += r.sum
        if r.lastT >= h.lastT { h.lastT = r.lastT; h.last = r.last }
        hours[key] = h
    }

    /// Merges the new rows' hours into `readings_hourly`, then recomputes hours where a value was replaced.
    private func flushRollups() throws(StoreError) {
        if !hours.isEmpty {
            let st = try store.connection.prepare("""
                INSERT INTO readings_hourly(sensor_id, hour, n, min, max, sum, last_t, last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(sensor_id, hour) DO UPDATE SET n = n + excluded.n, min = min(min, excluded.min), max = max(max, excluded.max),
                  sum = sum + excluded.sum, last = CASE WHEN excluded.last_t >= last_t THEN excluded.last ELSE last END,
                  last_t = max(last_t, excluded.last_t)
                """)
            for (key, h) in hours.sorted(by: { ($0.key.sensor, $0.key.hour) < ($1.key.sensor, $1.key.hour) }) {
                try st.run([.text(records[Int(key.sensor)]!.sensorID), .integer(h.hour), .integer(Int64(h.count)), .real(h.min), .real(h.max),
                            .real(h.sum), .integer(h.lastT), .real(h.last)])
            }
            hours.removeAll(keepingCapacity: true)
        }
        if !dirtyHours.isEmpty {
            let st = try store.connection.prepare("""
                INSERT OR REPLACE INTO readings_hourly(sensor_id, hour, n, min, max, sum, last_t, last)
                SELECT ?1, ?2, count(*), min(value), max(value), sum(value), max(t),
                  (SELECT value FROM readings WHERE sensor_id = ?1 AND t >= ?2 AND t < ?2 + 3600 ORDER BY t DESC LIMIT 1)
                FROM readings WHERE sensor_id = ?1 AND t >= ?2 AND t < ?2 + 3600
                """)
            for key in dirtyHours { try st.run([.text(records[Int(key.sensor)]!.sensorID), .integer(key.hour)]) }
            dirtyHours.removeAll()
        }
    }

    /// Updates each touched series' span and count and applies its raw retention. Called once before commit.
    func finish() throws(StoreError) {
        let span = try store.connection.prepare("""
            UPDATE sensor_series SET first_t = min(coalesce(first_t, ?2), ?2), last_t = max(coalesce(last_t, ?3), ?3),
              readings = readings + ?4, updated_at = ?5 WHERE sensor_id = ?1
            """)
        let prune = try store.connection.prepare("DELETE FROM readings WHERE sensor_id = ? AND t < ?")
        for (sensor, s) in touched.sorted(by: { $0.key < $1.key }) {
            guard let record = records[Int(sensor)] else { continue }
            try span.run([.text(record.sensorID), .integer(s.first), .integer(s.last), .integer(Int64(s.inserted)), .text(store.timestamp())])
            if let stored = try store.series(record.sensorID), let days = stored.retentionDays, let last = stored.lastT {
                try prune.run([.text(record.sensorID), .integer(last - Int64(days) * 86_400)])
                let gone = store.connection.changes
                if gone > 0 {
                    outcome.pruned += gone
                    try store.connection.prepare("UPDATE sensor_series SET readings = readings - ?1, first_t = (SELECT min(t) FROM readings WHERE sensor_id = ?2) WHERE sensor_id = ?2")
                        .run([.integer(Int64(gone)), .text(record.sensorID)])
                }
            }
        }
        touched.removeAll()
    }
}

extension CityStore {
    /// One ingest transaction: `body` declares series and writes batches through the writer; the readings, the
    /// roll-ups, the series metadata, an `ingest_runs` row and the audit row commit together or not at all.
    /// `describe` turns the outcome into the audit detail and the run's issue summary.
    @discardableResult
    public func ingestReadings(actor: Actor, source: String, format: String, batch: Int = 0,
                               _ body: (ReadingsWriter) throws -> (readings: Int, rejectedLines: Int, issues: String)) throws -> ReadingsOutcome {
        try write(actor: actor, action: batch > 0 ? "ingest.batch" : "ingest", target: source) { tx in
            let writer = try ReadingsWriter(store: self)
            let (readings, rejected, issues) = try body(writer)
            try writer.finish()
            let o = writer.outcome
            try tx.prepare("""
                INSERT INTO ingest_runs(source, format, at, batch, readings, inserted, replaced, unchanged, rejected_lines, issues, audit_seq)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).run([.text(source), .text(format), .text(timestamp()), .integer(Int64(batch)), .integer(Int64(readings)),
                          .integer(Int64(o.inserted)), .integer(Int64(o.replaced)), .integer(Int64(o.unchanged)), .integer(Int64(rejected)),
                          .text(issues), .integer(Int64(try dataVersion() + 1))])
            var detail = "\(readings) readings (\(o.summary)); \(rejected) lines rejected"
            if !issues.isEmpty { detail += "; " + issues }
            return (o, detail)
        }
    }

    /// The series stored, by sensor id.
    public func seriesList() throws(StoreError) -> [SeriesRecord] {
        let st = try connection.prepare("SELECT sensor_id, quantity, unit, tz, retention_days, first_t, last_t, readings FROM sensor_series ORDER BY sensor_id")
        var out: [SeriesRecord] = []
        while try st.step() { out.append(Self.seriesRecord(st)) }
        return out
    }

    /// One stored series, or nil.
    public func series(_ sensorID: String) throws(StoreError) -> SeriesRecord? {
        let st = try connection.prepare("SELECT sensor_id, quantity, unit, tz, retention_days, first_t, last_t, readings FROM sensor_series WHERE sensor_id = ?")
        try st.bind([.text(sensorID)])
        return try st.step() ? Self.seriesRecord(st) : nil
    }

    private static func seriesRecord(_ st: Statement) -> SeriesRecord {
        SeriesRecord(sensorID: st.string(0) ?? "", quantity: st.string(1) ?? "", unit: st.string(2) ?? "", timeZone: st.string(3) ?? "UTC",
                     retentionDays: st.isNull(4) ? nil : Int(st.int(4)), firstT: st.isNull(5) ? nil : st.int(5),
                     lastT: st.isNull(6) ? nil : st.int(6), readings: Int(st.int(7)))
    }

    /// Raw readings of one sensor in `[from, to)` (seconds since 1970 UTC), in time order. O(k) over the primary key.
    public func readings(sensor: String, from: Int64 = .min, to: Int64 = .max) throws(StoreError) -> [SensorReading] {
        let st = try connection.prepare("SELECT t, value FROM readings WHERE sensor_id = ? AND t >= ? AND t < ? ORDER BY t")
        try st.bind([.text(sensor), .integer(from), .integer(to)])
        var out: [SensorReading] = []
        while try st.step() { out.append(SensorReading(sensor: 0, t: st.int(0), value: st.double(1))) }
        return out
    }

    /// Hourly roll-ups of one sensor whose hour starts in `[from, to)`, in time order.
    public func hourlyRollups(sensor: String, from: Int64 = .min, to: Int64 = .max) throws(StoreError) -> [HourlyRollup] {
        let st = try connection.prepare("SELECT hour, n, min, max, sum, last_t, last FROM readings_hourly WHERE sensor_id = ? AND hour >= ? AND hour < ? ORDER BY hour")
        try st.bind([.text(sensor), .integer(from), .integer(to)])
        var out: [HourlyRollup] = []
        while try st.step() {
            out.append(HourlyRollup(hour: st.int(0), count: Int(st.int(1)), min: st.double(2), max: st.double(3), sum: st.double(4),
                                    lastT: st.int(5), last: st.double(6)))
        }
        return out
    }

    /// Sets a series' raw retention (nil: keep everything), audited. Applied on the series' next ingest.
    public func setRetention(sensor: String, days: Int?, actor: Actor) throws {
        try write(actor: actor, action: "series.retention", target: sensor) { tx in
            guard try series(sensor) != nil else { throw StoreError(message: "no series '\(sensor)' in \(path)") }
            try tx.prepare("UPDATE sensor_series SET retention_days = ? WHERE sensor_id = ?").run([days.map { .integer(Int64($0)) } ?? .null, .text(sensor)])
            return ((), days.map { "raw readings kept \($0) days" } ?? "raw readings kept")
        }
    }
}
