import Foundation
import SpatialCore
import SpatialProjection

/// The China typhoon warning signal (台风预警信号) levels: a colour, how soon, and what mean wind.
/// Defaults after CMA 《气象灾害预警信号发布与传播办法》 (2007) 附件: blue — within 24 h, mean wind ≥ 6 级;
/// yellow — 24 h, ≥ 8 级; orange — 12 h, ≥ 10 级; red — 6 h, ≥ 12 级 (gust criteria not used). Configurable.
public struct TyphoonWarningLevel: Sendable, Hashable {
    public var colour: String
    public var chineseName: String
    public var withinHours: Double
    public var meanWindAtLeastMetresPerSecond: Double
    public init(colour: String, chineseName: String, withinHours: Double, meanWindAtLeastMetresPerSecond: Double) {
        self.colour = colour
        self.chineseName = chineseName
        self.withinHours = withinHours
        self.meanWindAtLeastMetresPerSecond = meanWindAtLeastMetresPerSecond
    }

    /// Lowest to highest.
    public static let cma2007: [TyphoonWarningLevel] = [
        .init(colour: "blue", chineseName: "蓝", withinHours: 24, meanWindAtLeastMetresPerSecond: WindForce.level6),
        .init(colour: "yellow", chineseName: "黄", withinHours: 24, meanWindAtLeastMetresPerSecond: WindForce.gale),
        .init(colour: "orange", chineseName: "橙", withinHours: 12, meanWindAtLeastMetresPerSecond: WindForce.storm),
        .init(colour: "red", chineseName: "红", withinHours: 6, meanWindAtLeastMetresPerSecond: WindForce.level12),
    ]
}

/// A track turned into what a city needs: closest approach, wind radii, districts in gale and storm winds, warning colour.
public struct TyphoonAssessment: Sendable {
    public let track: BestTrack
    /// Sampling step along the track, seconds.
    public var stepSeconds: TimeInterval = 600

    public static let caveats = [
        "Holland (1980) profile over open water, symmetric about the centre: no land friction, no asymmetry from the storm's motion, no terrain; winds over land are usually lower and gusts higher.",
        "Radius of maximum wind from Vickery & Wadhera (2008), an Atlantic fit (verify for the Western Pacific); JTWC 1-minute winds × 0.93 to a 10-minute mean.",
        "Between fixes the track is interpolated linearly; gaps over 12 h are flagged.",
    ]

    public init(track: BestTrack) { self.track = track }

    /// The wind profile at `time`, with validity notes; nil outside the track.
    public func profile(at time: Date) throws(HazardError) -> (wind: HollandWind, centre: Coordinate, notes: [String])? {
        guard let s = track.state(at: time) else { return nil }
        let wind = try HollandWind(fix: s.fix)
        var notes: [String] = []
        if s.inGap { notes.append("\(time): inside a track gap of more than 12 h; position interpolated across the gap") }
        if wind.pressureEstimated { notes.append("\(time): central pressure missing; estimated from the wind (Atkinson–Holliday)") }
        if s.fix.isForecast { notes.append("\(time): uses the forecast position") }
        return (wind, s.fix.position, notes)
    }

    /// Mean wind, m/s, at `point` and `time` (0 outside the track).
    public func windMetresPerSecond(at point: Coordinate, time: Date) throws(HazardError) -> Double {
        guard let p = try profile(at: time) else { return 0 }
        return p.wind.windMetresPerSecond(atRadiusMetres: Geodesic.distanceMetres(p.centre, point))
    }

    public struct ClosestApproach: Sendable {
        public var time: Date
        public var distanceMetres: Double
        public var centre: Coordinate
        public var maxWindKnots: Double
        public var windAtPointMetresPerSecond: Double
        public var galeRadiusMetres: Double?
        public var stormRadiusMetres: Double?
        public var validity: [String]
    }

    /// The time and distance of the track's closest approach to `point`, sampled every ``stepSeconds``. O(duration / step).
    public func closestApproach(to point: Coordinate) throws(HazardError) -> ClosestApproach {
        var best: (Date, Double, TrackFix, Bool)?
        var t = track.timeSpan.lowerBound
        while t <= track.timeSpan.upperBound {
            if let s = track.state(at: t) {
                let d = Geodesic.distanceMetres(s.fix.position, point)
                if best == nil || d < best!.1 { best = (t, d, s.fix, s.inGap) }
            }
            t += stepSeconds
        }
        let (time, distance, fix, _) = best!
        let (wind, _, notes) = try profile(at: time)!
        return ClosestApproach(time: time, distanceMetres: distance, centre: fix.position, maxWindKnots: fix.maxWindKnots,
                               windAtPointMetresPerSecond: wind.windMetresPerSecond(atRadiusMetres: distance),
                               galeRadiusMetres: wind.radiusMetres(forWindMetresPerSecond: WindForce.gale),
                               stormRadiusMetres: wind.radiusMetres(forWindMetresPerSecond: WindForce.storm),
                               validity: notes)
    }

    public struct DistrictExposure: Sendable {
        public var name: String
        public var peakWindMetresPerSecond: Double
        public var peakTime: Date
        /// First and last time the district had gale (≥ 17.2 m/s) / storm (≥ 24.5 m/s) winds somewhere inside it.
        public var gale: ClosedRange<Date>?
        public var storm: ClosedRange<Date>?
    }

    /// For each named district polygon, the peak wind anywhere inside it and when gale and storm winds cover part of it.
    /// Distances are taken to the polygon's vertices (and 0 when the centre is inside), so keep boundaries dense. O(T · V).
    public func districts(_ districts: [(name: String, geometry: Geometry)]) throws(HazardError) -> [DistrictExposure] {
        var out: [DistrictExposure] = []
        for (name, geometry) in districts {
            let rings = geometry.polygonRings
            let vertices = rings.flatMap { $0 }
            guard !vertices.isEmpty else { continue }
            var peak = (0.0, track.timeSpan.lowerBound)
            var gale: ClosedRange<Date>?, storm: ClosedRange<Date>?
            var t = track.timeSpan.lowerBound
            while t <= track.timeSpan.upperBound {
                if let p = try profile(at: t) {
                    let distances = vertices.map { Geodesic.distanceMetres(p.centre, $0) }
                    let inside = geometry.containsPoint(p.centre)
                    let v = p.wind.maxWind(nearestMetres: inside ? 0 : distances.min()!, farthestMetres: distances.max()!)
                    if v > peak.0 { peak = (v, t) }
                    if v >= WindForce.gale { gale = (gale?.lowerBound ?? t)...t }
                    if v >= WindForce.storm { storm = (storm?.lowerBound ?? t)...t }
                }
                t += stepSeconds
            }
            out.append(DistrictExposure(name: name, peakWindMetresPerSecond: peak.0, peakTime: peak.1, gale: gale, storm: storm))
        }
        return out
    }

    public struct Warning: Sendable {
        /// The highest level met, or nil for no signal.
        public var level: TyphoonWarningLevel?
        /// Highest mean wind expected at the point within each level's lead time, m/s (keyed by colour).
        public var expectedWindByColour: [String: Double]
        public var validity: [String]
    }

    /// The warning colour for `point` at `issueTime`: the highest level whose mean wind is expected at the point
    /// within its lead time. O(24 h / step).
    public func warning(for point: Coordinate, at issueTime: Date,
                        levels: [TyphoonWarningLevel] = TyphoonWarningLevel.cma2007) throws(HazardError) -> Warning {
        var validity: [String] = []
        var expected: [String: Double] = [:]
        var met: TyphoonWarningLevel?
        for level in levels {
            let end = issueTime + level.withinHours * 3600
            if end > track.timeSpan.upperBound {
                validity.append("the track ends \(track.timeSpan.upperBound) before the \(level.colour) lead time ends (\(end)); add a forecast position")
            }
            var peak = 0.0
            var t = issueTime
            while t <= end {
                if let p = try profile(at: t) {
                    peak = max(peak, p.wind.windMetresPerSecond(atRadiusMetres: Geodesic.distanceMetres(p.centre, point)))
                    for n in p.notes where !validity.contains(n) && n.contains("gap") { validity.append(n) }
                }
                t += stepSeconds
            }
            expected[level.colour] = peak
            if peak >= level.meanWindAtLeastMetresPerSecond { met = level }
        }
        return Warning(level: met, expectedWindByColour: expected, validity: validity)
    }
}

extension Geometry {
    /// The rings of a polygon or multipolygon (exteriors and holes); empty for other kinds.
    var polygonRings: [[Coordinate]] {
        switch self {
        case let .polygon(rings): rings
        case let .multiPolygon(polys): polys.flatMap { $0 }
        default: []
        }
    }

    /// Even–odd point-in-polygon over all rings, in degrees (fine away from the poles and the antimeridian). O(n).
    func containsPoint(_ p: Coordinate) -> Bool {
        var inside = false
        for ring in polygonRings where ring.count > 2 {
            var j = ring.count - 1
            for i in 0..<ring.count {
                let a = ring[i], b = ring[j]
                if (a.latitude > p.latitude) != (b.latitude > p.latitude),
                   p.longitude < (b.longitude - a.longitude) * (p.latitude - a.latitude) / (b.latitude - a.latitude) + a.longitude {
                    inside.toggle()
                }
                j = i
            }
        }
        return inside
    }
}
