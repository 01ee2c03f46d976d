import Engine
import Foundation
import RuleEngine
import SpatialCore

/// One run of a scenario over the city model with one seed and one dispatch policy.
///
/// Each call: call processing (scenario distribution) → requirement (plans in force, else the run card, else the
/// stream's units; cached per type × place × hour for background calls) → units picked by the policy among free
/// units (at their station, or returning from a scene) → turnout (from the station only) → drive (travel table,
/// road state and weather at dispatch) → time on scene → drive back. A requirement no free unit can fill waits
/// first-in first-out for the next unit of its type. Scripted injects and sensor-opened incidents run a full
/// ``PlanSession``; their request_supplies steps draw from the warehouses' pooled stock and every task with a due
/// time is checked. Cost: O(events × log events) plus O(units) per dispatch and O(standards × places × units) per hour.
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
        var need: [(kind: String, count: Int)] = []
        /// Unit types asked for so far.
        var asked: Set<String> = []
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

    let model: CityModel
    let policy: any DispatchPolicy
    let index: Int
    let seed: UInt64
    var random: RandomStream
    var kernel = DiscreteEventKernel<Event>()
    let t0: Double
    let horizon: Double
    var units: [UnitState]
    var incidents: [Incident] = []
    var waiting: [String: [(incident: Int, count: Int, since: Double)]] = [:]
    var sessions: [PlanSession] = []
    var tasks: [TrackedTask] = []
    var stock: [String: Double]
    var stockRequested: [String: Double] = [:], stockSupplied: [String: Double] = [:]
    var requested: [String: Int] = [:], waited: [String: Int] = [:]
    var busySeconds: [Double]
    var coverageHourly: [[Double]]
    var requirementCache: [String: [(kind: String, count: Int)]] = [:]
    let arrivals: [PoissonArrivals]
    let maxCallFactor: Double
    let hourOfWeekAtStart: Double
    var sensorOpen: [Bool]
    var progress: (Double) -> Void
    var nextProgress = 0.0

    init(model: CityModel, policy: any DispatchPolicy, index: Int, seed: UInt64, progress: @escaping (Double) -> Void) {
        self.model = model
        self.policy = policy
        self.index = index
        self.seed = seed
        self.progress = progress
        random = RandomStream.replication(index, of: seed)
        t0 = model.scenario.start
        horizon = model.scenario.end - model.scenario.start
        units = model.units.map { UnitState(place: $0.home) }
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
            case let .dispatch(i): dispatch(Int(i), now)
            case let .arrive(u, token): arrive(Int(u), token, now)
            case let .clear(u, token): clear(Int(u), token, now)
            case let .home(u, token): home(Int(u), token, now)
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
        incident.need = requirement(stream, place: place, at: now)
        open(incident, now)
    }

    func open(_ incident: Incident, _ now: Double) {
        incidents.append(incident)
        kernel.schedule(.dispatch(Int32(incidents.count - 1)), after: model.scenario.callProcessing.draw(&random))
    }

    /// Plans in force, else the run card, else the stream's own units; cached per type × place × local hour.
    func requirement(_ stream: BackgroundStream, place: Int, at now: Double) -> [(kind: String, count: Int)] {
        guard let typeName = stream.type, let type = model.library.incidentType(typeName) else { return sorted(stream.units) }
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
        let need = sorted(units)
        requirementCache[key] = need
        return need
    }

    func sorted(_ units: [String: Int]) -> [(kind: String, count: Int)] {
        units.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
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
        incident.need = sorted(units)
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
        let more = sorted(dispatchUnits(fresh))
        if !more.isEmpty {
            incidents[incidentIndex].need = more
            dispatch(incidentIndex, now)
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

    // MARK: units

    func dispatch(_ i: Int, _ now: Double) {
        let need = incidents[i].need
        incidents[i].need = []
        for (kind, count) in need {
            incidents[i].asked.insert(kind)
            requested[kind, default: 0] += count
            let sent = send(kind: kind, count: count, to: i, now)
            if sent < count {
                waited[kind, default: 0] += count - sent
                waiting[kind, default: []].append((i, count - sent, now))
            }
        }
    }

    /// Sends up to `count` free units of `kind` to incident `i`; returns how many went.
    @discardableResult
    func send(kind: String, count: Int, to i: Int, _ now: Double) -> Int {
        let epoch = model.epoch(at: t0 + now)
        let speed = model.weather(at: t0 + now).speed
        let target = incidents[i].place
        var candidates: [PolicyCandidate] = []
        var freeAtStation: [Int: Int] = [:]
        for (u, info) in model.units.enumerated() where info.kind == kind && units[u].status != .busy && !model.isOutOfService(u, at: t0 + now) {
            if units[u].status == .home { freeAtStation[info.home, default: 0] += 1 }
        }
        for (u, info) in model.units.enumerated() where info.kind == kind && units[u].status != .busy && !model.isOutOfService(u, at: t0 + now) {
            let drive = model.drive(epoch, units[u].place, target) / speed
            guard drive.isFinite else { continue }
            let turnout = units[u].status == .home ? info.turnoutSeconds : 0
            let others = (freeAtStation[info.home] ?? 0) - (units[u].status == .home ? 1 : 0)
            candidates.append(PolicyCandidate(unit: u, etaSeconds: turnout + drive, othersFreeAtStation: others))
        }
        let eta = Dictionary(uniqueKeysWithValues: candidates.map { ($0.unit, $0.etaSeconds) })
        let chosen = policy.choose(candidates, count: count)
        for u in chosen {
            if units[u].status == .home { units[u].busySince = now }
            units[u].status = .busy
            units[u].token &+= 1
            units[u].incident = Int32(i)
            incidents[i].sent += 1
            incidents[i].pendingUnits += 1
            kernel.schedule(.arrive(Int32(u), units[u].token), after: eta[u]!)
        }
        return chosen.count
    }

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

    func clear(_ u: Int, _ token: UInt32, _ now: Double) {
        guard units[u].token == token else { return }
        units[u].status = .returning
        units[u].incident = -1
        if serveWaiting(u, now) { return }
        let drive = model.drive(model.epoch(at: t0 + now), units[u].place, model.units[u].home) / model.weather(at: t0 + now).speed
        kernel.schedule(.home(Int32(u), token), after: drive.isFinite ? drive : 0)
    }

    func home(_ u: Int, _ token: UInt32, _ now: Double) {
        guard units[u].token == token, units[u].status == .returning else { return }
        units[u].status = .home
        units[u].place = model.units[u].home
        busySeconds[u] += now - units[u].busySince
        _ = serveWaiting(u, now)
    }

    /// Gives the unit to the oldest call waiting for its type; true when it went.
    func serveWaiting(_ u: Int, _ now: Double) -> Bool {
        let kind = model.units[u].kind
        guard var queue = waiting[kind], !queue.isEmpty, !model.isOutOfService(u, at: t0 + now) else { return false }
        let i = queue[0].incident
        let went = send(kind: kind, count: 1, to: i, now)
        guard went > 0 else { return false }
        queue[0].count -= 1
        if queue[0].count == 0 { queue.removeFirst() }
        waiting[kind] = queue
        return true
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
