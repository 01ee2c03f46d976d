import ArgumentParser
import Engine
import Foundation
import SpatialCore
import SpatialStore

/// `beacon road …`: live edits of the road network (closures, speed factors), stored and audited.
struct RoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "road",
        abstract: "Close roads, slow areas, reopen, list: live edits applied to every route without a rebuild.",
        subcommands: [Close.self, Slow.self, Reopen.self, List.self])

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a road (by feature id, e.g. from `beacon route --road-ids`).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Road feature id.") var roadID: String
        @Option(help: "Why (who asked, what happened).") var reason: String

        func run() throws {
            let store = try CityStore.open(at: storeOptions.path)
            defer { store.close() }
            let o = try store.closeRoad(roadID, reason: reason, actor: .commandLine)
            print("override #\(o.id): road \(roadID) closed — \(o.reason)")
        }
    }

    struct Slow: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Multiply road speeds in an area by a factor (flooding, congestion).",
            discussion: "Examples: beacon road slow --near 121.47,31.23 --radius 300 --factor 0.3 --reason flooding\n          beacon road slow --area flood.geojson --factor 0.5 --reason 'water on road'")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "A GeoJSON file holding the polygon.") var area: String?
        @Option(help: "Centre of a circular area, LON,LAT.") var near: String?
        @Option(help: "Radius of the circular area, metres.") var radius: Double?
        @Option(help: "Speed multiplier above 0 (0.3 = 30 % of normal speed).") var factor: Double
        @Option(help: "Why.") var reason: String

        func validate() throws {
            guard (area == nil) != (near == nil) else { throw ValidationError("give --area FILE or --near LON,LAT --radius M") }
            if near != nil, radius == nil { throw ValidationError("--near needs --radius in metres") }
            guard factor > 0 else { throw ValidationError("--factor must be above 0; to block roads use `beacon road close`") }
        }

        func run() throws {
            let geometry: Geometry
            do {
                geometry = try area.map(RoadEditAreas.polygon(file:))
                    ?? RoadEditAreas.circle(around: Coordinate(parsing: near!), radiusMetres: radius!)
            } catch let error as RoadServiceError {
                throw error
            }
            let store = try CityStore.open(at: storeOptions.path)
            defer { store.close() }
            let o = try store.slowRoads(in: geometry, factor: factor, reason: reason, actor: .commandLine)
            let roads = try RoadService(store: store)
            let edges = roads.appliedOverrides.first { $0.overrideID == o.id }?.edgeCount ?? 0
            print("override #\(o.id): speed × \(factor) on \(edges) road edges — \(o.reason)")
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lift an override (reopen the road, restore the speed).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "Override id (from `beacon road list`).") var overrideID: Int
        @Option(help: "Why.") var reason = ""

        func run() throws {
            let store = try CityStore.open(at: storeOptions.path)
            defer { store.close() }
            let o = try store.liftRoadOverride(overrideID, actor: .commandLine, reason: reason)
            print("override #\(o.id) lifted at \(o.liftedAt ?? "")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Overrides in force (with --all, lifted ones too).")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Include lifted overrides.") var all = false

        func run() throws {
            let store = try CityStore.open(at: storeOptions.path, readOnly: true)
            defer { store.close() }
            let list = try store.roadOverrides(includeLifted: all)
            guard !list.isEmpty else { print(all ? "no road overrides recorded" : "no road overrides in force"); return }
            var table = TextTable("id", "what", "reason", "by", "since", "lifted", rightAligned: [0])
            for o in list {
                let what: String
                switch o.kind {
                case let .closure(road): what = "closed \(road)"
                case let .speedFactor(_, factor): what = "speed × \(factor) in an area"
                }
                table.add(String(o.id), what, o.reason, o.actor, o.createdAt, o.liftedAt ?? "—")
            }
            print(table.render())
        }
    }
}
