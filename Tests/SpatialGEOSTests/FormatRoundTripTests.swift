import Foundation
import SpatialCore
@testable import SpatialGEOS
import Testing

/// WKT ↔ Geometry ↔ WKB ↔ GeoJSON, with GEOS on one side of every hop and SpatialCore on the other.
@Suite struct FormatRoundTripTests {
    static let samples = [
        "POINT (121.4737 31.2304)",
        "LINESTRING (121.47 31.23, 121.48 31.235, 121.49 31.24)",
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))",
        "MULTIPOINT (1 2, 3 4)", // GEOS 3.11 writes multi-points without inner parentheses
        "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 2))",
        "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 6, 5 5), (5.2 5.2, 5.2 5.4, 5.4 5.4, 5.2 5.2)))",
        "POLYGON ((110.3312 20.0311, 110.3412 20.0311, 110.3412 20.0411, 110.3312 20.0311))",
    ]

    @Test(arguments: samples)
    func wktGeometryWKBGeoJSONRoundTrip(_ wkt: String) throws {
        let geos = try GEOS()
        // WKT → (GEOS reader, GEOS WKB writer, SpatialCore WKB decoder) → Geometry.
        let g = try geos.geometry(wkt: wkt)
        #expect(g.typeName == wkt.prefix { $0 != " " })
        // Geometry → (SpatialCore WKB encoder, GEOS WKB reader, GEOS WKT writer) → the same WKT.
        #expect(try geos.wkt(g) == wkt)
        // WKB bytes decode to the same value.
        #expect(try WKB.decode(WKB.encode(g)) == g)
        // SpatialCore GeoJSON → GEOS's GeoJSON reader → the same geometry.
        let ours = GeoJSON.string(g)
        #expect(try geos.geometry(geosGeoJSON: ours) == g, "GEOS reads \(ours) differently")
        // GEOS's GeoJSON writer → SpatialCore's GeoJSON reader → the same geometry.
        let theirs = try geos.geosGeoJSON(g)
        let parsed = try GeoJSON.geometry(from: JSONSerialization.jsonObject(with: Data(theirs.utf8)))
        #expect(parsed == g, "we read GEOS's \(theirs) differently")
    }

    @Test func badWKTCarriesGEOSParseMessage() throws {
        let error = try #require(throws: GEOSError.self) { try GEOS().geometry(wkt: "POLYGON ((0 0, 1 1") }
        #expect(error.message.contains("ParseException"), "\(error)")
        #expect(error.operation.contains("reading WKT"), "\(error)")
    }

    /// Beacon has no geometry collection: a GEOS collection keeps its highest-dimension parts.
    @Test func collectionsKeepTheirHighestDimension() throws {
        let geos = try GEOS()
        let mixed = try geos.geometry(wkt: "GEOMETRYCOLLECTION (POINT (9 9), LINESTRING (0 0, 5 5), POLYGON ((0 0, 1 0, 1 1, 0 0)))")
        #expect(mixed == .multiPolygon([[[.init(longitude: 0, latitude: 0), .init(longitude: 1, latitude: 0),
                                          .init(longitude: 1, latitude: 1), .init(longitude: 0, latitude: 0)]]]))
        let lines = try geos.geometry(wkt: "GEOMETRYCOLLECTION (POINT (9 9), LINESTRING (0 0, 5 5))")
        #expect(lines == .multiLineString([[.init(longitude: 0, latitude: 0), .init(longitude: 5, latitude: 5)]]))
        #expect(try geos.geometry(wkt: "GEOMETRYCOLLECTION EMPTY") == .multiPoint([]))
    }
}
