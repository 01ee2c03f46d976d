import Foundation
import SpatialCore
import SpatialGEOS
import SpatialProjection
import TestSupport
import Testing

/// Metric operations: projected through PROJ for GEOS, checked against PROJ's geodesics.
@Suite struct MetricOperationTests {
    static let places = [c(121.4737, 31.2304), c(110.3312, 20.0311), c(-0.1278, 51.5074), c(151.2093, -33.8688)]

    /// A 100 m buffer of a point has the area of a circle of radius 100 m within 1 % (the 32-gon
    /// itself is 0.6 % smaller than the circle), measured on the ellipsoid.
    @Test(arguments: places)
    func hundredMetreBufferOfAPointIsACircle(_ centre: Coordinate) throws {
        let geos = try GEOS()
        let buffer = try geos.bufferMetres(.point(centre), metres: 100)
        let area = Geodesic.areaSquareMetres(buffer)
        #expect(abs(area / (.pi * 100 * 100) - 1) < 0.01, "\(area) m² at \(centre)")
        // Every vertex is 100 m from the centre on the ellipsoid, to 0.1 %.
        for v in buffer.coordinates {
            #expect(abs(Geodesic.distanceMetres(centre, v) - 100) < 0.1, "\(v)")
        }
    }

    /// A 1 km square: the geodesic area agrees with GEOS's planar area in the local projected CRS.
    @Test(arguments: places)
    func geodesicAreaMatchesProjectedPlanarArea(_ corner: Coordinate) throws {
        let geos = try GEOS()
        let east = Geodesic.destination(from: corner, azimuthDegrees: 90, distanceMetres: 1000)
        let northEast = Geodesic.destination(from: east, azimuthDegrees: 0, distanceMetres: 1000)
        let north = Geodesic.destination(from: corner, azimuthDegrees: 0, distanceMetres: 1000)
        let quad = Geometry.polygon([[corner, east, northEast, north, corner]])
        try expectAreasAgree(geos, quad, label: "\(corner)")
    }

    @Test(.enabled(if: TestPaths.sharedData != nil)) func haikouAreaGeodesicVersusProjected() throws {
        let geos = try GEOS()
        let haikou = try readFirstGeometry(TestPaths.sharedData!.appendingPathComponent("boundaries/haikou_wgs84_converted.geojson"))
        try expectAreasAgree(geos, haikou, label: "Haikou")
        #expect(geos.lengthMetres(haikou) > 100_000)
    }

    private func expectAreasAgree(_ geos: GEOS, _ g: Geometry, label: String) throws {
        let centre = try #require(g.boundingBox?.center)
        let projected = try Transformer(from: .wgs84, to: .localMetric(for: centre)).transform(g)
        let planar = try geos.planarArea(projected)
        let geodesic = geos.areaSquareMetres(g)
        #expect(abs(planar / geodesic - 1) < 0.005, "\(label): planar \(planar) m² vs geodesic \(geodesic) m²")
    }

    @Test func bufferOfALineAndAnEmptyGeometry() throws {
        let geos = try GEOS()
        let a = c(121.47, 31.23), b = Geodesic.destination(from: a, azimuthDegrees: 60, distanceMetres: 1000)
        let corridor = try geos.bufferMetres(.lineString([a, b]), metres: 50)
        // Rectangle 1000 × 100 plus a 50 m disc (two half-disc ends), within 1 %.
        let expected = 1000 * 100 + Double.pi * 50 * 50
        #expect(abs(Geodesic.areaSquareMetres(corridor) / expected - 1) < 0.01)
        #expect(try geos.bufferMetres(.polygon([]), metres: 10) == .polygon([]))
    }
}
