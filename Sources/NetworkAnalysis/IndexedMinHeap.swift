/// A binary min-heap of node ids keyed by seconds, with decrease-key, in flat arrays.
///
/// `position[node]` is the node's slot in the heap or -1. Push, decrease and pop are O(log n);
/// nothing is allocated per node after `init(nodeCount:)`.
struct IndexedMinHeap {
    private var keys: [Double] = []
    private var nodes: [Int32] = []
    private var position: [Int32]

    init(nodeCount: Int) {
        position = [Int32](repeating: -1, count: nodeCount)
    }

    var isEmpty: Bool { nodes.isEmpty }

    /// Inserts `node` with `key`, or lowers its key when it is already queued with a larger one.
    mutating func pushOrDecrease(_ node: Int32, key: Double) {
        var slot = Int(position[Int(node)])
        if slot < 0 {
            slot = nodes.count
            keys.append(key)
            nodes.append(node)
        } else if key >= keys[slot] {
            return
        }
        // Sift up.
        while slot > 0 {
            let parent = (slot - 1) / 2
            guard keys[parent] > key else { break }
            keys[slot] = keys[parent]
            nodes[slot] = nodes[parent]
            position[Int(nodes[slot])] = Int32(slot)
            slot = parent
        }
        keys[slot] = key
        nodes[slot] = node
        position[Int(node)] = Int32(slot)
    }

    /// Removes and returns the node with the smallest key. Precondition: not empty.
    mutating func popMin() -> (node: Int32, key: Double) {
        let top = (nodes[0], keys[0])
        position[Int(top.0)] = -1
        let lastKey = keys.removeLast(), lastNode = nodes.removeLast()
        if !nodes.isEmpty {
            // Sift the last entry down from the root.
            var slot = 0
            let count = nodes.count
            while true {
                var child = 2 * slot + 1
                if child >= count { break }
                if child + 1 < count, keys[child + 1] < keys[child] { child += 1 }
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
        return top
    }

    /// Empties the heap in O(entries left).
    mutating func removeAll() {
        for node in nodes { position[Int(node)] = -1 }
        keys.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
    }
}
