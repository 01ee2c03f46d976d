import SpatialCore

/// An immutable, directed road graph in compressed-sparse-row form (struct of arrays).
///
/// **Nodes** are the junctions of the road network: every vertex shared by two or more road
/// features (or visited twice by one), and every road end. Vertices are matched by the exact bit
/// pattern of their coordinates, as OSM ways that share a node share an identical coordinate.
/// **Edges** run between consecutive nodes along a road; the vertices in between are kept as the
/// edge's shape (by index into one flat coordinate array), so lengths and polylines stay exact while
/// the search touches only junctions. A two-way road gives one edge each way; `oneway` gives one.
///
/// Edge `e` of node `u` lives at `edgeOffsets[u] ..< edgeOffsets[u + 1]`; a reversed CSR over the
/// same edge ids answers "who reaches this node" searches. Memory: O(V + E + shape vertices).
public struct RoadGraph: Sendable {
    /// Node positions, degrees; index = node id.
    public let nodeCoordinates: [Coordinate]
    /// Forward CSR offsets, `nodeCount + 1` entries.
    public let edgeOffsets: [Int32]
    /// Source node of each edge (edges are sorted by source).
    public let edgeSources: [Int32]
    /// Target node of each edge.
    public let edgeTargets: [Int32]
    /// Free-flow travel time of each edge, seconds (`lengthMetres / (speedKmh / 3.6)`).
    public let edgeTravelSeconds: [Double]
    /// Length of each edge along its shape, metres (Haversine).
    public let edgeLengthMetres: [Double]
    /// Index of the road feature each edge comes from, in the array the graph was built from.
    public let edgeRoadIndex: [Int32]

    /// Shape of edge `e`: `shapeCoordinates[edgeShapeFirst[e] ... edgeShapeLast[e]]`, walked
    /// downwards when `first > last` (the edge runs against the road's vertex order).
    let edgeShapeFirst: [Int32]
    let edgeShapeLast: [Int32]
    let shapeCoordinates: [Coordinate]

    /// Reverse CSR: for node `v`, the edges entering it at `reverseOffsets[v] ..< reverseOffsets[v + 1]`.
    let reverseOffsets: [Int32]
    /// Forward edge id of each reverse entry.
    let reverseEdgeIDs: [Int32]
    /// Source node of each reverse entry (the neighbour in a reverse search).
    let reverseSources: [Int32]
    /// Travel seconds of each reverse entry (copied for locality).
    let reverseTravelSeconds: [Double]
    /// Buckets over `nodeCoordinates` for ``nearestNode(to:)``.
    let nodeIndex: NodeGridIndex
    /// Largest number of edges leaving / entering one node (sizes the search heap's headroom).
    let maxOutDegree: Int
    let maxInDegree: Int
    /// Roads left out in part or whole while building (zero-length, self-loops, closed).
    public internal(set) var buildNotes = RoadBuildNotes()

    init(nodeCoordinates: [Coordinate], edgeOffsets: [Int32], edgeSources: [Int32], edgeTargets: [Int32],
         edgeTravelSeconds: [Double], edgeLengthMetres: [Double], edgeRoadIndex: [Int32],
         edgeShapeFirst: [Int32], edgeShapeLast: [Int32], shapeCoordinates: [Coordinate]) {
        self.nodeCoordinates = nodeCoordinates
        self.edgeOffsets = edgeOffsets
        self.edgeSources = edgeSources
        self.edgeTargets = edgeTargets
        self.edgeTravelSeconds = edgeTravelSeconds
        self.edgeLengthMetres = edgeLengthMetres
        self.edgeRoadIndex = edgeRoadIndex
        self.edgeShapeFirst = edgeShapeFirst
        self.edgeShapeLast = edgeShapeLast
        self.shapeCoordinates = shapeCoordinates
        // Counting sort of the edges by target: O(V + E).
        let n = nodeCoordinates.count
        var offsets = [Int32](repeating: 0, count: n + 1)
        for t in edgeTargets { offsets[Int(t) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var ids = [Int32](repeating: 0, count: edgeTargets.count)
        var sources = ids
        var seconds = [Double](repeating: 0, count: edgeTargets.count)
        for e in edgeTargets.indices {
            let t = Int(edgeTargets[e])
            let slot = Int(fill[t])
            fill[t] += 1
            ids[slot] = Int32(e)
            sources[slot] = edgeSources[e]
            seconds[slot] = edgeTravelSeconds[e]
        }
        reverseOffsets = offsets
        reverseEdgeIDs = ids
        reverseSources = sources
        reverseTravelSeconds = seconds
        nodeIndex = NodeGridIndex(nodeCoordinates)
        maxOutDegree = (0..<n).map { Int(edgeOffsets[$0 + 1] - edgeOffsets[$0]) }.max() ?? 0
        maxInDegree = (0..<n).map { Int(offsets[$0 + 1] - offsets[$0]) }.max() ?? 0
    }

    /// Number of nodes.
    public var nodeCount: Int { nodeCoordinates.count }
    /// Number of directed edges.
    public var edgeCount: Int { edgeTargets.count }

    /// Edge ids leaving `node`. O(1).
    public func outgoingEdges(of node: Int) -> Range<Int> {
        Int(edgeOffsets[node])..<Int(edgeOffsets[node + 1])
    }

    /// Edge ids entering `node`. O(in-degree).
    public func incomingEdges(of node: Int) -> [Int] {
        reverseEdgeIDs[Int(reverseOffsets[node])..<Int(reverseOffsets[node + 1])].map(Int.init)
    }

    /// The polyline of edge `e` from its source to its target, degrees. O(shape vertices).
    public func edgeShape(_ e: Int) -> [Coordinate] {
        let first = Int(edgeShapeFirst[e]), last = Int(edgeShapeLast[e])
        return first <= last ? Array(shapeCoordinates[first...last]) : shapeCoordinates[last...first].reversed()
    }
}
