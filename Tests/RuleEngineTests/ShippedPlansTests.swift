import Foundation
import RuleEngine
import SpatialCore
import Testing
import TestSupport

@Suite struct ShippedPlansTests {
    @Test func everyShippedPlanLoadsAndChecks() throws {
        let lib = try PlanLibrary.load(directory: Shipped.directory)
        #expect(lib.plans.count >= 6)
        let ids = Set(lib.plans.map(\.id))
        for id in ["gas-pipeline-leak", "water-main-burst", "chlorine-store-release", "building-fire", "typhoon", "urban-waterlogging"] {
            #expect(ids.contains(id), "missing plan \(id)")
        }
        #expect(lib.plans.contains { $0.kind == .enterprise })
        #expect(lib.levels.count == 4)
        #expect(!lib.runCards.cards.isEmpty)
        // Every plan's incident types resolve, and every plan has at least one step with no condition (fires on activation).
        for plan in lib.plans {
            #expect(plan.incidentTypes.allSatisfy { p in lib.incidentTypes.contains { $0.isCovered(by: p) } })
            #expect(plan.steps.contains { $0.when.source == "true" }, "plan \(plan.id) has no unconditional step")
        }
    }

    @Test func runCardsPreferTheDistrictAndTheNight() throws {
        let cards = Shipped.library.runCards
        let day = try #require(cards.requirement(typeCode: "22100", districts: [], minuteOfDay: 12 * 60))
        let night = try #require(cards.requirement(typeCode: "22100", districts: [], minuteOfDay: 23 * 60))
        let square = try #require(cards.requirement(typeCode: "22100", districts: ["ex:fire_district/02"], minuteOfDay: 12 * 60))
        #expect(day.units["engine"] == 3)
        #expect(night.units["engine"] == 4)
        #expect(square.units["ladder"] == 2)
        #expect(cards.requirement(typeCode: "31000", districts: [], minuteOfDay: 0) == nil)
    }
}
