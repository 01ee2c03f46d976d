import NetworkAnalysis
import SpatialCore
import Testing

/// Isolation on small networks whose answers can be worked out by hand.
@Suite struct PipeIsolationTests {
    func ids(_ actions: [PipeIsolation.ValveAction]) -> Set<String> { Set(actions.map(\.valve.id)) }
    func lost(_ r: PipeIsolation, _ n: PipeNetwork) -> [String: PipeIsolation.LossReason] {
        Dictionary(uniqueKeysWithValues: r.nodesLosingSupply.map { (n.nodes[$0.node].id, $0.reason) })
    }

    /// R1 – A – B – C – D – R2 with the loop A – D: a break between two valves on the loop cuts nobody off.
    @Test func aLoopWithTwoSourcesKeepsEveryoneSupplied() throws {
        let net = try PipeTestNetworks.make(
            nodes: ["R1", "A", "B", "C", "D", "R2"],
            pipes: ["p1:R1-A", "p2:A-B", "p3:B-C", "p4:C-D", "p5:D-R2", "p6:A-D"],
            valves: ["p2@A", "p2@B", "p3@B", "p3@C"], customers: ["A": 10, "B": 20, "C": 30, "D": 40])
        let r = try PipeIsolator(network: net, valves: net.dataValves).isolate(pipe: "p2")
        #expect(ids(r.valvesToClose) == ["p2@A", "p2@B"])
        #expect(r.segmentLinks.map { net.links[$0].id } == ["p2"])
        #expect(r.segmentNodes.isEmpty)
        #expect(r.nodesLosingSupply.isEmpty && r.customersLosingSupply == 0)
        // Break p3 with the source R2 gone: B and C hang on A through p2 only; still nobody loses supply.
        let r3 = try PipeIsolator(network: net, valves: net.dataValves).isolate(pipe: "p3")
        #expect(ids(r3.valvesToClose) == ["p3@B", "p3@C"] && r3.nodesLosingSupply.isEmpty)
        // Break p1 (no valves on it): the segment spreads over everything not behind a valve.
        let r1 = try PipeIsolator(network: net, valves: net.dataValves).isolate(pipe: "p1")
        #expect(ids(r1.valvesToClose) == ["p2@A", "p3@C"])
        #expect(Set(r1.segmentNodes.map { net.nodes[$0].id }) == ["R1", "A", "C", "D", "R2"])
        #expect(r1.sourcesIsolated.count == 2 && !r1.caveats.isEmpty)
        // Both sources drained: everybody who had water loses it.
        #expect(Set(lost(r1, net).keys) == ["R1", "R2", "A", "B", "C", "D"] && r1.customersLosingSupply == 100)
        #expect(lost(r1, net)["B"] == .cutOff && lost(r1, net)["A"] == .isolated)
    }

    /// R – A – B – C – D: the valve at C on the broken pipe is seized, so the crew closes the next one out.
    @Test func aSeizedValveForcesTheNextValvesOut() throws {
        let net = try PipeTestNetworks.make(
            nodes: ["R", "A", "B", "C", "D", "E"],
            pipes: ["pRA:R-A", "pAB:A-B", "pBC:B-C", "pCD:C-D", "pCE:C-E"],
            valves: ["pAB@A", "pAB@B", "pBC@B", "pBC@C:seized", "pCD@C", "pCD@D", "pCE@E:buried"],
            customers: ["A": 1, "B": 2, "C": 10, "D": 5, "E": 7])
        let r = try PipeIsolator(network: net, valves: net.dataValves).isolate(pipe: "pBC")
        #expect(ids(r.inoperable) == ["pBC@C", "pCE@E"])
        #expect(ids(r.valvesToClose) == ["pBC@B", "pCD@C"])
        let next = try #require(r.valvesToClose.first { $0.valve.id == "pCD@C" })
        #expect(next.replaces == "pBC@C" && next.reason.contains("next valve out"))
        // pCE@E is buried too, so E joins the segment; D is cut off behind the closed pCD@C.
        #expect(Set(r.segmentNodes.map { net.nodes[$0].id }) == ["C", "E"])
        #expect(lost(r, net) == ["C": .isolated, "E": .isolated, "D": .cutOff])
        #expect(r.customersLosingSupply == 22)
        #expect(r.extensionNodeCount == 2 && r.extensionLinkCount == 1)
    }

    /// R – A, and the loop A – B – C – A. An already-closed valve on C – A makes B and C depend on A – B.
    @Test func anAlreadyClosedValveMakesAnotherAreaLoseSupply() throws {
        let pipes = ["pRA:R-A", "pAB:A-B", "pBC:B-C", "pCA:C-A"]
        let customers = ["A": 3, "B": 20, "C": 30]
        let open = try PipeTestNetworks.make(nodes: ["R", "A", "B", "C"], pipes: pipes,
                                             valves: ["pAB@A", "pAB@B", "pCA@C", "pCA@A"], customers: customers)
        let rOpen = try PipeIsolator(network: open, valves: open.dataValves).isolate(pipe: "pAB")
        #expect(rOpen.nodesLosingSupply.isEmpty)
        let closed = try PipeTestNetworks.make(nodes: ["R", "A", "B", "C"], pipes: pipes,
                                               valves: ["pAB@A", "pAB@B", "pCA@C:closed", "pCA@A"], customers: customers)
        let isolator = PipeIsolator(network: closed, valves: closed.dataValves)
        let r = try isolator.isolate(pipe: "pAB")
        #expect(lost(r, closed) == ["B": .cutOff, "C": .cutOff] && r.customersLosingSupply == 50)
        #expect(ids(r.valvesToClose) == ["pAB@A", "pAB@B"] && r.alreadyClosed.isEmpty)
        // A break next to the closed valve lists it apart: nothing to do there.
        let rCA = try isolator.isolate(pipe: "pCA")
        #expect(ids(rCA.alreadyClosed) == ["pCA@C"] && ids(rCA.valvesToClose) == ["pCA@A"])
        #expect(rCA.alreadyClosed[0].reason.contains("already closed"))
        // pCA carried nothing before (closed at C, dead end at A's side is supplied): it loses supply, nobody else.
        #expect(rCA.nodesLosingSupply.isEmpty)
    }

    @Test func hydrantsOnPipesThatLoseSupplyAreOutOfService() throws {
        let nodes = ["R", "A", "B", "C"].map { PipeNetwork.Node(id: $0, kind: $0 == "R" ? "reservoir" : "junction", isSource: $0 == "R") }
        let links = [("p1", "R", "A"), ("p2", "A", "B"), ("p3", "B", "C")].map { PipeNetwork.LinkRecord(id: $0.0, fromNode: $0.1, toNode: $0.2) }
        let net = try PipeNetwork(name: "water", nodes: nodes, links: links,
                                  valves: [.init(id: "v2", pipe: "p2", nearNode: "A"), .init(id: "v2b", pipe: "p2", nearNode: "B")],
                                  hydrants: [.init(id: "h1", pipe: "p1"), .init(id: "h2", pipe: "p2"), .init(id: "h3", pipe: "p3")])
        let r = try PipeIsolator(network: net, valves: net.dataValves).isolate(pipe: "p2")
        #expect(r.hydrantsOutOfService.map { net.hydrants[$0.hydrant].id } == ["h2", "h3"])
        #expect(r.hydrantsOutOfService.map(\.reason) == [.isolated, .cutOff])
    }

    @Test func aValveNodeSeparatesEveryLinkThatMeetsThere() throws {
        var nodes = ["R", "A", "B"].map { PipeNetwork.Node(id: $0, kind: $0 == "R" ? "reservoir" : "junction", isSource: $0 == "R") }
        nodes.append(PipeNetwork.Node(id: "V", kind: "valve", valve: .init()))
        let links = [("p1", "R", "A"), ("p2", "A", "V"), ("p3", "V", "B")].map { PipeNetwork.LinkRecord(id: $0.0, fromNode: $0.1, toNode: $0.2) }
        let net = try PipeNetwork(name: "water", nodes: nodes, links: links)
        #expect(net.dataValves.count == 2)
        let r = try PipeIsolator(network: net, valves: net.dataValves).isolate(pipe: "p3")
        #expect(r.valvesToClose.map(\.valve.id) == ["V"])
        #expect(r.nodesLosingSupply.map { net.nodes[$0.node].id } == ["B"])
    }

    @Test func aNetworkWithoutASourceIsAnErrorNamingIt() throws {
        let net = try PipeTestNetworks.make(nodes: ["A", "B"], pipes: ["p:A-B"], name: "heat")
        #expect(throws: PipeNetworkError.noSource(network: "heat", nodeCount: 2)) {
            try PipeIsolator(network: net, valves: net.dataValves).isolate(pipe: "p")
        }
        do {
            _ = try PipeIsolator(network: net, valves: net.dataValves).isolate(pipe: "p")
        } catch {
            #expect(error.description.contains("network 'heat' has no source"))
        }
        #expect(throws: PipeNetworkError.unknownPipe(network: "heat", id: "nope")) {
            try PipeIsolator(network: net, valves: net.dataValves).isolate(pipe: "nope")
        }
    }

    @Test func missingNodesDuplicateIdsAndBadValvesAreNamed() throws {
        do {
            _ = try PipeTestNetworks.make(nodes: ["R", "A", "A"], pipes: ["p1:R-A", "p2:A-X", "p1:A-R"], valves: ["p2@R"])
            Issue.record("a broken network was accepted")
        } catch let PipeNetworkError.invalid(network, problems, total) {
            #expect(network == "test" && total == 4)
            #expect(problems.contains("valve 'p2@R': on_pipe 'p2' is not a pipe of the network"))
            #expect(problems.contains("duplicate node id 'A' (the first is kept)"))
            #expect(problems.contains("pipe 'p2': to_node 'X' is not a node of the network"))
            #expect(problems.contains("duplicate link id 'p1' (the first is kept)"))
        }
        // The valve's pipe p2 was dropped, so the lenient build names the valve too and keeps the rest.
        let nodes = ["R", "A"].map { PipeNetwork.Node(id: $0, kind: $0 == "R" ? "reservoir" : "junction", isSource: $0 == "R") }
        let lenient = try PipeNetwork(name: "water", nodes: nodes,
                                      links: [.init(id: "p1", fromNode: "R", toNode: "A"), .init(id: "p2", fromNode: "A", toNode: "X")],
                                      valves: [.init(id: "v", pipe: "p2", nearNode: "A"), .init(id: "w", pipe: "p1", nearNode: "Q")],
                                      skippingInvalid: true)
        #expect(lenient.links.count == 1 && lenient.dataValves.count == 0)
        #expect(lenient.warnings.count == 3)
        #expect(lenient.warnings.contains { $0.contains("valve 'w': near_node 'Q' is not an end of pipe 'p1'") })
    }

    @Test func featuresOfOtherNetworksAreIgnoredAndBadValuesNamed() throws {
        func node(_ id: String, _ kind: String, _ props: [String: PropertyValue] = [:], network: String = "gas") -> Feature {
            Feature(id: id, layer: .pipeNodes, kind: kind, geometry: .point(Coordinate(longitude: 121, latitude: 31)),
                    properties: props.merging(["network": .text(network)]) { a, _ in a })
        }
        func pipe(_ id: String, _ a: String, _ b: String, network: String = "gas") -> Feature {
            Feature(id: id, layer: .pipes, kind: "pipe",
                    geometry: .lineString([Coordinate(longitude: 121, latitude: 31), Coordinate(longitude: 121.001, latitude: 31)]),
                    properties: ["network": .text(network), "from_node": .text(a), "to_node": .text(b)])
        }
        let good = [node("g", "regulator"), node("h", "customer"), pipe("p", "g", "h"),
                    node("v", "valve", ["on_pipe": .text("p"), "near_node": .text("g"), "operability": .text("seized")]),
                    node("w", "junction", network: "water"), pipe("q", "w", "zz", network: "water")]
        let net = try PipeNetwork(features: good, network: "gas")
        #expect(net.nodes.count == 2 && net.links.count == 1 && net.sourceNodes == [0])
        #expect(net.nodes[1].customers == 1 && net.dataValves.valves[0].condition.operability == .seized)
        #expect(net.links[0].lengthMetres > 90 && net.links[0].lengthMetres < 100)
        let bad = good + [node("x", "valve", ["on_pipe": .text("p"), "valve_state": .text("half")])]
        #expect {
            try PipeNetwork(features: bad, network: "gas")
        } throws: { error in
            "\(error)".contains("valve 'x': valve_state 'half' is not one of open, closed")
        }
        #expect(throws: PipeNetworkError.empty(network: "heat")) { try PipeNetwork(features: good, network: "heat") }
    }
}
