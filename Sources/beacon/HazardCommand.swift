import ArgumentParser
import Engine
import Foundation
import Hazards
import SpatialCore
import SpatialStore

/// `beacon hazard …`: model a release, blast or fire at a point or a hazard source, print zones and what is inside.
struct Hazard: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Model a toxic plume, blast or fire; print threat zones and an impact table from the store.",
        discussion: """
            Examples:
              beacon hazard plume --at ex:chemical_store/01 --rate 2 --rate-unit kg/s --wind-from 90 --wind-ms 3 --stability D
              beacon hazard blast --at 121.47,31.23 --fuel-kg 1000 --substance propane
              beacon hazard fireball --at ex:lpg_station/01 --fuel-kg 10000
              beacon hazard pool-fire --at ex:fuel_station/01 --diameter 10
              beacon hazard impact --polygon drawn.geojson
              beacon hazard typhoon --storm 201409 --city haikou
              beacon hazard grade ex:chemical_store/01 --people-offsite 420
              beacon hazard plume --at ex:chemical_store/01 --rate 2 --wind-from 270 --wind-ms 3 --stability D --incident INC-20250809-0002
            Zones: yellow / orange / red (AEGL-1/2/3 or 10/60/100 % LFL; 6.9/24/55 kPa; 2/5/10 kW/m²).
            Every result is printed with the model's caveats and where it is not valid, then the impact table from the
            store (people, facilities, components, pipes, roads to close, units, other hazard sources) and the shelters
            to evacuate to, by road travel time and remaining capacity.
            With --incident ID (plume, blast, fireball, pool-fire, impact) the zone reaches, people per zone and the
            schools, hospitals and nursing homes in the orange zone go into the incident as hazard.* facts
            (Plans/facts.yaml) in one audited update: its plans escalate and add tasks, and `beacon incident why` cites them.
            A model run (not impact) also stores its zone footprints with the incident in that update, replacing the
            previous assessment's (kept as history): `beacon incident show ID [--geojson]` and the dashboard map show them.
            """,
        subcommands: [HazardPlume.self, HazardBlast.self, HazardFireball.self, HazardPoolFire.self, HazardImpact.self,
                      HazardTyphoon.self, HazardGrade.self])
}

/// Where the hazard is and how to print it.
struct HazardCommonOptions: ParsableArguments {
    @Option(help: "LON,LAT in degrees, or a feature id from the store (e.g. ex:chemical_store/01).") var at: String
    @Option(help: "Substance name (default: the hazard feature's 'substance').") var substance: String?
    @OptionGroup var impact: ImpactOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var feed: IncidentFeedOptions

    /// The source point and the feature it came from, if any.
    func resolve() throws -> (Coordinate, Feature?) {
        if let c = try? Coordinate(parsing: at) { return (c, nil) }
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        guard let f = try store.feature(id: at) else {
            throw ValidationError("--at '\(at)' is neither LON,LAT nor a feature id in \(storeOptions.path)")
        }
        guard let centre = f.geometry.representativePoint else { throw ValidationError("feature \(at) has an empty geometry") }
        return (centre, f)
    }

    func substance(from feature: Feature?) throws -> Hazards.Substance {
        guard let name = substance ?? feature?.properties["substance"]?.textValue else {
            throw ValidationError("give --substance (the source has no 'substance' attribute)")
        }
        return try SubstanceTable.lookup(name)
    }

    /// Prints the outcome, its impact and notes; writes GeoJSON when asked.
    func report(_ outcome: HazardOutcome, source: Coordinate, feature: Feature?) throws {
        print("\(outcome.model) at \(source)" + (feature.map { " — \($0.id) \($0.name ?? "")" } ?? ""))
        for (k, v) in outcome.figures { print("  \(k): \(v)") }
        var table = TextTable("zone", "threshold", "level of concern", "reach m", "width m", "area ha", rightAligned: [1, 3, 4, 5])
        for z in outcome.zones.reversed() {
            table.add("\(z.level.rawValue) \(z.level.chineseName)", "\(z.threshold.formatted()) \(z.thresholdUnit)", z.meaning, String(format: "%.0f", z.reachMetres),
                      String(format: "%.0f", z.widthMetres), String(format: "%.2f", z.areaSquareMetres / 10_000))
        }
        print(table.render())
        var report: ImpactReport?
        if !impact.noImpact {
            report = try impact.withStore(storeOptions.path) { store, roads in
                try impact.assessment.assess(zones: outcome.zones, source: outcome.model, origin: source, sourceFeatureID: feature?.id,
                                             in: store, roads: roads)
            }
            if let report { ImpactPrinter.print(report, storePath: storeOptions.path) } else {
                note("no store at \(storeOptions.path): impact table skipped (give --store)")
            }
        }
        print("\nCaveats:")
        for c in outcome.caveats { print("  - \(c)") }
        if !outcome.validity.isEmpty {
            print("Where this result is not valid or is extrapolated:")
            for v in outcome.validity { print("  ! \(v)") }
        }
        if let path = impact.geojson {
            let text: String
            if let report { text = report.geoJSON() } else {
                text = GeoJSON.collection(outcome.zones.compactMap { z -> String? in
                    guard let g = z.footprint else { return nil }
                    return GeoJSON.string(Feature(id: "zone/\(z.level.rawValue)", layer: .hazards, kind: "threat_zone", name: z.meaning, geometry: g,
                                                  properties: ["level": .text(z.level.rawValue), "threshold": .real(z.threshold),
                                                               "unit": .text(z.thresholdUnit), "reach_m": .real(z.reachMetres),
                                                               "area_m2": .real(z.areaSquareMetres)]))
                })
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            note("zones written to \(path)")
        }
        try feed.feed(zones: outcome.zones, report: report, outcome: outcome, storePath: storeOptions.path)
    }
}

struct HazardPlume: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plume", abstract: "Continuous gas release: Gaussian plume threat zones.")
    @OptionGroup var common: HazardCommonOptions
    @Option(help: "Release rate, in --rate-unit.") var rate: Double
    @Option(name: .customLong("rate-unit"), help: "kg/s, g/s, kg/min, kg/h or t/h.") var rateUnit = "kg/s"
    @Option(name: .customLong("wind-from"), help: "Direction the wind blows FROM, degrees clockwise from north.") var windFrom: Double
    @Option(name: .customLong("wind-ms"), help: "Wind speed at 10 m, m/s (at least 1).") var windMs: Double
    @Option(help: "Pasquill class A–F (else give --sky).") var stability: String?
    @Option(help: "Sky when no class: day-strong, day-moderate, day-slight, night-clear, night-cloudy, overcast.") var sky: String?
    @Option(help: "Release height above ground, m.") var height = 0.0
    @Option(help: "rural or urban dispersion curves.") var terrain = "urban"

    func run() throws {
        let (source, feature) = try common.resolve()
        let skyCondition: SkyCondition? = switch sky {
        case nil: nil
        case "day-strong": .day(.strong)
        case "day-moderate": .day(.moderate)
        case "day-slight": .day(.slight)
        case "night-clear": .night(cloudOktas: 2)
        case "night-cloudy": .night(cloudOktas: 6)
        case "overcast": .overcast
        case let other?: throw ValidationError("--sky '\(other)': use day-strong, day-moderate, day-slight, night-clear, night-cloudy or overcast")
        }
        guard let terrainValue = Terrain(rawValue: terrain) else { throw ValidationError("--terrain must be rural or urban") }
        let release = PlumeRelease(source: source, substance: try common.substance(from: feature),
                                   rate: try ReleaseRate(rate, unit: rateUnit), releaseHeightMetres: height)
        let weather = PlumeWeather(windFromDegrees: windFrom, windSpeedMetresPerSecond: windMs,
                                   stability: try stability.map { try StabilityClass.parse($0) }, sky: skyCondition, terrain: terrainValue)
        try common.report(try HazardAssessment.run(.plume(release, weather)), source: source, feature: feature)
    }
}

struct HazardBlast: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "blast", abstract: "Explosion overpressure by TNT equivalence.")
    @OptionGroup var common: HazardCommonOptions
    @Option(name: .customLong("tnt-kg"), help: "TNT-equivalent mass, kg (or give --fuel-kg).") var tntKg: Double?
    @Option(name: .customLong("fuel-kg"), help: "Fuel mass in the cloud, kg (with the substance's heat of combustion).") var fuelKg: Double?
    @Option(help: "Explosion yield for a vapour cloud (CCPS 0.01–0.10).") var yield = Blast.defaultVapourCloudYield

    func run() throws {
        let (source, feature) = try common.resolve()
        let w: Double
        if let tntKg { w = tntKg } else if let fuelKg {
            let s = try common.substance(from: feature)
            guard let hc = s.heatOfCombustionMJPerKg else { throw ValidationError("\(s.name) has no heat of combustion in the substance table") }
            w = try Blast.tntEquivalentKilograms(fuelKilograms: fuelKg, heatOfCombustionMJPerKg: hc, yield: yield)
        } else { throw ValidationError("give --tnt-kg or --fuel-kg") }
        try common.report(try HazardAssessment.run(.blast(centre: source, tntKilograms: w)), source: source, feature: feature)
    }
}

struct HazardFireball: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fireball", abstract: "BLEVE fireball thermal radiation.")
    @OptionGroup var common: HazardCommonOptions
    @Option(name: .customLong("fuel-kg"), help: "Flammable mass in the fireball, kg.") var fuelKg: Double

    func run() throws {
        let (source, feature) = try common.resolve()
        try common.report(try HazardAssessment.run(.fireball(centre: source, fuelKilograms: fuelKg)), source: source, feature: feature)
    }
}

struct HazardPoolFire: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pool-fire", abstract: "Pool fire thermal radiation (point source).")
    @OptionGroup var common: HazardCommonOptions
    @Option(help: "Pool diameter, m.") var diameter: Double

    func run() throws {
        let (source, feature) = try common.resolve()
        let s = try common.substance(from: feature)
        try common.report(try HazardAssessment.run(.poolFire(centre: source, substance: s, diameterMetres: diameter)), source: source, feature: feature)
    }
}
