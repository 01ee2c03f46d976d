import SpatialCore

/// The node levels of a static, packed R-tree over items already in Hilbert order.
///
/// Node boxes live in one flat array, four `Double`s per node (`minLon, minLat, maxLon, maxLat`),
/// level 1 (the parents of items) first and the root last; node `j` of level `L` covers nodes
/// (or items, at level 1) `j·16 ..< (j+1)·16` of level `L − 1`. No per-node allocation, no
/// pointers: building is one pass per level, O(n) after the sort, and the tree is `n/15` boxes.
struct PackedTree: Sendable {
    /// Children per node (Flatbush's default): a node's 16 boxes fill 8 cache lines.
    static let nodeSize = 16

    let itemCount: Int
    /// Interleaved node boxes, levels 1…top concatenated.
    let boxes: [Double]
    /// Per node, a lower bound of cos(latitude) inside its box (for distance bounds).
    let minCosLatitude: [Double]
    /// `levelStart[L − 1]` is the index of level `L`'s first node; the last entry is the node count.
    let levelStart: [Int]
    /// `levelCount[L]` is the number of nodes (items for `L == 0`) at level `L`.
    let levelCount: [Int]

    /// Number of node levels above the items; 0 for an empty tree.
    var height: Int { levelCount.count - 1 }

    /// Builds the levels from the items' interleaved boxes (`[minLon, minLat, maxLon, maxLat, …]`),
    /// in tree order. O(n).
    init(itemBoxes: [Double]) {
        let n = itemBoxes.count / 4
        itemCount = n
        var boxes: [Double] = []
        var levelStart: [Int] = [0]
        var levelCount: [Int] = [n]
        boxes.reserveCapacity(4 * (n / (Self.nodeSize - 1) + 2))
        var below = itemBoxes
        var belowCount = n
        while belowCount > 1 || (belowCount == 1 && levelCount.count == 1) {
            let count = (belowCount + Self.nodeSize - 1) / Self.nodeSize
            var level = [Double](repeating: 0, count: 4 * count)
            for j in 0..<count {
                var minLon = Double.infinity, minLat = Double.infinity
                var maxLon = -Double.infinity, maxLat = -Double.infinity
                for c in (j * Self.nodeSize)..<min((j + 1) * Self.nodeSize, belowCount) {
                    minLon = min(minLon, below[4 * c]); minLat = min(minLat, below[4 * c + 1])
                    maxLon = max(maxLon, below[4 * c + 2]); maxLat = max(maxLat, below[4 * c + 3])
                }
                level[4 * j] = minLon; level[4 * j + 1] = minLat
                level[4 * j + 2] = maxLon; level[4 * j + 3] = maxLat
            }
            boxes.append(contentsOf: level)
            levelCount.append(count)
            levelStart.append(levelStart.last! + count)
            below = level
            belowCount = count
        }
        self.boxes = boxes
        self.levelStart = levelStart
        self.levelCount = levelCount
        minCosLatitude = (0..<(boxes.count / 4)).map {
            GreatCircle.minCosLatitude(boxes[4 * $0 + 1], boxes[4 * $0 + 3])
        }
    }

    /// Global index of node `local` of level `level ≥ 1`.
    @inline(__always)
    func node(level: Int, local: Int) -> Int { levelStart[level - 1] + local }

    /// The local indices, in level `level − 1`, of the children of node `local` of level `level`.
    @inline(__always)
    func children(level: Int, local: Int) -> Range<Int> {
        local * Self.nodeSize ..< min((local + 1) * Self.nodeSize, levelCount[level - 1])
    }

    /// Calls `body` with each range of items whose parent node intersects `box`
    /// (`minLongitude ≤ maxLongitude`). O(log n + nodes visited), no allocation.
    @inline(__always)
    func forEachLeafRange(intersecting box: BoundingBox, _ body: (Range<Int>) -> Void) {
        guard itemCount > 0 else { return }
        boxes.withUnsafeBufferPointer { b in
            let root = node(level: height, local: 0)
            guard Self.intersects(b, root, box) else { return }
            visit(b, level: height, local: 0, box, body)
        }
    }

    private func visit(_ b: UnsafeBufferPointer<Double>, level: Int, local: Int, _ box: BoundingBox,
                       _ body: (Range<Int>) -> Void) {
        let children = children(level: level, local: local)
        if level == 1 { return body(children) }
        let base = levelStart[level - 2]
        for c in children where Self.intersects(b, base + c, box) {
            visit(b, level: level - 1, local: c, box, body)
        }
    }

    @inline(__always)
    static func intersects(_ b: UnsafeBufferPointer<Double>, _ i: Int, _ box: BoundingBox) -> Bool {
        b[4 * i] <= box.maxLongitude && b[4 * i + 1] <= box.maxLatitude
            && b[4 * i + 2] >= box.minLongitude && b[4 * i + 3] >= box.minLatitude
    }

    /// A lower bound of the haversine term from `probe` to anything inside global node `g`. O(1).
    @inline(__always)
    func lowerBoundTerm(_ probe: HaversineProbe, node g: Int, _ b: UnsafeBufferPointer<Double>,
                        _ cosines: UnsafeBufferPointer<Double>) -> Double {
        probe.lowerBoundTerm(minLongitude: b[4 * g], minLatitude: b[4 * g + 1], maxLongitude: b[4 * g + 2],
                             maxLatitude: b[4 * g + 3], minCosLatitude: cosines[g])
    }
}
