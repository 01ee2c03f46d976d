import Foundation
import RuleEngine
import SpatialCore
import SpatialStore

/// Turnout times by unit type (alert to wheels rolling), seconds: NFPA 1710's 60 s EMS / 80 s fire (DOMAIN.md).
public struct TurnoutTimes: Sendable {
    public var secondsByKind: [String: Double]
    /// For a type not in the table, seconds.
    public var otherSeconds: Double

    public static let nfpa1710 = TurnoutTimes(
        secondsByKind: ["ambulance": 60, "engine": 80, "ladder": 80, "hazmat": 80, "rescue": 80, "police": 60, "repair_crew": 80],
        otherSeconds: 80)

    public init(secondsByKind: [String: Double], otherSeconds: Double) {
        self.secondsByKind = secondsByKind
        self.otherSeconds = otherSeconds
    }

    public func seconds(_ kind: String) -> Double { secondsByKind[kind] ?? otherSeconds }
}

/// Where a candidate's drive starts.
public enum DispatchOrigin: Sendable, Equatable {
    /// A fresh AVL position, `ageSeconds` old.
    case avl(ageSeconds: Double)
    /// The home station: the AVL position is missing or older than the freshness limit (`staleSeconds`, nil when none).
    case homeStation(name: String, staleSeconds: Double?)

    public var description: String {
        switch self {
        case let .avl(age): "from AVL position (\(Int(age)) s old)"
        case let .homeStation(name, stale): "from home station \(name)" + (stale.map { " (AVL \(Int($0)) s old, stale)" } ?? "")
        }
    }
}

/// One available unit ranked for an incident.
public struct DispatchOption: Sendable {
    public let unit: UnitRecord
    public let origin: DispatchOrigin
    public let start: Coordinate
    public let turnoutSeconds: Double
    /// Road travel time from `start`, seconds; infinity when no route (see `note`).
    public let driveSeconds: Double
    public var etaSeconds: Double { turnoutSeconds + driveSeconds }
    public let note: String?
}

/// The units to send to one incident and why each one.
public struct DispatchRecommendation: Sendable {
    public struct Pick: Sendable {
        public let option: DispatchOption
        /// "E021: ETA 3 min 40 s from home station 演练消防站02 (turnout 80 s + drive 2 min 20 s); next best E111: 5 min 10 s".
        public let reason: String
    }
    public let incidentID: String
    public let target: Coordinate
    /// Unit type → count required, and where the figures came from.
    public let required: [String: Int]
    public let requirementSource: String
    /// Unit type → count already assigned (open assignments), subtracted from `required`.
    public let alreadyAssigned: [String: Int]
    public let picks: [Pick]
    /// Unit type → count that no available unit could fill.
    public let shortfall: [String: Int]
    /// Every available candidate of a required type, fastest first per type.
    public let ranked: [String: [DispatchOption]]
    /// Closures and speed factors in force when ranking.
    public let overridesInForce: [String]
    /// Milliseconds spent in the one many-to-one road search.
    public let searchMilliseconds: Double
}

/// Recommends units for an incident: requirements from its dispatch tasks (else the run card), candidates
/// ranked by turnout plus road travel time from a fresh AVL position or else the home station, all in one
/// many-to-one search on the reversed road graph (live closures count).
public struct DispatchAdvisor {
    public let store: CityStore
    public let roads: RoadService
    public var turnout = TurnoutTimes.nfpa1710
    /// An AVL position older than this is not trusted; the unit is ranked from its home station. Seconds.
    public var freshSeconds = 120.0

    public init(store: CityStore, roads: RoadService) {
        self.store = store
        self.roads = roads
    }

    /// The recommendation for `incidentID` at time `now`; `library` supplies the run card when no dispatch task names units.
    public func recommend(incidentID: String, library: PlanLibrary? = nil, now: Date = Date()) throws -> DispatchRecommendation {
        let (incident, state) = try IncidentLifecycle.incident(store, incidentID)
        guard state != .closed else { throw IncidentError("incident \(incidentID) is closed; reopen it first") }
        guard let target = incident.geometry.representativePoint else { throw IncidentError("incident \(incidentID) has no location") }
        let (required, source) = try requirement(incident, library: library)
        let open = try store.assignments(incidentID: incidentID)
        var assigned: [String: Int] = [:]
        for a in open { if let u = try store.unit(a.unitID) { assigned[u.kind, default: 0] += 1 } }
        var need = required
        for (k, n) in assigned { need[k] = max(0, (need[k] ?? 0) - n) }
        need = need.filter { $0.value > 0 }

        let candidates = try store.units(status: UnitStatus.available.rawValue).filter { need[$0.kind] != nil }
        var starts: [(UnitRecord, DispatchOrigin, Coordinate)] = []
        var homes: [String: Feature?] = [:]
        for u in candidates {
            let age = u.positionAt.flatMap(Self.parseTime).map { now.timeIntervalSince($0) }
            if let age, age <= freshSeconds {
                starts.append((u, .avl(ageSeconds: max(0, age)), u.position))
                continue
            }
            if homes[u.homeFacility] == nil { homes[u.homeFacility] = try store.feature(id: u.homeFacility) }
            let home = homes[u.homeFacility] ?? nil
            starts.append((u, .homeStation(name: home?.name ?? u.homeFacility, staleSeconds: age),
                           home?.geometry.representativePoint ?? u.position))
        }
        let clock = ContinuousClock()
        var times: [DispatchCandidate] = []
        let elapsed = try clock.measure {
            times = try roads.fastest(from: starts.map { (id: $0.0.id, at: $0.2) }, to: target)
        }
        let byID = Dictionary(times.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var ranked: [String: [DispatchOption]] = [:]
        for (u, origin, start) in starts {
            let t = byID[u.id]
            ranked[u.kind, default: []].append(DispatchOption(unit: u, origin: origin, start: start, turnoutSeconds: turnout.seconds(u.kind),
                                                              driveSeconds: t?.travelSeconds ?? .infinity, note: t?.note))
        }
        for k in ranked.keys { ranked[k]!.sort { ($0.etaSeconds, $0.unit.id) < ($1.etaSeconds, $1.unit.id) } }

        var picks: [DispatchRecommendation.Pick] = [], shortfall: [String: Int] = [:]
        for kind in need.keys.sorted() {
            let n = need[kind]!
            let options = (ranked[kind] ?? []).filter { $0.etaSeconds.isFinite }
            for o in options.prefix(n) {
                let next = options.count > n ? options[n] : nil
                picks.append(.init(option: o, reason: Self.reason(o, nextBest: next)))
            }
            if options.count < n { shortfall[kind] = n - options.count }
        }
        picks.sort { ($0.option.etaSeconds, $0.option.unit.id) < ($1.option.etaSeconds, $1.option.unit.id) }
        return DispatchRecommendation(incidentID: incidentID, target: target, required: required, requirementSource: source,
                                      alreadyAssigned: assigned, picks: picks, shortfall: shortfall, ranked: ranked,
                                      overridesInForce: roads.appliedOverrides.map { "#\($0.overrideID) \($0.summary)" },
                                      searchMilliseconds: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }

    /// Unit type → count: the sum of the incident's dispatch tasks as stored when its plans fired, else the
    /// run card for its district, type and call hour (China time), else nothing.
    func requirement(_ incident: Feature, library: PlanLibrary?) throws -> ([String: Int], String) {
        var units: [String: Int] = [:], tasks: [String] = []
        for e in try store.incidentEvents(incident.id) where e.kind == "task" {
            let fields = e.text.components(separatedBy: " | ")
            guard fields.first?.contains(" dispatch:") == true, let list = fields.first(where: { $0.hasPrefix("units ") }) else { continue }
            for item in list.dropFirst(6).split(separator: " ") {
                let parts = item.split(separator: "×")
                if parts.count == 2, let n = Int(parts[1]) { units[String(parts[0]), default: 0] += n }
            }
            tasks.append(String(fields[0].prefix(while: { $0 != " " })))
        }
        if !units.isEmpty { return (units, "dispatch tasks " + tasks.joined(separator: ", ")) }
        guard let library, let type = incident.properties["type_code"]?.textValue,
              let called = (incident.properties["called_at"]?.textValue).flatMap(Self.parseTime),
              let at = incident.geometry.representativePoint else { return ([:], "no dispatch task and no run card") }
        var china = Calendar(identifier: .gregorian)
        china.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = china.dateComponents([.hour, .minute], from: called)
        let districts = PlanSpatialFacts(store: store).districts(at: at)
        guard let card = library.runCards.requirement(typeCode: type, districts: districts, minuteOfDay: (c.hour ?? 0) * 60 + (c.minute ?? 0)) else {
            return ([:], "no dispatch task and no run card for type \(type)")
        }
        return (card.units, "run card \(card.area) × \(card.typePrefix): \(card.note)")
    }

    /// "E021: ETA 3 min 40 s from home station 演练消防站02 (turnout 80 s + drive 2 min 20 s); next best E111: 5 min 10 s".
    static func reason(_ o: DispatchOption, nextBest: DispatchOption?) -> String {
        "\(o.unit.name): ETA \(duration(o.etaSeconds)) \(o.origin.description) (turnout \(Int(o.turnoutSeconds)) s + drive \(duration(o.driveSeconds)))"
            + (nextBest.map { "; next best \($0.unit.name): \(duration($0.etaSeconds))" } ?? "; no other \(o.unit.kind) available")
    }

    /// "3 min 40 s", "45 s".
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "no route" }
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s) s" : "\(s / 60) min \(s % 60) s"
    }

    static func parseTime(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)
    }
}
