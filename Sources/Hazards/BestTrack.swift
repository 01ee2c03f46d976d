import Foundation
import SpatialCore

/// One fix of a tropical-cyclone track.
public struct TrackFix: Sendable, Hashable {
    public var time: Date
    public var position: Coordinate
    /// Maximum sustained wind as the agency reports it (JTWC: 1-minute mean at 10 m), knots.
    public var maxWindKnots: Double
    /// Minimum sea-level pressure, hPa; nil when not reported (common before the 1970s).
    public var centralPressureHPa: Double?
    /// True for a forecast position appended to the observed track.
    public var isForecast: Bool

    public init(time: Date, position: Coordinate, maxWindKnots: Double, centralPressureHPa: Double?, isForecast: Bool = false) {
        self.time = time
        self.position = position
        self.maxWindKnots = maxWindKnots
        self.centralPressureHPa = centralPressureHPa
        self.isForecast = isForecast
    }
}

/// A storm's best track: fixes in time order, with the gaps that make interpolation unsafe.
public struct BestTrack: Sendable {
    public var stormId: String
    public var fixes: [TrackFix]
    /// Longest interval between fixes that is still interpolated without a flag, seconds (12 h).
    public static let maximumGapSeconds: TimeInterval = 12 * 3600

    /// A track from fixes (sorted here). - Throws: when there are fewer than two fixes or two share a time.
    public init(stormId: String, fixes: [TrackFix]) throws(HazardError) {
        let sorted = fixes.sorted { $0.time < $1.time }
        guard sorted.count >= 2 else { throw .insufficientData("storm \(stormId): \(sorted.count) fix(es); a track needs at least two") }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.time == b.time {
            throw .insufficientData("storm \(stormId): two fixes at \(a.time)")
        }
        self.stormId = stormId
        self.fixes = sorted
    }

    /// Intervals between consecutive fixes longer than ``maximumGapSeconds``.
    public var gaps: [ClosedRange<Date>] {
        zip(fixes, fixes.dropFirst()).compactMap { a, b in
            b.time.timeIntervalSince(a.time) > BestTrack.maximumGapSeconds ? a.time...b.time : nil
        }
    }

    public var timeSpan: ClosedRange<Date> { fixes.first!.time...fixes.last!.time }

    /// The track with a forecast position appended (after the last fix).
    public func appending(forecast: TrackFix) throws(HazardError) -> BestTrack {
        guard forecast.time > fixes.last!.time else {
            throw .insufficientData("forecast time \(forecast.time) is not after the last fix \(fixes.last!.time)")
        }
        var f = forecast
        f.isForecast = true
        return try BestTrack(stormId: stormId, fixes: fixes + [f])
    }

    /// The state at `time` by linear interpolation between fixes (position in degrees; fine over 6–12 h steps).
    /// Returns nil outside the track; `inGap` is true when the bracketing fixes are more than 12 h apart.
    public func state(at time: Date) -> (fix: TrackFix, inGap: Bool)? {
        guard timeSpan.contains(time) else { return nil }
        guard let j = fixes.firstIndex(where: { $0.time >= time }) else { return nil }
        if fixes[j].time == time || j == 0 { return (fixes[j], false) }
        let a = fixes[j - 1], b = fixes[j]
        let w = time.timeIntervalSince(a.time) / b.time.timeIntervalSince(a.time)
        func lerp(_ x: Double, _ y: Double) -> Double { x + (y - x) * w }
        var dLon = b.position.longitude - a.position.longitude
        if dLon > 180 { dLon -= 360 } else if dLon < -180 { dLon += 360 }
        let pressure: Double? = if let pa = a.centralPressureHPa, let pb = b.centralPressureHPa { lerp(pa, pb) } else { nil }
        let fix = TrackFix(time: time,
                           position: Coordinate(longitude: a.position.longitude + dLon * w, latitude: lerp(a.position.latitude, b.position.latitude)),
                           maxWindKnots: lerp(a.maxWindKnots, b.maxWindKnots), centralPressureHPa: pressure,
                           isForecast: a.isForecast || b.isForecast)
        return (fix, b.time.timeIntervalSince(a.time) > BestTrack.maximumGapSeconds)
    }
}

/// Reads the JTWC best-track CSV of `../shared/data/typhoon/` (columns CY, Year, Month, Day, Hour, Lat, Lon,
/// VMax kt, MSLP hPa (may be empty), SN storm id YYYYCY, Cat; extra columns ignored).
public enum JTWCBestTrack {
    /// The track of storm `stormId` (e.g. "201409") from `url`. O(lines).
    /// - Throws: ``HazardError/malformedLine(file:line:reason:)`` naming the line and field, or insufficientData.
    public static func load(_ url: URL, stormId: String) throws -> BestTrack {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next()?.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) else {
            throw HazardError.malformedLine(file: url.lastPathComponent, line: 1, reason: "empty file")
        }
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw HazardError.malformedLine(file: url.lastPathComponent, line: 1, reason: "no column '\(name)' in header \(header)")
            }
            return i
        }
        let (cY, cM, cD, cH, cLat, cLon, cV, cP, cSN) = try (column("Year"), column("Month"), column("Day"), column("Hour"),
                                                                column("Lat"), column("Lon"), column("VMax"), column("MSLP"), column("SN"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var fixes: [TrackFix] = []
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard f.count > cSN, f[cSN] == stormId else { continue }
            func value(_ i: Int, _ name: String) throws -> Double {
                guard let v = Double(f[i]) else {
                    throw HazardError.malformedLine(file: url.lastPathComponent, line: lineNumber, reason: "\(name) '\(f[i])' is not a number")
                }
                return v
            }
            let comps = DateComponents(year: Int(try value(cY, "Year")), month: Int(try value(cM, "Month")),
                                       day: Int(try value(cD, "Day")), hour: Int(try value(cH, "Hour")))
            guard let time = calendar.date(from: comps) else {
                throw HazardError.malformedLine(file: url.lastPathComponent, line: lineNumber, reason: "no such date \(comps)")
            }
            let position = try Coordinate.validated(longitude: try value(cLon, "Lon"), latitude: try value(cLat, "Lat"))
            fixes.append(TrackFix(time: time, position: position, maxWindKnots: try value(cV, "VMax"),
                                  centralPressureHPa: Double(f[cP])))
        }
        guard !fixes.isEmpty else { throw HazardError.insufficientData("storm \(stormId) not found in \(url.lastPathComponent)") }
        return try BestTrack(stormId: stormId, fixes: fixes)
    }
}
