import Foundation
import RuleEngine
import SpatialCore
import SpatialStore

/// An incident as opened: its grade, the plans that apply, the task list and every firing behind them.
public struct OpenedIncident: Sendable {
    public let id: String
    public let type: IncidentType
    public let location: Coordinate
    public let level: ResponseLevel
    public let calledAt: Date
    public let districts: [String]
    public let activePlans: [String]
    public let tasks: [PlanTask]
    public let firings: [Firing]
    public let facts: [(name: String, value: FactValue)]
}

/// Opens an incident: grades it, activates the matching plans, builds the task list and stores it all with the
/// incident in one audited transaction (`incidents` + `incident_events`).
public enum IncidentOpening {
    /// Parses `name=value` facts, runs the plans and writes the incident. Nothing is written when anything fails.
    public static func open(store: CityStore, library: PlanLibrary, type typeName: String, at location: Coordinate,
                            facts assignments: [String], calledAt: Date = Date(), actor: Actor, id: String? = nil) throws -> OpenedIncident {
        guard let type = library.incidentType(typeName) else {
            throw IncidentError("unknown incident type '\(typeName)'; expected one of "
                + library.incidentTypes.map { "\($0.code) (\($0.aliases.first ?? $0.nameEn))" }.joined(separator: ", "))
        }
        let given = try parseFacts(assignments, schema: library.schema)
        var facts = FactSet(schema: library.schema)
        for f in given { _ = try? facts.set(f.name, f.value) }
        let now = calledAt.timeIntervalSince1970.rounded(.down)   // whole seconds: the log replays exactly
        let calledAt = Date(timeIntervalSince1970: now)
        let (session, districts) = startSession(store: store, library: library, type: type, at: location, facts: facts, calledAt: now)

        let incidentID = try id ?? nextID(store: store, at: calledAt)
        let stamp = iso(now)
        var props: [String: PropertyValue] = [
            "type_code": .text(type.code), "level": .text(session.level.description), "state": .text("graded"),
            "called_at": .text(stamp), "plans": .text(session.activePlans.joined(separator: ",")),
        ]
        for (name, value) in facts.known where !name.hasPrefix("incident.type") && name != "response.level" && name != "incident.called_at" {
            props["fact." + name] = .text(value.description)
        }
        let feature = Feature(id: incidentID, layer: .incidents, kind: type.code, name: "\(type.nameZh) \(type.nameEn)",
                              geometry: .point(location), properties: props)
        var events = [IncidentEvent(incidentID: incidentID, at: stamp, kind: "opened",
                                    text: "\(type.code) \(type.nameZh) at \(location); facts: " + facts.known.filter { !$0.name.hasPrefix("incident.type") && $0.name != "response.level" }.map { "\($0.name) = \($0.value)" }.joined(separator: "; "))]
        for f in given { events.append(IncidentEvent(incidentID: incidentID, at: stamp, kind: "fact", text: f.assignment)) }
        for f in session.firings { events.append(IncidentEvent(incidentID: incidentID, at: iso(f.at), kind: f.kind.rawValue, text: f.explanation)) }
        for t in session.tasks { events.append(IncidentEvent(incidentID: incidentID, at: iso(t.firedAt), kind: "task", text: taskLine(t))) }
        try store.openIncident(feature, events: events, actor: actor,
                               summary: "opened \(type.code) \(type.nameEn) at level \(session.level); plans \(session.activePlans.joined(separator: ", ")); \(session.tasks.count) tasks")
        return OpenedIncident(id: incidentID, type: type, location: location, level: session.level, calledAt: calledAt,
                              districts: districts, activePlans: session.activePlans, tasks: session.tasks,
                              firings: session.firings, facts: facts.known)
    }

    /// One fact as given: `name=value` as typed (what the log keeps, so a replay parses it the same way) and its value.
    public struct GivenFact: Sendable {
        public let name: String
        public let text: String
        public let value: FactValue
        public var assignment: String { "\(name)=\(text)" }
    }

    /// Parses `NAME=VALUE` facts against the schema; every problem at once, nothing when any fails.
    public static func parseFacts(_ assignments: [String], schema: FactSchema) throws -> [GivenFact] {
        var facts = FactSet(schema: schema)
        var out: [GivenFact] = []
        var problems: [String] = []
        for a in assignments {
            let parts = a.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { problems.append("'\(a)' is not NAME=VALUE (e.g. incident.deaths=2, release.quantity=3t)"); continue }
            do {
                try facts.set(parts[0], parsing: parts[1])
                if let v = facts.value(parts[0]) { out.append(GivenFact(name: parts[0], text: parts[1], value: v)) }
            } catch { problems.append(error.message) }
        }
        if !problems.isEmpty { throw IncidentError(problems.joined(separator: "\n")) }
        return out
    }

    /// A started session for an incident called at `calledAt` (seconds since 1970): the same for opening and replay.
    static func startSession(store: CityStore, library: PlanLibrary, type: IncidentType, at location: Coordinate,
                             facts: FactSet, calledAt: Double) -> (PlanSession, [String]) {
        let spatial = PlanSpatialFacts(store: store)
        let districts = spatial.districts(at: location)
        var session = PlanSession(library: library, incidentType: type, facts: facts, now: calledAt, calledAt: calledAt,
                                  location: location, spatial: spatial, districts: districts)
        session.start()
        return (session, districts.sorted())
    }

    /// One task as stored and printed: `plan/step action — text | due … | units … | run card …`.
    public static func taskLine(_ t: PlanTask) -> String {
        var s = "\(t.planID)/\(t.step.id) \(t.step.action.rawValue): \(t.step.text)"
        if let due = t.dueAt { s += " | due \(iso(due))" }
        if !t.units.isEmpty { s += " | units " + t.units.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ") }
        if !t.step.departments.isEmpty { s += " | notify " + t.step.departments.joined(separator: "、") }
        if !t.step.parameters.isEmpty { s += " | " + t.step.parameters.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }
        if let note = t.runCardNote { s += " | \(note)" }
        if t.step.when.source != "true" { s += " | because \(t.step.when.source)" }
        return s
    }

    /// The stored incident and its events, for `beacon incident why`.
    public static func explain(store: CityStore, id: String) throws -> (Feature, [IncidentEvent]) {
        guard let f = try store.feature(id: id), f.layer == .incidents else {
            throw IncidentError("no incident '\(id)' in \(store.path)")
        }
        return (f, try store.incidentEvents(id))
    }

    static func nextID(store: CityStore, at: Date) throws -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyyMMdd"
        return "INC-\(f.string(from: at))-\(String(format: "%04d", try store.incidentCount() + 1))"
    }

    public static func iso(_ t: Double) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        return f.string(from: Date(timeIntervalSince1970: t))
    }
}

/// A bad request to open or explain an incident, with a message for the duty officer.
public struct IncidentError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
