import Foundation
import NetworkAnalysis
import SpatialCore
import Testing

/// Snapping, routes on partial edges, overrides, islands, reach and the cache, on the synthetic grid.
struct RoadRoutingTests {
    static let grid = SyntheticGrid(rows: 12, columns: 14, seed: 7, onewayEvery: 6)
    static let network = RoadNetwork(roads: grid.features)

    @Test func snapsToTheEdgeNotTheJunction() throws {
        let graph = Self.network.graph
        let index = EdgeSnapIndex(graph)
        // A point about 5 m beside 40 % of a long edge.
        let edge = try #require((0..<graph.edgeCount).first { graph.edgeLengthMetres[$0] > 100 })
        let onEdge = graph.point(onEdge: edge, atFraction: 0.4)
        let query = Coordinate(longitude: onEdge.longitude, latitude: onEdge.latitude + 0.00005)
        let p = try index.snap(query, in: graph)
        #expect(p.fraction > 0.05 && p.fraction < 0.95)
        #expect(p.offNetworkMetres < 6)
        // Nothing nearer: brute force over every edge's shape vertices and a fine sampling of segments.
        var best = Double.infinity
        for e in 0..<graph.edgeCount {
            for f in stride(from: 0.0, through: 1.0, by: 0.002) {
                best = min(best, Haversine.distanceMetres(query, graph.point(onEdge: e, atFraction: f)))
            }
        }
        #expect(p.offNetworkMetres <= best + 0.5)
        // Far off the network: an error that names the distance.
        let far = Coordinate(longitude: 121.60, latitude: 31.20)
        #expect(throws: SnapError.self) { try index.snap(far, in: graph) }
        do { _ = try index.snap(far, in: graph); Issue.record("snapped a point 13 km away") } catch {
            #expect(error.description.contains(" m from the nearest road"))
        }
    }

    @Test func routeFromMidEdgeMatchesBruteForceOverEndNodes() throws {
        let graph = Self.network.graph
        let index = EdgeSnapIndex(graph)
        var router = RoadRouter(network: Self.network)
        let origin = try index.snap(Coordinate(longitude: 121.4531, latitude: 31.2021), in: graph)
        let destination = try index.snap(Coordinate(longitude: 121.4611, latitude: 31.2087), in: graph)
        let route = try router.route(from: origin, to: destination)
        // Independent: node-to-node searches from each end node of the origin edge(s).
        var expected = Double.infinity
        func starts(_ p: RoadPosition) -> [(Int, Double)] {
            var out = [(Int(graph.edgeTargets[p.edge]), (1 - p.fraction) * graph.edgeTravelSeconds[p.edge])]
            let t = Int(Self.network.edgeTwin[p.edge])
            if t >= 0 { out.append((Int(graph.edgeTargets[t]), p.fraction * graph.edgeTravelSeconds[t])) }
            return out
        }
        var ends = [(Int(graph.edgeSources[destination.edge]), destination.fraction * graph.edgeTravelSeconds[destination.edge])]
        let dt = Int(Self.network.edgeTwin[destination.edge])
        if dt >= 0 { ends.append((Int(graph.edgeSources[dt]), (1 - destination.fraction) * graph.edgeTravelSeconds[dt])) }
        for (s, sSeconds) in starts(origin) {
            let all = graph.travelSeconds(from: [s: 0])
            for (t, tSeconds) in ends { expected = min(expected, sSeconds + all[t] + tSeconds) }
        }
        #expect(abs(route.travelSeconds - expected) < 1e-9)
        #expect(Haversine.distanceMetres(route.polyline.first!, origin.point) < 0.01)
        #expect(Haversine.distanceMetres(route.polyline.last!, destination.point) < 0.01)
        let polylineMetres = zip(route.polyline, route.polyline.dropFirst()).reduce(0) { $0 + Haversine.distanceMetres($1.0, $1.1) }
        #expect(abs(polylineMetres - route.lengthMetres) < 0.5)
    }

    @Test func closingARoadOnTheRouteChangesItAndReopeningRestoresIt() throws {
        let graph = Self.network.graph
        let index = EdgeSnapIndex(graph)
        let origin = try index.snap(SyntheticGrid.junction(2, 1), in: graph)
        let destination = try index.snap(SyntheticGrid.junction(9, 11), in: graph)
        var free = RoadRouter(network: Self.network)
        let before = try free.route(from: origin, to: destination)
        let closedRoad = Self.network.roadID(ofEdge: before.edges[before.edges.count / 2])
        let overrides = EdgeOverrides(closures: [.init(overrideID: 1, roadID: closedRoad)])
        let (costs, applied) = overrides.costs(on: Self.network)
        #expect(applied.count == 1 && applied[0].edgeCount > 0)
        var closed = RoadRouter(network: Self.network, costs: costs)
        let after = try closed.route(from: origin, to: destination)
        #expect(after.travelSeconds > before.travelSeconds)
        #expect(!after.edges.contains { Self.network.roadID(ofEdge: $0) == closedRoad })
        // Reopened: an empty override set gives the free-flow route back.
        var reopened = RoadRouter(network: Self.network, costs: EdgeOverrides().costs(on: Self.network).costs)
        #expect(try reopened.route(from: origin, to: destination).travelSeconds == before.travelSeconds)
    }

    @Test func speedAreaOverEverythingScalesEveryTime() throws {
        let graph = Self.network.graph
        let box = BoundingBox(covering: graph.nodeCoordinates)!
        let ring = [Coordinate(longitude: box.minLongitude - 0.01, latitude: box.minLatitude - 0.01),
                    Coordinate(longitude: box.maxLongitude + 0.01, latitude: box.minLatitude - 0.01),
                    Coordinate(longitude: box.maxLongitude + 0.01, latitude: box.maxLatitude + 0.01),
                    Coordinate(longitude: box.minLongitude - 0.01, latitude: box.maxLatitude + 0.01),
                    Coordinate(longitude: box.minLongitude - 0.01, latitude: box.minLatitude - 0.01)]
        let (costs, applied) = EdgeOverrides(speedAreas: [.init(overrideID: 2, area: .polygon([ring]), factor: 0.5)]).costs(on: Self.network)
        #expect(applied[0].edgeCount == graph.edgeCount)
        var slow = RoadRouter(network: Self.network, costs: costs), free = RoadRouter(network: Self.network)
        let a = free.travelSeconds(fromNode: 0), b = slow.travelSeconds(fromNode: 0)
        for v in 0..<graph.nodeCount where a[v].isFinite { #expect(abs(b[v] - 2 * a[v]) <= 1e-9 * b[v]) }
    }

    @Test func manyToOneEqualsOneRoutePerCandidate() throws {
        let graph = Self.network.graph
        let index = EdgeSnapIndex(graph)
        var random = SplitMix64(seed: 3)
        let box = BoundingBox(covering: graph.nodeCoordinates)!
        func place() throws -> RoadPosition {
            try index.snap(Coordinate(longitude: Double.random(in: box.minLongitude...box.maxLongitude, using: &random),
                                      latitude: Double.random(in: box.minLatitude...box.maxLatitude, using: &random)), in: graph)
        }
        let candidates = try (0..<12).map { _ in try place() }
        let target = try place()
        var router = RoadRouter(network: Self.network)
        let ranked = router.fastest(from: candidates, to: target)
        #expect(ranked.count == candidates.count)
        #expect(zip(ranked, ranked.dropFirst()).allSatisfy { $0.travelSeconds <= $1.travelSeconds })
        for r in ranked {
            let one = (try? router.route(from: candidates[r.index], to: target))?.travelSeconds ?? .infinity
            #expect(nearlyEqual(one, r.travelSeconds, relative: 1e-9), "candidate \(r.index)")
        }
    }

    @Test func reachCountsPartialEdgesAndCoverageGrowsWithTime() throws {
        let graph = Self.network.graph
        let start = try EdgeSnapIndex(graph).snap(SyntheticGrid.junction(6, 7), in: graph)
        var router = RoadRouter(network: Self.network)
        let small = router.reach(from: [start], limitSeconds: 60), large = router.reach(from: [start], limitSeconds: 180)
        let all = router.reach(from: [start], limitSeconds: 1e9)
        #expect(small.reachedMetres > 0 && small.reachedMetres < large.reachedMetres)
        #expect(abs(all.totalMetres - Self.network.totalRoadMetres) < 1e-6)
        // Independent check by sampling: a point of a piece is reached when some route to it fits the budget.
        let seconds = router.travelSeconds(from: [start])
        var sampled = 0.0
        for e in 0..<graph.edgeCount where Self.network.pieceEdge(e) == e {
            let t = Int(Self.network.edgeTwin[e])
            let steps = 200
            for k in 0..<steps {
                let x = (Double(k) + 0.5) / Double(steps)
                var best = seconds[Int(graph.edgeSources[e])] + x * graph.edgeTravelSeconds[e]
                if t >= 0 { best = min(best, seconds[Int(graph.edgeSources[t])] + (1 - x) * graph.edgeTravelSeconds[t]) }
                if Self.network.pieceEdge(start.edge) == e {
                    let f = start.edge == e ? start.fraction : 1 - start.fraction
                    if x >= f { best = min(best, (x - f) * graph.edgeTravelSeconds[e]) }
                    if x < f, t >= 0 { best = min(best, (f - x) * graph.edgeTravelSeconds[t]) }
                }
                if best <= 60 { sampled += graph.edgeLengthMetres[e] / Double(steps) }
            }
        }
        #expect(abs(sampled - small.reachedMetres) < 0.02 * small.reachedMetres)
    }

    @Test func islandsAreReportedAndRoutedWithin() throws {
        // The grid plus a separate square of four roads 3 km east.
        var features = Self.grid.features
        let o = Coordinate(longitude: 121.50, latitude: 31.20)
        let corners = [o, Coordinate(longitude: o.longitude + 0.002, latitude: o.latitude),
                       Coordinate(longitude: o.longitude + 0.002, latitude: o.latitude + 0.002),
                       Coordinate(longitude: o.longitude, latitude: o.latitude + 0.002)]
        for i in 0..<4 {
            features.append(Feature(id: "island/\(i)", layer: .roads, kind: "service", geometry: .lineString([corners[i], corners[(i + 1) % 4]])))
        }
        // A zero-length road and a ring that only meets itself.
        features.append(Feature(id: "zero", layer: .roads, kind: "service", geometry: .lineString([o, o])))
        let network = RoadNetwork(roads: features)
        #expect(network.graph.buildNotes.zeroLengthRoads == [Int32(features.count - 1)])
        let islands = RoadIslands(network.graph)
        #expect(islands.islandSizes == [4])
        let index = EdgeSnapIndex(network.graph)
        var router = RoadRouter(network: network)
        let inside1 = try index.snap(corners[0], in: network.graph), inside2 = try index.snap(corners[2], in: network.graph)
        #expect(try router.route(from: inside1, to: inside2).travelSeconds > 0)
        let mainland = try index.snap(SyntheticGrid.junction(3, 3), in: network.graph)
        do {
            _ = try router.route(from: mainland, to: inside1)
            Issue.record("routed across islands")
        } catch {
            #expect(error.reason == .differentIslands(originJunctions: network.graph.nodeCount - 4, destinationJunctions: 4))
            #expect(error.description.contains("road island of 4 junctions"))
        }
    }

    /// A dead end reached only through a one-way street: leaving it has no route. The failure is explained
    /// (regression: explaining it once recursed until the stack overflowed).
    @Test func aOneWayTrapIsExplainedNotRecursed() throws {
        let a = Coordinate(longitude: 121.40, latitude: 31.20), b = Coordinate(longitude: 121.401, latitude: 31.20)
        let c = Coordinate(longitude: 121.402, latitude: 31.20)
        let features = [
            Feature(id: "in", layer: .roads, kind: "residential", geometry: .lineString([a, b]), properties: ["oneway": .integer(1)]),
            Feature(id: "spur", layer: .roads, kind: "residential", geometry: .lineString([b, c]), properties: ["oneway": .integer(1)]),
        ]
        let network = RoadNetwork(roads: features)
        let index = EdgeSnapIndex(network.graph)
        var router = RoadRouter(network: network)
        let start = try index.snap(a, in: network.graph), end = try index.snap(c, in: network.graph)
        #expect(try router.route(from: start, to: end).travelSeconds > 0)
        do {
            _ = try router.route(from: end, to: start)
            Issue.record("routed against the one-way streets")
        } catch {
            #expect(error.reason == .oneWayTrap)
        }
    }

    @Test func cacheRoundTripsAndRefusesAnotherKey() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("beacon-test-\(UUID().uuidString).roadgraph")
        defer { try? FileManager.default.removeItem(at: url) }
        try RoadNetworkCache.write(Self.network, key: "roads:1", to: url)
        #expect(RoadNetworkCache.key(at: url) == "roads:1")
        #expect(try RoadNetworkCache.read(from: url, expectedKey: "roads:2") == nil)
        let back = try #require(try RoadNetworkCache.read(from: url, expectedKey: "roads:1"))
        let g = Self.network.graph, h = back.graph
        #expect(h.nodeCoordinates == g.nodeCoordinates && h.edgeTargets == g.edgeTargets && h.edgeOffsets == g.edgeOffsets)
        #expect(h.edgeTravelSeconds == g.edgeTravelSeconds && h.edgeLengthMetres == g.edgeLengthMetres)
        #expect(back.roadIDs == Self.network.roadIDs && back.edgeTwin == Self.network.edgeTwin)
        #expect((0..<h.edgeCount).allSatisfy { h.edgeShape($0) == g.edgeShape($0) })
        #expect(h.travelSeconds(from: [3: 0], direction: .reverse) == g.travelSeconds(from: [3: 0], direction: .reverse))
        // A damaged file is an error, not a wrong graph.
        var bytes = try Data(contentsOf: url)
        bytes.removeLast(bytes.count / 3)
        try bytes.write(to: url)
        #expect(throws: (any Error).self) { try RoadNetworkCache.read(from: url, expectedKey: "roads:1") }
    }
}
