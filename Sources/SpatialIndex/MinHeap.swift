/// A binary min-heap in one array, for best-first tree search. Push and pop O(log n).
struct MinHeap<Element: Comparable> {
    private(set) var storage: [Element] = []

    init(capacity: Int) { storage.reserveCapacity(capacity) }

    var isEmpty: Bool { storage.isEmpty }
    var count: Int { storage.count }
    /// The smallest element. Requires a non-empty heap.
    var min: Element { storage[0] }

    mutating func push(_ element: Element) {
        storage.append(element)
        var child = storage.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard element < storage[parent] else { break }
            storage[child] = storage[parent]
            child = parent
        }
        storage[child] = element
    }

    /// Removes and returns the smallest element. Requires a non-empty heap.
    mutating func popMin() -> Element {
        let top = storage[0]
        let last = storage.removeLast()
        if !storage.isEmpty { siftDown(last) }
        return top
    }

    /// Replaces the smallest element by `element`. Requires a non-empty heap.
    mutating func replaceMin(_ element: Element) { siftDown(element) }

    private mutating func siftDown(_ element: Element) {
        let n = storage.count
        var parent = 0
        while true {
            var child = 2 * parent + 1
            if child >= n { break }
            if child + 1 < n && storage[child + 1] < storage[child] { child += 1 }
            guard storage[child] < element else { break }
            storage[parent] = storage[child]
            parent = child
        }
        storage[parent] = element
    }
}

/// A tree node waiting in the best-first queue, ordered by its lower bound.
struct PendingNode: Comparable {
    var bound: Double
    var level: Int32
    var local: Int32
    static func < (a: Self, b: Self) -> Bool { a.bound < b.bound }
}

/// A result candidate ordered *farthest first* — (distance key, index) descending — so that a
/// `MinHeap` of them keeps the k best with the worst on top.
struct FarthestFirst: Comparable {
    var key: Double
    var index: Int32
    static func < (a: Self, b: Self) -> Bool { a.key > b.key || (a.key == b.key && a.index > b.index) }

    /// Whether `self` ranks before (nearer than) `other`: smaller key, then smaller index.
    @inline(__always)
    func isNearer(than other: Self) -> Bool { other < self }
}
