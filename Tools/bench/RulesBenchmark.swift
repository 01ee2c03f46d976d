import Foundation
import RuleEngine
import SpatialCore

/// `beacon-bench rules`: sensor-reading facts through 200 threshold and expression rules (5 sensor kinds × 10 zones
/// × 4 levels), end to end (read the CSV, build facts, match, collect alerts), against CLIPS 6.4 (clipspy) and
/// durable_rules on the same rules and facts (peers/rules_peers.py); the alerts must be the same.
struct RulesBenchmark {
    var facts = 100_000
    var seed: UInt64 = 20250809
    var repeats = 5
    var peers = true

    init(arguments: [String]) {
        let o = BenchOptions(arguments, benchmark: "rules", values: ["--facts", "--seed", "--repeats"], flags: ["--no-peers"])
        facts = o.number("--facts", facts)
        seed = o.number("--seed", seed)
        repeats = o.number("--repeats", repeats)
        peers = !o.flag("--no-peers")
    }

    struct Spec: Encodable {
        let name: String, kind: String, zone: String, level: String, dir: String
        let a: Double, b: Double, c: Double, d: Double, t: Double
    }

    /// Sensor kinds with their unit, direction (alarms on high or low readings), level thresholds and trend threshold.
    static let kinds: [(kind: String, unit: String, up: Bool, bands: [Double], trend: Double)] = [
        ("rain_gauge", "mm/h", true, [20, 30, 50, 80], 10),
        ("water_level", "m", true, [0.10, 0.15, 0.30, 0.50], 0.05),
        ("toxic_gas", "ppm", true, [1, 2, 10, 20], 2),
        ("flow", "m3/h", true, [800, 1000, 1300, 1600], 150),
        ("pressure", "kPa", false, [200, 170, 140, 100], -15),
    ]
    static let zones = (1...10).map { String(format: "Z%02d", $0) }

    static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    static func specs() -> [Spec] {
        var out: [Spec] = []
        for k in kinds {
            for (zi, z) in zones.enumerated() {
                let f = 0.8 + 0.05 * Double(zi)
                let b = k.bands.map { round2($0 * f) }
                for level in ["IV", "III", "II", "I"] {
                    out.append(Spec(name: "\(k.kind)-\(z)-\(level)", kind: k.kind, zone: z, level: level, dir: k.up ? "up" : "down",
                                    a: b[0], b: b[1], c: b[2], d: b[3], t: round2(k.trend * f)))
                }
            }
        }
        return out
    }

    /// The same rules in Beacon's alert-rule YAML, as conditions in the expression language with units.
    static func yaml(_ specs: [Spec]) -> String {
        var s = "schema: beacon-alerts/1\nsensor_kinds: {" + kinds.map { "\($0.kind): \"\($0.unit)\"" }.joined(separator: ", ") + "}\nrules:\n"
        for r in specs {
            let u = kinds.first { $0.kind == r.kind }!.unit
            let (ge, lt, tr) = r.dir == "up" ? (">=", "<", ">=") : ("<=", ">", "<=")
            func q(_ x: Double) -> String { "\(x) \(u)" }
            let when = switch r.level {
            case "IV": "reading.value \(ge) \(q(r.a)) and reading.value \(lt) \(q(r.b))"
            case "III": "reading.value \(ge) \(q(r.b)) and reading.value \(lt) \(q(r.c))"
            case "II": "reading.value \(ge) \(q(r.c)) and reading.value \(lt) \(q(r.d))"
            default: "reading.value \(ge) \(q(r.d)) or (reading.trend \(tr) \(q(r.t)) and reading.value \(ge) \(q(r.c)))"
            }
            s += "  - {name: \(r.name), kind: \(r.kind), zone: \(r.zone), level: \(r.level), when: \"\(when)\"}\n"
        }
        return s
    }

    /// `id,kind,zone,value,trend` with values in each kind's unit, two decimals, drawn across all bands.
    static func factsCSV(count: Int, seed: UInt64) -> String {
        var random = SplitMix64(seed: seed)
        var s = "id,kind,zone,value,trend\n"
        s.reserveCapacity(count * 40)
        for i in 0..<count {
            let k = kinds[random.int(in: 0...(kinds.count - 1))]
            let z = zones[random.int(in: 0...(zones.count - 1))]
            let top = k.up ? k.bands[3] * 1.4 : k.bands[0] * 1.3
            let value = round2(random.unit() * top)
            let trend = round2((random.unit() * 2.5 - 1) * abs(k.trend))
            s += "\(i),\(k.kind),\(z),\(value),\(k.up ? trend : -trend)\n"
        }
        return s
    }

    struct Outcome { var alerts = 0; var checksum = 0; var perLevel: [String: Int] = [:] }

    /// Beacon end to end: bytes of the CSV → facts → candidate rules by (kind, zone) → alerts.
    static func runBeacon(_ set: AlertRuleSet, csv: [UInt8]) -> Outcome {
        var out = Outcome()
        var context = set.makeContext()
        var byKindZone: [String: [Int]] = [:]
        var levelCounts = [Int](repeating: 0, count: 5)
        let levels = set.rules.map(\.level.rawValue)
        csv.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count, b[i] != 0x0A { i += 1 }  // header
            i += 1
            func field() -> Range<Int> {
                let start = i
                while i < b.count, b[i] != 0x2C, b[i] != 0x0A { i += 1 }
                defer { i += 1 }
                return start..<i
            }
            func number(_ r: Range<Int>) -> Double {
                // Exact decimal parsing (strtod), as the peers do.
                var buf: (Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8,
                          Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                return withUnsafeMutableBytes(of: &buf) { p in
                    let n = min(r.count, 23)
                    for j in 0..<n { p[j] = b[r.lowerBound + j] }
                    p[n] = 0
                    return strtod(p.baseAddress!.assumingMemoryBound(to: CChar.self), nil)
                }
            }
            while i < b.count {
                let idR = field(), kindR = field(), zoneR = field(), valueR = field(), trendR = field()
                var id = 0
                for j in idR { id = id * 10 + Int(b[j] - 0x30) }
                let key = String(decoding: UnsafeBufferPointer(rebasing: b[kindR.lowerBound..<zoneR.upperBound]), as: UTF8.self)
                let candidates: [Int]
                if let c = byKindZone[key] { candidates = c } else {
                    let kind = String(decoding: UnsafeBufferPointer(rebasing: b[kindR]), as: UTF8.self)
                    let zone = String(decoding: UnsafeBufferPointer(rebasing: b[zoneR]), as: UTF8.self)
                    candidates = set.candidates(kind: kind, zone: zone)
                    byKindZone[key] = candidates
                }
                context.facts.setNumber(slot: AlertRuleSet.valueSlot, number(valueR))
                context.facts.setNumber(slot: AlertRuleSet.trendSlot, number(trendR))
                set.fire(candidates, context) { rule in
                    out.alerts += 1
                    out.checksum += id * 1000 + rule
                    levelCounts[levels[rule]] += 1
                }
            }
        }
        for l in ResponseLevel.allCases where levelCounts[l.rawValue] > 0 { out.perLevel[l.description] = levelCounts[l.rawValue] }
        return out
    }

    func run() {
        let specs = Self.specs()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-bench-rules-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csvURL = dir.appendingPathComponent("facts.csv"), rulesURL = dir.appendingPathComponent("rules.json")
        do {
            try Self.factsCSV(count: facts, seed: seed).write(to: csvURL, atomically: true, encoding: .utf8)
            try JSONEncoder().encode(specs).write(to: rulesURL)
        } catch { print("rules: cannot write inputs: \(error)"); exit(1) }
        print("rules: \(specs.count) rules (\(Self.kinds.count) sensor kinds × \(Self.zones.count) zones × 4 levels; level I is an expression), \(facts) readings")

        let t0 = nowNanoseconds()
        let set: AlertRuleSet
        do { set = try AlertRuleSet.load(file: "rules.yaml", text: Self.yaml(specs)) } catch { print("rules: \(error)"); exit(1) }
        let loadMs = millisecondsSince(t0)
        var best = Double.infinity
        var outcome = Outcome()
        for _ in 0..<max(1, repeats) {
            let start = nowNanoseconds()
            guard let bytes = FileManager.default.contents(atPath: csvURL.path) else { print("rules: cannot read facts"); exit(1) }
            outcome = Self.runBeacon(set, csv: [UInt8](bytes))
            best = min(best, Double(nowNanoseconds() - start) / 1e9)
        }
        var rows: [(String, Double, Double, Outcome?, String)] = [("Beacon RuleEngine", loadMs, best, outcome, "best of \(repeats); parse+type-check of 200 rules in load")]

        if peers {
            if Self.preparePeers() {
                print("rules: running peers/rules_peers.py (CLIPS, durable_rules) …")
                let script = PythonPeers.benchDirectory.appendingPathComponent("peers/rules_peers.py").path
                if let (status, output) = try? PythonPeers.launch(PythonPeers.python.path, [script, rulesURL.path, csvURL.path]), status == 0 {
                    struct Report: Decodable {
                        var engine: String; var load_ms: Double?; var run_s: Double?; var alerts: Int?; var checksum: Int?
                        var per_level: [String: Int]?; var error: String?
                    }
                    for line in output.split(separator: "\n") {
                        guard let r = try? JSONDecoder().decode(Report.self, from: Data(line.utf8)) else { continue }
                        if let e = r.error { rows.append((r.engine, 0, 0, nil, "failed: \(e)")); continue }
                        rows.append((r.engine, r.load_ms ?? 0, r.run_s ?? 0,
                                     Outcome(alerts: r.alerts ?? 0, checksum: r.checksum ?? 0, perLevel: r.per_level ?? [:]), "one run"))
                    }
                } else { rows.append(("peers", 0, 0, nil, "skipped: rules_peers.py failed")) }
            } else { rows.append(("peers", 0, 0, nil, "skipped: pip install clipspy durable_rules failed")) }
        }

        print(column("engine", 30) + column("load ms", 10, right: true) + column("run s", 9, right: true) + column("facts/s", 12, right: true)
              + column("alerts", 9, right: true) + "  same alerts  note")
        for (name, load, run, o, note) in rows {
            guard let o else { print(column(name, 30) + "  " + note); continue }
            let same = o.alerts == outcome.alerts && o.checksum == outcome.checksum ? "yes" : "NO (checksum \(o.checksum) vs \(outcome.checksum))"
            print(column(name, 30) + column(String(format: "%.1f", load), 10, right: true) + column(String(format: "%.3f", run), 9, right: true)
                  + column(String(format: "%.0f", Double(facts) / run), 12, right: true) + column(String(o.alerts), 9, right: true) + "  \(same)  \(note)")
        }
        for (name, _, run, o, _) in rows.dropFirst() where o != nil && run > 0 {
            print(String(format: "Beacon is %.1f× %@ end to end", run / best, name))
        }
        print("alerts by level: " + outcome.perLevel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    /// Installs clipspy and durable_rules into the bench venv when they are missing. False when that fails.
    static func preparePeers() -> Bool {
        PythonPeers.ensure(["clips", "durable"], installing: ["clipspy", "durable_rules"], for: "rules")
    }
}
