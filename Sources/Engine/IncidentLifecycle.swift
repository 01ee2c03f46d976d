import Foundation
import SpatialCore
import SpatialStore

/// The unit status machine: available → dispatched → en_route → on_scene → returning → available, and
/// available ⇄ out_of_service. A dispatched, en-route or on-scene unit may be released (cancelled or done):
/// back to available when it had not left, else returning.
public enum UnitStatus: String, Sendable, CaseIterable {
    case available, dispatched, en_route, on_scene, returning, out_of_service

    /// The statuses a unit may move to from this one by a status report (`beacon unit status`).
    /// `dispatched` is reached only by an assignment, never by a report.
    public var reportable: [UnitStatus] {
        switch self {
        case .available: [.out_of_service]
        case .dispatched: [.en_route]
        case .en_route: [.on_scene]
        case .on_scene: [.returning]
        case .returning: [.available]
        case .out_of_service: [.available]
        }
    }

    /// The status a release leaves: available when the unit had not left its station, else returning.
    public var afterRelease: UnitStatus? {
        switch self {
        case .dispatched: .available
        case .en_route, .on_scene: .returning
        default: nil
        }
    }

    /// Parses a status name; the error lists the valid ones.
    public init(parsing text: String) throws {
        guard let s = UnitStatus(rawValue: text.lowercased().replacingOccurrences(of: "-", with: "_")) else {
            throw IncidentError("unknown unit status '\(text)'; expected one of " + UnitStatus.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = s
    }
}

/// The incident state machine: received → graded → dispatched → on_scene → under_control → closed;
/// a closed incident may be reopened (back to graded). Each state stamps the incident's KPI column
/// the first time it is reached. `stood_down` is set by the plans (`beacon incident update`) when their
/// stand-down condition holds; such an incident only closes.
public enum IncidentState: String, Sendable, CaseIterable {
    case received, graded, dispatched, on_scene, under_control, closed, stood_down

    /// The next states allowed from this one (reopen is closed → graded).
    public var next: [IncidentState] {
        switch self {
        case .received: [.graded, .dispatched]
        case .graded: [.dispatched]
        case .dispatched: [.on_scene]
        case .on_scene: [.under_control]
        case .under_control, .stood_down: [.closed]
        case .closed: [.graded]
        }
    }

    /// The `incidents` timestamp column this state sets when first reached.
    public var stampColumn: String? {
        switch self {
        case .dispatched: "dispatched_at"
        case .on_scene: "on_scene_at"
        case .closed: "cleared_at"
        default: nil
        }
    }

    public init(parsing text: String) throws {
        guard let s = IncidentState(rawValue: text.lowercased().replacingOccurrences(of: "-", with: "_")) else {
            throw IncidentError("unknown incident state '\(text)'; expected one of " + IncidentState.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = s
    }
}

/// Moves incidents and units through their state machines. Every accepted action is one audited
/// transaction with its `incident_events` row (and `unit_events` rows); a refused one writes nothing.
public enum IncidentLifecycle {
    /// The stored state of an incident, and the incident.
    public static func incident(_ store: CityStore, _ id: String) throws -> (Feature, IncidentState) {
        guard let f = try store.feature(id: id), f.layer == .incidents else { throw IncidentError("no incident '\(id)' in \(store.path)") }
        let text = f.properties["state"]?.textValue ?? "received"
        guard let state = IncidentState(rawValue: text) else { throw IncidentError("incident \(id) has unknown state '\(text)' in the store") }
        return (f, state)
    }

    /// A unit by id or call sign, with its parsed status.
    public static func unit(_ store: CityStore, _ idOrName: String) throws -> (UnitRecord, UnitStatus) {
        guard let u = try store.unit(idOrName) else { throw IncidentError("no unit '\(idOrName)' in \(store.path) (give an id like ex:unit/E021 or a call sign like E021)") }
        guard let s = UnitStatus(rawValue: u.status) else { throw IncidentError("unit \(u.name) has unknown status '\(u.status)' in the store") }
        return (u, s)
    }

    /// Moves an incident to `to` (under_control, closed, or graded to reopen). Closing needs every unit released.
    @discardableResult
    public static func advance(store: CityStore, incident id: String, to: IncidentState, note: String? = nil,
                               at: Date = Date(), actor: Actor) throws -> IncidentState {
        let (_, from) = try incident(store, id)
        guard from.next.contains(to) else {
            throw IncidentError("incident \(id) is \(from.rawValue); it cannot go to \(to.rawValue) (from \(from.rawValue) only to "
                + (from.next.isEmpty ? "nothing" : from.next.map(\.rawValue).joined(separator: ", ")) + ")")
        }
        if to == .closed {
            let open = try store.assignments(incidentID: id)
            if !open.isEmpty {
                throw IncidentError("incident \(id) still has \(open.count) unit(s) assigned (\(open.map(\.unitID).joined(separator: ", "))); release them first: beacon dispatch release \(id) …")
            }
        }
        let stamp = iso(at)
        let kind = from == .closed ? "reopened" : "state"
        var w = DispatchWrite(action: "incident.\(from == .closed ? "reopen" : to.rawValue)", target: id, at: stamp, incidentID: id,
                              summary: "\(id) \(from.rawValue) → \(to.rawValue)" + (note.map { ": \($0)" } ?? ""))
        w.incident = .init(from: from.rawValue, to: to.rawValue, stamps: to.stampColumn.map { [$0] } ?? [])
        w.events = [IncidentEvent(incidentID: id, at: stamp, kind: kind, text: "\(from.rawValue) → \(to.rawValue)" + (note.map { ": \($0)" } ?? ""))]
        try store.recordDispatch(w, actor: actor)
        return to
    }

    /// A status report from a unit (`beacon unit status`), with an optional AVL position.
    ///
    /// Same status with a position is a position update only. en_route and on_scene stamp the unit's
    /// assignment and, the first time for the incident, the incident (`turnout_at`/`en_route_at`, `on_scene_at`,
    /// moving it to on_scene). Returning releases the unit from its incident.
    public static func report(store: CityStore, unit idOrName: String, status to: UnitStatus, position: Coordinate? = nil,
                              at: Date = Date(), actor: Actor) throws -> String {
        let (u, from) = try unit(store, idOrName)
        if let position { try checkInsideCity(store, position, what: "unit \(u.name)'s position") }
        let stamp = iso(at)
        let assignment = try store.assignments().first { $0.unitID == u.id }
        if to == from {
            guard let position else { throw IncidentError("unit \(u.name) is already \(from.rawValue); give --at LON,LAT for a position update") }
            var w = DispatchWrite(action: "unit.position", target: u.id, at: stamp, incidentID: nil, summary: "\(u.name) at \(position)")
            w.units = [.init(unitID: u.id, from: from.rawValue, to: to.rawValue, position: position)]
            try store.recordDispatch(w, actor: actor)
            return "\(u.name) \(from.rawValue), position \(position) at \(stamp)"
        }
        guard from.reportable.contains(to) else {
            let hint = to == .dispatched ? "; a unit is dispatched by beacon dispatch assign INCIDENT \(u.name)" : ""
            throw IncidentError("unit \(u.name) is \(from.rawValue); it cannot report \(to.rawValue) (from \(from.rawValue) only "
                + from.reportable.map(\.rawValue).joined(separator: ", ") + ")\(hint)")
        }
        var w = DispatchWrite(action: "unit.\(to.rawValue)", target: assignment?.incidentID ?? u.id, at: stamp, incidentID: assignment?.incidentID,
                              summary: "\(u.name) \(from.rawValue) → \(to.rawValue)")
        w.units = [.init(unitID: u.id, from: from.rawValue, to: to.rawValue, position: position)]
        if let a = assignment {
            let (_, state) = try incident(store, a.incidentID)
            switch to {
            case .en_route:
                w.assignmentStamps = [(u.id, "en_route_at")]
                if state == .dispatched { w.incident = .init(from: state.rawValue, to: state.rawValue, stamps: ["turnout_at", "en_route_at"]) }
            case .on_scene:
                w.assignmentStamps = [(u.id, "on_scene_at")]
                if state == .dispatched { w.incident = .init(from: state.rawValue, to: IncidentState.on_scene.rawValue, stamps: ["on_scene_at"]) }
            case .returning:
                w.release = [u.id]
            default: break
            }
            w.events = [IncidentEvent(incidentID: a.incidentID, at: stamp, kind: "unit", text: "\(u.name) \(from.rawValue) → \(to.rawValue)"
                                      + (position.map { " at \($0)" } ?? ""))]
        }
        try store.recordDispatch(w, actor: actor)
        return "\(u.name) \(from.rawValue) → \(to.rawValue)" + (assignment.map { " (\($0.incidentID))" } ?? "")
    }

    /// Assigns units to an incident: each must be available and unassigned. The first assignment moves the
    /// incident to dispatched (`dispatched_at`). `recommended` holds the ids the dispatcher was shown;
    /// a unit outside it is an override and needs `reason`.
    public static func assign(store: CityStore, incident id: String, units names: [String], recommended: Set<String>,
                              reason: String?, at: Date = Date(), actor: Actor) throws -> [String] {
        let (w, lines) = try assignmentWrite(store: store, incident: id, units: names, recommended: recommended, reason: reason, at: at)
        try store.recordDispatch(w, actor: actor)
        return lines
    }

    /// The write of one assignment action and its lines, every check made (incident state, unit named twice,
    /// already assigned, not available, override without a reason); nothing is written. `reasons` gives a
    /// recommended unit's own reason (a plan line's), else "recommended".
    public static func assignmentWrite(store: CityStore, incident id: String, units names: [String], recommended: Set<String>,
                                       reason: String?, reasons: [String: String] = [:], at: Date) throws -> (DispatchWrite, [String]) {
        let (_, state) = try incident(store, id)
        guard [.received, .graded, .dispatched, .on_scene, .under_control].contains(state) else {
            throw IncidentError("incident \(id) is \(state.rawValue); reopen it before assigning units")
        }
        guard !names.isEmpty else { throw IncidentError("name at least one unit to assign") }
        let stamp = iso(at)
        var w = DispatchWrite(action: "dispatch.assign", target: id, at: stamp, incidentID: id, summary: "")
        var lines: [String] = [], problems: [String] = []
        var seen = Set<String>()
        let open = try store.assignments()
        for name in names {
            let (u, status) = try unit(store, name)
            guard seen.insert(u.id).inserted else { problems.append("\(u.name) is named twice"); continue }
            if let a = open.first(where: { $0.unitID == u.id }) {
                problems.append("\(u.name) is already assigned to \(a.incidentID) since \(a.assignedAt) (\(status.rawValue)); release it first")
                continue
            }
            guard status == .available else { problems.append("\(u.name) is \(status.rawValue), not available"); continue }
            let followed = recommended.contains(u.id)
            if !followed && (reason ?? "").isEmpty {
                problems.append("\(u.name) was not recommended; give --reason for the override"); continue
            }
            let why = followed ? (reasons[u.id] ?? "recommended") + (reason.map { "; \($0)" } ?? "") : "override: \(reason!)"
            w.assign.append(.init(unitID: u.id, reason: why, recommended: followed))
            w.units.append(.init(unitID: u.id, from: status.rawValue, to: UnitStatus.dispatched.rawValue))
            lines.append("\(u.name) (\(u.kind)) \(why)")
        }
        if !problems.isEmpty { throw IncidentError("nothing assigned to \(id):\n  " + problems.joined(separator: "\n  ")) }
        if state == .received || state == .graded { w.incident = .init(from: state.rawValue, to: IncidentState.dispatched.rawValue, stamps: ["dispatched_at"]) }
        w.events = lines.map { IncidentEvent(incidentID: id, at: stamp, kind: "assigned", text: $0) }
        w.summary = "assigned " + lines.joined(separator: "; ")
        return (w, lines)
    }

    /// How far outside the city's extent a reported position may lie, metres.
    public static let outsideCityToleranceMetres = 10_000.0

    /// Refuses a position more than ``outsideCityToleranceMetres`` outside the city's roads, facilities and districts.
    static func checkInsideCity(_ store: CityStore, _ p: Coordinate, what: String) throws {
        guard let box = try store.cityExtent() else { return }
        let nearest = Coordinate(longitude: min(max(p.longitude, box.minLongitude), box.maxLongitude),
                                 latitude: min(max(p.latitude, box.minLatitude), box.maxLatitude))
        let metres = Haversine.distanceMetres(p, nearest)
        guard metres > outsideCityToleranceMetres else { return }
        let swapped = Coordinate(longitude: p.latitude, latitude: p.longitude)
        let hint = box.contains(swapped) ? "; it lies inside the city with longitude and latitude swapped — give LON,LAT" : "; give LON,LAT in WGS84 degrees"
        throw IncidentError(String(format: "%@ %@ is %.0f km outside the city (%.4f–%.4f E, %.4f–%.4f N); nothing was written%@",
                                   what, "\(p)", metres / 1000, box.minLongitude, box.maxLongitude, box.minLatitude, box.maxLatitude, hint))
    }

    /// Releases units from an incident: dispatched ones become available, en-route or on-scene ones returning.
    public static func release(store: CityStore, incident id: String, units names: [String], at: Date = Date(), actor: Actor) throws -> [String] {
        _ = try incident(store, id)
        guard !names.isEmpty else { throw IncidentError("name at least one unit to release") }
        let open = try store.assignments(incidentID: id)
        let stamp = iso(at)
        var w = DispatchWrite(action: "dispatch.release", target: id, at: stamp, incidentID: id, summary: "")
        var lines: [String] = [], problems: [String] = []
        for name in names {
            let (u, status) = try unit(store, name)
            guard open.contains(where: { $0.unitID == u.id }) else { problems.append("\(u.name) is not assigned to \(id)"); continue }
            guard let after = status.afterRelease else { problems.append("\(u.name) is \(status.rawValue); nothing to release"); continue }
            w.release.append(u.id)
            w.units.append(.init(unitID: u.id, from: status.rawValue, to: after.rawValue))
            lines.append("\(u.name) released (\(status.rawValue) → \(after.rawValue))")
        }
        if !problems.isEmpty { throw IncidentError("nothing released from \(id):\n  " + problems.joined(separator: "\n  ")) }
        w.events = lines.map { IncidentEvent(incidentID: id, at: stamp, kind: "released", text: $0) }
        w.summary = lines.joined(separator: "; ")
        try store.recordDispatch(w, actor: actor)
        return lines
    }

    /// ISO 8601 in China time, whole seconds (the incident log's format).
    static func iso(_ d: Date) -> String { IncidentOpening.iso(d.timeIntervalSince1970.rounded(.down)) }
}
