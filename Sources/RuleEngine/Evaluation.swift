import SpatialCore

/// Spatial questions a condition may ask; the engine declares it, `Engine` answers it from the city store.
public protocol SpatialFacts {
    /// Geodesic distance in metres from `from` to the nearest feature of `layer` (of `kind` when given), nil when none.
    func distanceMetres(from: Coordinate, toNearest layer: Layer, kind: String?) -> Double?
    /// Whether `c` lies inside the district (a `districts` or `grid_cells` feature id).
    func isInside(_ c: Coordinate, district: String) -> Bool
}

/// What a compiled condition reads when it runs: facts, the clock, the incident's position and the map.
public struct EvalContext {
    public var facts: FactSet
    /// Seconds since 1970.
    public var now: Double
    public var location: Coordinate?
    public var spatial: (any SpatialFacts)?
    /// Local time offset for `hour()`; China Standard Time by default.
    public var utcOffsetSeconds: Double

    public init(facts: FactSet, now: Double, location: Coordinate? = nil, spatial: (any SpatialFacts)? = nil,
                utcOffsetSeconds: Double = 8 * 3600) {
        self.facts = facts
        self.now = now
        self.location = location
        self.spatial = spatial
        self.utcOffsetSeconds = utcOffsetSeconds
    }
}

/// Three-valued truth (Kleene): a condition that reads an unknown fact is unknown, and only `true` fires.
public enum Truth: UInt8, Sendable {
    case no, yes, unknown

    @inline(__always) static func of(_ b: Bool) -> Truth { b ? .yes : .no }
    @inline(__always) static func and(_ a: Truth, _ b: Truth) -> Truth {
        a == .no || b == .no ? .no : (a == .yes && b == .yes ? .yes : .unknown)
    }
    @inline(__always) static func or(_ a: Truth, _ b: Truth) -> Truth {
        a == .yes || b == .yes ? .yes : (a == .no && b == .no ? .no : .unknown)
    }
    @inline(__always) var negated: Truth { self == .unknown ? .unknown : (self == .yes ? .no : .yes) }
}

typealias NumberCode = @Sendable (EvalContext) -> Double      // NaN when unknown
typealias TruthCode = @Sendable (EvalContext) -> Truth
typealias StringCode = @Sendable (EvalContext) -> String?

/// A condition parsed, type-checked and compiled to closures once; evaluated many times without re-parsing.
public struct Condition: Sendable {
    public let source: String
    public let expr: Expr
    /// Facts it reads; a change to any other fact cannot change its value.
    public let reads: Set<String>
    public let readsClock: Bool
    let code: TruthCode

    /// The condition's truth in `context`.
    @inline(__always)
    public func evaluate(_ context: EvalContext) -> Truth { code(context) }

    /// A condition that always holds (a step without `when`).
    public static let always = Condition(source: "true", expr: .bool(true, offset: 0), reads: [], readsClock: false, code: { _ in .yes })

    init(source: String, expr: Expr, reads: Set<String>, readsClock: Bool, code: @escaping TruthCode) {
        self.source = source
        self.expr = expr
        self.reads = reads
        self.readsClock = readsClock
        self.code = code
    }
}
