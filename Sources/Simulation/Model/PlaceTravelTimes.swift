import Engine
import SpatialCore

/// The city model's travel table as Engine's ``TravelTimeModel``: what ``DispatchCore`` asks when the simulator
/// dispatches. Candidates and targets are places of the ``CityModel`` (stations, scenes, demand junctions), found
/// by their coordinates; the answer is one table lookup per candidate in the road state `epoch`, divided by the
/// weather's speed factor — no road search per call. O(candidates · log candidates) per question.
///
/// A coordinate that is not one of the model's places has no time (infinite, with a note).
public struct PlaceTravelTimes: TravelTimeModel, Sendable {
    public let model: CityModel
    public let epoch: Int
    /// Weather speed factor in force (0.6 = roads at 60 %); drives are divided by it.
    public let speedFactor: Double
    public let basis: String

    public init(model: CityModel, epoch: Int, speedFactor: Double) {
        self.model = model
        self.epoch = epoch
        self.speedFactor = speedFactor
        let closed = model.epochs[epoch].closedRoads
        basis = "simulation travel table: \(model.places.count) places, one road search per place"
            + (closed.isEmpty ? "" : ", \(closed.count) road\(closed.count == 1 ? "" : "s") closed")
            + (speedFactor == 1 ? "" : ", speeds × \(speedFactor)") + " (\(model.roadBasis))"
    }

    /// Drive seconds between two places; infinity when unreachable.
    @inline(__always)
    public func seconds(from a: Int, to b: Int) -> Double { model.drive(epoch, a, b) / speedFactor }

    public func fastest(from candidates: [(id: String, at: Coordinate)], to target: Coordinate,
                        limitSeconds: Double) throws -> [DispatchCandidate] {
        guard let to = model.placeByCoordinate[target] else {
            return candidates.map { .init(id: $0.id, travelSeconds: .infinity, offNetworkMetres: .infinity, note: "target is not a place of the simulation") }
        }
        return candidates.map { c -> DispatchCandidate in
            guard let from = model.placeByCoordinate[c.at] else {
                return .init(id: c.id, travelSeconds: .infinity, offNetworkMetres: .infinity, note: "not at a place of the simulation")
            }
            let s = seconds(from: from, to: to)
            return s <= limitSeconds ? .init(id: c.id, travelSeconds: s, offNetworkMetres: 0, note: nil)
                : .init(id: c.id, travelSeconds: .infinity, offNetworkMetres: 0, note: "no route within the limit")
        }.sorted { ($0.travelSeconds, $0.id) < ($1.travelSeconds, $1.id) }
    }
}
