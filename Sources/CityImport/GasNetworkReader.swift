import Foundation
import SpatialCore

/// Reads a gas distribution network exported from pandapipes to WGS84 GeoJSON — the Schutterwald
/// network in `shared/data/gas/schutterwald_gas_network.geojson` — into `pipe_nodes` and `pipes` features.
///
/// Input features have `properties.kind` `junction` (Point) or `pipe` (LineString). Mapping:
///
/// | input | feature |
/// |---|---|
/// | junction with `ext_grid: true` | `pipe_nodes` kind `regulator`, `is_source` true, `pressure_bar` ← `p_bar_supply` |
/// | junction with a `sink_name` (a house) | kind `customer`, `annual_demand_m3` ← `demand_m3_per_a`, `load_profile` ← `profile_id`, `meter_id` ← `sink_name` |
/// | other junction | kind `junction` |
/// | every junction | `elevation_m` ← `height_m`, `nominal_pressure_bar` ← `pn_bar`, `pandapipes_type` ← `type` |
/// | pipe | `pipes` kind `pipe`: `length_m` ← `length_km`·1000, `diameter_mm` ← `diameter_m`·1000, `roughness_mm` ← `k_mm`, `status` open/closed ← `in_service`, `house_connection` |
///
/// Demand stays in m³ per year as published: converting to kWh needs the gas's calorific value, which
/// the source does not give. Ids: `gas:<network>:node/<id>` and `gas:<network>:link/<id>` (pandapipes
/// table indexes); every feature has `network` = `gas`; `material` is absent (not in the source).
public enum GasNetworkReader {
    /// Reads the GeoJSON file. O(n) in features.
    ///
    /// - Throws: ``GasNetworkError`` naming the file and the JSON path of every problem found
    ///   (up to 20): wrong geometry type, missing id or number, duplicate id, pipe to an unknown junction.
    public static func read(geojson url: URL, networkName: String = "schutterwald") throws(GasNetworkError) -> [Feature] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(file: url.lastPathComponent, reason: error.localizedDescription)
        }
        return try parse(data: data, fileName: url.lastPathComponent, networkName: networkName)
    }

    /// Parses GeoJSON bytes; `fileName` is used in messages. O(n) in features.
    public static func parse(data: Data, fileName: String, networkName: String = "schutterwald")
        throws(GasNetworkError) -> [Feature] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw .unreadable(file: fileName, reason: "not JSON: \(error.localizedDescription)")
        }
        guard let collection = root as? [String: Any], let items = collection["features"] as? [Any] else {
            throw .invalid(file: fileName, issues: ["$: not a FeatureCollection with a \"features\" array"], totalCount: 1)
        }
        var reader = GasFeatureReader(network: networkName)
        reader.read(items)
        if reader.issueCount > 0 {
            throw .invalid(file: fileName, issues: reader.issues, totalCount: reader.issueCount)
        }
        return reader.nodes + reader.pipes
    }

    /// The feature id of a junction: `gas:<network>:node/<id>`.
    public static func nodeFeatureID(network: String, junction: Int) -> String { "gas:\(network):node/\(junction)" }
    /// The feature id of a pipe: `gas:<network>:link/<id>`.
    public static func linkFeatureID(network: String, pipe: Int) -> String { "gas:\(network):link/\(pipe)" }
}

/// Why a gas network file could not be read.
public enum GasNetworkError: Error, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    /// `issues` are `features[12].properties.length_km: …` messages, the first 20 of `totalCount`.
    case invalid(file: String, issues: [String], totalCount: Int)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): "\(file): cannot read: \(reason)"
        case let .invalid(file, issues, total):
            "\(file): \(total) error\(total == 1 ? "" : "s"):\n"
                + issues.map { "\(file): \($0)" }.joined(separator: "\n")
                + (total > issues.count ? "\n… and \(total - issues.count) more" : "")
        }
    }
}

/// One pass over the features, collecting problems instead of stopping at the first.
private struct GasFeatureReader {
    static let maximumIssues = 20
    let network: String
    var nodes: [Feature] = []
    var pipes: [Feature] = []
    var issues: [String] = []
    var issueCount = 0
    private var junctionPath: [Int: String] = [:]
    private var pipePath: [Int: String] = [:]
    /// Pipes wait until every junction is known (the file may list them in any order).
    private var pendingEnds: [(path: String, from: Int, to: Int)] = []

    init(network: String) { self.network = network }

    mutating func read(_ items: [Any]) {
        for (i, item) in items.enumerated() {
            let path = "features[\(i)]"
            guard let f = item as? [String: Any], let props = f["properties"] as? [String: Any] else {
                report("\(path): not a Feature with properties"); continue
            }
            let geometry: Geometry
            do { geometry = try GeoJSON.geometry(from: f["geometry"] as Any, path: "\(path).geometry") } catch {
                report("\(error)"); continue
            }
            switch props["kind"] as? String {
            case "junction": junction(props, geometry, path)
            case "pipe": pipe(props, geometry, path)
            case let other: report("\(path).properties.kind: expected \"junction\" or \"pipe\", found \(other.map { "\"\($0)\"" } ?? "nothing")")
            }
        }
        for end in pendingEnds {
            for (name, id) in [("from_junction", end.from), ("to_junction", end.to)] where junctionPath[id] == nil {
                report("\(end.path).properties.\(name): unknown junction \(id)")
            }
        }
    }

    private mutating func report(_ message: String) {
        issueCount += 1
        if issues.count < Self.maximumIssues { issues.append(message) }
    }

    private mutating func integer(_ props: [String: Any], _ key: String, _ path: String) -> Int? {
        if let n = props[key] as? NSNumber, let v = Int(exactly: n.doubleValue) { return v }
        report("\(path).properties.\(key): expected an integer, found \(props[key].map { "\($0)" } ?? "nothing")")
        return nil
    }

    private mutating func number(_ props: [String: Any], _ key: String, _ path: String) -> Double? {
        if let n = props[key] as? NSNumber, n.doubleValue.isFinite { return n.doubleValue }
        report("\(path).properties.\(key): expected a number, found \(props[key].map { "\($0)" } ?? "nothing")")
        return nil
    }

    private func optionalNumber(_ props: [String: Any], _ key: String) -> Double? {
        guard let n = props[key] as? NSNumber, n.doubleValue.isFinite else { return nil }
        return n.doubleValue
    }

    private mutating func junction(_ props: [String: Any], _ geometry: Geometry, _ path: String) {
        guard case .point = geometry else { report("\(path).geometry: a junction must be a Point"); return }
        guard let id = integer(props, "id", path) else { return }
        if let first = junctionPath[id] { report("\(path).properties.id: duplicate junction \(id) (first at \(first))"); return }
        junctionPath[id] = path
        var out: [String: PropertyValue] = ["network": .text("gas"), "is_source": .bool(false)]
        out["elevation_m"] = optionalNumber(props, "height_m").map(PropertyValue.real)
        out["nominal_pressure_bar"] = optionalNumber(props, "pn_bar").map(PropertyValue.real)
        out["pandapipes_type"] = (props["type"] as? String).map(PropertyValue.text)
        var kind = "junction"
        if (props["ext_grid"] as? Bool) == true {
            kind = "regulator"
            out["is_source"] = .bool(true)
            out["pressure_bar"] = optionalNumber(props, "p_bar_supply").map(PropertyValue.real)
        }
        if let meter = props["sink_name"] as? String {
            kind = kind == "regulator" ? kind : "customer"
            out["meter_id"] = .text(meter)
            guard let demand = number(props, "demand_m3_per_a", path) else { return }
            out["annual_demand_m3"] = .real(demand)
            out["load_profile"] = (props["profile_id"] as? String).map(PropertyValue.text)
        }
        nodes.append(Feature(id: GasNetworkReader.nodeFeatureID(network: network, junction: id), layer: .pipeNodes,
                             kind: kind, geometry: geometry, properties: out))
    }

    private mutating func pipe(_ props: [String: Any], _ geometry: Geometry, _ path: String) {
        guard case let .lineString(cs) = geometry, cs.count >= 2 else {
            report("\(path).geometry: a pipe must be a LineString of at least 2 positions"); return
        }
        let id = integer(props, "id", path)
        let from = integer(props, "from_junction", path), to = integer(props, "to_junction", path)
        let lengthKm = number(props, "length_km", path), diameterM = number(props, "diameter_m", path)
        guard let id, let from, let to, let lengthKm, let diameterM else { return }
        if let first = pipePath[id] { report("\(path).properties.id: duplicate pipe \(id) (first at \(first))"); return }
        pipePath[id] = path
        pendingEnds.append((path, from, to))
        var out: [String: PropertyValue] = [
            "network": .text("gas"),
            "from_node": .text(GasNetworkReader.nodeFeatureID(network: network, junction: from)),
            "to_node": .text(GasNetworkReader.nodeFeatureID(network: network, junction: to)),
            "length_m": .real(lengthKm * 1000), "diameter_mm": .real(diameterM * 1000),
            "status": .text((props["in_service"] as? Bool) == false ? "closed" : "open"),
        ]
        out["roughness_mm"] = optionalNumber(props, "k_mm").map(PropertyValue.real)
        out["house_connection"] = (props["house_connection"] as? Bool).map(PropertyValue.bool)
        out["material"] = (props["material"] as? String).map(PropertyValue.text)
        pipes.append(Feature(id: GasNetworkReader.linkFeatureID(network: network, pipe: id), layer: .pipes,
                             kind: "pipe", geometry: geometry, properties: out))
    }
}
