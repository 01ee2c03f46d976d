import Foundation
import SpatialCore
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
    static func oneway(tags: OSMTags, roadClass: RoadClass) -> Int64 {
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
