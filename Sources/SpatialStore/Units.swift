import SpatialCore

/// A response unit as the dispatcher reads it: type, home station, status and last known position.
public struct UnitRecord: Sendable, Hashable {
    public let id: String
    /// Unit type: engine, ladder, ambulance, hazmat, rescue, police, repair_crew.
    public let kind: String
    /// Call sign (`E021`); the id when unnamed.
    public let name: String
    public let homeFacility: String
    public let status: String
    /// Last known position (the home station until an AVL update).
    public let position: Coordinate
    /// ISO 8601 time of the last AVL update; nil when the position is only the home station.
    public let positionAt: String?
    /// What the unit can do beyond its type (the `capabilities` column, comma- or space-separated in the data).
    public let capabilities: [String]
}

/// An open or released assignment of a unit to an incident.
public struct AssignmentRecord: Sendable, Hashable {
    public let seq: Int
    public let incidentID: String
    public let unitID: String
    public let assignedAt: String
    public let releasedAt: String?
    public let reason: String
    /// Whether the unit was among the recommended ones when assigned.
    public let recommended: Bool
    public let enRouteAt: String?
    public let onSceneAt: String?
}

/// One dispatch action, written by ``CityStore/recordDispatch(_:actor:)`` in one audited transaction.
///
/// Every change names the state it expects to find (optimistic check): when another writer moved the
/// incident or a unit meanwhile, nothing is written and the error names what changed.
public struct DispatchWrite: Sendable {
    public struct IncidentState: Sendable {
        public let from: String
        public let to: String
        /// Incident timestamp columns to set when still empty (`dispatched_at`, `on_scene_at` …).
        public let stamps: [String]
        public init(from: String, to: String, stamps: [String]) {
            self.from = from
            self.to = to
            self.stamps = stamps
        }
    }
    public struct UnitState: Sendable {
        public let unitID: String
        public let from: String
        public let to: String
        /// A new AVL position, stamped with the action's time.
        public let position: Coordinate?
        public init(unitID: String, from: String, to: String, position: Coordinate? = nil) {
            self.unitID = unitID
            self.from = from
            self.to = to
            self.position = position
        }
    }
    public struct NewAssignment: Sendable {
        public let unitID: String
        public let reason: String
        public let recommended: Bool
        public init(unitID: String, reason: String, recommended: Bool) {
            self.unitID = unitID
            self.reason = reason
            self.recommended = recommended
        }
    }

    /// Audit action, e.g. `dispatch.assign`.
    public let action: String
    /// Audit target: the incident id, or the unit id when no incident is involved.
    public let target: String
    /// ISO 8601 time of the action (events, stamps, positions).
    public let at: String
    public let incidentID: String?
    public var incident: IncidentState?
    public var units: [UnitState] = []
    public var assign: [NewAssignment] = []
    /// Units whose open assignment to `incidentID` ends.
    public var release: [String] = []
    /// Units whose open assignment gets `en_route_at` / `on_scene_at` (column name per unit).
    public var assignmentStamps: [(unitID: String, column: String)] = []
    public var events: [IncidentEvent] = []
    /// The audit row's detail.
    public var summary: String

    public init(action: String, target: String, at: String, incidentID: String?, summary: String) {
        self.action = action
        self.target = target
        self.at = at
        self.incidentID = incidentID
        self.summary = summary
    }
}

extension CityStore {
    private static let unitSelect = "SELECT id, kind, coalesce(name, id), coalesce(home_facility, ''), coalesce(status, 'available'), ST_X(geom), ST_Y(geom), position_at, capabilities FROM units"

    /// Units, optionally only those with `status`, ordered by id. O(n).
    public func units(status: String? = nil) throws -> [UnitRecord] {
        let st = try connection.prepare(Self.unitSelect + (status == nil ? "" : " WHERE coalesce(status, 'available') = ?") + " ORDER BY id")
        if let status { try st.bind([.text(status)]) }
        var out: [UnitRecord] = []
        while try st.step() { out.append(Self.unitRecord(st)) }
        return out
    }

    /// A unit by id (`ex:unit/E021`) or by call sign (`E021`); nil when neither matches.
    public func unit(_ idOrName: String) throws -> UnitRecord? {
        let st = try connection.prepare(Self.unitSelect + " WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1")
        try st.bind([.text(idOrName), .text(idOrName), .text(idOrName)])
        return try st.step() ? Self.unitRecord(st) : nil
    }

    private static func unitRecord(_ st: Statement) -> UnitRecord {
        UnitRecord(id: st.string(0) ?? "", kind: st.string(1) ?? "", name: st.string(2) ?? "", homeFacility: st.string(3) ?? "",
                   status: st.string(4) ?? "available", position: Coordinate(longitude: st.double(5), latitude: st.double(6)),
                   positionAt: st.string(7),
                   capabilities: (st.string(8) ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init))
    }

    /// Assignments of an incident (or of every incident), open ones only unless `includeReleased`, in order.
    public func assignments(incidentID: String? = nil, includeReleased: Bool = false) throws -> [AssignmentRecord] {
        var sql = "SELECT seq, incident_id, unit_id, assigned_at, released_at, reason, recommended, en_route_at, on_scene_at FROM assignments WHERE 1"
        var binds: [SQLValue] = []
        if let incidentID { sql += " AND incident_id = ?"; binds.append(.text(incidentID)) }
        if !includeReleased { sql += " AND released_at IS NULL" }
        let st = try connection.prepare(sql + " ORDER BY seq")
        try st.bind(binds)
        var out: [AssignmentRecord] = []
        while try st.step() {
            out.append(AssignmentRecord(seq: Int(st.int(0)), incidentID: st.string(1) ?? "", unitID: st.string(2) ?? "",
                                        assignedAt: st.string(3) ?? "", releasedAt: st.string(4), reason: st.string(5) ?? "",
                                        recommended: st.int(6) != 0, enRouteAt: st.string(7), onSceneAt: st.string(8)))
        }
        return out
    }

    /// Writes one dispatch action — incident state, unit statuses and positions, assignments, events — in one
    /// audited transaction. Any expectation not met (state moved meanwhile, unit already assigned) writes nothing.
    public func recordDispatch(_ w: DispatchWrite, actor: Actor) throws {
        try write(actor: actor, action: w.action, target: w.target) { tx in
            try apply(w, tx: tx, actor: actor, auditSeq: Int64(try dataVersion() + 1))
            return ((), w.summary)
        }
    }

    /// Several dispatch actions (a multi-incident plan accepted) in ONE audited transaction: all or nothing.
    /// The audit row names `action` and `target` and carries every action's summary.
    public func recordDispatches(_ writes: [DispatchWrite], action: String, target: String, actor: Actor) throws {
        guard !writes.isEmpty else { return }
        try write(actor: actor, action: action, target: target) { tx in
            let auditSeq = Int64(try dataVersion() + 1)
            for w in writes { try apply(w, tx: tx, actor: actor, auditSeq: auditSeq) }
            return ((), writes.map { "\($0.target): \($0.summary)" }.joined(separator: " || "))
        }
    }

    private func apply(_ w: DispatchWrite, tx: Transaction, actor: Actor, auditSeq: Int64) throws {
        if let change = w.incident, let id = w.incidentID {
            let stamps = change.stamps.map { ", \($0) = coalesce(\($0), ?)" }.joined()
            try tx.prepare("UPDATE incidents SET state = ?\(stamps) WHERE id = ? AND coalesce(state, 'received') = ?")
                .run([.text(change.to)] + change.stamps.map { _ in .text(w.at) } + [.text(id), .text(change.from)])
            guard connection.changes == 1 else { throw StoreError(message: "incident \(id) is no longer \(change.from); nothing was written, read it again") }
        }
        let move = try tx.prepare("UPDATE units SET status = ? WHERE id = ? AND coalesce(status, 'available') = ?")
        let place = try tx.prepare("UPDATE units SET geom = MakePoint(?, ?, 4326), position_at = ? WHERE id = ?")
        let log = try tx.prepare("INSERT INTO unit_events(unit_id, at, from_status, status, incident_id, lon, lat, actor, audit_seq) VALUES (?,?,?,?,?,?,?,?,?)")
        for u in w.units {
            try move.run([.text(u.to), .text(u.unitID), .text(u.from)])
            guard connection.changes == 1 else { throw StoreError(message: "unit \(u.unitID) is no longer \(u.from); nothing was written, read it again") }
            if let p = u.position { try place.run([.real(p.longitude), .real(p.latitude), .text(w.at), .text(u.unitID)]) }
            try log.run([.text(u.unitID), .text(w.at), .text(u.from), .text(u.to), w.incidentID.map { .text($0) } ?? .null,
                         u.position.map { .real($0.longitude) } ?? .null, u.position.map { .real($0.latitude) } ?? .null,
                         .text(actor.name), .integer(auditSeq)])
        }
        if let id = w.incidentID {
            let assign = try tx.prepare("INSERT INTO assignments(incident_id, unit_id, assigned_at, reason, recommended, audit_seq) VALUES (?,?,?,?,?,?)")
            for a in w.assign {
                do {
                    try assign.run([.text(id), .text(a.unitID), .text(w.at), .text(a.reason), .integer(a.recommended ? 1 : 0), .integer(auditSeq)])
                } catch {
                    throw StoreError(message: "unit \(a.unitID) is already assigned to an incident; release it first (\(error))")
                }
            }
            let release = try tx.prepare("UPDATE assignments SET released_at = ? WHERE incident_id = ? AND unit_id = ? AND released_at IS NULL")
            for unitID in w.release {
                try release.run([.text(w.at), .text(id), .text(unitID)])
                guard connection.changes == 1 else { throw StoreError(message: "unit \(unitID) has no open assignment to \(id)") }
            }
            for s in w.assignmentStamps {
                try tx.prepare("UPDATE assignments SET \(s.column) = coalesce(\(s.column), ?) WHERE incident_id = ? AND unit_id = ? AND released_at IS NULL")
                    .run([.text(w.at), .text(id), .text(s.unitID)])
            }
            let insert = try tx.prepare("INSERT INTO incident_events(incident_id, at, kind, text, actor, post, audit_seq) VALUES (?,?,?,?,?,?,?)")
            for e in w.events {
                try insert.run([.text(id), .text(e.at), .text(e.kind), .text(e.text), .text(actor.name), .text(actor.post), .integer(auditSeq)])
            }
        }
    }

    /// The city's extent: roads, facilities and districts together (nil when all are empty). O(n) over those layers.
    public func cityExtent() throws -> BoundingBox? {
        var box: BoundingBox?
        for table in [Layer.roads, .facilities, .districts].map(\.rawValue) {
            let st = try connection.prepare("SELECT min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)), max(MbrMaxY(geom)) FROM \(table)")
            guard try st.step(), !st.isNull(0) else { continue }
            let b = BoundingBox(minLongitude: st.double(0), minLatitude: st.double(1), maxLongitude: st.double(2), maxLatitude: st.double(3))
            box = box.map { BoundingBox(minLongitude: min($0.minLongitude, b.minLongitude), minLatitude: min($0.minLatitude, b.minLatitude),
                                        maxLongitude: max($0.maxLongitude, b.maxLongitude), maxLatitude: max($0.maxLatitude, b.maxLatitude)) } ?? b
        }
        return box
    }

    /// Incidents, newest call first, optionally only those in `states`.
    public func incidents(states: Set<String>? = nil) throws -> [Feature] {
        let all = try features(in: .incidents)
        let kept = states.map { s in all.filter { s.contains($0.properties["state"]?.textValue ?? "received") } } ?? all
        return kept.sorted { ($0.properties["called_at"]?.textValue ?? "", $0.id) > ($1.properties["called_at"]?.textValue ?? "", $1.id) }
    }
}
