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
/// The inner loop runs on raw buffers (no bounds or uniqueness checks) with a binary heap of
/// (seconds, node) entries and lazy deletion: a node is pushed again when its time improves and
/// stale entries are skipped when popped — fewer writes than decrease-key, as in the classic C
/// implementation. The heap grows when needed (at most one entry per improving relaxation).
/// Unlimited seconds-only searches (one-to-all) take ``runAll(on:direction:sources:costs:)``, a
/// leaner loop with a 4-ary heap (`DijkstraOneToAll.swift`).
struct DijkstraWorkspace {
    struct Entry { var key: Double; var node: Int32 }

    /// Seconds from the nearest source (or to it, in reverse); `.infinity` when not reached.
    private(set) var seconds: [Double]
    /// Edge by which each node was reached, -1 for sources and unreached nodes (only with `recordsTree`).
    private(set) var predecessorEdge: [Int32]
    /// The source each node was reached from, -1 when unreached (only with `recordsTree`).
    private(set) var origin: [Int32]
    /// Nodes in the order they were settled (non-decreasing seconds).
    private(set) var settled: [Int32]
    private var settledCount = 0
    private var touched: [Int32]
    private var touchedCount = 0
    private var heap: [Entry]
    /// Nodes whose settling ends the search early (see `run(…targets:)`), cleared after each search.
    private var isTarget: [Bool]

    init(nodeCount: Int) {
        seconds = [Double](repeating: .infinity, count: nodeCount)
        predecessorEdge = [Int32](repeating: -1, count: nodeCount)
        origin = [Int32](repeating: -1, count: nodeCount)
        settled = [Int32](repeating: 0, count: nodeCount)
        touched = [Int32](repeating: 0, count: nodeCount)
        heap = [Entry](repeating: Entry(key: 0, node: 0), count: max(nodeCount, 16))
        isTarget = [Bool](repeating: false, count: nodeCount)
    }

    /// The nodes settled by the last search, in order.
    var settledNodes: ArraySlice<Int32> { settled[0..<settledCount] }

    /// Whether the last search wrote predecessors and origins (else they are all -1 still).
    private var treeIsDirty = false
    /// Whether the last search was ``runAll(on:direction:sources:costs:)``, which keeps no touched list.
    private var secondsAreDirty = false

    /// Restores the touched nodes: one by one for a small search, by a sequential fill when the last
    /// search touched more than an eighth of the graph (scattered writes cost more than a memset).
    mutating func reset() {
        if secondsAreDirty || touchedCount > seconds.count / 8 {
            seconds.withUnsafeMutableBufferPointer { $0.update(repeating: .infinity) }
            if treeIsDirty {
                predecessorEdge.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
                origin.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
            }
        } else {
            for i in 0..<touchedCount {
                let node = Int(touched[i])
                seconds[node] = .infinity
                if treeIsDirty {
                    predecessorEdge[node] = -1
                    origin[node] = -1
                }
            }
        }
        treeIsDirty = false
        secondsAreDirty = false
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
    /// `costs` replaces the graph's free-flow seconds (closures are `.infinity`). Without
    /// `recordsTree`, predecessors and origins are not kept (seconds only, a little faster).
    mutating func run(on graph: RoadGraph, direction: SearchDirection, sources: [(node: Int32, seconds: Double)],
                      limitSeconds: Double, targets: [Int32], costs: EdgeCosts?, recordsTree: Bool = true) {
        if limitSeconds == .infinity, targets.isEmpty, !recordsTree {
            runAll(on: graph, direction: direction, sources: sources, costs: costs)
            return
        }
        reset()
        treeIsDirty = recordsTree
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
            if recordsTree { origin[node] = source.node }
            if heapCount == heap.count { heap += heap }
            var hole = heapCount
            heapCount += 1
            while hole > 0, heap[(hole - 1) / 2].key > source.seconds {
                heap[hole] = heap[(hole - 1) / 2]
                hole = (hole - 1) / 2
            }
            heap[hole] = Entry(key: source.seconds, node: source.node)
        }
        let maxDegree: Int
        switch direction {
        case .forward: maxDegree = graph.maxOutDegree
        case .reverse: maxDegree = graph.maxInDegree
        }
        var state = (heapCount: heapCount, pending: pending)
        // Runs until done; when the heap could overflow, returns to grow it and resumes.
        while true {
            let finished: Bool
            switch direction {
            case .forward:
                finished = search(graph.edgeOffsets, graph.edgeTargets, costs?.forwardSeconds ?? graph.edgeTravelSeconds, nil,
                                  limitSeconds, &state, maxDegree, recordsTree)
            case .reverse:
                finished = search(graph.reverseOffsets, graph.reverseSources, costs?.reverseSeconds ?? graph.reverseTravelSeconds,
                                  graph.reverseEdgeIDs, limitSeconds, &state, maxDegree, recordsTree)
            }
            if finished { break }
            heap += heap
        }
        for t in targets { isTarget[Int(t)] = false }
    }

    /// The fast path for one-to-all (or many-to-all) seconds with no limit, no targets and no tree:
    /// no touched or settled list, no budget check, no predecessor writes; the next `reset()` restores
    /// `seconds` by one sequential fill. Same distances as the general loop (the minimum over the
    /// same sums, whatever the heap order). ``settledNodes`` is empty afterwards. O((V + E) log V).
    mutating func runAll(on graph: RoadGraph, direction: SearchDirection, sources: [(node: Int32, seconds: Double)],
                         costs: EdgeCosts?) {
        reset()
        secondsAreDirty = true
        var heapCount = 0
        for source in sources where source.seconds < seconds[Int(source.node)] {
            seconds[Int(source.node)] = source.seconds
            if heapCount == heap.count { heap += heap }
            heap[heapCount] = Entry(key: source.seconds, node: source.node)
            heapCount += 1
        }
        heap[0..<heapCount].sort { $0.key < $1.key }  // a sorted array is a valid heap
        let offsets, neighbours: [Int32], weights: [Double], maxDegree: Int
        switch direction {
        case .forward:
            (offsets, neighbours, weights, maxDegree) = (graph.edgeOffsets, graph.edgeTargets,
                                                         costs?.forwardSeconds ?? graph.edgeTravelSeconds, graph.maxOutDegree)
        case .reverse:
            (offsets, neighbours, weights, maxDegree) = (graph.reverseOffsets, graph.reverseSources,
                                                         costs?.reverseSeconds ?? graph.reverseTravelSeconds, graph.maxInDegree)
        }
        // Runs until the heap is empty; when it could overflow, returns to grow it and resumes.
        while heapCount > 0 {
            offsets.withUnsafeBufferPointer { offsets in
            neighbours.withUnsafeBufferPointer { neighbours in
            weights.withUnsafeBufferPointer { weights in
            seconds.withUnsafeMutableBufferPointer { dist in
            heap.withUnsafeMutableBufferPointer { heap in
                OneToAllSearch.settle(offsets: offsets.baseAddress!, neighbours: neighbours.baseAddress!,
                                      weights: weights.baseAddress!, dist: dist.baseAddress!, heap: heap.baseAddress!,
                                      heapCount: &heapCount, capacity: heap.count - maxDegree)
            }}}}}
            if heapCount > 0 { heap += heap }
        }
    }

    /// The search loop; false when it stopped because the heap may overflow on the next node.
    private mutating func search(_ offsets: [Int32], _ neighbours: [Int32], _ weights: [Double], _ edgeIDs: [Int32]?,
                                 _ limitSeconds: Double, _ state: inout (heapCount: Int, pending: Int), _ maxDegree: Int,
                                 _ recordsTree: Bool) -> Bool {
        var heapCount = state.heapCount
        var pending = state.pending
        var settledCount = self.settledCount
        var touchedCount = self.touchedCount
        let stopsEarly = state.pending > 0
        var finished = true
        offsets.withUnsafeBufferPointer { offsets in
        neighbours.withUnsafeBufferPointer { neighbours in
        weights.withUnsafeBufferPointer { weights in
        (edgeIDs ?? []).withUnsafeBufferPointer { edgeIDs in
        seconds.withUnsafeMutableBufferPointer { dist in
        predecessorEdge.withUnsafeMutableBufferPointer { pred in
        origin.withUnsafeMutableBufferPointer { from in
        settled.withUnsafeMutableBufferPointer { settled in
        touched.withUnsafeMutableBufferPointer { touched in
        heap.withUnsafeMutableBufferPointer { heap in
        isTarget.withUnsafeBufferPointer { isTarget in
            let reversed = edgeIDs.count > 0
            let capacity = heap.count
            while heapCount > 0 {
                if heapCount + maxDegree > capacity { finished = false; break }
                // Pop the minimum; skip it when stale.
                let top = heap[0]
                heapCount -= 1
                if heapCount > 0 {
                    let last = heap[heapCount]
                    var slot = 0
                    while true {
                        var child = 2 * slot + 1
                        if child >= heapCount { break }
                        let right = child + 1  // branch-free choice of the smaller child
                        child += right < heapCount && heap[right].key < heap[child].key ? 1 : 0
                        guard heap[child].key < last.key else { break }
                        heap[slot] = heap[child]
                        slot = child
                    }
                    heap[slot] = last
                }
                let u = Int(top.node), key = top.key
                if key > dist[u] { continue }
                settled[settledCount] = top.node
                settledCount += 1
                if stopsEarly, isTarget[u] {
                    pending -= 1
                    if pending == 0 { heapCount = 0; break }
                }
                let source = recordsTree ? from[u] : -1
                for slot in Int(offsets[u])..<Int(offsets[u + 1]) {
                    let v = Int(neighbours[slot])
                    let candidate = key + weights[slot]
                    guard candidate <= limitSeconds, candidate < dist[v] else { continue }
                    if dist[v] == .infinity { touched[touchedCount] = Int32(v); touchedCount += 1 }
                    dist[v] = candidate
                    if recordsTree {
                        pred[v] = reversed ? edgeIDs[slot] : Int32(slot)
                        from[v] = source
                    }
                    var hole = heapCount
                    heapCount += 1
                    while hole > 0 {
                        let parent = (hole - 1) >> 1
                        guard heap[parent].key > candidate else { break }
                        heap[hole] = heap[parent]
                        hole = parent
                    }
                    heap[hole] = Entry(key: candidate, node: Int32(v))
                }
            }
        }}}}}}}}}}}
        self.settledCount = settledCount
        self.touchedCount = touchedCount
        state = (heapCount, pending)
        return finished
    }
}
