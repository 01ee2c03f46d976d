/// A water distribution network read from an EPANET `.inp` file, with every quantity in SI.
///
/// Read it with ``EPANETNetwork/read(contentsOf:)`` or ``EPANETNetwork/parse(bytes:fileName:)``;
/// turn it into `pipes` and `pipe_nodes` features with ``EPANETNetwork/features(network:networkKind:skippingNodesWithoutCoordinates:transform:)``.
/// Coordinates stay in the file's own units (a CRS or arbitrary local units); only the caller knows which.
/// See `EPANET.md` beside this file for the quirks handled.
public struct EPANETNetwork: Sendable, Hashable {
    /// The file name errors and warnings refer to (no directory).
    public var fileName: String
    /// The `[TITLE]` lines joined by newlines.
    public var title: String
    public var options: Options
    public var junctions: [Junction] = []
    public var reservoirs: [Reservoir] = []
    public var tanks: [Tank] = []
    public var pipes: [Pipe] = []
    public var pumps: [Pump] = []
    public var valves: [Valve] = []
    /// Node id → position, in the file's coordinate units.
    public var coordinates: [String: Point] = [:]
    /// Link id → intermediate vertices in order from the start node, in the file's coordinate units.
    public var vertices: [String: [Point]] = [:]
    /// Node id → tag (`[TAGS] NODE`).
    public var nodeTags: [String: String] = [:]
    /// Link id → tag (`[TAGS] LINK`).
    public var linkTags: [String: String] = [:]
    /// Things read but not understood, each naming file and line: unknown sections, lines outside
    /// any section, lines that were not UTF-8, a missing UNITS option.
    public var warnings: [String] = []

    /// The file's unit system, implied by its flow units.
    public var unitSystem: EPANETUnitSystem { options.flowUnits.unitSystem }

    /// Ids of nodes with no `[COORDINATES]` entry, in file order. O(n).
    public var nodesWithoutCoordinates: [String] {
        allNodeIDs.filter { coordinates[$0] == nil }
    }

    /// Every node id in file order: junctions, then reservoirs, then tanks.
    public var allNodeIDs: [String] {
        junctions.map(\.id) + reservoirs.map(\.id) + tanks.map(\.id)
    }

    /// The `[OPTIONS]` Beacon uses; `raw` keeps every option line as read (upper-cased key → value).
    public struct Options: Sendable, Hashable {
        public var flowUnits: EPANETFlowUnits = .gpm
        public var headloss: EPANETHeadlossFormula = .hazenWilliams
        public var pressureUnits: EPANETPressureUnits?
        /// Option name (upper case, words joined by one space) → the rest of the line.
        public var raw: [String: String] = [:]
        public init() {}
    }

    /// A position in the file's coordinate units (a CRS's easting/northing, or arbitrary local units).
    public struct Point: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    /// One demand category at a junction.
    public struct Demand: Sendable, Hashable {
        public var baseLitresPerSecond: Double
        public var patternID: String?
        public var category: String?
    }

    public struct Junction: Sendable, Hashable {
        public var id: String
        public var elevationMetres: Double
        /// The demand categories: the `[JUNCTIONS]` demand, replaced by the `[DEMANDS]` entries when there are any.
        public var demands: [Demand]
        /// The text after `;` on the defining line, if any.
        public var comment: String?
        /// Sum of the base demands of every category, litres per second.
        public var baseDemandLitresPerSecond: Double { demands.reduce(0) { $0 + $1.baseLitresPerSecond } }
        /// The pattern of the first demand category.
        public var patternID: String? { demands.first?.patternID }
    }

    /// A fixed-head source: a lake, river, aquifer or connection to another system.
    public struct Reservoir: Sendable, Hashable {
        public var id: String
        public var headMetres: Double
        public var patternID: String?
        public var comment: String?
    }

    /// A storage tank. A `[TANKS]` line with only an elevation (and a pattern) is a fixed-level tank,
    /// which EPANET treats as a reservoir; its level and size fields are nil.
    public struct Tank: Sendable, Hashable {
        public var id: String
        /// Bottom elevation, metres.
        public var elevationMetres: Double
        public var initialLevelMetres: Double?
        public var minimumLevelMetres: Double?
        public var maximumLevelMetres: Double?
        public var diameterMetres: Double?
        public var minimumVolumeCubicMetres: Double?
        public var volumeCurveID: String?
        public var comment: String?
        /// True when the line gave an elevation only (EPANET then treats the tank as a reservoir).
        public var isFixedLevel: Bool { initialLevelMetres == nil }
    }

    /// A link's initial status. Pipes are open, closed or a check valve; pumps open or closed;
    /// control valves active (controlling), or fixed open or closed.
    public enum LinkStatus: String, Sendable, Hashable {
        case open, closed, cv, active
    }

    public struct Pipe: Sendable, Hashable {
        public var id: String
        public var fromNode: String
        public var toNode: String
        public var lengthMetres: Double
        public var diameterMillimetres: Double
        /// In the SI meaning of the file's headloss formula: Hazen-Williams C, Darcy-Weisbach mm, or Manning n.
        public var roughness: Double
        public var minorLossCoefficient: Double
        public var status: LinkStatus
        public var comment: String?
    }

    public struct Pump: Sendable, Hashable {
        public var id: String
        public var fromNode: String
        public var toNode: String
        /// `HEAD` curve id.
        public var headCurveID: String?
        /// `POWER` of a constant-power pump, kilowatts.
        public var powerKilowatts: Double?
        /// `SPEED` relative speed setting (1 = nominal), or a numeric `[STATUS]` setting.
        public var speed: Double?
        /// `PATTERN` id of the speed pattern.
        public var patternID: String?
        /// Numbers given in the EPANET 1.x style instead of keywords, as read.
        public var legacyParameters: [Double]
        public var status: LinkStatus
        public var comment: String?
    }

    /// The EPANET control valve types.
    public enum ValveType: String, Sendable, Hashable, CaseIterable {
        /// Pressure reducing, pressure sustaining, pressure breaker, flow control, throttle control,
        /// general purpose (head-loss curve), positional control (EPANET 2.3).
        case prv = "PRV", psv = "PSV", pbv = "PBV", fcv = "FCV", tcv = "TCV", gpv = "GPV", pcv = "PCV"
    }

    /// A valve setting in SI, its meaning fixed by the valve type.
    public enum ValveSetting: Sendable, Hashable {
        /// PRV, PSV, PBV: metres of water head.
        case pressureMetres(Double)
        /// FCV: litres per second.
        case flowLitresPerSecond(Double)
        /// TCV: minor loss coefficient; PCV: percent open.
        case coefficient(Double)
        /// GPV: the id of its head-loss curve.
        case headlossCurve(String)
    }

    public struct Valve: Sendable, Hashable {
        public var id: String
        public var fromNode: String
        public var toNode: String
        public var diameterMillimetres: Double
        public var type: ValveType
        public var setting: ValveSetting
        public var minorLossCoefficient: Double
        /// `.active` unless `[STATUS]` fixes it open or closed.
        public var status: LinkStatus
        public var comment: String?
    }

    public init(fileName: String, title: String = "", options: Options = Options()) {
        self.fileName = fileName
        self.title = title
        self.options = options
    }
}
