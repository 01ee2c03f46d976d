import Foundation
import SpatialCore
import SpatialStore

/// One response-time standard: the interval between two incident timestamps and the limit it must meet at the
/// 90th percentile (DOMAIN.md: KPIs are reported at the 90th percentile and name their two timestamps).
public struct ResponseStandard: Sendable, Hashable, Codable {
    public let key: String
    public let nameZh: String
    public let nameEn: String
    /// `incidents` timestamp columns the interval runs between.
    public let fromColumn: String
    public let toColumn: String
    public let limitSeconds: Double
    /// Where the limit comes from.
    public let source: String

    public init(key: String, nameZh: String, nameEn: String, fromColumn: String, toColumn: String, limitSeconds: Double, source: String) {
        self.key = key
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.fromColumn = fromColumn
        self.toColumn = toColumn
        self.limitSeconds = limitSeconds
        self.source = source
    }

    /// The four intervals the dashboard shows, with DOMAIN.md's standards. Incident columns hold the first unit's
    /// times (`turnout_at` and `en_route_at` are stamped when the first unit reports en route).
    public static let defaults: [ResponseStandard] = [
        ResponseStandard(key: "processing", nameZh: "接警→派遣", nameEn: "call → dispatch", fromColumn: "called_at", toColumn: "dispatched_at",
                         limitSeconds: 60, source: "NFPA 1225: processing 60 s at the 90th percentile"),
        ResponseStandard(key: "turnout", nameZh: "出动", nameEn: "turnout", fromColumn: "dispatched_at", toColumn: "turnout_at",
                         limitSeconds: 80, source: "NFPA 1710: turnout 80 s fire (60 s EMS) at the 90th percentile"),
        ResponseStandard(key: "travel", nameZh: "途中", nameEn: "en route", fromColumn: "en_route_at", toColumn: "on_scene_at",
                         limitSeconds: 240, source: "NFPA 1710: travel 240 s first engine at the 90th percentile"),
        ResponseStandard(key: "response", nameZh: "派遣→到场", nameEn: "dispatch → on scene", fromColumn: "dispatched_at", toColumn: "on_scene_at",
                         limitSeconds: 300, source: "建标152-2017: on scene within 5 min of the turnout order"),
    ]
}

/// Time limits for closing a case (结案时限), by response level, in hours. Configurable data (verify locally):
/// city-management systems set them per event class; Beacon's incidents carry a level, so the limit follows it.
public struct CaseTimeLimits: Sendable, Hashable, Codable {
    /// Hours by level name (`I` … `IV`).
    public var hours: [String: Double]

    public init(hours: [String: Double]) { self.hours = hours }

    /// Ⅰ 72 h, Ⅱ 48 h, Ⅲ 24 h, Ⅳ 12 h (verify: exercise defaults, not a national figure).
    public static let defaults = CaseTimeLimits(hours: ["I": 72, "II": 48, "III": 24, "IV": 12])

    /// Parses `I=72,II=48,III=24,IV=12` over the defaults; the error names the bad item.
    public init(parsing text: String) throws {
        var hours = Self.defaults.hours
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, ["I", "II", "III", "IV"].contains(parts[0].uppercased()), let h = Double(parts[1]), h > 0 else {
                throw IncidentError("closure limit '\(item)' is not LEVEL=HOURS with LEVEL one of I, II, III, IV (e.g. III=24)")
            }
            hours[parts[0].uppercased()] = h
        }
        self.hours = hours
    }

    /// The limit for a level in seconds; an unknown level gets the Ⅳ limit.
    public func seconds(level: String) -> Double { (hours[level] ?? hours["IV"] ?? 12) * 3600 }
}

/// KPI figures over the incidents in a window and a district: counts, response intervals at the 90th percentile
/// against their standards, and the city-management case KPIs. Every figure the dashboard shows comes from here.
public struct IncidentKPIReport: Sendable, Codable {
    public struct TypeCount: Sendable, Codable, Hashable {
        public let code: String
        public let nameZh: String
        public let nameEn: String
        public let count: Int
    }
    public struct LevelCount: Sendable, Codable, Hashable {
        /// `I` … `IV`.
        public let level: String
        public let count: Int
        /// Of them, not closed.
        public let active: Int
    }
    /// One interval's figures. `p90Seconds` is the nearest-rank 90th percentile (the ⌈0.9·n⌉-th smallest).
    public struct Interval: Sendable, Codable, Hashable {
        public let standard: ResponseStandard
        /// Incidents with both timestamps (and the second not before the first).
        public let samples: Int
        /// Incidents with both timestamps but the second before the first (a clock or data error), left out.
        public let invalid: Int
        public let p90Seconds: Double?
        public let medianSeconds: Double?
        /// Incidents within the limit.
        public let withinLimit: Int
        /// Whether the 90th percentile meets the limit; nil without samples.
        public var meetsStandard: Bool? { p90Seconds.map { $0 <= standard.limitSeconds } }
        /// Share of samples within the limit (0…1); nil without samples.
        public var compliance: Double? { samples == 0 ? nil : Double(withinLimit) / Double(samples) }
    }
    /// The city-management case KPIs (数字化城管: 结案率, 按期结案率, 返工率, 延期率) over Beacon's incidents.
    ///
    /// - A case is an incident called in the window. Its time limit runs from `called_at` for
    ///   ``CaseTimeLimits`` hours of its current level.
    /// - **Due** (应结案): closed, or open with its limit passed at `asOf`.
    /// - **Closed** (结案): state `closed` at `asOf`; the closing time is the last `→ closed` state event.
    /// - **结案率** closure rate = closed ÷ due.
    /// - **按期结案率** on-time closure rate = closed at or before the limit ÷ due.
    /// - **返工率** rework rate = cases reopened after a closure (an incident event `reopened`, the analogue of a
    ///   case failing 核查 and going back to 处理) ÷ cases ever closed (`cleared_at` set; it keeps the first close).
    /// - **延期率** extension rate = due cases that ran past their limit (closed late, or still open after it) ÷ due.
    ///   The store records no extension approvals, so every overrun counts as an extension; with approvals recorded,
    ///   only approved ones would. Until then 按期结案率 + 延期率 = 100 % of due cases by construction.
    /// Rates are nil when their denominator is zero.
    public struct Cases: Sendable, Codable, Hashable {
        public let registered: Int
        public let due: Int
        public let closed: Int
        public let closedOnTime: Int
        public let everClosed: Int
        public let reworked: Int
        public let extended: Int
        public var closureRate: Double? { Self.rate(closed, due) }
        public var onTimeRate: Double? { Self.rate(closedOnTime, due) }
        public var reworkRate: Double? { Self.rate(reworked, everClosed) }
        public var extensionRate: Double? { Self.rate(extended, due) }
        static func rate(_ a: Int, _ b: Int) -> Double? { b == 0 ? nil : Double(a) / Double(b) }
    }

    public let district: String?
    /// Window of call times, ISO 8601; nil = open-ended.
    public let from: String?
    public let to: String?
    /// The time limits and open cases are judged at.
    public let asOf: String
    public let total: Int
    /// Incidents not closed.
    public let active: Int
    public let byType: [TypeCount]
    public let byLevel: [LevelCount]
    public let intervals: [Interval]
    public let cases: Cases
    public let limits: CaseTimeLimits

    /// Pretty JSON with sorted keys, rates as fractions (0…1) and seconds as numbers.
    public func json() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var object = try JSONSerialization.jsonObject(with: e.encode(self)) as! [String: Any]
        var cases = object["cases"] as! [String: Any]
        cases["closureRate"] = self.cases.closureRate ?? NSNull()
        cases["onTimeRate"] = self.cases.onTimeRate ?? NSNull()
        cases["reworkRate"] = self.cases.reworkRate ?? NSNull()
        cases["extensionRate"] = self.cases.extensionRate ?? NSNull()
        object["cases"] = cases
        object["intervals"] = (object["intervals"] as! [[String: Any]]).enumerated().map { i, v in
            var v = v
            v["meetsStandard"] = intervals[i].meetsStandard ?? NSNull()
            v["compliance"] = intervals[i].compliance ?? NSNull()
            return v
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

/// Computes ``IncidentKPIReport`` from the store's `incidents`, `incident_events` and their timestamps.
/// O(incidents + their events); one events query per incident.
public enum IncidentKPIs {
    public static func compute(store: CityStore, scope: DistrictScope = .city, from: Date? = nil, to: Date? = nil,
                               asOf: Date = Date(), limits: CaseTimeLimits = .defaults,
                               standards: [ResponseStandard] = ResponseStandard.defaults) throws -> IncidentKPIReport {
        let asOf = min(asOf, to ?? asOf)
        let incidents = try selected(store: store, scope: scope, from: from, to: to)

        var types: [String: (zh: String, en: String, n: Int)] = [:]
        var levels: [String: (n: Int, active: Int)] = [:]
        var active = 0
        for f in incidents {
            let code = f.properties["type_code"]?.textValue ?? f.kind
            let (zh, en) = splitName(f.name ?? code)
            types[code, default: (zh, en, 0)].n += 1
            let level = f.properties["level"]?.textValue ?? "IV"
            let open = (f.properties["state"]?.textValue ?? "received") != "closed"
            levels[level, default: (0, 0)].n += 1
            if open { levels[level, default: (0, 0)].active += 1; active += 1 }
        }

        let intervals = standards.map { s -> IncidentKPIReport.Interval in
            var values: [Double] = [], invalid = 0
            for f in incidents {
                guard let a = time(f, s.fromColumn), let b = time(f, s.toColumn) else { continue }
                if b < a { invalid += 1 } else { values.append(b - a) }
            }
            values.sort()
            return .init(standard: s, samples: values.count, invalid: invalid, p90Seconds: percentile(values, 0.9),
                         medianSeconds: percentile(values, 0.5), withinLimit: values.filter { $0 <= s.limitSeconds }.count)
        }

        let now = asOf.timeIntervalSince1970
        var due = 0, closed = 0, onTime = 0, everClosed = 0, reworked = 0, extended = 0
        for f in incidents {
            guard let called = time(f, "called_at") else { continue }
            let limitAt = called + limits.seconds(level: f.properties["level"]?.textValue ?? "IV")
            let isClosed = f.properties["state"]?.textValue == "closed"
            let events = try store.incidentEvents(f.id)
            if events.contains(where: { $0.kind == "reopened" }) { reworked += 1 }
            if time(f, "cleared_at") != nil { everClosed += 1 }
            guard isClosed || now >= limitAt else { continue }
            due += 1
            if isClosed {
                closed += 1
                let closedAt = events.last { $0.kind == "state" && $0.text.contains("→ closed") }.flatMap { parseTime($0.at) } ?? time(f, "cleared_at") ?? now
                if closedAt <= limitAt { onTime += 1 } else { extended += 1 }
            } else {
                extended += 1
            }
        }

        return IncidentKPIReport(
            district: scope.districtID, from: from.map(iso), to: to.map(iso), asOf: iso(asOf), total: incidents.count, active: active,
            byType: types.map { .init(code: $0.key, nameZh: $0.value.zh, nameEn: $0.value.en, count: $0.value.n) }
                .sorted { ($0.count, $1.code) > ($1.count, $0.code) },
            byLevel: ["I", "II", "III", "IV"].map { .init(level: $0, count: levels[$0]?.n ?? 0, active: levels[$0]?.active ?? 0) },
            intervals: intervals,
            cases: .init(registered: incidents.count, due: due, closed: closed, closedOnTime: onTime, everClosed: everClosed,
                         reworked: reworked, extended: extended),
            limits: limits)
    }

    /// Incidents called in `[from, to)` and inside the scope, newest first.
    public static func selected(store: CityStore, scope: DistrictScope, from: Date?, to: Date?) throws -> [Feature] {
        try store.incidents().filter { f in
            guard let p = f.geometry.representativePoint, scope.contains(p) else { return false }
            guard from != nil || to != nil else { return true }
            guard let t = time(f, "called_at") else { return false }
            return t >= (from?.timeIntervalSince1970 ?? -.infinity) && t < (to?.timeIntervalSince1970 ?? .infinity)
        }
    }

    /// Nearest-rank percentile of sorted values (`q` in 0…1); nil when empty.
    public static func percentile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, Int((q * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }

    /// `燃气管道泄漏 gas pipeline leak` → (`燃气管道泄漏`, `gas pipeline leak`).
    static func splitName(_ name: String) -> (String, String) {
        guard let space = name.firstIndex(of: " ") else { return (name, name) }
        return (String(name[..<space]), String(name[name.index(after: space)...]))
    }

    /// An incident timestamp column as seconds since 1970.
    public static func time(_ f: Feature, _ column: String) -> Double? {
        f.properties[column].flatMap { parseTime($0.textValue) }
    }

    /// Seconds since 1970 of ISO 8601 text, with or without fractional seconds; nil when unreadable.
    public static func parseTime(_ text: String) -> Double? {
        let f = ISO8601DateFormatter()
        if let d = f.date(from: text) { return d.timeIntervalSince1970 }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)?.timeIntervalSince1970
    }

    /// ISO 8601 text, whole seconds, China time.
    static func iso(_ d: Date) -> String { IncidentOpening.iso(d.timeIntervalSince1970.rounded(.down)) }

    /// `83.3 %`, or `—` when there is nothing to divide: the one format the CLI and the pages share.
    public static func percent(_ share: Double?) -> String {
        share.map { String(format: "%.1f %%", $0 * 100) } ?? "—"
    }

    /// `1:25` (minutes:seconds), or `—`: the one format the CLI and the pages share.
    public static func duration(_ seconds: Double?) -> String {
        guard let s = seconds else { return "—" }
        let whole = Int(s.rounded())
        return whole >= 3600 ? String(format: "%d:%02d:%02d", whole / 3600, whole / 60 % 60, whole % 60)
            : String(format: "%d:%02d", whole / 60, whole % 60)
    }
}
