/// Immediate dominators of a directed graph from one root (Lengauer–Tarjan, simple version with path
/// compression): `d` dominates `v` when every path from the root to `v` passes through `d`.
/// O(E log V) time, O(V + E) memory; iterative throughout, so deep graphs need no deep stack.
struct Dominators {
    /// The vertices the root reaches, in depth-first preorder (the root first). A vertex's immediate
    /// dominator comes before it, so a reverse pass over this order sums dominator subtrees.
    let preorder: [Int32]
    /// Immediate dominator of each vertex; -1 for the root and for vertices the root does not reach.
    let immediateDominator: [Int32]

    /// - Parameters: the successors of vertex `v` are `targets[offsets[v] ..< offsets[v + 1]]`.
    init(vertexCount n: Int, root: Int, offsets: [Int32], targets: [Int32]) {
        // Depth-first numbering; parent by number.
        var number = [Int32](repeating: -1, count: n)
        var vertex: [Int32] = [Int32(root)]
        var parent: [Int32] = [-1]
        number[root] = 0
        var stack: [(vertex: Int32, next: Int32)] = [(Int32(root), offsets[root])]
        while let top = stack.last {
            let u = Int(top.vertex)
            if top.next < offsets[u + 1] {
                stack[stack.count - 1].next += 1
                let w = Int(targets[Int(top.next)])
                if number[w] < 0 {
                    number[w] = Int32(vertex.count)
                    vertex.append(Int32(w))
                    parent.append(number[u])
                    stack.append((Int32(w), offsets[w]))
                }
            } else {
                stack.removeLast()
            }
        }
        let m = vertex.count
        // Predecessors by number (reached vertices only), as a CSR.
        var predecessorOffsets = [Int32](repeating: 0, count: m + 1)
        for u in 0..<n where number[u] >= 0 {
            for k in Int(offsets[u])..<Int(offsets[u + 1]) where number[Int(targets[k])] >= 0 {
                predecessorOffsets[Int(number[Int(targets[k])]) + 1] += 1
            }
        }
        for i in 0..<m { predecessorOffsets[i + 1] += predecessorOffsets[i] }
        var fill = predecessorOffsets
        var predecessors = [Int32](repeating: 0, count: Int(predecessorOffsets[m]))
        for u in 0..<n where number[u] >= 0 {
            for k in Int(offsets[u])..<Int(offsets[u + 1]) where number[Int(targets[k])] >= 0 {
                let w = Int(number[Int(targets[k])])
                predecessors[Int(fill[w])] = number[u]
                fill[w] += 1
            }
        }

        var semi = (0..<Int32(m)).map { $0 }
        var label = semi
        var ancestor = [Int32](repeating: -1, count: m)
        var idom = [Int32](repeating: 0, count: m)
        var bucketHead = [Int32](repeating: -1, count: m), bucketNext = [Int32](repeating: -1, count: m)
        var path: [Int32] = []
        // The vertex of least semidominator on the forest path above `v` (path compression).
        func eval(_ v: Int32) -> Int32 {
            if ancestor[Int(v)] < 0 { return v }
            var x = v
            while ancestor[Int(ancestor[Int(x)])] >= 0 { path.append(x); x = ancestor[Int(x)] }
            while let y = path.popLast() {
                let a = Int(ancestor[Int(y)])
                if semi[Int(label[a])] < semi[Int(label[Int(y)])] { label[Int(y)] = label[a] }
                ancestor[Int(y)] = ancestor[a]
            }
            return label[Int(v)]
        }
        for w in stride(from: m - 1, to: 0, by: -1) {
            for k in Int(predecessorOffsets[w])..<Int(predecessorOffsets[w + 1]) {
                let u = eval(predecessors[k])
                if semi[Int(u)] < semi[w] { semi[w] = semi[Int(u)] }
            }
            let s = Int(semi[w])
            bucketNext[w] = bucketHead[s]
            bucketHead[s] = Int32(w)
            let p = parent[w]
            ancestor[w] = p
            var v = bucketHead[Int(p)]
            while v >= 0 {
                let u = eval(v)
                idom[Int(v)] = semi[Int(u)] < semi[Int(v)] ? u : p
                v = bucketNext[Int(v)]
            }
            bucketHead[Int(p)] = -1
        }
        for w in 1..<max(m, 1) where idom[w] != semi[w] { idom[w] = idom[Int(idom[w])] }

        var byVertex = [Int32](repeating: -1, count: n)
        for w in 1..<max(m, 1) { byVertex[Int(vertex[w])] = vertex[Int(idom[w])] }
        preorder = vertex
        immediateDominator = byVertex
    }
}
