import Foundation
import SpatialCore
import SpatialProjection
import TestSupport
import Testing

/// References from PROJ's `geod` CLI (distance printed to 1 mm; azimuths with `-f %.9f`).
@Suite struct GeodesicTests {
    struct Case: Sendable {
        let a: Coordinate, b: Coordinate, azimuth1: Double, backAzimuth2: Double, metres: Double
    }

    static let cases: [Case] = [
        // echo "31.2304 121.4737 39.9087 116.3975" | geod +ellps=WGS84 -I +units=m -f %.9f
        //   → -24.097589976  152.939834444  1066676.401
        Case(a: .init(longitude: 121.4737, latitude: 31.2304), b: .init(longitude: 116.3975, latitude: 39.9087),
             azimuth1: -24.097589976, backAzimuth2: 152.939834444, metres: 1066676.401),
        // echo "20.0311 110.3312 20.0320 110.3322" | geod ... → 46.399825845 -133.599831617 144.477
        Case(a: .init(longitude: 110.3312, latitude: 20.0311), b: .init(longitude: 110.3322, latitude: 20.0320),
             azimuth1: 46.399825845, backAzimuth2: -133.599831617, metres: 144.477),
        // echo "31.2304 121.4737 51.5074 -0.1278" | geod ... → -32.315369294 47.186747187 9217461.671
        Case(a: .init(longitude: 121.4737, latitude: 31.2304), b: .init(longitude: -0.1278, latitude: 51.5074),
             azimuth1: -32.315369294, backAzimuth2: 47.186747187, metres: 9217461.671),
        // Nearly antipodal: echo "0 0 0.5 179.5" | geod ... → 25.671872868 -25.672914530 19936288.579
        Case(a: .init(longitude: 0, latitude: 0), b: .init(longitude: 179.5, latitude: 0.5),
             azimuth1: 25.671872868, backAzimuth2: -25.672914530, metres: 19936288.579),
    ]

    /// `geod` prints the back azimuth at the second point; the final (forward) azimuth is it ± 180°.
    static func angleDifference(_ a: Double, _ b: Double) -> Double {
        abs((a - b + 540).truncatingRemainder(dividingBy: 360) - 180)
    }

    @Test(arguments: cases)
    func inverseMatchesGeod(_ c: Case) {
        let r = Geodesic.inverse(c.a, c.b)
        #expect(abs(r.distanceMetres - c.metres) <= 0.001, "\(r.distanceMetres) vs geod \(c.metres)")
        #expect(Self.angleDifference(r.initialAzimuthDegrees, c.azimuth1) < 1e-8)
        #expect(Self.angleDifference(r.finalAzimuthDegrees, c.backAzimuth2 + 180) < 1e-8)
        #expect(abs(Geodesic.distanceMetres(c.a, c.b) - r.distanceMetres) == 0)
    }

    @Test func destinationMatchesGeod() {
        // echo "31.2304 121.4737 45 10000" | geod +ellps=WGS84 +units=m -f %.10f
        //   → 31.2941542735  121.5479682323  -134.9614580131
        let d = Geodesic.destination(from: .init(longitude: 121.4737, latitude: 31.2304), azimuthDegrees: 45, distanceMetres: 10000)
        #expect(abs(d.latitude - 31.2941542735) < 1e-9 && abs(d.longitude - 121.5479682323) < 1e-9, "\(d)")
        // echo "20.0311 110.3312 -120 250000" | geod ... → 18.8901026495 108.2763846092 59.3153209086
        let e = Geodesic.destination(from: .init(longitude: 110.3312, latitude: 20.0311), azimuthDegrees: -120, distanceMetres: 250_000)
        #expect(abs(e.latitude - 18.8901026495) < 1e-9 && abs(e.longitude - 108.2763846092) < 1e-9, "\(e)")
    }

    @Test func lengthSumsSegmentsAndRings() {
        let a = Coordinate(longitude: 121.4737, latitude: 31.2304), b = Coordinate(longitude: 116.3975, latitude: 39.9087)
        let ab = Geodesic.distanceMetres(a, b)
        #expect(Geodesic.lengthMetres(.lineString([a, b, a])) == 2 * ab)
        #expect(Geodesic.lengthMetres(.point(a)) == 0)
        let square = unitSquare(at: a)
        let side = Geodesic.distanceMetres(square[0], square[1])
        #expect(Geodesic.lengthMetres(.polygon([square])) > 3.9 * side)
    }

    @Test func areaIsOuterMinusHolesWhateverTheOrientation() {
        let c = Coordinate(longitude: 121.47, latitude: 31.23)
        let outer = unitSquare(at: c, size: 0.01)
        let hole = unitSquare(at: Coordinate(longitude: 121.4725, latitude: 31.2325), size: 0.005)
        let outerArea = Geodesic.areaSquareMetres(.polygon([outer]))
        #expect(Geodesic.areaSquareMetres(.polygon([Array(outer.reversed())])) == outerArea)
        let holeArea = Geodesic.areaSquareMetres(.polygon([hole]))
        #expect(abs(holeArea / outerArea - 0.25) < 0.001)
        let withHole = Geodesic.areaSquareMetres(.polygon([outer, hole]))
        #expect(abs(withHole - (outerArea - holeArea)) < 1e-6)
        #expect(Geodesic.areaSquareMetres(.multiPolygon([[outer, hole], [hole]])) - outerArea < 1e-6)
    }

    /// The published Haikou districts carry a geodesic `area_km2` rounded to 0.01 km²; ours agrees
    /// to that rounding.
    @Test(.enabled(if: TestPaths.sharedData != nil)) func haikouAreaMatchesThePublishedFigure() throws {
        let url = TestPaths.sharedData!.appendingPathComponent("boundaries/haikou_wgs84_converted.geojson")
        for (name, geometry, properties) in try BoundaryFile.features(url) {
            let published = try #require(properties["area_km2"] as? Double) * 1e6
            let ours = Geodesic.areaSquareMetres(geometry)
            #expect(abs(ours - published) <= 0.0051e6, "\(name): ours \(ours / 1e6) km², published \(published / 1e6) km²")
        }
    }
}

/// A closed counter-clockwise square ring of `size` degrees with its south-west corner at `c`.
func unitSquare(at c: Coordinate, size: Double = 1) -> [Coordinate] {
    [(0.0, 0.0), (size, 0), (size, size), (0, size), (0, 0)]
        .map { Coordinate(longitude: c.longitude + $0.0, latitude: c.latitude + $0.1) }
}

/// Reads the shared boundary GeoJSON files: (label, geometry, properties) per feature.
enum BoundaryFile {
    static func features(_ url: URL) throws -> [(String, Geometry, [String: Any])] {
        let data = try Data(contentsOf: url)
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(root["features"] as? [[String: Any]])
        return try features.enumerated().map { i, f in
            let props = f["properties"] as? [String: Any] ?? [:]
            let label = "\(url.lastPathComponent) features[\(i)] \(props["adcode"] ?? "")"
            return (label, try GeoJSON.geometry(from: f["geometry"] as Any, path: "features[\(i)].geometry"), props)
        }
    }
}
