import NetworkAnalysis
import SpatialCore
import Testing

/// The one-to-all fast path (4-ary heap, no tree, no touched list) against the general search that
/// records the tree: the same seconds bit for bit, in both directions, from one and several sources,
/// with the heap grown mid-search, and with a reused workspace switching between the two paths.
@Suite struct OneToAllFastPathTests {
    let grid = RoadGraph(roads: SyntheticGrid(rows: 40, columns: 45, seed: 7, onewayEvery: 3).features)

    /// The general loop's answer: `shortestPathTree` records the tree, so it never takes the fast path.
    func general(_ graph: RoadGraph, _ sources: [Int: Double], _ direction: SearchDirection) -> [Double] {
        graph.shortestPathTree(from: sources, direction: direction).travelSeconds
    }

    @Test func sameSecondsAsTheGeneralSearchOnAGrid() {
        for direction in [SearchDirection.forward, .reverse] {
            for source in stride(from: 0, to: grid.nodeCount, by: 97) {
                let fast = grid.travelSeconds(from: [source: 0], direction: direction)
                #expect(fast == general(grid, [source: 0], direction), "source \(source), \(direction)")
            }
            let several: [Int: Double] = [3: 40, 500: 0, 1200: 12.5, 1700: 300]
            #expect(grid.travelSeconds(from: several, direction: direction) == general(grid, several, direction))
        }
        #expect(grid.travelSeconds(from: [0: 0]).filter { $0 > 0 }.count == grid.nodeCount - 1, "every other junction reached")
    }

    @Test(.enabled(if: ShanghaiRoads.isAvailable)) func sameSecondsAsTheGeneralSearchOnShanghai() {
        let graph = ShanghaiRoads.graph
        for direction in [SearchDirection.forward, .reverse] {
            for source in stride(from: 0, to: graph.nodeCount, by: graph.nodeCount / 7) {
                #expect(graph.travelSeconds(from: [source: 0], direction: direction) == general(graph, [source: 0], direction))
            }
        }
    }

    /// 40 parallel roads out of one junction: more pushes at once than the workspace's first heap holds.
    @Test func theHeapGrowsForAHighDegreeJunction() {
        var roads: [Feature] = []
        let a = Coordinate(longitude: 121.40, latitude: 31.20), b = Coordinate(longitude: 121.41, latitude: 31.20)
        let c = Coordinate(longitude: 121.42, latitude: 31.20)
        for i in 0..<40 {
            let bend = Coordinate(longitude: 121.405, latitude: 31.20 + Double(i + 1) * 0.0002)
            roads.append(Feature(id: "p\(i)", layer: .roads, kind: "residential", geometry: .lineString([a, bend, b]),
                                 properties: ["speed_kmh": .real(Double(10 + i))]))
        }
        roads.append(Feature(id: "tail", layer: .roads, kind: "residential", geometry: .lineString([b, c]), properties: [:]))
        let graph = RoadGraph(roads: roads)
        #expect(graph.nodeCount == 3 && graph.edgeCount == 82)
        for source in 0..<3 {
            let fast = graph.travelSeconds(from: [source: 0])
            #expect(fast == general(graph, [source: 0], .forward))
            #expect(fast.allSatisfy { $0.isFinite })
        }
    }

    /// A router reuses one workspace: a full search after a limited one and the other way round must
    /// both start clean.
    @Test func aReusedWorkspaceSwitchesBetweenPaths() throws {
        let network = RoadNetwork(roads: SyntheticGrid(rows: 40, columns: 45, seed: 7, onewayEvery: 3).features)
        let graph = network.graph
        var router = RoadRouter(network: network)
        let sources = [5, 900, 1500, 31]
        for (i, source) in sources.enumerated() {
            let full = router.travelSeconds(fromNode: source)
            #expect(full == general(graph, [source: 0], .forward), "full search \(i)")
            let at = try EdgeSnapIndex(graph).snap(graph.nodeCoordinates[sources[(i + 1) % sources.count]], in: graph)
            let limited = router.travelSeconds(from: [at], limitSeconds: 90)
            var fresh = RoadRouter(network: network)
            #expect(limited == fresh.travelSeconds(from: [at], limitSeconds: 90), "limited search \(i)")
            #expect(limited.contains { !$0.isFinite } && limited.contains { $0.isFinite })
            let reverse = router.travelSeconds(fromNode: source, direction: .reverse)
            #expect(reverse == general(graph, [source: 0], .reverse), "reverse search \(i)")
        }
    }
}
