import Engine
import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport
import TimeSeries

/// Ingest into a real store: one transaction per file, duplicates and replacements counted, roll-ups equal to the raw
/// readings after every kind of write, retention keeps roll-ups.
@Suite struct ReadingsStoreTests {
    let actor = Actor(name: "test", post: "test")

    /// A fresh store in a fresh folder; the caller closes the store and removes the folder.
    func makeStore() throws -> (CityStore, URL) {
        let dir = TestPaths.temporaryDirectory("ts-store")
        return (try CityStore.create(at: dir.appendingPathComponent("t.beacon.sqlite").path, cityName: "t", actor: actor), dir)
    }

    func file(_ dir: URL, _ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The roll-ups recomputed from the raw readings.
    func rawHours(_ store: CityStore, _ sensor: String) throws -> [Bucket] {
        Downsample.buckets(try store.readings(sensor: sensor).map { Reading(t: $0.t, value: $0.value) }, widthSeconds: 3600)
    }

    func storedHours(_ store: CityStore, _ sensor: String) throws -> [Bucket] {
        try store.hourlyRollups(sensor: sensor).map { Bucket(start: $0.hour, count: $0.count, min: $0.min, max: $0.max, sum: $0.sum, lastT: $0.lastT, last: $0.last) }
    }

    @Test func schemaHasTheSeriesTables() throws {
        let (store, dir) = try makeStore()
        defer { store.close(); try? FileManager.default.removeItem(at: dir) }
        #expect(try store.schemaVersion() >= 4)   // v4 added the series tables; later migrations keep them
        #expect(try store.seriesList().isEmpty)
    }

    @Test func duplicatesReplacementsAndRollupsStayTrue() throws {
        let (store, dir) = try makeStore()
        defer { store.close(); try? FileManager.default.removeItem(at: dir) }
        var lines = ["sensor,t,value,unit"]
        for i in 0..<30 { lines.append("p,\(1_546_300_800 + i * 300),\(i),kPa") }
        let first = try SensorIngest.ingest(store: store, .init(path: try file(dir, "a.csv", lines.joined(separator: "\n"))), actor: actor)
        #expect(first.outcome.inserted == 30)
        #expect(try rawHours(store, "p") == storedHours(store, "p"))
        // Again, with one changed value, one repeated instant inside the file, and a new reading out of order.
        var again = lines
        again[5] = "p,\(1_546_300_800 + 4 * 300),99,kPa"
        again.append("p,\(1_546_300_800 + 4 * 300),98,kPa")
        again.append("p,\(1_546_300_800 - 300),-1,kPa")
        let second = try SensorIngest.ingest(store: store, .init(path: try file(dir, "b.csv", again.joined(separator: "\n"))), actor: actor)
        #expect(second.outcome.inserted == 1)
        #expect(second.outcome.replaced == 1)
        #expect(second.outcome.unchanged == 29)
        #expect(second.outcome.superseded == 1)
        #expect(second.report.count(.outOfOrder) == 2)   // the repeat comes after later instants: out of order, then superseded
        #expect(try store.readings(sensor: "p").first { $0.t == 1_546_300_800 + 1200 }?.value == 98)   // the last one read
        #expect(try rawHours(store, "p") == storedHours(store, "p"))
        #expect(try store.series("p")?.readings == 31)
    }

    @Test func aFileIsAllOrNothing() throws {
        let (store, dir) = try makeStore()
        defer { store.close(); try? FileManager.default.removeItem(at: dir) }
        _ = try SensorIngest.ingest(store: store, .init(path: try file(dir, "a.csv", "sensor,t,value,unit\nq,0,1,kPa\n")), actor: actor)
        let auditBefore = try store.auditTrail(limit: 1000).count
        // 200,000 good readings of a new sensor, then a series whose unit clashes with the stored one (it fails late).
        var text = "sensor,t,value,unit\n"
        for i in 0..<200_000 { text += "r,\(i * 60),\(i % 100),mm/h\n" }
        text += "q,60,2,MPa\n"
        #expect(throws: (any Error).self) { try SensorIngest.ingest(store: store, .init(path: try file(dir, "b.csv", text)), actor: actor) }
        #expect(try store.readings(sensor: "r").isEmpty)
        #expect(try store.series("r") == nil)
        #expect(try store.hourlyRollups(sensor: "r").isEmpty)
        #expect(try store.auditTrail(limit: 1000).count == auditBefore)
        // --strict refuses a file with a bad line, and writes nothing.
        let bad = "sensor,t,value,unit\ns,0,1,kPa\ns,later,2,kPa\n"
        #expect(throws: ReadError.self) { try SensorIngest.ingest(store: store, .init(path: try file(dir, "c.csv", bad), strict: true), actor: actor) }
        #expect(try store.series("s") == nil)
        // Without it the good line is kept and the bad one reported.
        let lenient = try SensorIngest.ingest(store: store, .init(path: try file(dir, "c.csv", bad)), actor: actor)
        #expect(lenient.outcome.inserted == 1 && lenient.report.count(.badTimestamp) == 1)
        #expect(try store.verifyAuditChain() > 0)
    }

    @Test func retentionDropsRawReadingsButKeepsRollups() throws {
        let (store, dir) = try makeStore()
        defer { store.close(); try? FileManager.default.removeItem(at: dir) }
        var text = "sensor,t,value,unit\n"
        for i in 0..<(3 * 24) { text += "f,\(i * 3600),\(i),m3/h\n" }
        let r = try SensorIngest.ingest(store: store, .init(path: try file(dir, "a.csv", text), retentionDays: 1), actor: actor)
        #expect(r.outcome.pruned == 47)                      // keeps t ≥ last − 1 d: 25 of 72 hourly readings
        #expect(try store.readings(sensor: "f").count == 25)
        #expect(try store.hourlyRollups(sensor: "f").count == 72)
        let s = try SeriesQuery.stats(store: store, sensor: "f")
        #expect(s.count == 72 && s.min == 0 && s.max == 71)
    }

    @Test func sensorsLayerUnitConvertsReadings() throws {
        let (store, dir) = try makeStore()
        defer { store.close(); try? FileManager.default.removeItem(at: dir) }
        let features = [Feature(id: "ex:sensor/flow-1", layer: .sensors, kind: "flow", name: "flow 1", geometry: .point(Coordinate(longitude: 121.47, latitude: 31.23)),
                                properties: ["unit": .text("m3/h"), "quantity": .text("flow")])]
        _ = try store.upsert(features, source: "test", actor: actor)
        let r = try SensorIngest.ingest(store: store, .init(path: try file(dir, "a.csv", "sensor,t,value,unit\nex:sensor/flow-1,0,10,L/s\n")), actor: actor)
        #expect(r.outcome.inserted == 1)
        #expect(try store.series("ex:sensor/flow-1")?.unit == "m3/h")
        #expect(try store.readings(sensor: "ex:sensor/flow-1").first?.value == 36)
    }
}
