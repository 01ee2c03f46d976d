import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialGEOS
import SpatialProjection
import SpatialStore

/// A service area (isochrone): what is reached within a travel time.
public struct ServiceArea: Sendable {
    public let minutes: Double
    /// The reached roads buffered by ``ServiceAreas/bufferMetres`` and unioned, degrees.
    public let polygon: Geometry
    public let areaSquareMetres: Double
    /// Road length reached (partial edges by fraction), metres.
    public let reachedRoadMetres: Double
    /// Share of the network's road length reached, 0…1.
    public let share: Double
}

/// Coverage of the network's road length within a travel time from a set of stations.
public struct CoverageReport: Sendable {
    public let minutes: Double
    /// Stations placed on the network, and those refused (with the reason).
    public let stations: [String]
    public let refused: [String]
    public let reachedRoadMetres: Double
    public let totalRoadMetres: Double
    public var share: Double { totalRoadMetres > 0 ? reachedRoadMetres / totalRoadMetres : 0 }
    public var uncoveredRoadMetres: Double { totalRoadMetres - reachedRoadMetres }
}

/// Service areas and coverage.
///
/// **Isochrone polygons** are the reached road stretches buffered by 50 m and unioned with GEOS
/// (``GEOS/bufferMetres(_:metres:quadrantSegments:)`` in the local Gauss-Krüger/UTM plane). The
/// polygon says "within ~50 m of a road reached in time": blocks between reached roads stay holes
/// when wider than 100 m, and a building 80 m from the street is outside even if its street is
/// reached. A concave hull of the reached junctions would fill blocks but also bridge rivers and
/// closed roads; the buffer never claims ground away from a reached road. Road length reached is
/// exact (edge fractions) and is the figure to compare, not the area.
public enum ServiceAreas {
    /// Buffer around reached roads, metres.
    public static let bufferMetres = 50.0

    /// Service areas for each budget (minutes), from the nearest of `origins`.
    public static func areas(_ roads: RoadService, from origins: [RoadPosition], minutes: [Double]) throws -> [ServiceArea] {
        let geos = try GEOS()
        return try minutes.map { m in
            let reach = roads.reach(from: origins, limitSeconds: m * 60)
            let lines = reach.polylines(in: roads.network.graph).filter { $0.count >= 2 }
            let polygon = lines.isEmpty ? Geometry.multiPolygon([]) : try bufferedUnion(lines, geos: geos)
            return ServiceArea(minutes: m, polygon: polygon, areaSquareMetres: lines.isEmpty ? 0 : geos.areaSquareMetres(polygon),
                               reachedRoadMetres: reach.reachedMetres, share: reach.share)
        }
    }

    /// The union of 50 m buffers of `lines`: projected once to the local metric plane, each road stretch
    /// buffered on its own (cheap), then one cascaded union, projected back. Buffering the whole
    /// multi-line at once gives the same polygon but is an order of magnitude slower on a city.
    static func bufferedUnion(_ lines: [[Coordinate]], geos: GEOS) throws -> Geometry {
        let box = BoundingBox(covering: lines.joined())!
        let transformer = try Transformer(from: .wgs84, to: .localMetric(for: box.center))
        let projected = try lines.map { try transformer.transform($0) }
        let buffers = try projected.map { try geos.buffer(.lineString($0), distance: bufferMetres, quadrantSegments: 4) }
        return try transformer.transform(try geos.union(buffers), direction: .inverse)
    }

    /// Share of road length within `minutes` of the stations (facilities of `kinds`) in the store.
    public static func coverage(_ roads: RoadService, minutes: Double, kinds: Set<String>) throws -> CoverageReport {
        let stations = try roads.store.features(in: .facilities, kinds: kinds)
        guard !stations.isEmpty else {
            throw RoadServiceError("no facilities of kind \(kinds.sorted().joined(separator: ", ")) in the store")
        }
        var placed: [RoadPosition] = [], names: [String] = [], refused: [String] = []
        for s in stations {
            guard let at = s.geometry.representativePoint else { refused.append("\(s.id): no location"); continue }
            do {
                placed.append(try roads.snap(at, s.id))
                names.append(s.id)
            } catch {
                refused.append("\(error)")
            }
        }
        let reach = roads.reach(from: placed, limitSeconds: minutes * 60)
        return CoverageReport(minutes: minutes, stations: names, refused: refused,
                              reachedRoadMetres: reach.reachedMetres, totalRoadMetres: reach.totalMetres)
    }
}
