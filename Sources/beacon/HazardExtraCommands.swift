import ArgumentParser
import Engine
import Foundation
import Hazards
import SpatialCore
import SpatialProjection
import SpatialStore

/// `beacon hazard impact --polygon FILE`: the impact table and evacuation plan for a drawn area.
struct HazardImpact: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "Impact table and evacuation plan for a drawn polygon (GeoJSON file: every polygon in it, as one area).")
    @Option(help: "GeoJSON file with a Polygon or MultiPolygon (a geometry, a Feature or a FeatureCollection).") var polygon: String
    @Option(help: "Name of the area in the report.") var name = "drawn polygon"
    @OptionGroup var impact: ImpactOptions
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var feed: IncidentFeedOptions

    func run() throws {
        let area = try Self.readPolygon(polygon)
        guard let report = try impact.withStore(storeOptions.path, { store, roads in
            try impact.assessment.assess(polygon: area, name: name, in: store, roads: roads)
        }) else { throw CLIError("no store at \(storeOptions.path) (give --store)") }
        print("\(name): \(String(format: "%.1f", Geodesic.areaSquareMetres(area) / 10_000)) ha from \(polygon)")
        ImpactPrinter.print(report, storePath: storeOptions.path)
        if let path = impact.geojson {
            try report.geoJSON().write(toFile: path, atomically: true, encoding: .utf8)
            note("impact written to \(path)")
        }
        try feed.feed(zones: [], report: report, storePath: storeOptions.path)
    }

    /// Every polygon in a GeoJSON file, as one polygon or multipolygon. Errors name the file.
    static func readPolygon(_ path: String) throws -> Geometry {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw CLIError("cannot read \(path): \(error.localizedDescription)") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw CLIError("\(path): not a GeoJSON object") }
        var geometries: [Any] = []
        switch object["type"] as? String {
        case "FeatureCollection": geometries = (object["features"] as? [[String: Any]] ?? []).compactMap { $0["geometry"] }
        case "Feature": geometries = [object["geometry"] as Any]
        default: geometries = [object]
        }
        var polygons: [[[Coordinate]]] = []
        for (i, g) in geometries.enumerated() {
            switch try GeoJSON.geometry(from: g, path: "\(path) feature \(i)") {
            case let .polygon(rings): polygons.append(rings)
            case let .multiPolygon(ps): polygons += ps
            default: continue
            }
        }
        guard !polygons.isEmpty else { throw CLIError("\(path): no Polygon or MultiPolygon in the file") }
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }
}

/// `beacon hazard typhoon --storm ID`: track summary, closest approach, wind, radii, warning colour, districts.
struct HazardTyphoon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "typhoon",
        abstract: "Typhoon briefing for a place: closest approach, wind, gale/storm radii, warning colour, districts in gale and storm winds.",
        discussion: """
            Track: JTWC best track CSV (default ../shared/data/typhoon/JTWC_WP_besttrack.csv; --track FILE to override).
            Districts: --districts FILE (GeoJSON polygons named by 'district' or 'name'), else the store's districts layer
            within 300 km, else for --city haikou ../shared/data/boundaries/haikou_wgs84_converted.geojson when present.
            Example: beacon hazard typhoon --storm 201409 --city haikou --time 2014-07-18T06:00Z
            """)
    static let cities: [String: Coordinate] = [
        "haikou": Coordinate(longitude: 110.32, latitude: 20.04),
        "shanghai": Coordinate(longitude: 121.4737, latitude: 31.2304),
        "sanya": Coordinate(longitude: 109.51, latitude: 18.25),
    ]
    static let defaultTrack = "../shared/data/typhoon/JTWC_WP_besttrack.csv"

    @Option(help: "Storm id, YYYYCY (e.g. 201409 for Rammasun).") var storm: String
    @Option(help: "LON,LAT of the place.") var at: String?
    @Option(help: "A known city: \(HazardTyphoon.cities.keys.sorted().joined(separator: ", ")).") var city: String?
    @Option(help: "ISO 8601 time (UTC) for the wind and radii, and the warning issue time (default: closest approach; warning 24 h before).")
    var time: String?
    @Option(parsing: .singleValue, help: "Forecast fix appended to the track: \"LON,LAT,ISO8601,VMAX_KT[,PRES_HPA]\" (repeatable).")
    var forecast: [String] = []
    @Option(help: "Best-track CSV file.") var track: String = HazardTyphoon.defaultTrack
    @Option(help: "District polygons (GeoJSON).") var districts: String?
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let point: Coordinate
        if let at { point = try Coordinate(parsing: at) } else if let city {
            guard let c = Self.cities[city.lowercased()] else { throw ValidationError("--city '\(city)': known cities are \(Self.cities.keys.sorted().joined(separator: ", "))") }
            point = c
        } else { throw ValidationError("give --at LON,LAT or --city NAME") }
        guard FileManager.default.fileExists(atPath: track) else {
            throw CLIError("best-track file \(track) not found: give --track FILE (a JTWC CSV with CY,Year,Month,Day,Hour,Lat,Lon,VMax,MSLP,SN)")
        }
        var bestTrack = try JTWCBestTrack.load(URL(fileURLWithPath: track), stormId: storm)
        for f in forecast { bestTrack = try bestTrack.appending(forecast: try TyphoonBriefing.forecastFix(parsing: f)) }
        let when = try time.map { t -> Date in
            guard let d = TyphoonBriefing.parseTime(t) else { throw ValidationError("--time '\(t)' is not ISO 8601 (e.g. 2014-07-18T06:00Z)") }
            return d
        }
        let (polygons, districtSource) = try districtPolygons(near: point)
        let b = try TyphoonBriefing.brief(track: bestTrack, point: point, time: when, districts: polygons)
        printBriefing(b, districtSource: districtSource)
    }

    private func districtPolygons(near point: Coordinate) throws -> ([(name: String, geometry: Geometry)], String) {
        if let districts { return (try Self.readDistricts(districts), districts) }
        if FileManager.default.fileExists(atPath: storeOptions.path) {
            let store = try CityStore.open(at: storeOptions.path, readOnly: true)
            defer { store.close() }
            let near = try store.features(in: .districts).filter { f in
                f.geometry.representativePoint.map { Geodesic.distanceMetres($0, point) < 300_000 } ?? false
            }
            if !near.isEmpty { return (near.map { ($0.name ?? $0.id, $0.geometry) }, "\(storeOptions.path) districts layer") }
        }
        let haikou = "../shared/data/boundaries/haikou_wgs84_converted.geojson"
        if city?.lowercased() == "haikou", FileManager.default.fileExists(atPath: haikou) { return (try Self.readDistricts(haikou), haikou) }
        return ([], "none (give --districts FILE)")
    }

    /// Named polygons of a GeoJSON file: the name from 'district', 'name' or 'NAME' (features without one are skipped).
    static func readDistricts(_ path: String) throws -> [(name: String, geometry: Geometry)] {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = object["features"] as? [[String: Any]] else { throw CLIError("\(path): not a GeoJSON FeatureCollection") }
        return try features.enumerated().compactMap { i, f in
            let props = f["properties"] as? [String: Any] ?? [:]
            guard let name = (props["district"] ?? props["name"] ?? props["NAME"]) as? String, let g = f["geometry"] else { return nil }
            return (name, try GeoJSON.geometry(from: g, path: "\(path) feature \(i)"))
        }
    }

    private func printBriefing(_ b: TyphoonBriefing, districtSource: String) {
        let f = ISO8601DateFormatter()
        func km(_ m: Double?) -> String { m.map { String(format: "%.0f km", $0 / 1000) } ?? "not reached" }
        print("Storm \(b.stormId): \(b.fixCount) fixes\(b.forecastCount > 0 ? " (\(b.forecastCount) forecast)" : ""), \(f.string(from: b.trackStart)) – \(f.string(from: b.trackEnd))")
        print("  peak \(Int(b.peakWindKnots)) kt at \(f.string(from: b.peakTime))" + (b.lowestPressureHPa.map { ", lowest \(Int($0)) hPa" } ?? ""))
        let c = b.closest
        print("Closest approach to \(String(format: "%.4f,%.4f", b.point.longitude, b.point.latitude)): \(String(format: "%.1f", c.distanceMetres / 1000)) km at \(f.string(from: c.time)) (centre \(String(format: "%.2f,%.2f", c.centre.longitude, c.centre.latitude)), \(Int(c.maxWindKnots)) kt); modelled wind there \(String(format: "%.1f", c.windAtPointMetresPerSecond)) m/s")
        print("At \(f.string(from: b.time)): wind at the place \(String(format: "%.1f", b.windAtTimeMetresPerSecond)) m/s; gale radius (≥ 17.2 m/s, 8 级) \(km(b.galeRadiusMetres)); storm radius (≥ 24.5 m/s, 10 级) \(km(b.stormRadiusMetres))")
        let expected = b.warning.expectedWindByColour.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1f", $0.value)) m/s" }.joined(separator: ", ")
        if let level = b.warning.level {
            print("Warning at \(f.string(from: b.warningIssueTime)): \(level.colour.uppercased()) (\(level.chineseName)色) — mean wind ≥ \(level.meanWindAtLeastMetresPerSecond.formatted()) m/s expected within \(Int(level.withinHours)) h")
        } else {
            print("Warning at \(f.string(from: b.warningIssueTime)): none — no level's wind expected within its lead time")
        }
        print("  highest expected mean wind within each lead time: \(expected)")
        if !b.firstIssueByColour.isEmpty {
            print("  first met (hourly issue times): " + b.firstIssueByColour.map { "\($0.colour) \(f.string(from: $0.time))" }.joined(separator: ", "))
        }
        print("  rule (CMA 2007, configurable): " + b.warningRules.joined(separator: "; "))
        print("\nDistricts (\(districtSource)):")
        if b.districts.isEmpty { print("  none") } else {
            var t = TextTable("district", "peak m/s", "peak at", "gale (≥ 17.2 m/s)", "storm (≥ 24.5 m/s)", rightAligned: [1])
            func span(_ r: ClosedRange<Date>?) -> String { r.map { "\(f.string(from: $0.lowerBound)) – \(f.string(from: $0.upperBound))" } ?? "—" }
            for d in b.districts { t.add(d.name, String(format: "%.1f", d.peakWindMetresPerSecond), f.string(from: d.peakTime), span(d.gale), span(d.storm)) }
            print(t.render())
        }
        print("\nCaveats:")
        for c in b.caveats { print("  - \(c)") }
        if !b.validity.isEmpty {
            print("Where this result is not valid or is extrapolated:")
            for v in b.validity { print("  ! \(v)") }
        }
    }
}

/// `beacon hazard grade ID`: GB 18218-2018 identification and grade of a hazard source in the store.
struct HazardGrade: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "GB 18218-2018 major hazard identification (S = Σ q/Q) and grade (R = α Σ β q/Q) of a hazard feature.")
    @Argument(help: "Hazard feature id, e.g. ex:chemical_store/01 (attributes 'substance' and 'quantity_t').") var id: String
    @Option(name: .customLong("people-offsite"), help: "People within 500 m outside the site (default: the feature's people_offsite_500m, else an estimate).")
    var peopleOffsite: Int?
    @Option(name: .customLong("quantity-t"), help: "Tonnes stored (default: the feature's quantity_t).") var quantityTonnes: Double?
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        guard let f = try store.feature(id: id) else { throw CLIError("no feature \(id) in \(storeOptions.path)") }
        guard let name = f.properties["substance"]?.textValue else { throw CLIError("\(id) has no 'substance' attribute") }
        guard let q = quantityTonnes ?? f.properties["quantity_t"]?.doubleValue else { throw CLIError("\(id) has no 'quantity_t' attribute: give --quantity-t") }
        let substance = try SubstanceTable.lookup(name)
        var peopleNote: String
        let people: Int
        if let peopleOffsite {
            people = peopleOffsite
            peopleNote = "given with --people-offsite"
        } else if let p = f.properties["people_offsite_500m"]?.doubleValue {
            people = Int(p)
            peopleNote = "the feature's people_offsite_500m"
        } else {
            guard let at = f.geometry.representativePoint else { throw CLIError("\(id) has an empty geometry") }
            let circle = Footprint.circle(around: at, radiusMetres: 500)
            let r = try ImpactAssessment().assess(polygon: circle, name: "500 m around \(id)", in: store, roads: nil)
            people = r.zones.first?.people.count ?? 0
            peopleNote = "estimated within 500 m (site included): " + (r.zones.first?.people.assumption ?? "")
        }
        let result = try MajorHazardGrading.standard.grade([.init(substance: substance, quantityTonnes: q)], peopleOffsite: people)
        print("\(f.id) \(f.name ?? ""): \(substance.name) \(q.formatted()) t; \(people) people within 500 m off-site (\(peopleNote))")
        var t = TextTable("substance", "q t", "Q t", "q/Q", "β", rightAligned: [1, 2, 3, 4])
        for term in result.terms {
            t.add(term.substance, q.formatted(), (substance.criticalQuantityTonnes ?? 0).formatted(), String(format: "%.2f", term.ratio), term.beta.formatted())
        }
        print(t.render())
        print(String(format: "S = Σ q/Q = %.2f → ", result.sumOfRatios)
              + (result.isMajorHazardSource ? "a major hazard source (S ≥ 1)" : "not a major hazard source (S < 1)"))
        print(String(format: "α = %.1f (people off-site %d); R = α Σ β q/Q = %.1f", result.alpha, people, result.r))
        print("Grade: " + (result.grade.map { "\($0.chineseName) (一级 R ≥ 100, 二级 50–100, 三级 10–50, 四级 < 10)" } ?? "none"))
        for c in result.caveats { print("  - \(c)") }
    }
}
