import SpatialCore
import Testing
@testable import NetworkAnalysis

/// Strong components against brute-force reachability, and a one-way spur left out of the main component.
struct StrongComponentsTests {
    /// Nodes reachable from `start` along out-edges (breadth first).
    static func reachable(_ g: RoadGraph, from start: Int) -> Set<Int> {
        var seen: Set<Int> = [start], queue = [start]
        while let v = queue.popLast() {
            for e in g.outgoingEdges(of: v) where seen.insert(Int(g.edgeTargets[e])).inserted { queue.append(Int(g.edgeTargets[e])) }
        }
        return seen
    }

    @Test func labelsAgreeWithMutualReachability() {
        // A 4×4 two-way grid, one one-way spur out of it and one one-way spur into it.
        var roads: [Feature] = []
        func at(_ x: Int, _ y: Int) -> Coordinate { Coordinate(longitude: 121.40 + Double(x) * 0.002, latitude: 31.20 + Double(y) * 0.002) }
        for y in 0..<4 { for x in 0..<3 { roads.append(Feature(id: "h\(x)\(y)", layer: .roads, kind: "residential", geometry: .lineString([at(x, y), at(x + 1, y)]))) } }
        for x in 0..<4 { for y in 0..<3 { roads.append(Feature(id: "v\(x)\(y)", layer: .roads, kind: "residential", geometry: .lineString([at(x, y), at(x, y + 1)]))) } }
        roads.append(Feature(id: "out", layer: .roads, kind: "residential", geometry: .lineString([at(3, 3), at(4, 4), at(5, 5)]),
                             properties: ["oneway": .integer(1)]))
        roads.append(Feature(id: "in", layer: .roads, kind: "residential", geometry: .lineString([at(-2, 0), at(0, 0)]),
                             properties: ["oneway": .integer(1)]))
        let network = RoadNetwork(roads: roads)
        let g = network.graph
        let strong = StrongComponents(g)
        let reach = (0..<g.nodeCount).map { Self.reachable(g, from: $0) }
        for a in 0..<g.nodeCount {
            for b in 0..<g.nodeCount {
                let mutual = reach[a].contains(b) && reach[b].contains(a)
                #expect((strong.labelOfNode[a] == strong.labelOfNode[b]) == mutual, "nodes \(a) and \(b)")
            }
        }
        let mainSize = strong.labelOfNode.filter { $0 == strong.mainLabel }.count
        #expect(mainSize == 16)
        for e in 0..<g.edgeCount {
            let road = network.roadID(ofEdge: e)
            #expect(strong.isMain(edge: e, in: g) == (road != "out" && road != "in"), "edge \(e) on \(road)")
        }
    }
}
