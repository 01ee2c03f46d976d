import SpatialCore
import SpatialProjection
import Testing

/// Reference values come from PROJ's own `cs2cs` (PROJ 9.1.1), run with the command shown. `cs2cs`
/// uses the authority axis order: EPSG:4326 in and out is (latitude, longitude), and the CGCS2000
/// Gauss-Krüger zones are (northing, easting). Our API is (longitude, latitude) and (easting, northing).
@Suite struct TransformerTests {
    /// Tolerance against `cs2cs -d 6`: its printing rounds to 0.5 µm; allow 1 µm (metres) / 1e-8°.
    let metres = 1e-6, degrees = 1e-8

    struct Case: Sendable, CustomTestStringConvertible {
        let target: Int, lon: Double, lat: Double, easting: Double, northing: Double
        var testDescription: String { "EPSG:4326 → EPSG:\(target) at \(lon),\(lat)" }
    }

    static let cases: [Case] = [
        // echo "31.2304 121.4737" | cs2cs -d 6 EPSG:4326 EPSG:4490   →  31.230400 121.473700
        Case(target: 4490, lon: 121.4737, lat: 31.2304, easting: 121.4737, northing: 31.2304),
        // echo "31.2304 121.4737" | cs2cs -d 6 EPSG:4326 EPSG:3857   →  13522390.428775 3662707.257050
        Case(target: 3857, lon: 121.4737, lat: 31.2304, easting: 13522390.428775, northing: 3662707.257050),
        // echo "31.2304 121.4737" | cs2cs -d 6 EPSG:4326 EPSG:32651  →  354633.648993 3456140.529642
        Case(target: 32651, lon: 121.4737, lat: 31.2304, easting: 354633.648993, northing: 3456140.529642),
        // echo "31.2304 121.4737" | cs2cs -d 6 EPSG:4326 EPSG:4549   →  3457455.488582 640412.315037 (N, E)
        Case(target: 4549, lon: 121.4737, lat: 31.2304, easting: 640412.315037, northing: 3457455.488582),
        // echo "30.5928 114.3055" | cs2cs -d 6 EPSG:4326 EPSG:4547   →  3385869.453412 529299.860317 (N, E)
        Case(target: 4547, lon: 114.3055, lat: 30.5928, easting: 529299.860317, northing: 3385869.453412),
        // echo "20.0311 110.3312" | cs2cs -d 6 EPSG:4326 EPSG:4546   →  2215949.058410 430024.559590 (N, E)
        Case(target: 4546, lon: 110.3312, lat: 20.0311, easting: 430024.559590, northing: 2215949.058410),
    ]

    @Test(arguments: cases)
    func forwardMatchesCs2cs(_ c: Case) throws {
        let t = try Transformer(from: .wgs84, to: CRS(epsg: c.target))
        let p = try t.transform(x: c.lon, y: c.lat)
        let tolerance = CRS(epsg: c.target).isGeographic ? degrees : metres
        #expect(abs(p.x - c.easting) < tolerance, "easting \(p.x) vs cs2cs \(c.easting)")
        #expect(abs(p.y - c.northing) < tolerance, "northing \(p.y) vs cs2cs \(c.northing)")
    }

    @Test(arguments: cases)
    func inverseReturnsTheInput(_ c: Case) throws {
        let t = try Transformer(from: .wgs84, to: CRS(epsg: c.target))
        let back = try t.unproject(ProjectedPoint(eastingMetres: c.easting, northingMetres: c.northing))
        #expect(abs(back.longitude - c.lon) < degrees && abs(back.latitude - c.lat) < degrees, "\(back)")
    }

    /// echo "3385869.453412 529299.860317" | cs2cs -d 9 EPSG:4547 EPSG:4326 → 30.592800000 114.305500000
    @Test func gaussKrugerToWGS84MatchesCs2cs() throws {
        let t = try Transformer(from: CRS(epsg: 4547), to: .wgs84)
        let c = try t.transform(x: 529299.860317, y: 3385869.453412)
        #expect(abs(c.x - 114.3055) < degrees && abs(c.y - 30.5928) < degrees, "\(c)")
    }

    /// EPSG:4326's authority order is (lat, lon); ours is (lon, lat), in and out.
    @Test func geographicAxisOrderIsLongitudeFirst() throws {
        // `cs2cs` fed longitude first fails, proving the authority order is latitude first:
        // echo "121.4737 31.2304" | cs2cs EPSG:4326 EPSG:4549  →  * * inf  "tmerc: Invalid latitude"
        let toGK = try Transformer(from: .wgs84, to: CRS(epsg: 4549))
        let p = try toGK.project(Coordinate(longitude: 121.4737, latitude: 31.2304))
        #expect(abs(p.eastingMetres - 640412.315037) < metres)
        #expect(abs(p.northingMetres - 3457455.488582) < metres)
        // The swapped input (a latitude of 121.47°) is outside the domain, and the error names it.
        #expect(throws: ProjectionError.self) { try toGK.transform(x: 31.2304, y: 121.4737) }

        // Geographic output is longitude first as well: 3857 → 4326.
        let fromMercator = try Transformer(from: .webMercator, to: .wgs84)
        let c = try fromMercator.unproject(ProjectedPoint(eastingMetres: 0, northingMetres: 0))
        #expect(c == Coordinate(longitude: 0, latitude: 0))
        let back = try fromMercator.transform(x: 13522390.428775, y: 3662707.257050)
        #expect(abs(back.x - 121.4737) < degrees && abs(back.y - 31.2304) < degrees, "\(back)")
    }

    @Test func unknownEPSGCodeIsNamed() throws {
        let error = try #require(throws: ProjectionError.self) { try Transformer(from: CRS(epsg: 999999), to: .wgs84) }
        #expect(error.description.contains("EPSG:999999"), "\(error)")
        #expect(error.message.contains("crs not found"), "PROJ's message is carried: \(error)")
    }

    @Test func pointOutsideTheDomainIsAnErrorNamingIt() throws {
        let t = try Transformer(from: .wgs84, to: CRS(epsg: 4549))
        let error = try #require(throws: ProjectionError.self) { try t.transform(x: 121, y: 100) }
        #expect(error.operation.contains("(121.0, 100.0)"), "\(error)")
        #expect(error.code != 0, "\(error)")

        let bulk = try #require(throws: ProjectionError.self) {
            try t.transform([Coordinate(longitude: 121, latitude: 31), Coordinate(longitude: 121, latitude: 100)])
        }
        #expect(bulk.operation.contains("(121.0, 100.0)") && bulk.operation.contains("position 1 of 2"), "\(bulk)")
    }

    @Test func bulkTransformEqualsPointByPoint() throws {
        let t = try Transformer(from: .wgs84, to: CRS(epsg: 4549))
        var generator = SplitMix64(seed: 7)
        let points = (0..<1000).map { _ in
            Coordinate(longitude: 118.5 + 3 * generator.unit(), latitude: 20 + 20 * generator.unit())
        }
        let bulk = try t.transform(points)
        for (p, b) in zip(points, bulk) {
            let one = try t.project(p)
            #expect(one.eastingMetres == b.longitude && one.northingMetres == b.latitude)
        }
        let back = try t.transform(bulk, direction: .inverse)
        let worst = zip(points, back).map { max(abs($0.longitude - $1.longitude), abs($0.latitude - $1.latitude)) }.max()!
        #expect(worst < 1e-9, "round trip worst \(worst)°")
    }

    @Test func geometryTransformKeepsStructureAndRoundTrips() throws {
        let t = try Transformer(from: .wgs84, to: .utm(for: Coordinate(longitude: 121.47, latitude: 31.23)))
        let ring = [(121.47, 31.23), (121.48, 31.23), (121.48, 31.24), (121.47, 31.24), (121.47, 31.23)]
            .map { Coordinate(longitude: $0.0, latitude: $0.1) }
        let hole = [(121.474, 31.234), (121.476, 31.234), (121.476, 31.236), (121.474, 31.234)]
            .map { Coordinate(longitude: $0.0, latitude: $0.1) }
        let g = Geometry.multiPolygon([[ring, hole], [ring]])
        let projected = try t.transform(g)
        guard case let .multiPolygon(ps) = projected else { Issue.record("type changed: \(projected)"); return }
        #expect(ps.map { $0.map(\.count) } == [[5, 4], [5]])
        #expect(ps[0][0][0].longitude > 100_000, "metres in the longitude field")
        let back = try t.transform(projected, direction: .inverse)
        let worst = zip(g.coordinates, back.coordinates)
            .map { max(abs($0.longitude - $1.longitude), abs($0.latitude - $1.latitude)) }.max()!
        #expect(worst < 1e-9)
    }

    /// One transformer per task: concurrent tasks, each with its own, agree with a serial run.
    @Test func oneTransformerPerTaskIsSafe() async throws {
        let expected = try Transformer(from: .wgs84, to: .webMercator).transform(x: 121.4737, y: 31.2304)
        let results = try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let t = try Transformer(from: .wgs84, to: .webMercator)
                    return try (0..<2000).map { _ in try t.transform(x: 121.4737, y: 31.2304).x }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.count == 16000 && results.allSatisfy { $0 == expected.x })
    }
}

