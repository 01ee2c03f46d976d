import Foundation
import SpatialCore
import SpatialProjection
import TestSupport
import Testing

@Suite struct ChinaOffsetTests {
    /// Every whole degree over mainland China and Hainan: WGS84 → GCJ-02 → WGS84 closes to < 0.5 m.
    @Test func roundTripOverChinaIsBelowHalfAMetre() {
        var worstMetres = 0.0, worstAt = Coordinate(longitude: 0, latitude: 0)
        for lon in stride(from: 73.5, through: 135.0, by: 0.5) {
            for lat in stride(from: 18.0, through: 53.5, by: 0.5) {
                let wgs = Coordinate(longitude: lon, latitude: lat)
                let gcj = ChinaOffset.wgs84ToGCJ02(wgs)
                let back = ChinaOffset.gcj02ToWGS84(gcj)
                let error = Geodesic.distanceMetres(wgs, back)
                if error > worstMetres { worstMetres = error; worstAt = wgs }
                #expect(Geodesic.distanceMetres(wgs, gcj) > 10, "no GCJ-02 offset at \(wgs)")
            }
        }
        #expect(worstMetres < 0.5, "worst round trip \(worstMetres) m at \(worstAt)")
        #expect(worstMetres < 0.001, "the iteration should close to ~0.1 mm, got \(worstMetres) m at \(worstAt)")
    }

    /// The shared data's note measures the shift at Haikou as ~455 m east, ~229 m south.
    @Test func haikouOffsetIsSeveralHundredMetres() {
        let wgs = Coordinate(longitude: 110.3312, latitude: 20.0311)
        let gcj = ChinaOffset.wgs84ToGCJ02(wgs)
        let shift = Geodesic.inverse(wgs, gcj)
        #expect((300...700).contains(shift.distanceMetres), "\(shift.distanceMetres) m")
        #expect(gcj.longitude > wgs.longitude && gcj.latitude < wgs.latitude, "east and south: \(gcj)")
    }

    @Test(arguments: [
        Coordinate(longitude: -0.1278, latitude: 51.5074), Coordinate(longitude: 139.6917, latitude: 35.6895),
        Coordinate(longitude: -74.006, latitude: 40.7128), Coordinate(longitude: 151.2093, latitude: -33.8688),
        Coordinate(longitude: 60, latitude: 40),
    ])
    func identityOutsideChina(_ c: Coordinate) {
        #expect(ChinaOffset.wgs84ToGCJ02(c) == c)
        #expect(ChinaOffset.gcj02ToWGS84(c) == c)
    }

    /// The shared Haikou boundaries exist as published (GCJ-02) and converted to WGS84 by the public
    /// inverse, rounded to 7 decimals (≈ 1 cm). Ours agrees vertex by vertex with that independent run.
    @Test(.enabled(if: TestPaths.sharedData != nil)) func matchesTheIndependentConversionOfHaikou() throws {
        let dir = TestPaths.sharedData!.appendingPathComponent("boundaries")
        let published = try BoundaryFile.features(dir.appendingPathComponent("haikou_gcj02_as_published.geojson"))
        let converted = try BoundaryFile.features(dir.appendingPathComponent("haikou_wgs84_converted.geojson"))
        try #require(published.count == converted.count)
        var worst = 0.0, vertices = 0
        for (p, c) in zip(published, converted) {
            let ours = ChinaOffset.gcj02ToWGS84(p.1)
            let theirs = c.1.coordinates
            try #require(ours.coordinates.count == theirs.count, "\(p.0)")
            for (o, t) in zip(ours.coordinates, theirs) {
                worst = max(worst, Geodesic.distanceMetres(o, t))
                vertices += 1
            }
        }
        #expect(vertices > 1000)
        #expect(worst < 0.02, "worst vertex \(worst) m over \(vertices) vertices")
    }
}
