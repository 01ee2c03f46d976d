import CityImport
import Engine
import Foundation
import NetworkAnalysis
import SpatialCore
import TestSupport

/// Networks for the pipe tests: hand-made ones, and EPANET files read as WNTR reads them.
enum PipeTestNetworks {
    /// A network from a compact description: nodes `"R*"` are reservoirs (sources), others junctions with
    /// `customers[id]`; pipes are `"id:from-to"`; valves `"pipe@node"` with an optional `:closed` / `:seized`.
    static func make(nodes: [String], pipes: [String], valves: [String] = [], customers: [String: Int] = [:],
                     name: String = "test") throws -> PipeNetwork {
        let nodeRecords = nodes.map {
            PipeNetwork.Node(id: $0, kind: $0.hasPrefix("R") ? "reservoir" : "junction", isSource: $0.hasPrefix("R"),
                             customers: customers[$0] ?? 0)
        }
        let links = pipes.map { text -> PipeNetwork.LinkRecord in
            let parts = text.split(separator: ":"), ends = parts[1].split(separator: "-")
            return PipeNetwork.LinkRecord(id: String(parts[0]), fromNode: String(ends[0]), toNode: String(ends[1]), lengthMetres: 100)
        }
        let valveRecords = valves.map { text -> PipeNetwork.ValveRecord in
            let parts = text.split(separator: ":"), at = parts[0].split(separator: "@")
            var condition = ValveLayer.Condition()
            if parts.count > 1, parts[1] == "closed" { condition.state = .closed }
            if parts.count > 1, parts[1] == "seized" { condition.operability = .seized }
            if parts.count > 1, parts[1] == "buried" { condition.operability = .buried }
            return PipeNetwork.ValveRecord(id: String(parts[0]), pipe: String(at[0]), nearNode: String(at[1]), condition: condition)
        }
        return try PipeNetwork(name: name, nodes: nodeRecords, links: links, valves: valveRecords)
    }

    /// Every node and link of an EPANET file, by its EPANET id, as WNTR's graph holds them (no
    /// coordinates needed). `honourStatus: false` opens every link (segments ignore status).
    static func epanet(_ url: URL, honourStatus: Bool = true) throws -> PipeNetwork {
        try PipeNetwork(epanet: try EPANETNetwork.read(contentsOf: url), name: url.deletingPathExtension().lastPathComponent,
                        honourStatus: honourStatus)
    }

    static func sharedEPANET(_ name: String) -> URL? {
        TestPaths.sharedData?.appendingPathComponent("epanet/\(name).inp")
    }

    /// Node and link partitions as sets of id sets, so that labels do not matter.
    static func partition(_ labels: [String: String]) -> Set<Set<String>> {
        Set(Dictionary(grouping: labels.keys, by: { labels[$0]! }).values.map { Set($0) })
    }

    /// One partition of nodes and links (prefixed `N_` / `L_` as WNTR does internally).
    static func partition(_ s: ValveSegments, on network: PipeNetwork) -> Set<Set<String>> {
        var labels: [String: String] = [:]
        for (i, n) in network.nodes.enumerated() { labels["N_" + n.id] = String(s.nodeSegment[i]) }
        for (i, l) in network.links.enumerated() { labels["L_" + l.id] = String(s.linkSegment[i]) }
        return partition(labels)
    }

    /// Reads WNTR's `node,segment` and `link,segment` files into the same form.
    static func partition(nodesCSV: URL, linksCSV: URL) throws -> Set<Set<String>> {
        var labels: [String: String] = [:]
        for (prefix, url) in [("N_", nodesCSV), ("L_", linksCSV)] {
            for line in try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                labels[prefix + fields.dropLast().joined(separator: ",")] = String(fields.last!)
            }
        }
        return partition(labels)
    }
}
