import Dashboard
import Engine
import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// The KPI figures on hand-built incidents whose answers are worked out here: nearest-rank P90, compliance against the
/// standard, the case KPIs at a given time, district and window filters, and the same figures on the performance page.
struct IncidentKPITests {
    static let actor = Actor(name: "kpi", post: "test")
    /// 2025-08-09T00:00:00+08:00.
    static let t0 = 1_754_668_800.0

    static func iso(_ t: Double) -> String { IncidentOpening.iso(t) }

    /// Ten level-IV incidents in district west, one hour apart, dispatched 10·k s after the call; I1 closed after 2 h,
    /// I2 closed after 13 h, I3 closed then reopened; one more incident in district east.
    static func store() throws -> CityStore {
        let path = TestPaths.temporaryDirectory("kpi").appendingPathComponent("k.beacon.sqlite").path
        let store = try CityStore.create(at: path, cityName: "kpi", actor: actor)
        try store.upsert([Self.square("d/west", 121.40, 31.20), Self.square("d/east", 121.50, 31.20)], source: "districts", actor: actor)
        for k in 1...10 {
            let called = t0 + Double(k - 1) * 3600
            var props: [String: PropertyValue] = ["type_code": .text(k % 2 == 0 ? "23100" : "23200"), "level": .text("IV"),
                                                  "state": .text("graded"), "called_at": .text(iso(called)),
                                                  "dispatched_at": .text(iso(called + Double(10 * k)))]
            var events = [IncidentEvent(incidentID: "I\(k)", at: iso(called), kind: "opened", text: "test")]
            if k == 1 || k == 2 {
                let closed = called + (k == 1 ? 2 : 13) * 3600
                props["state"] = .text("closed")
                props["cleared_at"] = .text(iso(closed))
                events.append(IncidentEvent(incidentID: "I\(k)", at: iso(closed), kind: "state", text: "under_control → closed"))
            }
            if k == 3 {
                props["cleared_at"] = .text(iso(called + 3600))
                events.append(IncidentEvent(incidentID: "I3", at: iso(called + 3600), kind: "state", text: "under_control → closed"))
                events.append(IncidentEvent(incidentID: "I3", at: iso(called + 7200), kind: "reopened", text: "closed → graded"))
            }
            try store.openIncident(Feature(id: "I\(k)", layer: .incidents, kind: "x", name: k % 2 == 0 ? "燃气管道泄漏 gas pipeline leak" : "供水管道爆裂 water main burst",
                                           geometry: .point(Coordinate(longitude: 121.41, latitude: 31.21)), properties: props),
                                   events: events, actor: actor, summary: "test")
        }
        try store.openIncident(Feature(id: "E1", layer: .incidents, kind: "x", name: "火灾 fire", geometry: .point(Coordinate(longitude: 121.51, latitude: 31.21)),
                                       properties: ["type_code": .text("22100"), "level": .text("II"), "state": .text("graded"),
                                                    "called_at": .text(iso(t0)), "dispatched_at": .text(iso(t0 + 500))]),
                               events: [], actor: actor, summary: "test")
        return store
    }

    static func square(_ id: String, _ lon: Double, _ lat: Double) -> Feature {
        let ring = [Coordinate(longitude: lon, latitude: lat), Coordinate(longitude: lon + 0.05, latitude: lat),
                    Coordinate(longitude: lon + 0.05, latitude: lat + 0.05), Coordinate(longitude: lon, latitude: lat + 0.05),
                    Coordinate(longitude: lon, latitude: lat)]
        return Feature(id: id, layer: .districts, kind: "fire_district", name: id, geometry: .polygon([ring]))
    }

    @Test func p90IsNearestRankAndComplianceCountsTheLimit() throws {
        let store = try Self.store()
        defer { store.close() }
        let west = try DistrictScope(store: store, district: "d/west")
        let r = try IncidentKPIs.compute(store: store, scope: west, asOf: Date(timeIntervalSince1970: Self.t0 + 18 * 3600))
        let processing = try #require(r.intervals.first { $0.standard.key == "processing" })
        // 10, 20, … 100 s: the ⌈0.9 · 10⌉ = 9th value is 90 s; six are within 60 s.
        #expect(processing.samples == 10)
        #expect(processing.p90Seconds == 90)
        #expect(processing.medianSeconds == 50)
        #expect(processing.withinLimit == 6)
        #expect(processing.meetsStandard == false)
        #expect(r.intervals.first { $0.standard.key == "travel" }?.samples == 0)
        #expect(IncidentKPIs.percentile([5], 0.9) == 5)
        #expect(IncidentKPIs.percentile([], 0.9) == nil)
    }

    @Test func caseKPIsAtAGivenTime() throws {
        let store = try Self.store()
        defer { store.close() }
        let west = try DistrictScope(store: store, district: "d/west")
        // At T0 + 18 h the 12 h limit has passed for I1…I7 (called T0 … T0 + 6 h); I8…I10 are not due yet.
        let c = try IncidentKPIs.compute(store: store, scope: west, asOf: Date(timeIntervalSince1970: Self.t0 + 18 * 3600)).cases
        #expect(c.registered == 10)
        #expect(c.due == 7)
        #expect(c.closed == 2)
        #expect(c.closedOnTime == 1)
        #expect(c.extended == 6)   // I2 closed late, I3…I7 open past their limit
        #expect(c.everClosed == 3)
        #expect(c.reworked == 1)
        #expect(IncidentKPIs.percent(c.closureRate) == "28.6 %")
        #expect(IncidentKPIs.percent(c.reworkRate) == "33.3 %")
        // A longer limit for level IV makes I2 on time and nothing else due.
        let long = try IncidentKPIs.compute(store: store, scope: west, asOf: Date(timeIntervalSince1970: Self.t0 + 18 * 3600),
                                            limits: CaseTimeLimits(parsing: "IV=20")).cases
        #expect(long.due == 2 && long.closedOnTime == 2 && long.extended == 0)
        #expect(throws: IncidentError.self) { try CaseTimeLimits(parsing: "V=3") }
    }

    @Test func districtAndWindowFilters() throws {
        let store = try Self.store()
        defer { store.close() }
        let all = try IncidentKPIs.compute(store: store)
        #expect(all.total == 11)
        #expect(all.byLevel.first { $0.level == "II" }?.count == 1)
        let east = try IncidentKPIs.compute(store: store, scope: DistrictScope(store: store, district: "d/east"))
        #expect(east.total == 1 && east.byType.map(\.code) == ["22100"])
        let window = try IncidentKPIs.compute(store: store, from: Date(timeIntervalSince1970: Self.t0 + 3600),
                                              to: Date(timeIntervalSince1970: Self.t0 + 3 * 3600))
        #expect(window.total == 2)   // I2 and I3
        #expect(throws: IncidentError.self) { try DistrictScope(store: store, district: "d/nowhere") }
    }

    @Test func thePerformancePageShowsTheSameFigures() throws {
        let store = try Self.store()
        defer { store.close() }
        let now = Date(timeIntervalSince1970: Self.t0 + 18 * 3600)
        let situation = try Situation.read(store: store, now: now)
        let report = try IncidentKPIs.compute(store: store, asOf: now)
        let html = DashboardBuilder.render(situation, trends: [], options: DashboardOptions(now: now))[.performance]!
        for i in report.intervals { #expect(html.contains(IncidentKPIs.duration(i.p90Seconds))) }
        for rate in [report.cases.closureRate, report.cases.onTimeRate, report.cases.reworkRate, report.cases.extensionRate] {
            #expect(html.contains(IncidentKPIs.percent(rate)))
        }
        #expect(situation.kpi.cases == report.cases)
        let json = try report.json()
        #expect(json.contains("\"reworkRate\" : 0.3333"))   // 1 reopened of 3 ever closed (I1, I2, I3)
        #expect(json.contains("\"p90Seconds\" : 100"))   // citywide: 10…100 s and 500 s; the ⌈9.9⌉ = 10th is 100 s
    }
}
