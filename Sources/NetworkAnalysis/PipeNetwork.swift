import SpatialCore

/// One pipe network (water, gas, heat …) as an undirected multigraph of nodes and links, with its
/// sources, the isolation valves and hydrants recorded in its data, and CSR incidence lists.
///
/// Build it from plain records (``init(name:nodes:links:valves:hydrants:skippingInvalid:)``) or from the
/// store's `pipes` / `pipe_nodes` features (``init(features:network:skippingInvalid:)``). Indices are
/// positions in ``nodes`` and ``links``. Immutable and `Sendable`; building is O(V + E + valves).
public struct PipeNetwork: Sendable {
    /// A junction, source, tank, customer … — anything a link starts or ends at.
    public struct Node: Sendable, Hashable {
        public var id: String
        public var kind: String
        /// Supplies the network (reservoir, tank, gas supply point, regulator).
        public var isSource: Bool
        /// Customers served at this node (the `customers` property; 1 for a `customer` node without it).
        public var customers: Int
        public var coordinate: Coordinate?
        /// Set when the node itself is a valve (GIS data that splits pipes at valves): closing it
        /// separates every link that meets there.
        public var valve: ValveLayer.Condition?

        public init(id: String, kind: String, isSource: Bool = false, customers: Int = 0, coordinate: Coordinate? = nil,
                    valve: ValveLayer.Condition? = nil) {
            self.id = id
            self.kind = kind
            self.isSource = isSource
            self.customers = customers
            self.coordinate = coordinate
            self.valve = valve
        }
    }

    /// Whether a link carries flow, and in which directions.
    public enum LinkStatus: String, Sendable, Hashable {
        case open, closed
        /// A check valve: flow from `from` to `to` only.
        case checkValve = "cv"
    }

    /// A pipe, pump or control valve between two nodes, by the nodes' ids.
    public struct LinkRecord: Sendable, Hashable {
        public var id: String
        /// `pipe`, `pump` or `valve` (an EPANET control valve, which is a link).
        public var kind: String
        public var fromNode: String
        public var toNode: String
        public var status: LinkStatus
        public var lengthMetres: Double

        public init(id: String, kind: String = "pipe", fromNode: String, toNode: String, status: LinkStatus = .open,
                    lengthMetres: Double = 0) {
            self.id = id
            self.kind = kind
            self.fromNode = fromNode
            self.toNode = toNode
            self.status = status
            self.lengthMetres = lengthMetres
        }
    }

    /// A link after building: its ends are node indices.
    public struct Link: Sendable, Hashable {
        public var id: String
        public var kind: String
        public var from: Int
        public var to: Int
        public var status: LinkStatus
        public var lengthMetres: Double
        /// Check valves and pumps pass flow from `from` to `to` only.
        public var flowsOneWay: Bool { status == .checkValve || kind == "pump" }
    }

    /// An isolation valve on a pipe, protecting the node at that pipe's end (WNTR's valve-layer row).
    public struct ValveRecord: Sendable, Hashable {
        public var id: String
        public var pipe: String
        /// The node at the end of `pipe` the valve sits next to; nil → the end nearer `coordinate`.
        public var nearNode: String?
        public var condition: ValveLayer.Condition
        public var coordinate: Coordinate?

        public init(id: String, pipe: String, nearNode: String?, condition: ValveLayer.Condition = .init(),
                    coordinate: Coordinate? = nil) {
            self.id = id
            self.pipe = pipe
            self.nearNode = nearNode
            self.condition = condition
            self.coordinate = coordinate
        }
    }

    /// A hydrant standing on a pipe: out of service when that pipe loses supply.
    public struct Hydrant: Sendable, Hashable {
        public var id: String
        public var pipe: String
        public var coordinate: Coordinate?
        /// `works`, `seized` … as recorded; reported, not used in the graph.
        public var operability: String

        public init(id: String, pipe: String, coordinate: Coordinate? = nil, operability: String = "works") {
            self.id = id
            self.pipe = pipe
            self.coordinate = coordinate
            self.operability = operability
        }
    }

    /// The network's name (the `network` property, e.g. `water`), used in messages.
    public let name: String
    public let nodes: [Node]
    public let links: [Link]
    /// Hydrants whose pipe is in the network; `hydrantLinks[i]` is the index of `hydrants[i].pipe`.
    public let hydrants: [Hydrant]
    public let hydrantLinks: [Int]
    /// The isolation valves in the data (valves on pipes, and valve nodes expanded to one row per link).
    public let dataValves: ValveLayer
    /// Indices of the source nodes, ascending.
    public let sourceNodes: [Int]
    /// What was skipped when built with `skippingInvalid` (empty otherwise).
    public internal(set) var warnings: [String]

    let nodeIndex: [String: Int]
    let linkIndex: [String: Int]
    /// CSR incidence: the links at node `n` are `incidentLinks[incidenceOffsets[n] ..< incidenceOffsets[n + 1]]`
    /// (a self-loop appears once).
    let incidenceOffsets: [Int32]
    let incidentLinks: [Int32]

    /// Kinds that are sources even without `is_source`.
    public static let sourceKinds: Set<String> = ["reservoir", "tank", "source", "regulator"]

    /// Builds the graph. O(V + E + valves + hydrants).
    ///
    /// - Parameter skippingInvalid: leave out links with unknown nodes, duplicate ids, valves and hydrants on
    ///   unknown pipes, and keep going (each is named in ``warnings``); by default they are errors.
    /// - Throws: ``PipeNetworkError/invalid(network:problems:totalCount:)`` naming every problem (the first 20),
    ///   ``PipeNetworkError/empty(network:)`` when no link remains.
    public init(name: String, nodes nodeRecords: [Node], links linkRecords: [LinkRecord], valves valveRecords: [ValveRecord] = [],
                hydrants hydrantRecords: [Hydrant] = [], skippingInvalid: Bool = false) throws(PipeNetworkError) {
        var problems = ProblemList()
        var nodeIndex: [String: Int] = [:]
        var nodes: [Node] = []
        nodeIndex.reserveCapacity(nodeRecords.count)
        for n in nodeRecords {
            if nodeIndex[n.id] != nil { problems.add("duplicate node id '\(n.id)' (the first is kept)"); continue }
            nodeIndex[n.id] = nodes.count
            nodes.append(n)
        }
        var linkIndex: [String: Int] = [:]
        var links: [Link] = []
        for l in linkRecords {
            if linkIndex[l.id] != nil { problems.add("duplicate link id '\(l.id)' (the first is kept)"); continue }
            let from = nodeIndex[l.fromNode], to = nodeIndex[l.toNode]
            if from == nil { problems.add("pipe '\(l.id)': from_node '\(l.fromNode)' is not a node of the network") }
            if to == nil { problems.add("pipe '\(l.id)': to_node '\(l.toNode)' is not a node of the network") }
            guard let from, let to else { continue }
            linkIndex[l.id] = links.count
            links.append(Link(id: l.id, kind: l.kind, from: from, to: to, status: l.status, lengthMetres: l.lengthMetres))
        }

        // CSR incidence by a counting sort.
        var offsets = [Int32](repeating: 0, count: nodes.count + 1)
        for l in links {
            offsets[l.from + 1] += 1
            if l.to != l.from { offsets[l.to + 1] += 1 }
        }
        for i in 0..<nodes.count { offsets[i + 1] += offsets[i] }
        var fill = Array(offsets.dropLast())
        var incident = [Int32](repeating: 0, count: Int(offsets[nodes.count]))
        for (i, l) in links.enumerated() {
            incident[Int(fill[l.from])] = Int32(i); fill[l.from] += 1
            if l.to != l.from { incident[Int(fill[l.to])] = Int32(i); fill[l.to] += 1 }
        }

        var valves: [ValveLayer.Valve] = []
        var seenValveIDs = Set<String>()
        for v in valveRecords {
            if !seenValveIDs.insert(v.id).inserted { problems.add("duplicate valve id '\(v.id)' (the first is kept)"); continue }
            guard let li = linkIndex[v.pipe] else {
                problems.add("valve '\(v.id)': on_pipe '\(v.pipe)' is not a pipe of the network"); continue
            }
            let link = links[li]
            let node: Int
            if let near = v.nearNode {
                guard let ni = nodeIndex[near], ni == link.from || ni == link.to else {
                    problems.add("valve '\(v.id)': near_node '\(near)' is not an end of pipe '\(v.pipe)' "
                                 + "(its ends are '\(nodes[link.from].id)' and '\(nodes[link.to].id)')")
                    continue
                }
                node = ni
            } else if let c = v.coordinate, let a = nodes[link.from].coordinate, let b = nodes[link.to].coordinate {
                node = Haversine.distanceMetres(c, a) <= Haversine.distanceMetres(c, b) ? link.from : link.to
            } else {
                problems.add("valve '\(v.id)': no near_node, and no coordinates to find the nearer end of pipe '\(v.pipe)'")
                continue
            }
            valves.append(.init(id: v.id, link: li, node: node, condition: v.condition, coordinate: v.coordinate))
        }
        for (ni, n) in nodes.enumerated() {
            guard let condition = n.valve else { continue }
            for k in Int(offsets[ni])..<Int(offsets[ni + 1]) {
                valves.append(.init(id: n.id, link: Int(incident[k]), node: ni, condition: condition, coordinate: n.coordinate))
            }
        }

        var hydrants: [Hydrant] = []
        var hydrantLinks: [Int] = []
        for h in hydrantRecords {
            guard let li = linkIndex[h.pipe] else {
                problems.add("hydrant '\(h.id)': on_pipe '\(h.pipe)' is not a pipe of the network"); continue
            }
            hydrants.append(h)
            hydrantLinks.append(li)
        }

        if problems.count > 0, !skippingInvalid {
            throw .invalid(network: name, problems: problems.first, totalCount: problems.count)
        }
        guard !links.isEmpty else { throw .empty(network: name) }
        self.name = name
        self.nodes = nodes
        self.links = links
        self.hydrants = hydrants
        self.hydrantLinks = hydrantLinks
        self.nodeIndex = nodeIndex
        self.linkIndex = linkIndex
        self.incidenceOffsets = offsets
        self.incidentLinks = incident
        self.sourceNodes = nodes.indices.filter { nodes[$0].isSource }
        self.warnings = problems.all
        self.dataValves = ValveLayer(unchecked: valves)
    }

    /// The index of a node by its id.
    public func node(id: String) -> Int? { nodeIndex[id] }
    /// The index of a link by its id.
    public func link(id: String) -> Int? { linkIndex[id] }

    /// The links that meet at node `n` (a self-loop once). O(degree).
    public func links(at n: Int) -> ArraySlice<Int32> {
        incidentLinks[Int(incidenceOffsets[n])..<Int(incidenceOffsets[n + 1])]
    }

    /// Throws ``PipeNetworkError/noSource(network:nodeCount:)`` when nothing supplies the network.
    public func requireSource() throws(PipeNetworkError) {
        if sourceNodes.isEmpty { throw .noSource(network: name, nodeCount: nodes.count) }
    }
}

/// Problems found while building a network, named by element and field; the first 20 are kept.
struct ProblemList {
    static let kept = 20
    private(set) var first: [String] = []
    private(set) var all: [String] = []
    var count: Int { all.count }
    mutating func add(_ message: String) {
        if first.count < Self.kept { first.append(message) }
        all.append(message)
    }
}
