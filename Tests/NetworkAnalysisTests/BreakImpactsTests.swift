import NetworkAnalysis
import SpatialCore
import Testing

/// `BreakImpacts` (every link at once, by dominators) against one `isolate(link:)` per link.
@Suite struct BreakImpactsTests {
    /// Every link's figure against its own isolation; returns the impacts for further checks.
    @discardableResult
    func expectSameAsIsolating(_ isolator: PipeIsolator, _ label: String) throws -> BreakImpacts {
        let impacts = try BreakImpacts(isolator: isolator)
        var mismatches: [String] = []
        for l in isolator.network.links.indices {
            let expected = try isolator.isolate(link: l).customersLosingSupply
            if impacts.customersLosingSupply[l] != expected {
                mismatches.append("\(isolator.network.links[l].id): \(impacts.customersLosingSupply[l]) instead of \(expected)")
            }
        }
        #expect(mismatches.isEmpty, "\(label): \(mismatches.count) links differ, e.g. \(mismatches.prefix(5))")
        return impacts
    }

    /// Two parallel pipes in one segment: neither alone cuts B and C off, the segment does.
    @Test func aSegmentOfParallelPipesCutsOffWhatNeitherPipeDoesAlone() throws {
        let net = try PipeTestNetworks.make(nodes: ["R", "A", "B", "C"], pipes: ["p1:R-A", "p2:A-B", "p3:A-B", "p4:B-C"],
                                            valves: ["p2@A", "p3@A", "p4@B"], customers: ["A": 10, "B": 20, "C": 30])
        let impacts = try expectSameAsIsolating(PipeIsolator(network: net, valves: net.dataValves), "parallel")
        #expect(impacts.customersLosingSupply == [60, 50, 50, 30])
    }

    /// Closed and seized valves, a second source and a closed pipe, on a small loop network.
    @Test func closedAndSeizedValvesAndTwoSources() throws {
        let net = try PipeTestNetworks.make(
            nodes: ["R1", "R2", "A", "B", "C", "D", "E"],
            pipes: ["p1:R1-A", "p2:A-B", "p3:B-C", "p4:C-D", "p5:D-A", "p6:C-E", "p7:E-R2", "p8:B-D"],
            valves: ["p2@A", "p2@B:seized", "p3@B", "p4@C:closed", "p5@A", "p6@C", "p7@E:closed", "p8@D:buried", "p8@B"],
            customers: ["A": 1, "B": 2, "C": 4, "D": 8, "E": 16])
        try expectSameAsIsolating(PipeIsolator(network: net, valves: net.dataValves), "loop")
    }

    /// Every link of `net` and `layer`, with customers at every node, some pipes closed or check valves, and
    /// valves closed, seized or buried by turns.
    func perturbed(_ net: PipeNetwork, seed: UInt64, changesStates: Bool = true) throws -> PipeIsolator {
        var random = SplitMix64(seed: seed)
        let nodes = net.nodes.map { n in
            var n = n
            n.customers = Int.random(in: 0...40, using: &random)
            return n
        }
        let links = net.links.map { l -> PipeNetwork.LinkRecord in
            var status = l.status
            switch changesStates ? Int.random(in: 0..<40, using: &random) : -1 {
            case 0: status = .closed
            case 1: status = .checkValve
            default: break
            }
            return PipeNetwork.LinkRecord(id: l.id, kind: l.kind, fromNode: net.nodes[l.from].id, toNode: net.nodes[l.to].id,
                                          status: status, lengthMetres: l.lengthMetres)
        }
        let rebuilt = try PipeNetwork(name: net.name, nodes: nodes, links: links)
        let valves = ValveLayer.strategic(on: rebuilt, seed: seed).valves.enumerated().map { i, v in
            var v = v
            switch changesStates ? i % 12 : -1 {
            case 0: v.condition.state = .closed
            case 3, 7: v.condition.operability = .seized
            case 5: v.condition.operability = .buried
            default: break
            }
            return v
        }
        return PipeIsolator(network: rebuilt, valves: try ValveLayer(valves, on: rebuilt))
    }

    @Test(.enabled(if: PipeTestNetworks.sharedEPANET("Net3") != nil), arguments: ["Net1", "Net3", "Net6"])
    func sameAsOneIsolationPerLink(_ name: String) throws {
        let net = try PipeTestNetworks.epanet(try #require(PipeTestNetworks.sharedEPANET(name)))
        let plain = try expectSameAsIsolating(try perturbed(net, seed: 0, changesStates: false), "\(name), all open and working")
        #expect(plain.customersLosingSupply.contains { $0 > 0 })
        for seed: UInt64 in [1, 2, 3] {
            let impacts = try expectSameAsIsolating(try perturbed(net, seed: seed), "\(name), perturbed seed \(seed)")
            #expect(impacts.customersLosingSupply.contains { $0 > 0 })
        }
    }

    @Test func aNetworkWithoutASourceIsTheIsolatorsError() throws {
        let net = try PipeTestNetworks.make(nodes: ["A", "B"], pipes: ["p1:A-B"])
        #expect(throws: PipeNetworkError.noSource(network: "test", nodeCount: 2)) {
            try BreakImpacts(isolator: PipeIsolator(network: net, valves: net.dataValves))
        }
    }
}
