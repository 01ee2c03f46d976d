import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport

struct RoadOverridesTests {
    static let actor = Actor(name: "duty", post: "desk 1")

    static func store() throws -> CityStore {
        let dir = TestPaths.temporaryDirectory("road-overrides")
        let store = try CityStore.create(at: dir.appendingPathComponent("r.beacon.sqlite").path, cityName: "t", actor: actor)
        try store.upsert([
            Feature(id: "r/1", layer: .roads, kind: "primary", name: "人民大道",
                    geometry: .lineString([Coordinate(longitude: 121.47, latitude: 31.23), Coordinate(longitude: 121.48, latitude: 31.23)])),
        ], source: "test", actor: actor)
        return store
    }

    @Test func closeSlowListAndLiftAreStoredAndAudited() throws {
        let store = try Self.store()
        let keyBefore = try store.roadDataKey()
        let closure = try store.closeRoad("r/1", reason: "gas leak", actor: Self.actor)
        #expect(closure.kind == .closure(roadID: "r/1") && closure.isActive)
        let square: Geometry = .polygon([[Coordinate(longitude: 121.47, latitude: 31.22), Coordinate(longitude: 121.48, latitude: 31.22),
                                          Coordinate(longitude: 121.48, latitude: 31.24), Coordinate(longitude: 121.47, latitude: 31.22)]])
        let slow = try store.slowRoads(in: square, factor: 0.3, reason: "flooding", actor: Self.actor)
        guard case let .speedFactor(area, factor) = slow.kind else { Issue.record("not a speed factor"); return }
        #expect(factor == 0.3 && area.coordinates.count == 4)
        #expect(try store.roadOverrides().map(\.id) == [slow.id, closure.id])
        let lifted = try store.liftRoadOverride(closure.id, actor: Self.actor)
        #expect(lifted.liftedAt != nil)
        #expect(try store.roadOverrides().map(\.id) == [slow.id])
        #expect(try store.roadOverrides(includeLifted: true).count == 2)
        let audit = try store.auditTrail(limit: 3).map(\.action)
        #expect(audit == ["road.reopen", "road.slow", "road.close"])
        try store.verifyAuditChain()
        // Overrides are not road data: the graph cache stays valid.
        #expect(try store.roadDataKey() == keyBefore)
    }

    @Test func badEditsAreRefusedWithTheReasonAndWriteNothing() throws {
        let store = try Self.store()
        let version = try store.dataVersion()
        #expect(throws: StoreError.self) { try store.closeRoad("r/404", reason: "x", actor: Self.actor) }
        #expect(throws: StoreError.self) { try store.closeRoad("r/1", reason: " ", actor: Self.actor) }
        #expect(throws: StoreError.self) {
            try store.slowRoads(in: .point(Coordinate(longitude: 121.47, latitude: 31.23)), factor: 0.5, reason: "x", actor: Self.actor)
        }
        do { try store.liftRoadOverride(99, actor: Self.actor); Issue.record("lifted a missing override") } catch let e as StoreError {
            #expect(e.message.contains("no road override 99"))
        }
        #expect(try store.dataVersion() == version)
        let o = try store.closeRoad("r/1", reason: "x", actor: Self.actor)
        try store.liftRoadOverride(o.id, actor: Self.actor)
        #expect(throws: StoreError.self) { try store.liftRoadOverride(o.id, actor: Self.actor) }
    }

    @Test func reimportingRoadsChangesTheDataKey() throws {
        let store = try Self.store()
        let before = try store.roadDataKey()
        try store.upsert([Feature(id: "r/2", layer: .roads, kind: "service",
                                  geometry: .lineString([Coordinate(longitude: 121.47, latitude: 31.23), Coordinate(longitude: 121.47, latitude: 31.24)]))],
                         source: "other", actor: Self.actor)
        #expect(try store.roadDataKey() != before)
    }
}
