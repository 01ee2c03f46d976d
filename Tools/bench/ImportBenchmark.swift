#if canImport(Glibc)
import Glibc
#endif
import CSQLite
import Foundation
import SpatialCore

/// `beacon-bench import`: the duty officer's cold paths, timed as a user meets them.
///
/// - Import of the Shanghai OSM file by the release `beacon` binary into a fresh store: wall time and peak
///   memory (the child's maximum resident set), beside the peer a user could pick for raw ingest — the
///   same rows (WKB blobs) written by plain SQLite in one transaction with no SpatiaLite, no checks and
///   no spatial index (the floor under any ingest).
/// - Cold start of `beacon find` on that store: median and worst wall time of separate processes.
struct ImportBenchmark {
    let arguments: [String]

    func run() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let beacon = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("beacon")
        let osm = root.appendingPathComponent("MapData/shanghai_center_roads_2025.osm")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-bench-import-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("shanghai.beacon.sqlite").path
        guard FileManager.default.isExecutableFile(atPath: beacon.path) else {
            print("build the beacon product first (swift build -c release --product beacon)")
            return
        }

        _ = Self.child(beacon, ["init", store])
        let imported = Self.child(beacon, ["import", "osm", "--store", store, osm.path])
        print("import osm (Shanghai, 4,701 ways, 21,786 nodes) → store: \(Self.format(imported.seconds)) wall, peak RSS \(imported.maxRSSKilobytes / 1024) MB")

        // Peer: the same number of rows as raw SQLite ingest (no SpatiaLite, no checks, no index).
        let rows = Self.storedRows(store)
        let raw = Self.rawSQLiteIngest(rows: rows, path: dir.appendingPathComponent("raw.sqlite").path)
        print("raw SQLite ingest of the same \(rows.count) rows (WKB blobs, one transaction): \(Self.format(raw))")
        print("ratio beacon import / raw ingest: \(String(format: "%.1f", imported.seconds / raw))× " +
              "(the difference is OSM parsing, validation, SpatiaLite geometry and R*Tree, the audit row)")

        var times: [Double] = []
        for _ in 0..<15 {
            times.append(Self.child(beacon, ["find", "--store", store, "--near", "121.4737,31.2304", "--nearest", "5", "--layer", "components"]).seconds)
        }
        times.sort()
        print("cold `beacon find --nearest 5` (15 processes): median \(Self.format(times[times.count / 2])), worst \(Self.format(times.last!)) — target < 200 ms")
    }

    struct Child { var seconds: Double; var maxRSSKilobytes: Int }

    /// Runs a process to completion; wall time and its own peak resident set (wait4's rusage).
    static func child(_ exe: URL, _ args: [String]) -> Child {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let start = Date()
        try! p.run()
        var status: Int32 = 0
        var usage = rusage()
        wait4(p.processIdentifier, &status, 0, &usage)
        return Child(seconds: Date().timeIntervalSince(start), maxRSSKilobytes: Int(usage.ru_maxrss))
    }

    /// The id and stored geometry blob of every feature the import wrote.
    static func storedRows(_ store: String) -> [(String, [UInt8])] {
        var db: OpaquePointer?
        sqlite3_open_v2(store, &db, SQLITE_OPEN_READONLY, nil)
        defer { sqlite3_close(db) }
        var rows: [(String, [UInt8])] = []
        for table in ["roads", "components"] {
            var st: OpaquePointer?
            // SpatiaLite blobs are copied as they are: the peer only needs bytes of the same size.
            sqlite3_prepare_v2(db, "SELECT id, geom FROM \(table)", -1, &st, nil)
            while sqlite3_step(st) == SQLITE_ROW {
                let id = String(cString: sqlite3_column_text(st, 0))
                let n = Int(sqlite3_column_bytes(st, 1))
                let blob = n > 0 ? Array(UnsafeRawBufferPointer(start: sqlite3_column_blob(st, 1), count: n)) : []
                rows.append((id, blob))
            }
            sqlite3_finalize(st)
        }
        return rows
    }

    static func rawSQLiteIngest(rows: [(String, [UInt8])], path: String) -> Double {
        let start = Date()
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE f(fid INTEGER PRIMARY KEY, id TEXT UNIQUE, geom BLOB); BEGIN", nil, nil, nil)
        var st: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO f(id, geom) VALUES (?, ?)", -1, &st, nil)
        for (id, blob) in rows {
            sqlite3_reset(st)
            sqlite3_bind_text(st, 1, id, -1, beacon_sqlite_transient())
            _ = blob.withUnsafeBytes { sqlite3_bind_blob(st, 2, $0.baseAddress, Int32(blob.count), beacon_sqlite_transient()) }
            sqlite3_step(st)
        }
        sqlite3_finalize(st)
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
        sqlite3_close(db)
        return Date().timeIntervalSince(start)
    }

    static func format(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.0f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }
}
