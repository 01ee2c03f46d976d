import SpatialCore

/// How one layer is stored: its SpatiaLite geometry type and the attributes that get typed columns.
///
/// Properties whose key names a typed column are stored there (and are queryable in SQL and QGIS);
/// any other property goes to the `props` JSON column. Every layer table also has
/// `fid` (integer primary key, used by the R*Tree), `id` (stable text id), `kind`, `name`, `props`,
/// `source`, `import_run`, `updated_at` and `geom`.
public struct LayerSchema: Sendable {
    public enum ColumnType: Sendable {
        case text, integer, real, boolean
        /// SQLite storage type; booleans are 0/1 integers.
        var sqlType: String {
            switch self {
            case .text: "TEXT"
            case .integer, .boolean: "INTEGER"
            case .real: "REAL"
            }
        }
    }

    public let layer: Layer
    /// SpatiaLite geometry type (`POINT`, `LINESTRING`, `MULTIPOLYGON`, `GEOMETRY`).
    public let geometryType: String
    public let columns: [(name: String, type: ColumnType)]
    public let summary: String

    public var table: String { layer.rawValue }

    /// The schema of every layer; the table that DESIGN.md lists, plus buildings.
    public static let all: [LayerSchema] = [
        LayerSchema(layer: .roads, geometryType: "LINESTRING", columns: [
            ("speed_kmh", .real), ("oneway", .integer), ("lanes", .integer), ("name_en", .text), ("closed", .boolean),
        ], summary: "drivable roads: kind = OSM highway class; oneway 1 forward, -1 reverse, 0 both"),
        LayerSchema(layer: .pipes, geometryType: "LINESTRING", columns: [
            ("network", .text), ("material", .text), ("diameter_mm", .real), ("pressure_class", .text),
            ("install_year", .integer), ("from_node", .text), ("to_node", .text), ("length_m", .real), ("status", .text),
        ], summary: "pipelines by network (water, drainage, gas, heat, power, telecom, streetlight)"),
        LayerSchema(layer: .pipeNodes, geometryType: "POINT", columns: [
            ("network", .text), ("elevation_m", .real), ("valve_state", .text), ("operability", .text),
            ("is_source", .boolean), ("base_demand_lps", .real),
        ], summary: "junctions, valves (state and operability kept apart), hydrants, sources, tanks, customers"),
        LayerSchema(layer: .components, geometryType: "GEOMETRY", columns: [
            ("objid", .text), ("class_code", .text), ("subclass_code", .text), ("status", .text),
            ("department", .text), ("grid_cell", .text),
        ], summary: "city components (GB/T 30428.2): 16-digit ObjID, class and sub-class codes"),
        LayerSchema(layer: .hazards, geometryType: "POINT", columns: [
            ("substance", .text), ("quantity_t", .real), ("grade", .text),
        ], summary: "hazard sources: major hazard sources, fuel stations, chemical stores"),
        LayerSchema(layer: .facilities, geometryType: "POINT", columns: [
            ("capacity", .integer), ("name_en", .text), ("district", .text),
        ], summary: "fire stations, hospitals, police, shelters (capacity), warehouses (stock in stock_movements)"),
        LayerSchema(layer: .units, geometryType: "POINT", columns: [
            ("home_facility", .text), ("status", .text), ("capabilities", .text), ("position_at", .text),
        ], summary: "response units: kind = unit type; status machine; last known position"),
        LayerSchema(layer: .incidents, geometryType: "POINT", columns: [
            ("type_code", .text), ("level", .text), ("state", .text), ("address", .text),
            ("called_at", .text), ("answered_at", .text), ("dispatched_at", .text), ("turnout_at", .text),
            ("en_route_at", .text), ("on_scene_at", .text), ("cleared_at", .text),
        ], summary: "incidents: GB/T 35561 type, level I–IV, state, a timestamp per interval"),
        LayerSchema(layer: .districts, geometryType: "MULTIPOLYGON", columns: [
            ("admin_code", .text), ("admin_level", .text), ("population", .integer),
        ], summary: "administrative districts for jurisdiction and reports"),
        LayerSchema(layer: .gridCells, geometryType: "MULTIPOLYGON", columns: [
            ("district", .text), ("code", .text),
        ], summary: "management grid cells (数字化城管 grid)"),
        LayerSchema(layer: .sensors, geometryType: "POINT", columns: [
            ("network", .text), ("quantity", .text), ("unit", .text), ("alarm_low", .real), ("alarm_high", .real),
            ("attached_to", .text),
        ], summary: "sensors; readings in the readings table"),
        LayerSchema(layer: .buildings, geometryType: "GEOMETRY", columns: [
            ("levels", .integer), ("height_m", .real),
        ], summary: "buildings (footprints), for exposure estimates"),
    ]

    public static func of(_ layer: Layer) -> LayerSchema {
        all.first { $0.layer == layer }!
    }

    /// Whether a geometry fits this layer's column, after promoting a polygon to a multipolygon.
    func accepts(_ g: Geometry) -> Bool {
        switch geometryType {
        case "GEOMETRY": true
        case "MULTIPOLYGON": if case .multiPolygon = g { true } else if case .polygon = g { true } else { false }
        default: g.typeName == geometryType
        }
    }

    /// The geometry as stored: polygons are promoted for MULTIPOLYGON columns.
    func stored(_ g: Geometry) -> Geometry {
        if geometryType == "MULTIPOLYGON", case let .polygon(p) = g { return .multiPolygon([p]) }
        return g
    }
}
