import Foundation
import RuleEngine
import SpatialCore
import SpatialStore

/// What one update of a stored incident changed: new facts, the level before and after (and why), the new firings
/// and tasks, a stand-down, and the report deadlines already past at that time.
public struct IncidentChange: Sendable {
    public let id: String
    /// The update's time (whole seconds).
    public let at: Date
    public let facts: [IncidentOpening.GivenFact]
    public let levelBefore: ResponseLevel
    public let levelAfter: ResponseLevel
    /// The firing that set the new level (graded or escalated); nil when the level did not change.
    public let levelReason: Firing?
    /// Firings this update caused, in order.
    public let firings: [Firing]
    public let tasks: [PlanTask]
    /// True when this update stood the incident down.
    public let stoodDown: Bool
    /// Report tasks (any so far) due at or before `at`; nothing records a report as made, so these are all past due.
    public let overdueReports: [PlanTask]
    /// Set when replaying the log did not reproduce the stored firings (plans or the city changed since).
    public let replayNote: String?
}

/// Updates a stored incident: replays its log into a `PlanSession`, applies new facts (or only moves the clock),
/// and appends what fired in one audited transaction (`incident.update`).
///
/// The log is the truth: `fact` events (`NAME=VALUE` as given) and `update` markers (one per update, at its time)
/// rebuild the session exactly as it ran, so only this update's firings are appended. O(events + agenda).
public enum IncidentUpdating {
    /// A session rebuilt from the log, with the stored row and the last event seq read.
    public struct Replay {
        public var session: PlanSession
        public let feature: Feature
        public let events: [IncidentEvent]
        public var lastSeq: Int { events.last?.seq ?? 0 }
        /// Where the replayed firings first differ from the stored ones, if they do.
        public let mismatch: String?
    }

    /// Kinds of event that are firings (`Firing.Kind` raw values).
    static let firingKinds: Set<String> = ["activated", "graded", "escalated", "step", "stand_down"]

    /// Applies `assignments` (`NAME=VALUE`; none = only advance the clock) at `at` and stores what changed.
    /// Nothing is written when a fact is bad, the clock would go back, or the incident has stood down.
    /// `hazardZones` (a hazard assessment's footprints, stamped here with the update's time) replace the incident's
    /// current zones in the same transaction; nil leaves them as they are.
    public static func update(store: CityStore, library: PlanLibrary, id: String, facts assignments: [String],
                              hazardZones: [IncidentHazardZone]? = nil, at: Date = Date(), actor: Actor) throws -> IncidentChange {
        let given = try IncidentOpening.parseFacts(assignments, schema: library.schema)
        var replay = try self.replay(store: store, library: library, id: id)
        let now = at.timeIntervalSince1970.rounded(.down)
        let before = replay.session.context.now
        guard now >= before else {
            throw IncidentError("--time \(IncidentOpening.iso(now)) is before the incident's last update at \(IncidentOpening.iso(before)); the clock cannot go back")
        }
        guard !replay.session.stoodDown else {
            throw IncidentError("incident \(id) has stood down (\(replay.feature.properties["state"]?.textValue ?? "stood_down")); nothing more fires")
        }
        let levelBefore = replay.session.level
        let firedBefore = replay.session.firings.count, tasksBefore = replay.session.tasks.count
        try apply(&replay.session, given.map { ($0.name, $0.value) }, at: now)
        let session = replay.session
        let firings = Array(session.firings[firedBefore...]), tasks = Array(session.tasks[tasksBefore...])
        let levelReason = session.level == levelBefore ? nil
            : firings.last { ($0.kind == .graded || $0.kind == .escalated) && $0.level == session.level }
        let stoodDown = session.stoodDown

        let stamp = IncidentOpening.iso(now)
        var events = [IncidentEvent(incidentID: id, at: stamp, kind: "update",
                                    text: given.isEmpty ? "clock advanced to \(stamp)" : "facts: " + given.map(\.assignment).joined(separator: "; "))]
        events += given.map { IncidentEvent(incidentID: id, at: stamp, kind: "fact", text: $0.assignment) }
        events += firings.map { IncidentEvent(incidentID: id, at: IncidentOpening.iso($0.at), kind: $0.kind.rawValue, text: $0.explanation) }
        if let r = levelReason {
            events.append(IncidentEvent(incidentID: id, at: stamp, kind: "level",
                                        text: "\(levelLine(levelBefore, session.level)) because \(because(r))"))
        }
        events += tasks.map { IncidentEvent(incidentID: id, at: IncidentOpening.iso($0.firedAt), kind: "task", text: IncidentOpening.taskLine($0)) }

        var props = replay.feature.properties
        props["level"] = .text(session.level.description)
        if stoodDown { props["state"] = .text("stood_down") }
        for f in given { props["fact." + f.name] = .text(f.value.description) }
        let feature = Feature(id: id, layer: .incidents, kind: replay.feature.kind, name: replay.feature.name,
                              geometry: replay.feature.geometry, properties: props)
        var summary = "updated at \(stamp): \(given.count) facts; level \(levelBefore) → \(session.level); \(tasks.count) new tasks"
        if stoodDown { summary += "; stood down" }
        let zones = hazardZones?.map { z -> IncidentHazardZone in
            var z = z
            z.incidentID = id
            z.assessedAt = stamp
            return z
        }
        try store.updateIncident(feature, events: events, afterSeq: replay.lastSeq, hazardZones: zones, actor: actor, summary: summary)

        let overdue = session.tasks.filter { $0.step.action == .report && ($0.dueAt.map { $0 <= now } ?? false) }
        return IncidentChange(id: id, at: Date(timeIntervalSince1970: now), facts: given, levelBefore: levelBefore,
                              levelAfter: session.level, levelReason: levelReason, firings: firings, tasks: tasks,
                              stoodDown: stoodDown, overdueReports: overdue, replayNote: replay.mismatch)
    }

    /// `escalated from III to II` (levels only rise in a session).
    public static func levelLine(_ from: ResponseLevel, _ to: ResponseLevel) -> String {
        "\(to > from ? "escalated" : "changed") from \(from) to \(to)"
    }

    /// A firing's reason, condition and the facts it read: `扩大应急: … — gas.ignited and … [gas.ignited = true; …] (plan)`.
    public static func because(_ f: Firing) -> String {
        var s = f.reason
        if !f.condition.isEmpty, f.condition != "true" { s += " — \(f.condition)" }
        if !f.facts.isEmpty { s += " [\(f.facts.joined(separator: "; "))]" }
        return s + " (\(f.planID))"
    }

    /// Rebuilds the incident's session from its stored type, place, call time and facts, update by update.
    public static func replay(store: CityStore, library: PlanLibrary, id: String) throws -> Replay {
        let (feature, events) = try IncidentOpening.explain(store: store, id: id)
        guard let code = feature.properties["type_code"]?.textValue, let type = library.incidentType(code) else {
            throw IncidentError("incident \(id) has type '\(feature.properties["type_code"]?.textValue ?? "")', which the plans do not know")
        }
        guard case let .point(location) = feature.geometry else { throw IncidentError("incident \(id) is not a point") }
        guard let calledText = feature.properties["called_at"]?.textValue, let calledAt = parseTime(calledText) else {
            throw IncidentError("incident \(id) has no readable called_at")
        }

        // Batches of facts: the opening's, then one per `update` marker, each with its time.
        var batches: [(at: Double, facts: [String])] = [(calledAt, [])]
        for e in events {
            switch e.kind {
            case "update":
                guard let t = parseTime(e.at) else { throw IncidentError("incident \(id): event \(e.seq) has an unreadable time '\(e.at)'") }
                batches.append((t, []))
            case "fact": batches[batches.count - 1].facts.append(e.text)
            default: break
            }
        }
        if batches.count == 1 && batches[0].facts.isEmpty { batches[0].facts = legacyFacts(feature) }

        var facts = FactSet(schema: library.schema)
        for f in try given(batches[0].facts, id: id, library: library) { _ = try? facts.set(f.name, f.value) }
        var (session, _) = IncidentOpening.startSession(store: store, library: library, type: type, at: location, facts: facts, calledAt: calledAt)
        for batch in batches.dropFirst() {
            try apply(&session, try given(batch.facts, id: id, library: library).map { ($0.name, $0.value) }, at: batch.at)
        }

        let stored = events.filter { firingKinds.contains($0.kind) }.map { withoutFolders($0.text) }
        let replayed = session.firings.map { withoutFolders($0.explanation) }
        var mismatch: String?
        if stored != replayed {
            let i = stored.indices.first { $0 >= replayed.count || stored[$0] != replayed[$0] } ?? stored.count
            mismatch = "replaying \(id) differs from its log at firing \(i + 1): stored '\(i < stored.count ? stored[i] : "nothing")', "
                + "replayed '\(i < replayed.count ? replayed[i] : "nothing")' (plans or city data changed since); new events follow the replay"
        }
        return Replay(session: session, feature: feature, events: events, mismatch: mismatch)
    }

    private static func apply(_ session: inout PlanSession, _ changes: [(String, FactValue)], at now: Double) throws {
        if changes.isEmpty { session.advance(to: now); return }
        do { try session.update(changes, at: now) } catch { throw IncidentError(error.message) }
    }

    private static func given(_ assignments: [String], id: String, library: PlanLibrary) throws -> [IncidentOpening.GivenFact] {
        do { return try IncidentOpening.parseFacts(assignments, schema: library.schema) } catch let e as IncidentError {
            throw IncidentError("incident \(id): a stored fact no longer fits Plans/facts.yaml: \(e.description)")
        }
    }

    /// Incidents opened before facts were logged: their `fact.NAME` properties (base units, `t=` for times).
    private static func legacyFacts(_ f: Feature) -> [String] {
        f.properties.keys.sorted().filter { $0.hasPrefix("fact.") }.compactMap { key in
            guard let text = f.properties[key]?.textValue else { return nil }
            if text.hasPrefix("t="), let t = Double(text.dropFirst(2)) { return "\(key.dropFirst(5))=\(IncidentOpening.iso(t))" }
            return "\(key.dropFirst(5))=\(text)"
        }
    }

    /// `(/abs/Plans/plans/x.yaml:17:35)` → `(x.yaml:17:35)`: the same plan read from another folder is the same plan.
    static func withoutFolders(_ text: String) -> String {
        text.replacingOccurrences(of: #"\([^()\s]*/([^/()\s]+\.(yaml|csv):\d+:\d+)\)"#, with: "($1)", options: .regularExpression)
    }

    static func parseTime(_ text: String) -> Double? {
        ISO8601DateFormatter().date(from: text)?.timeIntervalSince1970
    }
}
