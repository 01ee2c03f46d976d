import SpatialCore
import SpatialIndex

/// A station (or any fixed origin) by id and position.
public struct StationPoint: Sendable, Hashable {
    public var id: String
    public var at: Coordinate
    public init(id: String, at: Coordinate) {
        self.id = id
        self.at = at
    }
}

/// A past call and who answered it: where, the station that arrived first, how long it took (seconds from the
/// call to the first arrival, turnout included) and whose ground the call was in, when the record says.
public struct AnsweredCall: Sendable, Hashable {
    public var id: String
    public var at: Coordinate
    public var respondingStationID: String
    public var attendanceSeconds: Double
    public var groundStationID: String?

    public init(id: String, at: Coordinate, respondingStationID: String, attendanceSeconds: Double, groundStationID: String? = nil) {
        self.id = id
        self.at = at
        self.respondingStationID = respondingStationID
        self.attendanceSeconds = attendanceSeconds
        self.groundStationID = groundStationID
    }
}

/// Station grounds (the area each station answers first) learned from past calls: a point lies in the ground of
/// the nearest past call that names one (1-nearest neighbour). For a city whose grounds exist only in the records.
/// Build O(n log n), query O(log n).
public struct LearnedGround: Sendable {
    let index: PointIndex
    let stationIDs: [String]
    /// Past calls the grounds were learned from.
    public var count: Int { stationIDs.count }

    public init(calls: [AnsweredCall]) {
        let named = calls.filter { $0.groundStationID != nil }
        index = PointIndex(named.map(\.at))
        stationIDs = named.map { $0.groundStationID! }
    }

    /// The ground station at `point`: the ground of the nearest past call. O(log n).
    public func station(at point: Coordinate) -> String? {
        index.nearest(1, to: point).first.map { stationIDs[Int($0.index)] }
    }
}

/// Which station to send first: the smallest predicted attendance by a ``DistanceTravelModel`` (with its learned
/// per-station offsets), less `groundPreferenceSeconds` for the station whose ground the call is in.
/// O(stations) per call.
public struct FirstStationRanker: Sendable {
    public let stations: [StationPoint]
    public var model: DistanceTravelModel
    public var groundPreferenceSeconds: Double

    public init(stations: [StationPoint], model: DistanceTravelModel, groundPreferenceSeconds: Double = 0) {
        self.stations = stations
        self.model = model
        self.groundPreferenceSeconds = groundPreferenceSeconds
    }

    /// Every station with its ranking score (predicted seconds less any ground preference) and predicted seconds, best first.
    public func ranked(at point: Coordinate, ground: String? = nil) -> [(id: String, score: Double, predictedSeconds: Double)] {
        stations.map { s in
            let t = model.travelSeconds(from: s.at, to: point, originID: s.id)
            return (s.id, t - (s.id == ground ? groundPreferenceSeconds : 0), t)
        }.sorted { ($0.score, $0.id) < ($1.score, $1.id) }
    }

    /// The station to send first. O(stations).
    public func first(at point: Coordinate, ground: String? = nil) -> String? {
        var best: (score: Double, id: String)?
        for s in stations {
            let score = model.travelSeconds(from: s.at, to: point, originID: s.id) - (s.id == ground ? groundPreferenceSeconds : 0)
            if best == nil || (score, s.id) < (best!.score, best!.id) { best = (score, s.id) }
        }
        return best?.id
    }

    /// Per-station offsets (seconds) that make the first choice agree with who actually answered: an averaged
    /// perceptron — for every call the ranking gets wrong, the station that answered moves `stepSeconds` earlier
    /// and the one chosen `stepSeconds` later; the offsets averaged over all steps are returned. Deterministic
    /// (calls visited in a seeded order). O(epochs × calls × stations).
    public func learnOffsets(from calls: [AnsweredCall], epochs: Int = 10, stepSeconds: Double = 5, seed: UInt64 = 2009) -> [String: Double] {
        let known = Set(stations.map(\.id))
        let usable = calls.filter { known.contains($0.respondingStationID) }
        var working = self
        working.model.offsetSeconds = [:]
        var sum: [String: Double] = [:], steps = 0.0
        var rng = SplitMix64(seed: seed)
        for _ in 0..<max(1, epochs) {
            for call in usable.shuffled(using: &rng) {
                if let chosen = working.first(at: call.at), chosen != call.respondingStationID {
                    working.model.offsetSeconds[call.respondingStationID, default: 0] -= stepSeconds
                    working.model.offsetSeconds[chosen, default: 0] += stepSeconds
                }
                for (id, o) in working.model.offsetSeconds { sum[id, default: 0] += o }
                steps += 1
            }
        }
        return sum.mapValues { $0 / max(steps, 1) }.filter { $0.value != 0 }
    }
}
