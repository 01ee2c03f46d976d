/// Customers who lose supply when each link breaks — `isolate(link:).customersLosingSupply` for every
/// link of the network at once, in near-linear time instead of one O(V + E) isolation per link.
///
/// 1. **Isolation segments.** The set `isolate(link:)` drains depends only on which segment the link is
///    in: union-find over (link, end node) steps that are open, not closed by a valve and not stopped by
///    an operable open valve (seized or buried valves let it through), over open links only. A closed
///    link is a segment of its own and drains nothing.
/// 2. **Supply graph with gates.** Nodes and links are vertices; a supply step (node → link → node, not
///    across closed valves, one-way links only forwards) is an edge, as in the baseline search. Every
///    step *into* segment S from outside (and from the virtual root into a source in S) is redirected
///    to a gate vertex g(S), and g(S) leads to one element of S. Inside a segment of two-way links every
///    step runs both ways, so S is strongly connected and the gates change no reachability; removing
///    g(S) is removing S. So the nodes that lose supply when S is drained are exactly the reached nodes
///    that g(S) dominates.
/// 3. **Dominator tree** from the root (Lengauer–Tarjan) and customer sums over its subtrees.
///
/// Segments that hold an open pump or check valve are not strongly connected (flow runs one way), so
/// they get no gate and are answered by one isolation each (`segmentsIsolatedOneByOne`).
/// O((V + E) log (V + E)) plus O(V + E) per such segment.
public struct BreakImpacts: Sendable {
    /// Per link (index into ``PipeNetwork/links``): customers who lose supply when it breaks.
    public let customersLosingSupply: [Int]
    /// Per link: its isolation segment (0-based, dense). Links with the same label drain the same set.
    public let isolationSegmentOfLink: [Int32]
    /// Number of isolation segments (nodes and links).
    public let isolationSegmentCount: Int
    /// Segments with an open pump or check valve inside, answered by one ``PipeIsolator/isolate(link:)`` each.
    public let segmentsIsolatedOneByOne: Int

    /// - Throws: ``PipeNetworkError/noSource(network:nodeCount:)`` when nothing supplies the network.
    public init(isolator: PipeIsolator) throws(PipeNetworkError) {
        let network = isolator.network
        try network.requireSource()
        let v = network.nodes.count, e = network.links.count, elements = v + e

        // 1. Isolation segments by union-find over the steps a break's search may take.
        var parent = Array(Int32(0)..<Int32(elements))
        func find(_ x: Int) -> Int {
            var x = x
            while Int(parent[x]) != x { parent[x] = parent[Int(parent[x])]; x = Int(parent[x]) }
            return x
        }
        func passes(_ slot: Int) -> Bool {
            var passes = true
            for k in Int(isolator.slotOffsets[slot])..<Int(isolator.slotOffsets[slot + 1]) {
                let c = isolator.valves.valves[Int(isolator.slotValves[k])].condition
                if c.state == .closed || c.operability.canBeOperated { passes = false }
            }
            return passes
        }
        for (l, link) in network.links.enumerated() where link.status != .closed {
            for end in link.to == link.from ? [0] : [0, 1] where passes(2 * l + end) {
                let a = find(v + l), b = find(end == 0 ? link.from : link.to)
                if a != b { parent[a] = Int32(b) }
            }
        }
        var segment = [Int32](repeating: -1, count: elements)
        var count: Int32 = 0
        var representative: [Int32] = []
        for x in 0..<elements {
            let r = find(x)
            if segment[r] < 0 { segment[r] = count; count += 1; representative.append(Int32(x)) }
            segment[x] = segment[r]
        }
        let k = Int(count)
        var gated = [Bool](repeating: true, count: k)
        for (l, link) in network.links.enumerated() where link.status != .closed && link.flowsOneWay {
            gated[Int(segment[v + l])] = false
        }

        // 2. Supply graph: root 0, element x at 1 + x, gate of segment s at 1 + elements + s.
        var edges: [(from: Int32, to: Int32)] = []
        edges.reserveCapacity(4 * e + k + network.sourceNodes.count)
        func step(_ from: Int, _ to: Int) {  // element to element (from = -1: the root)
            let s = Int(segment[to])
            let into = gated[s] && (from < 0 || segment[from] != segment[to]) ? 1 + elements + s : 1 + to
            edges.append((Int32(from + 1), Int32(into)))
        }
        for s in network.sourceNodes { step(-1, s) }
        for (l, link) in network.links.enumerated() where link.status != .closed {
            let open0 = !isolator.slotClosed[2 * l], open1 = !isolator.slotClosed[2 * l + 1]
            if open0 { step(link.from, v + l) }
            if open0, !link.flowsOneWay { step(v + l, link.from) }
            if open1, !link.flowsOneWay, link.to != link.from { step(link.to, v + l) }
            if open1 { step(v + l, link.to) }
        }
        for s in 0..<k where gated[s] { edges.append((Int32(1 + elements + s), Int32(1 + Int(representative[s])))) }
        let n = 1 + elements + k
        var offsets = [Int32](repeating: 0, count: n + 1)
        for edge in edges { offsets[Int(edge.from) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var targets = [Int32](repeating: 0, count: edges.count)
        for edge in edges { targets[Int(fill[Int(edge.from)])] = edge.to; fill[Int(edge.from)] += 1 }

        // 3. Customers under each gate in the dominator tree.
        let dominators = Dominators(vertexCount: n, root: 0, offsets: offsets, targets: targets)
        var below = [Int](repeating: 0, count: n)
        for x in 0..<v { below[1 + x] = network.nodes[x].customers }
        for w in dominators.preorder.dropFirst().reversed() {
            below[Int(dominators.immediateDominator[Int(w)])] += below[Int(w)]
        }
        var lossOfSegment = [Int](repeating: 0, count: k)
        var oneByOne = 0
        var firstLink = [Int32](repeating: -1, count: k)
        for l in 0..<e where firstLink[Int(segment[v + l])] < 0 { firstLink[Int(segment[v + l])] = Int32(l) }
        for s in 0..<k {
            if gated[s] {
                lossOfSegment[s] = below[1 + elements + s]  // 0 when the gate is not reached
            } else {
                lossOfSegment[s] = try isolator.isolate(link: Int(firstLink[s])).customersLosingSupply
                oneByOne += 1
            }
        }
        customersLosingSupply = (0..<e).map { lossOfSegment[Int(segment[v + $0])] }
        isolationSegmentOfLink = (0..<e).map { segment[v + $0] }
        isolationSegmentCount = k
        segmentsIsolatedOneByOne = oneByOne
    }
}
