import Engine
import Foundation
import SpatialStore
import TimeSeries

/// `beacon-bench timeseries`: sensor ingest against plain C, and downsampling a year of 5-minute data.
///
/// - Ingest: one long CSV (`sensor,t,value,unit`) of `--sensors` series × `--days` of 5-minute readings, in arrival
///   order (all sensors at one instant, then the next instant — how a feed delivers). Beacon: `SensorIngest` into a
///   city store (parse, quality checks, sort by key, insert, hourly roll-ups, series metadata, audit row: one
///   transaction). Peer: peers/ingest.c (compiled now with cc -O2) inserting the same rows with one prepared
///   statement in one transaction, once in arrival order and once sorted by (sensor, t). Rounds alternate.
/// - Downsampling: one sensor's year of 5-minute readings into 1-hour and 1-day buckets, from raw readings and from
///   the hourly roll-ups, each with its store read.
struct TimeSeriesBenchmark {
    let arguments: [String]

    func run() {
        let options = BenchOptions(arguments, benchmark: "timeseries", values: ["--sensors", "--days", "--rounds"], flags: ["--no-peers"])
        let sensors: Int = options.number("--sensors", 10)
        let days: Int = options.number("--days", 365)
        let rounds: Int = options.number("--rounds", 3)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-bench-ts-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("readings.csv")
        let rows = Self.writeCSV(csv, sensors: sensors, days: days)
        print("timeseries: \(rows) readings (\(sensors) sensors × \(days) days of 5-minute data), arrival order (time-major), \(rounds) rounds")

        let binary = dir.appendingPathComponent("ingest")
        let source = PythonPeers.benchDirectory.appendingPathComponent("peers/ingest.c").path
        let compiled = !options.flag("--no-peers")
            && (try? PythonPeers.launch("/usr/bin/env", ["cc", "-O2", "-o", binary.path, source, "-lsqlite3"]))?.status == 0
        if !compiled, !options.flag("--no-peers") { print("C peer skipped: cc -O2 \(source) -lsqlite3 failed") }

        var ours: [Double] = [], cArrival: [Double] = [], cSorted: [Double] = []
        var lastStore: String?
        for round in 0..<rounds {
            let path = dir.appendingPathComponent("r\(round).beacon.sqlite").path
            let store = try! CityStore.create(at: path, cityName: "bench", actor: Actor(name: "bench", post: "bench"))
            let start = nowNanoseconds()
            let result = try! SensorIngest.ingest(store: store, .init(path: csv.path, format: .csv), actor: Actor(name: "bench", post: "bench"))
            ours.append(Double(nowNanoseconds() - start) / 1e9)
            precondition(result.outcome.inserted == rows, "Beacon stored \(result.outcome.inserted) of \(rows)")
            store.close()
            lastStore = path
            guard compiled else { continue }
            for (sorted, into) in [(false, 0), (true, 1)] {
                let db = dir.appendingPathComponent("c\(round)-\(into).sqlite").path
                guard let (status, output) = try? PythonPeers.launch(binary.path, [csv.path, db] + (sorted ? ["--sorted"] : [])), status == 0,
                      let line = output.split(separator: "\n").last,
                      let report = try? JSONDecoder().decode(PeerReport.self, from: Data(line.utf8)), report.rows == rows else {
                    print("C peer failed"); continue
                }
                if sorted { cSorted.append(report.seconds) } else { cArrival.append(report.seconds) }
                try? FileManager.default.removeItem(atPath: db)
            }
        }
        func rate(_ s: [Double]) -> Double { Double(rows) / (s.min() ?? .infinity) }
        print("ingest, best of \(rounds): rows/s")
        print("  beacon (parse, checks, sort, insert, roll-ups, audit)  \(Self.format(rate(ours)))")
        if !cArrival.isEmpty {
            print("  C, arrival order                                      \(Self.format(rate(cArrival)))")
            print("  C, sorted by (sensor, t)                              \(Self.format(rate(cSorted)))")
            let best = max(rate(cArrival), rate(cSorted))
            print(String(format: "  beacon / best C: %.0f %% (goal ≥ 70 %%); beacon / C in arrival order: %.0f %%", 100 * rate(ours) / best, 100 * rate(ours) / rate(cArrival)))
        }

        // Downsampling a year of 5-minute data for one sensor.
        guard let lastStore, let store = try? CityStore.open(at: lastStore, readOnly: true) else { return }
        defer { store.close() }
        let sensor = "bench/s0"
        func time(_ label: String, _ body: () throws -> Int) {
            var best = Double.infinity
            var n = 0
            for _ in 0..<5 {
                let start = nowNanoseconds()
                n = try! body()
                best = min(best, millisecondsSince(start))
            }
            print(String(format: "  %@: %.1f ms (%d buckets)", label, best, n))
        }
        print("downsampling one sensor's \(days) days of 5-minute readings, best of 5 (store read included):")
        time("raw readings → 1 h mean") { try SeriesQuery.buckets(store: store, sensor: sensor, widthSeconds: 3600, useRollups: false).1.count }
        time("raw readings → 1 d max ") { try SeriesQuery.buckets(store: store, sensor: sensor, widthSeconds: 86_400, useRollups: false).1.count }
        time("hourly roll-ups → 1 h  ") { try SeriesQuery.buckets(store: store, sensor: sensor, widthSeconds: 3600).1.count }
        time("hourly roll-ups → 1 d  ") { try SeriesQuery.buckets(store: store, sensor: sensor, widthSeconds: 86_400).1.count }
    }

    struct PeerReport: Decodable { var rows: Int; var seconds: Double }

    /// Writes `sensors × days × 288` readings: a daily cycle, a slow trend and deterministic noise.
    static func writeCSV(_ url: URL, sensors: Int, days: Int) -> Int {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try! FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var out = "sensor,t,value,unit\n"
        var n = 0
        var seed: UInt64 = 20_250_809
        let start: Int64 = 1_546_300_800
        for step in 0..<(days * 288) {
            let t = start + Int64(step) * 300
            let phase = Double(step % 288) / 288 * 2 * .pi
            for s in 0..<sensors {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let noise = Double(seed >> 40) / Double(1 << 24) - 0.5
                let v = 100 + 10 * Double(s) + 30 * sin(phase) + 4 * noise
                out += "bench/s\(s),\(t),\(String(format: "%.2f", v)),m3/h\n"
                n += 1
            }
            if out.utf8.count > 1 << 20 { handle.write(Data(out.utf8)); out = "" }
        }
        handle.write(Data(out.utf8))
        return n
    }

    static func format(_ rate: Double) -> String { rate >= 1e6 ? String(format: "%.2f M", rate / 1e6) : String(format: "%.0f k", rate / 1e3) }
}
