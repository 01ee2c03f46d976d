import ArgumentParser
import Engine
import Foundation
import SpatialCore
import SpatialStore

/// Options shared by `isolate` and `segments`: the network and where its valves come from.
struct PipeNetworkOptions: ParsableArguments {
    @Option(help: "The network: water, gas, heat … (the `network` property of its pipes).") var network = "water"
    @Option(help: "Valve layer: data (the valves in pipe_nodes), strategic (WNTR's N-1), random (WNTR's random).")
    var valves = "data"
    @Option(name: .customLong("unvalved-per-node"), help: "strategic: links left without a valve at each node (1 = N-1).")
    var unvalvedPerNode = 1
    @Option(name: .customLong("valve-count"), help: "random: how many valves.") var valveCount: Int?
    @Option(help: "Seed of a generated valve layer.") var seed: UInt64 = 2025
    @Flag(name: .customLong("skip-invalid"), help: "Leave out pipes with unknown nodes, duplicate ids … (listed as notes) instead of failing.")
    var skipInvalid = false

    func validate() throws {
        guard ["data", "strategic", "random"].contains(valves) else {
            throw ValidationError("--valves must be data, strategic or random, not '\(valves)'")
        }
        if unvalvedPerNode < 0 { throw ValidationError("--unvalved-per-node must be 0 or more") }
        if let valveCount, valveCount < 1 { throw ValidationError("--valve-count must be at least 1") }
    }

    func load(_ store: CityStore) throws -> NetworkIsolation {
        let source: NetworkIsolation.ValveSource
        switch valves {
        case "strategic": source = .strategic(unvalvedPerNode: unvalvedPerNode, seed: seed)
        case "random": source = .random(count: valveCount ?? 0, seed: seed)
        default: source = .data
        }
        var context = try NetworkIsolation(store: store, network: network, valves: source, skippingInvalid: skipInvalid)
        if case .random = source, valveCount == nil {
            // Default: one valve per two pipe ends, a typical density.
            context = try NetworkIsolation(store: store, network: network,
                                           valves: .random(count: context.isolator.network.links.count, seed: seed),
                                           skippingInvalid: skipInvalid)
        }
        return context
    }
}

struct Isolate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Isolate a pipe break (关阀分析): valves to close, who loses supply, hydrants, critical users.",
        discussion: """
            Examples:
              beacon isolate --pipe ex:water:pipe/1200
              beacon isolate --at 121.4737,31.2304 --network water
              beacon isolate --at 121.4737,31.2304 --network gas --geojson > break.geojson
            Valves already closed are listed apart; a seized or buried valve cannot be closed, so the
            segment grows through it and the next valves out are listed with the valve they replace.
            Critical users: hospitals, clinics, schools, kindergartens and nursing homes within --critical-metres
            of a pipe that loses supply.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var pipeOptions: PipeNetworkOptions
    @Option(help: "The broken pipe's id.") var pipe: String?
    @Option(help: "The break's place as LON,LAT: the nearest pipe of the network breaks.") var at: String?
    @Option(name: .customLong("critical-metres"), help: "Critical users within this many metres of a pipe losing supply.")
    var criticalMetres = 50.0
    @Flag(help: "Print a GeoJSON FeatureCollection (every element with role and reason) instead of the list.")
    var geojson = false

    func validate() throws {
        guard (pipe == nil) != (at == nil) else { throw ValidationError("give exactly one of --pipe ID and --at LON,LAT") }
        if let at { do { _ = try Coordinate(parsing: at) } catch { throw ValidationError("--at: \(error)") } }
        guard criticalMetres > 0 else { throw ValidationError("--critical-metres must be a positive number of metres") }
    }

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let context = try pipeOptions.load(store)
        let report = if let pipe {
            try context.isolate(pipeID: pipe, criticalWithinMetres: criticalMetres)
        } else {
            try context.isolate(near: try Coordinate(parsing: at!), criticalWithinMetres: criticalMetres)
        }
        if geojson {
            print(report.geojson(), terminator: "")
            for c in report.caveats { note("note: \(c)") }
        } else {
            print(report.text(), terminator: "")
        }
    }
}
