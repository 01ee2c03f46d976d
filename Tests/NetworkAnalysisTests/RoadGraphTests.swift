import NetworkAnalysis
import SpatialCore
import Testing

@Suite struct RoadGraphTests {
    let grid = SyntheticGrid(rows: 12, columns: 15, seed: 7)

    @Test func nodesAreJunctionsAndEnds() {
        let graph = RoadGraph(roads: grid.features)
        // Every grid crossing is a junction; the bend vertices between columns are not.
        #expect(graph.nodeCount == grid.rows * grid.columns)
        let nodes = Set(graph.nodeCoordinates)
        for r in 0..<grid.rows { for c in 0..<grid.columns { #expect(nodes.contains(SyntheticGrid.junction(r, c))) } }
    }

    @Test func edgesHonourOnewayAndCarryExactLengths() throws {
        let graph = RoadGraph(roads: grid.features)
        var expectedEdges = 0
        for (index, feature) in grid.features.enumerated() {
            guard case let .lineString(vertices) = feature.geometry else { continue }
            let oneway = try #require(feature.properties["oneway"]?.doubleValue)
            let directions = oneway == 0 ? 2 : 1
            let junctions = vertices.filter { v in
                (0..<grid.rows).contains { r in (0..<grid.columns).contains { SyntheticGrid.junction(r, $0) == v } }
            }
            expectedEdges += (junctions.count - 1) * directions
            let edges = (0..<graph.edgeCount).filter { graph.edgeRoadIndex[$0] == Int32(index) }
            #expect(edges.count == (junctions.count - 1) * directions)
            let lineMetres = zip(vertices, vertices.dropFirst()).reduce(0.0) { $0 + Haversine.distanceMetres($1.0, $1.1) }
            let edgeMetres = edges.reduce(0.0) { $0 + graph.edgeLengthMetres[$1] }
            #expect(nearlyEqual(edgeMetres, lineMetres * Double(directions), relative: 1e-12))
            let speed = try #require(feature.properties["speed_kmh"]?.doubleValue)
            for e in edges {
                #expect(nearlyEqual(graph.edgeTravelSeconds[e], graph.edgeLengthMetres[e] / (speed / 3.6), relative: 1e-12))
                // Each edge runs with the road's vertex order when oneway is 1, against it when -1.
                let shape = graph.edgeShape(e)
                #expect(shape.first == graph.nodeCoordinates[Int(graph.edgeSources[e])])
                #expect(shape.last == graph.nodeCoordinates[Int(graph.edgeTargets[e])])
                let first = try #require(vertices.firstIndex(of: shape[0]))
                let last = try #require(vertices.firstIndex(of: shape[shape.count - 1]))
                if oneway > 0 { #expect(first < last) }
                if oneway < 0 { #expect(first > last) }
            }
        }
        #expect(graph.edgeCount == expectedEdges)
        // CSR invariants: offsets ascend and edges sit under their source.
        for v in 0..<graph.nodeCount {
            for e in graph.outgoingEdges(of: v) { #expect(graph.edgeSources[e] == Int32(v)) }
            for e in graph.incomingEdges(of: v) { #expect(graph.edgeTargets[e] == Int32(v)) }
        }
    }

    @Test func closedRoadsAndOtherLayersGiveNoEdges() {
        var features = grid.features
        features[0].properties["closed"] = .bool(true)
        features.append(Feature(id: "pipe", layer: .pipes, kind: "water",
                                geometry: .lineString([SyntheticGrid.junction(0, 0), SyntheticGrid.junction(5, 5)])))
        let graph = RoadGraph(roads: features)
        #expect(!graph.edgeRoadIndex.contains(0))
        #expect(!graph.edgeRoadIndex.contains(Int32(features.count - 1)))
        #expect(graph.edgeCount < RoadGraph(roads: grid.features).edgeCount)
    }

    @Test func defaultSpeedsByClass() {
        #expect(RoadAttributes.defaultSpeedKmh(highwayClass: "primary_link") == 50)
        #expect(RoadAttributes.defaultSpeedKmh(highwayClass: "motorway") == 80)
        #expect(RoadAttributes.defaultSpeedKmh(highwayClass: "living_street") == 15)
        let missing = Feature(id: "x", layer: .roads, kind: "secondary", geometry: .lineString([]))
        #expect(RoadAttributes(missing)?.speedKmh == 40)
    }

    @Test func strongComponentsMatchScipy() throws {
        // A grid with many one-way streets plus a one-way spur and a detached pair of nodes.
        var features = SyntheticGrid(rows: 10, columns: 10, seed: 11, onewayEvery: 2).features
        let corner = SyntheticGrid.junction(9, 9)
        let spurEnd = Coordinate(longitude: corner.longitude + 0.002, latitude: corner.latitude)
        features.append(Feature(id: "spur", layer: .roads, kind: "service", geometry: .lineString([corner, spurEnd]),
                                properties: ["oneway": .integer(1)]))
        let far = SyntheticGrid.junction(30, 30)
        features.append(Feature(id: "island", layer: .roads, kind: "service",
                                geometry: .lineString([far, Coordinate(longitude: far.longitude + 0.001, latitude: far.latitude)])))
        let graph = RoadGraph(roads: features)
        let components = graph.connectedComponents()
        #expect(components.weakComponentCount == 2)
        #expect(components.largestWeakComponentSize == graph.nodeCount - 2)
        let spurNode = try #require(graph.nearestNode(to: spurEnd)?.node)
        #expect(!components.largestStrongComponentNodes.contains(spurNode))
        #expect(components.largestStrongComponentShare < 1)

        try #require(ScipyReference.isAvailable, "python3 with scipy is needed for the reference")
        let labels = try ScipyReference.strongComponentLabels(graph)
        #expect(labels.count == graph.nodeCount)
        // Same partition: the label maps are bijective.
        var ours: [Int32: Int] = [:], theirs: [Int: Int32] = [:]
        for v in 0..<graph.nodeCount {
            let a = components.strongComponentOfNode[v], b = labels[v]
            #expect(ours[a, default: b] == b)
            #expect(theirs[b, default: a] == a)
            ours[a] = b
            theirs[b] = a
        }
    }

    @Test func nearestNodeMatchesBruteForce() throws {
        let graph = RoadGraph(roads: grid.features)
        var random = SplitMix64(seed: UInt64(3))
        for _ in 0..<300 {
            // Points inside the grid and up to a few hundred metres beyond it.
            let point = Coordinate(longitude: SyntheticGrid.origin.longitude + Double.random(in: -0.005...0.022, using: &random),
                                   latitude: SyntheticGrid.origin.latitude + Double.random(in: -0.005...0.016, using: &random))
            let found = try #require(graph.nearestNode(to: point))
            let brute = graph.nodeCoordinates.indices.min {
                (Haversine.distanceMetres(point, graph.nodeCoordinates[$0]), $0)
                    < (Haversine.distanceMetres(point, graph.nodeCoordinates[$1]), $1)
            }!
            #expect(found.node == brute)
            #expect(found.distanceMetres == Haversine.distanceMetres(point, graph.nodeCoordinates[brute]))
        }
        #expect(RoadGraph(roads: []).nearestNode(to: SyntheticGrid.origin) == nil)
    }
}
