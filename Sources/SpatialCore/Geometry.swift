/// A simple-features geometry in longitude/latitude degrees.
///
/// Rings are closed (first == last). Validity (self-intersections, ring orientation) is checked by
/// GEOS in `SpatialGEOS`; this type only holds the coordinates.
public enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case lineString([Coordinate])
    /// Exterior ring first, then holes.
    case polygon([[Coordinate]])
    case multiPoint([Coordinate])
    case multiLineString([[Coordinate]])
    case multiPolygon([[[Coordinate]]])

    /// OGC type name, as in WKT and SpatiaLite (`POINT`, `LINESTRING` …).
    public var typeName: String {
        switch self {
        case .point: "POINT"
        case .lineString: "LINESTRING"
        case .polygon: "POLYGON"
        case .multiPoint: "MULTIPOINT"
        case .multiLineString: "MULTILINESTRING"
        case .multiPolygon: "MULTIPOLYGON"
        }
    }

    /// Every vertex, in order. O(n).
    public var coordinates: [Coordinate] {
        switch self {
        case let .point(c): [c]
        case let .lineString(cs), let .multiPoint(cs): cs
        case let .polygon(rings), let .multiLineString(rings): rings.flatMap { $0 }
        case let .multiPolygon(polys): polys.flatMap { $0.flatMap { $0 } }
        }
    }

    /// The bounding box of all vertices; nil for an empty geometry. O(n).
    public var boundingBox: BoundingBox? { BoundingBox(covering: coordinates) }

    /// A representative point: the point itself, the middle vertex of a line, else the box centre.
    public var representativePoint: Coordinate? {
        switch self {
        case let .point(c): return c
        case let .lineString(cs) where !cs.isEmpty: return cs[cs.count / 2]
        default: return boundingBox?.center
        }
    }

    /// Checks every vertex with ``Coordinate/validated(longitude:latitude:)``.
    public func validateCoordinates() throws(CoordinateError) {
        for c in coordinates { _ = try Coordinate.validated(longitude: c.longitude, latitude: c.latitude) }
    }
}
