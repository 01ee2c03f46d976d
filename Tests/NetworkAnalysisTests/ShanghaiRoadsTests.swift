import Foundation
import NetworkAnalysis
import SpatialCore
import Testing

/// Real roads: central Shanghai 2025 (OSM, shipped in MapData/), read by the real importer.
@Suite(.enabled(if: ShanghaiRoads.isAvailable)) struct ShanghaiRoadsTests {
    @Test func graphIsMostlyOneStrongComponent() throws {
        let clock = ContinuousClock()
        let features = ShanghaiRoads.features
        #expect(features.count > 4000)
        let start = clock.now
        let graph = RoadGraph(roads: features)
        let buildTime = clock.now - start
        let components = graph.connectedComponents()
        #expect(graph.nodeCount > 1000 && graph.edgeCount > graph.nodeCount)
        #expect(components.largestStrongComponentShare > 0.8)
        print("Shanghai roads: \(features.count) ways → \(graph.nodeCount) nodes, \(graph.edgeCount) edges;",
              "build \(milliseconds(buildTime)); largest SCC \(components.strongComponentSizes[components.largestStrongComponent])",
              "nodes (\(String(format: "%.1f", components.largestStrongComponentShare * 100)) %),",
              "\(components.strongComponentSizes.count) SCCs, \(components.weakComponentCount) weak components")
    }

    @Test(.enabled(if: ScipyReference.isAvailable)) func dijkstraMatchesScipy() throws {
        let graph = ShanghaiRoads.graph
        // People's Square, Lujiazui, Xujiahui, and the first node.
        let places = [Coordinate(longitude: 121.4737, latitude: 31.2304), Coordinate(longitude: 121.5055, latitude: 31.2397),
                      Coordinate(longitude: 121.4365, latitude: 31.1886)]
        let sources = try [0] + places.map { try #require(graph.nearestNode(to: $0)).node }
        for direction in [SearchDirection.forward, .reverse] {
            let reference = try ScipyReference.distances(graph, sources: sources, transpose: direction == .reverse)
            for (row, source) in sources.enumerated() {
                let ours = graph.travelSeconds(from: [source: 0], direction: direction)
                let mismatches = zip(ours, reference[row]).filter { !nearlyEqual($0, $1) }.count
                #expect(mismatches == 0, "source \(source) \(direction)")
                #expect(ours.filter(\.isFinite).count > graph.nodeCount / 2)
            }
        }
    }

    /// Debug-friendly: a thinned candidate set (every 6th node of the largest SCC).
    @Test func sitingWithThinnedCandidates() {
        let graph = ShanghaiRoads.graph
        let core = graph.connectedComponents().largestStrongComponentNodes
        let candidates = stride(from: 0, to: core.count, by: 6).map { core[$0] }
        let result = StationSiting.solve(on: graph, budgetSeconds: 300, candidates: candidates, demand: core)
        #expect(result.worstCaseTravelSeconds <= 300)
        #expect(result.lowerBound >= 1 && result.lowerBound <= result.stations.count)
        let fromStations = graph.travelSeconds(from: Dictionary(uniqueKeysWithValues: result.stations.map { ($0, 0.0) }))
        let uncoverable = Set(result.uncoverableNodes)
        #expect(core.allSatisfy { uncoverable.contains($0) || fromStations[$0] <= 300 })
        print("Shanghai siting, 300 s, every 6th SCC node as candidate: \(result.stations.count) stations",
              "(greedy \(result.greedyStationCount), lower bound \(result.lowerBound)),",
              "worst \(String(format: "%.1f", result.worstCaseTravelSeconds)) s, \(result.uncoverableNodes.count) uncoverable")
    }

    /// Release only (`swift test -c release --filter ShanghaiRoadsTests`): full candidates and timings.
    @Test(.enabled(if: isReleaseBuild)) func sitingFiguresInRelease() {
        let clock = ContinuousClock()
        var start = clock.now
        let graph = RoadGraph(roads: ShanghaiRoads.features)
        let build = clock.now - start
        let core = graph.connectedComponents().largestStrongComponentNodes
        start = clock.now
        let runs = 50
        var reached = 0
        for i in 0..<runs { reached += graph.travelSeconds(from: [core[i * core.count / runs]: 0]).filter(\.isFinite).count }
        let oneToAll = (clock.now - start) / runs
        #expect(reached > 0)
        for budget in [300.0, 240.0] {
            start = clock.now
            let result = StationSiting.solve(on: graph, budgetSeconds: budget)
            let siting = clock.now - start
            #expect(result.worstCaseTravelSeconds <= budget)
            #expect(result.lowerBound <= result.stations.count)
            print("Shanghai release: build \(milliseconds(build)), one-to-all Dijkstra \(milliseconds(oneToAll));",
                  "siting \(Int(budget)) s over \(result.candidateCount) candidates / \(result.demandCount) demand:",
                  "\(result.stations.count) stations (greedy \(result.greedyStationCount), lower bound \(result.lowerBound)),",
                  "worst \(String(format: "%.1f", result.worstCaseTravelSeconds)) s,",
                  "\(result.uncoverableNodes.count) uncoverable, runtime \(milliseconds(siting))")
        }
    }
}

/// A duration as "12.3 ms".
func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%.2f ms", Double(seconds) * 1e3 + Double(attoseconds) * 1e-15)
}
