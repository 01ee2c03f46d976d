import Engine
import Foundation
import SpatialCore
import SpatialStore
import TimeSeries

/// One task from a plan, as stored in an incident's `task` event (`plan/step action: text | due … | units … | …`).
public struct PlanTaskLine: Sendable, Hashable {
    public let planID: String
    public let stepID: String
    public let action: String
    public let text: String
    /// Due time, seconds since 1970; nil when the step has no deadline.
    public let dueAt: Double?
    /// Unit types and counts the step asks for.
    public let units: [String: Int]
    /// Other `key=value` parameters (network, radius, zone, supply items).
    public let parameters: [String: String]
    public let firedAt: Double?

    /// Parses the stored line; nil when it does not have the `plan/step action: text` head.
    public init?(_ line: String, at: String) {
        let parts = line.components(separatedBy: " | ")
        guard let head = parts.first, let colon = head.range(of: ": "), let slash = head.firstIndex(of: "/") else { return nil }
        let left = head[..<colon.lowerBound]
        guard let space = left.lastIndex(of: " "), slash < space else { return nil }
        planID = String(head[..<slash])
        stepID = String(left[left.index(after: slash)..<space])
        action = String(left[left.index(after: space)...])
        text = String(head[colon.upperBound...])
        var due: Double?, units: [String: Int] = [:], params: [String: String] = [:]
        for p in parts.dropFirst() {
            if p.hasPrefix("due ") { due = IncidentKPIs.parseTime(String(p.dropFirst(4))) }
            else if p.hasPrefix("units ") {
                for u in p.dropFirst(6).split(separator: " ") {
                    let kv = u.split(separator: "×")
                    if kv.count == 2, let n = Int(kv[1]) { units[String(kv[0])] = n }
                }
            } else if !p.hasPrefix("because ") && !p.hasPrefix("notify ") && !p.hasPrefix("run card ") {
                for kv in p.split(separator: " ") {
                    let pair = kv.split(separator: "=", maxSplits: 1)
                    if pair.count == 2 { params[String(pair[0])] = String(pair[1]) }
                }
            }
        }
        dueAt = due
        self.units = units
        parameters = params
        firedAt = IncidentKPIs.parseTime(at)
    }
}

/// An incident as the pages show it: the stored row, its log, its tasks, and the hazard zones and reaches fed into it.
public struct IncidentSnapshot: Sendable {
    public let feature: Feature
    public let events: [IncidentEvent]
    public let tasks: [PlanTaskLine]
    public let assignments: [AssignmentRecord]
    /// The footprints of the latest hazard assessment stored with the incident (`beacon hazard … --incident`),
    /// outermost first; empty when only reach facts (or nothing) were fed in.
    public let hazardZones: [IncidentHazardZone]

    public var id: String { feature.id }
    public var level: String { feature.properties["level"]?.textValue ?? "IV" }
    public var state: String { feature.properties["state"]?.textValue ?? "received" }
    public var isActive: Bool { state != "closed" }
    public var location: Coordinate? { feature.geometry.representativePoint }
    public var calledAt: Double? { IncidentKPIs.time(feature, "called_at") }
    public var typeCode: String { feature.properties["type_code"]?.textValue ?? feature.kind }
    /// The warning colour in force for this incident (`fact.warning.colour`), if any.
    public var warningColour: String? { feature.properties["fact.warning.colour"]?.textValue }

    /// Hazard-zone reaches fed in by `beacon hazard … --incident` (`fact.hazard.red_zone_reach` …), in metres;
    /// the map draws them as circles only when no footprint is stored (``hazardZones`` empty).
    public var hazardReachesMetres: [(zone: String, metres: Double)] {
        ["yellow", "orange", "red"].compactMap { zone in
            guard let text = feature.properties["fact.hazard.\(zone)_zone_reach"]?.textValue, let m = Self.metres(text) else { return nil }
            return (zone, m)
        }
    }

    /// Evacuation radii from the plans' `evacuate` tasks, in metres.
    public var evacuationRadiiMetres: [Double] {
        tasks.filter { $0.action == "evacuate" }.compactMap { $0.parameters["radius"].flatMap(Self.metres) }
    }

    /// `1234 m`, `1.2 km`, `850m` → metres.
    static func metres(_ text: String) -> Double? {
        let t = text.replacingOccurrences(of: " ", with: "")
        if t.hasSuffix("km"), let v = Double(t.dropLast(2)) { return v * 1000 }
        if t.hasSuffix("m"), let v = Double(t.dropLast(1)) { return v }
        return Double(t)
    }
}

/// A stored series as the pages show it: its record, its latest reading and its alarms — the episodes
/// `beacon alarms` prints for it (Engine `SensorAlarms.evaluate`), oldest first.
public struct SeriesSnapshot: Sendable {
    public let record: SeriesRecord
    public let latest: Reading?
    public let alarms: [SensorAlarms.Alarm]
    /// The alarm standing at the end of the data (`beacon alarms` says "standing"), the latest raised if several.
    public var standing: SensorAlarms.Alarm? { alarms.last { $0.episode.isOpen } }
}

/// A sensor of the sensors layer with its stored series, if it has one.
public struct SensorSnapshot: Sendable {
    public let feature: Feature
    public let series: SeriesSnapshot?
    public var latest: Reading? { series?.latest }
    public var alarms: [SensorAlarms.Alarm] { series?.alarms ?? [] }
    public var low: Double? { feature.properties["alarm_low"]?.doubleValue }
    public var high: Double? { feature.properties["alarm_high"]?.doubleValue }
    public var unit: String { series?.record.unit ?? feature.properties["unit"]?.textValue ?? "" }
    public var network: String? { feature.properties["network"]?.textValue }
    /// The kind of the standing alarm (`high`, `low`, `rise`, `drop`, `anomaly_high`, `anomaly_low`), nil when none stands.
    public var alarm: String? { series?.standing?.episode.kind.rawValue }
}

/// Everything the pages show, read once from the store and cut to the district. Reads: incidents and their events,
/// their current hazard-zone footprints, open assignments, units, facilities, hazards, districts, main roads, active
/// closures, sensors with their series, latest readings and alarms (Engine `SensorAlarms.evaluate`), stock, and the KPI
/// report — O(features + readings read); the dashboard's 1 s budget covers the default city.
public struct Situation: Sendable {
    public let cityName: String
    public let scope: DistrictScope
    public let generatedAt: Date
    public let incidents: [IncidentSnapshot]
    public let units: [UnitRecord]
    public let facilities: [Feature]
    public let hazards: [Feature]
    public let districts: [Feature]
    /// Main roads (motorway … secondary) for the map.
    public let roads: [Feature]
    /// Active closures with their road geometry.
    public let closures: [(override: RoadOverride, road: Feature?)]
    public let sensors: [SensorSnapshot]
    /// Stored series with no sensor on the map (e.g. `beijing:Dongsi/PM2.5`); only for the whole city, as they have no place.
    public let unmappedSeries: [SeriesSnapshot]
    /// Every alarm episode of the series in scope, as `beacon alarms` prints them (for a district, `beacon alarms
    /// --sensor …` with its sensors), in the order raised.
    public let sensorAlarms: [SensorAlarms.Alarm]
    /// Pipes drawn on the lifelines map: water mains (DN ≥ 300) and gas pipes.
    public let pipes: [Feature]
    public let stock: [StockLevel]
    public let kpi: IncidentKPIReport
    /// The map's extent: the district's (with a margin), else the city's districts or roads.
    public let bounds: BoundingBox

    /// Road classes drawn on the map, from widest to narrowest stroke.
    static let mainRoadClasses: [String] = ["motorway", "trunk", "primary", "secondary", "motorway_link", "trunk_link", "primary_link"]

    /// Reads the situation at `now` for `scope`.
    public static func read(store: CityStore, scope: DistrictScope = .city, now: Date = Date(),
                            limits: CaseTimeLimits = .defaults) throws -> Situation {
        let incidentFeatures = try IncidentKPIs.selected(store: store, scope: scope, from: nil, to: nil)
        let open = try store.assignments()
        let zones = try store.currentHazardZones()
        let incidents = try incidentFeatures.map { f in
            let events = try store.incidentEvents(f.id)
            return IncidentSnapshot(feature: f, events: events,
                                    tasks: events.filter { $0.kind == "task" }.compactMap { PlanTaskLine($0.text, at: $0.at) },
                                    assignments: open.filter { $0.incidentID == f.id }, hazardZones: zones[f.id] ?? [])
        }
        let inScope: (Feature) -> Bool = { scope.touches($0.geometry) }
        let districts = try store.features(in: .districts)
        let roads = try store.features(in: .roads, kinds: Set(mainRoadClasses))
        var bounds: BoundingBox?
        if let outline = scope.outline?.boundingBox {
            let padLon = (outline.maxLongitude - outline.minLongitude) * 0.08, padLat = (outline.maxLatitude - outline.minLatitude) * 0.08
            bounds = BoundingBox(minLongitude: outline.minLongitude - padLon, minLatitude: outline.minLatitude - padLat,
                                 maxLongitude: outline.maxLongitude + padLon, maxLatitude: outline.maxLatitude + padLat)
        } else {
            for f in districts.isEmpty ? roads : districts { if let b = f.geometry.boundingBox { bounds == nil ? (bounds = b) : bounds!.extend(b) } }
        }
        if bounds == nil {
            let points = incidentFeatures.compactMap { $0.geometry.representativePoint }
            bounds = BoundingBox(covering: points) ?? BoundingBox(minLongitude: 121.4, minLatitude: 31.2, maxLongitude: 121.5, maxLatitude: 31.3)
        }
        let box = bounds!
        let visible: (Feature) -> Bool = { f in f.geometry.boundingBox.map { $0.intersects(box) } ?? false }

        var closures: [(RoadOverride, Feature?)] = []
        for o in try store.roadOverrides() {
            guard case let .closure(roadID) = o.kind else { continue }
            let road = try store.feature(id: roadID)
            if let road, !scope.touches(road.geometry) { continue }
            closures.append((o, road))
        }
        let (sensors, unmappedSeries, sensorAlarms) = try readSensors(store: store, scope: scope)
        let water = try store.features(in: .pipes).filter { f in
            guard inScope(f) else { return false }
            let network = f.properties["network"]?.textValue
            return network == "gas" || (network == "water" && (f.properties["diameter_mm"]?.doubleValue ?? 0) >= 300)
        }
        let facilities = try store.features(in: .facilities).filter(inScope)
        let facilityIDs = Set(facilities.map(\.id))
        let assignedUnits = Set(incidents.flatMap { $0.assignments.map(\.unitID) })
        let units = try store.units().filter { scope.contains($0.position) || facilityIDs.contains($0.homeFacility) || assignedUnits.contains($0.id) }
        let stock = try store.stockLevels().filter { facilityIDs.contains($0.facilityId) }
        let kpi = try IncidentKPIs.compute(store: store, scope: scope, asOf: now, limits: limits)
        return Situation(cityName: try store.meta("city_name") ?? "", scope: scope, generatedAt: now, incidents: incidents,
                         units: units, facilities: facilities, hazards: try store.features(in: .hazards).filter(inScope),
                         districts: districts.filter(visible), roads: roads.filter(visible), closures: closures, sensors: sensors,
                         unmappedSeries: unmappedSeries, sensorAlarms: sensorAlarms, pipes: water, stock: stock, kpi: kpi, bounds: box)
    }

    public var activeIncidents: [IncidentSnapshot] { incidents.filter(\.isActive) }

    /// Alarms standing at the end of their series' data (the `standing` rows of `beacon alarms`).
    public var standingAlarms: [SensorAlarms.Alarm] { sensorAlarms.filter(\.episode.isOpen) }

    /// The sensors in scope with their series, the series with no sensor (whole city only) and the alarms of all of
    /// them from `SensorAlarms.evaluate` — the CLI's own call, so the pages and `beacon alarms` agree.
    /// O(series · log readings + readings evaluated).
    static func readSensors(store: CityStore, scope: DistrictScope) throws -> ([SensorSnapshot], [SeriesSnapshot], [SensorAlarms.Alarm]) {
        let all = try store.features(in: .sensors)
        let features = all.filter { scope.touches($0.geometry) }
        let records = Dictionary(try store.seriesList().map { ($0.sensorID, $0) }, uniquingKeysWith: { a, _ in a })
        let featureIDs = Set(all.map(\.id))
        let unmapped = scope.isCity ? records.values.filter { !featureIDs.contains($0.sensorID) }.sorted { $0.sensorID < $1.sensorID } : []
        let inScope = features.compactMap { records[$0.id]?.sensorID } + unmapped.map(\.sensorID)
        let alarms = try SensorAlarms.evaluate(store: store, sensors: scope.isCity ? nil : inScope)
        let bySensor = Dictionary(grouping: alarms, by: \.episode.sensorID)
        func snapshot(_ r: SeriesRecord) throws -> SeriesSnapshot {
            let last = try r.lastT.flatMap { t in try store.readings(sensor: r.sensorID, from: t, to: t + 1).last }
            return SeriesSnapshot(record: r, latest: last.map { Reading(t: $0.t, value: $0.value) }, alarms: bySensor[r.sensorID] ?? [])
        }
        let sensors = try features.map { f in SensorSnapshot(feature: f, series: try records[f.id].map(snapshot)) }
        return (sensors, try unmapped.map(snapshot), alarms)
    }
}
