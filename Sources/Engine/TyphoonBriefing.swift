import Foundation
import Hazards
import SpatialCore
import SpatialProjection

/// A typhoon briefing for one place: the track, the closest approach, the wind at the place at a time, the gale and
/// storm radii, the warning colour with its rule, and the districts in gale and storm winds.
public struct TyphoonBriefing: Sendable {
    public var stormId: String
    public var fixCount: Int
    public var forecastCount: Int
    public var trackStart: Date
    public var trackEnd: Date
    /// Highest reported 1-minute wind along the track, knots, and when.
    public var peakWindKnots: Double
    public var peakTime: Date
    public var lowestPressureHPa: Double?
    public var point: Coordinate
    public var closest: TyphoonAssessment.ClosestApproach
    /// The time asked for (else the closest approach) and the modelled mean wind at the point then, m/s.
    public var time: Date
    public var windAtTimeMetresPerSecond: Double
    /// Gale (≥ 17.2 m/s) and storm (≥ 24.5 m/s) radii at `time`, metres; nil when never reached.
    public var galeRadiusMetres: Double?
    public var stormRadiusMetres: Double?
    public var warning: TyphoonAssessment.Warning
    /// When the warning is judged: the asked time, else 24 h before the closest approach.
    public var warningIssueTime: Date
    /// The first hourly issue time at which each level's rule is met (colour → time), up to the closest approach.
    public var firstIssueByColour: [(colour: String, time: Date)]
    /// The warning rule in words, lowest to highest level.
    public var warningRules: [String]
    public var districts: [TyphoonAssessment.DistrictExposure]
    public var caveats: [String]
    public var validity: [String]

    /// Builds the briefing. `time` nil: the closest approach; `districts` empty: no district table.
    /// O(track duration / 10 min × district vertices).
    public static func brief(track: BestTrack, point: Coordinate, time: Date?,
                             districts: [(name: String, geometry: Geometry)],
                             levels: [TyphoonWarningLevel] = TyphoonWarningLevel.cma2007) throws -> TyphoonBriefing {
        let a = TyphoonAssessment(track: track)
        let closest = try a.closestApproach(to: point)
        let at = time ?? closest.time
        var validity = closest.validity
        guard let profile = try a.profile(at: at) else {
            throw HazardError.outOfRange(field: "time", value: at.timeIntervalSince1970, validRange: "\(track.timeSpan)",
                                         why: "the track (with forecasts) does not cover that time")
        }
        validity += profile.notes.filter { !validity.contains($0) }
        // The warning is issued ahead of the wind: judged at the asked time, else 24 h before the closest approach.
        let issue = time ?? max(track.timeSpan.lowerBound, closest.time - 24 * 3600)
        let warning = try a.warning(for: point, at: issue, levels: levels)
        validity += warning.validity.filter { !validity.contains($0) }
        var first: [(String, Date)] = []
        for level in levels {
            var t = track.timeSpan.lowerBound
            while t <= closest.time {
                if try a.warning(for: point, at: t, levels: [level]).level != nil { first.append((level.colour, t)); break }
                t += 3600
            }
        }
        let peak = track.fixes.max { $0.maxWindKnots < $1.maxWindKnots }!
        return TyphoonBriefing(
            stormId: track.stormId, fixCount: track.fixes.count, forecastCount: track.fixes.filter(\.isForecast).count,
            trackStart: track.timeSpan.lowerBound, trackEnd: track.timeSpan.upperBound,
            peakWindKnots: peak.maxWindKnots, peakTime: peak.time,
            lowestPressureHPa: track.fixes.compactMap(\.centralPressureHPa).min(),
            point: point, closest: closest, time: at,
            windAtTimeMetresPerSecond: profile.wind.windMetresPerSecond(atRadiusMetres: Geodesic.distanceMetres(profile.centre, point)),
            galeRadiusMetres: profile.wind.radiusMetres(forWindMetresPerSecond: WindForce.gale),
            stormRadiusMetres: profile.wind.radiusMetres(forWindMetresPerSecond: WindForce.storm),
            warning: warning, warningIssueTime: issue, firstIssueByColour: first,
            warningRules: levels.map { "\($0.colour) (\($0.chineseName)): mean wind ≥ \($0.meanWindAtLeastMetresPerSecond.formatted()) m/s expected within \(Int($0.withinHours)) h" },
            districts: try a.districts(districts), caveats: TyphoonAssessment.caveats, validity: validity)
    }

    /// Parses a forecast fix "LON,LAT,ISO8601,VMAX_KT[,PRES_HPA]".
    public static func forecastFix(parsing text: String) throws -> TrackFix {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 4 || parts.count == 5 else {
            throw HazardError.insufficientData("forecast '\(text)': expected LON,LAT,ISO8601,VMAX_KT[,PRES_HPA]")
        }
        guard let lon = Double(parts[0]), let lat = Double(parts[1]) else { throw HazardError.insufficientData("forecast '\(text)': LON,LAT must be numbers") }
        guard let time = parseTime(parts[2]) else { throw HazardError.insufficientData("forecast '\(text)': time '\(parts[2])' is not ISO 8601 (2014-07-18T12:00:00Z)") }
        guard let v = Double(parts[3]), v > 0 else { throw HazardError.insufficientData("forecast '\(text)': VMAX_KT '\(parts[3])' must be a positive number of knots") }
        let p = parts.count == 5 ? Double(parts[4]) : nil
        if parts.count == 5, p == nil { throw HazardError.insufficientData("forecast '\(text)': PRES_HPA '\(parts[4])' is not a number") }
        return TrackFix(time: time, position: try Coordinate.validated(longitude: lon, latitude: lat), maxWindKnots: v,
                        centralPressureHPa: p, isForecast: true)
    }

    /// ISO 8601 with or without seconds and zone (UTC assumed): 2014-07-18T12:00:00Z, 2014-07-18T12:00Z, 2014-07-18T12:00.
    public static func parseTime(_ text: String) -> Date? {
        var s = text
        if !s.hasSuffix("Z"), !s.contains("+") { s += "Z" }
        let f = ISO8601DateFormatter()
        if let d = f.date(from: s) { return d }
        if let d = f.date(from: s.replacingOccurrences(of: "Z", with: ":00Z")) { return d }
        return nil
    }
}
