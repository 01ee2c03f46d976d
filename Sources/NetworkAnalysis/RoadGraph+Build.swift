import SpatialCore

extension RoadGraph {
    /// Builds the graph from road features (layer `.roads`, `.lineString` or `.multiLineString`).
    ///
    /// Features on other layers, closed roads (`closed` = true) and lines with fewer than two
    /// distinct vertices give no edges. Repeated consecutive vertices are dropped, and loops that
    /// return to their start without meeting another junction are left out (they shorten no path).
    /// `edgeRoadIndex` refers to positions in `roads`.
    ///
    /// Complexity: O(S) expected time and memory for S vertices in all features (two hash passes
    /// over the vertices, then counting sorts over nodes and edges).
    public init(roads: [Feature]) {
        var lines: [(road: Int32, attributes: RoadAttributes, vertices: [Coordinate])] = []
        var notes = RoadBuildNotes()
        for (index, feature) in roads.enumerated() {
            guard let attributes = RoadAttributes(feature) else { continue }
            guard !attributes.isClosed else { notes.closedRoads.append(Int32(index)); continue }
            let parts: [[Coordinate]]
            switch feature.geometry {
            case let .lineString(cs): parts = [cs]
            case let .multiLineString(css): parts = css
            default: continue
            }
            for part in parts {
                var vertices: [Coordinate] = []
                vertices.reserveCapacity(part.count)
                for c in part where vertices.last.map({ VertexKey($0) != VertexKey(c) }) ?? true {
                    vertices.append(c)
                }
                if vertices.count >= 2 {
                    lines.append((Int32(index), attributes, vertices))
                } else if notes.zeroLengthRoads.last != Int32(index) {
                    notes.zeroLengthRoads.append(Int32(index))
                }
            }
        }

        // A vertex is a junction when it is used twice or more; each line end counts twice.
        var uses: [VertexKey: Int32] = [:]
        for line in lines {
            let last = line.vertices.count - 1
            for (i, c) in line.vertices.enumerated() {
                uses[VertexKey(c), default: 0] += (i == 0 || i == last) ? 2 : 1
            }
        }
        var nodeOfVertex: [VertexKey: Int32] = [:]
        var nodeCoordinates: [Coordinate] = []
        for line in lines {
            for c in line.vertices {
                let key = VertexKey(c)
                if uses[key]! >= 2, nodeOfVertex[key] == nil {
                    nodeOfVertex[key] = Int32(nodeCoordinates.count)
                    nodeCoordinates.append(c)
                }
            }
        }

        var raw = EdgeList()
        var shape: [Coordinate] = []
        for line in lines {
            let base = shape.count
            shape.append(contentsOf: line.vertices)
            let metresPerSecond = line.attributes.speedKmh / 3.6
            var fromVertex = 0
            var fromNode = nodeOfVertex[VertexKey(line.vertices[0])]!
            var lengthMetres = 0.0
            for j in 1..<line.vertices.count {
                lengthMetres += Haversine.distanceMetres(line.vertices[j - 1], line.vertices[j])
                guard let toNode = nodeOfVertex[VertexKey(line.vertices[j])] else { continue }
                if toNode == fromNode, notes.selfLoopRoads.last != line.road {
                    notes.selfLoopRoads.append(line.road)
                }
                if toNode != fromNode {
                    let seconds = lengthMetres / metresPerSecond
                    let first = Int32(base + fromVertex), last = Int32(base + j)
                    if line.attributes.oneway >= 0 {
                        raw.append(fromNode, toNode, seconds, lengthMetres, line.road, first, last)
                    }
                    if line.attributes.oneway <= 0 {
                        raw.append(toNode, fromNode, seconds, lengthMetres, line.road, last, first)
                    }
                }
                fromVertex = j
                fromNode = toNode
                lengthMetres = 0
            }
        }
        self = raw.makeGraph(nodeCoordinates: nodeCoordinates, shapeCoordinates: shape)
        buildNotes = notes
    }
}

/// Roads that gave no edges, or fewer than their geometry suggests, by position in the input array.
public struct RoadBuildNotes: Sendable, Equatable {
    /// Fewer than two distinct vertices (zero length): no edge.
    public var zeroLengthRoads: [Int32] = []
    /// A stretch that returns to the junction it left (a self-loop, e.g. a closed ring): that stretch is left out.
    public var selfLoopRoads: [Int32] = []
    /// Marked `closed` in the store: no edges (a live closure is an override instead, see `EdgeOverrides`).
    public var closedRoads: [Int32] = []
    public init() {}
}

/// A coordinate's exact bit pattern: equal only for identical doubles.
struct VertexKey: Hashable {
    let longitudeBits: UInt64
    let latitudeBits: UInt64
    init(_ c: Coordinate) {
        longitudeBits = c.longitude.bitPattern
        latitudeBits = c.latitude.bitPattern
    }
}

/// Edges in arrival order, before the counting sort by source node.
struct EdgeList {
    var sources: [Int32] = [], targets: [Int32] = []
    var seconds: [Double] = [], metres: [Double] = []
    var roads: [Int32] = [], shapeFirst: [Int32] = [], shapeLast: [Int32] = []

    mutating func append(_ s: Int32, _ t: Int32, _ sec: Double, _ m: Double, _ road: Int32,
                         _ first: Int32, _ last: Int32) {
        sources.append(s); targets.append(t); seconds.append(sec); metres.append(m)
        roads.append(road); shapeFirst.append(first); shapeLast.append(last)
    }

    /// Sorts the edges by source (stable, O(V + E)) and builds the CSR graph.
    func makeGraph(nodeCoordinates: [Coordinate], shapeCoordinates: [Coordinate]) -> RoadGraph {
        let n = nodeCoordinates.count, m = sources.count
        var offsets = [Int32](repeating: 0, count: n + 1)
        for s in sources { offsets[Int(s) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var order = [Int](repeating: 0, count: m)
        for e in 0..<m {
            let s = Int(sources[e])
            order[Int(fill[s])] = e
            fill[s] += 1
        }
        return RoadGraph(
            nodeCoordinates: nodeCoordinates, edgeOffsets: offsets,
            edgeSources: order.map { sources[$0] }, edgeTargets: order.map { targets[$0] },
            edgeTravelSeconds: order.map { seconds[$0] }, edgeLengthMetres: order.map { metres[$0] },
            edgeRoadIndex: order.map { roads[$0] },
            edgeShapeFirst: order.map { shapeFirst[$0] }, edgeShapeLast: order.map { shapeLast[$0] },
            shapeCoordinates: shapeCoordinates)
    }
}
