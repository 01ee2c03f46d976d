import SpatialCore

/// A polygon or multipolygon prepared for millions of point-in-polygon tests, in plain Swift.
///
/// Even–odd ray crossing over every ring (exteriors and holes), with the ring edges bucketed into
/// latitude bands so that a test only looks at the edges whose latitude span covers the point:
/// O(n) to build (n edges, each stored in the bands it spans), O(1 + edges in one band) per test,
/// after a bounding-box reject. Degrees are treated as a plane (fine for city-sized footprints away
/// from the poles and the antimeridian). A point exactly on the boundary may land on either side;
/// `swift test --filter PolygonContainmentTests` checks agreement with GEOS prepared `contains` on
/// random points. Sendable: one value can be shared by many tasks.
public struct PolygonContainment: Sendable {
    public let bounds: BoundingBox
    private let bandCount: Int
    private let minLatitude: Double
    private let bandsPerDegree: Double
    /// CSR: edges of band b are `edges[offsets[b] ..< offsets[b+1]]`, 4 doubles each (x0, y0, x1, y1).
    private let offsets: [Int32]
    private let edges: [Double]

    /// Prepares `geometry`; nil unless it is a polygon or multipolygon with at least one ring of three points.
    public init?(_ geometry: Geometry) {
        let rings: [[Coordinate]]
        switch geometry {
        case let .polygon(r): rings = r
        case let .multiPolygon(polys): rings = polys.flatMap { $0 }
        default: return nil
        }
        var segments: [(Coordinate, Coordinate)] = []
        for ring in rings where ring.count >= 3 {
            for i in ring.indices {
                let a = ring[i], b = ring[(i + 1) % ring.count]
                if a.latitude != b.latitude { segments.append((a, b)) }   // horizontal edges never cross a horizontal ray
            }
        }
        guard let box = BoundingBox(covering: rings.flatMap { $0 }), !segments.isEmpty else { return nil }
        bounds = box
        let bands = max(1, min(1 << 14, segments.count / 2))
        bandCount = bands
        minLatitude = box.minLatitude
        let span = max(box.maxLatitude - box.minLatitude, 1e-12)
        bandsPerDegree = Double(bands) / span
        func band(_ y: Double) -> Int { min(bands - 1, max(0, Int((y - box.minLatitude) * Double(bands) / span))) }
        var counts = [Int32](repeating: 0, count: bands + 1)
        for (a, b) in segments {
            for k in band(min(a.latitude, b.latitude))...band(max(a.latitude, b.latitude)) { counts[k + 1] += 1 }
        }
        for k in 0..<bands { counts[k + 1] += counts[k] }
        var cursor = counts
        var flat = [Double](repeating: 0, count: Int(counts[bands]) * 4)
        for (a, b) in segments {
            for k in band(min(a.latitude, b.latitude))...band(max(a.latitude, b.latitude)) {
                let j = Int(cursor[k]) * 4
                flat[j] = a.longitude; flat[j + 1] = a.latitude; flat[j + 2] = b.longitude; flat[j + 3] = b.latitude
                cursor[k] += 1
            }
        }
        offsets = counts
        edges = flat
    }

    /// Whether `p` lies inside (even–odd over all rings). O(edges in p's band).
    @inlinable public func contains(_ p: Coordinate) -> Bool { contains(longitude: p.longitude, latitude: p.latitude) }

    /// Whether the point (degrees) lies inside. O(edges in its band).
    public func contains(longitude x: Double, latitude y: Double) -> Bool {
        guard y >= bounds.minLatitude, y <= bounds.maxLatitude, x >= bounds.minLongitude, x <= bounds.maxLongitude else { return false }
        let k = min(bandCount - 1, max(0, Int((y - minLatitude) * bandsPerDegree)))
        var inside = false
        edges.withUnsafeBufferPointer { e in
            var j = Int(offsets[k]) * 4
            let end = Int(offsets[k + 1]) * 4
            while j < end {
                let x0 = e[j], y0 = e[j + 1], x1 = e[j + 2], y1 = e[j + 3]
                if (y0 > y) != (y1 > y), x < (x1 - x0) * (y - y0) / (y1 - y0) + x0 { inside.toggle() }
                j += 4
            }
        }
        return inside
    }
}
