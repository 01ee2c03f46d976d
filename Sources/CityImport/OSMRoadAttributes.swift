import Foundation
/// Road classes a fire engine can drive on, with default speeds, and the tag parsers for roads.
///
/// The table is data: see OSM.md ("Roads") for the list, what is left out and why, and the source of
/// the default speeds.
public struct OSMRoadClass: Sendable, Hashable {
    /// The `highway` value (`primary`, `primary_link` …).
    public var highway: String
    /// Speed used when the way has no parseable `maxspeed`, km/h.
    public var defaultSpeedKmh: Double
    /// True when the class is one-way unless tagged otherwise (motorways and their links).
    public var impliesOneway: Bool

    /// Drivable classes, main roads first. Links take their parent's speed.
    ///
    /// Default speeds are typical urban travel speeds for emergency routing in a Chinese city, set at or
    /// below the low end of the design speeds of CJJ 37-2012 (expressway 60–100, arterial 40–60,
    /// secondary arterial 30–50, branch road 20–40 km/h) to allow for junctions and traffic (verify
    /// locally; they are configuration, not facts).
    public static let drivable: [OSMRoadClass] = {
        let main: [(String, Double, Bool)] = [
            ("motorway", 80, true), ("trunk", 60, false), ("primary", 50, false), ("secondary", 40, false),
            ("tertiary", 35, false),
        ]
        let minor: [(String, Double)] = [
            ("unclassified", 25), ("residential", 25), ("road", 25), ("living_street", 15), ("service", 15),
        ]
        return main.map { OSMRoadClass(highway: $0.0, defaultSpeedKmh: $0.1, impliesOneway: $0.2) }
            + main.map { OSMRoadClass(highway: $0.0 + "_link", defaultSpeedKmh: $0.1, impliesOneway: $0.2) }
            + minor.map { OSMRoadClass(highway: $0.0, defaultSpeedKmh: $0.1, impliesOneway: false) }
    }()

    /// The drivable classes by `highway` value.
    public static let byHighway: [String: OSMRoadClass] =
        Dictionary(uniqueKeysWithValues: drivable.map { ($0.highway, $0) })
}

/// Parsers for road tags: `maxspeed`, `oneway`, `lanes`.
enum OSMRoadTags {
    /// Parses `maxspeed` into km/h: `50`, `50 km/h`, `50 kmh`, `30 mph`, `10 knots`; for a list
    /// (`50;30`) the first value. Returns nil for symbolic values (`RU:urban`, `none`, `walk`, `signals`).
    static func speedKmh(maxspeed: String) -> Double? {
        let first = maxspeed.split(separator: ";").first.map(String.init) ?? maxspeed
        let text = first.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = text.prefix { $0.isNumber || $0 == "." }
        guard !digits.isEmpty, let value = Double(digits), value > 0 else { return nil }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        switch unit {
        case "", "km/h", "kmh", "kph": return value
        case "mph": return value * 1.609344
        case "knots": return value * 1.852
        default: return nil
        }
    }

    /// Direction of travel: 1 along the way, -1 against it (`oneway=-1`), 0 both ways.
    ///
    /// An explicit `oneway` wins; otherwise roundabouts (`junction=roundabout|circular`) and classes
    /// that imply it (motorways) are one-way forward.
    static func oneway(tags: OSMTags, roadClass: OSMRoadClass) -> Int64 {
        switch tags["oneway"]?.lowercased() {
        case "yes", "true", "1": return 1
        case "-1", "reverse": return -1
        case "no", "false", "0", "alternating", "reversible": return 0
        default:
            let junction = tags["junction"]
            if junction == "roundabout" || junction == "circular" || roadClass.impliesOneway { return 1 }
            return 0
        }
    }

    /// `lanes` as a whole number, or nil when absent or not one (`2;3`, `two`).
    static func lanes(tags: OSMTags) -> Int64? {
        tags["lanes"].flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }.flatMap { $0 > 0 ? $0 : nil }
    }
}
