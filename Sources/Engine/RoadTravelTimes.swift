import Foundation
import NetworkAnalysis
import SpatialCore

/// A travel-time model that can stop early: it answers exactly for the fastest candidates of each group
/// and stops searching once every group has enough of them (see ``DispatchCore``).
public protocol BoundedTravelTimeModel: TravelTimeModel {
    /// As ``TravelTimeModel/fastest(from:to:limitSeconds:)``, but answers in the order of `candidates` (one per
    /// candidate), and only candidates within `exactWithinSeconds` are guaranteed exact; the others come back
    /// infinite with a note starting "beyond" ("beyond 240 s, not searched").
    /// `groups[g]` are candidate indexes, `enough[g]` how many of them must be known.
    func fastest(from candidates: [(id: String, at: Coordinate)], to target: Coordinate, groups: [[Int]], enough: [Int],
                 limitSeconds: Double) throws -> (candidates: [DispatchCandidate], exactWithinSeconds: Double)
}

/// The road network as the dispatcher's travel-time model: a ``RoadService``'s graph, live costs and snapping,
/// with its own search workspace, a cache of snapped positions (stations and parked units are asked about
/// again and again) and the bounded grouped search of ``RoadRouter/fastest(from:to:groups:enough:startSeconds:limitSeconds:)``.
///
/// Not for concurrent use (one per task), like the service.
public final class RoadTravelTimes: BoundedTravelTimeModel {
    /// The store's road service, when built from one (its overrides are named in recommendations).
    public let roads: RoadService?
    public let basis: String
    private var router: RoadRouter
    private let snapper: RoadSnapper
    private var snapped: [Coordinate: Result<RoadPosition, RoadServiceError>] = [:]
    /// Speed used only to guess the first search radius from straight-line distances, km/h (any value is
    /// correct; a good one avoids a second pass).
    public var radiusGuessSpeedKmh = 25.0

    public init(roads: RoadService) {
        self.roads = roads
        basis = roads.basis
        router = RoadRouter(network: roads.network, costs: roads.costs)
        snapper = roads.snapper
    }

    /// A network without a store (simulations, benchmarks): free-flow or given costs; points farther than
    /// `maxOffNetworkMetres` from an open road are refused.
    public init(network: RoadNetwork, costs: EdgeCosts? = nil, maxOffNetworkMetres: Double = 1000) {
        roads = nil
        let costs = costs ?? EdgeCosts(freeFlow: network.graph)
        basis = "road network (\(network.graph.edgeCount) edges)"
        router = RoadRouter(network: network, costs: costs)
        snapper = RoadSnapper(network: network, index: EdgeSnapIndex(network.graph), costs: costs, maxOffNetworkMetres: maxOffNetworkMetres)
    }

    /// The road position of `point`, cached; refused beyond the service's off-network limit with its reason.
    public func position(_ point: Coordinate, _ what: String) throws -> RoadPosition {
        if let known = snapped[point] { return try known.get() }
        let result: Result<RoadPosition, RoadServiceError>
        do { result = .success(try snapper.snap(point)) } catch { result = .failure(RoadServiceError("\(what): \(error)")) }
        snapped[point] = result
        return try result.get()
    }

    public func fastest(from candidates: [(id: String, at: Coordinate)], to target: Coordinate,
                        limitSeconds: Double) throws -> [DispatchCandidate] {
        try fastest(from: candidates, to: target, groups: [], enough: [], limitSeconds: limitSeconds).candidates
    }

    public func fastest(from candidates: [(id: String, at: Coordinate)], to target: Coordinate, groups: [[Int]], enough: [Int],
                        limitSeconds: Double) throws -> (candidates: [DispatchCandidate], exactWithinSeconds: Double) {
        let destination = try position(target, "target")
        var placed: [RoadPosition] = [], placedIndex: [Int] = [], refused: [DispatchCandidate] = []
        var slot = [Int](repeating: -1, count: candidates.count)
        for (i, c) in candidates.enumerated() {
            do {
                let p = try position(c.at, c.id)
                slot[i] = placed.count
                placed.append(p)
                placedIndex.append(i)
            } catch {
                refused.append(DispatchCandidate(id: c.id, travelSeconds: .infinity, offNetworkMetres: .infinity, note: "\(error)"))
            }
        }
        let placedGroups = groups.map { $0.compactMap { slot[$0] >= 0 ? slot[$0] : nil } }
        var start = limitSeconds, hints: [Int] = []
        if !groups.isEmpty {
            // Hints: each group's n nearest members in a straight line; the first radius guess from the n-th of them
            // at the guess speed with a 1.3 detour (the search stops earlier once the hints are settled).
            start = 60
            // Planar metres (equirectangular at the target's latitude): a ranking and a guess, not a measurement.
            let kx = 111_320 * cos(destination.point.latitude * .pi / 180), ky = 110_574.0
            let metres = placed.map { p -> Double in
                let dx = (p.point.longitude - destination.point.longitude) * kx, dy = (p.point.latitude - destination.point.latitude) * ky
                return (dx * dx + dy * dy).squareRoot()
            }
            for (g, n) in zip(placedGroups, enough) where n > 0 && !g.isEmpty {
                // The n nearest by partial selection (n is small): O(members · n).
                var nearest: [Int] = []
                for i in g {
                    if nearest.count == n, metres[i] >= metres[nearest[n - 1]] { continue }
                    let at = nearest.firstIndex { metres[i] < metres[$0] } ?? nearest.count
                    nearest.insert(i, at: at)
                    if nearest.count > n { nearest.removeLast() }
                }
                hints += nearest
                start = max(start, metres[nearest.last!] * 1.3 / (radiusGuessSpeedKmh / 3.6))
            }
        }
        if groups.isEmpty {
            let times = router.fastest(from: placed, to: destination, limitSeconds: limitSeconds)
            let answered = times.map { t in
                DispatchCandidate(id: candidates[placedIndex[t.index]].id, travelSeconds: t.travelSeconds,
                                  offNetworkMetres: placed[t.index].offNetworkMetres, note: t.travelSeconds.isFinite ? nil : "no route within the limit")
            }
            return (answered + refused, limitSeconds)
        }
        let (seconds, exact) = router.fastest(from: placed, to: destination, groups: placedGroups, enough: enough,
                                              hints: hints, startSeconds: start, limitSeconds: limitSeconds)
        let beyond = exact < limitSeconds ? "beyond \(Int(exact)) s, not searched" : "no route within the limit"
        var refusedAt = 0
        let answered = candidates.indices.map { i -> DispatchCandidate in
            guard slot[i] >= 0 else { defer { refusedAt += 1 }; return refused[refusedAt] }
            let s = seconds[slot[i]]
            return DispatchCandidate(id: candidates[i].id, travelSeconds: s, offNetworkMetres: placed[slot[i]].offNetworkMetres,
                                     note: s.isFinite ? nil : beyond)
        }
        return (answered, exact)
    }
}
