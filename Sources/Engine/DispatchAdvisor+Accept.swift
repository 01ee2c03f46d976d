import Foundation
import RuleEngine
import SpatialStore

extension DispatchAdvisor {
    /// Accepts lines of a multi-incident plan, named `INCIDENT:CALLSIGN` as `beacon dispatch plan` prints them.
    ///
    /// The plan is computed again over `scope` (the incidents planned together; the lines' incidents when empty)
    /// at time `at`; every line must still be in it, else nothing is written and the error says what the plan
    /// sends now. All accepted lines are written in ONE audited transaction (one `dispatch.accept` audit row,
    /// incident events and unit events per incident); each assignment's reason is its plan line's reason.
    public func accept(lines tokens: [String], scope: [String] = [], library: PlanLibrary? = nil, at: Date = Date(),
                       actor: Actor) throws -> (plan: DispatchPlan, written: [String]) {
        guard !tokens.isEmpty else { throw IncidentError("name at least one plan line (INCIDENT:UNIT) to accept") }
        var wanted: [(incident: String, unit: String)] = []
        for t in tokens {
            guard let colon = t.lastIndex(of: ":"), colon != t.startIndex, t.index(after: colon) != t.endIndex else {
                throw IncidentError("plan line '\(t)' must be INCIDENT:UNIT, e.g. INC-20250809-0001:E021")
            }
            wanted.append((String(t[..<colon]), String(t[t.index(after: colon)...])))
        }
        var incidents = scope
        for w in wanted where !incidents.contains(w.incident) { incidents.append(w.incident) }
        let plan = try self.plan(incidentIDs: incidents, library: library, now: at)
        var problems: [String] = [], byIncident: [String: [DispatchPlan.Line]] = [:]
        for w in wanted {
            guard let unit = try store.unit(w.unit) else { problems.append("no unit '\(w.unit)' in the store"); continue }
            guard let line = plan.lines.first(where: { $0.incidentID == w.incident && $0.option.unit.id == unit.id }) else {
                let now = plan.lines.filter { $0.incidentID == w.incident }.map(\.option.unit.name)
                let elsewhere = plan.lines.first { $0.option.unit.id == unit.id }.map { "; \(unit.name) is planned for \($0.incidentID)" } ?? ""
                problems.append("\(w.incident):\(unit.name) is not in the plan (it sends \(now.isEmpty ? "nothing" : now.joined(separator: " ")) to \(w.incident)\(elsewhere)); run dispatch plan again")
                continue
            }
            if byIncident[w.incident]?.contains(where: { $0.option.unit.id == unit.id }) == true { problems.append("\(w.incident):\(unit.name) is named twice"); continue }
            byIncident[w.incident, default: []].append(line)
        }
        if !problems.isEmpty { throw IncidentError("nothing accepted:\n  " + problems.joined(separator: "\n  ")) }
        var writes: [DispatchWrite] = [], written: [String] = []
        for id in incidents where byIncident[id] != nil {
            let lines = byIncident[id]!
            let (w, text) = try IncidentLifecycle.assignmentWrite(
                store: store, incident: id, units: lines.map(\.option.unit.id), recommended: Set(lines.map(\.option.unit.id)), reason: nil,
                reasons: Dictionary(uniqueKeysWithValues: lines.map { ($0.option.unit.id, "plan line accepted: " + $0.reason) }), at: at)
            writes.append(w)
            written += text.map { "\(id): \($0)" }
        }
        try store.recordDispatches(writes, action: "dispatch.accept", target: incidents.joined(separator: " "), actor: actor)
        return (plan, written)
    }
}
