import Foundation
import RuleEngine
import SpatialCore
import SpatialStore
import TimeSeries

/// Sensor alarms from stored series, and the incidents they open through the plans.
///
/// Detectors per sensor come from the sensors layer (`alarm_low` / `alarm_high`, kind, network) and the series'
/// quantity: thresholds with hysteresis for rain gauges, road water levels and pressures (plus a fall-rate limit on
/// pressures — a burst main shows as a fast drop before the level is low), the night-minimum detector on water
/// flows (leaks), a weekly seasonal baseline on tank levels. `Plans/sensor_alarms.csv` says which alarm opens which
/// incident type and which fact it sets; alarms of one type within 3 h open one incident, at the first sensor.
public enum SensorAlarms {
    /// One alarm with the sensor it came from.
    public struct Alarm: Sendable {
        public var episode: AlarmEpisode
        public var sensorKind: String
        public var network: String?
        public var name: String?
        public var location: Coordinate?
        public var detector: String
        /// The highest and lowest reading during the episode (to the end of the data when it stands).
        public var maxReading: Double
        public var minReading: Double
    }

    /// A row of `sensor_alarms.csv`.
    public struct Rule: Sendable {
        public var sensorKind: String
        public var network: String?
        public var alarms: Set<AlarmEpisode.Kind>
        public var incidentType: IncidentType
        public var fact: String?
        public var factUnit: String?
        public var useMax: Bool
        public var line: Int
    }

    /// An incident to open: its type, place and call time (the first alarm), the facts, and the alarms behind it.
    public struct IncidentRequest: Sendable {
        public var type: IncidentType
        public var location: Coordinate
        public var calledAt: Int64
        public var facts: [String]
        public var alarms: [Alarm]
    }

    /// The detectors for one series, named.
    static func detectors(kind: String, record: SeriesRecord, low: Double?, high: Double?) -> [(String, (Series) -> [AlarmEpisode])] {
        var out: [(String, (Series) -> [AlarmEpisode])] = []
        switch kind {
        case "rain_gauge":
            let h = high ?? 30
            out.append(("threshold ≥ \(h) \(record.unit)", ThresholdAlarm(high: h, hysteresis: 0.3 * h).episodes))
        case "water_level":
            let h = high ?? 15
            out.append(("threshold ≥ \(h) \(record.unit)", ThresholdAlarm(high: h, hysteresis: 0.2 * h).episodes))
        case "pressure":
            if low != nil || high != nil {
                let ref = low ?? high!
                out.append(("threshold \(low.map { "≤ \($0)" } ?? "")\(high.map { " ≥ \($0)" } ?? "") \(record.unit)",
                            ThresholdAlarm(high: high, low: low, hysteresis: 0.05 * ref, holdSeconds: 300).episodes))
                out.append(("fall > \(ref) \(record.unit)/h over 15 min", RateAlarm(maxDropPerHour: ref, windowSeconds: 900).episodes))
            }
        case "flow":
            out.append(("night minimum vs 7 nights, z ≥ 3", { NightMinimumDetector().run($0).result.episodes }))
            if let high { out.append(("threshold ≥ \(high) \(record.unit)", ThresholdAlarm(high: high, hysteresis: 0.05 * high, holdSeconds: 900).episodes)) }
        case "tank_level":
            out.append(("weekly baseline, z ≥ 4", { SeasonalAnomalyDetector(smoothingSeconds: 6 * 3600, direction: .down).run($0).episodes }))
        default:
            if low != nil || high != nil {
                out.append(("threshold", ThresholdAlarm(high: high, low: low, hysteresis: 0.1 * abs(high ?? low!)).episodes))
            } else if record.quantity == "PM2.5" {
                out.append(("threshold ≥ 150 ug/m3 for 2 h", ThresholdAlarm(high: 150, hysteresis: 25, holdSeconds: 7200).episodes))
            }
        }
        return out
    }

    /// The kind a series without a sensor feature is treated as, from its quantity.
    static func kind(quantity: String) -> String {
        switch quantity {
        case "rain rate": "rain_gauge"
        case "flow": "flow"
        case "pressure", "pressure head": "pressure"
        case "tank level": "tank_level"
        case "water depth on road": "water_level"
        default: quantity
        }
    }

    /// Runs every detector on the stored series (all, or `sensors`) over `[from, to)`. O(readings).
    public static func evaluate(store: CityStore, sensors: [String]? = nil, from: Int64? = nil, to: Int64? = nil) throws -> [Alarm] {
        let records = try sensors.map { try $0.map { try SeriesQuery.record(store: store, sensor: $0) } } ?? store.seriesList()
        var out: [Alarm] = []
        for record in records {
            let feature = try store.feature(id: record.sensorID).flatMap { $0.layer == .sensors ? $0 : nil }
            func number(_ key: String) -> Double? {
                switch feature?.properties[key] {
                case let .real(v)?: v
                case let .integer(v)?: Double(v)
                case let .text(s)?: Double(s)
                default: nil
                }
            }
            var network: String?
            if case let .text(n)? = feature?.properties["network"] { network = n }
            let kind = feature?.kind ?? Self.kind(quantity: record.quantity)
            let detectors = detectors(kind: kind, record: record, low: number("alarm_low"), high: number("alarm_high"))
            guard !detectors.isEmpty else { continue }
            let series = try SeriesQuery.series(store: store, sensor: record.sensorID, from: from, to: to)
            for (name, detect) in detectors {
                for e in detect(series) {
                    let end = e.clearedAt ?? Int64.max
                    let during = series.readings.filter { $0.t >= e.raisedAt && $0.t <= end }.map(\.value)
                    out.append(Alarm(episode: e, sensorKind: kind, network: network, name: feature?.name,
                                     location: feature?.geometry.representativePoint, detector: name,
                                     maxReading: during.max() ?? e.peak, minReading: during.min() ?? e.peak))
                }
            }
        }
        return out.sorted { ($0.episode.raisedAt, $0.episode.sensorID) < ($1.episode.raisedAt, $1.episode.sensorID) }
    }

    /// Reads and checks `sensor_alarms.csv` against the library: incident types, facts and units. Every problem at once.
    public static func rules(directory: URL, library: PlanLibrary) throws -> [Rule] {
        let url = directory.appendingPathComponent("sensor_alarms.csv")
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw IncidentError("cannot read \(url.path): \(error.localizedDescription)") }
        var out: [Rule] = []
        var problems: [String] = []
        var sawHeader = false
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawHeader { sawHeader = true; continue }
            let where_ = "\(url.path):\(i + 1)"
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 7 else { problems.append("\(where_): expected 7 fields (sensor_kind,network,alarms,incident_type,fact,fact_unit,value), found \(f.count)"); continue }
            var kinds: Set<AlarmEpisode.Kind> = []
            for k in f[2].split(separator: "|") {
                if let kind = AlarmEpisode.Kind(rawValue: String(k)) { kinds.insert(kind) }
                else { problems.append("\(where_): unknown alarm kind '\(k)'; expected \(AlarmEpisode.Kind.allCases.map(\.rawValue).joined(separator: ", "))") }
            }
            guard let type = library.incidentType(f[3]) else { problems.append("\(where_): unknown incident type '\(f[3])'"); continue }
            if !f[4].isEmpty {
                var facts = FactSet(schema: library.schema)
                do { try facts.set(f[4], parsing: "1 \(f[5])") } catch { problems.append("\(where_): \(error.message)") }
                if !["max", "min"].contains(f[6]) { problems.append("\(where_): value must be max or min, not '\(f[6])'") }
            }
            out.append(Rule(sensorKind: f[0], network: f[1].isEmpty ? nil : f[1], alarms: kinds, incidentType: type,
                            fact: f[4].isEmpty ? nil : f[4], factUnit: f[5].isEmpty ? nil : f[5], useMax: f[6] != "min", line: i + 1))
        }
        if !problems.isEmpty { throw IncidentError(problems.joined(separator: "\n")) }
        return out
    }

    /// Groups alarms into incidents by the rules: one per incident type and 3-hour window (a sensor raising again within
    /// a week joins its earlier group), at the first located sensor.
    public static func incidents(for alarms: [Alarm], rules: [Rule], windowSeconds: Int64 = 3 * 3600,
                                 sameSensorSeconds: Int64 = 7 * 86_400) -> [IncidentRequest] {
        var groups: [(rule: Rule, alarms: [Alarm])] = []
        for a in alarms where a.location != nil {
            guard let rule = rules.first(where: { r in
                r.sensorKind == a.sensorKind && (r.network == nil || r.network == a.network) && r.alarms.contains(a.episode.kind)
            }) else { continue }
            // Same type within the window of the first alarm, or the same sensor raising again within a week
            // (a leak's alarm that clears and comes back is the same leak).
            if let g = groups.lastIndex(where: { g in g.rule.incidentType.code == rule.incidentType.code
                && (a.episode.raisedAt - g.alarms[0].episode.raisedAt <= windowSeconds
                    || g.alarms.contains { $0.episode.sensorID == a.episode.sensorID && a.episode.raisedAt - $0.episode.raisedAt <= sameSensorSeconds }) }) {
                groups[g].alarms.append(a)
            } else { groups.append((rule, [a])) }
        }
        return groups.map { g in
            let first = g.alarms[0]
            var facts = ["alarm.first_at=" + CivilTime.iso(first.episode.raisedAt, zone: ZoneOffsets("Asia/Shanghai"))]
            // Each fact from its own rule: the extreme over the alarms of that rule.
            var byFact: [String: (Rule, Double)] = [:]
            for a in g.alarms {
                guard let rule = rules.first(where: { r in r.sensorKind == a.sensorKind && (r.network == nil || r.network == a.network) && r.alarms.contains(a.episode.kind) }),
                      let fact = rule.fact, let unit = rule.factUnit else { continue }
                let raw = rule.useMax ? a.maxReading : a.minReading
                let isRate = a.episode.kind == .rise || a.episode.kind == .drop
                let from = SensorUnit(isRate ? String(a.episode.unit.dropLast(2)) : a.episode.unit) ?? SensorUnit(unit)
                let to = SensorUnit(unit)
                let v = from.flatMap { f in to.map { raw * f.factorToBase / $0.factorToBase } } ?? raw
                if let old = byFact[fact] { byFact[fact] = (rule, rule.useMax ? max(old.1, v) : min(old.1, v)) } else { byFact[fact] = (rule, v) }
            }
            for (fact, (rule, v)) in byFact.sorted(by: { $0.key < $1.key }) { facts.append("\(fact)=\(String(format: "%.3g", v)) \(rule.factUnit!)") }
            let gauges = Set(g.alarms.filter { $0.sensorKind == "water_level" }.map(\.episode.sensorID)).count
            if gauges > 0 { facts.append("sensor.flooded_gauges=\(gauges)") }
            return IncidentRequest(type: g.rule.incidentType, location: first.location!, calledAt: first.episode.raisedAt, facts: facts, alarms: g.alarms)
        }
    }

    /// Opens the requested incidents through the plans, skipping any already opened for the same type and first alarm
    /// (so running the alarms twice opens nothing new). Each is one audited transaction (IncidentOpening).
    public static func open(_ requests: [IncidentRequest], store: CityStore, library: PlanLibrary, actor: Actor) throws -> [(IncidentRequest, OpenedIncident?)] {
        let existing = try store.features(in: .incidents)
        return try requests.map { req in
            let firstAt = req.facts.first!.dropFirst("alarm.first_at=".count)
            var probe = FactSet(schema: library.schema)
            try probe.set("alarm.first_at", parsing: String(firstAt))
            let stamp = probe.value("alarm.first_at")!.description
            if existing.contains(where: { $0.kind == req.type.code && $0.properties["fact.alarm.first_at"] == .text(stamp) }) { return (req, nil) }
            let opened = try IncidentOpening.open(store: store, library: library, type: req.type.code, at: req.location, facts: req.facts,
                                                  calledAt: Date(timeIntervalSince1970: Double(req.calledAt)), actor: actor)
            return (req, opened)
        }
    }
}

