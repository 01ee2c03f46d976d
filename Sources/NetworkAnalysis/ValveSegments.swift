/// The partition of a network's nodes and links into valve segments: the parts a crew can isolate by
/// closing valves. Identical (up to relabelling) to WNTR's `wntr.metrics.topographic.valve_segments`.
///
/// WNTR's rules, which this reproduces in one pass:
/// 1. Remove every link that carries at least one valve; the connected components of what is left
///    (nodes and unvalved links) are segments — a node whose links are all valved is a segment alone.
/// 2. A link with valves at both ends is a segment alone.
/// 3. A link with a valve at one end only joins the segment of its other (unvalved) end.
/// Link status (open/closed) is ignored, as in WNTR: segments are about topology and valves.
/// O(V + E + valves) time, O(V + E) memory.
public struct ValveSegments: Sendable {
    /// Segment of each node (0-based labels, dense).
    public let nodeSegment: [Int32]
    /// Segment of each link.
    public let linkSegment: [Int32]
    public let segmentCount: Int

    public init(network: PipeNetwork, valves: ValveLayer) {
        let n = network.nodes.count
        // Bit 1: a valve at the link's `from` end; bit 2: at its `to` end.
        var ends = [UInt8](repeating: 0, count: network.links.count)
        for v in valves.valves {
            let l = network.links[v.link]
            // A self-loop with one valve joins its node's segment, as in WNTR.
            if v.node == l.from { ends[v.link] |= 1 } else if v.node == l.to { ends[v.link] |= 2 }
        }
        var nodeLabel = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        var stack: [Int32] = []
        for start in 0..<n where nodeLabel[start] < 0 {
            nodeLabel[start] = next
            stack.append(Int32(start))
            while let u = stack.popLast() {
                for li in network.links(at: Int(u)) where ends[Int(li)] == 0 {
                    let l = network.links[Int(li)]
                    let w = l.from == Int(u) ? l.to : l.from
                    if nodeLabel[w] < 0 { nodeLabel[w] = next; stack.append(Int32(w)) }
                }
            }
            next += 1
        }
        var linkLabel = [Int32](repeating: 0, count: network.links.count)
        for (i, l) in network.links.enumerated() {
            switch ends[i] {
            case 0, 2: linkLabel[i] = nodeLabel[l.from]
            case 1: linkLabel[i] = nodeLabel[l.to]
            default: linkLabel[i] = next; next += 1
            }
        }
        nodeSegment = nodeLabel
        linkSegment = linkLabel
        segmentCount = Int(next)
    }

    /// Size and reach of one segment.
    public struct Segment: Sendable, Hashable {
        public var index: Int
        public var nodeCount: Int
        public var linkCount: Int
        /// Sum of the lengths of its links, metres.
        public var pipeLengthMetres: Double
        /// Customers at its nodes (``PipeNetwork/Node/customers``).
        public var customers: Int
        /// Distinct valves (by id) a crew must close to isolate it: those between it and another segment.
        public var valvesToClose: Int
        /// Its nodes, ascending.
        public var nodes: [Int]
        /// Its links, ascending.
        public var links: [Int]
    }

    /// Every segment with its figures, in label order. O(V + E + valves).
    public func segments(on network: PipeNetwork, valves: ValveLayer) -> [Segment] {
        var out = (0..<segmentCount).map {
            Segment(index: $0, nodeCount: 0, linkCount: 0, pipeLengthMetres: 0, customers: 0, valvesToClose: 0, nodes: [], links: [])
        }
        for (i, s) in nodeSegment.enumerated() {
            out[Int(s)].nodeCount += 1
            out[Int(s)].customers += network.nodes[i].customers
            out[Int(s)].nodes.append(i)
        }
        for (i, s) in linkSegment.enumerated() {
            out[Int(s)].linkCount += 1
            out[Int(s)].pipeLengthMetres += network.links[i].lengthMetres
            out[Int(s)].links.append(i)
        }
        var counted = Set<SegmentValve>()
        for v in valves.valves {
            let a = linkSegment[v.link], b = nodeSegment[v.node]
            guard a != b else { continue }
            for s in [a, b] where counted.insert(SegmentValve(segment: s, valve: v.id)).inserted { out[Int(s)].valvesToClose += 1 }
        }
        return out
    }

    private struct SegmentValve: Hashable { var segment: Int32; var valve: String }
}
