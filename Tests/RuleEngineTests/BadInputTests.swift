import Foundation
import RuleEngine
import Testing
import TestSupport

/// Plans with errors: every error is reported with file:line:column and a caret, and nothing is loaded.
@Suite struct BadInputTests {
    let lib = Shipped.library

    func errors(_ text: String) throws -> PlanErrors {
        do {
            _ = try lib.checking(planFile: "bad.yaml", text: text)
        } catch {
            return error
        }
        Issue.record("expected errors")
        throw PlanErrors([])
    }

    func gasPlan(_ edit: (String) -> String) throws -> String { edit(try Shipped.planText("gas-pipeline-leak")) }

    @Test func malformedYAMLShowsTheLineAndCaret() throws {
        let e = try errors("schema: beacon-plan/1\nid: x\nsteps:\n  - id: a\n   action: notify\n")
        let d = try #require(e.diagnostics.first)
        #expect(d.message.contains("malformed YAML"))
        #expect(d.location.line == 5)
        #expect(d.description.contains("^"))
    }

    @Test func typeErrorPointsAtTheColumnInsideTheCondition() throws {
        let text = try gasPlan { $0.replacingOccurrences(of: "when: \"gas.concentration_lel >= 20 %\"", with: "when: \"gas.concentration_lel >= 20 m\"") }
        let e = try errors(text)
        let d = try #require(e.diagnostics.first { $0.message.contains("cannot combine") })
        let line = try #require(d.sourceLine)
        // The caret sits under the '>=' operator of the comparison.
        let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: line.range(of: ">=")!.lowerBound.samePosition(in: line.unicodeScalars)!) + 1
        #expect(d.location.column == column)
        #expect(d.location.file == "bad.yaml")
    }

    @Test func unitlessThresholdOnADimensionedFactAsksForTheUnit() throws {
        let text = try gasPlan { $0.replacingOccurrences(of: "\"gas.concentration_lel >= 10 % or gas.ignited\"", with: "\"pipe.diameter >= 600 or gas.ignited\"") }
        #expect(try errors(text).contains("write the unit"))
    }

    @Test func unknownFieldUnitTypeDepartmentKindAndLayerAreAllReportedAtOnce() throws {
        let text = try gasPlan {
            $0.replacingOccurrences(of: "run_card: true\n    priority: 90", with: "units: {fire_truck: 2}\n    priority: 90")
                .replacingOccurrences(of: "[市燃气集团, 市消防救援支队", with: "[市燃气公司, 市消防救援支队")
                .replacingOccurrences(of: "within(300 m, facilities.school)", with: "within(300 m, facilities.kindergarten)")
                .replacingOccurrences(of: "within(100 m, facilities.school)", with: "within(100 m, parks.school)")
                .replacingOccurrences(of: "gas.ignited and incident.people_in_zone", with: "gas.ignition and incident.people_in_zone")
        }
        let e = try errors(text)
        #expect(e.contains("unknown unit type 'fire_truck'"))
        #expect(e.contains("unknown department '市燃气公司'"))
        #expect(e.contains("no kind 'kindergarten'"))
        #expect(e.contains("'parks.school' is neither a layer"))
        #expect(e.contains("unknown field 'gas.ignition'") && e.contains("did you mean 'gas.ignited'"))
        #expect(e.diagnostics.count >= 5)
    }

    @Test func overlappingAndGappedLevels() throws {
        let overlap = try gasPlan { $0.replacingOccurrences(of: "II: \"10 ..< 30\", III: \"3 ..< 10\"", with: "II: \"8 ..< 30\", III: \"3 ..< 10\"") }
        #expect(try errors(overlap).contains("overlaps"))
        let gap = try gasPlan { $0.replacingOccurrences(of: "II: \"10 ..< 30\", III: \"3 ..< 10\"", with: "II: \"12 ..< 30\", III: \"3 ..< 10\"") }
        #expect(try errors(gap).contains("gap"))
        let wrongUnits = try gasPlan { $0.replacingOccurrences(of: "I: \">= 1 亿元\"", with: "I: \">= 1 t\"") }
        #expect(try errors(wrongUnits).contains("is not a range of incident.direct_loss"))
    }

    @Test func cyclesUnknownDependenciesAndStepsThatNeverFire() throws {
        let text = try gasPlan {
            $0.replacingOccurrences(of: "    network: gas\n    after: [notify]", with: "    network: gas\n    after: [evacuate-wide]")
                .replacingOccurrences(of: "    after: [model-blast]", with: "    after: [isolate]\n    # cycle with isolate")
                .replacingOccurrences(of: "    zone: orange\n", with: "    zone: orange\n    when: \"response.level > I\"\n")
                .replacingOccurrences(of: "departments: [市教委]", with: "departments: [市教委]\n    after: [nowhere]")
        }
        let e = try errors(text)
        #expect(e.contains("cycle"))
        #expect(e.contains("unknown step 'nowhere'"))
        #expect(e.contains("can never fire"))
    }

    @Test func aLibraryWithOneBadPlanIsNotLoadedAtAll() throws {
        let dir = TestPaths.temporaryDirectory("plans-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("plans"), withIntermediateDirectories: true)
        for f in ["levels.yaml", "incident_types.yaml", "facts.yaml", "catalog.yaml", "run_cards.csv"] {
            try FileManager.default.copyItem(at: Shipped.directory.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        try Shipped.planText("typhoon").write(to: dir.appendingPathComponent("plans/typhoon.yaml"), atomically: true, encoding: .utf8)
        try "schema: beacon-plan/1\nid: broken\ntitle: [unclosed\n".write(to: dir.appendingPathComponent("plans/broken.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: PlanErrors.self) { try PlanLibrary.load(directory: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("plans/broken.yaml"))
        #expect(try PlanLibrary.load(directory: dir).plans.map(\.id) == ["typhoon"])
    }

    @Test func runCardErrorsNameTheCell() throws {
        let dir = TestPaths.temporaryDirectory("plans-cards")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("plans"), withIntermediateDirectories: true)
        for f in ["levels.yaml", "incident_types.yaml", "facts.yaml", "catalog.yaml"] {
            try FileManager.default.copyItem(at: Shipped.directory.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        try Shipped.planText("typhoon").write(to: dir.appendingPathComponent("plans/typhoon.yaml"), atomically: true, encoding: .utf8)
        try "area,incident_type,from,to,engine,tanker,note\n*,11200,25:00,06:00,2,1,x\n".write(to: dir.appendingPathComponent("run_cards.csv"), atomically: true, encoding: .utf8)
        do {
            _ = try PlanLibrary.load(directory: dir)
            Issue.record("expected errors")
        } catch {
            #expect(error.contains("unknown unit type 'tanker'"))
            let time = try #require(error.diagnostics.first { $0.message.contains("HH:MM") })
            #expect(time.location.line == 2 && time.location.column == 9)
        }
    }
}
