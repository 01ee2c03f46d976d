import CityImport
import Foundation
import NetworkAnalysis
import SpatialCore
import Testing
import TestSupport

/// Distances against SciPy's Dijkstra (an independent implementation) on real and synthetic graphs.
struct RoutingReferenceTests {
    static let andorraURL = TestPaths.mapData.appendingPathComponent("andorra_2020.osm.pbf")

    /// Our router (raw-buffer kernel, costs array) vs scipy, forward and reverse, to 1e-6.
    static func compare(_ network: RoadNetwork, sources: [Int]) throws {
        var router = RoadRouter(network: network)
        for direction in [SearchDirection.forward, .reverse] {
            let reference = try ScipyReference.distances(network.graph, sources: sources, transpose: direction == .reverse)
            for (row, source) in sources.enumerated() {
                let ours = router.travelSeconds(fromNode: source, direction: direction)
                let mismatches = zip(ours, reference[row]).filter { !nearlyEqual($0, $1) }.count
                #expect(mismatches == 0, "source \(source) \(direction): \(mismatches) of \(ours.count) differ")
            }
        }
    }

    @Test(.enabled(if: ScipyReference.isAvailable && ShanghaiRoads.isAvailable)) func shanghaiMatchesScipy() throws {
        let network = RoadNetwork(roads: ShanghaiRoads.features)
        try Self.compare(network, sources: [0, 1000, 2500, network.graph.nodeCount - 1])
    }

    @Test(.enabled(if: ScipyReference.isAvailable && FileManager.default.fileExists(atPath: andorraURL.path)))
    func andorraMatchesScipy() throws {
        let roads = try OSMImport.read(url: Self.andorraURL).features.filter { $0.layer == .roads }
        let network = RoadNetwork(roads: roads)
        #expect(network.graph.nodeCount > 1000)
        let islands = RoadIslands(network.graph)
        print("Andorra: \(roads.count) roads → \(network.graph.nodeCount) junctions, \(network.graph.edgeCount) edges;",
              "\(islands.islandSizes.count) islands (largest \(islands.islandSizes.first ?? 0) junctions)")
        try Self.compare(network, sources: [0, network.graph.nodeCount / 3, 2 * network.graph.nodeCount / 3])
    }

    /// Release only (`swift test -c release --filter RoutingReferenceTests`): a 1000 × 1000 grid, 1,000,000 junctions.
    @Test(.enabled(if: isReleaseBuild && ScipyReference.isAvailable)) func millionNodeGridMatchesScipy() throws {
        let grid = SyntheticGrid(rows: 1000, columns: 1000, seed: 11, onewayEvery: 7)
        let network = RoadNetwork(roads: grid.features)
        #expect(network.graph.nodeCount == 1_000_000)
        try Self.compare(network, sources: [0, 500_500, 999_999])
    }
}
