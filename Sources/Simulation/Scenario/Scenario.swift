import RuleEngine
import SpatialCore

/// A plan-rehearsal scenario (预案仿真) as read from `Plans/scenarios/*.yaml` (`schema: beacon-scenario/1`):
/// which city, when, which plans, which units, what the weather and roads do, and what happens.
/// Times are seconds since 1970 (UTC); files write them as ISO 8601 with an offset. Durations in files are minutes.
public struct Scenario: Sendable {
    public var id: String
    public var title: String
    /// The scenario file, as given.
    public var file: String
    /// The city store, as written in the file (relative paths are resolved by the caller).
    public var store: String
    public var start: Double
    public var end: Double
    /// Plan ids in force; tasks of other plans are ignored.
    public var plans: [String]
    public var policy: String
    /// Call taking and processing, call → dispatch order.
    public var callProcessing: DurationDistribution
    public var roster: [RosterChange]
    public var weather: [WeatherPeriod]
    public var closures: [RoadClosure]
    public var injects: [Inject]
    public var streams: [BackgroundStream]
    public var sensors: [SensorReplay]
    /// Unit type → count of units always kept free at… nothing: coverage is measured for these unit types.
    public var coverageTargets: [CoverageTarget]
    /// Time on scene by incident type code (or stream name) when the inject or stream gives none.
    public var onScene: [String: DurationDistribution]

    public var durationSeconds: Double { end - start }
}

/// A place: a feature of the store (resolved when the scenario is checked) or a coordinate.
public enum ScenarioPlace: Sendable, Hashable, CustomStringConvertible {
    case feature(String)
    case coordinate(Coordinate)
    public var description: String {
        switch self {
        case let .feature(id): id
        case let .coordinate(c): "\(c.longitude),\(c.latitude)"
        }
    }
}

/// A change to the roster for a while: a station closed (its units out of service) or units lent away.
public struct RosterChange: Sendable {
    public enum What: Sendable, Hashable {
        case stationClosed(String)
        case unitsLent([String])
    }
    public var what: What
    public var from: Double
    public var to: Double
    public var reason: String
    public var location: SourceLocation
}

/// Weather for a while: road speeds scaled (0.6 = 60 % of normal), call rates scaled, a label.
public struct WeatherPeriod: Sendable {
    public var from: Double
    public var to: Double
    public var condition: String
    public var speedFactor: Double
    public var callFactor: Double
}

/// A road (store `roads` id) closed for a while.
public struct RoadClosure: Sendable {
    public var road: String
    public var from: Double
    public var to: Double
    public var reason: String
    public var location: SourceLocation
}

/// A scripted incident at a time.
public struct Inject: Sendable {
    public var at: Double
    /// Incident type code or alias, from `Plans/incident_types.yaml`.
    public var type: String
    public var place: ScenarioPlace
    /// `name=value` facts as the CLI takes them (`gas.concentration_lel=25%`).
    public var facts: [String]
    /// A toxic release to model (plume) and evacuate for.
    public var release: Release?
    /// Later fact changes (a leak stopped, a warning raised), minutes after the call.
    public var updates: [(afterMinutes: Double, facts: [String])]
    public var onScene: DurationDistribution?
    public var location: SourceLocation

    public struct Release: Sendable {
        public var substance: String
        public var rateKilogramsPerSecond: Double
        public var windFromDegrees: Double
        public var windMetresPerSecond: Double
        public var stability: String?
    }
}

/// Background calls of one kind: rate, weekly profile, where they happen, what they need, how long on scene.
public struct BackgroundStream: Sendable {
    public enum Spatial: Sendable, Hashable {
        /// Uniform over the road network (street length), the population proxy when the store has no head counts.
        case population
        /// Near the features of a layer (optionally one kind), equally weighted.
        case layer(String, kind: String?)
    }
    public var name: String
    /// Incident type (for plans and run cards) when it has one.
    public var type: String?
    /// Category in the profile table (EMS, Fire, Traffic), or nil for a flat rate.
    public var profile: String?
    /// The category's hour-of-week shape (flat when no profile is named).
    public var shape: WeeklyProfile
    public var perDay: Double
    public var spatial: Spatial
    /// Unit type → count when neither a plan nor a run card says.
    public var units: [String: Int]
    public var onScene: DurationDistribution?
    public var location: SourceLocation
}

/// A sensor series replayed from a CSV (`time,value`, ISO times): each reading sets the fact; crossing
/// `openAbove` opens an incident of `openType` at the sensor's place.
public struct SensorReplay: Sendable {
    public var file: String
    public var fact: String
    public var unit: String
    public var place: ScenarioPlace
    public var openType: String?
    public var openAbove: Double?
    public var readings: [(at: Double, value: Double)]
    public var location: SourceLocation
}

/// A response-time standard to report against: first unit of `unitKinds` on scene within `seconds`
/// for at least `share` of the calls of `streams` (all when empty).
public struct CoverageTarget: Sendable, Hashable {
    public var name: String
    public var unitKinds: [String]
    public var seconds: Double
    public var share: Double
    public var source: String
}
