import NetworkAnalysis
import SpatialCore
import Testing

@Suite struct StationSitingTests {
    /// Checks every promise of a result against travel times computed independently.
    static func verify(_ result: StationSiting.Result, graph: RoadGraph, candidates: [Int], demand: [Int]) {
        let budget = result.budgetSeconds
        // Coverable = some candidate reaches the node within the budget (unlimited searches, thresholded).
        var best = [Double](repeating: .infinity, count: graph.nodeCount)
        for c in candidates {
            let row = graph.travelSeconds(from: [c: 0])
            for v in demand { best[v] = min(best[v], row[v]) }
        }
        let uncoverable = demand.filter { best[$0] > budget }.sorted()
        #expect(result.uncoverableNodes == uncoverable)
        let fromStations = graph.travelSeconds(from: Dictionary(uniqueKeysWithValues: result.stations.map { ($0, 0.0) }))
        var worst = 0.0
        for v in demand where best[v] <= budget {
            #expect(fromStations[v] <= budget)
            worst = max(worst, fromStations[v])
            #expect(result.station(serving: v).map(result.stations.contains) == true)
        }
        #expect(result.worstCaseTravelSeconds == worst)
        #expect(Set(result.stations).isSubset(of: candidates))
        #expect(result.lowerBound <= result.stations.count)
        #expect(result.stations.count <= result.greedyStationCount)
    }

    @Test func coversEveryCoverableNodeOnAGrid() {
        let graph = RoadGraph(roads: SyntheticGrid(rows: 20, columns: 20, seed: 5).features)
        let core = graph.connectedComponents().largestStrongComponentNodes
        let result = StationSiting.solve(on: graph, budgetSeconds: 90)
        Self.verify(result, graph: graph, candidates: core, demand: core)
        #expect(result.stations.count > 1)
        // Deterministic.
        #expect(StationSiting.solve(on: graph, budgetSeconds: 90).stations == result.stations)
    }

    @Test func matchesTheExhaustiveOptimumOnASmallGrid() throws {
        let graph = RoadGraph(roads: SyntheticGrid(rows: 6, columns: 6, seed: 9, onewayEvery: 100).features)
        let nodes = Array(0..<graph.nodeCount)
        let budget = 45.0
        let result = StationSiting.solve(on: graph, budgetSeconds: budget, candidates: nodes, demand: nodes)
        Self.verify(result, graph: graph, candidates: nodes, demand: nodes)
        // Coverage bit sets from unlimited searches; the smallest k with a cover, by enumeration.
        let masks: [UInt64] = nodes.map { c in
            graph.travelSeconds(from: [c: 0]).enumerated().reduce(0) { $1.element <= budget ? $0 | (1 << UInt64($1.offset)) : $0 }
        }
        let all: UInt64 = (1 << UInt64(nodes.count)) - 1
        func coverExists(_ k: Int, from start: Int, _ covered: UInt64) -> Bool {
            if covered == all { return true }
            if k == 0 { return false }
            for c in start..<masks.count where coverExists(k - 1, from: c + 1, covered | masks[c]) { return true }
            return false
        }
        let optimum = try #require((1...result.stations.count).first { coverExists($0, from: 0, 0) })
        #expect(result.lowerBound <= optimum)
        #expect(result.stations.count <= optimum + 1)
    }

    @Test func reportsNodesNoCandidateReaches() {
        var features = SyntheticGrid(rows: 8, columns: 8, seed: 13).features
        let far = SyntheticGrid.junction(40, 40)
        features.append(Feature(id: "island", layer: .roads, kind: "service",
                                geometry: .lineString([far, Coordinate(longitude: far.longitude + 0.001, latitude: far.latitude)])))
        let graph = RoadGraph(roads: features)
        let core = graph.connectedComponents().largestStrongComponentNodes
        let demand = Array(0..<graph.nodeCount)
        let result = StationSiting.solve(on: graph, budgetSeconds: 60, candidates: core, demand: demand)
        #expect(result.uncoverableNodes.count >= 2)
        Self.verify(result, graph: graph, candidates: core, demand: demand)
    }
}
