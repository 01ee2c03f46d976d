import Foundation
import SpatialCore
import SpatialGEOS
import Testing
@testable import Hazards

@Suite struct PolygonContainmentTests {
    /// A plume-like footprint with a hole and a second part: the cases the ray-crossing rule must get right.
    static let shape: Geometry = .multiPolygon([
        [
            (0..<240).map { i -> Coordinate in
                let t = Double(i) / 240 * 2 * .pi
                let r = 0.02 * (1 + 0.4 * sin(5 * t))   // star-like, concave
                return Coordinate(longitude: 121.45 + r * cos(t), latitude: 31.19 + 0.8 * r * sin(t))
            } + [Coordinate(longitude: 121.45 + 0.02 * 1, latitude: 31.19)],
            [Coordinate(longitude: 121.448, latitude: 31.188), Coordinate(longitude: 121.452, latitude: 31.188),
             Coordinate(longitude: 121.452, latitude: 31.192), Coordinate(longitude: 121.448, latitude: 31.192),
             Coordinate(longitude: 121.448, latitude: 31.188)],
        ],
        [[Coordinate(longitude: 121.50, latitude: 31.20), Coordinate(longitude: 121.51, latitude: 31.20),
          Coordinate(longitude: 121.505, latitude: 31.21), Coordinate(longitude: 121.50, latitude: 31.20)]],
    ])

    @Test func agreesWithGEOSPreparedContainsOnRandomPoints() throws {
        let pip = try #require(PolygonContainment(Self.shape))
        let prepared = try GEOS().prepare(Self.shape)
        var rng = SplitMix64(seed: 42)
        var inside = 0, disagreements = 0
        for _ in 0..<20_000 {
            let c = Coordinate(longitude: 121.42 + 0.1 * rng.unit(), latitude: 31.16 + 0.06 * rng.unit())
            let a = pip.contains(c), b = try prepared.contains(c)
            if a { inside += 1 }
            if a != b { disagreements += 1 }
        }
        #expect(disagreements == 0)
        #expect(inside > 1000, "the test must exercise the inside too: \(inside)")
        // The hole and the second part.
        #expect(!pip.contains(Coordinate(longitude: 121.45, latitude: 31.19)))
        #expect(pip.contains(Coordinate(longitude: 121.505, latitude: 31.203)))
        #expect(PolygonContainment(.point(Coordinate(longitude: 0, latitude: 0))) == nil)
    }
}
