import SpatialCore

/// Travel time from distance alone, for a city with points but no road network:
/// `travelSeconds = intercept + secondsPerMetre × d + secondsPerRootMetre × √d (+ the origin's offset)`,
/// with `d` the great-circle distance in metres.
///
/// The √d term is Kolesar's acceleration law (a vehicle that speeds up and brakes covers short trips slower than
/// its cruising speed); the linear term is cruising; the intercept is what every trip costs whatever its length
/// (getting out of the street, finding the address). Both slopes are never negative, so time never falls with
/// distance. Fit it from history with ``DistanceModelCalibration``. Each answer is O(1); `fastest` is O(n log n).
public struct DistanceTravelModel: TravelTimeModel, Sendable {
    public let interceptSeconds: Double
    public let secondsPerMetre: Double
    public let secondsPerRootMetre: Double
    /// Seconds added for trips from a given candidate (keyed by candidate id: a station or unit), learned from
    /// history; 0 for ids not listed.
    public var offsetSeconds: [String: Double]
    /// What the figures rest on ("fitted on 1,613 calls from London Fire Brigade January–March 2009").
    public let fittedOn: String
    /// Median absolute error on the rows it was fitted on, seconds (nil for an uncalibrated default).
    public let medianAbsoluteErrorSeconds: Double?

    public init(interceptSeconds: Double, secondsPerMetre: Double, secondsPerRootMetre: Double = 0,
                offsetSeconds: [String: Double] = [:], fittedOn: String, medianAbsoluteErrorSeconds: Double? = nil) {
        precondition(secondsPerMetre >= 0 && secondsPerRootMetre >= 0 && secondsPerMetre + secondsPerRootMetre > 0,
                     "travel time must grow with distance")
        self.interceptSeconds = interceptSeconds
        self.secondsPerMetre = secondsPerMetre
        self.secondsPerRootMetre = secondsPerRootMetre
        self.offsetSeconds = offsetSeconds
        self.fittedOn = fittedOn
        self.medianAbsoluteErrorSeconds = medianAbsoluteErrorSeconds
    }

    /// A stated guess for a city without roads or history: straight line × 1.4 detour at 30 km/h, no intercept.
    /// Its basis says it is uncalibrated; `why` is appended ("3 measured trips in the store, 20 needed").
    public static func uncalibrated(speedKmh: Double = 30, detourFactor: Double = 1.4, why: String = "no history to fit on") -> DistanceTravelModel {
        DistanceTravelModel(interceptSeconds: 0, secondsPerMetre: detourFactor * 3.6 / speedKmh,
                            fittedOn: "UNCALIBRATED default: \(Self.format(detourFactor)) × straight line at \(Self.format(speedKmh)) km/h (\(why))")
    }

    /// Cruising speed along the straight line implied by the linear term, km/h (infinite when it is 0).
    public var straightLineSpeedKmh: Double { secondsPerMetre > 0 ? 3.6 / secondsPerMetre : .infinity }

    public var basis: String {
        var terms = ["\(Self.format(interceptSeconds)) s"]
        if secondsPerMetre > 0 { terms.append("straight line at \(Self.format(straightLineSpeedKmh)) km/h") }
        if secondsPerRootMetre > 0 { terms.append("\(Self.format(secondsPerRootMetre, digits: 2)) s × √metres") }
        var line = "distance model (no road network): " + terms.joined(separator: " + ")
        if !offsetSeconds.isEmpty { line += " + per-origin offsets (\(offsetSeconds.count))" }
        line += ", " + fittedOn
        if let m = medianAbsoluteErrorSeconds { line += ", median error \(Self.format(m)) s" }
        return line
    }

    /// Predicted seconds for a straight-line distance in metres (without an origin's offset). O(1).
    public func travelSeconds(distanceMetres d: Double) -> Double {
        max(0, interceptSeconds + secondsPerMetre * d + secondsPerRootMetre * max(0, d).squareRoot())
    }

    /// Predicted seconds from `origin` to `target`, with the offset of `originID` when one was learned. O(1).
    public func travelSeconds(from origin: Coordinate, to target: Coordinate, originID: String? = nil) -> Double {
        max(0, travelSeconds(distanceMetres: Haversine.distanceMetres(origin, target)) + (originID.flatMap { offsetSeconds[$0] } ?? 0))
    }

    public func fastest(from candidates: [(id: String, at: Coordinate)], to target: Coordinate,
                        limitSeconds: Double = .infinity) throws -> [DispatchCandidate] {
        guard Self.isPlaceable(target) else { throw RoadServiceError("target \(target) is not a WGS84 LON,LAT position") }
        var out: [DispatchCandidate] = []
        out.reserveCapacity(candidates.count)
        for c in candidates {
            guard Self.isPlaceable(c.at) else {
                out.append(DispatchCandidate(id: c.id, travelSeconds: .infinity, offNetworkMetres: 0, note: "\(c.id): position \(c.at) is not a WGS84 LON,LAT position"))
                continue
            }
            let t = travelSeconds(from: c.at, to: target, originID: c.id)
            out.append(DispatchCandidate(id: c.id, travelSeconds: t <= limitSeconds ? t : .infinity, offNetworkMetres: 0,
                                         note: t <= limitSeconds ? nil : "beyond the limit by the distance model"))
        }
        return out.sorted { ($0.travelSeconds, $0.id) < ($1.travelSeconds, $1.id) }
    }
}

extension DistanceTravelModel {
    /// "12.3" / "12" for figures in basis lines.
    static func format(_ x: Double, digits: Int = 1) -> String {
        guard x.isFinite else { return "\(x)" }
        let p = Double([1, 10, 100, 1000][min(3, max(0, digits))])
        let r = (x * p).rounded() / p
        return r == r.rounded() ? String(Int(r)) : "\(r)"
    }

    /// A finite longitude/latitude inside the WGS84 ranges.
    static func isPlaceable(_ c: Coordinate) -> Bool {
        c.longitude.isFinite && c.latitude.isFinite && abs(c.longitude) <= 180 && abs(c.latitude) <= 90
    }
}
