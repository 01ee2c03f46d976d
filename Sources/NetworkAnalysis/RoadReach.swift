import SpatialCore

/// The roads reached within a time budget from one or more places: each road piece (an edge and
/// its twin counted once) with the parts of it reached, as fractions of its canonical edge.
///
/// A point at fraction x of edge u→v is reached at min(d(u) + x·c, d(v) + (1 − x)·c′) where c and
/// c′ are the seconds of the edge and of its twin; so the reached parts are [0, (T − d(u))/c] and
/// [1 − (T − d(v))/c′, 1], plus the stretches either side of an origin that lies on the piece.
/// Lengths are exact fractions of the edge length; partial edges count by fraction.
public struct RoadReach: Sendable {
    public struct Piece: Sendable, Equatable {
        /// The canonical edge (``RoadNetwork/pieceEdge(_:)``); fractions are along it.
        public let edge: Int
        /// Disjoint, sorted reached stretches, fractions 0…1.
        public let stretches: [ClosedRange<Double>]
        /// Reached length, metres.
        public let reachedMetres: Double
    }

    public let limitSeconds: Double
    public let pieces: [Piece]
    /// Road length reached, metres.
    public let reachedMetres: Double
    /// Road length of the whole network (two-way pieces once), metres.
    public let totalMetres: Double

    /// Reached share of the network's road length, 0…1.
    public var share: Double { totalMetres > 0 ? reachedMetres / totalMetres : 0 }

    /// The reached stretches as polylines, degrees (for drawing and for service-area polygons).
    public func polylines(in graph: RoadGraph) -> [[Coordinate]] {
        pieces.flatMap { piece in
            piece.stretches.map { graph.edgeShape(piece.edge, fromFraction: $0.lowerBound, toFraction: $0.upperBound) }
        }
    }
}

extension RoadRouter {
    /// Roads reached within `limitSeconds` from the nearest of `origins`. One Dijkstra limited to
    /// the budget, then O(E) to cut the edges. Closed edges are never reached.
    public mutating func reach(from origins: [RoadPosition], limitSeconds: Double) -> RoadReach {
        let seconds = travelSeconds(from: origins, limitSeconds: limitSeconds)
        var originsOnPiece: [Int: [Double]] = [:]
        for p in origins {
            let canonical = network.pieceEdge(p.edge)
            originsOnPiece[canonical, default: []].append(canonical == p.edge ? p.fraction : 1 - p.fraction)
        }
        let graph = network.graph
        var pieces: [RoadReach.Piece] = []
        var reached = 0.0, total = 0.0
        for e in 0..<graph.edgeCount where network.pieceEdge(e) == e {
            let length = graph.edgeLengthMetres[e]
            total += length
            let t = Int(network.edgeTwin[e])
            let forward = costs.forwardSeconds[e], backward = t >= 0 ? costs.forwardSeconds[t] : .infinity
            var stretches: [ClosedRange<Double>] = []
            func along(_ budget: Double, _ c: Double) -> Double { c > 0 ? min(budget / c, 1) : 1 }
            let du = seconds[Int(graph.edgeSources[e])], dv = seconds[Int(graph.edgeTargets[e])]
            if forward.isFinite, du <= limitSeconds { stretches.append(0...along(limitSeconds - du, forward)) }
            if backward.isFinite, dv <= limitSeconds { stretches.append((1 - along(limitSeconds - dv, backward))...1) }
            for f in originsOnPiece[e] ?? [] {
                if forward.isFinite { stretches.append(f...min(1, f + along(limitSeconds, forward))) }
                if backward.isFinite { stretches.append(max(0, f - along(limitSeconds, backward))...f) }
            }
            guard !stretches.isEmpty else { continue }
            stretches.sort { $0.lowerBound < $1.lowerBound }
            var merged: [ClosedRange<Double>] = [stretches[0]]
            for s in stretches.dropFirst() {
                if s.lowerBound <= merged[merged.count - 1].upperBound {
                    let last = merged.removeLast()
                    merged.append(last.lowerBound...max(last.upperBound, s.upperBound))
                } else {
                    merged.append(s)
                }
            }
            merged.removeAll { $0.upperBound <= $0.lowerBound }
            guard !merged.isEmpty else { continue }
            let metres = merged.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) } * length
            reached += metres
            pieces.append(RoadReach.Piece(edge: e, stretches: merged, reachedMetres: metres))
        }
        return RoadReach(limitSeconds: limitSeconds, pieces: pieces, reachedMetres: reached, totalMetres: total)
    }
}
