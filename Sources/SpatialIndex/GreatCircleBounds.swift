#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import SpatialCore

/// A query point prepared for many haversine evaluations, and the bounds that prune tree nodes.
///
/// The trees compare *haversine terms* `h = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2)` rather than
/// metres: the distance `2R·asin(√h)` grows with `h`, so ordering by `h` is ordering by distance
/// and the `asin` is paid only for results. `h` is computed with exactly the operations of
/// ``Haversine/distanceMetres(_:_:)``, so reported distances equal it bit for bit.
struct HaversineProbe {
    let longitude: Double
    let latitude: Double
    /// φ₁ in radians, as `Haversine` computes it.
    let latitudeRadians: Double
    let cosLatitude: Double

    init(_ c: Coordinate) {
        longitude = c.longitude
        latitude = c.latitude
        latitudeRadians = c.latitude * .pi / 180
        cosLatitude = cos(latitudeRadians)
    }

    /// The haversine term to a point whose `cos(latitude · π / 180)` is `cosLatitude`. O(1), 2 sines.
    @inline(__always)
    func term(longitude lon: Double, latitude lat: Double, cosLatitude cosφ2: Double) -> Double {
        let φ2 = lat * .pi / 180
        let dφ = φ2 - latitudeRadians, dλ = (lon - longitude) * .pi / 180
        return sin(dφ / 2) * sin(dφ / 2) + cosLatitude * cosφ2 * sin(dλ / 2) * sin(dλ / 2)
    }

    /// A lower bound of the haversine term to any point of the box, given a lower bound
    /// `minCosLatitude` of the cosine of latitudes in it. No trigonometry: sin y ≥ y − y³/6.
    ///
    /// Valid at every latitude and across the antimeridian (longitude differences wrap).
    @inline(__always)
    func lowerBoundTerm(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double,
                        minCosLatitude: Double) -> Double {
        let dLat = max(0, minLatitude - latitude, latitude - maxLatitude)
        let west = longitude - minLongitude, east = maxLongitude - longitude
        let nearLon = max(0, -west, -east)  // 0 when the query's meridian crosses the box
        let farLon = max(abs(west), abs(east))
        let dLon = min(nearLon, 360 - farLon)  // sin²(x/2) is symmetric about 180°
        let yLat = dLat * (.pi / 360), yLon = max(0, dLon) * (.pi / 360)
        let sLat = yLat - yLat * yLat * yLat / 6, sLon = yLon - yLon * yLon * yLon / 6
        // The factor absorbs rounding so the bound never exceeds the exactly computed term.
        return (sLat * sLat + cosLatitude * minCosLatitude * sLon * sLon) * (1 - 1e-9)
    }
}

enum GreatCircle {
    /// cos(latitude · π / 180), as ``Haversine/distanceMetres(_:_:)`` computes it. O(1).
    @inline(__always)
    static func cosLatitude(_ latitude: Double) -> Double { cos(latitude * .pi / 180) }

    /// Metres for a haversine term, as ``Haversine/distanceMetres(_:_:)`` computes them. O(1).
    @inline(__always)
    static func metres(term h: Double) -> Double {
        2 * Haversine.earthRadiusMetres * asin(min(1, h.squareRoot()))
    }

    /// The haversine term for a distance, rounded up so that every point within `metres` passes
    /// `term ≤ bound`; `.infinity` for an infinite distance. O(1).
    static func termBound(metres: Double) -> Double {
        guard metres.isFinite else { return .infinity }
        let half = min(max(metres, 0) / Haversine.earthRadiusMetres, .pi) / 2
        let s = sin(half)
        return s * s * (1 + 1e-9) + 1e-300
    }

    /// The cosine of the latitude farthest from the equator in `minLatitude…maxLatitude`, rounded
    /// down: a lower bound of cos φ over the range. O(1).
    static func minCosLatitude(_ minLatitude: Double, _ maxLatitude: Double) -> Double {
        let farthest = min(90, max(abs(minLatitude), abs(maxLatitude)))
        return max(0, cos(farthest * .pi / 180) * (1 - 1e-12) - 1e-15)
    }

    /// Calls `body` with boxes (one, or two when it crosses the antimeridian) holding every point
    /// within `radiusMetres` of `centre` on the sphere, with a small outward margin. O(1), no allocation.
    ///
    /// A cap that reaches a pole takes every longitude.
    @inline(__always)
    static func forEachBox(around centre: Coordinate, radiusMetres: Double, _ body: (BoundingBox) -> Void) {
        let δ = max(radiusMetres, 0) / Haversine.earthRadiusMetres  // angular radius, radians
        let dLat = δ * 180 / .pi * (1 + 1e-9) + 1e-9
        let south = centre.latitude - dLat, north = centre.latitude + dLat
        let cosφ = cos(centre.latitude * .pi / 180)
        let ratio = δ < .pi / 2 && cosφ > 0 ? sin(δ) / cosφ : 2
        if south <= -90 || north >= 90 || ratio >= 1 {
            body(BoundingBox(minLongitude: -180, minLatitude: south, maxLongitude: 180, maxLatitude: north))
            return
        }
        let dLon = asin(ratio) * 180 / .pi * (1 + 1e-9) + 1e-9
        forEachUnwrapped(BoundingBox(minLongitude: wrap(centre.longitude - dLon), minLatitude: south,
                                     maxLongitude: wrap(centre.longitude + dLon), maxLatitude: north), body)
    }

    /// Calls `body` with `box` as one or two boxes with `minLongitude ≤ maxLongitude`: a box whose
    /// `minLongitude > maxLongitude` is read as crossing the antimeridian. O(1), no allocation.
    @inline(__always)
    static func forEachUnwrapped(_ box: BoundingBox, _ body: (BoundingBox) -> Void) {
        guard box.minLongitude > box.maxLongitude else { return body(box) }
        body(BoundingBox(minLongitude: box.minLongitude, minLatitude: box.minLatitude,
                         maxLongitude: 180, maxLatitude: box.maxLatitude))
        body(BoundingBox(minLongitude: -180, minLatitude: box.minLatitude,
                         maxLongitude: box.maxLongitude, maxLatitude: box.maxLatitude))
    }

    /// A longitude brought into −180…180. O(1).
    @inline(__always)
    static func wrap(_ longitude: Double) -> Double {
        longitude < -180 ? longitude + 360 : longitude > 180 ? longitude - 360 : longitude
    }
}
