/// What isolating one break takes and costs: the valves to close, the isolated segment, and everyone who
/// loses supply, each with its reason. Indices refer to the isolator's network and valve layer.
public struct PipeIsolation: Sendable {
    /// A valve in the answer, with why it is there.
    public struct ValveAction: Sendable, Hashable {
        public var valve: ValveLayer.Valve
        public var reason: String
        /// For a next valve out: the id of the inoperable valve it stands in for.
        public var replaces: String?
    }

    /// Why a node or hydrant loses supply.
    public enum LossReason: String, Sendable, Hashable {
        /// Inside the isolated segment (drained for the repair).
        case isolated
        /// Outside it, but the segment was its only path to a source.
        case cutOff = "cut_off"
    }

    public struct NodeLoss: Sendable, Hashable {
        public var node: Int
        public var reason: LossReason
    }

    public struct HydrantLoss: Sendable, Hashable {
        /// Index into ``PipeNetwork/hydrants``.
        public var hydrant: Int
        public var reason: LossReason
    }

    public let brokenLink: Int
    /// Open, operable valves to close (one row per valve id), the break's own boundary first, then the next valves out.
    public let valvesToClose: [ValveAction]
    /// Valves on the boundary that are closed already: no action, listed apart.
    public let alreadyClosed: [ValveAction]
    /// Valves that should have been closed but are seized or buried: the segment extends through them.
    public let inoperable: [ValveAction]
    /// Links with status closed at the boundary (they act as closed valves).
    public let closedLinksAtBoundary: [Int]
    /// Nodes and links drained for the repair, including what the inoperable valves add.
    public let segmentNodes: [Int]
    public let segmentLinks: [Int]
    /// How many of them lie beyond an inoperable valve.
    public let extensionNodeCount: Int
    public let extensionLinkCount: Int
    /// Nodes that had supply before and have none after the valves close.
    public let nodesLosingSupply: [NodeLoss]
    /// Links that had supply before and have none after (segment links and cut-off links).
    public let linksLosingSupply: [Int]
    /// Sum of ``PipeNetwork/Node/customers`` over ``nodesLosingSupply``.
    public let customersLosingSupply: Int
    public let hydrantsOutOfService: [HydrantLoss]
    /// Sources inside the segment: they stop supplying while it is closed.
    public let sourcesIsolated: [Int]
    public let caveats: [String]

    init(isolator: PipeIsolator, broken: Int, via: [Int32], isolated: [Bool], after: PipeIsolator.Supply,
         candidates: [(valve: Int32, kind: UInt8, via: Int32)], passed: [(valve: Int32, via: Int32)],
         closedLinks: [Int], caveats: [String]) {
        let network = isolator.network, layer = isolator.valves.valves, v = network.nodes.count
        let before = isolator.baseline
        func inside(_ valve: ValveLayer.Valve) -> Bool { isolated[v + valve.link] && isolated[valve.node] }
        func place(_ valve: ValveLayer.Valve) -> String {
            "on \(network.links[valve.link].kind) '\(network.links[valve.link].id)' at node '\(network.nodes[valve.node].id)'"
        }
        var seen = Set<String>()
        var close: [ValveAction] = [], closed: [ValveAction] = [], stuck: [ValveAction] = []
        for p in passed {
            let valve = layer[Int(p.valve)]
            guard seen.insert(valve.id).inserted else { continue }
            stuck.append(ValveAction(valve: valve, reason: "\(valve.condition.operability.rawValue): cannot be closed, so the segment "
                                     + "extends through it (\(place(valve))); the next valves out close instead",
                                     replaces: p.via >= 0 ? layer[Int(p.via)].id : nil))
        }
        for c in candidates where !inside(layer[Int(c.valve)]) {
            let valve = layer[Int(c.valve)]
            guard seen.insert(valve.id).inserted else { continue }
            if c.kind == 1 {
                closed.append(ValveAction(valve: valve, reason: "already closed (\(place(valve))): no action", replaces: nil))
            } else if c.via >= 0 {
                let instead = layer[Int(c.via)]
                close.append(ValveAction(valve: valve, reason: "next valve out for \(instead.condition.operability.rawValue) valve '\(instead.id)' (\(place(valve)))",
                                         replaces: instead.id))
            } else {
                close.append(ValveAction(valve: valve, reason: "bounds the break's segment (\(place(valve)))", replaces: nil))
            }
        }
        close.sort { ($0.replaces != nil ? 1 : 0, $0.valve.id) < ($1.replaces != nil ? 1 : 0, $1.valve.id) }
        valvesToClose = close
        alreadyClosed = closed.sorted { $0.valve.id < $1.valve.id }
        inoperable = stuck

        var nodes: [Int] = [], links: [Int] = [], extNodes = 0, extLinks = 0
        for e in via.indices where isolated[e] {
            if e < v { nodes.append(e); if via[e] >= 0 { extNodes += 1 } } else { links.append(e - v); if via[e] >= 0 { extLinks += 1 } }
        }
        segmentNodes = nodes
        segmentLinks = links
        extensionNodeCount = extNodes
        extensionLinkCount = extLinks
        brokenLink = broken
        closedLinksAtBoundary = closedLinks.sorted()

        var losses: [NodeLoss] = []
        var customers = 0
        for n in 0..<v where before.nodes[n] && !after.nodes[n] {
            losses.append(NodeLoss(node: n, reason: isolated[n] ? .isolated : .cutOff))
            customers += network.nodes[n].customers
        }
        nodesLosingSupply = losses
        customersLosingSupply = customers
        var lostLinks: [Int] = []
        for l in network.links.indices where (before.links[l] && !after.links[l]) || l == broken { lostLinks.append(l) }
        linksLosingSupply = lostLinks
        var hydrants: [HydrantLoss] = []
        for (h, l) in network.hydrantLinks.enumerated() where (before.links[l] && !after.links[l]) || l == broken {
            hydrants.append(HydrantLoss(hydrant: h, reason: isolated[v + l] ? .isolated : .cutOff))
        }
        hydrantsOutOfService = hydrants
        sourcesIsolated = network.sourceNodes.filter { isolated[$0] }
        var notes = caveats
        if layer.isEmpty {
            notes.append("the valve layer is empty: the segment is everything connected to the break; "
                         + "closing the sources is the only way to isolate it")
        }
        if !sourcesIsolated.isEmpty {
            notes.append("\(sourcesIsolated.count) source\(sourcesIsolated.count == 1 ? " is" : "s are") inside the isolated segment: "
                         + sourcesIsolated.map { "'\(network.nodes[$0].id)'" }.joined(separator: ", "))
        }
        self.caveats = notes
    }
}
