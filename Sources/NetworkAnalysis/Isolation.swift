/// Answers "a pipe broke: what do we close, and who loses supply?" for one network and one valve layer.
///
/// Built once per (network, valve layer): it indexes the valves by link end and finds who has supply
/// now (the baseline, with the valves and pipes already closed). Each query is then O(V + E).
/// See `Sources/NetworkAnalysis/README.md` ("Pipes — isolation of a break") for the algorithm.
public struct PipeIsolator: Sendable {
    public let network: PipeNetwork
    public let valves: ValveLayer
    /// Valves at link ends: slot `2·link + end` (end 0 = the link's `from`, 1 = its `to`) holds
    /// `slotValves[slotOffsets[slot] ..< slotOffsets[slot + 1]]` (indices into `valves.valves`).
    let slotOffsets: [Int32]
    let slotValves: [Int32]
    /// A closed valve sits at this slot: nothing passes between the link and that end node.
    let slotClosed: [Bool]
    /// Who has supply before the break.
    public let baseline: Supply

    /// Which nodes and links are connected to a source.
    public struct Supply: Sendable, Hashable {
        public var nodes: [Bool]
        public var links: [Bool]
    }

    /// O(V + E + valves).
    public init(network: PipeNetwork, valves: ValveLayer) {
        self.network = network
        self.valves = valves
        let slots = 2 * network.links.count
        var offsets = [Int32](repeating: 0, count: slots + 1)
        var closed = [Bool](repeating: false, count: slots)
        func slot(_ v: ValveLayer.Valve) -> Int { 2 * v.link + (network.links[v.link].from == v.node ? 0 : 1) }
        for v in valves.valves {
            offsets[slot(v) + 1] += 1
            if v.condition.state == .closed { closed[slot(v)] = true }
        }
        for i in 0..<slots { offsets[i + 1] += offsets[i] }
        var fill = Array(offsets.dropLast())
        var members = [Int32](repeating: 0, count: valves.valves.count)
        for (i, v) in valves.valves.enumerated() {
            members[Int(fill[slot(v)])] = Int32(i)
            fill[slot(v)] += 1
        }
        slotOffsets = offsets
        slotValves = members
        slotClosed = closed
        baseline = Self.supply(network, slotClosed: closed, isolated: nil)
    }

    /// The isolation of a break on the pipe with this id.
    /// - Throws: ``PipeNetworkError/unknownPipe(network:id:)``, ``PipeNetworkError/noSource(network:nodeCount:)``.
    public func isolate(pipe id: String) throws(PipeNetworkError) -> PipeIsolation {
        guard let link = network.link(id: id) else { throw .unknownPipe(network: network.name, id: id) }
        return try isolate(link: link)
    }

    /// The isolation of a break on link `link` (an index into ``PipeNetwork/links``). O(V + E).
    /// - Throws: ``PipeNetworkError/noSource(network:nodeCount:)`` when nothing supplies the network.
    public func isolate(link broken: Int) throws(PipeNetworkError) -> PipeIsolation {
        try network.requireSource()
        let v = network.nodes.count
        let unvisited = Int32.min
        // via[e]: unvisited, -1 (the break's own segment) or the index of the inoperable valve crossed to get here.
        var via = [Int32](repeating: unvisited, count: v + network.links.count)
        var queue: [Int32] = [], deferred: [Int32] = []
        var head = 0, deferredHead = 0
        var candidates: [(valve: Int32, kind: UInt8, via: Int32)] = []  // kind 0 close, 1 already closed
        var passed: [(valve: Int32, via: Int32)] = []
        var closedLinks: [Int] = []
        var caveats: [String] = []

        func cross(link l: Int, end: Int, into target: Int, from origin: Int32) {
            if via[target] != unvisited { return }
            let range = Int(slotOffsets[2 * l + end])..<Int(slotOffsets[2 * l + end + 1])
            if range.isEmpty {
                via[target] = origin
                queue.append(Int32(target))
                return
            }
            var closedHere = false, operable: Int32 = -1, seized: Int32 = -1
            for k in range {
                let c = valves.valves[Int(slotValves[k])].condition
                if c.state == .closed { closedHere = true; candidates.append((slotValves[k], 1, origin)) }
                else if c.operability.canBeOperated { if operable < 0 { operable = slotValves[k] } }
                else if seized < 0 { seized = slotValves[k] }
            }
            if closedHere { return }
            if operable >= 0 { candidates.append((operable, 0, origin)); return }
            via[target] = seized
            passed.append((seized, origin))
            deferred.append(Int32(target))
        }

        let brokenLink = network.links[broken]
        via[v + broken] = -1
        if brokenLink.status == .closed {
            caveats.append("pipe '\(brokenLink.id)' is already closed (status closed): it carries nothing to isolate")
        } else {
            queue.append(Int32(v + broken))
        }
        while true {
            let e: Int
            if head < queue.count { e = Int(queue[head]); head += 1 }
            else if deferredHead < deferred.count { e = Int(deferred[deferredHead]); deferredHead += 1 }
            else { break }
            let origin = via[e]
            if e >= v {
                let l = e - v, link = network.links[l]
                cross(link: l, end: 0, into: link.from, from: origin)
                if link.to != link.from { cross(link: l, end: 1, into: link.to, from: origin) }
            } else {
                for li in network.links(at: e) {
                    let l = Int(li), link = network.links[l]
                    if link.status == .closed {
                        if via[v + l] == unvisited, !closedLinks.contains(l) { closedLinks.append(l) }
                        continue
                    }
                    cross(link: l, end: link.from == e ? 0 : 1, into: v + l, from: origin)
                }
            }
        }

        var isolated = [Bool](repeating: false, count: via.count)
        for i in via.indices where via[i] != unvisited { isolated[i] = true }
        let after = Self.supply(network, slotClosed: slotClosed, isolated: isolated)
        return PipeIsolation(isolator: self, broken: broken, via: via, isolated: isolated, after: after,
                             candidates: candidates, passed: passed, closedLinks: closedLinks, caveats: caveats)
    }

    /// Forward search from every source not isolated, over open links, not across closed valves; one-way
    /// links only from `from` to `to`. A link is supplied when water reaches it from an end. O(V + E).
    static func supply(_ network: PipeNetwork, slotClosed: [Bool], isolated: [Bool]?) -> Supply {
        let v = network.nodes.count
        var nodes = [Bool](repeating: false, count: v)
        var links = [Bool](repeating: false, count: network.links.count)
        var stack: [Int] = []
        for s in network.sourceNodes where isolated?[s] != true { nodes[s] = true; stack.append(s) }
        while let u = stack.popLast() {
            for li in network.links(at: u) {
                let l = Int(li), link = network.links[l]
                if link.status == .closed || isolated?[v + l] == true { continue }
                let end = link.from == u ? 0 : 1
                if slotClosed[2 * l + end] || (link.flowsOneWay && end == 1) { continue }
                links[l] = true
                let w = end == 0 ? link.to : link.from
                if nodes[w] || isolated?[w] == true || slotClosed[2 * l + 1 - end] { continue }
                nodes[w] = true
                stack.append(w)
            }
        }
        return Supply(nodes: nodes, links: links)
    }
}
