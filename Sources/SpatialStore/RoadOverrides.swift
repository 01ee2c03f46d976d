import SpatialCore

/// A live edit to the road network, stored and audited: a closed road or a speed factor on an area.
public struct RoadOverride: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Every edge of the road feature `roadID` is closed.
        case closure(roadID: String)
        /// Edges in `area` (a multipolygon, degrees) run at `factor` × their speed.
        case speedFactor(area: Geometry, factor: Double)
    }
    public let id: Int
    public let kind: Kind
    public let reason: String
    public let actor: String
    /// ISO 8601 times.
    public let createdAt: String
    public let liftedAt: String?

    public var isActive: Bool { liftedAt == nil }
}

extension CityStore {
    /// Closes road `roadID` (which must exist in `roads`) until lifted. One audited transaction.
    @discardableResult
    public func closeRoad(_ roadID: String, reason: String, actor: Actor) throws -> RoadOverride {
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(message: "a road closure needs a reason (who asked, why)")
        }
        let id: Int = try write(actor: actor, action: "road.close", target: roadID) { tx in
            let name = try tx.prepare("SELECT coalesce(name, '') FROM roads WHERE id = ?")
            try name.bind([.text(roadID)])
            guard try name.step() else { throw StoreError(message: "no road '\(roadID)' in the roads layer") }
            let label = name.string(0).flatMap { $0.isEmpty ? nil : $0 } ?? roadID
            let id = try insertOverride(tx, kind: "closure", roadID: roadID, factor: nil, area: nil, reason: reason, actor: actor)
            return (id, "override \(id): closed \(label) — \(reason)")
        }
        return try roadOverride(id: id)!
    }

    /// Multiplies the speed of the roads in `area` (polygon or multipolygon, degrees) by `factor` (> 0).
    @discardableResult
    public func slowRoads(in area: Geometry, factor: Double, reason: String, actor: Actor) throws -> RoadOverride {
        guard factor > 0, factor.isFinite else {
            throw StoreError(message: "speed factor \(factor) must be a number above 0 (0.3 = 30 % of the normal speed); close the roads instead")
        }
        guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(message: "a speed factor needs a reason (flooding, congestion …)")
        }
        let stored: Geometry
        switch area {
        case let .polygon(rings): stored = .multiPolygon([rings])
        case .multiPolygon: stored = area
        default: throw StoreError(message: "a speed-factor area must be a polygon, not a \(area.typeName)")
        }
        try area.validateCoordinates()
        let id: Int = try write(actor: actor, action: "road.slow", target: "area") { tx in
            let id = try insertOverride(tx, kind: "speed_factor", roadID: nil, factor: factor, area: stored, reason: reason, actor: actor)
            return (id, "override \(id): speed × \(factor) in an area of \(stored.coordinates.count) vertices — \(reason)")
        }
        return try roadOverride(id: id)!
    }

    /// Lifts an active override (reopens the road, restores the speed). Fails when it is unknown or already lifted.
    @discardableResult
    public func liftRoadOverride(_ id: Int, actor: Actor, reason: String = "") throws -> RoadOverride {
        guard let current = try roadOverride(id: id) else { throw StoreError(message: "no road override \(id); see `beacon road list`") }
        guard current.isActive else { throw StoreError(message: "road override \(id) was already lifted at \(current.liftedAt!)") }
        let target: String
        if case let .closure(road) = current.kind { target = road } else { target = "area" }
        try write(actor: actor, action: "road.reopen", target: target) { tx in
            try tx.prepare("UPDATE road_overrides SET lifted_at = ? WHERE id = ? AND lifted_at IS NULL")
                .run([.text(timestamp()), .integer(Int64(id))])
            return ((), "override \(id) lifted" + (reason.isEmpty ? "" : " — \(reason)"))
        }
        return try roadOverride(id: id)!
    }

    /// Overrides, newest first; only the active ones unless `includeLifted`.
    public func roadOverrides(includeLifted: Bool = false) throws -> [RoadOverride] {
        try readOverrides(includeLifted ? "" : "WHERE lifted_at IS NULL", [])
    }

    /// One override by id, lifted or not.
    public func roadOverride(id: Int) throws -> RoadOverride? {
        try readOverrides("WHERE id = ?", [.integer(Int64(id))]).first
    }

    /// A key that changes whenever the roads layer does (rows added, removed or re-imported), for
    /// caches derived from it: row count, largest `fid`, sum of `fid`, latest `updated_at`, latest `import_run`.
    public func roadDataKey() throws -> String {
        let st = try connection.prepare("SELECT count(*), coalesce(max(fid), 0), coalesce(sum(fid), 0), coalesce(max(updated_at), ''), coalesce(max(import_run), 0) FROM roads")
        guard try st.step() else { return "roads:empty" }
        return "roads:\(st.int(0)):\(st.int(1)):\(st.int(2)):\(st.string(3) ?? ""):\(st.int(4))"
    }

    private func insertOverride(_ tx: Transaction, kind: String, roadID: String?, factor: Double?, area: Geometry?,
                                reason: String, actor: Actor) throws -> Int {
        try tx.prepare("""
            INSERT INTO road_overrides(kind, road_id, factor, reason, actor, created_at, audit_seq, area)
            VALUES (?, ?, ?, ?, ?, ?, ?, CASE WHEN ? IS NULL THEN NULL ELSE GeomFromWKB(?, 4326) END)
            """).run([.text(kind), roadID.map { .text($0) } ?? .null, factor.map { .real($0) } ?? .null, .text(reason),
                      .text("\(actor.name) (\(actor.post))"), .text(timestamp()), .integer(Int64(try dataVersion() + 1)),
                      area.map { .blob(WKB.encode($0)) } ?? .null, area.map { .blob(WKB.encode($0)) } ?? .null])
        return Int(try connection.scalar("SELECT last_insert_rowid()")?.int ?? 0)
    }

    private func readOverrides(_ filter: String, _ bindings: [SQLValue]) throws -> [RoadOverride] {
        let st = try connection.prepare("""
            SELECT id, kind, road_id, factor, reason, actor, created_at, lifted_at, AsBinary(area)
            FROM road_overrides \(filter) ORDER BY id DESC
            """)
        try st.bind(bindings)
        var out: [RoadOverride] = []
        while try st.step() {
            let kind: RoadOverride.Kind
            if st.string(1) == "closure" {
                kind = .closure(roadID: st.string(2) ?? "")
            } else {
                let area = st.isNull(8) ? Geometry.multiPolygon([]) : try WKB.decode(st.blob(8))
                kind = .speedFactor(area: area, factor: st.double(3))
            }
            out.append(RoadOverride(id: Int(st.int(0)), kind: kind, reason: st.string(4) ?? "", actor: st.string(5) ?? "",
                                    createdAt: st.string(6) ?? "", liftedAt: st.isNull(7) ? nil : st.string(7)))
        }
        return out
    }
}
