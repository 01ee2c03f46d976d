import SpatialCore

/// How one road feature takes part in the graph: its speed, direction and closure, read from
/// the properties the OSM importer writes (`speed_kmh`, `oneway`, `closed`).
public struct RoadAttributes: Sendable, Equatable {
    /// Travel speed in km/h; always > 0 for a road that yields edges.
    public var speedKmh: Double
    /// 1 = along the vertex order only, -1 = against it only, 0 = both ways.
    public var oneway: Int
    /// A closed road yields no edges.
    public var isClosed: Bool

    public init(speedKmh: Double, oneway: Int = 0, isClosed: Bool = false) {
        self.speedKmh = speedKmh
        self.oneway = oneway
        self.isClosed = isClosed
    }

    /// Reads a road feature. `speed_kmh` falls back to ``defaultSpeedKmh(highwayClass:)`` for the
    /// feature's kind when missing or not positive; nil when the feature is not on the roads layer.
    public init?(_ feature: Feature) {
        guard feature.layer == .roads else { return nil }
        let given = feature.properties["speed_kmh"]?.doubleValue ?? 0
        speedKmh = given.isFinite && given > 0 ? given : Self.defaultSpeedKmh(highwayClass: feature.kind)
        let direction = feature.properties["oneway"]?.doubleValue ?? 0
        oneway = direction > 0 ? 1 : (direction < 0 ? -1 : 0)
        if case let .bool(closed)? = feature.properties["closed"] { isClosed = closed } else { isClosed = false }
    }

    /// Free-flow urban speed for an OSM `highway` class, km/h: the shared table in `RoadClass`.
    public static func defaultSpeedKmh(highwayClass: String) -> Double {
        RoadClass.defaultSpeedKmh(highwayClass: highwayClass)
    }
}
