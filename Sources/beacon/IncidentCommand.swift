import ArgumentParser
import Engine
import Foundation
import RuleEngine
import SpatialCore
import SpatialStore

/// `beacon incident …`: open an incident (grade, plans, task list) and explain it.
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident",
        abstract: "Open an incident: grade it, activate the plans, list the tasks; explain why.",
        subcommands: [IncidentOpen.self, IncidentWhy.self])
}

struct IncidentOpen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Grade an incident, activate the matching plans and store its task list.",
        discussion: """
            Examples:
              beacon incident open --type gas_leak --at 121.4737,31.2304 gas.concentration_lel=25% gas.pressure_class=medium
              beacon incident open --type hazmat --at ex:chemical_store/01 release.quantity=3t weather.wind_speed=3m/s
              beacon incident open --type typhoon --at 121.47,31.23 warning.colour=orange
            Facts are NAME=VALUE with units where the fact has a dimension (see Plans/facts.yaml).
            Types: a GB/T 35561 code or an alias from Plans/incident_types.yaml.
            """)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var plansOptions: PlansOptions
    @Option(help: "Incident type: GB/T 35561 code or alias (gas_leak, water_main, hazmat, fire, typhoon, waterlogging).") var type: String
    @Option(help: "LON,LAT in degrees, or a feature id from the store.") var at: String
    @Option(help: "Call time, ISO 8601 (default: now), e.g. 2025-08-09T23:10:00+08:00.") var time: String?
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "Facts as NAME=VALUE.") var facts: [String] = []

    func run() throws {
        let library = try plansOptions.load()
        let store = try CityStore.open(at: storeOptions.path)
        defer { store.close() }
        let location: Coordinate
        if let c = try? Coordinate(parsing: at) { location = c } else {
            guard let f = try store.feature(id: at), let p = f.geometry.representativePoint else {
                throw ValidationError("--at '\(at)' is neither LON,LAT nor a feature id in \(storeOptions.path)")
            }
            location = p
        }
        var calledAt = Date()
        if let time {
            guard let d = ISO8601DateFormatter().date(from: time) else { throw ValidationError("--time '\(time)' is not ISO 8601, e.g. 2025-08-09T23:10:00+08:00") }
            calledAt = d
        }
        let opened: OpenedIncident
        do {
            opened = try IncidentOpening.open(store: store, library: library, type: type, at: location, facts: facts,
                                              calledAt: calledAt, actor: .commandLine)
        } catch let e as IncidentError { throw CLIError(e.description) }
        if json { print(Self.json(opened)); return }
        print("\(opened.id): \(opened.type.code) \(opened.type.nameZh) / \(opened.type.nameEn) at \(opened.location)")
        let spec = library.levels[opened.level]
        print("level \(opened.level) \(opened.level.roman) \(spec?.nameZh ?? "") — called \(IncidentOpening.iso(calledAt.timeIntervalSince1970))"
              + (opened.districts.isEmpty ? "" : "; in \(opened.districts.joined(separator: ", "))"))
        if opened.activePlans.isEmpty {
            print("no plan applies; the incident is stored without tasks")
            return
        }
        print("plans: \(opened.activePlans.joined(separator: ", "))")
        for f in opened.firings where f.kind == .graded || f.kind == .escalated { print("  level: \(f.explanation)") }
        var table = TextTable("#", "task", "action", "due", "what", rightAligned: [0])
        for (i, t) in opened.tasks.enumerated() {
            var what = t.step.text
            if !t.units.isEmpty { what += " — " + t.units.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ") }
            if !t.step.departments.isEmpty { what += " — " + t.step.departments.joined(separator: "、") }
            let due = t.dueAt.map { String(IncidentOpening.iso($0).dropFirst(11).prefix(5)) } ?? ""
            table.add(String(i + 1), t.step.id, t.step.action.rawValue, due, what)
        }
        print(table.render())
        print("Why each task and the level: beacon incident why \(opened.id)")
    }

    static func json(_ o: OpenedIncident) -> String {
        func esc(_ s: String) -> String {
            var out = ""
            for c in s.unicodeScalars {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(c)
                }
            }
            return "\"\(out)\""
        }
        let tasks = o.tasks.map { t in
            "{\"plan\":\(esc(t.planID)),\"step\":\(esc(t.step.id)),\"action\":\(esc(t.step.action.rawValue)),\"text\":\(esc(t.step.text)),"
                + "\"due\":\(t.dueAt.map { esc(IncidentOpening.iso($0)) } ?? "null"),\"units\":{\(t.units.sorted { $0.key < $1.key }.map { "\(esc($0.key)):\($0.value)" }.joined(separator: ","))},"
                + "\"reason\":\(esc(t.reason))}"
        }
        return "{\"id\":\(esc(o.id)),\"type\":\(esc(o.type.code)),\"level\":\(esc(o.level.description)),\"plans\":[\(o.activePlans.map(esc).joined(separator: ","))],"
            + "\"tasks\":[\(tasks.joined(separator: ","))]}"
    }
}

struct IncidentWhy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Explain an incident's level and each task: the rule that fired and the facts that made it fire.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Incident id (printed by `beacon incident open`).") var id: String

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let (f, events) = try IncidentOpening.explain(store: store, id: id)
        print("\(f.id): \(f.name ?? "") — level \(f.properties["level"]?.textValue ?? "?"), state \(f.properties["state"]?.textValue ?? "?")")
        for e in events where e.kind == "opened" { print("  \(e.text)") }
        print("level:")
        for e in events where e.kind == "graded" || e.kind == "escalated" || e.kind == "activated" || e.kind == "stand_down" {
            print("  [\(e.kind)] \(e.text)")
        }
        print("tasks:")
        let steps = events.filter { $0.kind == "step" }, tasks = events.filter { $0.kind == "task" }
        for (i, task) in tasks.enumerated() {
            print("  \(i + 1). \(task.text)")
            if i < steps.count { print("     fired: \(steps[i].text)") }
        }
        print("recorded by \(events.first?.actor ?? "?") at \(events.first?.post ?? "?")")
    }
}
