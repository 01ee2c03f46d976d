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
        abstract: "Open an incident: grade it, activate the plans, list the tasks; update its facts; explain why.",
        subcommands: [IncidentOpen.self, IncidentUpdate.self, IncidentWhy.self, IncidentShow.self, IncidentList.self,
                     IncidentStateChange.self, IncidentClose.self])
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
        let calledAt = try Self.parseTime(time)
        let opened: OpenedIncident
        do {
            opened = try IncidentOpening.open(store: store, library: library, type: type, at: location, facts: facts,
                                              calledAt: calledAt, actor: .commandLine)
        } catch let e as IncidentError { throw CLIError(e.description) }
        if json { print(Self.json(opened)); return }
        print("\(opened.id): \(opened.type.code) \(opened.type.nameZh) / \(opened.type.nameEn) at \(opened.location)")
        let spec = library.levels[opened.level]
        print("level \(opened.level) \(opened.level.roman) \(spec?.nameZh ?? "") — called \(IncidentOpening.iso(opened.calledAt.timeIntervalSince1970))"
              + (opened.districts.isEmpty ? "" : "; in \(opened.districts.joined(separator: ", "))"))
        if opened.activePlans.isEmpty {
            print("no plan applies; the incident is stored without tasks")
            return
        }
        print("plans: \(opened.activePlans.joined(separator: ", "))")
        for f in opened.firings where f.kind == .graded || f.kind == .escalated { print("  level: \(f.explanation)") }
        print(Self.taskTable(opened.tasks))
        print("Why each task and the level: beacon incident why \(opened.id)")
    }

    /// The task list as a table: number, step, action, due time (HH:mm, China time), what it needs.
    static func taskTable(_ tasks: [PlanTask], from first: Int = 1) -> String {
        var table = TextTable("#", "task", "action", "due", "what", rightAligned: [0])
        for (i, t) in tasks.enumerated() {
            var what = t.step.text
            if !t.units.isEmpty { what += " — " + t.units.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ") }
            if !t.step.departments.isEmpty { what += " — " + t.step.departments.joined(separator: "、") }
            table.add(String(first + i), t.step.id, t.step.action.rawValue, clock(t.dueAt), what)
        }
        return table.render()
    }

    /// `HH:mm` in China time, or empty.
    static func clock(_ t: Double?) -> String { t.map { String(IncidentOpening.iso($0).dropFirst(11).prefix(5)) } ?? "" }

    static func parseTime(_ time: String?) throws -> Date {
        guard let time else { return Date() }
        guard let d = ISO8601DateFormatter().date(from: time) else { throw ValidationError("--time '\(time)' is not ISO 8601, e.g. 2025-08-09T23:10:00+08:00") }
        return d
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
        let updates = events.filter { $0.kind == "update" }
        if !updates.isEmpty {
            print("updates:")
            for e in updates { print("  \(e.at) \(e.text)") }
        }
        print("level:")
        for e in events where ["activated", "graded", "escalated", "level", "stand_down"].contains(e.kind) {
            print("  [\(e.kind) \(e.at.dropFirst(11).prefix(5))] \(e.text)")
        }
        print("tasks:")
        let steps = events.filter { $0.kind == "step" }, tasks = events.filter { $0.kind == "task" }
        for (i, task) in tasks.enumerated() {
            print("  \(i + 1). \(task.text)")
            if i < steps.count { print("     fired \(steps[i].at.dropFirst(11).prefix(5)): \(steps[i].text)") }
        }
        print("recorded by \(events.first?.actor ?? "?") at \(events.first?.post ?? "?")")
    }
}

struct IncidentUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Add facts to an incident (or only move the clock) and store what escalates, fires or stands down.",
        discussion: """
            Examples:
              beacon incident update INC-20250809-0001 gas.ignited=true incident.deaths=3 --time 2025-08-09T15:05:00+08:00
              beacon incident update INC-20250809-0001 --tick --time 2025-08-09T16:40:00+08:00     # deadlines passing
              beacon incident update INC-20250809-0001 leak.stopped=true gas.concentration_lel=0.5%
            The incident's plans are replayed from its log (every fact with its time), the new facts applied at
            --time (default now), and only the new firings, level change, tasks and stand-down are appended.
            """)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var plansOptions: PlansOptions
    @Option(help: "Time of the update, ISO 8601 (default: now); not before the last update.") var time: String?
    @Flag(help: "No new facts: only advance the clock (deadlines passing, since() and hour() conditions).") var tick = false
    @Argument(help: "Incident id (printed by `beacon incident open`).") var id: String
    @Argument(help: "Facts as NAME=VALUE.") var facts: [String] = []

    func validate() throws {
        if tick && !facts.isEmpty { throw ValidationError("--tick takes no facts; drop --tick to add \(facts.joined(separator: " "))") }
    }

    func run() throws {
        let library = try plansOptions.load()
        let store = try CityStore.open(at: storeOptions.path)
        defer { store.close() }
        let at = try IncidentOpen.parseTime(time)
        let change: IncidentChange
        do {
            change = try IncidentUpdating.update(store: store, library: library, id: id, facts: facts, at: at, actor: .commandLine)
        } catch let e as IncidentError { throw CLIError(e.description) }
        if let note = change.replayNote { FileHandle.standardError.write(Data("warning: \(note)\n".utf8)) }
        let stamp = IncidentOpening.iso(change.at.timeIntervalSince1970)
        print("\(change.id) at \(stamp): " + (change.facts.isEmpty ? "clock advanced" : change.facts.map(\.assignment).joined(separator: " ")))
        if let r = change.levelReason {
            print("level \(change.levelBefore) → \(change.levelAfter) \(change.levelAfter.roman) \(library.levels[change.levelAfter]?.nameZh ?? ""): "
                  + "\(IncidentUpdating.levelLine(change.levelBefore, change.levelAfter)) because \(IncidentUpdating.because(r))")
        } else {
            print("level \(change.levelAfter) unchanged")
        }
        for f in change.firings where [.escalated, .graded, .activated].contains(f.kind) && f != change.levelReason { print("  \(f.explanation)") }
        if change.tasks.isEmpty { print("no new tasks") } else {
            print("new tasks:")
            print(IncidentOpen.taskTable(change.tasks))
        }
        if change.stoodDown, let f = change.firings.last(where: { $0.kind == .standDown }) { print("STOOD DOWN: \(f.explanation)") }
        for t in change.overdueReports {
            let minutes = Int((change.at.timeIntervalSince1970 - (t.dueAt ?? 0)) / 60)
            print("OVERDUE: \(t.step.id) (\(t.step.text)) was due \(IncidentOpen.clock(t.dueAt)), \(minutes) min ago")
        }
        print("Why: beacon incident why \(change.id)")
    }
}
