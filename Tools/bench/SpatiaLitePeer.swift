import CSQLite
import CSpatiaLite
import Foundation
import SpatialCore

/// The SpatiaLite peer: the same points in a temporary database with `CreateSpatialIndex`, queried
/// through the R*Tree with prepared SQL statements — what a command-line lookup would do.
enum SpatiaLitePeer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One SQLite connection with SpatiaLite loaded; closed in `deinit` (sqlite3_close, then
    /// spatialite_cleanup_ex, in that order).
    final class Connection {
        let db: OpaquePointer
        private let cache: UnsafeMutableRawPointer

        init(path: String) throws {
            var handle: OpaquePointer?
            let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
            guard rc == SQLITE_OK, let handle else {
                let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
                sqlite3_close(handle)
                throw Failure(description: "\(path): \(message)")
            }
            guard let cache = spatialite_alloc_connection() else {
                sqlite3_close(handle)
                throw Failure(description: "spatialite_alloc_connection failed")
            }
            spatialite_init_ex(handle, cache, 0)
            db = handle
            self.cache = cache
        }

        deinit {
            sqlite3_close(db)
            spatialite_cleanup_ex(cache)
        }

        func execute(_ sql: String) throws {
            var message: UnsafeMutablePointer<CChar>?
            guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
                let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(db))
                sqlite3_free(message)
                throw Failure(description: "\(sql): \(text)")
            }
        }

        func prepare(_ sql: String) throws -> Statement { try Statement(self, sql) }
    }

    /// A prepared statement, finalized in `deinit`; holds its connection alive.
    final class Statement {
        let connection: Connection
        let handle: OpaquePointer

        init(_ connection: Connection, _ sql: String) throws {
            var handle: OpaquePointer?
            guard sqlite3_prepare_v2(connection.db, sql, -1, &handle, nil) == SQLITE_OK, let handle else {
                throw Failure(description: "\(sql): \(String(cString: sqlite3_errmsg(connection.db)))")
            }
            self.connection = connection
            self.handle = handle
        }

        deinit { sqlite3_finalize(handle) }

        func bind(_ values: Double...) {
            sqlite3_reset(handle)
            for (i, v) in values.enumerated() { sqlite3_bind_double(handle, Int32(i + 1), v) }
        }

        /// Steps to the next row; false when done; throws on error.
        func step() throws -> Bool {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: return true
            case SQLITE_DONE: return false
            default: throw Failure(description: String(cString: sqlite3_errmsg(connection.db)))
            }
        }

        func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
        func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    }

    static func run(_ w: IndexBenchmark.Workload, radiusMetres: Double, k: Int) -> IndexBenchmark.Figures {
        do {
            return try measure(w, radiusMetres: radiusMetres, k: k)
        } catch {
            print("SpatiaLite peer skipped: \(error)")
            return IndexBenchmark.Figures(name: "SpatiaLite", buildMilliseconds: 0, note: "skipped: \(error)")
        }
    }

    private static func measure(_ w: IndexBenchmark.Workload, radiusMetres: Double, k: Int) throws -> IndexBenchmark.Figures {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let connection = try Connection(path: directory.appendingPathComponent("points.sqlite").path)
        try connection.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; SELECT InitSpatialMetadata(1);")
        try connection.execute("CREATE TABLE pts (id INTEGER PRIMARY KEY);"
                               + "SELECT AddGeometryColumn('pts', 'geom', 4326, 'POINT', 'XY');")
        print("SpatiaLite: loading \(w.points.count) points …")
        try connection.execute("BEGIN")
        do {
            let insert = try connection.prepare("INSERT INTO pts (id, geom) VALUES (?, MakePoint(?, ?, 4326))")
            for (i, p) in w.points.enumerated() {
                insert.bind(Double(i), p.longitude, p.latitude)
                _ = try insert.step()
            }
        }
        try connection.execute("COMMIT")
        let start = nowNanoseconds()
        try connection.execute("SELECT CreateSpatialIndex('pts', 'geom')")
        let build = millisecondsSince(start)

        // The R*Tree directly: a prepared range query on idx_pts_geom (float32 boxes rounded outwards).
        let box = try connection.prepare(
            "SELECT pkid FROM idx_pts_geom WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3")
        func boxQuery(_ b: BoundingBox) throws -> [Int64] {
            box.bind(b.minLongitude, b.maxLongitude, b.minLatitude, b.maxLatitude)
            var ids: [Int64] = []
            while try box.step() { ids.append(box.int64(0)) }
            return ids
        }
        // Radius: the R*Tree prunes, the table gives the coordinates, haversine decides.
        let near = try connection.prepare(
            "SELECT id, X(geom), Y(geom) FROM pts WHERE ROWID IN (SELECT pkid FROM idx_pts_geom "
            + "WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3)")
        func radiusQuery(_ centre: Coordinate, _ b: BoundingBox, _ radiusMetres: Double) throws -> [(Int64, Double)] {
            near.bind(b.minLongitude, b.maxLongitude, b.minLatitude, b.maxLatitude)
            var found: [(Int64, Double)] = []
            while try near.step() {
                let d = Haversine.distanceMetres(centre, Coordinate(longitude: near.double(1), latitude: near.double(2)))
                if d <= radiusMetres { found.append((near.int64(0), d)) }
            }
            return found
        }
        // k-nearest: radius queries through the R*Tree with a doubling radius until k points lie
        // within it. (SpatiaLite 5.0's VirtualKNN took ~1.6 ms a query on 20,000 points; VirtualKNN2
        // arrives in 5.1.)
        func nearestQuery(_ centre: Coordinate) throws -> [(Int64, Double)] {
            var radius = radiusMetres
            while true {
                let found = try radiusQuery(centre, BoundingBox.around(centre, radiusMetres: radius), radius)
                if found.count >= k || radius > 2e7 {
                    return Array(found.sorted { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(k))
                }
                radius *= 2
            }
        }
        var failure: Error?
        func guarded<T>(_ body: () throws -> [T]) -> Int {
            do { return try body().count } catch { failure = failure ?? error; return 0 }
        }
        let boxLatency = Latency.measure(queries: w.boxes.count) { q in guarded { try boxQuery(w.boxes[q]) } }
        let radiusLatency = Latency.measure(queries: w.centres.count) { q in
            guarded { try radiusQuery(w.centres[q], w.boxes[q], radiusMetres) }
        }
        // knn "hits" are the sum of the indices found, so that the answers themselves are compared.
        let knnLatency = Latency.measure(queries: w.centres.count) { q in
            do { return try nearestQuery(w.centres[q]).reduce(0) { $0 + Int($1.0) } } catch {
                failure = failure ?? error; return 0
            }
        }
        if let failure { throw failure }
        return IndexBenchmark.Figures(name: "SpatiaLite", buildMilliseconds: build, box: boxLatency,
                                      radius: radiusLatency, nearest: knnLatency,
                                      note: "R*Tree boxes are float32 rounded outwards; knn = R*Tree radius doubling")
    }
}
