import SpatialCore

/// The result of a one-to-all (or many-to-all) search: seconds per node and the edges that reach them.
public struct ShortestPathTree: Sendable {
    public let direction: SearchDirection
    /// Seconds from the nearest source (forward) or to it (reverse), per node; `.infinity` when
    /// the node is not reached within the limit.
    public let travelSeconds: [Double]
    let predecessorEdge: [Int32]
    let originNode: [Int32]

    /// The source whose search reached `node` first, or nil when unreached. O(1).
    public func source(of node: Int) -> Int? {
        originNode[node] < 0 ? nil : Int(originNode[node])
    }

    /// The route between `node` and its nearest source, in travel order: from the source to `node`
    /// for a forward tree, from `node` to the source for a reverse tree. O(path length).
    public func path(to node: Int, in graph: RoadGraph) -> RoadPath? {
        guard travelSeconds[node].isFinite else { return nil }
        var edges: [Int] = []
        var current = node
        while predecessorEdge[current] >= 0 {
            let e = Int(predecessorEdge[current])
            edges.append(e)
            current = Int(direction == .forward ? graph.edgeSources[e] : graph.edgeTargets[e])
        }
        if direction == .forward { edges.reverse() }
        return RoadPath(graph: graph, start: direction == .forward ? current : node, edges: edges)
    }
}

/// A route through the graph: its nodes, edges, totals and polyline.
public struct RoadPath: Sendable, Equatable {
    /// Node ids in travel order, first to last.
    public let nodes: [Int]
    /// Edge ids in travel order (`nodes.count - 1` of them).
    public let edges: [Int]
    /// Sum of the edges' free-flow travel times, seconds.
    public let travelSeconds: Double
    /// Sum of the edges' lengths, metres.
    public let lengthMetres: Double
    /// The road geometry followed, degrees, without repeated junction vertices.
    public let polyline: [Coordinate]

    init(graph: RoadGraph, start: Int, edges: [Int]) {
        var nodes = [start]
        var polyline = [graph.nodeCoordinates[start]]
        var seconds = 0.0, metres = 0.0
        for e in edges {
            nodes.append(Int(graph.edgeTargets[e]))
            polyline.append(contentsOf: graph.edgeShape(e).dropFirst())
            seconds += graph.edgeTravelSeconds[e]
            metres += graph.edgeLengthMetres[e]
        }
        self.nodes = nodes
        self.edges = edges
        self.travelSeconds = seconds
        self.lengthMetres = metres
        self.polyline = polyline
    }
}

extension RoadGraph {
    /// Seconds from the nearest source to every node (forward) or from every node to its nearest
    /// source (reverse); sources start at their given seconds (e.g. a unit's turnout time).
    /// Nodes beyond `limitSeconds` are `.infinity`. Multi-source Dijkstra, O((V + E) log V); with no
    /// limit it takes the workspace's one-to-all fast path (no tree, 4-ary heap).
    public func travelSeconds(from sources: [Int: Double], limitSeconds: Double = .infinity,
                              direction: SearchDirection = .forward) -> [Double] {
        var workspace = DijkstraWorkspace(nodeCount: nodeCount)
        workspace.run(on: self, direction: direction, sources: Self.sortedSources(sources), limitSeconds: limitSeconds,
                      targets: [], costs: nil, recordsTree: false)
        return workspace.seconds
    }

    /// Like ``travelSeconds(from:limitSeconds:direction:)``, keeping the predecessor edges for paths.
    public func shortestPathTree(from sources: [Int: Double], limitSeconds: Double = .infinity,
                                 direction: SearchDirection = .forward) -> ShortestPathTree {
        var workspace = DijkstraWorkspace(nodeCount: nodeCount)
        workspace.run(on: self, direction: direction, sources: Self.sortedSources(sources),
                      limitSeconds: limitSeconds)
        return ShortestPathTree(direction: direction, travelSeconds: workspace.seconds,
                                predecessorEdge: workspace.predecessorEdge, originNode: workspace.origin)
    }

    /// The fastest route from `origin` to `destination`, or nil when there is none.
    /// Dijkstra stopped when the destination is settled; O((V + E) log V) at most.
    public func shortestPath(from origin: Int, to destination: Int) -> RoadPath? {
        var workspace = DijkstraWorkspace(nodeCount: nodeCount)
        workspace.run(on: self, direction: .forward, sources: [(Int32(origin), 0)], target: Int32(destination))
        let tree = ShortestPathTree(direction: .forward, travelSeconds: workspace.seconds,
                                    predecessorEdge: workspace.predecessorEdge, originNode: workspace.origin)
        return tree.path(to: destination, in: self)
    }

    /// Sources in node order, so that ties resolve the same way on every run.
    static func sortedSources(_ sources: [Int: Double]) -> [(node: Int32, seconds: Double)] {
        sources.sorted { $0.key < $1.key }.map { (Int32($0.key), $0.value) }
    }
}
