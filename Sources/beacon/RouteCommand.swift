import ArgumentParser
import Engine
import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialStore

/// `beacon route`: the fastest road route between two points.
struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Fastest road route between two points, with the roads it follows and the closures in force.",
        discussion: """
            Example: beacon route --from 121.4648,31.2235 --to 121.4737,31.2304
            Both points snap to the nearest open road (not junction); a point more than 1 km off the network
            is refused, naming its distance. Times are free-flow speeds by road class, with the live
            overrides (`beacon road …`) applied. The graph is cached beside the store (<store>.roadgraph).
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Origin as LON,LAT.") var from: String
    @Option(help: "Destination as LON,LAT.") var to: String
    @Flag(help: "Print the route as a GeoJSON Feature.") var geojson = false
    @Flag(name: .customLong("road-ids"), help: "Print only the road ids along the route, one per line.") var roadIDs = false
    @Flag(name: .customLong("no-cache"), help: "Build the graph from the store even when the cache is current.") var noCache = false

    func validate() throws {
        for (name, text) in [("--from", from), ("--to", to)] {
            do { _ = try Coordinate(parsing: text) } catch { throw ValidationError("\(name): \(error)") }
        }
    }

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let roads = try RoadService(store: store, useCache: !noCache)
        let report: RouteReport
        do {
            report = try roads.route(from: Coordinate(parsing: from), to: Coordinate(parsing: to))
        } catch let error as RoadServiceError {
            throw error
        }
        let r = report.route
        if roadIDs {
            report.roads.forEach { print($0.id) }
            return
        }
        if geojson {
            let properties: [(String, PropertyValue)] = [
                ("travel_seconds", .real((r.travelSeconds * 10).rounded() / 10)),
                ("length_m", .real(r.lengthMetres.rounded())),
                ("origin_off_network_m", .real(r.origin.offNetworkMetres.rounded())),
                ("destination_off_network_m", .real(r.destination.offNetworkMetres.rounded())),
                ("roads", .text(report.roadNames.joined(separator: " → "))),
                ("overrides", .text(RoadFormatting.overrides(report.overrides))),
            ]
            print(GeoJSON.string(Feature(id: "route", layer: .roads, kind: "route", geometry: .lineString(r.polyline),
                                         properties: Dictionary(uniqueKeysWithValues: properties))))
            return
        }
        print("travel time  \(RoadFormatting.minutes(r.travelSeconds))  (\(String(format: "%.0f", r.travelSeconds)) s, \(report.overrides.isEmpty ? "free-flow" : "with the overrides below"))")
        print("length       \(String(format: "%.2f", r.lengthMetres / 1000)) km")
        print("snapped      origin \(String(format: "%.0f", r.origin.offNetworkMetres)) m off the network, destination \(String(format: "%.0f", r.destination.offNetworkMetres)) m")
        print("overrides    \(RoadFormatting.overrides(report.overrides))")
        print("via (road ids for `beacon road close`; --road-ids lists every one)")
        var groups: [(name: String, ids: [String])] = []
        for road in report.roads {
            let name = road.name.isEmpty ? "(unnamed)" : road.name
            if groups.last?.name == name { groups[groups.count - 1].ids.append(road.id) } else { groups.append((name, [road.id])) }
        }
        for g in groups { print("  \(g.name)  [\(g.ids.joined(separator: " "))]") }
        note("graph: \(RoadFormatting.source(roads))")
    }
}

/// Shared wording for the road commands.
enum RoadFormatting {
    /// "m:ss".
    static func minutes(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "unreachable" }
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d", s / 60, s % 60)
    }

    static func overrides(_ applied: [EdgeOverrides.Applied]) -> String {
        applied.isEmpty ? "none in force"
            : applied.map { "#\($0.overrideID) \($0.summary) (\($0.edgeCount) edges)" }.joined(separator: "; ")
    }

    static func source(_ roads: RoadService) -> String {
        let g = roads.network.graph
        let how: String
        switch roads.graphSource {
        case .cache: how = "read from \(RoadService.cacheURL(forStoreAt: roads.store.path).lastPathComponent)"
        case let .built(reason): how = "built from the roads layer (\(reason))"
        }
        return "\(g.nodeCount) junctions, \(g.edgeCount) edges, \(how) in \(String(format: "%.0f", roads.loadMilliseconds)) ms"
    }
}
