#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import SpatialCore

/// GCJ-02, China's obfuscated "Mars" datum, to and from WGS84.
///
/// GCJ-02 (国测局坐标, 2002) is the coordinate system that Chinese law requires of published maps
/// (AMap/Gaode, Tencent; Baidu's BD-09 is a further shift on top). It is WGS84 plus a deliberate,
/// position-dependent offset of tens to several hundred metres (about 510 m in Haikou). The forward
/// function is the widely published reconstruction used by open-source converters (Krasovsky 1940
/// ellipsoid, a = 6 378 245 m, e² = 0.006 693 421 622 965 943); like them, it applies no offset
/// outside the rectangle it uses for China (72.004–137.8347°E, 0.8293–55.8271°N), which also covers
/// Korea and parts of neighbouring countries. The inverse has no closed form and is found by
/// fixed-point iteration to 1e-9° (0.1 mm). Pure Swift, O(1) per coordinate.
public enum ChinaOffset {
    private static let krasovskySemiMajorAxisMetres = 6_378_245.0
    private static let krasovskyEccentricitySquared = 0.006_693_421_622_965_943_23

    /// Whether a coordinate lies inside the rectangle where GCJ-02 differs from WGS84.
    public static func isInChinaRegion(_ c: Coordinate) -> Bool {
        (72.004...137.8347).contains(c.longitude) && (0.8293...55.8271).contains(c.latitude)
    }

    /// WGS84 → GCJ-02 (the published forward reconstruction). Identity outside China.
    public static func wgs84ToGCJ02(_ c: Coordinate) -> Coordinate {
        guard isInChinaRegion(c) else { return c }
        let (dLon, dLat) = offsetDegrees(c)
        return Coordinate(longitude: c.longitude + dLon, latitude: c.latitude + dLat)
    }

    /// GCJ-02 → WGS84 by iterating the forward function until the round trip closes to 1e-9°
    /// (at most 30 steps; it converges in 3–5). Identity outside China.
    public static func gcj02ToWGS84(_ gcj: Coordinate) -> Coordinate {
        guard isInChinaRegion(gcj) else { return gcj }
        var wgs = gcj
        for _ in 0..<30 {
            let back = wgs84ToGCJ02(wgs)
            let eLon = back.longitude - gcj.longitude, eLat = back.latitude - gcj.latitude
            wgs.longitude -= eLon
            wgs.latitude -= eLat
            if abs(eLon) < 1e-9, abs(eLat) < 1e-9 { break }
        }
        return wgs
    }

    /// WGS84 → GCJ-02 for every vertex of a geometry. O(n).
    public static func wgs84ToGCJ02(_ g: Geometry) -> Geometry { g.mapCoordinates(wgs84ToGCJ02) }

    /// GCJ-02 → WGS84 for every vertex of a geometry (e.g. an AMap boundary). O(n).
    public static func gcj02ToWGS84(_ g: Geometry) -> Geometry { g.mapCoordinates(gcj02ToWGS84) }

    /// The GCJ-02 offset (degrees of longitude, latitude) at a WGS84 coordinate.
    private static func offsetDegrees(_ c: Coordinate) -> (Double, Double) {
        let x = c.longitude - 105, y = c.latitude - 35
        var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        var dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        let common = (20 * sin(6 * x * .pi) + 20 * sin(2 * x * .pi)) * 2 / 3
        dLat += common + (20 * sin(y * .pi) + 40 * sin(y / 3 * .pi)) * 2 / 3
            + (160 * sin(y / 12 * .pi) + 320 * sin(y * .pi / 30)) * 2 / 3
        dLon += common + (20 * sin(x * .pi) + 40 * sin(x / 3 * .pi)) * 2 / 3
            + (150 * sin(x / 12 * .pi) + 300 * sin(x / 30 * .pi)) * 2 / 3
        let a = krasovskySemiMajorAxisMetres, ee = krasovskyEccentricitySquared
        let radLat = c.latitude / 180 * .pi
        let magic = 1 - ee * sin(radLat) * sin(radLat)
        let sqrtMagic = magic.squareRoot()
        dLat = dLat * 180 / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLon = dLon * 180 / (a / sqrtMagic * cos(radLat) * .pi)
        return (dLon, dLat)
    }
}
