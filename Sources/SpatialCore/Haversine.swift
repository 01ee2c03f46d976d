#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// Great-circle distance on a sphere of the mean Earth radius.
///
/// Accurate to about 0.5 % against the ellipsoid — good for ranking and for index pruning.
/// Reported distances use the geodesic on WGS84 (`Geodesic` in SpatialProjection).
public enum Haversine {
    /// IUGG mean Earth radius, metres.
    public static let earthRadiusMetres = 6_371_008.8
    /// Length of one degree of latitude on that sphere, metres.
    public static let metresPerDegreeLatitude = earthRadiusMetres * .pi / 180

    /// Distance in metres between two coordinates. O(1).
    @inlinable
    public static func distanceMetres(_ a: Coordinate, _ b: Coordinate) -> Double {
        let φ1 = a.latitude * .pi / 180, φ2 = b.latitude * .pi / 180
        let dφ = φ2 - φ1, dλ = (b.longitude - a.longitude) * .pi / 180
        let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * earthRadiusMetres * asin(min(1, h.squareRoot()))
    }
}
