/// The hot loop of ``DijkstraWorkspace/runAll(on:direction:sources:costs:)``: Dijkstra with a
/// lazy-deletion 4-ary heap on raw pointers, settling every node it reaches, nothing else written.
///
/// The loop of a plain C implementation (`Tools/bench/peers/dijkstra.c`) in Swift, with two
/// changes that matter on large graphs: a 4-ary heap (half the levels of a binary one; the
/// lazy heap holds up to one entry per improving relaxation) and a branch-free choice of the
/// smallest child (a data-dependent branch there mispredicts about half the time). The pop sifts
/// the last entry down from the root, a stale entry (key above the node's seconds) is skipped, every
/// improving relaxation pushes a new entry. Raw pointers keep bounds and exclusivity checks out of
/// the loop under plain `-O`.
enum OneToAllSearch {
    typealias Entry = DijkstraWorkspace.Entry

    /// Settles nodes until the heap is empty, or stops early (leaving `heapCount > 0`) when the
    /// next node's pushes could pass `capacity` entries. O((V + E) log E).
    @inline(__always)
    static func settle(offsets: UnsafePointer<Int32>, neighbours: UnsafePointer<Int32>, weights: UnsafePointer<Double>,
                       dist: UnsafeMutablePointer<Double>, heap: UnsafeMutablePointer<Entry>,
                       heapCount: inout Int, capacity: Int) {
        var count = heapCount
        while count > 0, count <= capacity {
            let top = heap[0]
            count -= 1
            if count > 0 {
                let last = heap[count]
                var slot = 0
                while true {
                    let first = 4 &* slot &+ 1
                    if first >= count { break }
                    var best: Int, bestKey: Double
                    if first &+ 3 < count {
                        // All four children: the smallest by a branch-free tournament.
                        let a = heap[first].key, b = heap[first &+ 1].key
                        let c = heap[first &+ 2].key, d = heap[first &+ 3].key
                        let ab = b < a ? first &+ 1 : first, abKey = b < a ? b : a
                        let cd = d < c ? first &+ 3 : first &+ 2, cdKey = d < c ? d : c
                        best = cdKey < abKey ? cd : ab
                        bestKey = cdKey < abKey ? cdKey : abKey
                    } else {
                        best = first
                        bestKey = heap[first].key
                        var child = first &+ 1
                        while child < count {
                            if heap[child].key < bestKey { best = child; bestKey = heap[child].key }
                            child &+= 1
                        }
                    }
                    guard bestKey < last.key else { break }
                    heap[slot] = heap[best]
                    slot = best
                }
                heap[slot] = last
            }
            let u = Int(top.node), key = top.key
            if key > dist[u] { continue }
            var slot = Int(offsets[u])
            let end = Int(offsets[u &+ 1])
            while slot < end {
                let v = neighbours[slot]
                let candidate = key + weights[slot]
                slot &+= 1
                guard candidate < dist[Int(v)] else { continue }
                dist[Int(v)] = candidate
                var hole = count
                count &+= 1
                while hole > 0 {
                    let parent = (hole &- 1) >> 2
                    guard heap[parent].key > candidate else { break }
                    heap[hole] = heap[parent]
                    hole = parent
                }
                heap[hole] = Entry(key: candidate, node: v)
            }
        }
        heapCount = count
    }
}
