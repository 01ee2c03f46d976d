/// Road classes a fire engine can drive on, with default speeds, as the OSM `highway` values name them.
///
/// The table is data: see Sources/CityImport/OSM.md ("Roads") for the list, what is left out and why, and the source of
/// the default speeds.
public struct RoadClass: Sendable, Hashable {
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
    public static let drivable: [RoadClass] = {
        let main: [(String, Double, Bool)] = [
            ("motorway", 80, true), ("trunk", 60, false), ("primary", 50, false), ("secondary", 40, false),
            ("tertiary", 35, false),
        ]
        let minor: [(String, Double)] = [
            ("unclassified", 25), ("residential", 25), ("road", 25), ("living_street", 15), ("service", 15),
        ]
        return main.map { RoadClass(highway: $0.0, defaultSpeedKmh: $0.1, impliesOneway: $0.2) }
            + main.map { RoadClass(highway: $0.0 + "_link", defaultSpeedKmh: $0.1, impliesOneway: $0.2) }
            + minor.map { RoadClass(highway: $0.0, defaultSpeedKmh: $0.1, impliesOneway: false) }
    }()

    /// The drivable classes by `highway` value.
    public static let byHighway: [String: RoadClass] =
        Dictionary(uniqueKeysWithValues: drivable.map { ($0.highway, $0) })
}

extension RoadClass {
    /// Default speed for a `highway` class, km/h; 25 for a class not in the table (a planning default,
    /// not a measured speed).
    public static func defaultSpeedKmh(highwayClass: String) -> Double {
        byHighway[highwayClass]?.defaultSpeedKmh ?? 25
    }
}
