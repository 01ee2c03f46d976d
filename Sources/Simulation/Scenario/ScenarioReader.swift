import Foundation
import RuleEngine
import SpatialCore
import Yams

/// What a scenario may refer to, answered by the city store and the plan library (``ScenarioCatalog``), so the
/// reader checks names before anything runs.
public protocol ScenarioReferences {
    /// The layer of feature `id`, nil when the store has no such feature.
    func layerOfFeature(_ id: String) -> String?
    func unitExists(_ id: String) -> Bool
    /// Features in `layer` (of `kind` when given); nil when the layer is unknown.
    func featureCount(layer: String, kind: String?) -> Int?
    var planIDs: Set<String> { get }
    func incidentTypeExists(_ codeOrAlias: String) -> Bool
    var unitKinds: Set<String> { get }
    /// Fact names the plans know (for injects' facts and sensors).
    func factExists(_ name: String) -> Bool
}

/// Reads and checks a scenario file: every problem at once, each with file:line:column and the line quoted,
/// as plan files are checked. References are checked when `references` is given.
public enum ScenarioReader {
    public static let schema = "beacon-scenario/1"
    static let topKeys = ["schema", "id", "title", "store", "period", "plans", "policy", "call_processing", "roster", "weather",
                          "road_closures", "injects", "background", "sensors", "standards", "on_scene", "profiles"]

    /// Parses `text` (the contents of `file`); relative files inside (profiles, sensor series) are resolved
    /// against the scenario's folder. Throws ``PlanErrors`` with every diagnostic when anything is wrong.
    public static func read(file: String, text: String, references: (any ScenarioReferences)?) throws(PlanErrors) -> Scenario {
        let y = YAMLChecker(file: file, text: text)
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        var r = Reading(y: y, refs: references, folder: folder)
        let scenario = r.scenario()
        if !y.diagnostics.isEmpty || scenario == nil { throw PlanErrors(y.diagnostics) }
        return scenario!
    }

    /// Reads a scenario file from disk.
    public static func read(url: URL, references: (any ScenarioReferences)?) throws -> Scenario {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try read(file: url.path, text: text, references: references)
    }

    public static func parseTime(_ text: String) -> Double? {
        let f = ISO8601DateFormatter()
        if let d = f.date(from: text) { return d.timeIntervalSince1970 }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)?.timeIntervalSince1970
    }
}

/// One pass over a scenario document.
struct Reading {
    let y: YAMLChecker
    let refs: (any ScenarioReferences)?
    let folder: URL
    var start = 0.0, end = 0.0

    init(y: YAMLChecker, refs: (any ScenarioReferences)?, folder: URL) {
        self.y = y
        self.refs = refs
        self.folder = folder
    }

    mutating func scenario() -> Scenario? {
        guard let root = y.root else { return nil }
        guard let top = y.mapping(root, "a scenario", allowed: ScenarioReader.topKeys, required: ["schema", "id", "store", "period"]) else { return nil }
        if let s = y.string(top["schema"], "schema"), s != ScenarioReader.schema {
            y.error(top["schema"], "schema must be '\(ScenarioReader.schema)', not '\(s)'")
        }
        let id = y.string(top["id"], "id") ?? ""
        let title = y.string(top["title"], "title") ?? id
        let store = y.string(top["store"], "store") ?? ""
        if let p = y.mapping(top["period"], "period", allowed: ["start", "end"], required: ["start", "end"]) {
            start = time(p["start"], "period.start") ?? 0
            end = time(p["end"], "period.end") ?? 0
            if start >= end, p["end"] != nil { y.error(p["end"], "period.end must be after period.start") }
            if end - start > 366 * 86400 * 2 { y.error(p["end"], "a period longer than two years is not supported") }
        }
        var plans: [String] = []
        for (p, node) in y.strings(top["plans"], "plans") {
            if let refs, !refs.planIDs.contains(p) {
                y.error(node, "no plan '\(p)' in the plan library; known: \(refs.planIDs.sorted().joined(separator: ", "))")
            }
            plans.append(p)
        }
        let policy = y.string(top["policy"], "policy") ?? "closest"
        if !DispatchPolicies.names.contains(policy) {
            y.error(top["policy"], "unknown policy '\(policy)'; expected one of \(DispatchPolicies.names.joined(separator: ", "))")
        }
        let processing = top["call_processing"].flatMap { duration($0, "call_processing") }
            ?? .lognormal(medianSeconds: 60, p90Seconds: 90)
        let table = profiles(top["profiles"])
        var onScene: [String: DurationDistribution] = [:]
        for (k, _, v) in y.pairs(top["on_scene"], "on_scene") { onScene[k] = duration(v, "on_scene.\(k)") }
        let scenario = Scenario(
            id: id, title: title, file: y.source.file, store: store, start: start, end: end, plans: plans, policy: policy,
            callProcessing: processing, roster: roster(top["roster"]), weather: weather(top["weather"]),
            closures: closures(top["road_closures"]), injects: injects(top["injects"]),
            streams: streams(top["background"], table), sensors: sensors(top["sensors"]),
            coverageTargets: standards(top["standards"]), onScene: onScene)
        return scenario
    }

    // MARK: pieces

    func time(_ node: Node?, _ what: String) -> Double? {
        guard let node, let s = y.string(node, what) else { return nil }
        guard let t = ScenarioReader.parseTime(s) else {
            y.error(node, "\(what): '\(s)' is not an ISO 8601 time with an offset, e.g. 2025-08-04T08:00:00+08:00")
            return nil
        }
        return t
    }

    /// A time inside the period.
    func timeInPeriod(_ node: Node?, _ what: String) -> Double? {
        guard let t = time(node, what) else { return nil }
        if t < start || t > end { y.error(node, "\(what) lies outside the period") }
        return t
    }

    func interval(_ m: [String: Node], _ what: String) -> (Double, Double) {
        let from = m["from"].flatMap { timeInPeriod($0, "\(what).from") } ?? start
        let to = m["to"].flatMap { timeInPeriod($0, "\(what).to") } ?? end
        if from >= to { y.error(m["to"] ?? m["from"], "\(what): 'to' must be after 'from'") }
        return (from, to)
    }

    func positive(_ node: Node?, _ what: String, max: Double) -> Double? {
        guard let node, let v = y.double(node, what) else { return nil }
        if !(v > 0) || v > max { y.error(node, "\(what) must be above 0 and at most \(max.formatted()), not \(v.formatted())"); return nil }
        return v
    }

    /// `{exponential: 20}`, `{lognormal: [median, p90]}`, `{fixed: 5}`, `{empirical: [..]}`: minutes.
    func duration(_ node: Node, _ what: String) -> DurationDistribution? {
        guard let m = y.mapping(node, what, allowed: ["exponential", "lognormal", "fixed", "empirical"]) else { return nil }
        guard m.count == 1, let (key, v) = m.first else {
            y.error(node, "\(what) needs exactly one of exponential: MEAN, lognormal: [MEDIAN, P90], fixed: MINUTES, empirical: [MINUTES…] (minutes)")
            return nil
        }
        switch key {
        case "exponential": return positive(v, "\(what).exponential (mean minutes)", max: 100_000).map { .exponential(meanSeconds: $0 * 60) }
        case "fixed": return positive(v, "\(what).fixed (minutes)", max: 100_000).map { .fixed(seconds: $0 * 60) }
        case "lognormal":
            let xs = y.sequence(v, "\(what).lognormal").compactMap { positive($0, "\(what).lognormal", max: 100_000) }
            guard xs.count == 2 else { y.error(v, "\(what).lognormal takes [median, p90] in minutes"); return nil }
            guard xs[1] > xs[0] else { y.error(v, "\(what).lognormal: the 90th percentile must exceed the median"); return nil }
            return .lognormal(medianSeconds: xs[0] * 60, p90Seconds: xs[1] * 60)
        default:
            let xs = y.sequence(v, "\(what).empirical").compactMap { positive($0, "\(what).empirical", max: 100_000) }
            guard !xs.isEmpty else { y.error(v, "\(what).empirical needs at least one value (minutes)"); return nil }
            return .empirical(sortedSeconds: xs.map { $0 * 60 }.sorted())
        }
    }

    func place(_ node: Node?, _ what: String) -> ScenarioPlace? {
        guard let node, let s = y.string(node, what) else { return nil }
        let parts = s.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 2, let lon = parts[0], let lat = parts[1] {
            guard abs(lat) <= 90, abs(lon) <= 180 else { y.error(node, "\(what): '\(s)' is not LON,LAT in degrees"); return nil }
            return .coordinate(Coordinate(longitude: lon, latitude: lat))
        }
        if let refs, refs.layerOfFeature(s) == nil { y.error(node, "\(what): no feature '\(s)' in the store") }
        return .feature(s)
    }

    func unitKinds(_ node: Node?, _ what: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for (k, keyNode, v) in y.pairs(node, what) {
            if let refs, !refs.unitKinds.contains(k) {
                y.error(keyNode, "\(what): unknown unit type '\(k)'; known: \(refs.unitKinds.sorted().joined(separator: ", "))")
            }
            if let n = y.int(v, "\(what).\(k)") {
                if n < 1 || n > 50 { y.error(v, "\(what).\(k) must be 1…50 units, not \(n)") } else { out[k] = n }
            }
        }
        return out
    }

    func facts(_ node: Node?, _ what: String) -> [String] {
        y.pairs(node, what).compactMap { k, keyNode, v in
            if let refs, !refs.factExists(k) { y.error(keyNode, "\(what): unknown fact '\(k)' (see Plans/facts.yaml)") }
            guard let text = y.string(v, "\(what).\(k)") else { return nil }
            return "\(k)=\(text)"
        }
    }

    func incidentType(_ node: Node?, _ what: String) -> String? {
        guard let node, let t = y.string(node, what) else { return nil }
        if let refs, !refs.incidentTypeExists(t) { y.error(node, "\(what): unknown incident type '\(t)' (see Plans/incident_types.yaml)") }
        return t
    }

    func roster(_ node: Node?) -> [RosterChange] {
        y.sequence(node, "roster").compactMap { n in
            guard let m = y.mapping(n, "a roster change", allowed: ["station_closed", "units_lent", "from", "to", "reason"]) else { return nil }
            let (from, to) = interval(m, "roster change")
            let reason = y.string(m["reason"], "reason") ?? ""
            if let s = m["station_closed"], let id = y.string(s, "station_closed") {
                if let refs {
                    if let layer = refs.layerOfFeature(id) { if layer != "facilities" { y.error(s, "station_closed: '\(id)' is in \(layer), not facilities") } }
                    else { y.error(s, "station_closed: no facility '\(id)' in the store") }
                }
                return RosterChange(what: .stationClosed(id), from: from, to: to, reason: reason, location: y.location(n))
            }
            if m["units_lent"] != nil {
                let ids = y.strings(m["units_lent"], "units_lent").map { id, node in
                    if let refs, !refs.unitExists(id) { y.error(node, "units_lent: no unit '\(id)' in the store") }
                    return id
                }
                return RosterChange(what: .unitsLent(ids), from: from, to: to, reason: reason, location: y.location(n))
            }
            y.error(n, "a roster change needs station_closed: FACILITY or units_lent: [UNIT …]")
            return nil
        }
    }

    func weather(_ node: Node?) -> [WeatherPeriod] {
        let periods: [WeatherPeriod] = y.sequence(node, "weather").compactMap { n in
            guard let m = y.mapping(n, "a weather period", allowed: ["from", "to", "condition", "speed_factor", "call_factor"],
                                    required: ["condition"]) else { return nil }
            let (from, to) = interval(m, "weather")
            let speed = m["speed_factor"].flatMap { positive($0, "speed_factor", max: 2) } ?? 1
            let calls = m["call_factor"].flatMap { positive($0, "call_factor", max: 20) } ?? 1
            return WeatherPeriod(from: from, to: to, condition: y.string(m["condition"], "condition") ?? "", speedFactor: speed, callFactor: calls)
        }
        for (a, b) in zip(periods, periods.dropFirst()) where b.from < a.to {
            y.error(node, "weather periods overlap or are out of order (one ends \(a.to), the next starts \(b.from)); list them in time order")
        }
        return periods
    }

    func closures(_ node: Node?) -> [RoadClosure] {
        y.sequence(node, "road_closures").compactMap { n in
            guard let m = y.mapping(n, "a road closure", allowed: ["road", "from", "to", "reason"], required: ["road"]),
                  let road = y.string(m["road"], "road") else { return nil }
            if let refs {
                if let layer = refs.layerOfFeature(road) { if layer != "roads" { y.error(m["road"], "road: '\(road)' is in \(layer), not roads") } }
                else { y.error(m["road"], "road: no road '\(road)' in the store") }
            }
            let (from, to) = interval(m, "road closure")
            return RoadClosure(road: road, from: from, to: to, reason: y.string(m["reason"], "reason") ?? "", location: y.location(n))
        }
    }

    func injects(_ node: Node?) -> [Inject] {
        var last = -Double.infinity
        return y.sequence(node, "injects").compactMap { n in
            guard let m = y.mapping(n, "an inject", allowed: ["at", "type", "place", "facts", "release", "updates", "on_scene", "note"],
                                    required: ["at", "type", "place"]) else { return nil }
            let at = timeInPeriod(m["at"], "at") ?? start
            if at < last { y.error(m["at"], "injects must be in time order: this one is before the previous one") }
            last = max(last, at)
            let type = incidentType(m["type"], "type") ?? ""
            let where_ = place(m["place"], "place") ?? .coordinate(Coordinate(longitude: 0, latitude: 0))
            var release: Inject.Release?
            if let r = y.mapping(m["release"], "release", allowed: ["substance", "rate_kg_s", "wind_from_deg", "wind_ms", "stability"],
                                 required: ["substance", "rate_kg_s", "wind_from_deg", "wind_ms"]) {
                let wind = r["wind_from_deg"].flatMap { y.double($0, "wind_from_deg") } ?? 0
                if !(0...360).contains(wind) { y.error(r["wind_from_deg"], "wind_from_deg is a compass bearing 0…360") }
                release = Inject.Release(substance: y.string(r["substance"], "substance") ?? "",
                                         rateKilogramsPerSecond: positive(r["rate_kg_s"], "rate_kg_s", max: 100_000) ?? 1,
                                         windFromDegrees: wind, windMetresPerSecond: positive(r["wind_ms"], "wind_ms", max: 50) ?? 1,
                                         stability: y.string(r["stability"], "stability"))
                if let s = release?.stability, !["A", "B", "C", "D", "E", "F"].contains(s) {
                    y.error(r["stability"], "stability is a Pasquill class A…F, not '\(s)'")
                }
            }
            var updates: [(Double, [String])] = []
            for u in y.sequence(m["updates"], "updates") {
                guard let um = y.mapping(u, "an update", allowed: ["after_min", "facts"], required: ["after_min", "facts"]) else { continue }
                if let a = positive(um["after_min"], "after_min", max: 100_000) { updates.append((a, facts(um["facts"], "facts"))) }
            }
            return Inject(at: at, type: type, place: where_, facts: facts(m["facts"], "facts"), release: release, updates: updates,
                          onScene: m["on_scene"].flatMap { duration($0, "on_scene") }, location: y.location(n))
        }
    }

    func profiles(_ node: Node?) -> CallProfileTable? {
        guard let node, let path = y.string(node, "profiles") else { return nil }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        do {
            return try CallProfileTable.parse(String(contentsOf: url, encoding: .utf8), file: url.path)
        } catch {
            y.error(node, "profiles: cannot read \(url.path): \(error)")
            return nil
        }
    }

    func streams(_ node: Node?, _ table: CallProfileTable?) -> [BackgroundStream] {
        var names: Set<String> = []
        return y.sequence(node, "background").compactMap { n in
            guard let m = y.mapping(n, "a background stream", allowed: ["name", "type", "profile", "per_day", "where", "units", "on_scene"],
                                    required: ["name", "per_day"]) else { return nil }
            let name = y.string(m["name"], "name") ?? ""
            if !names.insert(name).inserted { y.error(m["name"], "two background streams named '\(name)'") }
            let type = incidentType(m["type"], "type")
            let profile = y.string(m["profile"], "profile")
            if let profile, let p = m["profile"] {
                if table == nil { y.error(p, "profile '\(profile)' needs a profiles: table at the top of the scenario") }
                else if table?.profile(profile) == nil {
                    y.error(p, "no profile '\(profile)' in the profiles table; known: \(table!.calls.keys.sorted().joined(separator: ", "))")
                }
            }
            let perDay = positive(m["per_day"], "per_day (calls per day)", max: 100_000) ?? 1
            var spatial = BackgroundStream.Spatial.population
            if let w = y.mapping(m["where"], "where", allowed: ["by", "layer", "kind"], required: ["by"]) {
                switch y.string(w["by"], "where.by") {
                case "population": spatial = .population
                case "layer":
                    guard let layer = y.string(w["layer"], "where.layer") else { y.error(m["where"], "where: by: layer needs layer: NAME"); break }
                    let kind = y.string(w["kind"], "where.kind")
                    if let refs {
                        switch refs.featureCount(layer: layer, kind: kind) {
                        case nil: y.error(w["layer"], "where.layer: no layer '\(layer)' in the store")
                        case 0?: y.error(w["kind"] ?? w["layer"], "where: the store has no \(kind.map { "'\($0)' " } ?? "")features in \(layer) to place calls at")
                        default: break
                        }
                    }
                    spatial = .layer(layer, kind: kind)
                case let other?: y.error(w["by"], "where.by must be population or layer, not '\(other)'")
                case nil: break
                }
            }
            let units = unitKinds(m["units"], "units")
            if type == nil, units.isEmpty { y.error(n, "background stream '\(name)' needs a type (plans and run cards say what to send) or units: {TYPE: COUNT}") }
            return BackgroundStream(name: name, type: type, profile: profile, shape: profile.flatMap { table?.profile($0) } ?? .flat, perDay: perDay, spatial: spatial, units: units,
                                    onScene: m["on_scene"].flatMap { duration($0, "on_scene") }, location: y.location(n))
        }
    }

    func sensors(_ node: Node?) -> [SensorReplay] {
        y.sequence(node, "sensors").compactMap { n in
            guard let m = y.mapping(n, "a sensor replay", allowed: ["file", "fact", "unit", "place", "open"], required: ["file", "fact", "unit", "place"]),
                  let file = y.string(m["file"], "file"), let fact = y.string(m["fact"], "fact") else { return nil }
            if let refs, !refs.factExists(fact) { y.error(m["fact"], "fact: unknown fact '\(fact)' (see Plans/facts.yaml)") }
            var openType: String?, above: Double?
            if let o = y.mapping(m["open"], "open", allowed: ["type", "above"], required: ["type", "above"]) {
                openType = incidentType(o["type"], "open.type")
                above = o["above"].flatMap { y.double($0, "open.above") }
            }
            let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : folder.appendingPathComponent(file)
            var readings: [(Double, Double)] = []
            if let text = try? String(contentsOf: url, encoding: .utf8) {
                for (i, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("#") && !line.hasPrefix("time,") {
                    let f = line.split(separator: ",")
                    guard f.count >= 2, let t = ScenarioReader.parseTime(String(f[0])), let v = Double(f[1].trimmingCharacters(in: .whitespaces)) else {
                        y.error(m["file"], "\(url.lastPathComponent) line \(i + 1): expected time,value with an ISO 8601 time — got '\(line)'")
                        break
                    }
                    if let last = readings.last, t < last.0 { y.error(m["file"], "\(url.lastPathComponent) line \(i + 1): readings out of time order"); break }
                    readings.append((t, v))
                }
            } else {
                y.error(m["file"], "file: cannot read \(url.path)")
            }
            return SensorReplay(file: url.path, fact: fact, unit: y.string(m["unit"], "unit") ?? "",
                                place: place(m["place"], "place") ?? .coordinate(Coordinate(longitude: 0, latitude: 0)),
                                openType: openType, openAbove: above, readings: readings, location: y.location(n))
        }
    }

    func standards(_ node: Node?) -> [CoverageTarget] {
        y.sequence(node, "standards").compactMap { n in
            guard let m = y.mapping(n, "a standard", allowed: ["name", "units", "within_min", "share", "source"], required: ["name", "units", "within_min"]) else { return nil }
            let kinds = y.strings(m["units"], "units").map { k, node in
                if let refs, !refs.unitKinds.contains(k) { y.error(node, "units: unknown unit type '\(k)'") }
                return k
            }
            let share = m["share"].flatMap { positive($0, "share", max: 1) } ?? 0.9
            return CoverageTarget(name: y.string(m["name"], "name") ?? "", unitKinds: kinds,
                                  seconds: (positive(m["within_min"], "within_min", max: 600) ?? 8) * 60, share: share,
                                  source: y.string(m["source"], "source") ?? "")
        }
    }
}
