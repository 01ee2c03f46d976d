/// Which way a search follows the edges.
public enum SearchDirection: Sendable {
    /// From the sources along the edges: "where can a unit at the source get to".
    case forward
    /// Against the edges: "who reaches the source fastest" (seconds are to the source).
    case reverse
}

/// Reusable state for repeated Dijkstra searches on one graph.
///
/// Arrays are sized once to the node count; `reset()` restores only the nodes the last search
/// touched, so a search limited to a small area costs O(touched · log touched), not O(V).
struct DijkstraWorkspace {
    /// Seconds from the nearest source (or to it, in reverse); `.infinity` when not reached.
    private(set) var seconds: [Double]
    /// Edge by which each node was reached, -1 for sources and unreached nodes.
    private(set) var predecessorEdge: [Int32]
    /// The source each node was reached from, -1 when unreached.
    private(set) var origin: [Int32]
    /// Nodes in the order they were settled (non-decreasing seconds).
    private(set) var settled: [Int32] = []
    private var touched: [Int32] = []
    private var heap: IndexedMinHeap

    init(nodeCount: Int) {
        seconds = [Double](repeating: .infinity, count: nodeCount)
        predecessorEdge = [Int32](repeating: -1, count: nodeCount)
        origin = [Int32](repeating: -1, count: nodeCount)
        heap = IndexedMinHeap(nodeCount: nodeCount)
    }

    mutating func reset() {
        for node in touched {
            seconds[Int(node)] = .infinity
            predecessorEdge[Int(node)] = -1
            origin[Int(node)] = -1
        }
        touched.removeAll(keepingCapacity: true)
        settled.removeAll(keepingCapacity: true)
        heap.removeAll()
    }

    /// Multi-source Dijkstra: settles every node within `limitSeconds` (inclusive), stopping early
    /// once `target` is settled. Sources start at their given seconds. O((V + E) log V) at most.
    mutating func run(on graph: RoadGraph, direction: SearchDirection, sources: [(node: Int32, seconds: Double)],
                      limitSeconds: Double = .infinity, target: Int32 = -1) {
        reset()
        for source in sources where source.seconds <= limitSeconds && source.seconds < seconds[Int(source.node)] {
            let node = Int(source.node)
            if seconds[node] == .infinity { touched.append(source.node) }
            seconds[node] = source.seconds
            origin[node] = source.node
            heap.pushOrDecrease(source.node, key: source.seconds)
        }
        switch direction {
        case .forward:
            search(graph.edgeOffsets, graph.edgeTargets, graph.edgeTravelSeconds, nil, limitSeconds, target)
        case .reverse:
            search(graph.reverseOffsets, graph.reverseSources, graph.reverseTravelSeconds, graph.reverseEdgeIDs,
                   limitSeconds, target)
        }
    }

    private mutating func search(_ offsets: [Int32], _ neighbours: [Int32], _ weights: [Double], _ edgeIDs: [Int32]?,
                                 _ limitSeconds: Double, _ target: Int32) {
        while !heap.isEmpty {
            let (u, key) = heap.popMin()
            settled.append(u)
            if u == target { break }
            let from = origin[Int(u)]
            for slot in Int(offsets[Int(u)])..<Int(offsets[Int(u) + 1]) {
                let v = Int(neighbours[slot])
                let candidate = key + weights[slot]
                guard candidate <= limitSeconds, candidate < seconds[v] else { continue }
                if seconds[v] == .infinity { touched.append(Int32(v)) }
                seconds[v] = candidate
                predecessorEdge[v] = edgeIDs.map { $0[slot] } ?? Int32(slot)
                origin[v] = from
                heap.pushOrDecrease(Int32(v), key: candidate)
            }
        }
        heap.removeAll()
    }
}
