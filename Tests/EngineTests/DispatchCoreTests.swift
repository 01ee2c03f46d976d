import Engine
import Foundation
import NetworkAnalysis
import SpatialCore
import Testing

/// The dispatcher core without a store: a straight-line model, units made in memory.
@Suite struct DispatchCoreTests {
    /// Straight line at 10 m/s; counts its calls.
    final class LineModel: TravelTimeModel {
        var calls = 0
        var basis: String { "straight line at 36 km/h (test)" }
        func fastest(from candidates: [(id: String, at: Coordinate)], to target: Coordinate, limitSeconds: Double) throws -> [DispatchCandidate] {
            calls += 1
            return RoadlessCandidates.make(candidates.map { ($0.id, Haversine.distanceMetres($0.at, target) / 10) }, limit: limitSeconds)
        }
    }

    static let centre = Coordinate(longitude: 121.4737, latitude: 31.2304)
    /// A point `east` and `north` metres from the centre.
    static func at(_ east: Double, _ north: Double) -> Coordinate {
        Coordinate(longitude: centre.longitude + east / (111_320 * cos(centre.latitude * .pi / 180)), latitude: centre.latitude + north / 110_574)
    }
    static func unit(_ name: String, _ kind: String, _ at: Coordinate, caps: Set<String> = [], home: String? = nil,
                     avl: Bool = false, status: String = "available") -> DispatchUnit {
        DispatchUnit(id: "u/\(name)", name: name, kind: kind, capabilities: caps, status: status, start: at,
                     origin: avl ? .avl(ageSeconds: 30) : .homeStation(name: home ?? "station of \(name)", staleSeconds: nil),
                     homeStation: home, turnoutSeconds: 60)
    }

    @Test func aGasLeakGetsTheGasCrewNotTheNearerWaterCrew() throws {
        let units = [Self.unit("W-WATER", "repair_crew", Self.at(300, 0), caps: ["water-network", "valve-operation"]),
                     Self.unit("W-GAS", "repair_crew", Self.at(3000, 0), caps: ["gas-network", "valve-operation"]),
                     Self.unit("E1", "engine", Self.at(0, 500))]
        let table = try CapabilityRequirements.parse("incident_type,unit_type,capabilities,note\n23100,repair_crew,gas-network,gas\n", file: "caps.csv")
        let needs = table.needs(typeCode: "23100", units: ["repair_crew": 1, "engine": 1])
        #expect(needs.map(\.label) == ["engine", "repair_crew[gas-network]"])
        let r = try DispatchCore(model: LineModel()).recommend(DispatchRequest(incidentID: "I", target: Self.centre, needs: needs), units: units)
        let crew = try #require(r.picks.first { $0.need == "repair_crew[gas-network]" })
        #expect(crew.option.unit.name == "W-GAS")
        #expect(crew.reason.contains("has gas-network"))
        #expect(r.shortfall.isEmpty)
        // A water main takes the water crew: the table's longest prefix per unit type decides.
        let water = table.needs(typeCode: "23200", units: ["repair_crew": 1])
        #expect(water.map(\.label) == ["repair_crew"])
        // Capability-only needs work too, and a need nobody meets is a shortfall.
        let r2 = try DispatchCore(model: LineModel()).recommend(
            DispatchRequest(incidentID: "I", target: Self.centre, needs: [DispatchNeed(kind: nil, capabilities: ["valve-operation"], count: 2),
                                                                           DispatchNeed(kind: "hazmat", count: 1)]), units: units)
        #expect(Set(r2.picks.map(\.option.unit.name)) == ["W-WATER", "W-GAS"])
        #expect(r2.shortfall == ["hazmat": 1])
    }

    @Test func capabilityTableErrorsNameFileAndLine() {
        #expect(throws: DispatchError.self) { try CapabilityRequirements.parse("incident_type,unit_type,capabilities,note\n23100,repair_crew,,x\n", file: "c.csv") }
        do {
            _ = try CapabilityRequirements.parse("incident_type,unit_type,capabilities,note\n\nabc,repair_crew,gas,x\n", file: "c.csv")
            Issue.record("a bad code was accepted")
        } catch { #expect("\(error)".hasPrefix("c.csv:3: incident_type")) }
        #expect(throws: DispatchError.self) { try ZoneRunOrders.parse("district,stations\nd1,s1 s2 s1\n", file: "r.csv") }
        #expect(throws: DispatchError.self) { try ZoneRunOrders.parse("district,stations\nd1,s1\nd1,s2\n", file: "r.csv") }
    }

    @Test func noUnitTwiceAcrossNeedsAndNextBestNamed() throws {
        // E1 is both an engine and has rescue-basic: the scarcer need (rescue-basic) picks first.
        let units = [Self.unit("E1", "engine", Self.at(100, 0), caps: ["rescue-basic"]), Self.unit("E2", "engine", Self.at(900, 0)),
                     Self.unit("E3", "engine", Self.at(1500, 0))]
        let r = try DispatchCore(model: LineModel()).recommend(
            DispatchRequest(incidentID: "I", target: Self.centre, needs: [DispatchNeed(kind: "engine", count: 1),
                                                                           DispatchNeed(kind: nil, capabilities: ["rescue-basic"], count: 1)]), units: units)
        #expect(r.picks.count == 2)
        #expect(Set(r.picks.map(\.option.unit.name)) == ["E1", "E2"])
        #expect(r.picks.first { $0.option.unit.name == "E2" }?.reason.contains("next best E3") == true)
    }

    @Test func runOrderRanksUnitsWithoutFreshAVLAndSaysSo() throws {
        // Station B is nearer, but the district's run order puts A first; a fresh-AVL unit merges in by ETA.
        let a = Self.unit("EA", "engine", Self.at(1200, 0), home: "fs/A"), b = Self.unit("EB", "engine", Self.at(600, 0), home: "fs/B")
        let order = ZoneRunOrder(district: "d/1", stations: ["fs/A", "fs/B"])
        let core = DispatchCore(model: LineModel())
        let plain = try core.recommend(DispatchRequest(incidentID: "I", target: Self.centre, needs: [DispatchNeed(kind: "engine", count: 1)]), units: [a, b])
        #expect(plain.picks.map(\.option.unit.name) == ["EB"])
        let ordered = try core.recommend(DispatchRequest(incidentID: "I", target: Self.centre, needs: [DispatchNeed(kind: "engine", count: 1)],
                                                         runOrder: order), units: [a, b])
        #expect(ordered.picks.map(\.option.unit.name) == ["EA"])
        #expect(ordered.picks[0].reason.contains("1st due by the zone run order of d/1 (no fresh AVL)"))
        #expect(ordered.picks[0].reason.contains("next best EB"))
        let moving = Self.unit("EV", "engine", Self.at(0, 400), avl: true)
        let merged = try core.recommend(DispatchRequest(incidentID: "I", target: Self.centre, needs: [DispatchNeed(kind: "engine", count: 2)],
                                                        runOrder: order), units: [a, b, moving])
        #expect(merged.ranked["engine"]!.map(\.unit.name) == ["EV", "EA", "EB"])
        #expect(merged.picks.first { $0.option.unit.name == "EV" }?.reason.contains("from AVL position (30 s old)") == true)
    }

    @Test func unavailableUnitsAreNeverPicked() throws {
        let units = [Self.unit("E1", "engine", Self.at(100, 0), status: "dispatched"), Self.unit("E2", "engine", Self.at(900, 0))]
        let r = try DispatchCore(model: LineModel()).recommend(DispatchRequest(incidentID: "I", target: Self.centre, needs: [DispatchNeed(kind: "engine", count: 2)]), units: units)
        #expect(r.picks.map(\.option.unit.name) == ["E2"])
        #expect(r.shortfall == ["engine": 1])
    }

    @Test func minCostAssignmentEqualsBruteForce() {
        var rng = SplitMix64(seed: 7)
        for trial in 0..<200 {
            let rows = 1 + trial % 5, columns = rows + (trial / 5) % 3
            let cost = (0..<(rows * columns)).map { _ in Double(rng.int(in: 0...50)) }
            let columnOf = MinCostAssignment.solve(rows: rows, columns: columns, cost: cost)
            #expect(Set(columnOf).count == rows)
            let total = columnOf.enumerated().reduce(0.0) { $0 + cost[$1.offset * columns + $1.element] }
            #expect(total == Self.bruteForce(rows, columns, cost), "trial \(trial)")
        }
    }

    static func bruteForce(_ rows: Int, _ columns: Int, _ cost: [Double]) -> Double {
        var best = Double.infinity, used = [Bool](repeating: false, count: columns)
        func go(_ r: Int, _ sum: Double) {
            if sum >= best { return }
            if r == rows { best = sum; return }
            for c in 0..<columns where !used[c] {
                used[c] = true
                go(r + 1, sum + cost[r * columns + c])
                used[c] = false
            }
        }
        go(0, 0)
        return best
    }

    @Test func planIsTheWeightedOptimumAndNeverWorseThanFirstComeFirstServed() throws {
        var rng = SplitMix64(seed: 2025)
        var strictlyBetter = 0
        for trial in 0..<60 {
            let units = (0..<7).map { i in
                Self.unit("U\(i)", i % 3 == 0 ? "ambulance" : "engine", Self.at(Double(rng.int(in: -3000...3000)), Double(rng.int(in: -3000...3000))))
            }
            let levels = ["I", "II", "III", "IV"]
            let requests = (0..<3).map { r in
                DispatchRequest(incidentID: "INC-\(r)", target: Self.at(Double(rng.int(in: -2000...2000)), Double(rng.int(in: -2000...2000))),
                                needs: [DispatchNeed(kind: "engine", count: 1 + r % 2), DispatchNeed(kind: "ambulance", count: r == 2 ? 1 : 0)],
                                level: levels[rng.int(in: 0...3)], calledAt: "2025-08-09T14:3\(r):00+08:00")
            }
            let plan = try DispatchCore(model: LineModel()).plan(requests, units: units)
            // Brute force over slots × units with the same weights and ETAs.
            let weights = LevelWeights.doubling
            var slots: [(DispatchRequest, String)] = []
            for r in requests { for n in r.needs { for _ in 0..<n.count { slots.append((r, n.kind!)) } } }
            var cost: [Double] = []
            for (r, kind) in slots {
                for u in units {
                    cost.append(u.kind == kind ? weights.weight(r.level) * (60 + Haversine.distanceMetres(u.start, r.target) / 10) : 1e12)
                }
            }
            let best = Self.bruteForce(slots.count, units.count, cost)
            #expect(abs(plan.totalWeightedSeconds - best) < 1e-6, "trial \(trial): plan \(plan.totalWeightedSeconds) vs brute force \(best)")
            #expect(plan.lines.count == slots.count && plan.shortfall.isEmpty)
            #expect(Set(plan.lines.map(\.option.unit.id)).count == plan.lines.count)
            #expect(plan.totalWeightedSeconds <= plan.greedyTotalWeightedSeconds + 1e-6)
            if plan.totalWeightedSeconds < plan.greedyTotalWeightedSeconds - 1e-6 { strictlyBetter += 1 }
        }
        #expect(strictlyBetter > 0, "the plan never beat first come, first served")
    }

    @Test func aHigherLevelIncidentTakesTheNearUnitAndTheShortfallGoesToTheLowerLevel() throws {
        let units = [Self.unit("NEAR", "engine", Self.at(200, 0))]
        let minor = DispatchRequest(incidentID: "INC-A", target: Self.at(0, 0), needs: [DispatchNeed(kind: "engine", count: 1)], level: "IV",
                                    calledAt: "2025-08-09T14:30:00+08:00")
        let major = DispatchRequest(incidentID: "INC-B", target: Self.at(400, 0), needs: [DispatchNeed(kind: "engine", count: 1)], level: "II",
                                    calledAt: "2025-08-09T14:31:00+08:00")
        let plan = try DispatchCore(model: LineModel()).plan([minor, major], units: units)
        #expect(plan.lines.map(\.token) == ["INC-B:NEAR"])
        #expect(plan.shortfall == [DispatchPlan.Shortfall(incidentID: "INC-A", need: "engine", count: 1)])
        #expect(plan.greedyLines.map(\.token) == ["INC-A:NEAR"])
        #expect(throws: DispatchError.self) { try DispatchCore(model: LineModel()).plan([minor, minor], units: units) }
    }

    @Test func planReasonsNameTheIncidentThatGotTheFasterUnit() throws {
        let units = [Self.unit("E1", "engine", Self.at(100, 0)), Self.unit("E2", "engine", Self.at(2000, 0))]
        let minor = DispatchRequest(incidentID: "INC-A", target: Self.at(0, 0), needs: [DispatchNeed(kind: "engine", count: 1)], level: "IV")
        let major = DispatchRequest(incidentID: "INC-B", target: Self.at(300, 0), needs: [DispatchNeed(kind: "engine", count: 1)], level: "I")
        let plan = try DispatchCore(model: LineModel()).plan([minor, major], units: units)
        let a = try #require(plan.lines.first { $0.incidentID == "INC-A" })
        #expect(a.option.unit.name == "E2")
        #expect(a.reason.contains("faster E1") && a.reason.contains("planned for INC-B (level I, weight 8)"))
    }

    @Test func coverageFindsTheGapAndTheMoveThatClosesIt() throws {
        // Two stations 6 km apart, both engines at A: the points around B are uncovered; moving one engine to B restores them.
        let a = CoverageSite(id: "fs/A", name: "Station A", at: Self.at(0, 0)), b = CoverageSite(id: "fs/B", name: "Station B", at: Self.at(6000, 0))
        let units = [Self.unit("E1", "engine", a.at, home: "fs/A"), Self.unit("E2", "engine", a.at, home: "fs/A"),
                     Self.unit("A1", "ambulance", b.at, home: "fs/B")]
        let points = [CoveragePoint(id: "p/a1", area: "d/A", at: Self.at(500, 0)), CoveragePoint(id: "p/a2", area: "d/A", at: Self.at(-800, 0)),
                      CoveragePoint(id: "p/b1", area: "d/B", at: Self.at(6500, 0)), CoveragePoint(id: "p/b2", area: "d/B", at: Self.at(5200, 300))]
        let report = try UnitCoverageAdvisor(model: LineModel()).advise(points: points, units: units, sites: [a, b], unitKinds: ["engine"])
        #expect(report.covered == 2)
        #expect(report.areasOutside.map(\.id) == ["d/B"])
        #expect(report.areasOutside[0].uncovered == ["p/b1", "p/b2"])
        #expect(report.areasOutside[0].uncoveredAtFullStrength == 2)   // no engine is based at B
        #expect(report.moves.count == 1)
        let move = try #require(report.moves.first)
        #expect(move.to.id == "fs/B" && move.gained == 2 && move.lost == 0 && move.coveredAfter == 4)
        #expect(move.reason.contains("to Station B") && move.reason.contains("none lost"))
        // With one engine only, moving it would uncover A: a net gain of zero is no advice.
        let single = try UnitCoverageAdvisor(model: LineModel()).advise(points: points, units: [units[0]], sites: [a, b], unitKinds: ["engine"])
        #expect(single.moves.isEmpty)
    }

    @Test func boundedRoadSearchIsExactForTheFastestOfEveryGroup() throws {
        // A 40 × 40 street grid; candidates on random junction edges; groups of every third candidate.
        var roads: [Feature] = []
        func c(_ r: Int, _ k: Int) -> Coordinate { Coordinate(longitude: 121.40 + Double(k) * 0.002, latitude: 31.20 + Double(r) * 0.0018) }
        for i in 0..<40 {
            roads.append(Feature(id: "r/\(i)", layer: .roads, kind: i % 5 == 0 ? "primary" : "residential", geometry: .lineString((0..<40).map { c(i, $0) })))
            roads.append(Feature(id: "c/\(i)", layer: .roads, kind: i % 7 == 0 ? "secondary" : "residential", geometry: .lineString((0..<40).map { c($0, i) })))
        }
        let network = RoadNetwork(roads: roads)
        let snap = EdgeSnapIndex(network.graph)
        var rng = SplitMix64(seed: 11)
        let positions = try (0..<120).map { _ in try snap.snap(c(rng.int(in: 0...39), rng.int(in: 0...39)), in: network.graph, maxOffNetworkMetres: 500) { _ in true } }
        let target = try snap.snap(c(20, 20), in: network.graph, maxOffNetworkMetres: 500) { _ in true }
        var router = RoadRouter(network: network)
        let full = router.fastest(from: positions, to: target)
        var exact = [Double](repeating: .infinity, count: positions.count)
        for t in full { exact[t.index] = t.travelSeconds }
        let groups = [Array(stride(from: 0, to: 120, by: 3)), Array(stride(from: 1, to: 120, by: 3)), Array(stride(from: 2, to: 120, by: 30))]
        let metres = positions.map { Haversine.distanceMetres($0.point, target.point) }
        for (enough, start, hinted) in [([3, 1, 2], 10.0, false), ([5, 2, 4], 400.0, false), ([1, 1, 1], 1.0, false), ([3, 1, 2], 30.0, true),
                                        ([4, 3, 2], 5.0, true)] {
            // Hints: the straight-line nearest of each group (as RoadTravelTimes gives them), or none.
            let hints = hinted ? zip(groups, enough).flatMap { g, n in g.sorted { (metres[$0], $0) < (metres[$1], $1) }.prefix(n) } : []
            let (got, radius) = router.fastest(from: positions, to: target, groups: groups, enough: enough, hints: hints, startSeconds: start)
            for i in positions.indices {
                if exact[i] <= radius { #expect(abs(got[i] - exact[i]) < 1e-9) } else { #expect(got[i] == .infinity) }
            }
            for (g, n) in zip(groups, enough) {
                #expect(g.filter { got[$0].isFinite }.count >= min(n, g.count))
                // The n fastest of the group are exactly the full search's n fastest.
                #expect(g.map { got[$0] }.sorted().prefix(n) == g.map { exact[$0] }.sorted().prefix(n))
            }
            if start < 100 { #expect(radius < full.map(\.travelSeconds).max()!, "the search was not bounded") }
            if radius == .infinity { #expect(got == exact) }
        }
    }
}

/// Builds model answers from (id, seconds) pairs for a test model: fastest first, beyond the limit infinite.
enum RoadlessCandidates {
    static func make(_ pairs: [(String, Double)], limit: Double) -> [DispatchCandidate] {
        pairs.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map { id, s in
            DispatchCandidate(id: id, travelSeconds: s <= limit ? s : .infinity, note: s <= limit ? nil : "beyond the limit")
        }
    }
}
