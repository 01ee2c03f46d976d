import SpatialCore

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// A place on the road network: a directed edge, how far along it (by length), and how far the
/// queried point was from it. On a two-way road the twin edge covers the same place at `1 - fraction`.
public struct RoadPosition: Sendable, Equatable {
    /// The edge whose shape passes nearest to the point.
    public let edge: Int
    /// 0 at the edge's source, 1 at its target, by length along the shape.
    public let fraction: Double
    /// The nearest point on the edge's shape, degrees.
    public let point: Coordinate
    /// The point that was snapped, degrees.
    public let query: Coordinate
    /// Distance from `query` to `point`, metres (Haversine): the off-network walk or drive.
    public let offNetworkMetres: Double

    public init(edge: Int, fraction: Double, point: Coordinate, query: Coordinate, offNetworkMetres: Double) {
        self.edge = edge
        self.fraction = fraction
        self.point = point
        self.query = query
        self.offNetworkMetres = offNetworkMetres
    }
}

/// A point that could not be placed on the network.
public struct SnapError: Error, CustomStringConvertible, Sendable {
    public let query: Coordinate
    /// Distance to the nearest usable edge, metres; `.infinity` when the network has no usable edge.
    public let distanceMetres: Double
    public let limitMetres: Double

    public var description: String {
        let at = String(format: "%.6f,%.6f", query.longitude, query.latitude)
        guard distanceMetres.isFinite else { return "\(at): the road network has no usable edge to snap to" }
        return String(format: "%@ is %.0f m from the nearest road, more than the %.0f m allowed; "
                      + "check the coordinate (LON,LAT order) or give a point on the network", at, distanceMetres, limitMetres)
    }
}

/// A uniform grid over the segments of every edge shape, for snapping a point to the nearest edge
/// (not merely the nearest junction).
///
/// Cells are about `sqrt(area / segments)` metres on a side (≥ 25 m); each segment is listed in
/// every cell its bounding box overlaps. A query scans rings of cells outwards until no unvisited
/// cell can hold a closer segment: O(1) expected inside the network. Distances to segments use a
/// local equirectangular plane around the query (error < 0.1 % within a few km); the reported
/// off-network distance is the Haversine distance to the projected point. Build O(segments).
public struct EdgeSnapIndex: Sendable {
    private let minLongitude: Double, minLatitude: Double
    private let cellDegreesLongitude: Double, cellDegreesLatitude: Double
    private let columns: Int, rows: Int
    private let cellMetres: Double
    private let cellOffsets: [Int32]
    /// Per entry: edge id and segment index within the edge's shape.
    private let entryEdges: [Int32]
    private let entrySegments: [Int32]

    /// Indexes every edge of `graph`. O(segments + cells).
    public init(_ graph: RoadGraph) {
        let box = BoundingBox(covering: graph.nodeCoordinates)
            ?? BoundingBox(minLongitude: 0, minLatitude: 0, maxLongitude: 0, maxLatitude: 0)
        var full = box
        for c in graph.shapeCoordinates { full.extend(c) }
        let maxAbsLatitude = min(max(abs(full.minLatitude), abs(full.maxLatitude)), 89)
        let cosLatitude = cos(maxAbsLatitude * .pi / 180)
        let heightMetres = (full.maxLatitude - full.minLatitude) * Haversine.metresPerDegreeLatitude
        let widthMetres = (full.maxLongitude - full.minLongitude) * Haversine.metresPerDegreeLatitude * cosLatitude
        let segments = max(graph.shapeCoordinates.count, 1)
        let side = max((max(heightMetres, 1) * max(widthMetres, 1) / Double(segments)).squareRoot(), 25)
        minLongitude = full.minLongitude
        minLatitude = full.minLatitude
        cellDegreesLatitude = side / Haversine.metresPerDegreeLatitude
        cellDegreesLongitude = side / (Haversine.metresPerDegreeLatitude * cosLatitude)
        cellMetres = side
        columns = Int((full.maxLongitude - full.minLongitude) / cellDegreesLongitude) + 1
        rows = Int((full.maxLatitude - full.minLatitude) / cellDegreesLatitude) + 1

        // Two passes: count per cell, then fill (counting sort).
        let cellCount = columns * rows
        var offsets = [Int32](repeating: 0, count: cellCount + 1)
        let (minLon, minLat, dLon, dLat, cols, rws) = (minLongitude, minLatitude, cellDegreesLongitude,
                                                      cellDegreesLatitude, columns, rows)
        func forEachCell(_ a: Coordinate, _ b: Coordinate, _ body: (Int) -> Void) {
            let x0 = min(max(Int((min(a.longitude, b.longitude) - minLon) / dLon), 0), cols - 1)
            let x1 = min(max(Int((max(a.longitude, b.longitude) - minLon) / dLon), 0), cols - 1)
            let y0 = min(max(Int((min(a.latitude, b.latitude) - minLat) / dLat), 0), rws - 1)
            let y1 = min(max(Int((max(a.latitude, b.latitude) - minLat) / dLat), 0), rws - 1)
            for y in y0...y1 { for x in x0...x1 { body(y * cols + x) } }
        }
        for e in 0..<graph.edgeCount {
            for k in 1..<graph.vertexCount(ofEdge: e) {
                forEachCell(graph.vertex(k - 1, ofEdge: e), graph.vertex(k, ofEdge: e)) { offsets[$0 + 1] += 1 }
            }
        }
        for i in 0..<cellCount { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var edges = [Int32](repeating: 0, count: Int(offsets[cellCount]))
        var segmentsOfEntry = edges
        for e in 0..<graph.edgeCount {
            for k in 1..<graph.vertexCount(ofEdge: e) {
                forEachCell(graph.vertex(k - 1, ofEdge: e), graph.vertex(k, ofEdge: e)) { cell in
                    edges[Int(fill[cell])] = Int32(e)
                    segmentsOfEntry[Int(fill[cell])] = Int32(k - 1)
                    fill[cell] += 1
                }
            }
        }
        cellOffsets = offsets
        entryEdges = edges
        entrySegments = segmentsOfEntry
    }

    /// The nearest place on an edge of `graph` (the graph this index was built on) for which
    /// `isUsable` holds (e.g. not closed). Ties go to the smaller edge id.
    /// Throws ``SnapError`` when the nearest usable edge is farther than `maxOffNetworkMetres`.
    public func snap(_ point: Coordinate, in graph: RoadGraph, maxOffNetworkMetres: Double = 1000,
                     isUsable: (Int) -> Bool = { _ in true }) throws(SnapError) -> RoadPosition {
        let metresPerDegreeLatitude = Haversine.metresPerDegreeLatitude
        let metresPerDegreeLongitude = metresPerDegreeLatitude * cos(point.latitude * .pi / 180)
        func plane(_ c: Coordinate) -> (x: Double, y: Double) {
            ((c.longitude - point.longitude) * metresPerDegreeLongitude, (c.latitude - point.latitude) * metresPerDegreeLatitude)
        }
        let cx = min(max(Int(((point.longitude - minLongitude) / cellDegreesLongitude).rounded(.down).clamped), 0), columns - 1)
        let cy = min(max(Int(((point.latitude - minLatitude) / cellDegreesLatitude).rounded(.down).clamped), 0), rows - 1)
        let lastRing = max(cx, columns - 1 - cx, cy, rows - 1 - cy)
        var best = (edge: -1, segment: 0, t: 0.0, planeMetres: Double.infinity)
        var ring = 0
        while ring <= lastRing {
            for y in max(cy - ring, 0)...min(cy + ring, rows - 1) {
                let onEdgeRow = y == cy - ring || y == cy + ring
                let step = onEdgeRow ? 1 : max(2 * ring, 1)
                for x in stride(from: cx - ring, through: cx + ring, by: step) where x >= 0 && x < columns {
                    let cell = y * columns + x
                    for slot in Int(cellOffsets[cell])..<Int(cellOffsets[cell + 1]) {
                        let e = Int(entryEdges[slot])
                        if best.edge >= 0, e > best.edge, best.planeMetres == 0 { continue }
                        let k = Int(entrySegments[slot])
                        let a = plane(graph.vertex(k, ofEdge: e)), b = plane(graph.vertex(k + 1, ofEdge: e))
                        let dx = b.x - a.x, dy = b.y - a.y
                        let lengthSquared = dx * dx + dy * dy
                        let t = lengthSquared > 0 ? min(max(-(a.x * dx + a.y * dy) / lengthSquared, 0), 1) : 0
                        let px = a.x + t * dx, py = a.y + t * dy
                        let d = (px * px + py * py).squareRoot()
                        if d < best.planeMetres || (d == best.planeMetres && e < best.edge), isUsable(e) {
                            best = (e, k, t, d)
                        }
                    }
                }
            }
            // Unvisited cells are at least `ring` whole cells away; 0.9 absorbs the sphere's curvature.
            if best.planeMetres < Double(ring) * cellMetres * 0.9 { break }
            ring += 1
        }
        guard best.edge >= 0 else { throw SnapError(query: point, distanceMetres: .infinity, limitMetres: maxOffNetworkMetres) }
        let e = best.edge
        let a = graph.vertex(best.segment, ofEdge: e), b = graph.vertex(best.segment + 1, ofEdge: e)
        let snapped = Coordinate(longitude: a.longitude + (b.longitude - a.longitude) * best.t,
                                 latitude: a.latitude + (b.latitude - a.latitude) * best.t)
        let offMetres = Haversine.distanceMetres(point, snapped)
        guard offMetres <= maxOffNetworkMetres else {
            throw SnapError(query: point, distanceMetres: offMetres, limitMetres: maxOffNetworkMetres)
        }
        var walked = 0.0
        for k in 0..<best.segment { walked += Haversine.distanceMetres(graph.vertex(k, ofEdge: e), graph.vertex(k + 1, ofEdge: e)) }
        walked += Haversine.distanceMetres(a, b) * best.t
        let total = graph.edgeLengthMetres[e]
        let fraction = total > 0 ? min(max(walked / total, 0), 1) : 0
        return RoadPosition(edge: e, fraction: fraction, point: snapped, query: point, offNetworkMetres: offMetres)
    }
}

private extension Double {
    /// Clamped into Int range before conversion.
    var clamped: Double { Swift.max(Swift.min(self, 1e9), -1e9) }
}
