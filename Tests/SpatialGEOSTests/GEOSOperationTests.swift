import Foundation
import SpatialCore
import SpatialGEOS
import Testing

func c(_ x: Double, _ y: Double) -> Coordinate { Coordinate(longitude: x, latitude: y) }
func square(_ x: Double, _ y: Double, _ side: Double) -> Geometry {
    .polygon([[c(x, y), c(x + side, y), c(x + side, y + side), c(x, y + side), c(x, y)]])
}

@Suite struct GEOSOperationTests {
    @Test func bowTieIsInvalidWithSelfIntersectionAtItsCrossing() throws {
        let geos = try GEOS()
        let bowTie = try geos.geometry(wkt: "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
        let v = try geos.validity(bowTie)
        #expect(!v.isValid)
        #expect(v.reason == "Self-intersection")
        #expect(v.location == c(5, 5))

        let fixed = try geos.makeValid(bowTie)
        #expect(try geos.validity(fixed).isValid)
        guard case let .multiPolygon(parts) = fixed else { Issue.record("expected two triangles, got \(fixed)"); return }
        #expect(parts.count == 2)
        // The two triangles of the bow-tie, each half of 10 × 5.
        #expect(try geos.planarArea(fixed) == 50)

        let ok = try geos.validity(square(0, 0, 1))
        #expect(ok == GEOS.Validity(isValid: true, reason: nil, location: nil))
    }

    @Test func overlayOfTwoSquares() throws {
        let geos = try GEOS()
        let a = square(0, 0, 2), b = square(1, 1, 2)
        #expect(try geos.intersects(a, b))
        #expect(try !geos.contains(a, b))
        #expect(try geos.contains(a, square(0.5, 0.5, 1)))
        #expect(try geos.within(square(0.5, 0.5, 1), a))
        #expect(try geos.planarArea(geos.intersection(a, b)) == 1)
        #expect(try geos.planarArea(geos.difference(a, b)) == 3)
        #expect(try geos.planarArea(geos.union([a, b, square(10, 10, 1)])) == 8)
        #expect(try geos.planarLength(a) == 8)
        #expect(try geos.planarDistance(a, square(5, 0, 1)) == 3)
        #expect(try geos.centroid(a) == c(1, 1))
        #expect(try geos.centroid(.polygon([])) == nil)
        // Disjoint inputs: an empty polygon, not an error.
        #expect(try geos.planarArea(geos.intersection(a, square(10, 10, 1))) == 0)
    }

    @Test func unionMixesTypes() throws {
        let geos = try GEOS()
        let u = try geos.union([square(0, 0, 1), square(1, 0, 1)])
        #expect(try geos.planarArea(u) == 2)
        guard case let .polygon(rings) = u else { Issue.record("adjacent squares should merge: \(u)"); return }
        #expect(rings.count == 1)
    }

    @Test func hullsAndSimplify() throws {
        let geos = try GEOS()
        // An L of points: the convex hull fills the corner, the concave hull follows the L.
        var points: [Coordinate] = []
        for i in 0...10 { points.append(c(Double(i), 0)); points.append(c(0, Double(i))) }
        for i in 0...10 { points.append(c(Double(i), 1)); points.append(c(1, Double(i))) }
        let cloud = Geometry.multiPoint(points)
        let convex = try geos.convexHull(cloud)
        let concave = try geos.concaveHull(cloud, ratio: 0.1)
        // Hull (0,0) (10,0) (10,1) (1,10) (0,10): shoelace 119 / 2.
        #expect(try geos.planarArea(convex) == 59.5)
        #expect(try geos.planarArea(concave) < 0.5 * geos.planarArea(convex))
        #expect(try geos.contains(geos.buffer(convex, distance: 1e-9), concave))

        let wiggly = Geometry.lineString((0...100).map { c(Double($0), $0 % 2 == 0 ? 0 : 0.01) })
        guard case let .lineString(simple) = try geos.simplify(wiggly, tolerance: 0.1) else { Issue.record("type"); return }
        #expect(simple.count == 2)
    }

    /// GEOS buffers are polygons with `4 · quadrantSegments` sides: area n/2 · r² · sin(2π/n).
    @Test func planarBufferOfAPoint() throws {
        let geos = try GEOS()
        let b = try geos.buffer(.point(c(0, 0)), distance: 10, quadrantSegments: 8)
        let n = 32.0
        #expect(abs(try geos.planarArea(b) - n / 2 * 100 * sin(2 * .pi / n)) < 1e-9)
    }
}
