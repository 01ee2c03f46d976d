import Engine
import Foundation
import SpatialCore
import Testing
import TestSupport
@testable import Simulation

/// The simulator dispatches through Engine's DispatchCore: on the state it had at every dispatch, a DispatchCore
/// built here from that state alone (units from their statuses and places, the travel table for the road state
/// and weather of the moment) picks the same units with the same ETAs.
@Suite(.serialized) struct DispatchWiringTests {
    static let model: CityModel? = try? SmallCity.model()
    /// fs2 first due for the whole grid: its units in quarters go before fs1's even where fs1's are nearer.
    static let runOrderModel: CityModel? = try? SmallCity.model(runOrder: ZoneRunOrder(district: "d1", stations: ["fs2", "fs1"]))

    /// Every unit as the duty officer's dispatcher would see it in `states` at scenario second `now`.
    static func units(_ model: CityModel, _ states: [Replication.UnitState], at now: Double) -> [DispatchUnit] {
        model.units.enumerated().map { u, info in
            let s = states[u], inQuarters = s.status == .home
            let status = model.isOutOfService(u, at: model.scenario.start + now) ? "out_of_service" : s.status == .busy ? "busy" : "available"
            return DispatchUnit(id: info.id, name: info.name, kind: info.kind, capabilities: info.capabilities, status: status,
                                start: model.places[s.place].at,
                                origin: inQuarters ? .homeStation(name: info.stationName, staleSeconds: nil) : .avl(ageSeconds: 0),
                                homeStation: info.station, turnoutSeconds: inQuarters ? info.turnoutSeconds : 0)
        }
    }

    /// DispatchCore's own answer for a traced dispatch: (incident, unit id, ETA) sorted.
    static func expected(_ model: CityModel, _ trace: Replication.DispatchTrace, policy: DispatchPolicy,
                         incidents: [Replication.Incident]) throws -> [String] {
        let t = model.scenario.start + trace.now
        let core = DispatchCore(model: PlaceTravelTimes(model: model, epoch: model.epoch(at: t), speedFactor: model.weather(at: t).speed))
        let units = Self.units(model, trace.states, at: trace.now)
        let requests = trace.items.map { item in
            let place = incidents[item.incident].place
            return DispatchRequest(incidentID: String(item.incident), target: model.places[place].at, needs: item.needs,
                                   level: incidents[item.incident].level, runOrder: policy.usesRunOrders ? model.runOrders[place] : nil,
                                   calledAt: trace.items.count > 1 ? IncidentOpening.iso(model.scenario.start + incidents[item.incident].calledAt) : nil)
        }
        if requests.count == 1 {
            return try core.recommend(requests[0], units: units).picks.map { "\(requests[0].incidentID) \($0.option.unit.id) \($0.option.etaSeconds)" }.sorted()
        }
        return try core.plan(requests, units: units).lines.map { "\($0.incidentID) \($0.option.unit.id) \($0.option.etaSeconds)" }.sorted()
    }

    static func sent(_ model: CityModel, _ trace: Replication.DispatchTrace) -> [String] {
        trace.sent.map { "\($0.incident) \(model.units[$0.unit].id) \($0.arrivalSeconds)" }.sorted()
    }

    @Test(arguments: [DispatchPolicy.closest, .runOrder])
    func picksEqualDispatchCoresOnTheSameState(policy: DispatchPolicy) throws {
        let model = try #require(policy.usesRunOrders ? Self.runOrderModel : Self.model)
        if policy.usesRunOrders { #expect(model.runOrders.allSatisfy { $0?.stations == ["fs2", "fs1"] }) }
        let replication = Replication(model: model, policy: policy, index: 0, seed: 3) { _ in }
        var traces: [Replication.DispatchTrace] = []
        replication.trace = { traces.append($0) }
        _ = try replication.run()
        #expect(traces.count == replication.recommendations + replication.jointPlans)
        #expect(traces.count > 100)
        var mismatches: [String] = [], fromTheRoad = 0, closestChecked = 0, byRunOrder = 0
        for trace in traces {
            let want = try Self.expected(model, trace, policy: policy, incidents: replication.incidents), got = Self.sent(model, trace)
            if want != got { mismatches.append("t=\(trace.now): DispatchCore \(want), simulator \(got)") }
            if trace.sent.contains(where: { trace.states[$0.unit].status == .returning }) { fromTheRoad += 1 }
            // The run order sent fs2's E3 from quarters although fs1's E1 or E2 was in quarters too and nearer.
            let place = { (u: Int) in trace.states[u].place }, epoch = model.epoch(at: model.scenario.start + trace.now)
            if let e3 = trace.sent.first(where: { model.units[$0.unit].id == "E3" && trace.states[$0.unit].status == .home }),
               model.units.indices.contains(where: { u in ["E1", "E2"].contains(model.units[u].id) && trace.states[u].status == .home
                   && !model.isOutOfService(u, at: model.scenario.start + trace.now)
                   && model.drive(epoch, place(u), replication.incidents[e3.incident].place) < model.drive(epoch, place(e3.unit), replication.incidents[e3.incident].place) }) {
                byRunOrder += 1
            }
            // Closest by ETA, checked without DispatchCore: one unit of a type asked for, none faster among those free.
            guard policy == .closest, trace.items.count == 1, trace.items[0].needs.count == 1, trace.items[0].needs[0].count == 1,
                  let s = trace.sent.first else { continue }
            let need = trace.items[0].needs[0], target = replication.incidents[s.incident].place, t = model.scenario.start + trace.now
            let speed = model.weather(at: t).speed
            for (u, info) in model.units.enumerated() where info.kind == need.kind && trace.states[u].status != .busy && !model.isOutOfService(u, at: t) {
                let eta = (trace.states[u].status == .home ? info.turnoutSeconds : 0) + model.drive(epoch, trace.states[u].place, target) / speed
                #expect(s.arrivalSeconds <= eta, "\(model.units[s.unit].id) sent at \(s.arrivalSeconds) s, \(info.id) free at \(eta) s")
            }
            closestChecked += 1
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(traces.count) dispatches differ: \(mismatches.prefix(3))")
        #expect(fromTheRoad > 0, "some units were sent while returning from a scene")
        if policy == .closest { #expect(closestChecked > 50 && byRunOrder == 0) } else { #expect(byRunOrder > 0) }
    }

    /// Two building fires called at the same instant are one joint plan; its lines are DispatchCore.plan's on that
    /// state, the only aerial ladder goes to one of them and the other's ladder need waits.
    @Test func simultaneousCallsAreOneJointPlan() throws {
        let model = try SmallCity.model(days: 1, injects: [
            "{at: \"2025-08-04T03:00:00+08:00\", type: building_fire, place: \"\(SmallCity.place(1, 0))\"}",
            "{at: \"2025-08-04T03:00:00+08:00\", type: building_fire, place: \"\(SmallCity.place(4, 3))\"}",
        ])
        let replication = Replication(model: model, policy: .closest, index: 0, seed: 9) { _ in }
        var traces: [Replication.DispatchTrace] = []
        replication.trace = { traces.append($0) }
        let result = try replication.run()
        #expect(result.dispatch.jointPlans == 1 && result.dispatch.jointIncidents == 2)
        let joint = try #require(traces.first { $0.items.count == 2 })
        #expect(Self.sent(model, joint) == (try Self.expected(model, joint, policy: .closest, incidents: replication.incidents)))
        let ladders = joint.sent.filter { model.units[$0.unit].kind == "ladder" }.map { model.units[$0.unit].id }
        #expect(ladders == ["L2"])
        #expect(result.injects.allSatisfy { $0.dispatchReasons.first?.contains("level") == true }, "plan reasons name the level")
        #expect(result.unmet.first { $0.unitKind == "ladder[aerial-32m]" }?.waited == 1)
    }

    /// The travel table as a TravelTimeModel: table seconds scaled by the weather, fastest first, strangers unanswered.
    @Test func placeTravelTimesAnswersFromTheTable() throws {
        let model = try #require(Self.model)
        let homes = Array(Set(model.units.map(\.home))).sorted()
        let target = try #require(model.demandPlaces.first)
        let dry = PlaceTravelTimes(model: model, epoch: 0, speedFactor: 1), storm = PlaceTravelTimes(model: model, epoch: 0, speedFactor: 0.5)
        let candidates = homes.map { (id: "\($0)", at: model.places[$0].at) } + [(id: "nowhere", at: Coordinate(longitude: 0, latitude: 0))]
        let a = try dry.fastest(from: candidates, to: model.places[target].at, limitSeconds: .infinity)
        let b = try storm.fastest(from: candidates, to: model.places[target].at, limitSeconds: .infinity)
        #expect(a.map(\.travelSeconds) == a.map(\.travelSeconds).sorted())
        for c in a where c.id != "nowhere" { #expect(c.travelSeconds == model.drive(0, Int(c.id)!, target)) }
        for (x, y) in zip(a, b) where x.travelSeconds.isFinite { #expect(y.id == x.id && y.travelSeconds == 2 * x.travelSeconds) }
        #expect(a.last?.id == "nowhere" && a.last?.travelSeconds == .infinity && a.last?.note != nil)
    }
}
