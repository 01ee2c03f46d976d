import ArgumentParser
import Engine
import Foundation
import SpatialCore
import SpatialStore

/// `beacon reach`: service areas (isochrones) from a point or a station.
struct ReachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach",
        abstract: "Service areas: the roads and ground reached within 3, 5, 8 … minutes from a point or station.",
        discussion: """
            Example: beacon reach --station ex:fire_station/02 --minutes 3,5,8
            Polygons are the reached roads buffered by 50 m and unioned: ground within 50 m of a road reached
            in time (wide blocks stay holes). Road km reached counts partial edges by fraction.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Start as LON,LAT.") var from: String?
    @Option(help: "Start at a facility, by id (e.g. ex:fire_station/02).") var station: String?
    @Option(help: "Budgets in minutes, comma separated.") var minutes = "3,5,8"
    @Flag(help: "Print the areas as a GeoJSON FeatureCollection.") var geojson = false

    func validate() throws {
        guard (from == nil) != (station == nil) else { throw ValidationError("give exactly one of --from and --station") }
        if let from { do { _ = try Coordinate(parsing: from) } catch { throw ValidationError("--from: \(error)") } }
        guard let list = parsedMinutes, !list.isEmpty else {
            throw ValidationError("--minutes: '\(minutes)' is not a list of positive minutes such as 3,5,8")
        }
    }

    var parsedMinutes: [Double]? {
        let values = minutes.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.compactMap { $0 }
    }

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let start: Coordinate, label: String
        if let station {
            guard let f = try store.feature(id: station), let p = f.geometry.representativePoint else {
                throw RoadServiceError("no feature '\(station)' in the store; try `beacon find --layer facilities --kind fire_station`")
            }
            start = p
            label = f.name.map { "\($0) (\(station))" } ?? station
        } else {
            start = try Coordinate(parsing: from!)
            label = from!
        }
        let roads = try RoadService(store: store)
        let areas: [ServiceArea]
        let origin: RoadPositionSummary
        do {
            let p = try roads.snap(start, label)
            origin = RoadPositionSummary(offNetworkMetres: p.offNetworkMetres)
            areas = try ServiceAreas.areas(roads, from: [p], minutes: parsedMinutes!.sorted())
        } catch let error as RoadServiceError {
            throw error
        }
        if geojson {
            print(GeoJSON.collection(areas.map { a in
                GeoJSON.string(Feature(id: "reach/\(a.minutes)", layer: .roads, kind: "service_area", geometry: a.polygon, properties: [
                    "minutes": .real(a.minutes), "area_km2": .real((a.areaSquareMetres / 1e4).rounded() / 100),
                    "road_km": .real((a.reachedRoadMetres / 10).rounded() / 100), "from": .text(label),
                    "overrides": .text(RoadFormatting.overrides(roads.appliedOverrides)),
                ]))
            }), terminator: "")
            return
        }
        print("from \(label), snapped \(String(format: "%.0f", origin.offNetworkMetres)) m off the network")
        var table = TextTable("minutes", "area km²", "road km", "share of roads", rightAligned: [0, 1, 2, 3])
        for a in areas {
            table.add(String(format: "%g", a.minutes), String(format: "%.2f", a.areaSquareMetres / 1e6),
                      String(format: "%.1f", a.reachedRoadMetres / 1000), String(format: "%.1f %%", a.share * 100))
        }
        print(table.render())
        print("overrides: \(RoadFormatting.overrides(roads.appliedOverrides))")
        print("polygons: reached roads buffered by \(Int(ServiceAreas.bufferMetres)) m (see `beacon reach --help`)")
    }

    struct RoadPositionSummary { let offNetworkMetres: Double }
}

/// `beacon coverage`: share of road length within N minutes of the stations.
struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Share of the road network reached within N minutes from the stations in the store.",
        discussion: "Example: beacon coverage --minutes 5 --kind fire_station   (建标152-2017: 5 minutes)")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Travel budget in minutes.") var minutes = 5.0
    @Option(name: .customLong("kind"), help: "Facility kinds to start from (repeatable; default fire_station).") var kinds: [String] = []

    func validate() throws {
        guard minutes > 0 else { throw ValidationError("--minutes must be positive") }
    }

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let roads = try RoadService(store: store)
        let report: CoverageReport
        do {
            report = try ServiceAreas.coverage(roads, minutes: minutes, kinds: Set(kinds.isEmpty ? ["fire_station"] : kinds))
        } catch let error as RoadServiceError {
            throw error
        }
        print("stations       \(report.stations.count)" + (report.refused.isEmpty ? "" : " (\(report.refused.count) off the network)"))
        print(String(format: "within %g min  %.1f %% of road length (%.1f of %.1f km)", minutes, report.share * 100,
                     report.reachedRoadMetres / 1000, report.totalRoadMetres / 1000))
        print(String(format: "uncovered      %.1f km", report.uncoveredRoadMetres / 1000))
        print("overrides      \(RoadFormatting.overrides(roads.appliedOverrides))")
        for r in report.refused { print("  refused: \(r)") }
    }
}
