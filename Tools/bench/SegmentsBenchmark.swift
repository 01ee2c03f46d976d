import CityImport
import Engine
import Foundation
import NetworkAnalysis
import SpatialStore

/// `beacon-bench segments`: Beacon's valve segments against WNTR's `valve_segments` on every EPANET network in
/// ../shared/data/epanet, the same strategic N-1 valve layer fed to both (exported as CSV), partitions compared;
/// then the time of one isolation query on each network (mean over every pipe), and of ranking every segment by
/// the customers a break takes off supply (``BreakImpacts``) against one isolation per segment; last, the same
/// ranking on the default city's store (`make demo`) when it exists.
struct SegmentsBenchmark {
    let directory: URL
    var store = PythonPeers.benchDirectory.appendingPathComponent("../../shanghai.beacon.sqlite").standardized.path
    var peers = true
    var seed: UInt64 = 2025

    init(arguments: [String]) {
        let o = BenchOptions(arguments, benchmark: "segments", values: ["--dir", "--store", "--seed"], flags: ["--no-peers"])
        directory = o.string("--dir", "").isEmpty
            ? PythonPeers.benchDirectory.appendingPathComponent("../../../shared/data/epanet").standardized
            : URL(fileURLWithPath: o.string("--dir", ""))
        store = o.string("--store", store)
        seed = o.number("--seed", seed)
        peers = !o.flag("--no-peers")
    }

    func run() {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path).filter({ $0.hasSuffix(".inp") }).sorted(),
              !files.isEmpty else {
            print("segments benchmark: no .inp files in \(directory.path) (give --dir)"); return
        }
        let wntr = peers && WNTRPeer.prepare()
        if peers && !wntr { print("WNTR peer skipped: could not prepare \(PythonPeers.venv.path) with wntr") }
        print("valve segments, strategic N-1 layer (seed \(seed)); Beacon µs = best of repeated runs (thread CPU), "
              + "WNTR ms = best of 3 `valve_segments` calls; ratio = WNTR / Beacon")
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            print("load average: \(load.split(separator: " ").prefix(3).joined(separator: " ")) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        }
        print("")
        print(column("network", 34) + column("nodes", 7, right: true) + column("links", 7, right: true) + column("valves", 8, right: true)
              + column("segments", 10, right: true) + column("Beacon µs", 12, right: true) + column("WNTR ms", 10, right: true)
              + column("ratio", 9, right: true) + "  same partition" + column("", 4) + column("isolate µs", 12, right: true)
              + column("rank ms", 10, right: true) + column("1-by-1 ms", 11, right: true) + "  same ranking")
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-bench-segments-\(getpid())")
        try? FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        var worst = Double.infinity
        for file in files {
            let url = directory.appendingPathComponent(file)
            let name = String(file.dropLast(4))
            let net: PipeNetwork
            do { net = try PipeNetwork(epanet: try EPANETNetwork.read(contentsOf: url), name: name) } catch {
                print(column(name, 34) + "  not read: \(String("\(error)".prefix(90)))"); continue
            }
            let layer = ValveLayer.strategic(on: net, seed: seed)
            let (ours, micros) = timeSegments(net, layer)
            var line = column(name, 34) + column("\(net.nodes.count)", 7, right: true) + column("\(net.links.count)", 7, right: true)
                + column("\(layer.count)", 8, right: true) + column("\(ours.segmentCount)", 10, right: true)
                + column(String(format: "%.1f", micros), 12, right: true)
            if wntr, let peer = WNTRPeer.segments(inp: url, layer: layer, network: net, in: tmp) {
                let ratio = peer.seconds * 1e6 / micros
                worst = min(worst, ratio)
                line += column(String(format: "%.1f", peer.seconds * 1e3), 10, right: true) + column(String(format: "%.0f×", ratio), 9, right: true)
                    + "  " + column(peer.partition == partition(ours, net) ? "yes" : "NO", 18)
            } else {
                // WNTR cannot read some files (e.g. `6 AM` control times, Latin-1 bytes): its traceback is above.
                line += column(wntr ? "failed" : "—", 10, right: true) + column("", 9) + "  " + column("—", 18)
            }
            if net.sourceNodes.isEmpty {
                line += column("no source", 12, right: true)
            } else {
                let isolate = isolationMicroseconds(net, layer)
                let (rankMilliseconds, same, oneByOne) = ranking(net, layer, ours)
                line += column(String(format: "%.1f", isolate), 12, right: true) + column(String(format: "%.2f", rankMilliseconds), 10, right: true)
                    + column(String(format: "%.0f", isolate * Double(ours.segmentCount) / 1e3), 11, right: true) + "  " + (same ? "yes" : "NO")
                    + (oneByOne > 0 ? " (\(oneByOne) pump/cv segments isolated one by one)" : "")
            }
            print(line)
        }
        if worst.isFinite { print(String(format: "\nsmallest ratio over the networks: %.0f×", worst)) }
        print("rank ms = best thread-CPU time of BreakImpacts (customers losing supply for every link at once); 1-by-1 ms = "
              + "segments × isolate µs, what one isolation per segment costs; same ranking = equal customers for every segment's "
              + "first pipe, one customer per node (every segment up to 2,000, else a spread sample)")
        storeRanking()
    }

    /// Best thread-CPU milliseconds of ``BreakImpacts`` over 3 runs, whether it agrees with one isolation for
    /// each segment's first pipe (every segment up to 2,000, else an even sample of 2,000), and how many segments
    /// (those with a pump or check valve) it isolated one by one. One customer per node.
    func ranking(_ net: PipeNetwork, _ layer: ValveLayer, _ segments: ValveSegments) -> (Double, Bool, Int) {
        // EPANET files carry no customers: one per node, so that the figures compared are not all zero.
        let nodes = net.nodes.map { n -> PipeNetwork.Node in var n = n; n.customers = 1; return n }
        let links = net.links.map {
            PipeNetwork.LinkRecord(id: $0.id, kind: $0.kind, fromNode: net.nodes[$0.from].id, toNode: net.nodes[$0.to].id,
                                   status: $0.status, lengthMetres: $0.lengthMetres)
        }
        guard let counted = try? PipeNetwork(name: net.name, nodes: nodes, links: links),
              let layer = try? ValveLayer(layer.valves, on: counted) else { return (.nan, false, 0) }
        let isolator = PipeIsolator(network: counted, valves: layer)
        var best = Double.infinity
        var impacts: BreakImpacts?
        for _ in 0..<3 {
            let t0 = threadCPUNanoseconds()
            impacts = try? BreakImpacts(isolator: isolator)
            best = min(best, Double(threadCPUNanoseconds() - t0) / 1e6)
        }
        guard let impacts else { return (best, false, 0) }
        var firstLink = [Int](repeating: -1, count: segments.segmentCount)
        for (l, s) in segments.linkSegment.enumerated() where firstLink[Int(s)] < 0 { firstLink[Int(s)] = l }
        let firsts = firstLink.filter { $0 >= 0 }
        let step = max(1, firsts.count / 2_000)
        let same = stride(from: 0, to: firsts.count, by: step).allSatisfy {
            (try? isolator.isolate(link: firsts[$0]).customersLosingSupply) == impacts.customersLosingSupply[firsts[$0]]
        }
        return (best, same, impacts.segmentsIsolatedOneByOne)
    }

    /// `NetworkIsolation.segments()` on the default city's water and gas networks, against one isolation per segment.
    func storeRanking() {
        guard FileManager.default.fileExists(atPath: store) else { print("\nno store at \(store) (make demo builds it): default city skipped"); return }
        print("\ndefault city \(store): segments() ranking (BreakImpacts) against one isolation per segment, thread CPU")
        for network in ["water", "gas"] {
            guard let city = try? CityStore.open(at: store, readOnly: true),
                  let context = try? NetworkIsolation(store: city, network: network) else { print("\(network): not in the store"); continue }
            var best = Double.infinity
            var report: SegmentReport?
            for _ in 0..<3 {
                let t0 = threadCPUNanoseconds()
                report = try? context.segments()
                best = min(best, Double(threadCPUNanoseconds() - t0) / 1e6)
            }
            guard let rows = report?.rows else { print("\(network): segments() failed"); continue }
            var agree = 0
            let t0 = threadCPUNanoseconds()
            for row in rows {
                guard let link = context.isolator.network.link(id: row.examplePipe) else { continue }
                if (try? context.isolator.isolate(link: link).customersLosingSupply) == row.customersLosingSupplyOnBreak { agree += 1 }
            }
            let oneByOne = Double(threadCPUNanoseconds() - t0) / 1e6
            print(String(format: "%@: %d nodes, %d links, %d valves → %d segments with pipes; segments() %.1f ms (best of 3), "
                         + "one isolation per segment %.0f ms (%.0f×); same customers for %d of %d segments",
                         network, context.isolator.network.nodes.count, context.isolator.network.links.count, context.isolator.valves.count,
                         rows.count, best, oneByOne, oneByOne / best, agree, rows.count))
        }
    }

    /// Best thread-CPU time of the partition over enough runs to fill ~50 ms.
    func timeSegments(_ net: PipeNetwork, _ layer: ValveLayer) -> (ValveSegments, Double) {
        var result = ValveSegments(network: net, valves: layer)
        var best = Double.infinity, spent = 0.0, runs = 0
        while runs < 5 || (spent < 50_000 && runs < 2_000) {
            let t0 = threadCPUNanoseconds()
            result = ValveSegments(network: net, valves: layer)
            let us = Double(threadCPUNanoseconds() - t0) / 1e3
            best = min(best, us); spent += us; runs += 1
        }
        return (result, best)
    }

    /// Mean thread-CPU µs of one isolation query, over every link (at most 2,000).
    func isolationMicroseconds(_ net: PipeNetwork, _ layer: ValveLayer) -> Double {
        let isolator = PipeIsolator(network: net, valves: layer)
        let step = max(1, net.links.count / 2_000)
        let links = Array(stride(from: 0, to: net.links.count, by: step))
        var sink = 0
        let t0 = threadCPUNanoseconds()
        for l in links { sink &+= (try? isolator.isolate(link: l).customersLosingSupply) ?? 0 }
        let us = Double(threadCPUNanoseconds() - t0) / 1e3 / Double(links.count)
        precondition(sink >= 0)
        return us
    }

    func partition(_ s: ValveSegments, _ net: PipeNetwork) -> Set<Set<String>> {
        var groups: [Int32: Set<String>] = [:]
        for (i, n) in net.nodes.enumerated() { groups[s.nodeSegment[i], default: []].insert("N_" + n.id) }
        for (i, l) in net.links.enumerated() { groups[s.linkSegment[i], default: []].insert("L_" + l.id) }
        return Set(groups.values)
    }
}

/// The WNTR peer: `peers/wntr_segments.py` in Tools/bench/.venv.
enum WNTRPeer {
    static let script = PythonPeers.benchDirectory.appendingPathComponent("peers/wntr_segments.py")

    /// Installs wntr (and six, which WNTR 1.5 imports without declaring) into the bench venv when missing.
    static func prepare() -> Bool { PythonPeers.ensure(["wntr"], installing: ["wntr", "six"], for: "WNTR") }

    struct Result { var seconds: Double; var partition: Set<Set<String>> }

    static func segments(inp: URL, layer: ValveLayer, network: PipeNetwork, in dir: URL) -> Result? {
        let csv = dir.appendingPathComponent("\(network.name).valves.csv"), prefix = dir.appendingPathComponent(network.name).path
        guard (try? layer.csv(on: network).write(to: csv, atomically: true, encoding: .utf8)) != nil,
              let (status, output) = try? PythonPeers.launch(PythonPeers.python.path, [script.path, inp.path, csv.path, prefix, "--repeat", "3"]),
              status == 0, let line = output.split(separator: "\n").last,
              let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = json["seconds"] as? Double else { return nil }
        var groups: [String: Set<String>] = [:]
        for (tag, suffix) in [("N_", ".nodes.csv"), ("L_", ".links.csv")] {
            guard let text = try? String(contentsOfFile: prefix + suffix, encoding: .utf8) else { return nil }
            for row in text.split(whereSeparator: \.isNewline).dropFirst() {
                let fields = row.split(separator: ",", omittingEmptySubsequences: false)
                groups[String(fields.last!), default: []].insert(tag + fields.dropLast().joined(separator: ","))
            }
        }
        return Result(seconds: seconds, partition: Set(groups.values))
    }
}
