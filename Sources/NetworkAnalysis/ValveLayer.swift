import SpatialCore

/// The isolation valves of a network as (link, node) pairs — exactly WNTR's valve layer, whose rows say
/// "valve on link L, next to node N": closing it separates L from N.
///
/// From the data (``PipeNetwork/dataValves``), or generated like `wntr.network.generate_valve_layer`
/// (``strategic(on:unvalvedLinksPerNode:seed:)``, ``random(on:count:seed:)``) for networks whose source
/// data has no isolation valves. A valve's state and its operability are separate attributes.
public struct ValveLayer: Sendable, Hashable {
    /// Open or closed now.
    public enum State: String, Sendable, Hashable, CaseIterable { case open, closed }
    /// Whether a crew can turn it: `seized` (rusted fast) and `buried` (paved over, not found) cannot be.
    public enum Operability: String, Sendable, Hashable, CaseIterable {
        case works, seized, buried
        public var canBeOperated: Bool { self == .works }
    }

    /// State and operability, kept apart.
    public struct Condition: Sendable, Hashable {
        public var state: State
        public var operability: Operability
        public init(state: State = .open, operability: Operability = .works) {
            self.state = state
            self.operability = operability
        }

        /// From `valve_state` and `operability` properties (missing → open, works).
        public init(properties: [String: PropertyValue]) throws(ConditionError) {
            let stateText = properties["valve_state"]?.textValue.lowercased() ?? "open"
            let operabilityText = properties["operability"]?.textValue.lowercased() ?? "works"
            guard let state = State(rawValue: stateText) else { throw .unknown(field: "valve_state", value: stateText) }
            guard let operability = Operability(rawValue: operabilityText) else {
                throw .unknown(field: "operability", value: operabilityText)
            }
            self.init(state: state, operability: operability)
        }
    }

    public enum ConditionError: Error, Sendable, CustomStringConvertible {
        case unknown(field: String, value: String)
        public var description: String {
            switch self {
            case let .unknown(field, value):
                let allowed = field == "valve_state" ? State.allCases.map(\.rawValue) : Operability.allCases.map(\.rawValue)
                return "\(field) '\(value)' is not one of \(allowed.joined(separator: ", "))"
            }
        }
    }

    /// One valve: on link `link`, next to node `node` (indices into the network).
    public struct Valve: Sendable, Hashable {
        /// The valve feature's id; a valve node appears once per link that meets it, with the same id.
        public var id: String
        public var link: Int
        public var node: Int
        public var condition: Condition
        public var coordinate: Coordinate?
        public init(id: String, link: Int, node: Int, condition: Condition = .init(), coordinate: Coordinate? = nil) {
            self.id = id
            self.link = link
            self.node = node
            self.condition = condition
            self.coordinate = coordinate
        }
    }

    public let valves: [Valve]

    init(unchecked valves: [Valve]) { self.valves = valves }

    /// A layer checked against `network`: every link exists and every node is an end of its link. O(n).
    public init(_ valves: [Valve], on network: PipeNetwork) throws(PipeNetworkError) {
        for (row, v) in valves.enumerated() {
            guard network.links.indices.contains(v.link) else {
                throw .invalidValve(network: network.name, row: row + 1, reason: "link index \(v.link) is not in the network")
            }
            let l = network.links[v.link]
            guard v.node == l.from || v.node == l.to else {
                throw .invalidValve(network: network.name, row: row + 1,
                                    reason: "node index \(v.node) is not an end of link '\(l.id)'")
            }
        }
        self.valves = valves
    }

    public var count: Int { valves.count }

    /// WNTR's `strategic` placement: at every node, valves on all its links but `n` drawn at random
    /// (n = 1 is "N-1"; a node with n or fewer links gets none). Links are pipes, pumps and control
    /// valves alike, as in WNTR. Open, working valves placed 5 % along the link. O(V + E).
    ///
    /// The draw uses ``SpatialCore/SplitMix64`` (same seed, same layer), not WNTR's NumPy generator: to
    /// compare with WNTR, export the layer (``csv(on:)``) and give WNTR the same rows.
    public static func strategic(on network: PipeNetwork, unvalvedLinksPerNode n: Int = 1, seed: UInt64) -> ValveLayer {
        var rng = SplitMix64(seed: seed)
        var valves: [Valve] = []
        for node in network.nodes.indices {
            var incident = Array(network.links(at: node))
            guard incident.count > n else { continue }
            // A partial Fisher–Yates shuffle chooses count − n links without replacement.
            for i in 0..<(incident.count - n) {
                incident.swapAt(i, rng.int(in: i...(incident.count - 1)))
                valves.append(placed(link: Int(incident[i]), node: node, on: network))
            }
        }
        return ValveLayer(unchecked: valves)
    }

    /// WNTR's `random` placement: `count` distinct (pipe, end node) pairs drawn from all pipe ends
    /// (links of kind `pipe` only, as WNTR draws from `wn.pipes()`). O(E).
    public static func random(on network: PipeNetwork, count: Int, seed: UInt64) -> ValveLayer {
        var rng = SplitMix64(seed: seed)
        var ends: [(Int, Int)] = []
        for (i, l) in network.links.enumerated() where l.kind == "pipe" {
            ends.append((i, l.from))
            ends.append((i, l.to))
        }
        let k = min(max(count, 0), ends.count)
        for i in 0..<k { ends.swapAt(i, rng.int(in: i...(ends.count - 1))) }
        return ValveLayer(unchecked: ends.prefix(k).map { placed(link: $0.0, node: $0.1, on: network) })
    }

    private static func placed(link: Int, node: Int, on network: PipeNetwork) -> Valve {
        let l = network.links[link]
        let a = network.nodes[node].coordinate, b = network.nodes[node == l.from ? l.to : l.from].coordinate
        var at = a
        if let a, let b {
            at = Coordinate(longitude: a.longitude + (b.longitude - a.longitude) * 0.05,
                            latitude: a.latitude + (b.latitude - a.latitude) * 0.05)
        }
        return Valve(id: "generated:\(l.id)@\(network.nodes[node].id)", link: link, node: node, coordinate: at)
    }

    /// The layer as WNTR's CSV: `link,node` then one row per valve, by the elements' ids (quoted when
    /// they hold a comma or quote). O(n).
    public func csv(on network: PipeNetwork) -> String {
        var out = "link,node\n"
        for v in valves { out += "\(Self.csvField(network.links[v.link].id)),\(Self.csvField(network.nodes[v.node].id))\n" }
        return out
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : s
    }
}

extension ValveLayer {
    /// Reads WNTR's valve-layer CSV (`link,node` header in either order, one row per valve, by element ids;
    /// extra columns ignored; a `"…"` field may hold commas). Valves are open and working. O(n).
    /// - Throws: ``PipeNetworkError/invalidValve(network:row:reason:)`` naming the row and the id at fault.
    public init(csv text: String, on network: PipeNetwork) throws(PipeNetworkError) {
        var rows = text.split(whereSeparator: \.isNewline).map { Self.csvFields(String($0)) }
        guard let header = rows.first else {
            throw .invalidValve(network: network.name, row: 0, reason: "empty file: expected a `link,node` header")
        }
        rows.removeFirst()
        guard let linkColumn = header.firstIndex(of: "link"), let nodeColumn = header.firstIndex(of: "node") else {
            throw .invalidValve(network: network.name, row: 0, reason: "the header \(header) has no `link` and `node` columns")
        }
        var valves: [Valve] = []
        for (i, fields) in rows.enumerated() where !(fields.count == 1 && fields[0].isEmpty) {
            let row = i + 1
            guard fields.count > max(linkColumn, nodeColumn) else {
                throw .invalidValve(network: network.name, row: row, reason: "\(fields.count) fields, expected \(header.count)")
            }
            let linkID = fields[linkColumn], nodeID = fields[nodeColumn]
            guard let link = network.link(id: linkID) else {
                throw .invalidValve(network: network.name, row: row, reason: "link '\(linkID)' is not in the network")
            }
            guard let node = network.node(id: nodeID), node == network.links[link].from || node == network.links[link].to else {
                throw .invalidValve(network: network.name, row: row, reason: "node '\(nodeID)' is not an end of link '\(linkID)'")
            }
            valves.append(Valve(id: "\(linkID)@\(nodeID)", link: link, node: node, coordinate: network.nodes[node].coordinate))
        }
        self.init(unchecked: valves)
    }

    /// Splits one CSV line; `""` inside quotes is a quote. O(n).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { current.append("\"") } else { quoted = false; if n == "," { fields.append(current); current = "" } else { current.append(n) } }
                    } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(current); current = "" }
            else if c != "\r" { current.append(c) }
        }
        fields.append(current)
        return fields
    }
}
