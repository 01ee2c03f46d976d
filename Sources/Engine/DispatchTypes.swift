import SpatialCore

/// Where a candidate's drive starts.
public enum DispatchOrigin: Sendable, Hashable {
    /// A fresh AVL position, `ageSeconds` old.
    case avl(ageSeconds: Double)
    /// The home station: the AVL position is missing or older than the freshness limit (`staleSeconds`, nil when none).
    case homeStation(name: String, staleSeconds: Double?)

    public var description: String {
        switch self {
        case let .avl(age): "from AVL position (\(Int(age)) s old)"
        case let .homeStation(name, stale): "from home station \(name)" + (stale.map { " (AVL \(Int($0)) s old, stale)" } ?? "")
        }
    }

    public var isFreshAVL: Bool { if case .avl = self { true } else { false } }
}

/// A unit as the dispatcher core sees it — no store needed: the simulator builds these from its own state.
public struct DispatchUnit: Sendable, Hashable {
    public var id: String
    /// Call sign (`E021`).
    public var name: String
    /// Unit type: engine, ladder, ambulance, hazmat, rescue, police, repair_crew …
    public var kind: String
    /// What the unit can do beyond its type (`gas-network`, `aerial-32m` …).
    public var capabilities: Set<String>
    /// `available` units are candidates; any other status is refused with the status named.
    public var status: String
    /// Where its drive starts (its AVL fix when fresh, else its home station) and why.
    public var start: Coordinate
    public var origin: DispatchOrigin
    /// Home station id (for zone run orders and coverage moves); nil when it has none.
    public var homeStation: String?
    /// Alert to wheels rolling, seconds.
    public var turnoutSeconds: Double

    public init(id: String, name: String, kind: String, capabilities: Set<String> = [], status: String = "available",
                start: Coordinate, origin: DispatchOrigin, homeStation: String? = nil, turnoutSeconds: Double) {
        self.id = id
        self.name = name
        self.kind = kind
        self.capabilities = capabilities
        self.status = status
        self.start = start
        self.origin = origin
        self.homeStation = homeStation
        self.turnoutSeconds = turnoutSeconds
    }
}

/// One requirement line: `count` units of a type, or with capabilities, or both ("repair_crew[gas-network] × 2").
public struct DispatchNeed: Sendable, Hashable {
    /// Unit type required; nil when any type with the capabilities will do.
    public var kind: String?
    /// Capabilities every unit sent must have, sorted.
    public var capabilities: [String]
    public var count: Int

    public init(kind: String?, capabilities: [String] = [], count: Int) {
        self.kind = kind
        self.capabilities = Array(Set(capabilities)).sorted()
        self.count = count
    }

    /// `engine`, `repair_crew[gas-network]`, `[hazmat]`.
    public var label: String {
        (kind ?? "") + (capabilities.isEmpty ? "" : "[" + capabilities.joined(separator: ",") + "]")
    }

    public func accepts(_ unit: DispatchUnit) -> Bool {
        (kind == nil || unit.kind == kind) && capabilities.allSatisfy(unit.capabilities.contains)
    }
}

/// A zone run order: the fixed order of stations for one district (first due, second due …), as CAD systems keep.
public struct ZoneRunOrder: Sendable, Hashable {
    public let district: String
    /// Station ids, first due first.
    public let stations: [String]

    public init(district: String, stations: [String]) {
        self.district = district
        self.stations = stations
    }

    /// 1-based due position of `station`, nil when not in the order.
    public func position(of station: String?) -> Int? {
        station.flatMap { s in stations.firstIndex(of: s).map { $0 + 1 } }
    }
}

/// One incident's request to the dispatcher core.
public struct DispatchRequest: Sendable {
    public var incidentID: String
    public var target: Coordinate
    public var needs: [DispatchNeed]
    /// Response level I–IV as text (weights by ``LevelWeights``); nil when not graded.
    public var level: String?
    /// The run order of the district the incident lies in, when one is kept.
    public var runOrder: ZoneRunOrder?
    /// Call time (ISO 8601), for first-come-first-served comparisons; ties by id.
    public var calledAt: String?

    public init(incidentID: String, target: Coordinate, needs: [DispatchNeed], level: String? = nil,
                runOrder: ZoneRunOrder? = nil, calledAt: String? = nil) {
        self.incidentID = incidentID
        self.target = target
        self.needs = needs
        self.level = level
        self.runOrder = runOrder
        self.calledAt = calledAt
    }
}

/// How much one second of arrival time weighs by response level: Ⅰ 8, Ⅱ 4, Ⅲ 2, Ⅳ 1 (each level doubles
/// the one below), ungraded 1. Data, not law: change it here or pass another table.
public struct LevelWeights: Sendable {
    public var byLevel: [String: Double]
    public var ungraded: Double

    public static let doubling = LevelWeights(byLevel: ["I": 8, "II": 4, "III": 2, "IV": 1], ungraded: 1)

    public init(byLevel: [String: Double], ungraded: Double) {
        self.byLevel = byLevel
        self.ungraded = ungraded
    }

    public func weight(_ level: String?) -> Double { level.flatMap { byLevel[$0] } ?? ungraded }
}

/// One candidate ranked for one need of an incident.
public struct DispatchOption: Sendable {
    public let unit: DispatchUnit
    /// Road (or model) travel time from `unit.start`, seconds; infinity when none is known (see `note`).
    public let driveSeconds: Double
    public let note: String?
    /// Due position of the unit's home station in the incident's zone run order, when that order ranked it.
    public let runOrderPosition: Int?

    public var origin: DispatchOrigin { unit.origin }
    public var start: Coordinate { unit.start }
    public var turnoutSeconds: Double { unit.turnoutSeconds }
    public var etaSeconds: Double { turnoutSeconds + driveSeconds }
}

/// Human durations: "3 min 40 s", "45 s", "1 h 2 min 5 s".
public enum DispatchText {
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "no route" }
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600) h \(s % 3600 / 60) min \(s % 60) s" }
        return s < 60 ? "\(s) s" : "\(s / 60) min \(s % 60) s"
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }
}

/// A dispatcher question that cannot be answered, in words (unknown unit, no location …).
public struct DispatchError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
