import Foundation
import SpatialCore

/// Values keyed by OSM id in parallel arrays, sorted once, looked up by binary search.
///
/// OSM files list ids in ascending order, so appending keeps the arrays sorted and ``sortIfNeeded()``
/// is free; otherwise it sorts once, O(n log n). Lookup is O(log n). Memory: 8 bytes per id plus
/// the value — a third of a `Dictionary`'s footprint for 235,000 nodes.
struct OSMIDTable<Value> {
    private var ids: [Int64] = []
    private var values: [Value] = []
    private var isSorted = true

    var count: Int { ids.count }

    mutating func append(_ id: Int64, _ value: Value) {
        if let last = ids.last, id <= last { isSorted = false }
        ids.append(id)
        values.append(value)
    }

    mutating func sortIfNeeded() {
        guard !isSorted else { return }
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        ids = order.map { ids[$0] }
        values = order.map { values[$0] }
        isSorted = true
    }

    /// The value for `id`, or nil. Call ``sortIfNeeded()`` after the last append.
    subscript(id: Int64) -> Value? {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < ids.count && ids[low] == id ? values[low] : nil
    }
}

/// Polygon helpers on longitude/latitude rings (closed: first == last).
enum OSMPolygon {
    /// Joins ways (node-id lists) end to end into closed rings; nil if some way list does not close.
    /// O(w²) in the number of ways, which is small for one relation.
    static func assembleRings(_ ways: [[Int64]]) -> [[Int64]]? {
        var remaining = ways.filter { !$0.isEmpty }
        var rings: [[Int64]] = []
        while !remaining.isEmpty {
            var ring = remaining.removeFirst()
            while ring.count < 2 || ring.first != ring.last {
                guard let end = ring.last,
                      let next = remaining.firstIndex(where: { $0.first == end || $0.last == end })
                else { return nil }
                let way = remaining.remove(at: next)
                ring += (way.first == end ? way : way.reversed()).dropFirst()
            }
            guard ring.count >= 4 else { return nil }
            rings.append(ring)
        }
        return rings
    }

    /// Metres per degree of longitude and latitude near `latitude` (local equirectangular scale).
    private static func scale(at latitude: Double) -> (x: Double, y: Double) {
        (Haversine.metresPerDegreeLatitude * cos(latitude * .pi / 180), Haversine.metresPerDegreeLatitude)
    }

    /// Area of a closed ring in square metres (shoelace on a local equirectangular projection;
    /// within about 0.5 % for rings a few kilometres across). O(n).
    static func areaSquareMetres(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 4 else { return 0 }
        let k = scale(at: ring[0].latitude)
        var twiceArea = 0.0
        for (a, b) in zip(ring, ring.dropFirst()) {
            twiceArea += (a.longitude - ring[0].longitude) * (b.latitude - ring[0].latitude)
                - (b.longitude - ring[0].longitude) * (a.latitude - ring[0].latitude)
        }
        return abs(twiceArea) / 2 * k.x * k.y
    }

    /// The area centroid of a closed ring; the vertex average when the ring has no area. O(n).
    /// It can fall outside a concave ring (an L-shaped building), which is fine for a facility marker.
    static func centroid(_ ring: [Coordinate]) -> Coordinate? {
        guard let origin = ring.first else { return nil }
        var twiceArea = 0.0, cx = 0.0, cy = 0.0
        for (a, b) in zip(ring, ring.dropFirst()) {
            let ax = a.longitude - origin.longitude, ay = a.latitude - origin.latitude
            let bx = b.longitude - origin.longitude, by = b.latitude - origin.latitude
            let cross = ax * by - bx * ay
            twiceArea += cross
            cx += (ax + bx) * cross
            cy += (ay + by) * cross
        }
        guard abs(twiceArea) > 1e-18 else { return vertexAverage(ring) }
        return Coordinate(longitude: origin.longitude + cx / (3 * twiceArea),
                          latitude: origin.latitude + cy / (3 * twiceArea))
    }

    /// The mean of the vertices (a closing duplicate counts once). O(n).
    static func vertexAverage(_ points: [Coordinate]) -> Coordinate? {
        var points = points[...]
        if points.count > 1, points.first == points.last { points = points.dropLast() }
        guard !points.isEmpty else { return nil }
        let n = Double(points.count)
        return Coordinate(longitude: points.reduce(0) { $0 + $1.longitude } / n,
                          latitude: points.reduce(0) { $0 + $1.latitude } / n)
    }

    /// True when `point` is inside the closed ring (even–odd rule). O(n).
    static func contains(_ ring: [Coordinate], _ point: Coordinate) -> Bool {
        var inside = false
        for (a, b) in zip(ring, ring.dropFirst())
        where (a.latitude > point.latitude) != (b.latitude > point.latitude) {
            let x = a.longitude + (point.latitude - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude)
            if point.longitude < x { inside.toggle() }
        }
        return inside
    }

    /// Builds a polygon or multipolygon: each inner ring goes to the first outer ring containing its
    /// first vertex (to the first outer ring when none does).
    static func geometry(outers: [[Coordinate]], inners: [[Coordinate]]) -> Geometry? {
        guard !outers.isEmpty else { return nil }
        var polygons = outers.map { [$0] }
        for inner in inners {
            let target = inner.first.flatMap { p in outers.firstIndex { contains($0, p) } } ?? 0
            polygons[target].append(inner)
        }
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }
}
