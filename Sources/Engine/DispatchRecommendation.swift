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

/// One incident's recommendation with what the store said: requirement source, units already assigned,
/// the run order in force and the road overrides.
public struct DispatchRecommendation: Sendable {
    public let incidentID: String
    public let result: DispatchResult
    /// Unit type → count required (before subtracting units already assigned), and where the figures came from.
    public let required: [String: Int]
    public let requirementSource: String
    /// Unit type → count already assigned (open assignments), subtracted from the needs.
    public let alreadyAssigned: [String: Int]
    /// The zone run order of the incident's district, when the city keeps one.
    public let runOrder: ZoneRunOrder?
    /// Closures and speed factors in force when ranking.
    public let overridesInForce: [String]

    public var target: Coordinate { result.target }
    public var picks: [DispatchResult.Pick] { result.picks }
    public var shortfall: [String: Int] { result.shortfall }
    public var ranked: [String: [DispatchOption]] { result.ranked }
    public var searchMilliseconds: Double { result.searchMilliseconds }
}

/// The dispatcher over a city store: reads the incident (requirement from its dispatch tasks, else the run
/// card; capabilities from Plans/dispatch_capabilities.csv; the zone run order of its district), the units
/// (fresh AVL position else home station) and hands them to ``DispatchCore``.
public struct DispatchAdvisor {
    public let store: CityStore
    public let model: any TravelTimeModel
    public var turnout = TurnoutTimes.nfpa1710
    /// An AVL position older than this is not trusted; the unit is ranked from its home station. Seconds.
    public var freshSeconds = 120.0
    public var capabilities: CapabilityRequirements?
    public var runOrders: ZoneRunOrders?
    /// Time every candidate instead of stopping once enough are known.
    public var rankAll = false
    public var weights = LevelWeights.doubling

    public init(store: CityStore, model: any TravelTimeModel) {
        self.store = store
        self.model = model
    }

    /// On the store's road network (``RoadTravelTimes``: bounded searches, cached snapping).
    public init(store: CityStore, roads: RoadService) {
        self.init(store: store, model: RoadTravelTimes(roads: roads))
    }

    var core: DispatchCore {
        var c = DispatchCore(model: model)
        c.rankAll = rankAll
        c.weights = weights
        return c
    }

    /// Overrides the road model applied ("#3 closed 南京东路 (12 edges)"); none for other models.
    public var overridesInForce: [String] {
        let roads = (model as? RoadTravelTimes)?.roads
        return roads?.appliedOverrides.map { "#\($0.overrideID) \($0.summary)" } ?? []
    }

    /// The recommendation for `incidentID` at time `now`; `library` supplies the run card when no dispatch task names units.
    public func recommend(incidentID: String, library: PlanLibrary? = nil, now: Date = Date()) throws -> DispatchRecommendation {
        let units = try dispatchUnits(now: now)
        let (request, required, source, assigned) = try request(incidentID: incidentID, library: library, units: units)
        return DispatchRecommendation(incidentID: incidentID, result: try core.recommend(request, units: units), required: required,
                                      requirementSource: source, alreadyAssigned: assigned, runOrder: request.runOrder,
                                      overridesInForce: overridesInForce)
    }

    /// Several incidents assigned together (``DispatchCore/plan(_:units:)``).
    public func plan(incidentIDs: [String], library: PlanLibrary? = nil, now: Date = Date()) throws -> DispatchPlan {
        let units = try dispatchUnits(now: now)
        return try core.plan(try incidentIDs.map { try request(incidentID: $0, library: library, units: units).request }, units: units)
    }

    /// Open incidents that may still need units (graded, dispatched, on scene), oldest call first.
    public func openIncidentIDs() throws -> [String] {
        try store.incidents(states: ["received", "graded", "dispatched", "on_scene"]).reversed().map(\.id)
    }

    /// Every unit of the store as the core sees it: start at a fresh AVL fix, else at the home station.
    public func dispatchUnits(now: Date) throws -> [DispatchUnit] {
        var homes: [String: Feature?] = [:]
        return try store.units().map { u in
            let age = u.positionAt.flatMap(Self.parseTime).map { now.timeIntervalSince($0) }
            var start = u.position, origin = DispatchOrigin.avl(ageSeconds: max(0, age ?? 0))
            if age == nil || age! > freshSeconds {
                if homes[u.homeFacility] == nil { homes[u.homeFacility] = try store.feature(id: u.homeFacility) }
                let home = homes[u.homeFacility] ?? nil
                origin = .homeStation(name: home?.name ?? u.homeFacility, staleSeconds: age)
                start = home?.geometry.representativePoint ?? u.position
            }
            return DispatchUnit(id: u.id, name: u.name, kind: u.kind, capabilities: Set(u.capabilities), status: u.status, start: start,
                                origin: origin, homeStation: u.homeFacility.isEmpty ? nil : u.homeFacility, turnoutSeconds: turnout.seconds(u.kind))
        }
    }

    /// The core's request for one incident: needs (minus units already assigned), level, run order, call time.
    func request(incidentID: String, library: PlanLibrary?, units: [DispatchUnit])
        throws -> (request: DispatchRequest, required: [String: Int], source: String, assigned: [String: Int]) {
        let (incident, state) = try IncidentLifecycle.incident(store, incidentID)
        guard state != .closed else { throw IncidentError("incident \(incidentID) is closed; reopen it first") }
        guard let target = incident.geometry.representativePoint else { throw IncidentError("incident \(incidentID) has no location") }
        let (required, source) = try requirement(incident, library: library)
        let typeCode = incident.properties["type_code"]?.textValue ?? incident.kind
        var needs = (capabilities ?? CapabilityRequirements(rows: [])).needs(typeCode: typeCode, units: required)
        let byID = Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var assigned: [String: Int] = [:]
        for a in try store.assignments(incidentID: incidentID) {
            guard let u = byID[a.unitID] else { continue }
            assigned[u.kind, default: 0] += 1
            if let i = needs.firstIndex(where: { $0.count > 0 && $0.accepts(u) }) { needs[i].count -= 1 }
        }
        let runOrder = runOrders?.order(forAnyOf: PlanSpatialFacts(store: store).districts(at: target))
        return (DispatchRequest(incidentID: incidentID, target: target, needs: needs.filter { $0.count > 0 },
                                level: incident.properties["level"]?.textValue, runOrder: runOrder,
                                calledAt: incident.properties["called_at"]?.textValue), required, source, assigned)
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

    /// "3 min 40 s", "45 s".
    public static func duration(_ seconds: Double) -> String { DispatchText.duration(seconds) }

    static func parseTime(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: text)
    }
}
