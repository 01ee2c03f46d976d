import Foundation
import Simulation

/// `beacon-bench simulation`: the same simple EMS model (a year of Poisson calls, nearest available unit, fixed
/// travel matrix, exponential service, first-in first-out queue) in Beacon's discrete-event kernel and in SimPy
/// (peers/ems_simpy.py, whose docstring states the model). Both print the same KPIs, which must agree within
/// sampling noise (different generators); events per second and the ratio are the figures.
struct SimulationBenchmark {
    var callsPerYear = 100_000
    var units = 12
    var zones = 64
    var serviceMeanSeconds = 1200
    var seed: UInt64 = 20250809
    var repeats = 5
    var peers = true

    init(arguments: [String]) {
        let o = BenchOptions(arguments, benchmark: "simulation", values: ["--calls", "--units", "--zones", "--service", "--seed", "--repeats"],
                             flags: ["--no-peers"])
        callsPerYear = o.number("--calls", callsPerYear)
        units = o.number("--units", units)
        zones = o.number("--zones", zones)
        serviceMeanSeconds = o.number("--service", serviceMeanSeconds)
        seed = o.number("--seed", seed)
        repeats = o.number("--repeats", repeats)
        peers = !o.flag("--no-peers")
    }

    struct KPIs {
        var events = 0, calls = 0, queued = 0
        var meanResponseSeconds = 0.0, p90ResponseSeconds = 0.0, utilisation = 0.0
        var queuedShare: Double { Double(queued) / Double(max(calls, 1)) }
    }

    enum Event {
        case call
        case onScene(unit: Int32)
        case clear(unit: Int32)
        case atBase(unit: Int32)
    }

    /// One year of the model on the kernel. O(events × (log events + units)).
    static func run(callsPerYear: Int, units: Int, zones: Int, serviceMeanSeconds: Double, seed: UInt64) -> KPIs {
        let side = Int(Double(zones).squareRoot())
        let year = 365 * 86400.0, meanGap = year / Double(callsPerYear)
        let home = (0..<units).map { ($0 * 37 + 5) % zones }
        var travel = [Double](repeating: 0, count: zones * units)   // row per zone
        for z in 0..<zones {
            for u in 0..<units {
                let dx = Double(z % side - home[u] % side), dy = Double(z / side - home[u] / side)
                travel[z * units + u] = 90 + 120 * (dx * dx + dy * dy).squareRoot()
            }
        }
        var random = RandomStream(seed: seed)
        var kernel = DiscreteEventKernel<Event>()
        var busy = [Bool](repeating: false, count: units)
        var zoneOf = [Int](repeating: 0, count: units), calledAt = [Double](repeating: 0, count: units)
        var busySince = [Double](repeating: 0, count: units)
        var waiting: [(zone: Int, at: Double)] = [], waitingHead = 0
        var responses: [Double] = []
        responses.reserveCapacity(callsPerYear + callsPerYear / 10)
        var k = KPIs(), busySeconds = 0.0

        kernel.schedule(.call, after: random.exponential(mean: meanGap))
        while let (now, event) = kernel.next(until: year) {
            k.events += 1
            switch event {
            case .call:
                k.calls += 1
                let zone = random.index(zones)
                var best = -1
                var bestSeconds = Double.infinity
                let row = zone * units
                for u in 0..<units where !busy[u] && travel[row + u] < bestSeconds {
                    best = u
                    bestSeconds = travel[row + u]
                }
                if best < 0 {
                    k.queued += 1
                    waiting.append((zone, now))
                } else {
                    busy[best] = true
                    busySince[best] = now
                    zoneOf[best] = zone
                    calledAt[best] = now
                    kernel.schedule(.onScene(unit: Int32(best)), after: bestSeconds)
                }
                kernel.schedule(.call, after: random.exponential(mean: meanGap))
            case let .onScene(u):
                responses.append(now - calledAt[Int(u)])
                kernel.schedule(.clear(unit: u), after: random.exponential(mean: serviceMeanSeconds))
            case let .clear(u):
                kernel.schedule(.atBase(unit: u), after: travel[zoneOf[Int(u)] * units + Int(u)])
            case let .atBase(u):
                let unit = Int(u)
                if waitingHead < waiting.count {
                    let next = waiting[waitingHead]
                    waitingHead += 1
                    zoneOf[unit] = next.zone
                    calledAt[unit] = next.at
                    kernel.schedule(.onScene(unit: u), after: travel[next.zone * units + unit])
                } else {
                    busy[unit] = false
                    busySeconds += now - busySince[unit]
                }
            }
        }
        k.meanResponseSeconds = SampleStatistics.mean(responses) ?? 0
        k.p90ResponseSeconds = SampleStatistics.quantile(responses, 0.9) ?? 0
        k.utilisation = busySeconds / (Double(units) * year)
        return k
    }

    func run() {
        print("simulation: simple EMS model, a year of \(callsPerYear) Poisson calls, \(units) units, \(zones) zones, "
              + "exponential service mean \(serviceMeanSeconds) s, nearest available unit, FIFO queue")
        var best = Double.infinity
        var kpis = KPIs()
        for r in 0..<repeats {
            let t0 = nowNanoseconds()
            kpis = Self.run(callsPerYear: callsPerYear, units: units, zones: zones, serviceMeanSeconds: Double(serviceMeanSeconds), seed: seed &+ UInt64(r))
            best = min(best, Double(nowNanoseconds() - t0) / 1e9)
        }
        var rows: [(String, Double, KPIs)] = [("Beacon DiscreteEventKernel", best, kpis)]
        if peers, PythonPeers.ensure(["simpy"], installing: ["simpy"], for: "simulation") {
            print("simulation: running peers/ems_simpy.py …")
            let script = PythonPeers.benchDirectory.appendingPathComponent("peers/ems_simpy.py").path
            struct Report: Decodable {
                var engine: String; var version: String; var run_s: Double; var events: Int; var calls: Int
                var mean_response_s: Double; var p90_response_s: Double; var queued_share: Double; var utilisation: Double
            }
            if let (status, output) = try? PythonPeers.launch(PythonPeers.python.path,
                                                              [script, "\(callsPerYear)", "\(units)", "\(zones)", "\(serviceMeanSeconds)", "\(seed)"]),
               status == 0, let line = output.split(separator: "\n").last,
               let r = try? JSONDecoder().decode(Report.self, from: Data(line.utf8)) {
                var p = KPIs()
                p.events = r.events
                p.calls = r.calls
                p.queued = Int((r.queued_share * Double(r.calls)).rounded())
                p.meanResponseSeconds = r.mean_response_s
                p.p90ResponseSeconds = r.p90_response_s
                p.utilisation = r.utilisation
                rows.append(("SimPy \(r.version)", r.run_s, p))
            } else {
                print("simulation: the SimPy peer failed")
            }
        }
        print(column("engine", 28) + column("calls", 9, right: true) + column("mean resp s", 13, right: true)
              + column("p90 resp s", 12, right: true) + column("queued", 9, right: true) + column("util", 8, right: true)
              + column("run s", 9, right: true) + column("events/s", 13, right: true))
        for (name, seconds, k) in rows {
            print(column(name, 28) + column("\(k.calls)", 9, right: true)
                  + column(String(format: "%.1f", k.meanResponseSeconds), 13, right: true)
                  + column(String(format: "%.1f", k.p90ResponseSeconds), 12, right: true)
                  + column(String(format: "%.2f%%", k.queuedShare * 100), 9, right: true)
                  + column(String(format: "%.3f", k.utilisation), 8, right: true)
                  + column(String(format: "%.3f", seconds), 9, right: true)
                  + column(String(format: "%.0f", Double(k.events) / seconds), 13, right: true))
        }
        if rows.count == 2 {
            let (b, p) = (rows[0], rows[1])
            let ratio = (Double(b.2.events) / b.1) / (Double(p.2.events) / p.1)
            let meanDiff = abs(b.2.meanResponseSeconds - p.2.meanResponseSeconds) / p.2.meanResponseSeconds
            let utilDiff = abs(b.2.utilisation - p.2.utilisation) / p.2.utilisation
            print(String(format: "Beacon / SimPy events per second: %.1f×", ratio))
            print(String(format: "KPIs agree within sampling noise: mean response %.2f %%, utilisation %.2f %% apart — %@", meanDiff * 100, utilDiff * 100,
                         meanDiff < 0.03 && utilDiff < 0.03 ? "yes" : "NO (check the models)"))
        }
    }
}
