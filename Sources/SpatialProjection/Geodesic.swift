import CPROJ
import SpatialCore

/// Distances, azimuths and areas on the WGS84 ellipsoid, by Karney's algorithms (PROJ's `geodesic.h`).
///
/// Accurate to about 15 nm for distances; these are the figures Beacon reports (``Haversine`` is only
/// for ranking and pruning). Pure functions of their arguments, safe from any task.
public enum Geodesic {
    /// WGS84 semi-major axis, metres (EPSG:7030).
    public static let wgs84SemiMajorAxisMetres = 6_378_137.0
    /// WGS84 flattening (EPSG:7030).
    public static let wgs84Flattening = 1 / 298.257223563

    private static let ellipsoid: geod_geodesic = {
        var g = geod_geodesic()
        geod_init(&g, wgs84SemiMajorAxisMetres, wgs84Flattening)
        return g
    }()

    /// The geodesic (shortest) distance in metres between two coordinates. O(1).
    public static func distanceMetres(_ a: Coordinate, _ b: Coordinate) -> Double {
        inverse(a, b).distanceMetres
    }

    /// Solves the inverse problem: distance in metres, and the azimuths in degrees clockwise from north
    /// at `a` (initial) and at `b` (final, the direction of travel on arrival). O(1).
    public static func inverse(_ a: Coordinate, _ b: Coordinate)
        -> (distanceMetres: Double, initialAzimuthDegrees: Double, finalAzimuthDegrees: Double)
    {
        var g = ellipsoid
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        geod_inverse(&g, a.latitude, a.longitude, b.latitude, b.longitude, &s12, &azi1, &azi2)
        return (s12, azi1, azi2)
    }

    /// Solves the direct problem: the point `distanceMetres` from `start` along `azimuthDegrees`
    /// (clockwise from north). Longitude comes back in −180…180. O(1).
    public static func destination(from start: Coordinate, azimuthDegrees: Double, distanceMetres: Double) -> Coordinate {
        var g = ellipsoid
        var lat = 0.0, lon = 0.0, azi = 0.0
        geod_direct(&g, start.latitude, start.longitude, azimuthDegrees, distanceMetres, &lat, &lon, &azi)
        return Coordinate(longitude: lon, latitude: lat)
    }

    /// Length in metres: lines summed segment by segment, polygons as the perimeter of every ring
    /// (holes included, as PostGIS `ST_Perimeter`), points zero. O(n).
    public static func lengthMetres(_ geometry: Geometry) -> Double {
        switch geometry {
        case .point, .multiPoint: 0
        case let .lineString(cs): pathMetres(cs)
        case let .polygon(rings), let .multiLineString(rings): rings.reduce(0) { $0 + pathMetres($1) }
        case let .multiPolygon(polys): polys.reduce(0) { $0 + $1.reduce(0) { $0 + pathMetres($1) } }
        }
    }

    /// Area in square metres of polygons on the ellipsoid: each exterior ring minus its holes,
    /// whatever the rings' orientation (`geod_polygonarea`, absolute values). Points and lines: zero. O(n).
    public static func areaSquareMetres(_ geometry: Geometry) -> Double {
        switch geometry {
        case .point, .multiPoint, .lineString, .multiLineString: 0
        case let .polygon(rings): polygonArea(rings)
        case let .multiPolygon(polys): polys.reduce(0) { $0 + polygonArea($1) }
        }
    }

    private static func pathMetres(_ cs: [Coordinate]) -> Double {
        guard cs.count > 1 else { return 0 }
        var total = 0.0
        for i in 1..<cs.count { total += distanceMetres(cs[i - 1], cs[i]) }
        return total
    }

    private static func polygonArea(_ rings: [[Coordinate]]) -> Double {
        guard let shell = rings.first else { return 0 }
        return rings.dropFirst().reduce(ringArea(shell)) { $0 - ringArea($1) }
    }

    /// Unsigned area of one ring; the closing vertex is dropped (`geod_polygonarea` closes implicitly).
    private static func ringArea(_ ring: [Coordinate]) -> Double {
        var cs = ring
        if cs.count > 1, cs.first == cs.last { cs.removeLast() }
        guard cs.count >= 3 else { return 0 }
        var lats = cs.map(\.latitude), lons = cs.map(\.longitude)
        var g = ellipsoid
        var area = 0.0, perimeter = 0.0
        geod_polygonarea(&g, &lats, &lons, Int32(cs.count), &area, &perimeter)
        return abs(area)
    }
}
