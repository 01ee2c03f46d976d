import Foundation
import SpatialCore

/// Replays answered calls against the distance-model dispatcher: fit on one period, score on a later one.
///
/// Scores how often the first station it would send is the one that actually arrived first, and how far its
/// predicted attendance for that station is from the measured one — for a ladder of rankings, each adding one
/// thing learned from the training period only:
/// 1. the straight-line nearest station;
/// 2. the distance model (`a + b·d + c·√d`, least absolute deviations on the training calls) with per-station
///    offsets learned so that its choices agree with who answered (averaged perceptron);
/// 3. plus a preference for the station whose ground the call lies in, the grounds learned from the training
///    calls (1-nearest past call); the preference in seconds, and whether the offsets stay, chosen by agreement on
///    the last quarter of the training calls with everything refitted on the first three quarters (so pass the
///    training calls in time order);
/// 4. the station whose ground the record names, else the model — for comparison, as it uses a field of the
///    call record that a city with points only does not have.
/// O(calls × stations × epochs).
public struct FirstStationValidation: Sendable {
    public struct Variant: Sendable {
        public let name: String
        public let agreed: Int
        public let calls: Int
        /// |predicted − measured| attendance of the station that actually answered, seconds; nil without a time model.
        public let medianAbsoluteErrorSeconds: Double?
        public let p90AbsoluteErrorSeconds: Double?
        public var agreementPercent: Double { calls == 0 ? .nan : 100 * Double(agreed) / Double(calls) }
    }

    public let source: String
    public let trainingCalls: Int
    public let testCalls: Int
    /// Calls dropped because the station that answered is not among the stations given.
    public let droppedCalls: Int
    /// The fitted model of the best ranking learned from history (with its per-station offsets when they were kept).
    public let model: DistanceTravelModel
    /// The ground preference chosen on the held-out last quarter of the training calls, seconds.
    public let groundPreferenceSeconds: Double
    public let variants: [Variant]

    /// Fits on `training`, scores on `test`; `source` names the data for the model's basis line.
    public static func run(stations: [StationPoint], training: [AnsweredCall], test: [AnsweredCall], source: String,
                           groundPreferenceChoices: [Double] = [0, 15, 30, 45, 60, 90, 120]) throws -> FirstStationValidation {
        let byID = Dictionary(stations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let train = training.filter { byID[$0.respondingStationID] != nil }
        let scored = test.filter { byID[$0.respondingStationID] != nil }
        let trips = train.map { MeasuredTrip(originID: $0.respondingStationID, origin: byID[$0.respondingStationID]!.at,
                                             target: $0.at, travelSeconds: $0.attendanceSeconds) }
        let base = try DistanceModelCalibration.fit(trips, source: source)
        var ranker = FirstStationRanker(stations: stations, model: base)

        var variants: [Variant] = []
        let nearest = agreement(scored) { c in stations.min { (Haversine.distanceMetres($0.at, c.at), $0.id) < (Haversine.distanceMetres($1.at, c.at), $1.id) }?.id }
        variants.append(variant("straight-line nearest station", nearest, errors: nil))
        variants.append(variant("distance model, no offsets (same order as nearest)",
                                agreement(scored) { ranker.first(at: $0.at) }, errors: errors(scored, ranker.model, byID)))

        ranker.model.offsetSeconds = ranker.learnOffsets(from: train)
        let withOffsets = errors(scored, ranker.model, byID)
        variants.append(variant("+ per-station offsets (perceptron on the training calls)",
                                agreement(scored) { ranker.first(at: $0.at) }, errors: withOffsets))

        // Choose, on the last quarter of the training calls with everything refitted on the first three quarters,
        // whether the offsets help once grounds are known and how strong the ground preference is.
        let cut = train.count * 3 / 4
        let (early, late) = (Array(train[..<cut]), Array(train[cut...]))
        var probe = FirstStationRanker(stations: stations, model: try DistanceModelCalibration.fit(
            early.map { MeasuredTrip(originID: $0.respondingStationID, origin: byID[$0.respondingStationID]!.at, target: $0.at, travelSeconds: $0.attendanceSeconds) },
            source: source))
        let probeOffsets = probe.learnOffsets(from: early), probeGrounds = LearnedGround(calls: early)
        var best = (useOffsets: true, preference: 0.0, agreed: -1)
        for useOffsets in [false, true] {
            probe.model.offsetSeconds = useOffsets ? probeOffsets : [:]
            for p in groundPreferenceChoices {
                probe.groundPreferenceSeconds = p
                let a = agreement(late) { probe.first(at: $0.at, ground: probeGrounds.station(at: $0.at)) }.agreed
                if a > best.agreed { best = (useOffsets, p, a) }
            }
        }
        let grounds = LearnedGround(calls: train)
        var grounded = ranker
        if !best.useOffsets { grounded.model.offsetSeconds = [:] }
        grounded.groundPreferenceSeconds = best.preference
        variants.append(variant("+ grounds learned from the training calls (nearest past call), preference \(DistanceTravelModel.format(best.preference)) s"
                                    + (best.useOffsets ? "" : ", offsets off") + " (chosen on the last quarter of the training calls)",
                                agreement(scored) { grounded.first(at: $0.at, ground: grounds.station(at: $0.at)) },
                                errors: errors(scored, grounded.model, byID)))

        var recordGround = ranker
        recordGround.groundPreferenceSeconds = 1e9
        variants.append(variant("ground station named in the call record, else the model",
                                agreement(scored) { recordGround.first(at: $0.at, ground: $0.groundStationID) }, errors: withOffsets))

        return FirstStationValidation(source: source, trainingCalls: train.count, testCalls: scored.count,
                                      droppedCalls: training.count + test.count - train.count - scored.count,
                                      model: grounded.model, groundPreferenceSeconds: best.preference, variants: variants)
    }

    /// How many of `calls` `choose` answers with the station that actually answered. O(calls × cost of choose).
    public static func agreement(_ calls: [AnsweredCall], choose: (AnsweredCall) -> String?) -> (agreed: Int, calls: Int) {
        (calls.reduce(0) { $0 + (choose($1) == $1.respondingStationID ? 1 : 0) }, calls.count)
    }

    static func errors(_ calls: [AnsweredCall], _ model: DistanceTravelModel, _ byID: [String: StationPoint]) -> [Double] {
        calls.map { abs(model.travelSeconds(from: byID[$0.respondingStationID]!.at, to: $0.at, originID: $0.respondingStationID) - $0.attendanceSeconds) }
    }

    static func variant(_ name: String, _ a: (agreed: Int, calls: Int), errors: [Double]?) -> Variant {
        Variant(name: name, agreed: a.agreed, calls: a.calls,
                medianAbsoluteErrorSeconds: errors.map { DistanceModelCalibration.percentile($0, 50) },
                p90AbsoluteErrorSeconds: errors.map { DistanceModelCalibration.percentile($0, 90) })
    }

    /// The figures as a plain table, one variant a line.
    public var table: String {
        var lines = ["\(model.basis)", "fitted on \(trainingCalls) calls, scored on \(testCalls) later calls (\(droppedCalls) dropped: responding station unknown)"]
        for v in variants {
            let err = v.medianAbsoluteErrorSeconds.map { m in String(format: "  |error| median %.0f s, p90 %.0f s", m, v.p90AbsoluteErrorSeconds ?? .nan) } ?? ""
            lines.append(String(format: "%5.1f %%  (%d/%d)  ", v.agreementPercent, v.agreed, v.calls) + v.name + err)
        }
        return lines.joined(separator: "\n")
    }
}
