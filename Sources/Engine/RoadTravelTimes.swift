import NetworkAnalysis
import SpatialCore

/// A travel-time model that can stop early: it answers exactly for the fastest candidates of each group
/// and stops searching once every group has enough of them (see ``DispatchCore``).
public protocol BoundedTravelTimeModel: TravelTimeModel {
    /// As ``TravelTimeModel/fastest(from:to:limitSeconds:)``, but only candidates within `exactWithinSeconds`
    /// are guaranteed exact; the others come back infinite with the note "beyond N s, not searched".
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
    public let roads: RoadService
    private var router: RoadRouter
    private var snapped: [Coordinate: Result<RoadPosition, RoadServiceError>] = [:]
    /// Speed used only to guess the first search radius from straight-line distances, km/h (any value is
    /// correct; a good one avoids a second pass).
    public var radiusGuessSpeedKmh = 25.0

    public init(roads: RoadService) {
        self.roads = roads
        router = RoadRouter(network: roads.network, costs: roads.costs)
    }

    public var basis: String { roads.basis }

    /// The road position of `point`, cached; refused beyond the service's off-network limit with its reason.
    public func position(_ point: Coordinate, _ what: String) throws -> RoadPosition {
        if let known = snapped[point] { return try known.get() }
        let result: Result<RoadPosition, RoadServiceError>
        do { result = .success(try roads.snap(point, what)) } catch let e as RoadServiceError { result = .failure(e) } catch {
            result = .failure(RoadServiceError("\(what): \(error)"))
        }
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
        var start = limitSeconds
        if !groups.isEmpty {
            // The first radius: the n-th nearest member of each group in a straight line, at the guess speed, 1.3 × detour.
            start = 60
            for (g, n) in zip(placedGroups, enough) where n > 0 && !g.isEmpty {
                let metres = g.map { Haversine.distanceMetres(placed[$0].point, destination.point) }.sorted()
                start = max(start, metres[min(n, metres.count) - 1] * 1.3 / (radiusGuessSpeedKmh / 3.6))
            }
        }
        let (times, exact) = groups.isEmpty
            ? (router.fastest(from: placed, to: destination, limitSeconds: limitSeconds), limitSeconds)
            : router.fastest(from: placed, to: destination, groups: placedGroups, enough: enough, startSeconds: start, limitSeconds: limitSeconds)
        let note = exact < limitSeconds ? "beyond \(Int(exact)) s, not searched" : "no route within the limit"
        let answered = times.map { t in
            DispatchCandidate(id: candidates[placedIndex[t.index]].id, travelSeconds: t.travelSeconds,
                              offNetworkMetres: placed[t.index].offNetworkMetres, note: t.travelSeconds.isFinite ? nil : note)
        }
        return (answered + refused, exact)
    }
}
