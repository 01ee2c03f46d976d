import CityImport
import Foundation
import NetworkAnalysis
import SpatialCore
import Testing
import TestSupport

/// Isolation on real networks: the Schutterwald gas network (houses behind a break) and Net6 (speed).
@Suite struct PipeIsolationRealTests {
    static let schutterwald = TestPaths.sharedData?.appendingPathComponent("gas/schutterwald_gas_network.geojson")

    /// Nodes with no path to a source once `removedNodes` / `removedLinks` are gone: an independent
    /// union-find over the plain link list, to check the isolator's search.
    func cutOff(_ net: PipeNetwork, removedNodes: Set<Int>, removedLinks: Set<Int>) -> Set<Int> {
        var parent = Array(net.nodes.indices)
        func find(_ x: Int) -> Int { var x = x; while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }; return x }
        for (i, l) in net.links.enumerated() where !removedLinks.contains(i) && l.status != .closed
            && !removedNodes.contains(l.from) && !removedNodes.contains(l.to) {
            parent[find(l.from)] = find(l.to)
        }
        let fed = Set(net.sourceNodes.filter { !removedNodes.contains($0) }.map(find))
        return Set(net.nodes.indices.filter { !removedNodes.contains($0) && !fed.contains(find($0)) })
    }

    @Test(.enabled(if: schutterwald != nil))
    func aGasBreakCutsOffTheHousesBehindIt() throws {
        let features = try GasNetworkReader.read(geojson: try #require(Self.schutterwald))
        let net = try PipeNetwork(features: features, network: "gas")
        let houses = net.nodes.indices.filter { net.nodes[$0].kind == "customer" }
        #expect(net.sourceNodes.count == 1 && houses.count == 1506 && net.dataValves.count == 0)
        // The source data has no isolation valves: a WNTR-style strategic N-1 layer stands in.
        let layer = ValveLayer.strategic(on: net, seed: 42)
        let isolator = PipeIsolator(network: net, valves: layer)
        #expect(isolator.baseline.nodes.allSatisfy { $0 }, "every house is fed before the break")
        var checked = 0, largest = 0
        for l in stride(from: 0, to: net.links.count, by: 7) {
            let r = try isolator.isolate(link: l)
            let segmentNodes = Set(r.segmentNodes)
            let expectedCut = cutOff(net, removedNodes: segmentNodes, removedLinks: Set(r.segmentLinks))
            let lost = Set(r.nodesLosingSupply.map(\.node))
            #expect(lost == segmentNodes.union(expectedCut), "pipe \(net.links[l].id)")
            #expect(r.customersLosingSupply == lost.filter { net.nodes[$0].kind == "customer" }.count)
            // Valves close on the boundary only: each has one side in the segment.
            #expect(r.valvesToClose.allSatisfy { segmentNodes.contains($0.valve.node) != r.segmentLinks.contains($0.valve.link) })
            largest = max(largest, r.customersLosingSupply)
            checked += 1
        }
        #expect(checked > 300)
        // A house service line: breaking it takes that house (at least) off gas, not the town.
        let service = try #require(net.links.indices.first { net.nodes[net.links[$0].to].kind == "customer" && net.links(at: net.links[$0].to).count == 1 })
        let r = try isolator.isolate(link: service)
        let house = net.links[service].to
        #expect(r.nodesLosingSupply.contains { $0.node == house })
        #expect(r.customersLosingSupply >= 1 && r.customersLosingSupply < 100)
        // Somewhere a main break cuts off a street's worth of houses, but never all 1,506.
        #expect(largest >= 10 && largest < houses.count)
    }

    @Test(.enabled(if: PipeTestNetworks.sharedEPANET("Net6") != nil))
    func oneIsolationOnNet6IsFast() throws {
        let net = try PipeTestNetworks.epanet(try #require(PipeTestNetworks.sharedEPANET("Net6")))
        let isolator = PipeIsolator(network: net, valves: ValveLayer.strategic(on: net, seed: 1))
        let clock = ContinuousClock()
        var customers = 0
        let queries = 200
        let elapsed = try clock.measure {
            for q in 0..<queries { customers &+= try isolator.isolate(link: (q * 37) % net.links.count).customersLosingSupply }
        }
        let microseconds = Double(elapsed.components.attoseconds) / 1e12 / Double(queries) + Double(elapsed.components.seconds) * 1e6 / Double(queries)
        print("Net6: \(net.nodes.count) nodes, \(net.links.count) links; one isolation \(String(format: "%.0f", microseconds)) µs (debug build)")
        #expect(customers >= 0)
        #expect(microseconds < 20_000, "debug-build bound; the release figure is in beacon-bench segments")
    }
}
