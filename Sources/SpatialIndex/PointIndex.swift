import SpatialCore

/// A static, immutable index of points for radius, box and k-nearest queries in memory.
///
/// A packed Hilbert R-tree (16 children per node) in flat arrays: the points sorted along a
/// Hilbert curve, stored interleaved (`lon, lat`) with their cos(latitude) and caller indices, and
/// `n/15` node boxes above them. Build O(n log n) (one integer sort); memory ≈ 30 bytes per point.
///
/// - Box and radius queries: O(log n + k) for k results on well-spread data; no allocation in the
///   visitor variants. Radius results are exact haversine (``Haversine/distanceMetres(_:_:)``,
///   bit for bit) after a box prune.
/// - k-nearest: best-first search over nodes ordered by a lower bound of the great-circle distance
///   that holds at every latitude and across the antimeridian. O(log n + k log k) typically.
/// - Boxes with `minLongitude > maxLongitude` are read as crossing the antimeridian; radius queries
///   wrap too, and a circle that reaches a pole takes every longitude.
///
/// Results carry `index`, the position of the point in the array the index was built from.
public struct PointIndex: Sendable {
    /// Interleaved `lon, lat` in tree order.
    private let coordinates: [Double]
    /// cos(latitude · π / 180) per point, in tree order (as ``Haversine`` computes it).
    private let cosLatitudes: [Double]
    /// The caller's index of each point, in tree order.
    private let indices: [Int32]
    private let tree: PackedTree

    /// Number of points indexed.
    public var count: Int { indices.count }

    /// The box around every point, or nil when the index is empty. O(1).
    public var bounds: BoundingBox? {
        guard tree.height > 0 else { return nil }
        let r = 4 * (tree.levelStart.last! - 1)
        return BoundingBox(minLongitude: tree.boxes[r], minLatitude: tree.boxes[r + 1],
                           maxLongitude: tree.boxes[r + 2], maxLatitude: tree.boxes[r + 3])
    }

    /// Indexes `points`; results name points by their position in this array. O(n log n).
    ///
    /// - Precondition: fewer than 2³¹ points, all with finite coordinates.
    public init(_ points: [Coordinate]) {
        precondition(points.count < Int(Int32.max), "PointIndex holds fewer than 2^31 points")
        var centres = [Double](repeating: 0, count: 2 * points.count)
        for (i, p) in points.enumerated() {
            precondition(p.longitude.isFinite && p.latitude.isFinite, "point \(i) (\(p)) is not finite")
            centres[2 * i] = p.longitude; centres[2 * i + 1] = p.latitude
        }
        let order = Hilbert.order(interleavedCentres: centres)
        var coordinates = [Double](repeating: 0, count: 2 * points.count)
        var cosLatitudes = [Double](repeating: 0, count: points.count)
        var itemBoxes = [Double](repeating: 0, count: 4 * points.count)
        var indices = [Int32](repeating: 0, count: points.count)
        for (slot, i) in order.enumerated() {
            let p = points[i]
            coordinates[2 * slot] = p.longitude; coordinates[2 * slot + 1] = p.latitude
            cosLatitudes[slot] = GreatCircle.cosLatitude(p.latitude)
            itemBoxes[4 * slot] = p.longitude; itemBoxes[4 * slot + 1] = p.latitude
            itemBoxes[4 * slot + 2] = p.longitude; itemBoxes[4 * slot + 3] = p.latitude
            indices[slot] = Int32(i)
        }
        self.coordinates = coordinates
        self.cosLatitudes = cosLatitudes
        self.indices = indices
        tree = PackedTree(itemBoxes: itemBoxes)
    }

    // MARK: Box

    /// Indices of the points inside `box` (edges included), in tree order. O(log n + k).
    public func inBox(_ box: BoundingBox) -> [Int32] {
        var found: [Int32] = []
        forEach(inBox: box) { found.append($0) }
        return found
    }

    /// Calls `body` with the index of each point inside `box` (edges included), in tree order.
    /// O(log n + k), no allocation.
    public func forEach(inBox box: BoundingBox, _ body: (Int32) -> Void) {
        coordinates.withUnsafeBufferPointer { xy in
            indices.withUnsafeBufferPointer { ids in
                GreatCircle.forEachUnwrapped(box) { part in
                    tree.forEachLeafRange(intersecting: part) { range in
                        for i in range {
                            let lon = xy[2 * i], lat = xy[2 * i + 1]
                            if lon >= part.minLongitude && lon <= part.maxLongitude
                                && lat >= part.minLatitude && lat <= part.maxLatitude {
                                body(ids[i])
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: Radius

    /// The points within `radiusMetres` (haversine, inclusive) of `centre`, nearest first, ties by
    /// index. O(log n + k log k).
    public func within(radiusMetres: Double, of centre: Coordinate) -> [(index: Int32, distanceMetres: Double)] {
        var found: [(index: Int32, distanceMetres: Double)] = []
        forEach(withinRadiusMetres: radiusMetres, of: centre) { found.append((index: $0, distanceMetres: $1)) }
        found.sort { $0.distanceMetres < $1.distanceMetres || ($0.distanceMetres == $1.distanceMetres && $0.index < $1.index) }
        return found
    }

    /// Calls `body` with the index and haversine distance in metres of each point within
    /// `radiusMetres` (inclusive) of `centre`, in tree order. O(log n + k), no allocation.
    public func forEach(withinRadiusMetres radiusMetres: Double, of centre: Coordinate,
                        _ body: (Int32, Double) -> Void) {
        let probe = HaversineProbe(centre)
        let bound = GreatCircle.termBound(metres: radiusMetres)
        coordinates.withUnsafeBufferPointer { xy in
            cosLatitudes.withUnsafeBufferPointer { cosines in
                indices.withUnsafeBufferPointer { ids in
                    GreatCircle.forEachBox(around: centre, radiusMetres: radiusMetres) { part in
                        tree.forEachLeafRange(intersecting: part) { range in
                            for i in range {
                                let lon = xy[2 * i], lat = xy[2 * i + 1]
                                guard lon >= part.minLongitude && lon <= part.maxLongitude
                                    && lat >= part.minLatitude && lat <= part.maxLatitude else { continue }
                                let h = probe.term(longitude: lon, latitude: lat, cosLatitude: cosines[i])
                                guard h <= bound else { continue }
                                let metres = GreatCircle.metres(term: h)
                                if metres <= radiusMetres { body(ids[i], metres) }
                            }
                        }
                    }
                }
            }
        }
    }

    // MARK: Nearest

    /// The `k` points nearest to `query` (haversine), within `maxDistanceMetres`, nearest first;
    /// equal distances are ordered by index. Fewer when the index holds fewer. O(log n + k log k)
    /// typically; allocates the result and a small queue.
    public func nearest(_ k: Int, to query: Coordinate,
                        maxDistanceMetres: Double = .infinity) -> [(index: Int32, distanceMetres: Double)] {
        guard k > 0, tree.height > 0 else { return [] }
        let probe = HaversineProbe(query)
        let limit = GreatCircle.termBound(metres: maxDistanceMetres)
        var best = MinHeap<FarthestFirst>(capacity: min(k, count))
        var queue = MinHeap<PendingNode>(capacity: 64)
        coordinates.withUnsafeBufferPointer { xy in
            cosLatitudes.withUnsafeBufferPointer { cosines in
                indices.withUnsafeBufferPointer { ids in
                    tree.boxes.withUnsafeBufferPointer { boxes in
                        tree.minCosLatitude.withUnsafeBufferPointer { nodeCosines in
                            let top = tree.height
                            let rootBound = tree.lowerBoundTerm(probe, node: tree.node(level: top, local: 0),
                                                                boxes, nodeCosines)
                            queue.push(PendingNode(bound: rootBound, level: Int32(top), local: 0))
                            while !queue.isEmpty {
                                let next = queue.popMin()
                                let cutoff = best.count == k ? best.min.key : limit
                                if next.bound > cutoff { break }
                                let level = Int(next.level)
                                let children = tree.children(level: level, local: Int(next.local))
                                if level == 1 {
                                    for i in children {
                                        let h = probe.term(longitude: xy[2 * i], latitude: xy[2 * i + 1],
                                                           cosLatitude: cosines[i])
                                        let candidate = FarthestFirst(key: h, index: ids[i])
                                        if best.count < k {
                                            if h <= limit { best.push(candidate) }
                                        } else if candidate.isNearer(than: best.min) {
                                            best.replaceMin(candidate)
                                        }
                                    }
                                } else {
                                    let base = tree.node(level: level - 1, local: 0)
                                    for c in children {
                                        let bound = tree.lowerBoundTerm(probe, node: base + c, boxes, nodeCosines)
                                        let cutoff = best.count == k ? best.min.key : limit
                                        if bound <= cutoff {
                                            queue.push(PendingNode(bound: bound, level: Int32(level - 1), local: Int32(c)))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var found = best.storage.map { (index: $0.index, distanceMetres: GreatCircle.metres(term: $0.key)) }
        found.removeAll { $0.distanceMetres > maxDistanceMetres }
        found.sort { $0.distanceMetres < $1.distanceMetres || ($0.distanceMetres == $1.distanceMetres && $0.index < $1.index) }
        return found
    }
}
