import Foundation
import Hazards
import SpatialCore
import SpatialGEOS
import SpatialProjection
import SpatialStore

/// Intersects hazard zones (or a drawn polygon) with a city store: people, facilities by kind, components
/// by class, pipes by network and length, roads to close, units and stations, other hazard sources, and an
/// evacuation plan to shelters outside the footprint.
///
/// Cost: one spatial query per layer on the outermost zone (SpatiaLite R*Tree + `ST_Intersects`), then per
/// feature and zone a point-in-polygon test (``PolygonContainment``) for points, or a GEOS intersection for
/// lines and polygons (clipped length and area); the evacuation adds one snap per shelter and one Dijkstra.
public struct ImpactAssessment {
    public var population: PopulationAssumptions
    /// The zone whose people are moved to shelters (orange: AEGL-2 / serious injury / second-degree burns).
    public var evacuateLevel: ThreatLevel
    /// Facility kinds listed first, in this order: people who cannot easily leave.
    public static let priorityKinds = ["school", "hospital", "nursing_home"]
    /// Facility kinds that are response stations.
    public static let stationKinds: Set<String> = ["fire_station", "ambulance_station", "police"]

    public init(population: PopulationAssumptions = .standard, evacuateLevel: ThreatLevel = .orange) {
        self.population = population
        self.evacuateLevel = evacuateLevel
    }

    /// The impact of a model's zones around `origin`; `sourceFeatureID` (the hazard feature that released) is
    /// left out of the hazard sources. With `roads`, the people of the evacuation zone are sent to shelters.
    public func assess(zones: [HazardZone], source: String, origin: Coordinate, sourceFeatureID: String? = nil,
                       in store: CityStore, roads: RoadService?) throws -> ImpactReport {
        let start = DispatchTime.now().uptimeNanoseconds
        let geos = try GEOS()
        let drawn = zones.compactMap { z -> PreparedZone? in
            guard let g = z.footprint, let pip = PolygonContainment(g) else { return nil }
            return PreparedZone(zone: z, geometry: g, containment: pip)
        }.sorted { $0.zone.level < $1.zone.level }
        guard let outer = drawn.first else {
            return ImpactReport(source: source, origin: origin, zones: [], evacuation: nil,
                                notes: ["no zone reaches its threshold: nothing to assess"], elapsedMilliseconds: 0)
        }
        let layers = Layer.allCases.filter { $0 != .incidents }
        let hits = try store.features(intersecting: outer.geometry, layers: layers)
        var zoneReports: [ImpactReport.Zone] = []
        for z in drawn {
            zoneReports.append(try zoneImpact(z, hits: hits.map(\.feature), origin: origin, excluding: sourceFeatureID, geos: geos))
        }
        var evacuation: ImpactReport.Evacuation?
        if let roads {
            let target = drawn.first { $0.zone.level == evacuateLevel } ?? drawn.last!
            let people = zoneReports.first { $0.level == target.zone.level }?.people.count ?? 0
            evacuation = try EvacuationPlanner(store: store, roads: roads)
                .plan(people: people, zone: target.zone.level, zoneGeometry: target.geometry,
                      footprint: outer, geos: geos)
        }
        var notes = [
            "Zones are cumulative: the \(outer.zone.level.rawValue) zone includes the inner ones.",
            "Inside means sharing interior points with the zone; pipe and road lengths are clipped to it (GEOS intersection, geodesic length).",
        ]
        if zoneReports.contains(where: { $0.people.method == .defaultDensity }) {
            notes.append("People: no buildings, districts or grid cells with a population inside; \(Int(population.defaultPersonsPerSquareKilometre)) persons/km² assumed (\(population.defaultDensitySource)). Resident population: daytime crowds can be far larger.")
        }
        return ImpactReport(source: source, origin: origin, zones: zoneReports, evacuation: evacuation,
                            notes: notes, elapsedMilliseconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }

    /// The impact of a drawn polygon (one red zone): everything inside, and the people in it sent to shelters.
    public func assess(polygon: Geometry, name: String = "drawn polygon", in store: CityStore, roads: RoadService?) throws -> ImpactReport {
        guard PolygonContainment(polygon) != nil else { throw RoadServiceError("the impact area must be a polygon or multipolygon, not a \(polygon.typeName)") }
        let centre = try GEOS().centroid(polygon) ?? polygon.representativePoint!
        let reach = polygon.coordinates.map { Geodesic.distanceMetres(centre, $0) }.max() ?? 0
        let zone = HazardZone(level: .red, threshold: 0, thresholdUnit: "", meaning: name, reachMetres: reach,
                              widthMetres: 2 * reach, footprint: polygon, areaSquareMetres: Geodesic.areaSquareMetres(polygon))
        var copy = self
        copy.evacuateLevel = .red
        return try copy.assess(zones: [zone], source: name, origin: centre, in: store, roads: roads)
    }

    struct PreparedZone {
        let zone: HazardZone
        let geometry: Geometry
        let containment: PolygonContainment
    }

    private func zoneImpact(_ z: PreparedZone, hits: [Feature], origin: Coordinate, excluding: String?,
                            geos: GEOS) throws -> ImpactReport.Zone {
        var facilities: [String: [ImpactReport.Site]] = [:]
        var units: [ImpactReport.Site] = [], stations: [ImpactReport.Site] = [], hazards: [ImpactReport.Site] = []
        var components: [String: ImpactReport.ComponentCount] = [:]
        var pipes: [String: ImpactReport.PipeLength] = [:]
        var roads: [ImpactReport.RoadToClose] = []
        var other: [String: (Layer, String, Int)] = [:]
        var people = PeopleTally()
        for f in hits {
            let measure = try self.measure(f.geometry, in: z, geos: geos)
            guard measure.inside else { continue }
            let at = f.geometry.representativePoint ?? origin
            let site = { ImpactReport.Site(id: f.id, kind: f.kind, name: f.name ?? f.id, location: at,
                                           distanceMetres: Geodesic.distanceMetres(origin, at)) }
            switch f.layer {
            case .facilities:
                facilities[f.kind, default: []].append(site())
                if Self.stationKinds.contains(f.kind) { stations.append(site()) }
            case .units: units.append(site())
            case .hazards: if f.id != excluding { hazards.append(site()) }
            case .components:
                let code = f.properties["class_code"]?.textValue ?? "?"
                components["\(code)/\(f.kind)", default: .init(classCode: code, kind: f.kind, count: 0)].count += 1
            case .pipes:
                let network = f.properties["network"]?.textValue ?? f.kind
                pipes[network, default: .init(network: network, count: 0, lengthInsideMetres: 0)].count += 1
                pipes[network]!.lengthInsideMetres += measure.lengthMetres
            case .roads:
                roads.append(.init(id: f.id, name: f.name ?? "", kind: f.kind, lengthInsideMetres: measure.lengthMetres))
            case .buildings:
                people.addBuilding(f, insideSquareMetres: measure.areaSquareMetres, population)
                other["buildings/\(f.kind)", default: (f.layer, f.kind, 0)].2 += 1
            case .districts, .gridCells:
                if let p = Self.populationAttribute(f), measure.featureAreaSquareMetres > 0 {
                    people.addArea(layer: f.layer, population: p * measure.areaSquareMetres / measure.featureAreaSquareMetres)
                }
                if f.layer == .districts { other["districts/\(f.kind)", default: (f.layer, f.kind, 0)].2 += 1 }
            default:
                other["\(f.layer.rawValue)/\(f.kind)", default: (f.layer, f.kind, 0)].2 += 1
            }
        }
        let priority = Self.priorityKinds
        let orderedFacilities = facilities.map { (kind: $0.key, sites: $0.value.sorted { $0.distanceMetres < $1.distanceMetres }) }
            .sorted { a, b in
                let ia = priority.firstIndex(of: a.kind) ?? priority.count, ib = priority.firstIndex(of: b.kind) ?? priority.count
                return (ia, a.kind) < (ib, b.kind)
            }
        return ImpactReport.Zone(
            level: z.zone.level, meaning: z.zone.meaning, footprint: z.geometry, areaSquareMetres: z.zone.areaSquareMetres,
            people: people.estimate(zoneSquareMetres: z.zone.areaSquareMetres, population),
            facilities: orderedFacilities,
            components: components.values.sorted { ($0.classCode, $0.kind) < ($1.classCode, $1.kind) },
            pipes: pipes.values.sorted { $0.network < $1.network },
            roads: roads.sorted { ($0.lengthInsideMetres, $1.id) > ($1.lengthInsideMetres, $0.id) },
            units: units.sorted { $0.distanceMetres < $1.distanceMetres },
            stations: stations.sorted { $0.distanceMetres < $1.distanceMetres },
            hazardSources: hazards.sorted { $0.distanceMetres < $1.distanceMetres },
            otherCounts: other.values.sorted { ($0.0.rawValue, $0.1) < ($1.0.rawValue, $1.1) }.map { ($0.0, $0.1, $0.2) })
    }

    /// A numeric `population` (or `pop`) attribute.
    static func populationAttribute(_ f: Feature) -> Double? {
        (f.properties["population"] ?? f.properties["pop"])?.doubleValue
    }

    struct Measure {
        var inside: Bool
        var lengthMetres = 0.0
        var areaSquareMetres = 0.0
        var featureAreaSquareMetres = 0.0
    }

    /// Whether `g` lies in the zone, and for lines and polygons the clipped length or area. Points: O(1) expected;
    /// lines and polygons: a bounding-box reject, then a GEOS intersection.
    private func measure(_ g: Geometry, in z: PreparedZone, geos: GEOS) throws -> Measure {
        switch g {
        case let .point(c): return Measure(inside: z.containment.contains(c))
        case let .multiPoint(cs): return Measure(inside: cs.contains { z.containment.contains($0) })
        default:
            guard let box = g.boundingBox, box.intersects(z.containment.bounds) else { return Measure(inside: false) }
            let clipped = try geos.intersection(g, z.geometry)
            switch g {
            case .lineString, .multiLineString:
                let length = Geodesic.lengthMetres(clipped)
                return Measure(inside: length > 0, lengthMetres: length)
            case .polygon, .multiPolygon:
                let area = Geodesic.areaSquareMetres(clipped)
                return Measure(inside: area > 0, areaSquareMetres: area, featureAreaSquareMetres: Geodesic.areaSquareMetres(g))
            default:
                return Measure(inside: !clipped.coordinates.isEmpty)
            }
        }
    }
}

/// People counted in one zone, by the best layer available: buildings, then districts, then grid cells, then a density.
struct PeopleTally {
    private var buildingPeople = 0.0, buildingCount = 0, buildingsWithLevels = 0
    private var districtPeople = 0.0, districtCount = 0
    private var cellPeople = 0.0, cellCount = 0

    mutating func addBuilding(_ f: Feature, insideSquareMetres: Double, _ a: PopulationAssumptions) {
        guard insideSquareMetres > 0 else { return }
        let levels: Double
        if let l = f.properties["levels"]?.doubleValue, l > 0 {
            levels = l
            buildingsWithLevels += 1
        } else if let h = f.properties["height_m"]?.doubleValue, h > 0 {
            levels = max(1, (h / a.storeyHeightMetres).rounded())
            buildingsWithLevels += 1
        } else {
            levels = Double(a.defaultLevels)
        }
        buildingPeople += insideSquareMetres * levels / a.floorSquareMetresPerPerson
        buildingCount += 1
    }

    mutating func addArea(layer: Layer, population: Double) {
        if layer == .districts {
            districtPeople += population
            districtCount += 1
        } else {
            cellPeople += population
            cellCount += 1
        }
    }

    func estimate(zoneSquareMetres: Double, _ a: PopulationAssumptions) -> ImpactReport.PeopleEstimate {
        if buildingCount > 0 {
            return .init(count: Int(buildingPeople.rounded()), method: .buildings,
                         assumption: "\(buildingCount) buildings: footprint inside × storeys (tagged on \(buildingsWithLevels); else \(a.defaultLevels)) ÷ \(a.floorSquareMetresPerPerson.formatted()) m² per person (China urban housing floor area per person, 39.8 m², NBS 2019)")
        }
        if districtCount > 0 {
            return .init(count: Int(districtPeople.rounded()), method: .districts,
                         assumption: "\(districtCount) districts' population × share of their area inside (uniform within each district)")
        }
        if cellCount > 0 {
            return .init(count: Int(cellPeople.rounded()), method: .gridCells,
                         assumption: "\(cellCount) grid cells' population × share of their area inside")
        }
        return .init(count: Int((zoneSquareMetres / 1e6 * a.defaultPersonsPerSquareKilometre).rounded()), method: .defaultDensity,
                     assumption: "zone area × \(Int(a.defaultPersonsPerSquareKilometre)) persons/km² (\(a.defaultDensitySource)); no layer with people inside")
    }
}
