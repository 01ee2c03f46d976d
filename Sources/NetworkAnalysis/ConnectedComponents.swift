/// Strongly and weakly connected components of a road graph.
///
/// OSM extracts clipped at a bounding box leave one-way fragments that can be entered but not
/// left (or the reverse); routing and coverage should use the largest strongly connected component.
public struct ConnectedComponents: Sendable {
    /// Strong component id of each node.
    public let strongComponentOfNode: [Int32]
    /// Node count of each strong component.
    public let strongComponentSizes: [Int]
    /// Id of the largest strong component (the smallest id among equals); -1 for an empty graph.
    public let largestStrongComponent: Int
    /// Number of weakly connected components (edge directions ignored).
    public let weakComponentCount: Int
    /// Node count of the largest weak component.
    public let largestWeakComponentSize: Int

    /// Nodes of the largest strong component, ascending. O(V).
    public var largestStrongComponentNodes: [Int] {
        strongComponentOfNode.indices.filter { Int(strongComponentOfNode[$0]) == largestStrongComponent }
    }

    /// Share of all nodes in the largest strong component, 0…1.
    public var largestStrongComponentShare: Double {
        strongComponentOfNode.isEmpty ? 0
            : Double(strongComponentSizes[largestStrongComponent]) / Double(strongComponentOfNode.count)
    }
}

extension RoadGraph {
    /// Tarjan's strongly connected components (iterative, no recursion) and union-find weak
    /// components. O(V + E) time and memory.
    public func connectedComponents() -> ConnectedComponents {
        let n = nodeCount
        var index = [Int32](repeating: -1, count: n)
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var component = [Int32](repeating: -1, count: n)
        var sizes: [Int] = []
        var stack: [Int32] = []
        var calls: [(node: Int32, slot: Int32)] = []
        var counter: Int32 = 0

        for root in 0..<n where index[root] < 0 {
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(Int32(root)); onStack[root] = true
            calls.append((Int32(root), edgeOffsets[root]))
            while let (u32, slot) = calls.last {
                let u = Int(u32)
                if slot < edgeOffsets[u + 1] {
                    calls[calls.count - 1].slot += 1
                    let v = Int(edgeTargets[Int(slot)])
                    if index[v] < 0 {
                        index[v] = counter; low[v] = counter; counter += 1
                        stack.append(Int32(v)); onStack[v] = true
                        calls.append((Int32(v), edgeOffsets[v]))
                    } else if onStack[v] {
                        low[u] = min(low[u], index[v])
                    }
                    continue
                }
                calls.removeLast()
                if let parent = calls.last { low[Int(parent.node)] = min(low[Int(parent.node)], low[u]) }
                guard low[u] == index[u] else { continue }
                let id = Int32(sizes.count)
                var size = 0
                while true {
                    let w = Int(stack.removeLast())
                    onStack[w] = false
                    component[w] = id
                    size += 1
                    if w == u { break }
                }
                sizes.append(size)
            }
        }

        var largest = -1
        for (id, size) in sizes.enumerated() where largest < 0 || size > sizes[largest] { largest = id }

        var weak = UnionFind(count: n)
        for e in 0..<edgeCount { weak.union(Int(edgeSources[e]), Int(edgeTargets[e])) }
        var weakSizes = [Int](repeating: 0, count: n)
        for v in 0..<n { weakSizes[weak.find(v)] += 1 }
        return ConnectedComponents(
            strongComponentOfNode: component, strongComponentSizes: sizes, largestStrongComponent: largest,
            weakComponentCount: weakSizes.lazy.filter { $0 > 0 }.count,
            largestWeakComponentSize: weakSizes.max() ?? 0)
    }
}

/// Disjoint sets with path halving and union by size. Near O(1) amortised per operation.
struct UnionFind {
    private var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = [Int32](repeating: 1, count: count)
    }

    mutating func find(_ x: Int) -> Int {
        var x = x
        while Int(parent[x]) != x {
            parent[x] = parent[Int(parent[x])]
            x = Int(parent[x])
        }
        return x
    }

    mutating func union(_ a: Int, _ b: Int) {
        var ra = find(a), rb = find(b)
        guard ra != rb else { return }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
    }
}
