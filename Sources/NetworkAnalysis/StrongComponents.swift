/// Strongly connected components of a road graph: junctions that can all reach one another by legal driving.
///
/// The largest one is where a dispatcher wants incidents and units placed: a point snapped onto a one-way
/// dead end (a "one-way trap") can be left but never reached, or reached but never left.
public struct StrongComponents: Sendable {
    /// Component label of each node (0-based, in Tarjan's completion order).
    public let labelOfNode: [Int32]
    /// Label of the component with the most junctions.
    public let mainLabel: Int32

    /// Iterative Tarjan over the CSR out-edges: O(V + E) time, O(V) extra memory, no recursion.
    public init(_ graph: RoadGraph) {
        let n = graph.nodeCount
        var index = [Int32](repeating: -1, count: n), low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n), label = [Int32](repeating: -1, count: n)
        var stack: [Int32] = [], call: [(node: Int32, nextEdge: Int32)] = []
        var counter: Int32 = 0, components: Int32 = 0
        var sizes: [Int] = []
        for root in 0..<n where index[root] < 0 {
            call.append((Int32(root), Int32(graph.outgoingEdges(of: root).lowerBound)))
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); onStack[root] = true
            while let top = call.last {
                let v = Int(top.node)
                let end = graph.outgoingEdges(of: v).upperBound
                var e = Int(top.nextEdge)
                var descended = false
                while e < end {
                    let w = Int(graph.edgeTargets[e])
                    e += 1
                    if index[w] < 0 {
                        call[call.count - 1].nextEdge = Int32(e)
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(Int32(w)); onStack[w] = true
                        call.append((Int32(w), Int32(graph.outgoingEdges(of: w).lowerBound)))
                        descended = true
                        break
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                }
                if descended { continue }
                call.removeLast()
                if let parent = call.last { low[Int(parent.node)] = min(low[Int(parent.node)], low[v]) }
                if low[v] == index[v] {
                    var size = 0
                    while let w = stack.popLast() {
                        onStack[Int(w)] = false
                        label[Int(w)] = components
                        size += 1
                        if Int(w) == v { break }
                    }
                    sizes.append(size)
                    components += 1
                }
            }
        }
        labelOfNode = label
        mainLabel = sizes.indices.max { (sizes[$0], -$0) < (sizes[$1], -$1) }.map(Int32.init) ?? -1
    }

    /// Whether both ends of edge `e` lie in the main component (so the edge can be reached and left).
    public func isMain(edge e: Int, in graph: RoadGraph) -> Bool {
        labelOfNode[Int(graph.edgeSources[e])] == mainLabel && labelOfNode[Int(graph.edgeTargets[e])] == mainLabel
    }
}
