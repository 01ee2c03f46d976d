import Foundation
import SpatialCore
import SpatialProjection

/// Places shapes drawn in a local metric frame onto the ellipsoid.
///
/// The local frame has `x` downwind (or along any chosen bearing) and `y` to the left of it, in metres,
/// with the source at the origin. Each vertex is placed by the geodesic direct problem from the source
/// (distance and azimuth), so shapes stay true in size at any latitude. O(n) in the vertex count.
public enum Footprint {
    /// The polygon of local `(x, y)` vertices (metres) rotated so that +x points along `towardsAzimuthDegrees`
    /// (clockwise from north) and placed at `source`. The ring is closed on return.
    public static func place(_ local: [(x: Double, y: Double)], at source: Coordinate,
                             towardsAzimuthDegrees azimuth: Double) -> Geometry {
        var ring = local.map { p -> Coordinate in
            let distance = (p.x * p.x + p.y * p.y).squareRoot()
            guard distance > 0 else { return source }
            // +y is to the left of +x, i.e. counter-clockwise; azimuths run clockwise.
            let bearing = azimuth - atan2(p.y, p.x) * 180 / .pi
            return Geodesic.destination(from: source, azimuthDegrees: bearing, distanceMetres: distance)
        }
        if let first = ring.first, ring.last != first { ring.append(first) }
        return .polygon([ring])
    }

    /// A geodesic circle of `radiusMetres` around `centre`, as a polygon of `segments` vertices. O(segments).
    public static func circle(around centre: Coordinate, radiusMetres: Double, segments: Int = 72) -> Geometry {
        var ring = (0..<segments).map { i in
            Geodesic.destination(from: centre, azimuthDegrees: Double(i) * 360 / Double(segments), distanceMetres: radiusMetres)
        }
        ring.append(ring[0])
        return .polygon([ring])
    }

    /// The azimuth the wind blows towards, from the meteorological direction it blows from (degrees).
    public static func downwindAzimuth(windFromDegrees: Double) -> Double {
        (windFromDegrees + 180).truncatingRemainder(dividingBy: 360)
    }

    /// Zones as circles around `centre` for radii ordered outermost first (blast, thermal). Empty radius → no footprint.
    static func circularZone(level: ThreatLevel, threshold: Double, unit: String, meaning: String,
                             radiusMetres: Double, centre: Coordinate) -> HazardZone {
        guard radiusMetres > 0 else {
            return HazardZone(level: level, threshold: threshold, thresholdUnit: unit, meaning: meaning,
                              reachMetres: 0, widthMetres: 0, footprint: nil, areaSquareMetres: 0)
        }
        let polygon = circle(around: centre, radiusMetres: radiusMetres)
        return HazardZone(level: level, threshold: threshold, thresholdUnit: unit, meaning: meaning,
                          reachMetres: radiusMetres, widthMetres: 2 * radiusMetres, footprint: polygon,
                          areaSquareMetres: Geodesic.areaSquareMetres(polygon))
    }
}

/// Finds `x` in `range` where a monotone decreasing `f` crosses `target`, by bisection (60 halvings → ~1e-18 relative).
/// Returns nil when `f` is below `target` across the whole range, and the upper bound when it never falls below.
func crossing(in range: ClosedRange<Double>, target: Double, _ f: (Double) -> Double) -> Double? {
    var lo = range.lowerBound, hi = range.upperBound
    if f(lo) < target { return nil }
    if f(hi) >= target { return hi }
    for _ in 0..<60 {
        let mid = (lo + hi) / 2
        if f(mid) >= target { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
}
