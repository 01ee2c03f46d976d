import Dashboard
import Engine
import Foundation
import SpatialStore

/// Building every dashboard page for the default city (`make demo`'s store, with its incidents, units, closures):
/// open the store, read the situation, render and write the six pages. Target: under 1 s (issue 8).
struct DashboardBenchmark {
    var storePath = "shanghai.beacon.sqlite"
    let repeats: Int
    let district: String?

    init(arguments: [String]) {
        let o = BenchOptions(arguments, benchmark: "dashboard", values: ["--store", "--repeats", "--district"])
        storePath = o.string("--store", storePath)
        repeats = o.number("--repeats", 5)
        district = o.string("--district", "").isEmpty ? nil : o.string("--district", "")
    }

    func run() {
        do { try measure() } catch { print("dashboard: \(error)") }
    }

    func measure() throws {
        guard FileManager.default.fileExists(atPath: storePath) else {
            print("dashboard: skipped — no store at \(storePath); run `make demo` first (or give --store)")
            return
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-bench-dashboard-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        var ms: [Double] = []
        var bytes = 0
        for _ in 0..<max(repeats, 1) {
            let t0 = nowNanoseconds()
            let store = try CityStore.open(at: storePath, readOnly: true)
            let scope = try district.map { try DistrictScope(store: store, district: $0) } ?? .city
            let files = try DashboardBuilder.build(store: store, scope: scope, options: DashboardOptions(), to: out)
            store.close()
            ms.append(millisecondsSince(t0))
            bytes = try files.reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: $1.path)[.size] as? Int ?? 0) }
        }
        let sorted = ms.sorted()
        let median = sorted[sorted.count / 2]
        print(String(format: "dashboard: all 6 pages of %@%@: first %.0f ms, median %.0f ms, worst %.0f ms over %d runs; %d KB written — %@ the 1 s target",
                     storePath, district.map { " (\($0))" } ?? "", ms[0], median, sorted.last!, ms.count, bytes / 1024,
                     sorted.last! < 1000 ? "within" : "OVER"))
    }
}
