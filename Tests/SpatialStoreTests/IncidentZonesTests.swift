import Foundation
import SpatialCore
@testable import SpatialStore
import Testing
import TestSupport

/// Hazard zones stored with an incident (schema v5): written with the incident update in one audited transaction,
/// read back exactly, superseded (never deleted) by a newer assessment, and nothing written when any part is refused.
@Suite struct IncidentZonesTests {
    static let actor = Actor(name: "duty", post: "desk 2")
    static let source = Coordinate(longitude: 121.45, latitude: 31.19)

    static func store() throws -> CityStore {
        let dir = TestPaths.temporaryDirectory("incident-zones")
        let store = try CityStore.create(at: dir.appendingPathComponent("z.beacon.sqlite").path, cityName: "t", actor: actor)
        try store.openIncident(incident(level: "III"), events: [IncidentEvent(incidentID: "INC-1", at: "2025-08-09T23:10:00+08:00", kind: "opened", text: "opened")],
                               actor: actor, summary: "opened INC-1")
        return store
    }

    static func incident(level: String) -> Feature {
        Feature(id: "INC-1", layer: .incidents, kind: "24100", name: "chemical release", geometry: .point(source),
                properties: ["level": .text(level), "state": .text("graded")])
    }

    /// An egg-shaped ring pointing east of the source, `reach` degrees long, with irrational-looking vertices.
    static func ring(reach: Double, width: Double) -> [Coordinate] {
        var ring = (0..<37).map { i -> Coordinate in
            let a = Double(i) / 36 * 2 * .pi
            return Coordinate(longitude: source.longitude + reach * (1 + cos(a)) / 2, latitude: source.latitude + width * sin(a) * (1.2 + cos(a)) / 2.2)
        }
        ring[36] = ring[0]
        return ring
    }

    static func zones(scale: Double) -> [IncidentHazardZone] {
        func zone(_ level: String, _ reach: Double, _ footprint: Geometry) -> IncidentHazardZone {
            IncidentHazardZone(incidentID: "INC-1", level: level, model: "Gaussian plume (chlorine)", threshold: reach, thresholdUnit: "ppm",
                               meaning: "AEGL \(level)", reachMetres: reach * 111_000 * scale, widthMetres: 100 * scale, areaSquareMetres: 5e5 * scale,
                               caveats: ["passive gas", "steady state, \"60 min\""], validity: ["class D only"],
                               assessedAt: "2025-08-09T23:25:00+08:00", footprint: footprint)
        }
        // Yellow as a polygon with a hole (stored as a one-part multipolygon), orange a two-part multipolygon, red a polygon.
        let yellow: Geometry = .polygon([ring(reach: 0.04 * scale, width: 0.008), ring(reach: 0.002, width: 0.0004).map {
            Coordinate(longitude: $0.longitude + 0.03 * scale, latitude: $0.latitude) }])
        let orange: Geometry = .multiPolygon([[ring(reach: 0.015 * scale, width: 0.004)],
                                              [ring(reach: 0.003, width: 0.001).map { Coordinate(longitude: $0.longitude + 0.02, latitude: $0.latitude) }]])
        let red: Geometry = .polygon([ring(reach: 0.004 * scale, width: 0.001)])
        return [zone("yellow", 0.04, yellow), zone("orange", 0.015, orange), zone("red", 0.004, red)]
    }

    static func asMultiPolygon(_ g: Geometry) -> Geometry {
        if case let .polygon(rings) = g { return .multiPolygon([rings]) }
        return g
    }

    @Test func zonesAreStoredWithTheUpdateAndReadBackExactly() throws {
        let store = try Self.store()
        defer { store.close() }
        let before = try store.dataVersion()
        let written = Self.zones(scale: 1)
        try store.updateIncident(Self.incident(level: "II"), events: [IncidentEvent(incidentID: "INC-1", at: "2025-08-09T23:25:00+08:00", kind: "update", text: "plume")],
                                 afterSeq: 1, hazardZones: written, actor: Self.actor, summary: "plume fed")
        // One audit row for facts, events and zones together; every zone row points at it.
        #expect(try store.dataVersion() == before + 1)
        let audit = try #require(try store.auditTrail(limit: 1).first)
        #expect(audit.action == "incident.update" && audit.target == "INC-1" && audit.detail == "plume fed; 3 hazard zones stored")
        #expect(try store.verifyAuditChain() == before + 1)

        let read = try store.hazardZones(incidentID: "INC-1")
        #expect(read.map(\.level) == ["yellow", "orange", "red"])
        for (w, r) in zip(written, read) {
            #expect(r.footprint == Self.asMultiPolygon(w.footprint), "\(w.level) footprint changed in the store")
            #expect(r.model == w.model && r.threshold == w.threshold && r.thresholdUnit == w.thresholdUnit && r.meaning == w.meaning)
            #expect(r.reachMetres == w.reachMetres && r.widthMetres == w.widthMetres && r.areaSquareMetres == w.areaSquareMetres)
            #expect(r.caveats == w.caveats && r.validity == w.validity && r.assessedAt == w.assessedAt)
            #expect(r.auditSeq == audit.seq && r.supersededSeq == nil)
        }
        #expect(try store.feature(id: "INC-1")?.properties["level"]?.textValue == "II")
        #expect(try store.currentHazardZones()["INC-1"]?.count == 3)
        // The footprint is a real SpatiaLite layer: its R*Tree finds the yellow zone (only) 0.03° east of the source.
        let hits = try store.connection.scalar("""
            SELECT group_concat(level) FROM incident_hazard_zones WHERE ROWID IN (SELECT ROWID FROM SpatialIndex
              WHERE f_table_name = 'incident_hazard_zones' AND search_frame = MakePoint(121.475, 31.19, 4326))
              AND ST_Contains(geom, MakePoint(121.475, 31.19, 4326))
            """)?.string
        #expect(hits == "yellow")
    }

    @Test func aNewerAssessmentSupersedesAndKeepsHistory() throws {
        let store = try Self.store()
        defer { store.close() }
        try store.updateIncident(Self.incident(level: "II"), events: [], afterSeq: 1, hazardZones: Self.zones(scale: 1), actor: Self.actor, summary: "first")
        let first = try store.dataVersion()
        // An update without zones (facts only, a drawn polygon) leaves the stored zones as they are.
        try store.updateIncident(Self.incident(level: "II"), events: [], afterSeq: 1, actor: Self.actor, summary: "facts only")
        #expect(try store.hazardZones(incidentID: "INC-1").map(\.auditSeq) == [first, first, first])
        try store.updateIncident(Self.incident(level: "II"), events: [], afterSeq: 1, hazardZones: Array(Self.zones(scale: 2).prefix(2)),
                                 actor: Self.actor, summary: "second")
        let second = try store.dataVersion()
        #expect(try store.auditTrail(limit: 1).first?.detail == "second; 2 hazard zones stored, 3 superseded")
        let current = try store.hazardZones(incidentID: "INC-1")
        #expect(current.map(\.level) == ["yellow", "orange"] && current.allSatisfy { $0.auditSeq == second })
        #expect(current[0].reachMetres == Self.zones(scale: 2)[0].reachMetres)
        let history = try store.hazardZoneHistory(incidentID: "INC-1")
        #expect(history.count == 5)
        #expect(history.prefix(3).allSatisfy { $0.supersededSeq == second && $0.auditSeq == first })
        // Rows are never deleted or rewritten, and superseded only once.
        #expect(throws: StoreError.self) { try store.connection.execute("DELETE FROM incident_hazard_zones") }
        #expect(throws: StoreError.self) { try store.connection.execute("UPDATE incident_hazard_zones SET reach_m = 1") }
        #expect(throws: StoreError.self) { try store.connection.execute("UPDATE incident_hazard_zones SET superseded_seq = 99 WHERE superseded_seq IS NOT NULL") }
        #expect(try store.hazardZoneHistory(incidentID: "INC-1").count == 5)
    }

    @Test func aRefusedZoneWritesNothingAtAll() throws {
        let store = try Self.store()
        defer { store.close() }
        try store.updateIncident(Self.incident(level: "III"), events: [], afterSeq: 1, hazardZones: Self.zones(scale: 1), actor: Self.actor, summary: "first")
        let version = try store.dataVersion()
        let events = try store.incidentEvents("INC-1").count
        var bad = Self.zones(scale: 2)
        bad[2].level = "purple"
        var line = Self.zones(scale: 2)
        line[1].footprint = .lineString([Self.source, Coordinate(longitude: 121.46, latitude: 31.19)])
        var swapped = Self.zones(scale: 2)
        swapped[0].footprint = .polygon([[Coordinate(longitude: 121.45, latitude: 31.19), Coordinate(longitude: 121.46, latitude: 131.19),
                                          Coordinate(longitude: 121.47, latitude: 31.19), Coordinate(longitude: 121.45, latitude: 31.19)]])
        let twice = Self.zones(scale: 2) + [Self.zones(scale: 2)[2]]
        for (name, zones) in [("level", bad), ("line", line), ("latitude", swapped), ("twice", twice)] {
            do {
                try store.updateIncident(Self.incident(level: "I"), events: [IncidentEvent(incidentID: "INC-1", at: "2025-08-09T23:40:00+08:00", kind: "update", text: "x")],
                                         afterSeq: 1, hazardZones: zones, actor: Self.actor, summary: "refused")
                Issue.record("\(name): accepted")
            } catch let e as StoreError {
                #expect(e.message.contains("INC-1") || e.message.contains("latitude") || e.message.contains("131.19"), "\(name): \(e.message)")
            }
        }
        // The level, the events, the audit trail and the stored zones are all as before.
        #expect(try store.dataVersion() == version)
        #expect(try store.incidentEvents("INC-1").count == events)
        #expect(try store.feature(id: "INC-1")?.properties["level"]?.textValue == "III")
        #expect(try store.hazardZoneHistory(incidentID: "INC-1").count == 3)
        #expect(try store.hazardZones(incidentID: "INC-1").allSatisfy { $0.auditSeq == version })
    }
}
