import NetworkAnalysis
import SpatialCore
import Testing

@Suite struct ShortestPathTests {
    let graph = RoadGraph(roads: SyntheticGrid(rows: 14, columns: 16, seed: 21, onewayEvery: 3).features)
    let sources = [0, 37, 111, 200]

    @Test(.enabled(if: ScipyReference.isAvailable)) func forwardMatchesScipy() throws {
        let reference = try ScipyReference.distances(graph, sources: sources)
        for (row, source) in sources.enumerated() {
            let ours = graph.travelSeconds(from: [source: 0])
            #expect(zip(ours, reference[row]).allSatisfy { nearlyEqual($0, $1) })
        }
    }

    @Test(.enabled(if: ScipyReference.isAvailable)) func reverseMatchesScipyOnTransposedGraph() throws {
        let reference = try ScipyReference.distances(graph, sources: sources, transpose: true)
        for (row, source) in sources.enumerated() {
            let ours = graph.travelSeconds(from: [source: 0], direction: .reverse)
            #expect(zip(ours, reference[row]).allSatisfy { nearlyEqual($0, $1) })
        }
    }

    @Test(.enabled(if: ScipyReference.isAvailable)) func multiSourceTakesTheBestStart() throws {
        let start: [Int: Double] = [0: 30, 37: 0, 111: 95.5, 200: 12]
        let reference = try ScipyReference.distances(graph, sources: sources)
        let ours = graph.travelSeconds(from: start)
        for v in 0..<graph.nodeCount {
            let expected = sources.enumerated().map { start[$0.element]! + reference[$0.offset][v] }.min()!
            #expect(nearlyEqual(ours[v], expected))
        }
    }

    @Test func limitCutsTheSearch() {
        let full = graph.travelSeconds(from: [37: 0])
        let limited = graph.travelSeconds(from: [37: 0], limitSeconds: 120)
        for v in 0..<graph.nodeCount {
            if full[v] <= 120 { #expect(limited[v] == full[v]) } else { #expect(limited[v] == .infinity) }
        }
        #expect(limited.contains(.infinity) && limited.contains { $0 > 0 && $0.isFinite })
    }

    @Test func pathsFollowTheTree() throws {
        let tree = graph.shortestPathTree(from: [0: 0])
        let reverse = graph.shortestPathTree(from: [0: 0], direction: .reverse)
        for target in stride(from: 1, to: graph.nodeCount, by: 7) {
            let path = try #require(tree.path(to: target, in: graph))
            #expect(path.nodes.first == 0 && path.nodes.last == target)
            #expect(nearlyEqual(path.travelSeconds, tree.travelSeconds[target], relative: 1e-12))
            #expect(path.edges.count == path.nodes.count - 1)
            for (i, e) in path.edges.enumerated() {
                #expect(Int(graph.edgeSources[e]) == path.nodes[i] && Int(graph.edgeTargets[e]) == path.nodes[i + 1])
            }
            let polylineMetres = zip(path.polyline, path.polyline.dropFirst())
                .reduce(0.0) { $0 + Haversine.distanceMetres($1.0, $1.1) }
            #expect(nearlyEqual(polylineMetres, path.lengthMetres, relative: 1e-9))
            #expect(path.polyline.first == graph.nodeCoordinates[0])
            #expect(path.polyline.last == graph.nodeCoordinates[target])
            #expect(graph.shortestPath(from: 0, to: target)?.travelSeconds == path.travelSeconds)

            // Reverse tree: the route from `target` to node 0.
            let back = try #require(reverse.path(to: target, in: graph))
            #expect(back.nodes.first == target && back.nodes.last == 0)
            #expect(nearlyEqual(back.travelSeconds, reverse.travelSeconds[target], relative: 1e-12))
            #expect(reverse.source(of: target) == 0)
        }
    }
}
