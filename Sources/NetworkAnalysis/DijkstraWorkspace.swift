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
/// The inner loop runs on raw buffers (no bounds or uniqueness checks): an indexed binary heap
/// with decrease-key, keys stored beside the node ids.
struct DijkstraWorkspace {
    /// Seconds from the nearest source (or to it, in reverse); `.infinity` when not reached.
    private(set) var seconds: [Double]
    /// Edge by which each node was reached, -1 for sources and unreached nodes.
    private(set) var predecessorEdge: [Int32]
    /// The source each node was reached from, -1 when unreached.
    private(set) var origin: [Int32]
    /// Nodes in the order they were settled (non-decreasing seconds).
    private(set) var settled: [Int32]
    private var settledCount = 0
    private var touched: [Int32]
    private var touchedCount = 0
    /// Heap: keys and node ids by slot, and each node's slot (-1 when not queued).
    private var heapKeys: [Double]
    private var heapNodes: [Int32]
    private var heapPosition: [Int32]
    /// Nodes whose settling ends the search early (see `run(…targets:)`), cleared after each search.
    private var isTarget: [Bool]

    init(nodeCount: Int) {
        seconds = [Double](repeating: .infinity, count: nodeCount)
        predecessorEdge = [Int32](repeating: -1, count: nodeCount)
        origin = [Int32](repeating: -1, count: nodeCount)
        settled = [Int32](repeating: 0, count: nodeCount)
        touched = [Int32](repeating: 0, count: nodeCount)
        heapKeys = [Double](repeating: 0, count: nodeCount)
        heapNodes = [Int32](repeating: 0, count: nodeCount)
        heapPosition = [Int32](repeating: -1, count: nodeCount)
        isTarget = [Bool](repeating: false, count: nodeCount)
    }

    /// The nodes settled by the last search, in order.
    var settledNodes: ArraySlice<Int32> { settled[0..<settledCount] }

    mutating func reset() {
        for i in 0..<touchedCount {
            let node = Int(touched[i])
            seconds[node] = .infinity
            predecessorEdge[node] = -1
            origin[node] = -1
            heapPosition[node] = -1
        }
        touchedCount = 0
        settledCount = 0
    }

    /// Multi-source Dijkstra: settles every node within `limitSeconds` (inclusive), stopping early
    /// once `target` is settled. Sources start at their given seconds. O((V + E) log V) at most.
    mutating func run(on graph: RoadGraph, direction: SearchDirection, sources: [(node: Int32, seconds: Double)],
                      limitSeconds: Double = .infinity, target: Int32 = -1, costs: EdgeCosts? = nil) {
        run(on: graph, direction: direction, sources: sources, limitSeconds: limitSeconds,
            targets: target >= 0 ? [target] : [], costs: costs)
    }

    /// As above, stopping once every node of `targets` is settled (an empty list never stops early).
    /// `costs` replaces the graph's free-flow seconds (closures are `.infinity`).
    mutating func run(on graph: RoadGraph, direction: SearchDirection, sources: [(node: Int32, seconds: Double)],
                      limitSeconds: Double, targets: [Int32], costs: EdgeCosts?) {
        reset()
        var pending = 0
        for t in targets where !isTarget[Int(t)] {
            isTarget[Int(t)] = true
            pending += 1
        }
        var heapCount = 0
        for source in sources where source.seconds <= limitSeconds && source.seconds < seconds[Int(source.node)] {
            let node = Int(source.node)
            if seconds[node] == .infinity { touched[touchedCount] = source.node; touchedCount += 1 }
            seconds[node] = source.seconds
            origin[node] = source.node
            Self.pushOrDecrease(source.node, source.seconds, &heapKeys, &heapNodes, &heapPosition, &heapCount)
        }
        switch direction {
        case .forward:
            search(graph.edgeOffsets, graph.edgeTargets, costs?.forwardSeconds ?? graph.edgeTravelSeconds, nil,
                   limitSeconds, heapCount, pending)
        case .reverse:
            search(graph.reverseOffsets, graph.reverseSources, costs?.reverseSeconds ?? graph.reverseTravelSeconds,
                   graph.reverseEdgeIDs, limitSeconds, heapCount, pending)
        }
        for t in targets { isTarget[Int(t)] = false }
    }

    private mutating func search(_ offsets: [Int32], _ neighbours: [Int32], _ weights: [Double], _ edgeIDs: [Int32]?,
                                 _ limitSeconds: Double, _ startCount: Int, _ startPending: Int) {
        var heapCount = startCount
        var pending = startPending
        var settledCount = self.settledCount
        var touchedCount = self.touchedCount
        let stopsEarly = startPending > 0
        offsets.withUnsafeBufferPointer { offsets in
        neighbours.withUnsafeBufferPointer { neighbours in
        weights.withUnsafeBufferPointer { weights in
        (edgeIDs ?? []).withUnsafeBufferPointer { edgeIDs in
        seconds.withUnsafeMutableBufferPointer { dist in
        predecessorEdge.withUnsafeMutableBufferPointer { pred in
        origin.withUnsafeMutableBufferPointer { from in
        settled.withUnsafeMutableBufferPointer { settled in
        touched.withUnsafeMutableBufferPointer { touched in
        heapKeys.withUnsafeMutableBufferPointer { keys in
        heapNodes.withUnsafeMutableBufferPointer { nodes in
        heapPosition.withUnsafeMutableBufferPointer { position in
        isTarget.withUnsafeBufferPointer { isTarget in
            let reversed = edgeIDs.count > 0
            while heapCount > 0 {
                // Pop the minimum.
                let u = Int(nodes[0]), key = keys[0]
                position[u] = -1
                heapCount -= 1
                if heapCount > 0 {
                    let lastKey = keys[heapCount], lastNode = nodes[heapCount]
                    var slot = 0
                    while true {
                        var child = 2 * slot + 1
                        if child >= heapCount { break }
                        if child + 1 < heapCount, keys[child + 1] < keys[child] { child += 1 }
                        guard keys[child] < lastKey else { break }
                        keys[slot] = keys[child]
                        nodes[slot] = nodes[child]
                        position[Int(nodes[slot])] = Int32(slot)
                        slot = child
                    }
                    keys[slot] = lastKey
                    nodes[slot] = lastNode
                    position[Int(lastNode)] = Int32(slot)
                }
                settled[settledCount] = Int32(u)
                settledCount += 1
                if stopsEarly, isTarget[u] {
                    pending -= 1
                    if pending == 0 { break }
                }
                let source = from[u]
                for slot in Int(offsets[u])..<Int(offsets[u + 1]) {
                    let v = Int(neighbours[slot])
                    let candidate = key + weights[slot]
                    guard candidate <= limitSeconds, candidate < dist[v] else { continue }
                    if dist[v] == .infinity { touched[touchedCount] = Int32(v); touchedCount += 1 }
                    dist[v] = candidate
                    pred[v] = reversed ? edgeIDs[slot] : Int32(slot)
                    from[v] = source
                    // Push or decrease, then sift up.
                    var hole = Int(position[v])
                    if hole < 0 { hole = heapCount; heapCount += 1 }
                    while hole > 0 {
                        let parent = (hole - 1) >> 1
                        guard keys[parent] > candidate else { break }
                        keys[hole] = keys[parent]
                        nodes[hole] = nodes[parent]
                        position[Int(nodes[hole])] = Int32(hole)
                        hole = parent
                    }
                    keys[hole] = candidate
                    nodes[hole] = Int32(v)
                    position[v] = Int32(hole)
                }
            }
            // Nodes left in the heap lose their slots.
            for i in 0..<heapCount { position[Int(nodes[i])] = -1 }
        }}}}}}}}}}}}}
        self.settledCount = settledCount
        self.touchedCount = touchedCount
    }

    /// Inserts `node` or lowers its key; used for the sources only (the loop inlines the same steps).
    private static func pushOrDecrease(_ node: Int32, _ key: Double, _ keys: inout [Double], _ nodes: inout [Int32],
                                       _ position: inout [Int32], _ count: inout Int) {
        var hole = Int(position[Int(node)])
        if hole < 0 { hole = count; count += 1 } else if key >= keys[hole] { return }
        while hole > 0 {
            let parent = (hole - 1) / 2
            guard keys[parent] > key else { break }
            keys[hole] = keys[parent]
            nodes[hole] = nodes[parent]
            position[Int(nodes[hole])] = Int32(hole)
            hole = parent
        }
        keys[hole] = key
        nodes[hole] = node
        position[Int(node)] = Int32(hole)
    }
}
