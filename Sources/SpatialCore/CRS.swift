/// A coordinate reference system, identified by its EPSG code.
///
/// Longitude/latitude systems are always handled in (longitude, latitude) order inside Beacon, whatever
/// the authority's axis order; `SpatialProjection` normalises once at the bridge.
public struct CRS: Hashable, Sendable, Codable, CustomStringConvertible {
    public let epsg: Int
    public init(epsg: Int) { self.epsg = epsg }

    public static let wgs84 = CRS(epsg: 4326)
    /// China Geodetic Coordinate System 2000.
    public static let cgcs2000 = CRS(epsg: 4490)
    public static let webMercator = CRS(epsg: 3857)
    /// Germany, DHDN / 3-degree Gauss-Krüger zone 3 (the Schutterwald gas network's raw CRS).
    public static let dhdnGK3 = CRS(epsg: 31467)

    /// UTM zone on WGS84 for a coordinate (north: 326zz, south: 327zz).
    public static func utm(for c: Coordinate) -> CRS {
        let zone = min(60, max(1, Int(((c.longitude + 180) / 6).rounded(.down)) + 1))
        return CRS(epsg: (c.latitude >= 0 ? 32600 : 32700) + zone)
    }

    /// CGCS2000 3-degree Gauss-Krüger CM zone (EPSG:4534–4554, false easting 500 km, no zone prefix)
    /// for a coordinate inside China's 75°E–135°E span; e.g. Shanghai (121.5°E) → EPSG:4549 (CM 120°E).
    public static func cgcs2000GaussKruger3(for c: Coordinate) -> CRS? {
        let cm = Int((c.longitude / 3).rounded()) * 3
        guard (75...135).contains(cm) else { return nil }
        return CRS(epsg: 4534 + (cm - 75) / 3)
    }

    /// Whether coordinates in this CRS are degrees of longitude/latitude.
    public var isGeographic: Bool { [4326, 4490, 4258, 4269, 4214, 4610].contains(epsg) }

    public var description: String { "EPSG:\(epsg)" }

    /// Parses `EPSG:4547`, `epsg:4547` or `4547`.
    public init?(parsing text: String) {
        let t = text.uppercased().replacingOccurrences(of: "EPSG:", with: "")
        guard let code = Int(t), code > 0 else { return nil }
        self.init(epsg: code)
    }
}
