import Foundation
import SpatialCore

/// Data rows of a small CSV table: (line number, trimmed cells) after the header, skipping blanks and `#` comments.
/// Throws naming the file and line when the header or a column count is wrong.
func dispatchTableRows(_ text: String, file: String, header: [String]) throws -> [(line: Int, cells: [String])] {
    var rows: [(Int, [String])] = [], seenHeader = false
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if line.isEmpty || line.hasPrefix("#") { continue }
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if !seenHeader {
            guard cells == header else { throw DispatchError("\(file):\(i + 1): header must be \(header.joined(separator: ",")), found \(line)") }
            seenHeader = true
            continue
        }
        guard cells.count == header.count else {
            throw DispatchError("\(file):\(i + 1): expected \(header.count) columns (\(header.joined(separator: ","))), found \(cells.count)")
        }
        rows.append((i + 1, cells))
    }
    guard seenHeader else { throw DispatchError("\(file): empty; expected the header \(header.joined(separator: ","))") }
    return rows
}

/// Capabilities a unit type must have for an incident type (Plans/dispatch_capabilities.csv): a gas leak's
/// repair crews must be gas crews. The longest matching incident-type prefix wins per unit type.
public struct CapabilityRequirements: Sendable {
    public struct Row: Sendable, Hashable {
        public let typePrefix: String
        public let unitType: String
        public let capabilities: [String]
        public let note: String
        public let line: Int
    }
    public let rows: [Row]
    public static let header = ["incident_type", "unit_type", "capabilities", "note"]

    public init(rows: [Row]) { self.rows = rows }

    /// Reads the table; every row needs an incident type, a unit type and at least one capability (space-separated).
    public static func parse(_ text: String, file: String) throws -> CapabilityRequirements {
        var rows: [Row] = []
        for (line, c) in try dispatchTableRows(text, file: file, header: header) {
            let caps = c[2].split(separator: " ").map(String.init)
            guard !c[0].isEmpty, c[0].allSatisfy(\.isNumber) else { throw DispatchError("\(file):\(line): incident_type must be a GB/T 35561 code or prefix, found '\(c[0])'") }
            guard !c[1].isEmpty else { throw DispatchError("\(file):\(line): unit_type is empty") }
            guard !caps.isEmpty else { throw DispatchError("\(file):\(line): name at least one capability for \(c[1])") }
            if rows.contains(where: { $0.typePrefix == c[0] && $0.unitType == c[1] }) {
                throw DispatchError("\(file):\(line): \(c[0]) × \(c[1]) is listed twice")
            }
            rows.append(Row(typePrefix: c[0], unitType: c[1], capabilities: caps, note: c[3], line: line))
        }
        return CapabilityRequirements(rows: rows)
    }

    public static func load(_ url: URL) throws -> CapabilityRequirements {
        try parse(String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
    }

    /// Unit type → count turned into needs, each with the capabilities its most specific row asks for. Sorted by label.
    public func needs(typeCode: String, units: [String: Int]) -> [DispatchNeed] {
        units.filter { $0.value > 0 }.map { kind, count in
            let row = rows.filter { $0.unitType == kind && typeCode.hasPrefix($0.typePrefix) }.max { $0.typePrefix.count < $1.typePrefix.count }
            return DispatchNeed(kind: kind, capabilities: row?.capabilities ?? [], count: count)
        }.sorted { $0.label < $1.label }
    }
}

/// Zone run orders of a city (Plans/run_orders.csv): per district, its stations in first-due order.
public struct ZoneRunOrders: Sendable {
    public let orders: [String: ZoneRunOrder]
    public static let header = ["district", "stations"]

    public init(orders: [ZoneRunOrder]) {
        self.orders = Dictionary(orders.map { ($0.district, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public static func parse(_ text: String, file: String) throws -> ZoneRunOrders {
        var orders: [ZoneRunOrder] = [], seen = Set<String>()
        for (line, c) in try dispatchTableRows(text, file: file, header: header) {
            let stations = c[1].split(separator: " ").map(String.init)
            guard !c[0].isEmpty, seen.insert(c[0]).inserted else { throw DispatchError("\(file):\(line): district '\(c[0])' is empty or listed twice") }
            guard !stations.isEmpty else { throw DispatchError("\(file):\(line): \(c[0]) has no stations") }
            if let dup = Dictionary(grouping: stations, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
                throw DispatchError("\(file):\(line): station \(dup) appears twice in the order of \(c[0])")
            }
            orders.append(ZoneRunOrder(district: c[0], stations: stations))
        }
        return ZoneRunOrders(orders: orders)
    }

    public static func load(_ url: URL) throws -> ZoneRunOrders {
        try parse(String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
    }

    /// The order of the first of `districts` that has one (sorted ids, for determinism).
    public func order(forAnyOf districts: Set<String>) -> ZoneRunOrder? {
        districts.sorted().lazy.compactMap { orders[$0] }.first
    }

    /// What does not match the city: districts unknown to it, stations not in `stations` (the fire stations housing
    /// units), such stations left out, districts without an order.
    public func problems(districts: Set<String>, stations: Set<String>, file: String) -> [String] {
        var out: [String] = []
        for o in orders.values.sorted(by: { $0.district < $1.district }) {
            if !districts.contains(o.district) { out.append("\(file): district \(o.district) is not in the store") }
            for s in o.stations where !stations.contains(s) { out.append("\(file): \(o.district) lists \(s), which is not a fire station housing a unit in the store") }
            for s in stations.subtracting(o.stations).sorted() { out.append("\(file): \(o.district) leaves out station \(s)") }
        }
        for d in districts.subtracting(orders.keys).sorted() { out.append("\(file): district \(d) has no run order") }
        return out
    }

    /// The rule the shipped file is generated by: for each district, every station ordered by travel time
    /// from the station to the district's area centroid (the model's many-to-one question), ties and
    /// unreachable stations by id. Deterministic for the same roads and stations.
    public static func generate(districts: [(id: String, centroid: Coordinate)], stations: [(id: String, at: Coordinate)],
                                model: any TravelTimeModel) throws -> ZoneRunOrders {
        try ZoneRunOrders(orders: districts.map { d in
            let times = Dictionary(try model.fastest(from: stations, to: d.centroid, limitSeconds: .infinity).map { ($0.id, $0.travelSeconds) },
                                   uniquingKeysWith: { a, _ in a })
            let ordered = stations.map(\.id).sorted { (times[$0] ?? .infinity, $0) < (times[$1] ?? .infinity, $1) }
            return ZoneRunOrder(district: d.id, stations: ordered)
        })
    }

    /// The CSV text, districts by id, with the comment lines given first.
    public func render(comments: [String]) -> String {
        (comments.map { "# " + $0 } + [Self.header.joined(separator: ",")]
         + orders.keys.sorted().map { "\($0),\(orders[$0]!.stations.joined(separator: " "))" }).joined(separator: "\n") + "\n"
    }
}

extension Geometry {
    /// Area centroid of a polygon or multipolygon in degrees (shoelace on longitude/latitude, fine for a city
    /// district); the representative point for other geometries.
    public var areaCentroid: Coordinate? {
        let polygons: [[[Coordinate]]]
        switch self {
        case let .polygon(p): polygons = [p]
        case let .multiPolygon(ps): polygons = ps
        default: return representativePoint
        }
        var area = 0.0, x = 0.0, y = 0.0
        for rings in polygons {
            for (k, ring) in rings.enumerated() where ring.count > 2 {
                let sign = k == 0 ? 1.0 : -1.0
                var a = 0.0, cx = 0.0, cy = 0.0
                for (p, q) in zip(ring, ring.dropFirst() + [ring[0]]) {
                    let cross = p.longitude * q.latitude - q.longitude * p.latitude
                    a += cross
                    cx += (p.longitude + q.longitude) * cross
                    cy += (p.latitude + q.latitude) * cross
                }
                let s = a < 0 ? -sign : sign  // outer rings count positive, holes negative, whatever their winding
                area += s * abs(a) / 2
                x += s * (a < 0 ? -cx : cx) / 6
                y += s * (a < 0 ? -cy : cy) / 6
            }
        }
        return area > 0 ? Coordinate(longitude: x / area, latitude: y / area) : representativePoint
    }
}
