/// The layers of a city store (see DESIGN.md "The store"); raw values are the table names.
public enum Layer: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case roads, pipes
    case pipeNodes = "pipe_nodes"
    case components, hazards, facilities, units, incidents, districts
    case gridCells = "grid_cells"
    case sensors, buildings

    public var description: String { rawValue }

    /// Parses a table name or a friendly alias (`pipe-nodes`, `grid-cells`).
    public init?(name: String) {
        self.init(rawValue: name.replacingOccurrences(of: "-", with: "_").lowercased())
    }
}

/// A typed attribute value, as stored in SQLite.
public enum PropertyValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case text(String)
    case integer(Int64)
    case real(Double)
    case bool(Bool)

    public var description: String {
        switch self {
        case let .text(s): s
        case let .integer(i): String(i)
        case let .real(d): d.formatted(significantDigits: 10)
        case let .bool(b): b ? "yes" : "no"
        }
    }

    public var doubleValue: Double? {
        switch self {
        case let .integer(i): Double(i)
        case let .real(d): d
        case let .text(s): Double(s)
        case let .bool(b): b ? 1 : 0
        }
    }

    public var textValue: String { description }
}

/// One thing on the map: a stable text id, its layer and kind, a geometry and typed attributes.
///
/// `id` is stable across re-imports (e.g. `osm:way/123`, `epanet:Net3:pipe/10`) so that importing the
/// same source again updates rows instead of duplicating them.
public struct Feature: Hashable, Sendable {
    public var id: String
    public var layer: Layer
    /// The kind within the layer: `fire_station`, `hydrant`, `valve`, `primary` …
    public var kind: String
    public var name: String?
    public var geometry: Geometry
    /// Layer-specific attributes; the store maps known keys to typed columns, the rest to JSON.
    public var properties: [String: PropertyValue]

    public init(id: String, layer: Layer, kind: String, name: String? = nil, geometry: Geometry,
                properties: [String: PropertyValue] = [:]) {
        self.id = id
        self.layer = layer
        self.kind = kind
        self.name = name
        self.geometry = geometry
        self.properties = properties
    }
}

extension Double {
    /// A compact decimal rendering with at most `significantDigits` significant digits.
    public func formatted(significantDigits: Int) -> String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        var s = String(format: "%.\(significantDigits)g", self)
        if s.contains("e") { return s }
        if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
        return s
    }
}
