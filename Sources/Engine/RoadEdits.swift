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
        do { return try GeoJSON.firstPolygon(inFile: file) } catch { throw RoadServiceError(error.description) }
    }
}
