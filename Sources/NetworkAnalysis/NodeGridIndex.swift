import SpatialCore

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// A uniform grid of buckets over node coordinates, for snapping a point to the nearest node.
///
/// Cells are about `sqrt(area / (nodes / 2))` metres on a side (≥ 50 m), so a bucket holds about
/// two nodes. A query visits rings of cells outwards until no unvisited cell can hold a closer
/// node: O(1) expected for points inside the network, O(cells) at worst. Build O(V).
struct NodeGridIndex: Sendable {
    private let minLongitude: Double, minLatitude: Double
    private let cellDegreesLongitude: Double, cellDegreesLatitude: Double
    private let columns: Int, rows: Int
    /// Lower bound of a cell's width and height anywhere in the grid, metres.
    private let cellMetres: Double
    private let cellOffsets: [Int32]
    private let cellNodes: [Int32]

    init(_ coordinates: [Coordinate]) {
        let box = BoundingBox(covering: coordinates)
            ?? BoundingBox(minLongitude: 0, minLatitude: 0, maxLongitude: 0, maxLatitude: 0)
        let maxAbsLatitude = min(max(abs(box.minLatitude), abs(box.maxLatitude)), 89)
        let cosLatitude = cos(maxAbsLatitude * .pi / 180)
        let heightMetres = (box.maxLatitude - box.minLatitude) * Haversine.metresPerDegreeLatitude
        let widthMetres = (box.maxLongitude - box.minLongitude) * Haversine.metresPerDegreeLatitude * cosLatitude
        let targetCells = max(Double(coordinates.count) / 2, 1)
        let side = max((max(heightMetres, 1) * max(widthMetres, 1) / targetCells).squareRoot(), 50)
        minLongitude = box.minLongitude
        minLatitude = box.minLatitude
        cellDegreesLatitude = side / Haversine.metresPerDegreeLatitude
        cellDegreesLongitude = side / (Haversine.metresPerDegreeLatitude * cosLatitude)
        cellMetres = side
        columns = Int((box.maxLongitude - box.minLongitude) / cellDegreesLongitude) + 1
        rows = Int((box.maxLatitude - box.minLatitude) / cellDegreesLatitude) + 1

        var offsets = [Int32](repeating: 0, count: columns * rows + 1)
        var cellOfNode = [Int](repeating: 0, count: coordinates.count)
        for (node, c) in coordinates.enumerated() {
            let (x, y) = Self.cell(c, minLongitude, minLatitude, cellDegreesLongitude, cellDegreesLatitude)
            cellOfNode[node] = min(y, rows - 1) * columns + min(x, columns - 1)
            offsets[cellOfNode[node] + 1] += 1
        }
        for i in 0..<(columns * rows) { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var nodes = [Int32](repeating: 0, count: coordinates.count)
        for node in coordinates.indices {
            nodes[Int(fill[cellOfNode[node]])] = Int32(node)
            fill[cellOfNode[node]] += 1
        }
        cellOffsets = offsets
        cellNodes = nodes
    }

    private static func cell(_ c: Coordinate, _ minLon: Double, _ minLat: Double,
                             _ dLon: Double, _ dLat: Double) -> (Int, Int) {
        let x = ((c.longitude - minLon) / dLon).rounded(.down)
        let y = ((c.latitude - minLat) / dLat).rounded(.down)
        return (Int(max(min(x, 1e9), -1e9)), Int(max(min(y, 1e9), -1e9)))
    }

    /// The nearest node (smallest index among equals) and its Haversine distance, metres.
    func nearest(to point: Coordinate, in coordinates: [Coordinate]) -> (node: Int, distanceMetres: Double)? {
        guard !coordinates.isEmpty else { return nil }
        let (cx, cy) = Self.cell(point, minLongitude, minLatitude, cellDegreesLongitude, cellDegreesLatitude)
        let lastRing = max(abs(cx), abs(columns - 1 - cx), abs(cy), abs(rows - 1 - cy))
        var best = (node: -1, distanceMetres: Double.infinity)
        var ring = 0
        while ring <= lastRing {
            for y in (cy - ring)...(cy + ring) where y >= 0 && y < rows {
                let onEdgeRow = y == cy - ring || y == cy + ring
                let step = onEdgeRow ? 1 : max(2 * ring, 1)
                for x in stride(from: cx - ring, through: cx + ring, by: step) where x >= 0 && x < columns {
                    let cellID = y * columns + x
                    for slot in Int(cellOffsets[cellID])..<Int(cellOffsets[cellID + 1]) {
                        let node = Int(cellNodes[slot])
                        let d = Haversine.distanceMetres(point, coordinates[node])
                        if d < best.distanceMetres || (d == best.distanceMetres && node < best.node) {
                            best = (node, d)
                        }
                    }
                }
            }
            // Unvisited cells are at least `ring` whole cells away; 0.9 absorbs the sphere's curvature.
            if best.distanceMetres < Double(ring) * cellMetres * 0.9 { break }
            ring += 1
        }
        return best
    }
}

extension RoadGraph {
    /// The node nearest to `point` and its great-circle distance, metres; nil for an empty graph.
    /// O(1) expected through a grid built with the graph.
    public func nearestNode(to point: Coordinate) -> (node: Int, distanceMetres: Double)? {
        nodeIndex.nearest(to: point, in: nodeCoordinates)
    }
}
