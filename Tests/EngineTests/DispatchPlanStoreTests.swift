import Engine
import Foundation
import RuleEngine
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// Capabilities, zone run orders, multi-incident plans, accepting plan lines and coverage advice on the
/// default city (Shanghai roads + overlay), through the store adapter.
@Suite(.serialized) struct DispatchPlanStoreTests {
    static let actor = DispatchTests.actor
    static let t0 = DispatchTests.t0
    static let plans = TestPaths.repoRoot.appendingPathComponent("Plans")

    static func advisor(_ store: CityStore, runOrders: Bool = false) throws -> DispatchAdvisor {
        var a = DispatchAdvisor(store: store, roads: try RoadService(store: store))
        a.capabilities = try CapabilityRequirements.load(plans.appendingPathComponent("dispatch_capabilities.csv"))
        if runOrders { a.runOrders = try ZoneRunOrders.load(plans.appendingPathComponent("run_orders.csv")) }
        return a
    }

    /// Two building fires near People's Square called 30 s apart: a small one (Ⅳ) first, a high-rise with people trapped (Ⅱ) next.
    static func twoFires(_ store: CityStore) throws -> (minor: String, major: String) {
        let library = try PlanLibrary.load(directory: plans)
        let minor = try IncidentOpening.open(store: store, library: library, type: "building_fire", at: Coordinate(longitude: 121.4800, latitude: 31.2350),
                                             facts: ["building.height=20m", "building.occupancy=residential"], calledAt: t0.addingTimeInterval(600), actor: actor)
        let major = try IncidentOpening.open(store: store, library: library, type: "building_fire", at: Coordinate(longitude: 121.4770, latitude: 31.2330),
                                             facts: ["building.height=120m", "incident.trapped=12", "building.occupancy=residential"],
                                             calledAt: t0.addingTimeInterval(630), actor: actor)
        return (minor.id, major.id)
    }

    @Test func theGasLeakGetsGasCrewsOnly() throws {
        let (store, id) = try DispatchTests.store()
        defer { store.close() }
        let r = try Self.advisor(store).recommend(incidentID: id, now: Self.t0)
        let crews = r.picks.filter { $0.option.unit.kind == "repair_crew" }
        #expect(!crews.isEmpty)
        #expect(crews.allSatisfy { $0.option.unit.capabilities.contains("gas-network") && $0.need == "repair_crew[gas-network]" })
        #expect(r.ranked["repair_crew[gas-network]"]!.allSatisfy { $0.unit.name.hasPrefix("W-GAS") })
        // Without the table any crew will do, and the nearest is a water crew at the same warehouse.
        let plain = try DispatchAdvisor(store: store, roads: try RoadService(store: store)).recommend(incidentID: id, now: Self.t0)
        #expect(plain.picks.contains { $0.option.unit.name.hasPrefix("W-WATER") })
    }

    @Test func shippedRunOrdersFollowTheRuleAndRankHomeUnits() throws {
        let (store, id) = try DispatchTests.store()
        defer { store.close() }
        let advisor = try Self.advisor(store, runOrders: true)
        let shipped = try ZoneRunOrders.load(Self.plans.appendingPathComponent("run_orders.csv"))
        let generated = try advisor.generateRunOrders()
        #expect(shipped.orders == generated.orders, "Plans/run_orders.csv differs from the rule; regenerate with beacon dispatch run-orders --write")
        #expect(shipped.problems(districts: Set(try advisor.fireDistricts().map(\.id)), stations: Set(try advisor.unitStations().map(\.id)),
                                 file: "run_orders.csv").isEmpty)
        let r = try advisor.recommend(incidentID: id, now: Self.t0)
        let order = try #require(r.runOrder)
        #expect(order.district == "ex:fire_district/02")
        let engines = r.ranked["engine"]!.filter { $0.etaSeconds.isFinite }
        let positions = engines.map { $0.runOrderPosition ?? .max }
        #expect(positions == positions.sorted(), "home units follow the run order")
        let first = try #require(r.picks.first { $0.option.unit.kind == "engine" })
        #expect(first.reason.contains("due by the zone run order of ex:fire_district/02 (no fresh AVL)"))
        // A fresh AVL fix is ranked by ETA, not by the run order.
        let far = try #require(engines.last)
        _ = try IncidentLifecycle.report(store: store, unit: far.unit.id, status: .available,
                                         position: Coordinate(longitude: 121.4739, latitude: 31.2305), at: Self.t0, actor: Self.actor)
        let fresh = try Self.advisor(store, runOrders: true).recommend(incidentID: id, now: Self.t0.addingTimeInterval(30))
        #expect(fresh.ranked["engine"]!.first?.unit.id == far.unit.id)
        #expect(fresh.ranked["engine"]!.first?.runOrderPosition == nil)
    }

    @Test func planBeatsFirstComeFirstServedAndBoundedEqualsFull() throws {
        let (store, gas) = try DispatchTests.store()
        defer { store.close() }
        let (minor, major) = try Self.twoFires(store)
        let library = try PlanLibrary.load(directory: Self.plans)
        let ids = [gas, minor, major]
        let plan = try Self.advisor(store).plan(incidentIDs: ids, library: library, now: Self.t0)
        var full = try Self.advisor(store)
        full.rankAll = true
        let reference = try full.plan(incidentIDs: ids, library: library, now: Self.t0)
        #expect(abs(plan.totalWeightedSeconds - reference.totalWeightedSeconds) < 1e-6, "bounded lists must give the same optimum")
        #expect(plan.totalWeightedSeconds < plan.greedyTotalWeightedSeconds, "two fires next to each other: the plan should beat FCFS")
        #expect(plan.lines.count == plan.greedyLines.count)
        #expect(Set(plan.lines.map(\.option.unit.id)).count == plan.lines.count)
        // The major fire (Ⅱ) gets the nearest engines even though the minor one called first.
        let majorEngines = plan.lines.filter { $0.incidentID == major && $0.need == "engine" }.map(\.option.etaSeconds)
        let minorEngines = plan.lines.filter { $0.incidentID == minor && $0.need == "engine" }.map(\.option.etaSeconds)
        #expect(majorEngines.max()! <= minorEngines.min()! + 1e-6 || majorEngines.reduce(0, +) < minorEngines.reduce(0, +))
        #expect(plan.lines.contains { $0.reason.contains("is planned for \(major) (level II, weight 4)") })
    }

    @Test func acceptWritesEveryLineInOneAuditedTransactionOrNothing() throws {
        let (store, _) = try DispatchTests.store()
        defer { store.close() }
        let (minor, major) = try Self.twoFires(store)
        let library = try PlanLibrary.load(directory: Self.plans)
        let advisor = try Self.advisor(store)
        let plan = try advisor.plan(incidentIDs: [minor, major], library: library, now: Self.t0)
        let picked = [plan.lines.first { $0.incidentID == major }!, plan.lines.first { $0.incidentID == minor }!]
        // A line not in the plan (the minor fire's unit named for the major one) refuses everything.
        let audit = try store.dataVersion()
        let wrong = "\(major):\(picked[1].option.unit.name)"
        #expect(throws: IncidentError.self) {
            try advisor.accept(lines: [picked[0].token, wrong], scope: [minor, major], library: library, at: Self.t0, actor: Self.actor)
        }
        #expect(throws: IncidentError.self) {
            try advisor.accept(lines: ["\(major):NO-SUCH-UNIT"], scope: [minor, major], library: library, at: Self.t0, actor: Self.actor)
        }
        #expect(throws: IncidentError.self) { try advisor.accept(lines: ["nocolon"], library: library, at: Self.t0, actor: Self.actor) }
        #expect(try store.dataVersion() == audit)
        #expect(try store.assignments().isEmpty)

        let (_, written) = try advisor.accept(lines: picked.map(\.token), scope: [minor, major], library: library, at: Self.t0, actor: Self.actor)
        #expect(written.count == 2)
        #expect(try store.dataVersion() == audit + 1, "one audit row for the whole acceptance")
        let rows = try store.assignments()
        #expect(Set(rows.map(\.unitID)) == Set(picked.map(\.option.unit.id)))
        #expect(rows.allSatisfy { $0.recommended && $0.reason.hasPrefix("plan line accepted: ") })
        #expect(try IncidentLifecycle.incident(store, major).1 == .dispatched)
        #expect(try IncidentLifecycle.incident(store, minor).1 == .dispatched)
        // Accepting the same line again: the unit is no longer available, so it is no longer in the plan.
        #expect(throws: IncidentError.self) {
            try advisor.accept(lines: [picked[0].token], scope: [minor, major], library: library, at: Self.t0, actor: Self.actor)
        }
        #expect(try store.dataVersion() == audit + 1)
    }

    @Test func coverageAfterDispatchNamesTheGapAndAdvisesAMoveWithoutMovingAnything() throws {
        let (store, id) = try DispatchTests.store()
        defer { store.close() }
        let advisor = try Self.advisor(store)
        let before = try advisor.coverage(now: Self.t0)
        #expect(before.pointCount > 300)
        // Send both engines of station 02 (People's Square) away.
        let engines = try store.units().filter { $0.homeFacility == "ex:fire_station/02" && $0.kind == "engine" }.map(\.id)
        #expect(engines.count == 2)
        _ = try IncidentLifecycle.assign(store: store, incident: id, units: engines, recommended: [], reason: "test: empty station 02",
                                         at: Self.t0, actor: Self.actor)
        let after = try advisor.coverage(now: Self.t0)
        #expect(after.covered < before.covered)
        #expect(after.unitsConsidered == before.unitsConsidered - 2)
        let gap = try #require(after.areasOutside.first { $0.id == "ex:fire_district/02" })
        #expect(!gap.uncovered.isEmpty)
        #expect(gap.uncoveredAtFullStrength < gap.uncovered.count, "the gap in district 02 is the dispatch's, not the station's")
        let move = try #require(after.moves.first)
        #expect(move.gained > move.lost)
        #expect(move.coveredAfter > after.covered)
        #expect(move.reason.hasPrefix("move \(move.unit.name) ") && move.reason.contains("more point"))
        // Advice only: statuses and positions unchanged.
        let unit = try #require(try store.unit(move.unit.id))
        #expect(unit.status == "available" && unit.positionAt == nil)
    }

    @Test func aPositionFarOutsideTheCityIsRefusedAndNothingWritten() throws {
        let (store, _) = try DispatchTests.store()
        defer { store.close() }
        let audit = try store.dataVersion()
        do {
            _ = try IncidentLifecycle.report(store: store, unit: "E021", status: .available, position: Coordinate(longitude: 116.40, latitude: 39.90),
                                             at: Self.t0, actor: Self.actor)
            Issue.record("a position in Beijing was accepted for a Shanghai unit")
        } catch let e as IncidentError {
            #expect(e.description.contains("km outside the city"))
        }
        #expect(try store.dataVersion() == audit)
    }
}
