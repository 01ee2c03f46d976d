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
        abstract: "Recommend units for an incident (road ETA with turnout), assign them, release them.",
        subcommands: [DispatchRecommend.self, DispatchAssign.self, DispatchRelease.self])
}

/// Options shared by recommend and assign: the freshness limit of AVL positions and the plans for run cards.
struct AdvisorOptions: ParsableArguments {
    @Option(help: "AVL positions older than this (seconds) are not trusted; the unit is ranked from its home station.")
    var freshSeconds: Double = 120
    @OptionGroup var plansOptions: PlansOptions

    /// The plan library when the plans folder exists (for the run-card fallback), else nil.
    func library() throws -> PlanLibrary? {
        FileManager.default.fileExists(atPath: plansOptions.directory.path) ? try plansOptions.load() : nil
    }

    func recommend(store: CityStore, incident: String) throws -> DispatchRecommendation {
        var advisor = DispatchAdvisor(store: store, roads: try RoadService(store: store))
        advisor.freshSeconds = freshSeconds
        do { return try advisor.recommend(incidentID: incident, library: try library()) } catch let e as IncidentError { throw CLIError(e.description) }
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
    @Flag(help: "Also list every candidate per type.") var all = false
    @Argument(help: "Incident id.") var incident: String

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let r = try advisorOptions.recommend(store: store, incident: incident)
        print(Self.render(r, all: all))
    }

    static func render(_ r: DispatchRecommendation, all: Bool) -> String {
        var lines = ["\(r.incidentID): needs " + (r.required.isEmpty ? "no units" : r.required.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " "))
                     + " (\(r.requirementSource))"]
        if !r.alreadyAssigned.isEmpty {
            lines.append("already assigned: " + r.alreadyAssigned.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " "))
        }
        if !r.overridesInForce.isEmpty { lines.append("road overrides in force: " + r.overridesInForce.joined(separator: "; ")) }
        var table = TextTable("#", "unit", "type", "ETA", "why", rightAligned: [0])
        for (i, p) in r.picks.enumerated() {
            table.add(String(i + 1), p.option.unit.name, p.option.unit.kind, DispatchAdvisor.duration(p.option.etaSeconds), p.reason)
        }
        if !r.picks.isEmpty { lines.append(table.render()) }
        for (k, n) in r.shortfall.sorted(by: { $0.key < $1.key }) { lines.append("SHORT: \(n) × \(k) — no available \(k) can reach the incident") }
        if all {
            for (k, options) in r.ranked.sorted(by: { $0.key < $1.key }) {
                lines.append("\(k): " + options.map { "\($0.unit.name) \(DispatchAdvisor.duration($0.etaSeconds))" }.joined(separator: ", "))
            }
        }
        let n = r.ranked.values.reduce(0) { $0 + $1.count }
        lines.append(String(format: "%d candidates ranked in one road search (%.1f ms)", n, r.searchMilliseconds))
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
    @Option(help: "Time of the assignment, ISO 8601 (default: now).") var time: String?
    @Argument(help: "Incident id.") var incident: String
    @Argument(help: "Units: ids (ex:unit/E021) or call signs (E021).") var units: [String]

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path)
        defer { store.close() }
        let recommended = Set(try advisorOptions.recommend(store: store, incident: incident).picks.map(\.option.unit.id))
        do {
            let lines = try IncidentLifecycle.assign(store: store, incident: incident, units: units, recommended: recommended,
                                                     reason: reason, at: try IncidentOpen.parseTime(time), actor: .commandLine)
            for l in lines { print("\(incident): \(l)") }
        } catch let e as IncidentError { throw CLIError(e.description) }
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
