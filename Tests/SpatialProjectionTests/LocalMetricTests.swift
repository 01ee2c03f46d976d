import SpatialCore
import SpatialProjection
import Testing

@Suite struct LocalMetricTests {
    @Test func chinaUsesTheCGCS2000GaussKrugerZone() {
        // projinfo EPSG:4549 → "CGCS2000 / 3-degree Gauss-Kruger CM 120E"; EPSG:4547 → CM 114E.
        #expect(CRS.localMetric(for: Coordinate(longitude: 121.4737, latitude: 31.2304)) == CRS(epsg: 4549))
        #expect(CRS.localMetric(for: Coordinate(longitude: 114.3055, latitude: 30.5928)) == CRS(epsg: 4547))
    }

    @Test func elsewhereUsesUTM() {
        #expect(CRS.localMetric(for: Coordinate(longitude: -0.1278, latitude: 51.5074)) == CRS(epsg: 32630))
        #expect(CRS.localMetric(for: Coordinate(longitude: 151.2, latitude: -33.87)) == CRS(epsg: 32756))
    }

    /// The chosen zone is really centred near the point: its scale error there is tiny.
    @Test func chosenZoneHasSmallScaleError() throws {
        let here = Coordinate(longitude: 110.3312, latitude: 20.0311)
        let t = try Transformer(from: .wgs84, to: .localMetric(for: here))
        let east = Geodesic.destination(from: here, azimuthDegrees: 90, distanceMetres: 1000)
        let a = try t.project(here), b = try t.project(east)
        let planar = ((b.eastingMetres - a.eastingMetres) * (b.eastingMetres - a.eastingMetres)
            + (b.northingMetres - a.northingMetres) * (b.northingMetres - a.northingMetres)).squareRoot()
        #expect(abs(planar - 1000) < 0.4, "planar \(planar) m for 1000 m on the ellipsoid")
    }
}
