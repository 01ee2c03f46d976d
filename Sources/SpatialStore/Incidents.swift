import SpatialCore

/// One row of an incident's event log (`incident_events`): a task, a firing with its facts, a note.
public struct IncidentEvent: Sendable, Hashable {
    public let seq: Int
    public let incidentID: String
    /// ISO 8601.
    public let at: String
    /// `opened`, `update`, `fact` (`NAME=VALUE` as given), `activated`, `graded`, `escalated`, `level`, `step`, `stand_down`, `task` …
    public let kind: String
    public let text: String
    public let actor: String
    public let post: String

    public init(seq: Int = 0, incidentID: String, at: String, kind: String, text: String, actor: String = "", post: String = "") {
        self.seq = seq
        self.incidentID = incidentID
        self.at = at
        self.kind = kind
        self.text = text
        self.actor = actor
        self.post = post
    }
}

extension CityStore {
    /// Writes a new incident (a point in `incidents`) and its first events in one audited transaction:
    /// either all of it is stored with its audit row, or none. Fails when the id exists.
    public func openIncident(_ incident: Feature, events: [IncidentEvent], actor: Actor, summary: String) throws {
        guard incident.layer == .incidents else { throw StoreError(message: "an incident must be in the incidents layer, not \(incident.layer)") }
        try Self.validate([incident], source: "incident")
        try write(actor: actor, action: "incident.open", target: incident.id) { tx in
            let exists = try tx.prepare("SELECT 1 FROM incidents WHERE id = ?")
            try exists.bind([.text(incident.id)])
            if try exists.step() { throw StoreError(message: "incident \(incident.id) exists already") }
            let schema = LayerSchema.of(.incidents)
            try tx.prepare(Self.upsertSQL(schema)).run(Self.bindings(incident, schema: schema, source: "incident", run: 0, now: timestamp()))
            try appendEvents(tx, incident.id, events, actor: actor)
            return ((), summary)
        }
    }

    /// Rewrites an incident's current state (its row in `incidents`: level, state, facts) and appends new events,
    /// in one audited transaction (`incident.update`). Events already stored are never touched.
    ///
    /// `afterSeq` is the last event seq the caller read; when another writer appended since, nothing is written
    /// and the error says so (the caller re-reads and tries again). With `hazardZones` (a hazard assessment's
    /// footprints) the incident's current zones are superseded by these in the same transaction; nil leaves them.
    public func updateIncident(_ incident: Feature, events: [IncidentEvent], afterSeq: Int, hazardZones: [IncidentHazardZone]? = nil,
                               actor: Actor, summary: String) throws {
        guard incident.layer == .incidents else { throw StoreError(message: "an incident must be in the incidents layer, not \(incident.layer)") }
        try Self.validate([incident], source: "incident")
        try write(actor: actor, action: "incident.update", target: incident.id) { tx in
            let exists = try tx.prepare("SELECT 1 FROM incidents WHERE id = ?")
            try exists.bind([.text(incident.id)])
            guard try exists.step() else { throw StoreError(message: "no incident \(incident.id) to update") }
            let last = try tx.prepare("SELECT coalesce(max(seq), 0) FROM incident_events WHERE incident_id = ?")
            try last.bind([.text(incident.id)])
            _ = try last.step()
            let lastSeq = Int(last.int(0))
            guard lastSeq == afterSeq else {
                throw StoreError(message: "incident \(incident.id) changed while updating (events up to \(lastSeq), read up to \(afterSeq)); run the update again")
            }
            let schema = LayerSchema.of(.incidents)
            try tx.prepare(Self.upsertSQL(schema)).run(Self.bindings(incident, schema: schema, source: "incident", run: 0, now: timestamp()))
            try appendEvents(tx, incident.id, events, actor: actor)
            guard let hazardZones else { return ((), summary) }
            let superseded = try replaceHazardZones(tx, incidentID: incident.id, with: hazardZones)
            return ((), summary + "; \(hazardZones.count) hazard zones stored" + (superseded > 0 ? ", \(superseded) superseded" : ""))
        }
    }

    /// Appends events inside a write, stamped with the actor and the audit row being written.
    private func appendEvents(_ tx: Transaction, _ incidentID: String, _ events: [IncidentEvent], actor: Actor) throws {
        let auditSeq = Int64(try dataVersion() + 1)
        let insert = try tx.prepare("INSERT INTO incident_events(incident_id, at, kind, text, actor, post, audit_seq) VALUES (?,?,?,?,?,?,?)")
        for e in events {
            try insert.run([.text(incidentID), .text(e.at), .text(e.kind), .text(e.text), .text(actor.name), .text(actor.post), .integer(auditSeq)])
        }
    }

    /// An incident's events in the order they were written.
    public func incidentEvents(_ incidentID: String) throws -> [IncidentEvent] {
        let st = try connection.prepare("SELECT seq, incident_id, at, kind, text, actor, post FROM incident_events WHERE incident_id = ? ORDER BY seq")
        try st.bind([.text(incidentID)])
        var out: [IncidentEvent] = []
        while try st.step() {
            out.append(IncidentEvent(seq: Int(st.int(0)), incidentID: st.string(1) ?? "", at: st.string(2) ?? "", kind: st.string(3) ?? "",
                                     text: st.string(4) ?? "", actor: st.string(5) ?? "", post: st.string(6) ?? ""))
        }
        return out
    }

    /// The number of incidents already stored (for numbering new ones).
    public func incidentCount() throws -> Int {
        Int(try connection.scalar("SELECT count(*) FROM incidents")?.int ?? 0)
    }
}
