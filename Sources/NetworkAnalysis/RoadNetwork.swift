import SpatialCore

/// A road graph with what a duty officer needs to read its results: the feature id and name of every
/// road, and for each directed edge its opposite-direction twin over the same shape.
///
/// Built from road features (``init(roads:)``) or read from the cache beside the store
/// (``RoadNetwork/read(from:expectedKey:)``). Memory: the graph plus O(roads) strings and O(E) twins.
public struct RoadNetwork: Sendable {
    public let graph: RoadGraph
    /// Feature id of each road, indexed by `graph.edgeRoadIndex`.
    public let roadIDs: [String]
    /// Name of each road ("" when unnamed), indexed like ``roadIDs``.
    public let roadNames: [String]
    /// The edge running the other way over the same shape, or -1 on a one-way road. O(1) lookups.
    public let edgeTwin: [Int32]
    private let roadIndexByID: [String: Int32]

    /// Builds the graph from road features and keeps their ids and names. O(S) for S vertices.
    public init(roads: [Feature]) {
        self.init(graph: RoadGraph(roads: roads), roadIDs: roads.map(\.id), roadNames: roads.map { $0.name ?? "" })
    }

    init(graph: RoadGraph, roadIDs: [String], roadNames: [String]) {
        self.graph = graph
        self.roadIDs = roadIDs
        self.roadNames = roadNames
        var index: [String: Int32] = [:]
        index.reserveCapacity(roadIDs.count)
        for (i, id) in roadIDs.enumerated() { index[id] = Int32(i) }
        roadIndexByID = index
        // Twins share the shape range reversed: key (first, last) → edge. O(E) expected.
        var byShape: [Int64: Int32] = [:]
        byShape.reserveCapacity(graph.edgeCount)
        for e in 0..<graph.edgeCount {
            byShape[Int64(graph.edgeShapeFirst[e]) << 32 | Int64(graph.edgeShapeLast[e])] = Int32(e)
        }
        edgeTwin = (0..<graph.edgeCount).map { e in
            byShape[Int64(graph.edgeShapeLast[e]) << 32 | Int64(graph.edgeShapeFirst[e])] ?? -1
        }
    }

    /// Position of the road with feature id `id` in ``roadIDs``, or nil. O(1).
    public func roadIndex(id: String) -> Int? { roadIndexByID[id].map(Int.init) }

    /// Feature id of the road edge `e` lies on.
    public func roadID(ofEdge e: Int) -> String { roadIDs[Int(graph.edgeRoadIndex[e])] }

    /// Name of the road edge `e` lies on, or its id when unnamed.
    public func roadLabel(ofEdge e: Int) -> String {
        let r = Int(graph.edgeRoadIndex[e])
        return roadNames[r].isEmpty ? roadIDs[r] : roadNames[r]
    }

    /// Edges of the road at `roadIndex` (both directions). O(E).
    public func edges(ofRoad roadIndex: Int) -> [Int] {
        let r = Int32(roadIndex)
        return (0..<graph.edgeCount).filter { graph.edgeRoadIndex[$0] == r }
    }

    /// The canonical edge of a physical road piece: the smaller of an edge and its twin.
    public func pieceEdge(_ e: Int) -> Int {
        let t = Int(edgeTwin[e])
        return t >= 0 && t < e ? t : e
    }

    /// Total length of the road pieces (each two-way piece counted once), metres. O(E).
    public var totalRoadMetres: Double {
        var sum = 0.0
        for e in 0..<graph.edgeCount where pieceEdge(e) == e { sum += graph.edgeLengthMetres[e] }
        return sum
    }
}

extension RoadGraph {
    /// Bytes held by the graph's arrays (forward and reverse CSR, costs, shapes, node grid excluded). O(1).
    public var memoryBytes: Int {
        let n = nodeCount, m = edgeCount
        let perNode = MemoryLayout<Coordinate>.stride + 2 * MemoryLayout<Int32>.stride
        let perEdge = 5 * MemoryLayout<Int32>.stride + 2 * MemoryLayout<Double>.stride  // source, target, road, shape first/last
            + 2 * MemoryLayout<Int32>.stride + MemoryLayout<Double>.stride                // reverse: id, source, seconds
        return n * perNode + m * perEdge + shapeCoordinates.count * MemoryLayout<Coordinate>.stride
    }

    /// Vertices of edge `e` in travel order, without allocating: `vertex(k, of: e)` for k in 0..<vertexCount(e).
    @inline(__always) func vertexCount(ofEdge e: Int) -> Int { abs(Int(edgeShapeLast[e]) - Int(edgeShapeFirst[e])) + 1 }

    @inline(__always) func vertex(_ k: Int, ofEdge e: Int) -> Coordinate {
        let first = Int(edgeShapeFirst[e]), last = Int(edgeShapeLast[e])
        return shapeCoordinates[first <= last ? first + k : first - k]
    }

    /// The point at `fraction` (0…1, by length) along edge `e`. O(shape vertices).
    public func point(onEdge e: Int, atFraction fraction: Double) -> Coordinate {
        edgeShape(e, fromFraction: fraction, toFraction: fraction).first ?? nodeCoordinates[Int(edgeSources[e])]
    }

    /// The part of edge `e` between two fractions of its length (0 = source, 1 = target), in travel
    /// order from `start` to `end` (reversed when `start > end`). O(shape vertices).
    public func edgeShape(_ e: Int, fromFraction start: Double, toFraction end: Double) -> [Coordinate] {
        let lo = min(max(min(start, end), 0), 1), hi = min(max(max(start, end), 0), 1)
        let total = edgeLengthMetres[e]
        let count = vertexCount(ofEdge: e)
        var out: [Coordinate] = []
        var walked = 0.0
        let loMetres = lo * total, hiMetres = hi * total
        for k in 1..<count {
            let a = vertex(k - 1, ofEdge: e), b = vertex(k, ofEdge: e)
            let step = Haversine.distanceMetres(a, b)
            let next = walked + step
            func at(_ metres: Double) -> Coordinate {
                let t = step > 0 ? min(max((metres - walked) / step, 0), 1) : 0
                return Coordinate(longitude: a.longitude + (b.longitude - a.longitude) * t,
                                  latitude: a.latitude + (b.latitude - a.latitude) * t)
            }
            if out.isEmpty, loMetres <= next || k == count - 1 { out.append(at(loMetres)) }
            if !out.isEmpty {
                if hiMetres <= next || k == count - 1 { out.append(at(hiMetres)); break }
                out.append(b)
            }
            walked = next
        }
        if lo == hi { out = [out.first!] }
        return start <= end ? out : out.reversed()
    }
}
