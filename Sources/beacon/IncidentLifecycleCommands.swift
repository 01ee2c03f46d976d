import ArgumentParser
import Engine
import Foundation
import SpatialCore
import SpatialStore

/// `beacon incident show ID`: state, KPI timestamps, assigned units, stored hazard zones and the latest events.
struct IncidentShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "An incident's state, times, units, hazard zones and recent events.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "How many recent events to print.") var events = 10
    @Flag(help: "Print the incident's stored hazard zones as GeoJSON (multipolygons with level, model, reach, area) instead.")
    var geojson = false
    @Flag(name: .customLong("zone-history"), help: "Include hazard zones superseded by later assessments.") var zoneHistory = false
    @Argument(help: "Incident id.") var id: String

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let (f, state): (Feature, IncidentState)
        do { (f, state) = try IncidentLifecycle.incident(store, id) } catch let e as IncidentError { throw CLIError(e.description) }
        let zones = zoneHistory ? try store.hazardZoneHistory(incidentID: id) : try store.hazardZones(incidentID: id)
        if geojson { print(IncidentZonesOutput.geoJSON(zones)); return }
        print("\(f.id): \(f.name ?? "") — level \(f.properties["level"]?.textValue ?? "?"), state \(state.rawValue)")
        if let p = f.geometry.representativePoint { print("at \(p)") }
        for column in ["called_at", "answered_at", "dispatched_at", "turnout_at", "en_route_at", "on_scene_at", "cleared_at"] {
            if let v = f.properties[column]?.textValue { print("  \(column): \(v)") }
        }
        let assignments = try store.assignments(incidentID: id, includeReleased: true)
        if !assignments.isEmpty {
            var table = TextTable("unit", "status", "assigned", "en route", "on scene", "released", "reason")
            for a in assignments {
                let u = try store.unit(a.unitID)
                table.add(u?.name ?? a.unitID, a.releasedAt == nil ? (u?.status ?? "?") : "released", a.assignedAt, a.enRouteAt ?? "",
                          a.onSceneAt ?? "", a.releasedAt ?? "", a.reason)
            }
            print(table.render())
        }
        if !zones.isEmpty { print(IncidentZonesOutput.table(zones)) }
        let log = try store.incidentEvents(id).filter { $0.kind != "step" && $0.kind != "task" }
        for e in log.suffix(events) { print("  \(e.at) [\(e.kind)] \(e.text)") }
    }
}

/// `beacon incident list [--state …]`.
struct IncidentList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Incidents, newest first, with state and units assigned.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only incidents in this state (received, graded, dispatched, on_scene, under_control, closed).") var state: String?
    @Flag(help: "Include closed incidents.") var all = false

    func run() throws {
        let wanted: Set<String>? = try state.map { [try IncidentState(parsing: $0).rawValue] }
            ?? (all ? nil : Set(IncidentState.allCases.filter { $0 != .closed }.map(\.rawValue)))
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let open = Dictionary(grouping: try store.assignments(), by: \.incidentID)
        var table = TextTable("incident", "type", "level", "state", "called", "units")
        let incidents = try store.incidents(states: wanted)
        for f in incidents {
            table.add(f.id, f.name ?? f.kind, f.properties["level"]?.textValue ?? "", f.properties["state"]?.textValue ?? "received",
                      f.properties["called_at"]?.textValue ?? "", String(open[f.id]?.count ?? 0))
        }
        print(table.render())
        print("\(incidents.count) incidents")
    }
}

/// `beacon incident state ID STATE`: under_control, closed, or graded to reopen.
struct IncidentStateChange: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Move an incident along received → graded → dispatched → on_scene → under_control → closed (closed → graded reopens).")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Time, ISO 8601 (default: now).") var time: String?
    @Option(help: "A note for the log.") var note: String?
    @Argument(help: "Incident id.") var id: String
    @Argument(help: "New state.") var state: String

    func run() throws {
        try Self.move(storeOptions.path, id, state, note: note, time: time)
    }

    static func move(_ path: String, _ id: String, _ state: String, note: String?, time: String?) throws {
        let store = try CityStore.open(at: path)
        defer { store.close() }
        do {
            let to = try IncidentState(parsing: state)
            try IncidentLifecycle.advance(store: store, incident: id, to: to, note: note, at: try IncidentOpen.parseTime(time), actor: .commandLine)
            print("\(id): \(to.rawValue)")
        } catch let e as IncidentError { throw CLIError(e.description) }
    }
}

/// `beacon incident close ID`: under_control → closed (every unit released first).
struct IncidentClose: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close an incident under control whose units are all released.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Time, ISO 8601 (default: now).") var time: String?
    @Option(help: "A note for the log.") var note: String?
    @Argument(help: "Incident id.") var id: String

    func run() throws {
        try IncidentStateChange.move(storeOptions.path, id, IncidentState.closed.rawValue, note: note, time: time)
    }
}
