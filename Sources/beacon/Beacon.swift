import ArgumentParser
import Foundation

/// `beacon` — the duty officer's and the GIS office's command line.
@main
struct Beacon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beacon",
        abstract: "Emergency command and GIS decision support over one city store.",
        discussion: """
            The city store is one SpatiaLite file; give it with --store or the BEACON_STORE variable.
            Coordinates are LON,LAT in degrees (WGS84), longitude first. Distances are metres.
            """,
        subcommands: [Init.self, Import.self, Layers.self, Find.self, Show.self, Audit.self,
                      RouteCommand.self, ReachCommand.self, CoverageCommand.self, RoadCommand.self,
                      Isolate.self, Segments.self, Hazard.self,
                      PlanCommand.self, IncidentCommand.self, DispatchCommand.self, UnitCommand.self, UnitsList.self,
                      KPICommand.self, DashboardCommand.self, ConsoleCommand.self,
                      SimulateCommand.self, IngestCommand.self, SeriesCommand.self, AlarmsCommand.self]
    )
}

/// Where the city store is.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "City store file (default: $BEACON_STORE, else ./city.beacon.sqlite).")
    var store: String?

    var path: String {
        store ?? ProcessInfo.processInfo.environment["BEACON_STORE"] ?? "city.beacon.sqlite"
    }
}

/// How results are printed.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Print a GeoJSON FeatureCollection instead of a table.") var geojson = false

    func validate() throws {
        if json && geojson { throw ValidationError("choose one of --json and --geojson") }
    }
}

/// Writes a line to standard error (progress, notes) so that standard output stays machine-readable.
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A failure to report as it is, without a usage message (bad data, not a bad command line).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
