import SpatialCore

/// How long units take to reach a target: the road network when the city has one, else a distance model.
/// The dispatcher, the coverage advice and the simulator ask this, never a concrete router, so a city with
/// points only still gets answers — and every answer names its basis.
public protocol TravelTimeModel {
    /// One line naming the model and what it rests on, printed with every ETA
    /// ("road network: 48,210 edges, live closures" / "distance model: 1.32 × straight line at 21.4 km/h, fitted on …").
    var basis: String { get }
    /// Travel seconds from each candidate to `target`, fastest first; candidates that cannot be placed come last
    /// with `travelSeconds` infinite and a `note`. Seconds beyond `limitSeconds` may be reported as infinite.
    func fastest(from candidates: [(id: String, at: Coordinate)], to target: Coordinate,
                 limitSeconds: Double) throws -> [DispatchCandidate]
}

/// One candidate's time to the target, seconds; `offNetworkMetres` how far its start was from the road it was placed on.
public struct DispatchCandidate: Sendable {
    public let id: String
    public let travelSeconds: Double
    public let offNetworkMetres: Double
    /// Why the candidate has no time, when it has none.
    public let note: String?

    public init(id: String, travelSeconds: Double, offNetworkMetres: Double = 0, note: String? = nil) {
        self.id = id
        self.travelSeconds = travelSeconds
        self.offNetworkMetres = offNetworkMetres
        self.note = note
    }
}
