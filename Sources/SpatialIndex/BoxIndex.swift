import SpatialCore

/// A static, immutable packed R-tree over bounding boxes (of lines, polygons …) for box search
/// and k-nearest with a caller's exact distance, e.g. snapping a position to the nearest road.
///
/// The same packed Hilbert R-tree as ``PointIndex`` (16 children per node, flat arrays).
/// Build O(n log n); search O(log n + k) on well-spread data; nearest is best-first with the
/// exact distance evaluated lazily, only for boxes that can still hold one of the k nearest.
/// Boxes given with `minLongitude > maxLongitude` are read as crossing the antimeridian.
public struct BoxIndex: Sendable {
    /// Interleaved `minLon, minLat, maxLon, maxLat` of each item, in tree order.
    private let itemBoxes: [Double]
    private let indices: [Int32]
    private let tree: PackedTree

    /// Number of boxes indexed.
    public var count: Int { indices.count }

    /// Indexes `boxes`; results name boxes by their position in this array. O(n log n).
    ///
    /// - Precondition: fewer than 2³¹ boxes, all finite. A box crossing the antimeridian
    ///   (`minLongitude > maxLongitude`) is stored as −180…180 in longitude: found, never missed.
    public init(_ boxes: [BoundingBox]) {
        precondition(boxes.count < Int(Int32.max), "BoxIndex holds fewer than 2^31 boxes")
        let stored = boxes.map { box in
            box.minLongitude > box.maxLongitude
                ? BoundingBox(minLongitude: -180, minLatitude: box.minLatitude,
                              maxLongitude: 180, maxLatitude: box.maxLatitude)
                : box
        }
        var centres = [Double](repeating: 0, count: 2 * stored.count)
        for (i, box) in stored.enumerated() {
            precondition(box.minLongitude.isFinite && box.minLatitude.isFinite && box.maxLongitude.isFinite
                         && box.maxLatitude.isFinite, "box \(i) (\(box)) is not finite")
            centres[2 * i] = (box.minLongitude + box.maxLongitude) / 2
            centres[2 * i + 1] = (box.minLatitude + box.maxLatitude) / 2
        }
        let order = Hilbert.order(interleavedCentres: centres)
        var itemBoxes = [Double](repeating: 0, count: 4 * stored.count)
        var indices = [Int32](repeating: 0, count: stored.count)
        for (slot, i) in order.enumerated() {
            let box = stored[i]
            itemBoxes[4 * slot] = box.minLongitude; itemBoxes[4 * slot + 1] = box.minLatitude
            itemBoxes[4 * slot + 2] = box.maxLongitude; itemBoxes[4 * slot + 3] = box.maxLatitude
            indices[slot] = Int32(i)
        }
        self.itemBoxes = itemBoxes
        self.indices = indices
        tree = PackedTree(itemBoxes: itemBoxes)
    }

    /// Indices of the boxes that intersect `box` (edges touching count), in tree order. O(log n + k).
    public func search(_ box: BoundingBox) -> [Int32] {
        var found: [Int32] = []
        forEach(intersecting: box) { found.append($0) }
        return found
    }

    /// Calls `body` with the index of each box that intersects `box`, in tree order.
    /// O(log n + k), no allocation.
    public func forEach(intersecting box: BoundingBox, _ body: (Int32) -> Void) {
        itemBoxes.withUnsafeBufferPointer { b in
            indices.withUnsafeBufferPointer { ids in
                var earlier: BoundingBox?  // the first half of a wrapped query: report each box once
                GreatCircle.forEachUnwrapped(box) { part in
                    tree.forEachLeafRange(intersecting: part) { range in
                        for i in range where PackedTree.intersects(b, i, part) {
                            if let earlier, PackedTree.intersects(b, i, earlier) { continue }
                            body(ids[i])
                        }
                    }
                    earlier = part
                }
            }
        }
    }

    /// The `k` items nearest to `query` by the caller's exact `distance` (metres), within
    /// `maxDistanceMetres`, nearest first; equal distances are ordered by index.
    ///
    /// `distance(i)` must not be less than 99 % of the great-circle distance from `query` to box
    /// `i` — true of any geodesic, haversine or projected-metre distance to a geometry inside the
    /// box. It is called only for boxes that can still hold one of the k nearest.
    /// O((log n + k) log n) typically, plus the calls to `distance`.
    public func nearest(k: Int, to query: Coordinate, maxDistanceMetres: Double = .infinity,
                        distance: (Int32) -> Double) -> [(index: Int32, distanceMetres: Double)] {
        guard k > 0, tree.height > 0 else { return [] }
        let probe = HaversineProbe(query)
        var found: [(index: Int32, distanceMetres: Double)] = []
        var queue = MinHeap<PendingEntry>(capacity: 64)
        // A lower bound in metres, kept 1 % below the spherical distance (see the contract above).
        func bound(_ term: Double) -> Double { GreatCircle.metres(term: term) * 0.99 }
        itemBoxes.withUnsafeBufferPointer { items in
            indices.withUnsafeBufferPointer { ids in
                tree.boxes.withUnsafeBufferPointer { boxes in
                    tree.minCosLatitude.withUnsafeBufferPointer { nodeCosines in
                        let top = tree.height
                        queue.push(PendingEntry(
                            key: bound(tree.lowerBoundTerm(probe, node: tree.node(level: top, local: 0), boxes, nodeCosines)),
                            kind: .node, level: Int32(top), slot: 0))
                        while !queue.isEmpty, found.count < k {
                            let next = queue.popMin()
                            if next.key > maxDistanceMetres { break }
                            switch next.kind {
                            case .exact:
                                found.append((index: next.slot, distanceMetres: next.key))
                            case .item:
                                let metres = distance(ids[Int(next.slot)])
                                queue.push(PendingEntry(key: metres, kind: .exact, level: 0, slot: ids[Int(next.slot)]))
                            case .node:
                                let level = Int(next.level)
                                let children = tree.children(level: level, local: Int(next.slot))
                                if level == 1 {
                                    for i in children {
                                        let term = probe.lowerBoundTerm(
                                            minLongitude: items[4 * i], minLatitude: items[4 * i + 1],
                                            maxLongitude: items[4 * i + 2], maxLatitude: items[4 * i + 3],
                                            minCosLatitude: GreatCircle.minCosLatitude(items[4 * i + 1], items[4 * i + 3]))
                                        queue.push(PendingEntry(key: bound(term), kind: .item, level: 0, slot: Int32(i)))
                                    }
                                } else {
                                    let base = tree.node(level: level - 1, local: 0)
                                    for c in children {
                                        let term = tree.lowerBoundTerm(probe, node: base + c, boxes, nodeCosines)
                                        queue.push(PendingEntry(key: bound(term), kind: .node, level: Int32(level - 1),
                                                                slot: Int32(c)))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return found
    }
}

/// An entry of ``BoxIndex``'s best-first queue: a node or item keyed by a lower bound, or an item
/// keyed by its exact distance. At equal keys bounds come first — they may still hold an equal
/// exact distance with a smaller index — and exact entries then by index.
struct PendingEntry: Comparable {
    enum Kind: Int32 { case node = 0, item = 1, exact = 2 }
    var key: Double
    var kind: Kind
    var level: Int32
    /// Caller's index for `.exact`, tree slot for `.item`, local node index for `.node`.
    var slot: Int32

    static func < (a: Self, b: Self) -> Bool {
        if a.key != b.key { return a.key < b.key }
        if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
        return a.slot < b.slot
    }
}
