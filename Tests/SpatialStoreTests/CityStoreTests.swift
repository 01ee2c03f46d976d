import Foundation
import SpatialCore
@testable import SpatialStore
import Testing
import TestSupport

private let tester = Actor(name: "tester", post: "unit-test")

private func newStore() throws -> (CityStore, URL) {
    let dir = TestPaths.temporaryDirectory("store")
    let path = dir.appendingPathComponent("city.beacon.sqlite").path
    return (try CityStore.create(at: path, cityName: "Test City", actor: tester), dir)
}

private func station(_ n: Int, _ lon: Double, _ lat: Double, kind: String = "fire_station") -> Feature {
    Feature(id: "test:fac/\(n)", layer: .facilities, kind: kind, name: "Station \(n)",
            geometry: .point(Coordinate(longitude: lon, latitude: lat)),
            properties: ["capacity": .integer(Int64(n)), "note": .text("引用 \"quoted\""), "ratio": .real(2.0), "ok": .bool(true)])
}

@Suite struct CityStoreTests {
    @Test func createsAtLatestSchemaWithRegisteredGeometryColumns() throws {
        let (store, _) = try newStore()
        #expect(try store.schemaVersion() == Migrations.latestVersion)
        // One geometry column per layer, plus the area of road overrides (schema v2) and incident hazard zones (v5).
        let extra = "('road_overrides', 'incident_hazard_zones')"
        let registered = try store.connection.scalar("SELECT count(*) FROM geometry_columns WHERE f_table_name NOT IN \(extra)")?.int
        #expect(registered == Int64(LayerSchema.all.count))
        #expect(try store.connection.scalar("SELECT count(*) FROM geometry_columns WHERE f_table_name IN \(extra)")?.int == 2)
        let indexed = try store.connection.scalar("SELECT count(*) FROM geometry_columns WHERE spatial_index_enabled = 1")?.int
        #expect(indexed == Int64(LayerSchema.all.count) + 1)  // road override areas are not indexed; hazard zones are
        #expect(try store.meta("city_name") == "Test City")
        #expect(try store.connection.scalar("PRAGMA journal_mode")?.string == "wal")
    }

    @Test func refusesToCreateOverAnExistingFile() throws {
        let (store, _) = try newStore()
        #expect(throws: StoreError.self) { try CityStore.create(at: store.path, cityName: "again", actor: tester) }
    }

    @Test func propertiesRoundTripWithTheirTypes() throws {
        let (store, _) = try newStore()
        try store.upsert([station(7, 121.47, 31.23)], source: "test", actor: tester)
        let f = try #require(try store.feature(id: "test:fac/7"))
        #expect(f.properties == station(7, 121.47, 31.23).properties)
        #expect(f.geometry == .point(Coordinate(longitude: 121.47, latitude: 31.23)))
        #expect(f.name == "Station 7")
    }

    @Test func reimportUpdatesInsteadOfDuplicatingAndDropsVanishedRows() throws {
        let (store, _) = try newStore()
        let first = try store.upsert([station(1, 121.47, 31.23), station(2, 121.48, 31.23)], source: "src", actor: tester)
        #expect(first.inserted == 2 && first.updated == 0 && first.deleted == 0)
        let second = try store.upsert([station(1, 121.471, 31.23)], source: "src", actor: tester)
        #expect(second.inserted == 0 && second.updated == 1 && second.deleted == 1)
        #expect(try store.features(in: .facilities).map(\.id) == ["test:fac/1"])
        // Another source is untouched by this source's re-import.
        try store.upsert([station(3, 121.5, 31.2)], source: "other", actor: tester)
        try store.upsert([station(1, 121.471, 31.23)], source: "src", actor: tester)
        #expect(try store.features(in: .facilities).count == 2)
    }

    @Test func badInputIsRefusedWholeAndChangesNothing() throws {
        let (store, _) = try newStore()
        try store.upsert([station(1, 121.47, 31.23)], source: "src", actor: tester)
        let before = try store.dataVersion()
        let swapped = station(2, 31.23, 121.47)
        let wrongType = Feature(id: "test:road/1", layer: .roads, kind: "primary", geometry: .point(.init(longitude: 1, latitude: 1)))
        do {
            try store.upsert([station(1, 121.47, 31.23), station(1, 121.47, 31.23), swapped, wrongType], source: "src", actor: tester)
            Issue.record("bad input was accepted")
        } catch let error as FeatureValidationError {
            let text = error.description
            #expect(text.contains("duplicate id 'test:fac/1'"))
            #expect(text.contains("test:fac/2") && text.contains("swapped"))
            #expect(text.contains("test:road/1") && text.contains("LINESTRING"))
        }
        #expect(try store.dataVersion() == before)
        #expect(try store.features(in: .facilities).count == 1)
    }

    @Test func everyWriteHasOneAuditRowAndTheChainVerifies() throws {
        let (store, _) = try newStore()
        let base = try store.dataVersion()
        try store.upsert([station(1, 121.47, 31.23)], source: "a", actor: tester)
        try store.upsert([station(2, 121.47, 31.23)], source: "b", actor: tester)
        #expect(try store.dataVersion() == base + 2)
        let trail = try store.auditTrail(limit: 2)
        #expect(trail.map(\.target) == ["b", "a"])
        #expect(trail.allSatisfy { $0.actor == "tester" && $0.post == "unit-test" && $0.action == "import" })
        #expect(try store.verifyAuditChain() == base + 2)
        // The trail is append-only.
        #expect(throws: StoreError.self) { try store.connection.execute("UPDATE audit SET detail = 'x' WHERE seq = 1") }
    }

    @Test func aFailedTransactionLeavesNoAuditRow() throws {
        let (store, _) = try newStore()
        let before = try store.dataVersion()
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.write(actor: tester, action: "test", target: "t") { tx -> ((), String) in
                try tx.setMeta("half", "written")
                throw Boom()
            }
        }
        #expect(try store.dataVersion() == before)
        #expect(try store.meta("half") == nil)
    }

    @Test func radiusAndNearestAgreeWithBruteForce() throws {
        let (store, _) = try newStore()
        var rng = SplitMix64(seed: 42)
        var features: [Feature] = []
        for i in 0..<400 {
            features.append(station(i, 121.40 + rng.unit() * 0.15, 31.18 + rng.unit() * 0.10,
                                    kind: i % 3 == 0 ? "hospital" : "fire_station"))
        }
        try store.upsert(features, source: "rand", actor: tester)
        let center = Coordinate(longitude: 121.47, latitude: 31.23)
        let hits = try store.features(near: center, withinMetres: 2000, layers: [.facilities], kinds: ["fire_station"])
        let brute = features.filter { $0.kind == "fire_station" }.map { ($0.id, Haversine.distanceMetres(center, $0.geometry.representativePoint!)) }
        // Haversine is within 0.5 % of the ellipsoid: compare away from the boundary.
        let surelyIn = Set(brute.filter { $0.1 < 1990 }.map(\.0))
        let surelyOut = Set(brute.filter { $0.1 > 2010 }.map(\.0))
        let got = Set(hits.map(\.feature.id))
        #expect(surelyIn.isSubset(of: got))
        #expect(got.isDisjoint(with: surelyOut))
        #expect(hits.map(\.distanceMetres) == hits.map(\.distanceMetres).sorted())
        for h in hits {
            let d = Haversine.distanceMetres(center, h.feature.geometry.representativePoint!)
            #expect(abs(h.distanceMetres - d) / d < 0.005)
        }
        let k5 = try store.nearest(5, to: center, layers: [.facilities], kinds: ["hospital"])
        let bruteK5 = features.filter { $0.kind == "hospital" }
            .sorted { Haversine.distanceMetres(center, $0.geometry.representativePoint!) < Haversine.distanceMetres(center, $1.geometry.representativePoint!) }
            .prefix(5).map(\.id)
        #expect(k5.map(\.feature.id) == Array(bruteK5))
    }

    @Test func polygonQueryFindsWhatIsInside() throws {
        let (store, _) = try newStore()
        try store.upsert([station(1, 121.45, 31.22), station(2, 121.55, 31.22)], source: "s", actor: tester)
        let square = Geometry.polygon([[.init(longitude: 121.4, latitude: 31.2), .init(longitude: 121.5, latitude: 31.2),
                                         .init(longitude: 121.5, latitude: 31.3), .init(longitude: 121.4, latitude: 31.3),
                                         .init(longitude: 121.4, latitude: 31.2)]])
        #expect(try store.features(intersecting: square, layers: [.facilities]).map(\.feature.id) == ["test:fac/1"])
    }

    @Test func layerSummariesReportCountsExtentsAndKinds() throws {
        let (store, _) = try newStore()
        try store.upsert([station(1, 121.45, 31.22), station(2, 121.55, 31.25, kind: "hospital")], source: "s", actor: tester)
        let fac = try #require(try store.layerSummaries().first { $0.layer == .facilities })
        #expect(fac.count == 2 && fac.srid == 4326)
        #expect(fac.extent == BoundingBox(minLongitude: 121.45, minLatitude: 31.22, maxLongitude: 121.55, maxLatitude: 31.25))
        #expect(Set(fac.kinds.map(\.kind)) == ["fire_station", "hospital"])
    }

    @Test func reopensAndRefusesWhatIsNotAStore() throws {
        let (store, dir) = try newStore()
        store.close()
        let again = try CityStore.open(at: store.path, readOnly: true)
        #expect(try again.meta("city_name") == "Test City")
        let junk = dir.appendingPathComponent("junk.sqlite").path
        _ = FileManager.default.createFile(atPath: junk, contents: Data("not a database at all, just text".utf8))
        #expect(throws: StoreError.self) { try CityStore.open(at: junk) }
        #expect(throws: StoreError.self) { try CityStore.open(at: dir.appendingPathComponent("missing.sqlite").path) }
    }

    @Test func propsCodecKeepsIntegersRealsAndEscapes() throws {
        let props: [(String, PropertyValue)] = [("a", .integer(3)), ("b", .real(3)), ("c", .text("line\n\"q\" 中文 \u{1F692}")),
                                                ("d", .bool(false)), ("e", .real(-1.5e-7))]
        let decoded = try PropertyCodec.decode(PropertyCodec.encode(props))
        #expect(decoded == Dictionary(uniqueKeysWithValues: props))
    }
}

@Suite struct StockLedgerTests {
    @Test func stockIsTheSumOfMovementsAndCannotGoNegative() throws {
        let (store, _) = try newStore()
        try store.upsert([station(1, 121.47, 31.23, kind: "warehouse")], source: "s", actor: tester)
        let tents = StockMovement(facilityId: "test:fac/1", itemCode: "B01", itemName: "tents", quantity: 100, unit: "each", reason: "opening")
        try store.recordStock([tents], actor: tester, reference: "opening")
        var out = tents
        out.quantity = -30
        out.reason = "issued to shelter"
        try store.recordStock([out], actor: tester, reference: "issue-1")
        #expect(try store.stockLevels().map(\.quantity) == [70])
        out.quantity = -71
        #expect(throws: StoreError.self) { try store.recordStock([out], actor: tester, reference: "too much") }
        var wrongUnit = tents
        wrongUnit.unit = "kg"
        #expect(throws: StoreError.self) { try store.recordStock([wrongUnit], actor: tester, reference: "unit") }
        var nowhere = tents
        nowhere.facilityId = "test:fac/99"
        #expect(throws: StoreError.self) { try store.recordStock([nowhere], actor: tester, reference: "nowhere") }
        #expect(try store.stockLevels().map(\.quantity) == [70])
        #expect(throws: StoreError.self) { try store.connection.execute("UPDATE stock_movements SET quantity = 1000") }
    }
}
