import Foundation
import NetworkAnalysis
import Testing
import TestSupport

/// Valve segments against WNTR's `valve_segments`: always on Net3 with golden files WNTR wrote, and live on
/// every shared network when a Python with WNTR is at hand (Tools/bench/.venv).
@Suite struct ValveSegmentsWNTRTests {
    static let fixtures = TestPaths.fixtures.appendingPathComponent("pipes")
    static let python = TestPaths.repoRoot.appendingPathComponent("Tools/bench/.venv/bin/python")
    static let peer = TestPaths.repoRoot.appendingPathComponent("Tools/bench/peers/wntr_segments.py")
    static let wntrAvailable: Bool = {
        guard TestPaths.sharedData != nil, FileManager.default.isExecutableFile(atPath: python.path) else { return false }
        return (try? run(python.path, ["-c", "import wntr"]))?.status == 0
    }()

    @Test(arguments: ["net3_strategic1", "net3_random60"])
    func net3MatchesWNTRsGoldenPartition(layer name: String) throws {
        let net = try PipeTestNetworks.epanet(Self.fixtures.appendingPathComponent("Net3.inp"))
        let csv = try String(contentsOf: Self.fixtures.appendingPathComponent("\(name).valves.csv"), encoding: .utf8)
        let layer = try ValveLayer(csv: csv, on: net)
        let segments = ValveSegments(network: net, valves: layer)
        let wntr = try PipeTestNetworks.partition(nodesCSV: Self.fixtures.appendingPathComponent("\(name).wntr.nodes.csv"),
                                                  linksCSV: Self.fixtures.appendingPathComponent("\(name).wntr.links.csv"))
        #expect(PipeTestNetworks.partition(segments, on: net) == wntr)
        #expect(segments.segmentCount == wntr.count)
    }

    /// WNTR's strategic N-1 layer and ours obey the same rule: a node with d links carries d − 1 valves.
    @Test func strategicLayersPutAValveOnAllLinksButOne() throws {
        let net = try PipeTestNetworks.epanet(Self.fixtures.appendingPathComponent("Net3.inp"))
        let theirs = try ValveLayer(csv: String(contentsOf: Self.fixtures.appendingPathComponent("net3_strategic1.valves.csv"), encoding: .utf8), on: net)
        for layer in [theirs, ValveLayer.strategic(on: net, seed: 7)] {
            var perNode = [Int](repeating: 0, count: net.nodes.count)
            for v in layer.valves { perNode[v.node] += 1 }
            for n in net.nodes.indices { #expect(perNode[n] == max(net.links(at: n).count - 1, 0), "node \(net.nodes[n].id)") }
            #expect(Set(layer.valves.map { "\($0.link)@\($0.node)" }).count == layer.count)
        }
        let n2 = ValveLayer.strategic(on: net, unvalvedLinksPerNode: 2, seed: 7)
        #expect(n2.count == net.nodes.indices.reduce(0) { $0 + max(net.links(at: $1).count - 2, 0) })
        let random = ValveLayer.random(on: net, count: 50, seed: 3)
        #expect(random.count == 50 && random.valves.allSatisfy { net.links[$0.link].kind == "pipe" })
        #expect(ValveLayer.random(on: net, count: 50, seed: 3) == random)
    }

    /// Isolation's segment of a break is the valve segment of the broken pipe when nothing is closed or seized.
    @Test func isolationSegmentsAreValveSegmentsOnNet3() throws {
        let net = try PipeTestNetworks.epanet(Self.fixtures.appendingPathComponent("Net3.inp"), honourStatus: false)
        let layer = ValveLayer.strategic(on: net, seed: 11)
        let segments = ValveSegments(network: net, valves: layer)
        let isolator = PipeIsolator(network: net, valves: layer)
        for l in net.links.indices {
            let r = try isolator.isolate(link: l)
            let s = segments.linkSegment[l]
            #expect(r.segmentLinks == net.links.indices.filter { segments.linkSegment[$0] == s })
            #expect(r.segmentNodes == net.nodes.indices.filter { segments.nodeSegment[$0] == s })
            // Every valve to close separates the segment from another one.
            #expect(r.valvesToClose.allSatisfy { segments.linkSegment[$0.valve.link] != segments.nodeSegment[$0.valve.node] })
        }
    }

    @Test(.enabled(if: wntrAvailable, "needs ../shared/data and Tools/bench/.venv with wntr (pip install wntr six)"))
    func everySharedNetworkMatchesWNTRLive() throws {
        let dir = try #require(TestPaths.sharedData).appendingPathComponent("epanet")
        let names = ["Net3", "Net6"] + (try FileManager.default.contentsOfDirectory(atPath: dir.path))
            .filter { $0.hasPrefix("ky") && $0.hasSuffix(".inp") }.map { String($0.dropLast(4)) }.sorted()
        #expect(names.contains("ky10"))
        let tmp = TestPaths.temporaryDirectory("wntr-segments")
        defer { try? FileManager.default.removeItem(at: tmp) }
        for name in names {
            let inp = dir.appendingPathComponent("\(name).inp")
            let net = try PipeTestNetworks.epanet(inp)
            for (kind, layer) in [("strategic", ValveLayer.strategic(on: net, seed: 2025)),
                                  ("random", ValveLayer.random(on: net, count: net.links.count / 3, seed: 2025))] {
                let csv = tmp.appendingPathComponent("\(name)-\(kind).valves.csv")
                try layer.csv(on: net).write(to: csv, atomically: true, encoding: .utf8)
                let prefix = tmp.appendingPathComponent("\(name)-\(kind)").path
                let r = try Self.run(Self.python.path, [Self.peer.path, inp.path, csv.path, prefix])
                try #require(r.status == 0, "\(name): wntr_segments.py failed: \(r.output)")
                let wntr = try PipeTestNetworks.partition(nodesCSV: URL(fileURLWithPath: prefix + ".nodes.csv"),
                                                          linksCSV: URL(fileURLWithPath: prefix + ".links.csv"))
                let ours = ValveSegments(network: net, valves: layer)
                #expect(PipeTestNetworks.partition(ours, on: net) == wntr, "\(name) \(kind): partitions differ")
                #expect(ours.segmentCount == wntr.count, "\(name) \(kind)")
            }
        }
    }

    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
