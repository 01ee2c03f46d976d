import Testing
@testable import Hazards

@Suite struct MajorHazardGradingTests {
    @Test func exerciseChlorineStore() throws {
        // 18 t chlorine (Q 5 t, β 4), 420 people within 500 m (α 2.0): S = 3.6, R = 2 × 4 × 3.6 = 28.8 → 三级.
        let chlorine = try SubstanceTable.lookup("chlorine")
        let r = try MajorHazardGrading.standard.grade([.init(substance: chlorine, quantityTonnes: 18)], peopleOffsite: 420)
        #expect(r.isMajorHazardSource)
        #expect(abs(r.sumOfRatios - 3.6) < 1e-9)
        #expect(abs(r.r - 28.8) < 1e-9)
        #expect(r.grade == .third)
        #expect(r.grade?.chineseName == "三级")
    }

    @Test func alphaBandsAndGradeBounds() throws {
        let chlorine = try SubstanceTable.lookup("chlorine")
        let g = MajorHazardGrading.standard
        #expect(try g.grade([.init(substance: chlorine, quantityTonnes: 10)], peopleOffsite: 0).alpha == 0.5)
        #expect(try g.grade([.init(substance: chlorine, quantityTonnes: 10)], peopleOffsite: 29).alpha == 1.0)
        #expect(try g.grade([.init(substance: chlorine, quantityTonnes: 10)], peopleOffsite: 30).alpha == 1.2)
        #expect(try g.grade([.init(substance: chlorine, quantityTonnes: 10)], peopleOffsite: 99).alpha == 1.5)
        // 62.5 t chlorine, α 2: R = 2 × 4 × 12.5 = 100 → 一级 (bound included).
        #expect(try g.grade([.init(substance: chlorine, quantityTonnes: 62.5)], peopleOffsite: 100).grade == .first)
        // Below the critical quantity: not a major hazard source at all.
        let small = try g.grade([.init(substance: chlorine, quantityTonnes: 2)], peopleOffsite: 500)
        #expect(!small.isMajorHazardSource && small.grade == nil)
        // Mixed holdings add up: 3 t chlorine + 30 t propane → S = 0.6 + 0.6 = 1.2.
        let mixed = try g.grade([.init(substance: chlorine, quantityTonnes: 3),
                                 .init(substance: SubstanceTable.lookup("propane"), quantityTonnes: 30)], peopleOffsite: 10)
        #expect(abs(mixed.sumOfRatios - 1.2) < 1e-9 && mixed.grade == .fourth)
        #expect(throws: HazardError.self) { try g.grade([.init(substance: chlorine, quantityTonnes: -1)], peopleOffsite: 1) }
    }
}
