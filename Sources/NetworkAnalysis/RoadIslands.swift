/// Road islands: weakly connected parts of the graph (edge directions ignored) apart from the main one.
///
/// Clipped extracts and unconnected private roads leave islands; a route within an island works,
/// a route between islands cannot exist and says so.
public struct RoadIslands: Sendable {
    /// Weak component label of each node (labels are arbitrary node ids, equal within a component).
    public let labelOfNode: [Int32]
    /// Junction count per label.
    let sizeOfLabel: [Int32: Int]
    /// Label of the largest component.
    public let mainLabel: Int32

    /// Union-find over all edges, O(V + E).
    public init(_ graph: RoadGraph) {
        var sets = UnionFind(count: graph.nodeCount)
        for e in 0..<graph.edgeCount { sets.union(Int(graph.edgeSources[e]), Int(graph.edgeTargets[e])) }
        labelOfNode = (0..<graph.nodeCount).map { Int32(sets.find($0)) }
        var sizes: [Int32: Int] = [:]
        for label in labelOfNode { sizes[label, default: 0] += 1 }
        sizeOfLabel = sizes
        mainLabel = sizes.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key ?? -1
    }

    /// Junctions in the component holding `node`.
    public func size(ofComponentWith node: Int) -> Int { sizeOfLabel[labelOfNode[node]] ?? 0 }

    /// Whether `node` lies off the main component.
    public func isOnIsland(_ node: Int) -> Bool { labelOfNode[node] != mainLabel }

    /// Junction counts of the islands (every component but the main one), largest first.
    public var islandSizes: [Int] {
        sizeOfLabel.filter { $0.key != mainLabel }.map(\.value).sorted(by: >)
    }
}
