import CityImport
import NetworkAnalysis

extension PipeNetwork {
    /// Every node and link of an EPANET model by its EPANET id, as WNTR's graph holds them (no coordinates
    /// needed): reservoirs and tanks are sources; pipes, pumps and control valves are links. Junctions with a
    /// base demand count one customer. `honourStatus: false` opens every link. O(V + E).
    public init(epanet net: EPANETNetwork, name: String, honourStatus: Bool = true) throws(PipeNetworkError) {
        var nodes = net.junctions.map { Node(id: $0.id, kind: "junction", customers: $0.baseDemandLitresPerSecond > 0 ? 1 : 0) }
        nodes += net.reservoirs.map { Node(id: $0.id, kind: "reservoir", isSource: true) }
        nodes += net.tanks.map { Node(id: $0.id, kind: "tank", isSource: true) }
        func status(_ s: EPANETNetwork.LinkStatus) -> LinkStatus {
            guard honourStatus else { return .open }
            switch s { case .closed: return .closed; case .cv: return .checkValve; default: return .open }
        }
        var links = net.pipes.map {
            LinkRecord(id: $0.id, kind: "pipe", fromNode: $0.fromNode, toNode: $0.toNode, status: status($0.status), lengthMetres: $0.lengthMetres)
        }
        links += net.pumps.map { LinkRecord(id: $0.id, kind: "pump", fromNode: $0.fromNode, toNode: $0.toNode, status: status($0.status)) }
        links += net.valves.map { LinkRecord(id: $0.id, kind: "valve", fromNode: $0.fromNode, toNode: $0.toNode, status: status($0.status)) }
        try self.init(name: name, nodes: nodes, links: links)
    }
}
