import ArgumentParser
import Engine
import Foundation
import RuleEngine
import SpatialCore
import SpatialStore

/// `beacon dispatch …`: which units to send, send them, release them.
struct DispatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispatch",
        abstract: "Recommend units (road ETA with turnout), plan several incidents together, assign, accept, release; coverage advice.",
        subcommands: [DispatchRecommend.self, DispatchAssign.self, DispatchRelease.self, DispatchPlanCommand.self, DispatchAccept.self,
                      DispatchCoverage.self, DispatchRunOrders.self])
}

/// Options shared by the dispatch commands: AVL freshness, the plans folder (run cards, capability table,
/// zone run orders) and whether run orders apply.
struct AdvisorOptions: ParsableArguments {
    @Option(help: "AVL positions older than this (seconds) are not trusted; the unit is ranked from its home station.")
    var freshSeconds: Double = 120
    @Flag(help: "Rank units without fresh AVL by ETA instead of the district's zone run order (Plans/run_orders.csv).")
    var noRunOrders = false
    @OptionGroup var plansOptions: PlansOptions

    /// The plan library when the plans folder exists (for the run-card fallback), else nil.
    func library() throws -> PlanLibrary? {
        FileManager.default.fileExists(atPath: plansOptions.directory.path) ? try plansOptions.load() : nil
    }

    /// The travel-time model of the store: its road network, else a distance model fitted on its history (see `travelTimeModel(for:)`).
    func model(store: CityStore) throws -> any TravelTimeModel {
        try travelTimeModel(for: store)
    }

    /// The advisor over `store` with the capability table and run orders of the plans folder when present.
    func advisor(store: CityStore) throws -> DispatchAdvisor {
        var advisor = DispatchAdvisor(store: store, model: try model(store: store))
        advisor.freshSeconds = freshSeconds
        let capabilities = plansOptions.directory.appendingPathComponent("dispatch_capabilities.csv")
        let runOrders = plansOptions.directory.appendingPathComponent("run_orders.csv")
        do {
            if FileManager.default.fileExists(atPath: capabilities.path) { advisor.capabilities = try CapabilityRequirements.load(capabilities) }
            if !noRunOrders, FileManager.default.fileExists(atPath: runOrders.path) { advisor.runOrders = try ZoneRunOrders.load(runOrders) }
        } catch let e as DispatchError { throw CLIError(e.description) }
        return advisor
    }

    func recommend(store: CityStore, incident: String, all: Bool = false, at: Date = Date()) throws -> DispatchRecommendation {
        var advisor = try advisor(store: store)
        advisor.rankAll = all
        do { return try advisor.recommend(incidentID: incident, library: try library(), now: at) } catch let e as IncidentError { throw CLIError(e.description) }
    }
}

struct DispatchRecommend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "The units to send: the incident's dispatch requirement filled with the fastest available units.",
        discussion: """
            Requirement: the units its dispatch tasks named when the plans fired, else the run card (area × type × hour).
            ETA = turnout (60 s EMS, 80 s fire, NFPA 1710) + road travel time from the unit's AVL position when fresh,
            else from its home station; live closures count. All candidates are ranked by one many-to-one road search.
            Example: beacon dispatch recommend INC-20250809-0001
            """)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var advisorOptions: AdvisorOptions
    @Flag(help: "Also list every candidate per need (times every candidate instead of stopping once enough are known).") var all = false
    @Option(help: "Time the AVL ages are measured at, ISO 8601 (default: now).") var time: String?
    @Argument(help: "Incident id.") var incident: String

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let r = try advisorOptions.recommend(store: store, incident: incident, all: all, at: try IncidentOpen.parseTime(time))
        print(Self.render(r, all: all))
    }

    static func render(_ r: DispatchRecommendation, all: Bool) -> String {
        var lines = ["\(r.incidentID): needs " + (r.required.isEmpty ? "no units" : r.required.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " "))
                     + " (\(r.requirementSource))"]
        let qualified = r.result.needs.filter { !$0.capabilities.isEmpty }
        if !qualified.isEmpty { lines.append("capabilities required: " + qualified.map(\.label).joined(separator: " ") + " (dispatch_capabilities.csv)") }
        if let order = r.runOrder {
            lines.append("zone run order of \(order.district): " + order.stations.prefix(4).joined(separator: " ") + (order.stations.count > 4 ? " …" : "")
                         + " (ranks units without fresh AVL)")
        }
        if !r.alreadyAssigned.isEmpty {
            lines.append("already assigned: " + r.alreadyAssigned.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " "))
        }
        if !r.overridesInForce.isEmpty { lines.append("road overrides in force: " + r.overridesInForce.joined(separator: "; ")) }
        var table = TextTable("#", "unit", "need", "ETA", "why", rightAligned: [0])
        for (i, p) in r.picks.enumerated() {
            table.add(String(i + 1), p.option.unit.name, p.need, DispatchAdvisor.duration(p.option.etaSeconds), p.reason)
        }
        if !r.picks.isEmpty { lines.append(table.render()) }
        for (k, n) in r.shortfall.sorted(by: { $0.key < $1.key }) { lines.append("SHORT: \(n) × \(k) — no available \(k) can reach the incident") }
        if all {
            for (k, options) in r.ranked.sorted(by: { $0.key < $1.key }) {
                lines.append("\(k): " + options.map { "\($0.unit.name) \(DispatchAdvisor.duration($0.etaSeconds))" }.joined(separator: ", "))
            }
        }
        let n = r.ranked.values.reduce(0) { $0 + $1.count }
        let known = r.ranked.values.reduce(0) { $0 + $1.filter { $0.driveSeconds.isFinite }.count }
        lines.append(String(format: "%d candidates, %d timed in one search (%.1f ms)", n, known, r.searchMilliseconds)
                     + (r.result.exactWithinSeconds.isFinite ? ", stopped at \(DispatchAdvisor.duration(r.result.exactWithinSeconds)) drive once enough were known" : "")
                     + "; \(r.result.basis)")
        if !r.picks.isEmpty {
            lines.append("Assign: beacon dispatch assign \(r.incidentID) " + r.picks.map(\.option.unit.name).joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

struct DispatchAssign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Send units to an incident; a unit outside the recommendation is an override and needs --reason.",
        discussion: "Example: beacon dispatch assign INC-20250809-0001 E021 E111 --reason \"E111 crew trained for gas\"")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var advisorOptions: AdvisorOptions
    @Option(help: "Why (required for a unit that was not recommended).") var reason: String?
    @Flag(help: "Skip the coverage advice printed after the assignment.") var noCoverage = false
    @Option(help: "Time of the assignment, ISO 8601 (default: now).") var time: String?
    @Argument(help: "Incident id.") var incident: String
    @Argument(help: "Units: ids (ex:unit/E021) or call signs (E021).") var units: [String]

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path)
        defer { store.close() }
        let at = try IncidentOpen.parseTime(time)
        let recommended = Set(try advisorOptions.recommend(store: store, incident: incident, at: at).picks.map(\.option.unit.id))
        do {
            let lines = try IncidentLifecycle.assign(store: store, incident: incident, units: units, recommended: recommended,
                                                     reason: reason, at: at, actor: .commandLine)
            for l in lines { print("\(incident): \(l)") }
        } catch let e as IncidentError { throw CLIError(e.description) }
        if !noCoverage { print(DispatchCoverage.render(try advisorOptions.advisor(store: store).coverage(now: at), brief: true)) }
    }
}

struct DispatchRelease: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release units from an incident: dispatched ones become available, the others returning.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Time of the release, ISO 8601 (default: now).") var time: String?
    @Argument(help: "Incident id.") var incident: String
    @Argument(help: "Units: ids or call signs.") var units: [String]

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path)
        defer { store.close() }
        do {
            for l in try IncidentLifecycle.release(store: store, incident: incident, units: units, at: try IncidentOpen.parseTime(time), actor: .commandLine) {
                print("\(incident): \(l)")
            }
        } catch let e as IncidentError { throw CLIError(e.description) }
    }
}
