import Engine
import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// The road use cases on a small store: cache reuse and rebuild, closures through the store, coverage.
struct RoadServiceTests {
    static let actor = Actor(name: "duty", post: "desk")

    /// A 6 × 6 two-way grid of 200 m blocks with a fire station at one corner.
    static func store() throws -> CityStore {
        let dir = TestPaths.temporaryDirectory("road-service")
        let store = try CityStore.create(at: dir.appendingPathComponent("g.beacon.sqlite").path, cityName: "g", actor: actor)
        func at(_ r: Int, _ c: Int) -> Coordinate { Coordinate(longitude: 121.40 + Double(c) * 0.0021, latitude: 31.20 + Double(r) * 0.0018) }
        var features: [Feature] = []
        for i in 0..<6 {
            features.append(Feature(id: "row/\(i)", layer: .roads, kind: "residential", name: "Row \(i)",
                                    geometry: .lineString((0..<6).map { at(i, $0) })))
            features.append(Feature(id: "col/\(i)", layer: .roads, kind: "residential", name: "Col \(i)",
                                    geometry: .lineString((0..<6).map { at($0, i) })))
        }
        features.append(Feature(id: "fs/1", layer: .facilities, kind: "fire_station", geometry: .point(at(0, 0))))
        try store.upsert(features, source: "grid", actor: actor)
        return store
    }

    @Test func aPointBesideAOneWayTrapIsPlacedOnTheMainNetwork() throws {
        let store = try Self.store()
        // A one-way spur leading out of the grid's far corner: it can be left, never reached.
        let corner = Coordinate(longitude: 121.40 + 5 * 0.0021, latitude: 31.20 + 5 * 0.0018)
        let end = Coordinate(longitude: corner.longitude + 0.0015, latitude: corner.latitude)
        try store.upsert([Feature(id: "trap", layer: .roads, kind: "residential", geometry: .lineString([end, corner]),
                                  properties: ["oneway": .integer(1)])], source: "trap", actor: Self.actor)
        let roads = try RoadService(store: store)
        let station = Coordinate(longitude: 121.40, latitude: 31.20)
        let report = try roads.route(from: station, to: end)
        #expect(report.route.travelSeconds.isFinite)
        let placed = try roads.snap(end, "incident")
        #expect(placed.offNetworkMetres > 100 && placed.offNetworkMetres < 200)
        roads.trapAvoidanceMetres = 50
        #expect(throws: RoadServiceError.self) { try roads.route(from: station, to: end) }
    }

    @Test func cacheIsReusedUntilTheRoadsChange() throws {
        let store = try Self.store()
        try? FileManager.default.removeItem(at: RoadService.cacheURL(forStoreAt: store.path))
        let first = try RoadService(store: store)
        #expect(first.graphSource == .built(reason: "no cache yet"))
        let second = try RoadService(store: store)
        #expect(second.graphSource == .cache)
        #expect(second.network.graph.edgeTravelSeconds == first.network.graph.edgeTravelSeconds)
        try store.upsert([Feature(id: "spur", layer: .roads, kind: "service",
                                  geometry: .lineString([Coordinate(longitude: 121.40, latitude: 31.20), Coordinate(longitude: 121.399, latitude: 31.199)]))],
                         source: "spur", actor: Self.actor)
        let third = try RoadService(store: store)
        guard case let .built(reason) = third.graphSource else { Issue.record("stale cache used"); return }
        #expect(reason.contains("changed"))
        #expect(third.network.graph.edgeCount == first.network.graph.edgeCount + 2)
    }

    @Test func storedClosureReroutesAndReopeningRestores() throws {
        let store = try Self.store()
        let a = Coordinate(longitude: 121.4005, latitude: 31.2000), b = Coordinate(longitude: 121.4100, latitude: 31.2000)
        let before = try RoadService(store: store).route(from: a, to: b)
        #expect(before.roads.map(\.id) == ["row/0"] && before.overrides.isEmpty)
        let closure = try store.closeRoad("row/0", reason: "collapse", actor: Self.actor)
        let during = try RoadService(store: store).route(from: Coordinate(longitude: 121.4005, latitude: 31.2003), to: b)
        #expect(during.route.travelSeconds > before.route.travelSeconds)
        #expect(!during.roads.contains { $0.id == "row/0" })
        #expect(during.overrides.map(\.overrideID) == [closure.id])
        try store.liftRoadOverride(closure.id, actor: Self.actor)
        #expect(try RoadService(store: store).route(from: a, to: b).route.travelSeconds == before.route.travelSeconds)
    }

    @Test func coverageAndServiceAreasGrowWithTime() throws {
        let store = try Self.store()
        let roads = try RoadService(store: store)
        let one = try ServiceAreas.coverage(roads, minutes: 1, kinds: ["fire_station"])
        let ten = try ServiceAreas.coverage(roads, minutes: 10, kinds: ["fire_station"])
        #expect(one.share > 0 && one.share < 1)
        #expect(abs(ten.share - 1) < 1e-9)
        let origin = try roads.snap(Coordinate(longitude: 121.405, latitude: 31.204), "origin")
        let areas = try ServiceAreas.areas(roads, from: [origin], minutes: [0.5, 1, 2])
        #expect(areas[0].areaSquareMetres > 0)
        #expect(areas[0].areaSquareMetres < areas[1].areaSquareMetres && areas[1].areaSquareMetres < areas[2].areaSquareMetres)
        #expect(throws: RoadServiceError.self) { try roads.route(from: Coordinate(longitude: 121.5, latitude: 31.2), to: Coordinate(longitude: 121.405, latitude: 31.204)) }
    }
}
