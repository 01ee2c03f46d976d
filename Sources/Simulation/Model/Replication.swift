import Engine
import Foundation
import RuleEngine
import SpatialCore

/// One run of a scenario over the city model with one seed and one dispatch policy.
///
/// Each call: call processing (scenario distribution) → requirement (plans in force, else the run card, else the
/// stream's units; needs by unit type and capability through Plans/dispatch_capabilities.csv; cached per type ×
/// place × hour for background calls) → units picked by Engine's ``DispatchCore`` — the duty officer's dispatcher —
/// among free units (at their station, or returning from a scene), asking ``PlaceTravelTimes`` → turnout (from the
/// station only) → drive (road state and weather at dispatch) → time on scene → drive back. Calls opened at the
/// same instant share one call-processing time and are assigned together by ``DispatchCore/plan(_:units:)``.
/// A need no free unit can fill waits first-in first-out; a freed unit goes to the oldest waiting need it fits.
/// Scripted injects and sensor-opened incidents run a full ``PlanSession``; their request_supplies steps draw from
/// the warehouses' pooled stock and every task with a due time is checked.
/// Cost: O(events × log events) plus O(units · needs + candidates · log) per dispatch and O(standards × places × units) per hour.
final class Replication {
    enum Event {
        case streamCall(Int32)
        case inject(Int32)
        case injectUpdate(Int32, Int32)
        case sensor(Int32, Int32)
        case dispatch(Int32)
        case arrive(Int32, UInt32)
        case clear(Int32, UInt32)
        case home(Int32, UInt32)
        case sample
    }
    enum UnitStatus { case home, busy, returning }
    struct UnitState {
        var status = UnitStatus.home
        var place: Int
        var token: UInt32 = 0
        var incident: Int32 = -1
        var busySince = 0.0
    }
    struct Incident {
        var stream: Int          // ≥ 0 stream, -1 inject, -2 sensor
        var type: String
        var place: Int
        var calledAt: Double
        var onSceneSeconds: Double
        /// Needs not dispatched yet, by unit type and capability.
        var need: [DispatchNeed] = []
        /// Response level (I–IV) of its plan session, weighting joint plans; nil when ungraded.
        var level: String?
        /// Unit types asked for so far.
        var asked: Set<String> = []
        /// DispatchCore's reason for each unit sent (scripted and sensor incidents only).
        var reasons: [String] = []
        var firstArrival: Double?
        var firstArrivalByKind: [String: Double] = [:]
        var sent = 0
        var lastArrival: Double?
        var pendingUnits = 0
        var session: Int = -1    // index into sessions
    }
    struct TrackedTask {
        let incident: Int
        let label: String
        let action: StepAction
        let dueAt: Double
        let firedAt: Double
    }

    /// A need waiting for a free unit; `sequence` orders waits first-in first-out across needs.
    struct Waiting {
        let incident: Int
        var need: DispatchNeed
        let sequence: Int
    }

    let model: CityModel
    let policy: DispatchPolicy
    let index: Int
    let seed: UInt64
    var random: RandomStream
    var kernel = DiscreteEventKernel<Event>()
    let t0: Double
    let horizon: Double
    var units: [UnitState]
    var incidents: [Incident] = []
    /// Need label → its waits, oldest first.
    var waiting: [String: [Waiting]] = [:]
    var waitSequence = 0
    /// Every unit as ``DispatchCore`` sees it, kept in step with `units` (see ``sync(_:)``).
    var pool: [DispatchUnit]
    let unitIndex: [String: Int]
    /// Units with roster changes (out of service for a while): their status is refreshed before each dispatch.
    let rosterUnits: [Int]
    /// Unit → its (station, type) group, for the coverage penalty.
    let stationGroup: [Int]
    let stationGroups: Int
    var core: (epoch: Int, speed: Double, core: DispatchCore)?
    /// The incident whose dispatch order is pending and the time it was opened: calls opened at that same instant join it.
    var pendingLead: (time: Double, lead: Int)?
    var companions: [Int: [Int]] = [:]
    var recommendations = 0, jointPlans = 0, jointIncidents = 0
    var sessions: [PlanSession] = []
    var tasks: [TrackedTask] = []
    var stock: [String: Double]
    var stockRequested: [String: Double] = [:], stockSupplied: [String: Double] = [:]
    var requested: [String: Int] = [:], waited: [String: Int] = [:]
    var busySeconds: [Double]
    var coverageHourly: [[Double]]
    var requirementCache: [String: (needs: [DispatchNeed], level: String?)] = [:]
    let arrivals: [PoissonArrivals]
    let maxCallFactor: Double
    let hourOfWeekAtStart: Double
    var sensorOpen: [Bool]
    var progress: (Double) -> Void
    var nextProgress = 0.0

    init(model: CityModel, policy: DispatchPolicy, index: Int, seed: UInt64, progress: @escaping (Double) -> Void) {
        self.model = model
        self.policy = policy
        self.index = index
        self.seed = seed
        self.progress = progress
        random = RandomStream.replication(index, of: seed)
        t0 = model.scenario.start
        horizon = model.scenario.end - model.scenario.start
        units = model.units.map { UnitState(place: $0.home) }
        pool = model.units.map { u in
            DispatchUnit(id: u.id, name: u.name, kind: u.kind, capabilities: u.capabilities, start: model.places[u.home].at,
                         origin: .homeStation(name: u.stationName, staleSeconds: nil), homeStation: u.station, turnoutSeconds: u.turnoutSeconds)
        }
        unitIndex = Dictionary(model.units.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        rosterUnits = model.outOfService.indices.filter { !model.outOfService[$0].isEmpty }
        var groups: [String: Int] = [:]
        stationGroup = model.units.map { u in
            let key = "\(u.home)|\(u.kind)"
            if let g = groups[key] { return g }
            groups[key] = groups.count
            return groups.count - 1
        }
        stationGroups = groups.count
        busySeconds = Array(repeating: 0, count: model.units.count)
        stock = model.stock
        coverageHourly = model.scenario.coverageTargets.map { _ in [] }
        maxCallFactor = model.scenario.weather.map(\.callFactor).max().map { max($0, 1) } ?? 1
        let local = model.scenario.start + 8 * 3600   // China time: the plans' hour() and the profiles' hours
        let day = (local / 86400).rounded(.down)
        hourOfWeekAtStart = (day + 3).truncatingRemainder(dividingBy: 7) * 24 + (local - day * 86400) / 3600
        let (factor, origin) = (maxCallFactor, hourOfWeekAtStart)
        arrivals = model.scenario.streams.map {
            PoissonArrivals(meanPerHour: $0.perDay / 24 * factor, profile: $0.shape, originHourOfWeek: origin)
        }
        sensorOpen = model.scenario.sensors.map { _ in false }
    }

    // MARK: run

    func run() throws -> ReplicationResult {
        for (s, a) in arrivals.enumerated() where !model.streamPlaces[s].isEmpty {
            kernel.schedule(.streamCall(Int32(s)), after: a.next(after: 0, &random))
        }
        for (i, inject) in model.scenario.injects.enumerated() { kernel.schedule(.inject(Int32(i)), after: inject.at - t0) }
        for (s, sensor) in model.scenario.sensors.enumerated() {
            for (k, r) in sensor.readings.enumerated() where r.at >= t0 && r.at <= model.scenario.end {
                kernel.schedule(.sensor(Int32(s), Int32(k)), after: r.at - t0)
            }
        }
        if !model.scenario.coverageTargets.isEmpty { kernel.schedule(.sample, after: 0) }

        while let (now, event) = kernel.next(until: horizon) {
            if now >= nextProgress { progress(now / horizon); nextProgress = now + horizon / 100 }
            switch event {
            case let .streamCall(s): streamCall(Int(s), now)
            case let .inject(i): try inject(Int(i), now)
            case let .injectUpdate(i, u): try injectUpdate(Int(i), Int(u), now)
            case let .sensor(s, k): try sensorReading(Int(s), Int(k), now)
            case let .dispatch(i): try dispatchOrder(Int(i), now)
            case let .arrive(u, token): arrive(Int(u), token, now)
            case let .clear(u, token): try clear(Int(u), token, now)
            case let .home(u, token): try home(Int(u), token, now)
            case .sample: sample(now)
            }
        }
        for u in units.indices where units[u].status != .home { busySeconds[u] += horizon - units[u].busySince }
        progress(1)
        return result()
    }

    // MARK: calls

    func streamCall(_ s: Int, _ now: Double) {
        let stream = model.scenario.streams[s]
        kernel.schedule(.streamCall(Int32(s)), after: arrivals[s].next(after: now, &random) - now)
        // Weather thinning: the stream runs at the stormiest rate; keep a call with probability factor(t) / max.
        if maxCallFactor > 1, random.unit() * maxCallFactor >= model.weather(at: t0 + now).calls { return }
        let places = model.streamPlaces[s]
        let place = places[random.index(places.count)]
        let onScene = (stream.onScene ?? stream.type.flatMap { model.scenario.onScene[$0] } ?? model.scenario.onScene[stream.name]
                       ?? .lognormal(medianSeconds: 1200, p90Seconds: 2700)).draw(&random)
        var incident = Incident(stream: s, type: stream.type ?? stream.name, place: place, calledAt: now, onSceneSeconds: onScene)
        (incident.need, incident.level) = requirement(stream, place: place, at: now)
        open(incident, now)
    }

    /// Queues the incident's dispatch order after call processing; a call opened at the same instant as the one
    /// still waiting for its order joins that order (one joint plan).
    func open(_ incident: Incident, _ now: Double) {
        incidents.append(incident)
        let i = incidents.count - 1
        if let p = pendingLead, p.time == now {
            companions[p.lead, default: []].append(i)
            return
        }
        pendingLead = (now, i)
        kernel.schedule(.dispatch(Int32(i)), after: model.scenario.callProcessing.draw(&random))
    }

    /// Plans in force, else the run card, else the stream's own units, as needs with the capabilities the incident
    /// type asks for; cached per type × place × local hour.
    func requirement(_ stream: BackgroundStream, place: Int, at now: Double) -> (needs: [DispatchNeed], level: String?) {
        guard let typeName = stream.type, let type = model.library.incidentType(typeName) else { return (needs(stream.units, typeCode: nil), nil) }
        let hour = Int((hourOfWeekAtStart + now / 3600).truncatingRemainder(dividingBy: 24))
        let key = "\(type.code)|\(place)|\(hour)"
        if let cached = requirementCache[key] { return cached }
        let abs = t0 + now
        var session = PlanSession(library: model.library, incidentType: type, facts: FactSet(schema: model.library.schema), now: abs,
                                  location: model.places[place].at, spatial: model.spatial, districts: model.places[place].districts)
        session.start()
        var units = dispatchUnits(session.tasks)
        if units.isEmpty, let card = model.library.runCards.requirement(typeCode: type.code, districts: model.places[place].districts,
                                                                         minuteOfDay: hour * 60) {
            units = card.units
        }
        if units.isEmpty { units = stream.units }
        let answer = (needs(units, typeCode: type.code), Optional(session.level.description))
        requirementCache[key] = answer
        return answer
    }

    /// Unit type → count as ``DispatchNeed``s with the capabilities Plans/dispatch_capabilities.csv asks of each
    /// type for this incident type; sorted by label.
    func needs(_ units: [String: Int], typeCode: String?) -> [DispatchNeed] {
        model.capabilities.needs(typeCode: typeCode ?? "", units: units)
    }

    func inForce(_ t: PlanTask) -> Bool { model.scenario.plans.isEmpty || model.scenario.plans.contains(t.planID) }

    func dispatchUnits(_ tasks: [PlanTask]) -> [String: Int] {
        var units: [String: Int] = [:]
        for t in tasks where t.step.action == .dispatch && inForce(t) {
            for (k, n) in t.units { units[k, default: 0] += n }
        }
        return units
    }

    // MARK: scripted incidents

    func inject(_ i: Int, _ now: Double) throws {
        let inject = model.scenario.injects[i]
        try startPlanned(type: inject.type, place: model.injectPlaces[i], site: model.injectSites[i], facts: inject.facts, onScene: inject.onScene, stream: -1, now: now)
        for (k, u) in inject.updates.enumerated() { kernel.schedule(.injectUpdate(Int32(i), Int32(k)), after: u.afterMinutes * 60) }
        injectIncident.append(incidents.count - 1)
    }
    var injectIncident: [Int] = []

    func startPlanned(type typeName: String, place: Int, site: CityModel.Place, facts assignments: [String], onScene: DurationDistribution?, stream: Int, now: Double) throws {
        guard let type = model.library.incidentType(typeName) else { throw ScenarioFileError("unknown incident type '\(typeName)'") }
        var facts = FactSet(schema: model.library.schema)
        for f in try IncidentOpening.parseFacts(assignments, schema: model.library.schema) { _ = try? facts.set(f.name, f.value) }
        var session = PlanSession(library: model.library, incidentType: type, facts: facts, now: t0 + now, calledAt: t0 + now,
                                  location: site.at, spatial: model.spatial, districts: site.districts)
        session.start()
        let duration = (onScene ?? model.scenario.onScene[type.code] ?? model.scenario.onScene[typeName]
                        ?? .lognormal(medianSeconds: 3600, p90Seconds: 3 * 3600)).draw(&random)
        var incident = Incident(stream: stream, type: type.code, place: place, calledAt: now, onSceneSeconds: duration)
        var units = dispatchUnits(session.tasks)
        if units.isEmpty, let card = model.library.runCards.requirement(typeCode: type.code, districts: site.districts,
                                                                         minuteOfDay: Int((hourOfWeekAtStart * 60 + now / 60).truncatingRemainder(dividingBy: 1440))) {
            units = card.units
        }
        incident.need = needs(units, typeCode: type.code)
        incident.level = session.level.description
        incident.session = sessions.count
        sessions.append(session)
        open(incident, now)
        take(session.tasks, incident: incidents.count - 1, from: 0)
    }

    /// Tracks new tasks (deadlines, supplies) of an incident's session from task index `from`.
    func take(_ list: [PlanTask], incident: Int, from: Int) {
        for t in list[from...] where inForce(t) {
            if let due = t.dueAt {
                tasks.append(TrackedTask(incident: incident, label: "\(t.planID)/\(t.step.id)", action: t.step.action, dueAt: due - t0, firedAt: t.firedAt - t0))
            }
            if t.step.action == .requestSupplies {
                for (item, text) in t.step.parameters {
                    guard let qty = Double(text.prefix { $0.isNumber || $0 == "." }) else { continue }
                    let have = stock[item] ?? 0, given = min(have, qty)
                    stock[item] = have - given
                    stockRequested[item, default: 0] += qty
                    stockSupplied[item, default: 0] += given
                }
            }
        }
    }

    func injectUpdate(_ i: Int, _ k: Int, _ now: Double) throws {
        let incidentIndex = injectIncident[i]
        let s = incidents[incidentIndex].session
        let before = sessions[s].tasks.count
        let given = try IncidentOpening.parseFacts(model.scenario.injects[i].updates[k].facts, schema: model.library.schema)
        try sessions[s].update(given.map { ($0.name, $0.value) }, at: t0 + now)
        let fresh = Array(sessions[s].tasks[before...])
        take(sessions[s].tasks, incident: incidentIndex, from: before)
        let more = needs(dispatchUnits(fresh), typeCode: incidents[incidentIndex].type)
        incidents[incidentIndex].level = sessions[s].level.description
        if !more.isEmpty {
            incidents[incidentIndex].need = more
            try dispatch([incidentIndex], now)
        }
    }

    func sensorReading(_ s: Int, _ k: Int, _ now: Double) throws {
        let sensor = model.scenario.sensors[s]
        let value = sensor.readings[k].value
        guard let type = sensor.openType, let above = sensor.openAbove else { return }
        if value > above, !sensorOpen[s] {
            sensorOpen[s] = true
            try startPlanned(type: type, place: model.sensorPlaces[s], site: model.sensorSites[s], facts: ["\(sensor.fact)=\(value) \(sensor.unit)"],
                             onScene: nil, stream: -2, now: now)
        } else if value <= above {
            sensorOpen[s] = false
        }
    }

    // MARK: dispatch (Engine's DispatchCore)

    /// The dispatch order of `lead` fell due: it and the calls opened at the same instant go to the dispatcher together.
    func dispatchOrder(_ lead: Int, _ now: Double) throws {
        if pendingLead?.lead == lead { pendingLead = nil }
        let group = [lead] + (companions.removeValue(forKey: lead) ?? [])
        try dispatch(group.filter { !incidents[$0].need.isEmpty }, now)
    }

    /// Sends units to the pending needs of `group` (``assign(_:_:)``); what cannot be filled waits.
    func dispatch(_ group: [Int], _ now: Double) throws {
        guard !group.isEmpty else { return }
        let items = group.map { i -> (incident: Int, needs: [DispatchNeed]) in
            let needs = incidents[i].need
            incidents[i].need = []
            for n in needs {
                incidents[i].asked.insert(n.kind ?? n.label)
                requested[n.label, default: 0] += n.count
            }
            return (i, needs)
        }
        for (i, need) in try assign(items, now) { wait(i, need) }
    }

    /// What one dispatch saw and did: the unit states before it, the needs asked, the units sent and after how many
    /// seconds they arrive (tests compare this with DispatchCore's own answer on the same state).
    struct DispatchTrace {
        let now: Double
        let states: [UnitState]
        let items: [(incident: Int, needs: [DispatchNeed])]
        let sent: [(incident: Int, unit: Int, arrivalSeconds: Double)]
    }
    /// Called after every dispatch when set (tests only).
    var trace: ((DispatchTrace) -> Void)?

    /// Asks ``DispatchCore`` about `items` at `now` — one incident: ``DispatchCore/recommend(_:units:)``; several:
    /// ``DispatchCore/plan(_:units:)`` (minimum Σ level weight × ETA) — sends its picks, returns the needs left unfilled.
    func assign(_ items: [(incident: Int, needs: [DispatchNeed])], _ now: Double) throws -> [(incident: Int, need: DispatchNeed)] {
        let before = trace == nil ? [] : units
        let requests = items.map { request($0.incident, $0.needs, callTime: items.count > 1) }
        // `pool` is handed over, not copied: no local copy may live while `send` changes it.
        let (core, penalised) = prepare(now)
        var sent: [(incident: Int, unit: Int, arrivalSeconds: Double)] = [], unfilled: [(incident: Int, need: DispatchNeed)] = []
        if items.count == 1 {
            let i = items[0].incident
            let result = try core.recommend(requests[0], units: pool)
            restore(penalised)
            recommendations += 1
            for p in result.picks { sent.append(send(p.option, to: i, reason: p.reason, now)) }
            for var need in result.needs {
                guard let short = result.shortfall[need.label], short > 0 else { continue }
                need.count = short
                unfilled.append((i, need))
            }
        } else {
            let plan = try core.plan(requests, units: pool)
            restore(penalised)
            jointPlans += 1
            jointIncidents += items.count
            for line in plan.lines { sent.append(send(line.option, to: Int(line.incidentID)!, reason: line.reason, now)) }
            for short in plan.shortfall {
                let i = Int(short.incidentID)!
                guard var need = items.first(where: { $0.incident == i })?.needs.first(where: { $0.label == short.need }) else { continue }
                need.count = short.count
                unfilled.append((i, need))
            }
        }
        trace?(DispatchTrace(now: now, states: before, items: items, sent: sent))
        return unfilled
    }

    /// The core's request for incident `i`: its place, needs, level, the district's run order when the policy uses them.
    func request(_ i: Int, _ needs: [DispatchNeed], callTime: Bool) -> DispatchRequest {
        let place = incidents[i].place   // fields, not the whole incident: no copy per call
        return DispatchRequest(incidentID: String(i), target: model.places[place].at, needs: needs, level: incidents[i].level,
                               runOrder: policy.usesRunOrders ? model.runOrders[place] : nil,
                               calledAt: callTime ? IncidentOpening.iso(t0 + incidents[i].calledAt) : nil)
    }

    /// The dispatcher for the road state and weather at `now`, with `pool` made ready for it: roster changes applied,
    /// and under the coverage policy the penalty added to the turnout of units in quarters that would empty their
    /// station of their type — returned as (unit, true turnout) for ``restore(_:)`` once the dispatcher has answered.
    func prepare(_ now: Double) -> (core: DispatchCore, penalised: [(unit: Int, turnoutSeconds: Double)]) {
        let t = t0 + now
        for u in rosterUnits {
            if model.isOutOfService(u, at: t) { pool[u].status = "out_of_service" } else { sync(u) }
        }
        let epoch = model.epoch(at: t), speed = model.weather(at: t).speed
        if core == nil || core!.epoch != epoch || core!.speed != speed {
            core = (epoch, speed, DispatchCore(model: PlaceTravelTimes(model: model, epoch: epoch, speedFactor: speed)))
        }
        guard let penalty = policy.coveragePenaltySeconds else { return (core!.core, []) }
        var free = [Int](repeating: 0, count: stationGroups)
        for u in pool.indices where units[u].status == .home && pool[u].status == "available" { free[stationGroup[u]] += 1 }
        var penalised: [(unit: Int, turnoutSeconds: Double)] = []
        for u in pool.indices where units[u].status == .home && pool[u].status == "available" && free[stationGroup[u]] == 1 {
            penalised.append((u, pool[u].turnoutSeconds))
            pool[u].turnoutSeconds += penalty
        }
        return (core!.core, penalised)
    }

    /// Puts back the true turnouts ``prepare(_:)`` penalised.
    func restore(_ penalised: [(unit: Int, turnoutSeconds: Double)]) {
        for (u, t) in penalised { pool[u].turnoutSeconds = t }
    }

    /// Puts `u`'s state into the core's view: busy; or available at its station (in quarters, with turnout);
    /// or available where its last scene was (a fresh AVL fix, no turnout).
    func sync(_ u: Int) {
        switch units[u].status {
        case .busy:
            pool[u].status = "busy"
        case .home:
            pool[u].status = "available"
            pool[u].start = model.places[model.units[u].home].at
            pool[u].origin = .homeStation(name: model.units[u].stationName, staleSeconds: nil)
            pool[u].turnoutSeconds = model.units[u].turnoutSeconds
        case .returning:
            pool[u].status = "available"
            pool[u].start = model.places[units[u].place].at
            pool[u].origin = .avl(ageSeconds: 0)
            pool[u].turnoutSeconds = 0
        }
    }

    /// Sends the unit of `option` to incident `i`; it arrives after its true turnout and the drive the core was told.
    func send(_ option: DispatchOption, to i: Int, reason: String, _ now: Double) -> (incident: Int, unit: Int, arrivalSeconds: Double) {
        let u = unitIndex[option.unit.id]!
        let turnout = units[u].status == .home ? model.units[u].turnoutSeconds : 0
        if incidents[i].stream < 0 {
            let penalty = option.turnoutSeconds - turnout
            incidents[i].reasons.append(reason + (penalty > 0 ? "; ranked with a \(Int(penalty)) s coverage penalty in its turnout (no other free "
                + "\(option.unit.kind) at its station): true ETA \(DispatchText.duration(turnout + option.driveSeconds))" : ""))
        }
        if units[u].status == .home { units[u].busySince = now }
        units[u].status = .busy
        units[u].token &+= 1
        units[u].incident = Int32(i)
        sync(u)
        incidents[i].sent += 1
        incidents[i].pendingUnits += 1
        kernel.schedule(.arrive(Int32(u), units[u].token), after: turnout + option.driveSeconds)
        return (i, u, turnout + option.driveSeconds)
    }

    /// `need` (its count unfilled) could not be sent to `i`: it waits for a freed unit.
    func wait(_ i: Int, _ need: DispatchNeed) {
        waited[need.label, default: 0] += need.count
        waiting[need.label, default: []].append(Waiting(incident: i, need: need, sequence: waitSequence))
        waitSequence += 1
    }

    // MARK: units

    func arrive(_ u: Int, _ token: UInt32, _ now: Double) {
        guard units[u].token == token else { return }
        let i = Int(units[u].incident)
        let kind = model.units[u].kind
        if incidents[i].firstArrival == nil { incidents[i].firstArrival = now }
        if incidents[i].firstArrivalByKind[kind] == nil { incidents[i].firstArrivalByKind[kind] = now }
        incidents[i].pendingUnits -= 1
        incidents[i].lastArrival = now
        units[u].place = incidents[i].place
        kernel.schedule(.clear(Int32(u), token), after: incidents[i].onSceneSeconds)
    }

    func clear(_ u: Int, _ token: UInt32, _ now: Double) throws {
        guard units[u].token == token else { return }
        units[u].status = .returning
        units[u].incident = -1
        sync(u)
        if try serveWaiting(u, now) { return }
        let drive = model.drive(model.epoch(at: t0 + now), units[u].place, model.units[u].home) / model.weather(at: t0 + now).speed
        kernel.schedule(.home(Int32(u), token), after: drive.isFinite ? drive : 0)
    }

    func home(_ u: Int, _ token: UInt32, _ now: Double) throws {
        guard units[u].token == token, units[u].status == .returning else { return }
        units[u].status = .home
        units[u].place = model.units[u].home
        sync(u)
        busySeconds[u] += now - units[u].busySince
        _ = try serveWaiting(u, now)
    }

    /// Unit `u` has just become free: the oldest waiting need it fits asks DispatchCore again (which may send `u`
    /// or another unit freed at the same time). True when `u` went.
    func serveWaiting(_ u: Int, _ now: Double) throws -> Bool {
        guard !waiting.isEmpty, !model.isOutOfService(u, at: t0 + now) else { return false }
        while true {
            var oldest: (label: String, sequence: Int)?
            for (label, queue) in waiting where queue[0].need.accepts(pool[u]) && queue[0].sequence < (oldest?.sequence ?? .max) {
                oldest = (label, queue[0].sequence)
            }
            guard let label = oldest?.label else { return false }
            let entry = waiting[label]![0]
            let left = try assign([(entry.incident, [entry.need])], now).first?.need.count ?? 0
            if left == 0 {
                waiting[label]!.removeFirst()
                if waiting[label]!.isEmpty { waiting[label] = nil }
            } else {
                waiting[label]![0].need.count = left
            }
            if units[u].status == .busy { return true }
            if left == entry.need.count { return false }   // nothing could reach it; u goes home
        }
    }

    // MARK: coverage

    func sample(_ now: Double) {
        let epoch = model.epoch(at: t0 + now)
        let speed = model.weather(at: t0 + now).speed
        for (k, target) in model.scenario.coverageTargets.enumerated() {
            let free = model.units.indices.filter { u in
                target.unitKinds.contains(model.units[u].kind) && units[u].status != .busy && !model.isOutOfService(u, at: t0 + now)
            }
            var covered = 0
            for p in model.demandPlaces {
                for u in free {
                    let turnout = units[u].status == .home ? model.units[u].turnoutSeconds : 0
                    if turnout + model.drive(epoch, units[u].place, p) / speed <= target.seconds { covered += 1; break }
                }
            }
            coverageHourly[k].append(model.demandPlaces.isEmpty ? 0 : Double(covered) / Double(model.demandPlaces.count))
        }
        if now + 3600 < horizon { kernel.schedule(.sample, after: 3600) }
    }
}
