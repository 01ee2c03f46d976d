import Foundation
import SpatialCore
import SpatialProjection

/// Areas for road speed factors: a circle around a point, or a polygon from a GeoJSON file.
public enum RoadEditAreas {
    /// A 32-sided polygon of `radiusMetres` around `center` (geodesic destinations on WGS84).
    public static func circle(around center: Coordinate, radiusMetres: Double) throws -> Geometry {
        guard radiusMetres > 0, radiusMetres.isFinite else {
            throw RoadServiceError("radius \(radiusMetres) m must be a positive number of metres")
        }
        var ring = (0..<32).map { Geodesic.destination(from: center, azimuthDegrees: Double($0) * 360 / 32, distanceMetres: radiusMetres) }
        ring.append(ring[0])
        return .polygon([ring.reversed()])
    }

    /// The first polygon in a GeoJSON file (geometry, Feature or FeatureCollection).
    public static func polygon(file: String) throws -> Geometry {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw RoadServiceError("cannot read \(file): \(error.localizedDescription)")
        }
        var object = try JSONSerialization.jsonObject(with: data)
        if let dict = object as? [String: Any] {
            if let features = dict["features"] as? [[String: Any]], let first = features.first { object = first["geometry"] ?? NSNull() }
            else if dict["type"] as? String == "Feature" { object = dict["geometry"] ?? NSNull() }
        }
        let g = try GeoJSON.geometry(from: object, path: file)
        switch g {
        case .polygon, .multiPolygon: return g
        default: throw RoadServiceError("\(file): the geometry is a \(g.typeName), not a polygon")
        }
    }
}
