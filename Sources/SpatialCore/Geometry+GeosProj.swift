extension Geometry {
    /// The same geometry with every run of coordinates (a point, a line, a ring, the points of a
    /// multi-point) replaced by `transform` of it; the result must have the same count. O(n).
    ///
    /// Bridges use this to convert a whole ring in one library call (PROJ's `proj_trans_generic`).
    public func mapPaths<E: Error>(_ transform: ([Coordinate]) throws(E) -> [Coordinate]) throws(E) -> Geometry {
        func rings(_ rs: [[Coordinate]]) throws(E) -> [[Coordinate]] {
            var out: [[Coordinate]] = []
            out.reserveCapacity(rs.count)
            for r in rs { out.append(try transform(r)) }
            return out
        }
        switch self {
        case let .point(c): return .point(try transform([c])[0])
        case let .lineString(cs): return .lineString(try transform(cs))
        case let .multiPoint(cs): return .multiPoint(try transform(cs))
        case let .polygon(rs): return .polygon(try rings(rs))
        case let .multiLineString(ls): return .multiLineString(try rings(ls))
        case let .multiPolygon(ps):
            var out: [[[Coordinate]]] = []
            out.reserveCapacity(ps.count)
            for p in ps { out.append(try rings(p)) }
            return .multiPolygon(out)
        }
    }

    /// The same geometry with every vertex replaced by `transform` of it. O(n).
    public func mapCoordinates(_ transform: (Coordinate) -> Coordinate) -> Geometry {
        mapPaths { $0.map(transform) }
    }
}
