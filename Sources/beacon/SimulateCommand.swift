import ArgumentParser
import Foundation
import Simulation
import SpatialStore
#if canImport(Glibc)
import Glibc
#endif

/// `beacon simulate SCENARIO`: rehearse plans on a scenario file over the city store; JSON result and HTML report.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Rehearse plans on a scenario (预案仿真): replications, KPIs against the standards, an HTML report.",
        discussion: """
            Examples:
              beacon simulate Plans/scenarios/ordinary-week.yaml --runs 5
              beacon simulate Plans/scenarios/chemical-release-rush-hour.yaml --runs 10 --seed 7 --report out/chem
              beacon simulate Plans/scenarios/typhoon-night.yaml --policy closest --policy coverage
            The scenario is checked first (file:line:column errors, names looked up in the store and Plans/).
            Every policy dispatches through Engine's DispatchCore (the duty officer's dispatcher): needs by type and
            capability (Plans/dispatch_capabilities.csv), reasons, one joint plan for calls at the same instant.
            closest = fastest ETA; run-order = units in quarters by the zone run order (Plans/run_orders.csv);
            coverage = fastest ETA after a 90 s penalty on units that would empty their station of their type.
            Without --policy the scenario's policy runs beside the other shipped ones for comparison.
            Writes DIR/result.json (same seed → same bytes) and DIR/report.html (self-contained).
            """)

    @Argument(help: "Scenario file (Plans/scenarios/*.yaml).") var scenario: String
    @Option(help: "Replications per policy.") var runs = 5
    @Option(help: "Seed of the first replication's stream (each replication derives its own).") var seed: UInt64 = 1
    @Option(help: "Dispatch policy: closest, coverage or run-order (repeat to compare).") var policy: [String] = []
    @Option(help: "Folder for result.json and report.html (default: out/simulation-<scenario id>).") var report: String?
    @Option(help: "City store (default: the store the scenario names).") var store: String?
    @OptionGroup var plansOptions: PlansOptions

    func validate() throws {
        if runs < 1 || runs > 1000 { throw ValidationError("--runs must be 1…1000, not \(runs)") }
        for p in policy where DispatchPolicies.named(p) == nil {
            throw ValidationError("unknown --policy '\(p)'; expected one of \(DispatchPolicies.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        let bar = ProgressBar()
        let file = scenario
        let clock = ContinuousClock()
        let loadStart = clock.now
        let (scenario, model, city): (Scenario, CityModel, CityStore)
        do {
            (scenario, model, city) = try ScenarioRunner.load(scenario: URL(fileURLWithPath: file), storePath: store,
                                                              plansDirectory: plansOptions.directory) { bar.note($0) }
        } catch {
            bar.clear()
            throw CLIError("\(error)")
        }
        defer { city.close() }
        let loadSeconds = (clock.now - loadStart).seconds
        bar.clear()
        let names = policy.isEmpty ? [scenario.policy] + DispatchPolicies.names.filter { $0 != scenario.policy } : policy
        let policies = names.compactMap(DispatchPolicies.named)
        print("\(scenario.title) — \(model.units.count) units, \(model.places.count) places (\(model.demandPlaces.count) demand), "
              + "\(model.epochs.count) road state\(model.epochs.count == 1 ? "" : "s"); model built in \(String(format: "%.2f", loadSeconds)) s")
        for note in model.notes { print("note: \(note)") }
        let runStart = clock.now
        let result = try ScenarioRunner(model: model).run(runs: runs, seed: seed, policies: policies) { done, total, fraction in
            bar.show(done: done, total: total, fraction: fraction)
        }
        let runSeconds = (clock.now - runStart).seconds
        bar.clear()

        let dir = URL(fileURLWithPath: report ?? "out/simulation-\(scenario.id)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try result.json().write(to: dir.appendingPathComponent("result.json"))
        try Data(SimulationReport.html(result).utf8).write(to: dir.appendingPathComponent("report.html"))
        printTables(result)
        let reps = Double(runs * policies.count)
        let all = result.policies.flatMap { $0.replications }
        let events = all.reduce(0) { $0 + $1.events }, calls = all.reduce(0) { $0 + $1.incidents }
        print(String(format: "%d replications in %.2f s (%.3f s each; %.0f calls and %.0f events per replication, %.2f M events/s)",
                     Int(reps), runSeconds, runSeconds / reps, Double(calls) / reps, Double(events) / reps, Double(events) / runSeconds / 1e6))
        print("result: \(dir.appendingPathComponent("result.json").path)")
        print("report: \(dir.appendingPathComponent("report.html").path)")
    }

    func printTables(_ r: SimulationResult) {
        func est(_ e: Estimate?, _ show: (Double) -> String) -> String {
            guard let e else { return "—" }
            return show(e.mean) + (e.ci95.map { " ± " + show($0) } ?? "")
        }
        let pct = { (x: Double) in String(format: "%.1f%%", x * 100) }
        var t = TextTable("policy", "standard (call → first on scene)", "target", "p90", "within target", "meets")
        for p in r.policies {
            for s in p.summary.standards {
                let ok = (s.compliance?.mean ?? 0) >= s.requiredShare
                t.add(p.policy, s.name, "\(SimulationReport.duration(s.targetSeconds)) ≥ \(pct(s.requiredShare))",
                      est(s.p90Seconds, SimulationReport.duration), est(s.compliance, pct), ok ? "yes" : "NO")
            }
        }
        print(t.render())
        var streams = TextTable("policy", "stream", "calls", "mean response", "p90 response", rightAligned: [2])
        for p in r.policies {
            for s in p.summary.streams {
                streams.add(p.policy, s.name, est(s.calls) { String(format: "%.0f", $0) }, est(s.meanResponseSeconds, SimulationReport.duration),
                            est(s.p90ResponseSeconds, SimulationReport.duration))
            }
        }
        print(streams.render())
        for p in r.policies {
            let util = p.summary.utilisation.sorted { $0.key < $1.key }.map { "\($0.key) \(pct($0.value.mean))" }.joined(separator: ", ")
            let waited = p.summary.waited.filter { $0.value.mean > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1f", $0.value.mean))" }
            let short = p.summary.stockShortfall.filter { $0.value.mean > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.0f", $0.value.mean))" }
            let cover = p.summary.coverage.map { "\($0.name): mean \(est($0.mean, pct)), lowest \(est($0.minimum, pct))" }
            print("\(p.policy): utilisation \(util)")
            print("  coverage  " + (cover.isEmpty ? "—" : cover.joined(separator: "; ")))
            print("  waited for a free unit: " + (waited.isEmpty ? "none" : waited.joined(separator: ", "))
                  + " · stock shortfall: " + (short.isEmpty ? "none" : short.joined(separator: ", "))
                  + " · deadlines missed: \(est(p.summary.deadlinesMissed) { String(format: "%.1f", $0) }) of \(est(p.summary.deadlineTasks) { String(format: "%.0f", $0) })")
        }
    }
}

/// A one-line progress bar on standard error (redrawn in place on a terminal, one line per run otherwise).
final class ProgressBar: @unchecked Sendable {
    let tty = isatty(2) == 1
    var lastRun = -1
    var lastDraw = 0

    func note(_ text: String) {
        if tty { write("\r\u{1B}[2K  \(text) …") } else { write("  \(text) …\n") }
    }

    func show(done: Int, total: Int, fraction: Double) {
        let overall = (Double(done) + min(1, fraction)) / Double(max(total, 1))
        if tty {
            let filled = Int(overall * 30)
            guard filled != lastDraw || done != lastRun else { return }
            lastDraw = filled
            lastRun = done
            write("\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "] run \(min(done + 1, total))/\(total) \(Int(overall * 100))%")
        } else if done != lastRun, done < total {
            lastRun = done
            write("  run \(done + 1)/\(total) …\n")
        }
    }

    func clear() { if tty { write("\r\u{1B}[2K") } }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
