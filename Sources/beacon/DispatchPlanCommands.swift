import ArgumentParser
import Engine
import Foundation
import RuleEngine
import SpatialStore

/// Which incidents to plan together: named ones or every open one.
struct PlanScope: ParsableArguments {
    @Flag(help: "Plan every open incident (received, graded, dispatched, on scene).") var allOpen = false

    func incidents(_ named: [String], advisor: DispatchAdvisor) throws -> [String] {
        if allOpen && !named.isEmpty { throw ValidationError("give incident ids or --all-open, not both") }
        let ids = allOpen ? try advisor.openIncidentIDs() : named
        guard !ids.isEmpty else { throw CLIError(allOpen ? "no open incident to plan" : "name the incidents to plan, or --all-open") }
        return ids
    }
}

struct DispatchPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Assign units to several simultaneous incidents together: least total level-weighted arrival time.",
        discussion: """
            Every required unit of every incident is a slot; one exact min-cost assignment (Hungarian method) over
            slots × available units minimises Σ weight × ETA, weight by level (Ⅰ 8, Ⅱ 4, Ⅲ 2, Ⅳ 1, ungraded 1); a slot
            no unit can fill is a shortfall (higher levels filled first). Compared with first come, first served.
            Each line is named INCIDENT:UNIT; accept lines with `beacon dispatch accept`, or override with
            `beacon dispatch assign INCIDENT UNIT --reason …`.
            Example: beacon dispatch plan --all-open
            """)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var advisorOptions: AdvisorOptions
    @OptionGroup var scope: PlanScope
    @Option(help: "Time the AVL ages are measured at, ISO 8601 (default: now).") var time: String?
    @Argument(help: "Incident ids.") var incidents: [String] = []

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let advisor = try advisorOptions.advisor(store: store)
        let ids = try scope.incidents(incidents, advisor: advisor)
        do {
            let plan = try advisor.plan(incidentIDs: ids, library: try advisorOptions.library(), now: try IncidentOpen.parseTime(time))
            print(Self.render(plan, scope: scope.allOpen ? ["--all-open"] : ids.map { "--plan \($0)" }))
        } catch let e as IncidentError { throw CLIError(e.description) } catch let e as DispatchError { throw CLIError(e.description) }
    }

    static func render(_ plan: DispatchPlan, scope: [String]) -> String {
        let incidents = plan.lines.map(\.incidentID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var out = ["Plan for \(Set(plan.lines.map(\.incidentID) + plan.shortfall.map(\.incidentID)).count) incidents, "
                   + "\(plan.lines.count + plan.shortfall.reduce(0) { $0 + $1.count }) units required, assigned together (min Σ level weight × ETA)"]
        var table = TextTable("line", "need", "ETA", "weight × ETA", "why")
        for l in plan.lines {
            table.add(l.token, l.need, DispatchAdvisor.duration(l.option.etaSeconds), DispatchAdvisor.duration(l.weightedSeconds), l.reason)
        }
        if !plan.lines.isEmpty { out.append(table.render()) }
        for s in plan.shortfall { out.append("SHORT: \(s.incidentID) needs \(s.count) × \(s.need) more — no available unit left for it") }
        let plannedSlots = plan.lines.count, greedySlots = plan.greedyLines.count
        let saving = plan.greedyTotalWeightedSeconds > 0 ? (1 - plan.totalWeightedSeconds / plan.greedyTotalWeightedSeconds) * 100 : 0
        out.append("Total weighted arrival: plan \(DispatchAdvisor.duration(plan.totalWeightedSeconds)) vs first come, first served "
                   + "\(DispatchAdvisor.duration(plan.greedyTotalWeightedSeconds))"
                   + (plannedSlots == greedySlots ? String(format: " (%.1f %% less)", saving) : "")
                   + "; units sent: plan \(plannedSlots), first come first served \(greedySlots)")
        let differ = incidents.compactMap { id -> String? in
            let a = plan.lines.filter { $0.incidentID == id }.map(\.option.unit.name).sorted()
            let b = plan.greedyLines.filter { $0.incidentID == id }.map(\.option.unit.name).sorted()
            return a == b ? nil : "\(id) \(b.joined(separator: " "))"
        }
        out.append(differ.isEmpty ? "First come, first served would send the same units."
                   : "First come, first served would send instead: " + differ.joined(separator: "; "))
        out.append(String(format: "search %.1f ms, assignment %.1f ms, %d round%@; %@", plan.searchMilliseconds, plan.assignMilliseconds,
                          plan.rounds, plan.rounds == 1 ? "" : "s", plan.basis))
        if !plan.lines.isEmpty {
            out.append("Accept: beacon dispatch accept " + (scope + plan.lines.map(\.token)).joined(separator: " "))
            out.append("Override a line: beacon dispatch assign INCIDENT UNIT --reason \"…\"")
        }
        return out.joined(separator: "\n")
    }
}

struct DispatchAccept: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept lines of a multi-incident plan (INCIDENT:UNIT): all assigned in one audited transaction.",
        discussion: """
            The plan is computed again over the same incidents (--plan ID… or --all-open, else the lines' incidents);
            a line no longer in it refuses the whole command and nothing is written.
            Example: beacon dispatch accept --all-open INC-20250809-0001:E021 INC-20250809-0002:E051
            """)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var advisorOptions: AdvisorOptions
    @OptionGroup var scope: PlanScope
    @Option(name: .customLong("plan"), help: "An incident planned together with the lines' incidents (repeat).") var planned: [String] = []
    @Option(help: "Time of the assignments, ISO 8601 (default: now).") var time: String?
    @Flag(help: "Skip the coverage advice printed after the assignment.") var noCoverage = false
    @Argument(help: "Plan lines INCIDENT:UNIT.") var lines: [String]

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path)
        defer { store.close() }
        let advisor = try advisorOptions.advisor(store: store)
        let at = try IncidentOpen.parseTime(time)
        let ids = scope.allOpen ? try advisor.openIncidentIDs() : planned
        do {
            let (_, written) = try advisor.accept(lines: lines, scope: ids, library: try advisorOptions.library(), at: at, actor: .commandLine)
            for w in written { print(w) }
        } catch let e as IncidentError { throw CLIError(e.description) } catch let e as DispatchError { throw CLIError(e.description) }
        if !noCoverage { print(DispatchCoverage.render(try advisorOptions.advisor(store: store).coverage(now: at), brief: true)) }
    }
}

struct DispatchCoverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Station areas outside the 5-minute standard with the units still available, and move-up advice.",
        discussion: """
            A grid cell is covered when an available unit of the given type can drive to its centre within the
            standard (DOMAIN.md: reach the station district's edge within 5 min of the turnout order). Moves are
            greedy maximum coverage: the unit and fire station that restore the most cells, one at a time.
            Advice only: nothing is moved.
            Example: beacon dispatch coverage --type engine --moves 3
            """)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var advisorOptions: AdvisorOptions
    @Option(help: "Unit type that covers (repeat).") var type: [String] = ["engine"]
    @Option(help: "Drive-time standard, minutes.") var minutes: Double = 5
    @Option(help: "Moves to advise at most.") var moves: Int = 3
    @Option(help: "Time the AVL ages are measured at, ISO 8601 (default: now).") var time: String?

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        guard minutes > 0, moves >= 0 else { throw ValidationError("--minutes must be positive and --moves 0 or more") }
        let report = try advisorOptions.advisor(store: store).coverage(unitKinds: type, standardSeconds: minutes * 60, maxMoves: moves,
                                                                       now: try IncidentOpen.parseTime(time))
        print(Self.render(report, brief: false))
    }

    static func render(_ r: UnitCoverageReport, brief: Bool) -> String {
        let share = r.pointCount == 0 ? 0 : Double(r.covered) * 100 / Double(r.pointCount)
        var out = [String(format: "Coverage: %d of %d points within %d min drive of an available %@ (%.1f %%; %d units)",
                          r.covered, r.pointCount, Int(r.standardSeconds / 60), r.unitKinds.joined(separator: "/"), share, r.unitsConsidered)]
        let outside = r.areasOutside
        if outside.isEmpty { out.append("Every station area is within the standard.") } else {
            out.append("Outside the \(Int(r.standardSeconds / 60))-minute standard:")
            for a in outside {
                let own = a.uncoveredAtFullStrength == a.uncovered.count ? " — all of them even with every unit at home"
                    : a.uncoveredAtFullStrength > 0 ? " — \(a.uncoveredAtFullStrength) of them even with every unit at home" : ""
                out.append("  \(a.id): \(a.uncovered.count) of \(a.points) points\(own)"
                           + (brief ? "" : " (" + a.uncovered.prefix(6).joined(separator: " ") + (a.uncovered.count > 6 ? " …" : "") + ")"))
            }
        }
        if r.moves.isEmpty { out.append("Move-up advice: none (no single move adds coverage).") } else {
            out.append("Move-up advice (advice only; nothing is moved):")
            for (i, m) in r.moves.enumerated() { out.append("  \(i + 1). \(m.reason)") }
        }
        if !brief { out.append(String(format: "%.0f ms; %@", r.milliseconds, r.basis)) }
        return out.joined(separator: "\n")
    }
}

struct DispatchRunOrders: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-orders",
        abstract: "Zone run orders: per fire district, the stations in first-due order (generate, write, check).",
        discussion: """
            Rule: every fire station housing a unit, ordered by road travel time from the station to the district's
            area centroid; ties and unreachable stations by id. Deterministic for the same roads and stations.
            Units of other bases (police, ambulance, repair crews) are ranked by ETA.
            Example: beacon dispatch run-orders --check      (compares Plans/run_orders.csv with the rule and the store)
                     beacon dispatch run-orders --write Plans/run_orders.csv
            """)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var advisorOptions: AdvisorOptions
    @Option(help: "Write the generated orders to this CSV file.") var write: String?
    @Flag(help: "Check the plans folder's run_orders.csv against the store and the rule; fails when they differ.") var check = false

    static let comments = [
        "Zone run orders (CAD fallback when a unit has no fresh AVL): per fire district, every fire station housing a unit, first due first.",
        "Rule: fire stations ordered by road travel time from the station to the district's area centroid; ties and unreachable ones by id.",
        "Generated for the default city by `beacon dispatch run-orders --write Plans/run_orders.csv`; checked by `beacon dispatch run-orders --check`.",
    ]

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let advisor = try advisorOptions.advisor(store: store)
        let generated = try advisor.generateRunOrders()
        let text = generated.render(comments: Self.comments)
        if let write {
            try text.write(toFile: write, atomically: true, encoding: .utf8)
            print("wrote \(generated.orders.count) run orders to \(write)")
        }
        if check {
            let file = advisorOptions.plansOptions.directory.appendingPathComponent("run_orders.csv")
            let shipped: ZoneRunOrders
            do { shipped = try ZoneRunOrders.load(file) } catch { throw CLIError("\(error)") }
            var problems = shipped.problems(districts: Set(try advisor.fireDistricts().map(\.id)),
                                            stations: Set(try advisor.unitStations().map(\.id)), file: file.lastPathComponent)
            for (d, o) in generated.orders.sorted(by: { $0.key < $1.key }) where shipped.orders[d].map({ $0.stations != o.stations }) ?? false {
                problems.append("\(file.lastPathComponent): \(d) differs from the rule (rule: \(o.stations.prefix(3).joined(separator: " ")) …)")
            }
            if !problems.isEmpty { throw CLIError(problems.joined(separator: "\n")) }
            print("\(file.path): \(shipped.orders.count) run orders match the store and the rule")
        }
        if write == nil && !check { print(text, terminator: "") }
    }
}
