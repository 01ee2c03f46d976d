import Foundation
import SpatialCore
import SpatialGEOS
import TestSupport
import Testing

@Suite struct PreparedGeometryTests {
    /// A concave star with a hole: prepared and plain predicates must agree on every random point.
    @Test func preparedAgreesWithPlainContainsOnRandomPoints() throws {
        let geos = try GEOS()
        let star = (0..<20).map { i -> Coordinate in
            let r = i % 2 == 0 ? 10.0 : 4.0, a = Double(i) * .pi / 10
            return c(r * cos(a), r * sin(a))
        }
        let hole = [c(-1, -1), c(-1, 1), c(1, 1), c(1, -1), c(-1, -1)]
        let polygon = Geometry.polygon([star + [star[0]], hole])
        try expectAgreement(geos, polygon, box: (-11, -11, 11, 11), count: 5000)
    }

    /// The same on a real boundary: Haikou city (1,259 vertices) from the shared data.
    @Test(.enabled(if: TestPaths.sharedData != nil)) func preparedAgreesOnHaikou() throws {
        let geos = try GEOS()
        let haikou = try readFirstGeometry(TestPaths.sharedData!.appendingPathComponent("boundaries/haikou_wgs84_converted.geojson"))
        let box = try #require(haikou.boundingBox)
        try expectAgreement(geos, haikou, box: (box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude), count: 3000)
    }

    private func expectAgreement(_ geos: GEOS, _ polygon: Geometry, box: (Double, Double, Double, Double), count: Int) throws {
        let prepared = try geos.prepare(polygon)
        var generator = SplitMix64(seed: 42)
        var inside = 0
        for _ in 0..<count {
            let p = c(box.0 + (box.2 - box.0) * generator.unit(), box.1 + (box.3 - box.1) * generator.unit())
            let plain = try geos.contains(polygon, .point(p))
            #expect(try prepared.contains(p) == plain, "\(p)")
            #expect(try prepared.intersects(.point(p)) == plain, "\(p)")
            #expect(try prepared.containsProperly(.point(p)) == plain, "\(p)")
            if plain { inside += 1 }
        }
        // Both outcomes occur, so the comparison means something.
        #expect(inside > count / 20 && inside < count * 19 / 20, "\(inside) of \(count) inside")
    }

    @Test func boundaryIsNotProperlyContained() throws {
        let geos = try GEOS()
        let prepared = try geos.prepare(square(0, 0, 10))
        #expect(try !prepared.contains(c(0, 5)))
        #expect(try prepared.intersects(.point(c(0, 5))))
        let touching = square(0, 0, 5)
        #expect(try prepared.contains(touching))
        #expect(try !prepared.containsProperly(touching))
        #expect(try prepared.containsProperly(square(1, 1, 5)))
    }
}

func readFirstGeometry(_ url: URL) throws -> Geometry {
    let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    let features = try #require(root["features"] as? [[String: Any]])
    return try GeoJSON.geometry(from: features[0]["geometry"] as Any, path: "\(url.lastPathComponent) features[0].geometry")
}

