import SpatialCore

/// Reference answers by scanning every point: what the index must reproduce exactly.
enum BruteForce {
    struct Hit: Equatable, CustomStringConvertible {
        var index: Int32
        var distanceMetres: Double
        var description: String { "#\(index)@\(distanceMetres)m" }
    }

    static func hits(_ tuples: [(index: Int32, distanceMetres: Double)]) -> [Hit] {
        tuples.map { Hit(index: $0.index, distanceMetres: $0.distanceMetres) }
    }

    static func ranked(_ hits: [Hit]) -> [Hit] {
        hits.sorted { $0.distanceMetres < $1.distanceMetres || ($0.distanceMetres == $1.distanceMetres && $0.index < $1.index) }
    }

    static func inBox(_ points: [Coordinate], _ box: BoundingBox) -> [Int32] {
        points.indices.filter { i in
            let p = points[i]
            let inLat = p.latitude >= box.minLatitude && p.latitude <= box.maxLatitude
            let inLon = box.minLongitude <= box.maxLongitude
                ? p.longitude >= box.minLongitude && p.longitude <= box.maxLongitude
                : p.longitude >= box.minLongitude || p.longitude <= box.maxLongitude
            return inLat && inLon
        }.map { Int32($0) }
    }

    static func within(_ points: [Coordinate], radiusMetres: Double, of centre: Coordinate) -> [Hit] {
        ranked(points.indices.compactMap { i in
            let d = Haversine.distanceMetres(centre, points[i])
            return d <= radiusMetres ? Hit(index: Int32(i), distanceMetres: d) : nil
        })
    }

    static func nearest(_ points: [Coordinate], _ k: Int, to query: Coordinate,
                        maxDistanceMetres: Double = .infinity) -> [Hit] {
        Array(within(points, radiusMetres: maxDistanceMetres, of: query).prefix(k))
    }
}


extension SplitMix64 {
    mutating func coordinate(in box: BoundingBox) -> Coordinate {
        Coordinate(longitude: Double.random(in: box.minLongitude...box.maxLongitude, using: &self),
                   latitude: Double.random(in: box.minLatitude...box.maxLatitude, using: &self))
    }

    /// `count` points in `box`, every twentieth a copy of an earlier one (duplicates on purpose).
    mutating func points(_ count: Int, in box: BoundingBox) -> [Coordinate] {
        var points: [Coordinate] = []
        points.reserveCapacity(count)
        for i in 0..<count {
            points.append(i % 20 == 19 ? points[Int.random(in: 0..<i, using: &self)] : coordinate(in: box))
        }
        return points
    }
}
