import Engine
import Foundation
import RuleEngine
import SpatialCore
import TestSupport
@testable import SpatialStore

/// A small city for the pages: two districts, roads, stations, units, a warehouse with stock, a chemical store, pipes,
/// sensors with four days of readings (and a series with no sensor), and three incidents opened through the real plans (Plans/) — a gas leak in the
/// west with two units on their way, a chemical release in the east with hazard reaches fed in, and a water main
/// burst in the east handled and closed — plus one closed road. The clock is 2025-08-09 15:00 China time.
enum DashboardFixture {
    static let actor = Actor(name: "dashboard-test", post: "test")
    static let now = Date(timeIntervalSince1970: 1_754_722_800)   // 2025-08-09T15:00:00+08:00

    static func c(_ lon: Double, _ lat: Double) -> Coordinate { Coordinate(longitude: lon, latitude: lat) }
    static func time(_ hhmmss: String) -> Date { ISO8601DateFormatter().date(from: "2025-08-09T\(hhmmss)+08:00")! }

    static func store() throws -> CityStore {
        let path = TestPaths.temporaryDirectory("dashboard").appendingPathComponent("d.beacon.sqlite").path
        let store = try CityStore.create(at: path, cityName: "Test city", actor: actor)
        func square(_ id: String, _ name: String, _ lon: Double) -> Feature {
            Feature(id: id, layer: .districts, kind: "fire_district", name: name,
                    geometry: .polygon([[c(lon, 31.20), c(lon + 0.04, 31.20), c(lon + 0.04, 31.26), c(lon, 31.26), c(lon, 31.20)]]))
        }
        func road(_ id: String, _ kind: String, _ points: [Coordinate]) -> Feature {
            Feature(id: id, layer: .roads, kind: kind, name: id, geometry: .lineString(points), properties: ["speed_kmh": .real(40)])
        }
        func unit(_ id: String, _ kind: String, _ home: String, _ at: Coordinate) -> Feature {
            Feature(id: "u/\(id)", layer: .units, kind: kind, name: id, geometry: .point(at), properties: ["home_facility": .text(home), "status": .text("available")])
        }
        let fs1 = c(121.44, 31.22), fs2 = c(121.50, 31.245), wh = c(121.445, 31.215)
        try store.upsert([square("d/west", "西区", 121.43), square("d/east", "东区", 121.47)], source: "districts", actor: actor)
        try store.upsert([
            road("road/main", "primary", [c(121.43, 31.232), c(121.47, 31.23), c(121.51, 31.228)]),
            road("road/ring", "trunk", [c(121.435, 31.205), c(121.47, 31.21), c(121.505, 31.255)]),
            road("road/n1", "secondary", [c(121.45, 31.20), c(121.452, 31.26)]),
            road("road/n2", "secondary", [c(121.49, 31.20), c(121.488, 31.26)]),
        ], source: "roads", actor: actor)
        try store.upsert([
            Feature(id: "fs/1", layer: .facilities, kind: "fire_station", name: "一号消防站", geometry: .point(fs1), properties: ["name_en": .text("Station 1")]),
            Feature(id: "fs/2", layer: .facilities, kind: "fire_station", name: "二号消防站", geometry: .point(fs2), properties: ["name_en": .text("Station 2")]),
            Feature(id: "hosp/1", layer: .facilities, kind: "hospital", name: "医院", geometry: .point(c(121.46, 31.245)), properties: ["capacity": .integer(800)]),
            Feature(id: "wh/1", layer: .facilities, kind: "warehouse", name: "物资仓库", geometry: .point(wh)),
            Feature(id: "sh/1", layer: .facilities, kind: "shelter", name: "避难场所", geometry: .point(c(121.48, 31.25)), properties: ["capacity": .integer(2000)]),
            Feature(id: "police/1", layer: .facilities, kind: "police", name: "派出所", geometry: .point(c(121.465, 31.225))),
        ], source: "facilities", actor: actor)
        try store.upsert([
            unit("E1", "engine", "fs/1", fs1), unit("E2", "engine", "fs/1", fs1), unit("E3", "engine", "fs/2", fs2),
            unit("L1", "ladder", "fs/2", fs2), unit("H1", "hazmat", "fs/2", fs2), unit("A1", "ambulance", "hosp/1", c(121.46, 31.245)),
            unit("P1", "police", "police/1", c(121.465, 31.225)), unit("W1", "repair_crew", "wh/1", wh), unit("W2", "repair_crew", "wh/1", wh),
        ], source: "units", actor: actor)
        try store.upsert([Feature(id: "chem/1", layer: .hazards, kind: "chemical_store", name: "氯气储存点", geometry: .point(c(121.495, 31.215)),
                                  properties: ["substance": .text("chlorine"), "quantity_t": .real(18)])], source: "hazards", actor: actor)
        try store.upsert([
            Feature(id: "pipe/w1", layer: .pipes, kind: "pipe", geometry: .lineString([c(121.43, 31.231), c(121.51, 31.227)]),
                    properties: ["network": .text("water"), "diameter_mm": .real(400), "length_m": .real(7600)]),
            Feature(id: "pipe/g1", layer: .pipes, kind: "pipe", geometry: .lineString([c(121.451, 31.20), c(121.453, 31.26)]),
                    properties: ["network": .text("gas"), "diameter_mm": .real(200), "length_m": .real(6700)]),
        ], source: "pipes", actor: actor)
        try store.upsert([
            Feature(id: "s/press", layer: .sensors, kind: "pressure", name: "供水压力1", geometry: .point(c(121.46, 31.231)),
                    properties: ["network": .text("water"), "unit": .text("MPa"), "alarm_low": .real(0.14), "alarm_high": .real(0.6)]),
            Feature(id: "s/rain", layer: .sensors, kind: "rain_gauge", name: "雨量站1", geometry: .point(c(121.49, 31.25)),
                    properties: ["unit": .text("mm/h"), "alarm_high": .real(30)]),
            Feature(id: "s/flow", layer: .sensors, kind: "flow", name: "水厂出厂流量", geometry: .point(c(121.44, 31.25)),
                    properties: ["network": .text("water"), "unit": .text("m3/h")]),
            Feature(id: "s/water", layer: .sensors, kind: "water_level", name: "道路积水1", geometry: .point(c(121.48, 31.222)),
                    properties: ["unit": .text("cm"), "alarm_high": .real(15)]),
        ], source: "sensors", actor: actor)
        try store.recordStock([
            StockMovement(facilityId: "wh/1", itemCode: "E01", itemName: "防毒面具 gas masks", quantity: 150, unit: "each", reason: "opening"),
            StockMovement(facilityId: "wh/1", itemCode: "E02", itemName: "堵漏工具 leak-sealing kits", quantity: 10, unit: "each", reason: "opening"),
            StockMovement(facilityId: "wh/1", itemCode: "D01", itemName: "沙袋 sandbags", quantity: 5000, unit: "each", reason: "opening"),
        ], actor: actor, reference: "opening")
        try writeReadings(store)

        let library = try PlanLibrary.load(directory: TestPaths.repoRoot.appendingPathComponent("Plans"))
        let gas = try IncidentOpening.open(store: store, library: library, type: "gas_leak", at: c(121.455, 31.232),
                                           facts: ["gas.concentration_lel=25%", "gas.pressure_class=medium", "incident.people_in_zone=1200"],
                                           calledAt: time("14:30:00"), actor: actor)
        _ = try IncidentLifecycle.assign(store: store, incident: gas.id, units: ["E1", "P1"], recommended: ["u/E1", "u/P1"], reason: nil,
                                         at: time("14:31:10"), actor: actor)
        _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .en_route, position: c(121.445, 31.225), at: time("14:32:20"), actor: actor)
        _ = try IncidentLifecycle.report(store: store, unit: "P1", status: .en_route, at: time("14:32:00"), actor: actor)
        _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .on_scene, position: c(121.455, 31.232), at: time("14:36:00"), actor: actor)

        let chem = try IncidentOpening.open(store: store, library: library, type: "hazmat", at: c(121.495, 31.216), facts: ["release.quantity=1t"],
                                            calledAt: time("13:00:00"), actor: actor)
        _ = try IncidentUpdating.update(store: store, library: library, id: chem.id,
                                        facts: ["hazard.red_zone_reach=400m", "hazard.orange_zone_reach=1200m", "hazard.yellow_zone_reach=2500m",
                                                "hazard.people_in_red=150"], at: time("13:20:00"), actor: actor)

        let water = try IncidentOpening.open(store: store, library: library, type: "water_main", at: c(121.485, 31.236), facts: [],
                                             calledAt: time("09:00:00"), actor: actor)
        _ = try IncidentLifecycle.assign(store: store, incident: water.id, units: ["W2"], recommended: ["u/W2"], reason: nil, at: time("09:00:40"), actor: actor)
        _ = try IncidentLifecycle.report(store: store, unit: "W2", status: .en_route, at: time("09:02:30"), actor: actor)
        _ = try IncidentLifecycle.report(store: store, unit: "W2", status: .on_scene, at: time("09:09:00"), actor: actor)
        _ = try IncidentLifecycle.report(store: store, unit: "W2", status: .returning, at: time("10:40:00"), actor: actor)
        _ = try IncidentLifecycle.report(store: store, unit: "W2", status: .available, at: time("11:00:00"), actor: actor)
        try IncidentLifecycle.advance(store: store, incident: water.id, to: .under_control, at: time("10:30:00"), actor: actor)
        try IncidentLifecycle.advance(store: store, incident: water.id, to: .closed, at: time("11:00:00"), actor: actor)

        try store.closeRoad("road/n1", reason: "gas leak cordon", actor: actor)
        return store
    }

    /// Four days of 5-minute readings up to 15:00, written through the store's ingest transaction (series records and
    /// hourly roll-ups, as `beacon ingest` leaves them): water pressure in its band with a daily swing, rain rising past
    /// 30 mm/h in the last half hour, flow without thresholds; a road water gauge with only 20 hours (too short to
    /// forecast); and an air-quality series with no sensor on the map, above 150 µg/m³ for 4 hours the day before.
    static func writeReadings(_ store: CityStore) throws {
        let end = Int64(now.timeIntervalSince1970)
        var random = SplitMix64(seed: 8)
        var batch: [SensorReading] = []
        let steps = 4 * 288
        for i in 0...steps {
            let t = end - Int64(steps - i) * 300
            let day = Double((t + 8 * 3600) % 86_400) / 86_400 * 2 * .pi
            let noise = Double.random(in: -1...1, using: &random)
            batch.append(SensorReading(sensor: 0, t: t, value: 0.35 + 0.06 * sin(day - 1.2) + 0.01 * noise))
            batch.append(SensorReading(sensor: 1, t: t, value: 1200 + 300 * sin(day - 1.2) + 30 * noise))
            batch.append(SensorReading(sensor: 2, t: t, value: max(0, 4 + 2 * sin(day) + noise + (i > steps - 6 ? 36 : 0))))
            if i > steps - 240 { batch.append(SensorReading(sensor: 3, t: t, value: max(0, 2 + noise))) }
            if i % 12 == 0 {
                let hoursAgo = (end - t) / 3600
                batch.append(SensorReading(sensor: 4, t: t, value: 60 + 20 * sin(day) + 5 * noise + (hoursAgo >= 20 && hoursAgo < 24 ? 120 : 0)))
            }
        }
        let series = [("s/press", "pressure", "MPa"), ("s/flow", "flow", "m3/h"), ("s/rain", "rain rate", "mm/h"),
                      ("s/water", "water depth on road", "cm"), ("aq/PM2.5", "PM2.5", "ug/m3")]
        try store.ingestReadings(actor: actor, source: "fixture", format: "test") { writer in
            for (i, s) in series.enumerated() {
                try writer.declare(index: Int32(i), SeriesRecord(sensorID: s.0, quantity: s.1, unit: s.2, timeZone: "Asia/Shanghai"))
            }
            let n = batch.count
            try writer.write(&batch)
            return (n, 0, "")
        }
    }
}
