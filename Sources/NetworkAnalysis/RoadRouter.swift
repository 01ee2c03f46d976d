import SpatialCore

/// Why no route was found, in words a duty officer can act on.
public struct RoutingError: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable, Equatable {
        /// The two ends lie on road pieces that no road joins (weak components).
        case differentIslands(originJunctions: Int, destinationJunctions: Int)
        /// Joined by roads, but one-way streets allow no path in this direction.
        case oneWayTrap
        /// A path exists on the free-flow graph, but the closures in force cut it.
        case closedByOverrides
        /// An end lies on a road that is closed.
        case onClosedRoad(end: String)
    }
    public let reason: Reason
    public var description: String {
        switch reason {
        case let .differentIslands(o, d):
            if d < o {
                return "no route: the destination lies on a road island of \(d) junctions disconnected from the origin's network of \(o) junctions"
            }
            return "no route: the origin lies on a road island of \(o) junctions disconnected from the destination's network of \(d) junctions"
        case .oneWayTrap: return "no route: the roads join, but one-way streets allow no path from the origin to the destination"
        case .closedByOverrides: return "no route: the road closures in force cut every path (a route exists when they are lifted)"
        case let .onClosedRoad(end): return "no route: the \(end) lies on a closed road"
        }
    }
}

/// A route between two places on the network, including the partial edges at both ends.
public struct Route: Sendable {
    public let origin: RoadPosition
    public let destination: RoadPosition
    /// Travel seconds on the network (off-network distances not included).
    public let travelSeconds: Double
    /// Length along the roads, metres.
    public let lengthMetres: Double
    /// Edges followed in order; the first and last may be travelled in part.
    public let edges: [Int]
    /// The road geometry from the origin's snapped point to the destination's, degrees.
    public let polyline: [Coordinate]
}

/// One candidate's travel time to a target (the dispatcher's question).
public struct CandidateTime: Sendable, Equatable {
    /// Position in the candidates given.
    public let index: Int
    /// Seconds from the candidate to the target, `.infinity` when it cannot get there.
    public let travelSeconds: Double
}

/// Queries on one road network under one set of edge costs: routes, who-gets-there-first, reach and coverage.
///
/// Holds a reusable Dijkstra workspace, so repeated queries allocate nothing per node; not for
/// concurrent use (make one router per task). Places are ``RoadPosition``s from ``EdgeSnapIndex``:
/// a search starting mid-edge seeds the edge's target with the rest of the edge's seconds and, on a
/// two-way road, its source with the part already passed (one-way roads seed only forwards).
public struct RoadRouter: Sendable {
    public let network: RoadNetwork
    public let costs: EdgeCosts
    var workspace: DijkstraWorkspace
    private var islands: RoadIslands?

    public init(network: RoadNetwork, costs: EdgeCosts? = nil) {
        self.network = network
        self.costs = costs ?? EdgeCosts(freeFlow: network.graph)
        workspace = DijkstraWorkspace(nodeCount: network.graph.nodeCount)
    }

    var graph: RoadGraph { network.graph }

    /// Nodes a search *leaving* `p` starts from, with the seconds to reach them, and the edge
    /// and fractions travelled: along `edge` from `from` to 1.
    func departures(_ p: RoadPosition) -> [(node: Int32, seconds: Double, edge: Int, from: Double)] {
        var out: [(Int32, Double, Int, Double)] = []
        let e = p.edge
        let c = costs.forwardSeconds[e]
        if c.isFinite { out.append((graph.edgeTargets[e], (1 - p.fraction) * c, e, p.fraction)) }
        let t = Int(network.edgeTwin[e])
        if t >= 0, costs.forwardSeconds[t].isFinite {
            out.append((graph.edgeTargets[t], p.fraction * costs.forwardSeconds[t], t, 1 - p.fraction))
        }
        return out
    }

    /// Nodes from which `p` is *reached*, with the seconds from them to `p`: along `edge` from 0 to `to`.
    func arrivals(_ p: RoadPosition) -> [(node: Int32, seconds: Double, edge: Int, to: Double)] {
        var out: [(Int32, Double, Int, Double)] = []
        let e = p.edge
        let c = costs.forwardSeconds[e]
        if c.isFinite { out.append((graph.edgeSources[e], p.fraction * c, e, p.fraction)) }
        let t = Int(network.edgeTwin[e])
        if t >= 0, costs.forwardSeconds[t].isFinite {
            out.append((graph.edgeSources[t], (1 - p.fraction) * costs.forwardSeconds[t], t, 1 - p.fraction))
        }
        return out
    }

    /// Seconds straight along one edge when both places lie on it (or its twin) in travel order.
    func direct(_ a: RoadPosition, _ b: RoadPosition) -> (seconds: Double, edge: Int, from: Double, to: Double)? {
        func fraction(of p: RoadPosition, on e: Int) -> Double? {
            if p.edge == e { return p.fraction }
            if Int(network.edgeTwin[p.edge]) == e { return 1 - p.fraction }
            return nil
        }
        var best: (seconds: Double, edge: Int, from: Double, to: Double)?
        for e in [a.edge, Int(network.edgeTwin[a.edge])] where e >= 0 && costs.isOpen(e) {
            guard let from = fraction(of: a, on: e), let to = fraction(of: b, on: e), to >= from else { continue }
            let s = (to - from) * costs.forwardSeconds[e]
            if best == nil || s < best!.seconds { best = (s, e, from, to) }
        }
        return best
    }

    /// The fastest route from `origin` to `destination`. Dijkstra from the origin's seeds, stopped
    /// once the destination's entry nodes are settled. Throws ``RoutingError`` naming why there is none.
    public mutating func route(from origin: RoadPosition, to destination: RoadPosition) throws(RoutingError) -> Route {
        if let route = try search(from: origin, to: destination) { return route }
        throw RoutingError(reason: failureReason(origin, destination))
    }

    /// The fastest route, or nil when the destination cannot be reached on the current costs.
    private mutating func search(from origin: RoadPosition, to destination: RoadPosition) throws(RoutingError) -> Route? {
        let starts = departures(origin), ends = arrivals(destination)
        if !costs.isOpen(origin.edge) && (network.edgeTwin[origin.edge] < 0 || !costs.isOpen(Int(network.edgeTwin[origin.edge]))) {
            throw RoutingError(reason: .onClosedRoad(end: "origin"))
        }
        if !costs.isOpen(destination.edge) && (network.edgeTwin[destination.edge] < 0 || !costs.isOpen(Int(network.edgeTwin[destination.edge]))) {
            throw RoutingError(reason: .onClosedRoad(end: "destination"))
        }
        workspace.run(on: graph, direction: .forward, sources: starts.map { ($0.node, $0.seconds) },
                      limitSeconds: .infinity, targets: ends.map(\.node), costs: costs)
        var best: (seconds: Double, end: Int)? = nil
        for (i, end) in ends.enumerated() {
            let s = workspace.seconds[Int(end.node)] + end.seconds
            if s.isFinite, best == nil || s < best!.seconds { best = (s, i) }
        }
        let straight = direct(origin, destination)
        if let straight, best == nil || straight.seconds <= best!.seconds {
            let shape = graph.edgeShape(straight.edge, fromFraction: straight.from, toFraction: straight.to)
            return Route(origin: origin, destination: destination, travelSeconds: straight.seconds,
                         lengthMetres: (straight.to - straight.from) * graph.edgeLengthMetres[straight.edge],
                         edges: [straight.edge], polyline: shape)
        }
        guard let best else { return nil }
        let end = ends[best.end]
        let tree = ShortestPathTree(direction: .forward, travelSeconds: workspace.seconds,
                                    predecessorEdge: workspace.predecessorEdge, originNode: workspace.origin)
        let middle = tree.path(to: Int(end.node), in: graph)!
        let start = starts.first { Int($0.node) == middle.nodes[0] }!
        var polyline = graph.edgeShape(start.edge, fromFraction: start.from, toFraction: 1)
        var metres = (1 - start.from) * graph.edgeLengthMetres[start.edge]
        for e in middle.edges {
            polyline += graph.edgeShape(e).dropFirst()
            metres += graph.edgeLengthMetres[e]
        }
        polyline += graph.edgeShape(end.edge, fromFraction: 0, toFraction: end.to).dropFirst()
        metres += end.to * graph.edgeLengthMetres[end.edge]
        return Route(origin: origin, destination: destination, travelSeconds: best.seconds, lengthMetres: metres,
                     edges: [start.edge] + middle.edges + [end.edge], polyline: polyline)
    }

    private mutating func failureReason(_ origin: RoadPosition, _ destination: RoadPosition) -> RoutingError.Reason {
        if islands == nil { islands = RoadIslands(graph) }
        let a = Int(graph.edgeSources[origin.edge]), b = Int(graph.edgeSources[destination.edge])
        if islands!.labelOfNode[a] != islands!.labelOfNode[b] {
            return .differentIslands(originJunctions: islands!.size(ofComponentWith: a),
                                     destinationJunctions: islands!.size(ofComponentWith: b))
        }
        // Would the free-flow graph have a path? (A search only: explaining a failure never recurses.)
        var free = RoadRouter(network: network)
        if (try? free.search(from: origin, to: destination)) != nil { return .closedByOverrides }
        return .oneWayTrap
    }

    /// Travel seconds from each candidate to `target`, fastest first (unreachable last, `.infinity`).
    /// One reverse Dijkstra from the target, stopped once every candidate's exit nodes are settled
    /// or `limitSeconds` is passed: O((V + E) log V) at most, far less when the candidates are near.
    public mutating func fastest(from candidates: [RoadPosition], to target: RoadPosition,
                                 limitSeconds: Double = .infinity) -> [CandidateTime] {
        let ends = arrivals(target)
        let exits = candidates.map(departures)
        workspace.run(on: graph, direction: .reverse, sources: ends.map { ($0.node, $0.seconds) },
                      limitSeconds: limitSeconds, targets: exits.flatMap { $0.map(\.node) }, costs: costs, recordsTree: false)
        var out: [CandidateTime] = []
        out.reserveCapacity(candidates.count)
        for (i, candidate) in candidates.enumerated() {
            var best = Double.infinity
            for exit in exits[i] { best = min(best, exit.seconds + workspace.seconds[Int(exit.node)]) }
            if let straight = direct(candidate, target) { best = min(best, straight.seconds) }
            out.append(CandidateTime(index: i, travelSeconds: best <= limitSeconds ? best : .infinity))
        }
        return out.sorted { ($0.travelSeconds, $0.index) < ($1.travelSeconds, $1.index) }
    }

    /// Seconds from the nearest of `origins` to every node (forward), `.infinity` beyond `limitSeconds`.
    public mutating func travelSeconds(from origins: [RoadPosition], limitSeconds: Double = .infinity) -> [Double] {
        workspace.run(on: graph, direction: .forward, sources: origins.flatMap { departures($0).map { ($0.node, $0.seconds) } },
                      limitSeconds: limitSeconds, targets: [], costs: costs, recordsTree: false)
        return workspace.seconds
    }

    /// One-to-all from a node on reusable buffers, for benchmarks and bulk work: seconds per node.
    /// O((V + E) log V). The array stays valid until the next query.
    public mutating func travelSeconds(fromNode node: Int, direction: SearchDirection = .forward) -> [Double] {
        workspace.run(on: graph, direction: direction, sources: [(Int32(node), 0)], limitSeconds: .infinity,
                      targets: [], costs: costs, recordsTree: false)
        return workspace.seconds
    }
}
