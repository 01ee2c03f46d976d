import ArgumentParser
import Engine
import Foundation
import SpatialCore
import SpatialStore

/// `beacon unit status UNIT STATUS [--at LON,LAT]`: a unit's status report or AVL position update.
struct UnitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unit",
        abstract: "Report a unit's status (en_route, on_scene, returning, available, out_of_service) or position.",
        subcommands: [UnitStatusReport.self])
}

struct UnitStatusReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Move a unit along its status machine, optionally with its AVL position.",
        discussion: """
            available → dispatched (by beacon dispatch assign) → en_route → on_scene → returning → available;
            available ⇄ out_of_service. The same status with --at is a position update only.
            Example: beacon unit status E021 en_route --at 121.4712,31.2290
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "AVL position LON,LAT in degrees.") var at: String?
    @Option(help: "Time of the report, ISO 8601 (default: now).") var time: String?
    @Argument(help: "Unit id or call sign.") var unit: String
    @Argument(help: "New status.") var status: String

    func run() throws {
        let position = try at.map { text in
            do { return try Coordinate(parsing: text) } catch { throw ValidationError("--at '\(text)' is not LON,LAT") }
        }
        let store = try CityStore.open(at: storeOptions.path)
        defer { store.close() }
        do {
            print(try IncidentLifecycle.report(store: store, unit: unit, status: try UnitStatus(parsing: status), position: position,
                                               at: try IncidentOpen.parseTime(time), actor: .commandLine))
        } catch let e as IncidentError { throw CLIError(e.description) }
    }
}

/// `beacon units [--status …]`: the units with status, incident and position age.
struct UnitsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "units", abstract: "List units with their status and incident.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only units with this status.") var status: String?
    @Option(help: "Only units of this type (engine, ladder, ambulance …).") var kind: String?

    func run() throws {
        if let status { _ = try UnitStatus(parsing: status) }
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let assigned = Dictionary(try store.assignments().map { ($0.unitID, $0.incidentID) }, uniquingKeysWith: { a, _ in a })
        var table = TextTable("unit", "type", "status", "incident", "home", "position", "position at")
        let units = try store.units(status: status).filter { kind == nil || $0.kind == kind }
        for u in units {
            table.add(u.name, u.kind, u.status, assigned[u.id] ?? "", u.homeFacility, u.position.description, u.positionAt ?? "home")
        }
        print(table.render())
        print("\(units.count) units")
    }
}
