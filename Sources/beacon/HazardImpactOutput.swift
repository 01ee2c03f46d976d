import ArgumentParser
import Engine
import Foundation
import Hazards
import SpatialCore
import SpatialStore

/// Store and evacuation options shared by every command that prints an impact table.
struct ImpactOptions: ParsableArguments {
    @Flag(name: .customLong("no-impact"), help: "Do not query the store for what lies inside the zones.") var noImpact = false
    @Flag(name: .customLong("no-evacuation"), help: "Skip the evacuation plan (no road graph is loaded).") var noEvacuation = false
    @Option(name: .customLong("evacuate"), help: "Zone whose people go to shelters: red, orange or yellow.") var evacuate = "orange"
    @Option(name: .customLong("density"), help: "Persons per km² when no layer carries people (default 30000: central Shanghai, 2020 census).")
    var density: Double?
    @Option(name: .customLong("floor-m2-per-person"), help: "Building floor area per person, m² (default 40).") var floorPerPerson: Double?
    @Option(name: [.customLong("geojson"), .customLong("geojson-out")], help: "Write the zones and the impact as GeoJSON to this file.")
    var geojson: String?

    var assessment: ImpactAssessment {
        get throws {
            guard let level = ThreatLevel(rawValue: evacuate) else { throw ValidationError("--evacuate must be red, orange or yellow") }
            var p = PopulationAssumptions.standard
            if let density { p.defaultPersonsPerSquareKilometre = density; p.defaultDensitySource = "given with --density" }
            if let floorPerPerson { p.floorSquareMetresPerPerson = floorPerPerson }
            return ImpactAssessment(population: p, evacuateLevel: level)
        }
    }

    /// Opens the store and the roads (unless `--no-evacuation`) and runs `body`. Nil when there is no store.
    func withStore<T>(_ path: String, _ body: (CityStore, RoadService?) throws -> T) throws -> T? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let store = try CityStore.open(at: path, readOnly: true)
        defer { store.close() }
        let roads: RoadService? = noEvacuation ? nil : try? RoadService(store: store)
        if !noEvacuation, roads == nil { note("no road graph in \(path): evacuation plan skipped") }
        return try body(store, roads)
    }
}

/// Prints an ``ImpactReport``: people with their assumption, facilities by kind with names, components, pipes,
/// roads to close, units, stations, other hazard sources, then the evacuation plan.
enum ImpactPrinter {
    static func print(_ r: ImpactReport, storePath: String) {
        Swift.print("\nImpact (cumulative zones; from \(storePath); \(String(format: "%.0f", r.elapsedMilliseconds)) ms):")
        var t = TextTable("zone", "area ha", "people", "facilities", "components", "pipes m", "roads", "units", "hazards",
                          rightAligned: [1, 2, 3, 4, 5, 6, 7, 8])
        for z in r.zones.reversed() {
            t.add("\(z.level.rawValue) \(z.level.chineseName)", String(format: "%.1f", z.areaSquareMetres / 10_000), String(z.people.count),
                  String(z.facilities.reduce(0) { $0 + $1.sites.count }), String(z.components.reduce(0) { $0 + $1.count }),
                  String(format: "%.0f", z.pipes.reduce(0) { $0 + $1.lengthInsideMetres }), String(z.roads.count),
                  String(z.units.count), String(z.hazardSources.count))
        }
        Swift.print(t.render())
        for z in r.zones.reversed() {
            Swift.print("\n\(z.level.rawValue) zone — \(z.meaning)")
            Swift.print("  people: \(z.people.count) (\(z.people.method.rawValue): \(z.people.assumption))")
            for (kind, sites) in z.facilities {
                Swift.print("  \(kind) (\(sites.count)): " + names(sites))
            }
            if !z.components.isEmpty {
                Swift.print("  components: " + z.components.map { "\($0.kind) [\($0.classCode)] \($0.count)" }.joined(separator: ", "))
            }
            if !z.pipes.isEmpty {
                Swift.print("  pipes: " + z.pipes.map { "\($0.network) \($0.count) pieces, \(Int($0.lengthInsideMetres.rounded())) m" }.joined(separator: "; "))
            }
            if !z.roads.isEmpty {
                let shown = z.roads.prefix(8).map { "\($0.name.isEmpty ? "(unnamed)" : $0.name) \($0.id) \(Int($0.lengthInsideMetres.rounded())) m" }
                Swift.print("  roads to close (\(z.roads.count), \(Int(z.roads.reduce(0) { $0 + $1.lengthInsideMetres }.rounded())) m inside): "
                            + shown.joined(separator: "; ") + (z.roads.count > 8 ? "; …" : ""))
            }
            if !z.units.isEmpty { Swift.print("  units inside (\(z.units.count)): " + names(z.units)) }
            if !z.stations.isEmpty { Swift.print("  stations inside: " + names(z.stations)) }
            if !z.hazardSources.isEmpty { Swift.print("  other hazard sources (domino): " + names(z.hazardSources)) }
            if !z.otherCounts.isEmpty {
                Swift.print("  also: " + z.otherCounts.map { "\($0.layer.rawValue)/\($0.kind) \($0.count)" }.joined(separator: ", "))
            }
        }
        if let e = r.evacuation { printEvacuation(e) }
        if !r.notes.isEmpty {
            Swift.print("\nAssessment notes:")
            for n in r.notes { Swift.print("  - \(n)") }
        }
    }

    static func printEvacuation(_ e: ImpactReport.Evacuation) {
        Swift.print("\nEvacuation: \(e.peopleToMove) people from the \(e.zone.rawValue) zone (origin \(String(format: "%.5f,%.5f", e.origin.longitude, e.origin.latitude)))")
        var t = TextTable("shelter", "name", "road min", "capacity", "occupied", "assigned", "remaining", "reason", rightAligned: [2, 3, 4, 5, 6])
        for s in e.shelters where s.assigned > 0 || t.rows.count < 6 {
            t.add(s.shelter.id, s.shelter.name, s.travelSeconds.isFinite ? String(format: "%.1f", s.travelSeconds / 60) : "—",
                  String(s.capacity), String(s.alreadyOccupied), String(s.assigned), String(s.remainingCapacity), s.reason)
        }
        Swift.print(t.rows.isEmpty ? "  no shelter outside the footprint" : t.render())
        if e.unplaced > 0 { Swift.print("  unplaced: \(e.unplaced)") }
        for x in e.excluded { Swift.print("  not used: \(x.shelter.id) \(x.shelter.name) — \(x.reason)") }
        for n in e.notes { Swift.print("  - \(n)") }
    }

    /// "name (id, 340 m)" for the first few sites.
    static func names(_ sites: [ImpactReport.Site], limit: Int = 8) -> String {
        sites.prefix(limit).map { "\($0.name) (\($0.id), \(Int($0.distanceMetres.rounded())) m)" }.joined(separator: "; ")
            + (sites.count > limit ? "; … \(sites.count - limit) more" : "")
    }
}
