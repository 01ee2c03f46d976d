import Foundation
import Testing
import TestSupport
@testable import CityImport

private func fixture(_ name: String) -> URL {
    TestPaths.fixtures.appendingPathComponent("epanet/\(name)")
}

/// The issues of a file that must fail, or a test failure when it parses.
private func issues(_ name: String) throws -> (issues: [EPANETIssue], total: Int, message: String) {
    do {
        _ = try EPANETNetwork.read(contentsOf: fixture(name))
    } catch let error {
        guard case let .invalid(file, issues, total) = error else {
            Issue.record("expected .invalid, got \(error)")
            return ([], 0, "")
        }
        #expect(file == name)
        return (issues, total, error.description)
    }
    Issue.record("\(name) parsed but should have failed")
    return ([], 0, "")
}

/// The text of a fixture line, to check that the line a test names really holds the fault.
private func line(_ n: Int, of name: String) throws -> String {
    let text = try String(contentsOf: fixture(name), encoding: .utf8)
    return String(text.split(separator: "\n", omittingEmptySubsequences: false)[n - 1])
}

@Suite("EPANET reader on small fixtures")
struct EPANETParserTests {
    @Test("tiny.inp: CRLF, tabs, mixed-case sections, comments, STATUS, DEMANDS, CV, PRV, pump, vertices, tags")
    func tiny() throws {
        let net = try EPANETNetwork.read(contentsOf: fixture("tiny.inp"))
        #expect(net.title == "Tiny valid net (Beacon fixture)")
        #expect(net.options.flowUnits == .lps && net.unitSystem == .si)
        #expect(net.junctions.map(\.id) == ["J1", "J2", "J3"])
        #expect(net.junctions[0].elevationMetres == 100)
        #expect(net.junctions[0].baseDemandLitresPerSecond == 2.5)
        #expect(net.junctions[0].patternID == "P1")
        #expect(net.junctions[0].comment == "first junction")
        #expect(net.junctions[1].elevationMetres == 90)
        // J3 had no demand in [JUNCTIONS]; [DEMANDS] gives two categories.
        #expect(net.junctions[2].demands.count == 2)
        #expect(net.junctions[2].baseDemandLitresPerSecond == 0.75)
        #expect(net.junctions[2].demands[0].category == "residential")
        #expect(net.reservoirs.map(\.id) == ["R1"] && net.reservoirs[0].headMetres == 150)
        let tank = try #require(net.tanks.first)
        #expect(tank.elevationMetres == 120 && tank.initialLevelMetres == 5 && tank.diameterMetres == 12)
        #expect(!tank.isFixedLevel)
        #expect(net.pipes.map(\.id) == ["P1", "P2", "P3", "P4"])
        #expect(net.pipes.map(\.status) == [.open, .closed, .cv, .closed])  // P2 closed by [STATUS]
        #expect(net.pipes[1].minorLossCoefficient == 0 && net.pipes[1].diameterMillimetres == 200)
        #expect(net.pumps.first?.headCurveID == "C1")
        let valve = try #require(net.valves.first)
        #expect(valve.type == .prv && valve.setting == .pressureMetres(30) && valve.status == .active)
        #expect(net.vertices["P2"]?.count == 2)
        #expect(net.nodeTags["J1"] == "Hospital")
        #expect(net.nodesWithoutCoordinates.isEmpty)
        #expect(net.warnings.isEmpty, "\(net.warnings)")
    }

    @Test("truncated.inp: the cut [PIPES] line is reported with its field count")
    func truncated() throws {
        let r = try issues("truncated.inp")
        #expect(r.total == 1)
        #expect(r.issues.first?.description
            == "truncated.inp:20: [PIPES]: expected at least 6 fields (id, node1, node2, length, diameter, roughness), found 4")
        #expect(try line(20, of: "truncated.inp").hasPrefix(" P2 J1 J2 50"))
    }

    @Test("bad_diameter.inp: names file:line, section and field")
    func badDiameter() throws {
        let r = try issues("bad_diameter.inp")
        #expect(r.total == 1)
        let issue = try #require(r.issues.first)
        #expect(issue.line == 14 && issue.section == "PIPES" && issue.field == "diameter")
        #expect(issue.description == "bad_diameter.inp:14: [PIPES] diameter: '12in' is not a number")
        #expect(try line(14, of: "bad_diameter.inp").contains("12in"))
    }

    @Test("unknown_node.inp: a pipe to a node that does not exist")
    func unknownNode() throws {
        let r = try issues("unknown_node.inp")
        #expect(r.issues.map(\.description) == ["unknown_node.inp:14: [PIPES] node2: unknown node 'J9'"])
        #expect(try line(14, of: "unknown_node.inp").contains("J9"))
    }

    @Test("duplicate_id.inp: both duplicates reported, each pointing at the first definition")
    func duplicateID() throws {
        let r = try issues("duplicate_id.inp")
        #expect(r.issues.map(\.description) == [
            "duplicate_id.inp:12: [TANKS] id: duplicate node id 'J2' (first defined at duplicate_id.inp:6 in [JUNCTIONS])",
            "duplicate_id.inp:19: [VALVES] id: duplicate link id 'P1' (first defined at duplicate_id.inp:15 in [PIPES])",
        ])
        #expect(r.message.hasPrefix("duplicate_id.inp: 2 errors:\n"))
    }

    @Test("errors are collected up to the limit, all counted, nothing returned")
    func collectsUpToLimit() throws {
        var text = "[JUNCTIONS]\n"
        for i in 1...25 { text += "J\(i) high\n" }  // lines 2…26, each with a bad elevation
        do {
            _ = try EPANETNetwork.parse(text: text, fileName: "many.inp")
            Issue.record("should fail")
        } catch let error {
            guard case let .invalid(_, issues, total) = error else { Issue.record("\(error)"); return }
            #expect(total == 25)
            #expect(issues.count == EPANETNetwork.maximumIssues)
            #expect(issues.first?.description == "many.inp:2: [JUNCTIONS] elevation: 'high' is not a number")
            #expect(issues.last?.line == 21)
            #expect(error.description.hasSuffix("… and 5 more"))
        }
    }

    @Test("other faults: bad type, bad status, unknown link in [STATUS], bad UNITS, non-positive length")
    func otherFaults() throws {
        let text = """
            [OPTIONS]
            UNITS gallons
            [JUNCTIONS]
            A 1
            B 2
            [PIPES]
            P A B 0 10 100
            Q A B 10 10 100 0 Shut
            [VALVES]
            V A B 10 XYZ 3
            [STATUS]
            NOPE closed
            """
        do {
            _ = try EPANETNetwork.parse(text: text, fileName: "faults.inp")
            Issue.record("should fail")
        } catch let error {
            guard case let .invalid(_, issues, _) = error else { Issue.record("\(error)"); return }
            let found = issues.map(\.description)
            #expect(found.contains { $0.hasPrefix("faults.inp:2: [OPTIONS] field 2: unknown flow units 'gallons'") })
            #expect(found.contains("faults.inp:7: [PIPES] length: must be greater than zero, found 0"))
            #expect(found.contains("faults.inp:8: [PIPES] status: 'Shut' is not OPEN, CLOSED or CV"))
            #expect(found.contains { $0.hasPrefix("faults.inp:10: [VALVES] type: unknown valve type 'XYZ'") })
            #expect(found.contains("faults.inp:12: [STATUS] link: unknown link 'NOPE'"))
        }
    }

    @Test("quoted ids with blanks, a header with trailing text, unknown sections warned, BOM dropped")
    func tokenQuirks() throws {
        let text = "\u{FEFF}[JUNCTIONS] ; nodes\n\"North Gate\" 10\nB 12\n[PIPES]\n\"Main 1\" \"North Gate\" B 100 150 120\n"
            + "[FOO]\nwhatever 1 2\n[END]\nJ 1\n"
        let net = try EPANETNetwork.parse(text: text, fileName: "quirks.inp")
        #expect(net.junctions.map(\.id) == ["North Gate", "B"])
        #expect(net.pipes.first?.fromNode == "North Gate" && net.pipes.first?.id == "Main 1")
        #expect(net.warnings.contains("quirks.inp:6: unknown section [FOO] skipped"))
        #expect(net.warnings.contains { $0.contains("no [OPTIONS] UNITS") })
    }

    @Test("lines are decoded as UTF-8, or Latin-1 per line; never crash on invalid bytes")
    func decoding() {
        let bytes: [UInt8] = Array("[TITLE]\r\nCaf".utf8) + [0xE9] + Array("\r\n[JUNCTIONS]\r\nJ\u{00E9} 1\r\n".utf8)
        let (lines, latin1) = EPANETLines.decode(bytes)
        #expect(lines == ["[TITLE]", "Café", "[JUNCTIONS]", "Jé 1"])
        #expect(latin1 == [2])
        let line = EPANETLines.tokenize("  A\tB ;  note \t", number: 7)
        #expect(line.tokens == ["A", "B"] && line.comment == "note" && line.number == 7)
    }

    @Test("flow units: every keyword, SI/US aliases, litres per second per unit")
    func flowUnits() {
        #expect(EPANETFlowUnits(keyword: "si") == .lps)
        #expect(EPANETFlowUnits(keyword: "US") == .gpm)
        #expect(EPANETFlowUnits(keyword: "cmh") == .cmh)
        #expect(EPANETFlowUnits(keyword: "litres") == nil)
        #expect(EPANETFlowUnits.allCases.filter { $0.unitSystem == .usCustomary }.count == 5)
        #expect(abs(EPANETFlowUnits.mgd.litresPerSecondPerUnit - 43.812636) < 1e-6)
        #expect(abs(EPANETFlowUnits.cfs.litresPerSecondPerUnit - 28.316846592) < 1e-12)
        #expect(abs(EPANETFlowUnits.cmd.litresPerSecondPerUnit * 86_400 - 1000) < 1e-9)
        let us = EPANETUnitConverter(flowUnits: .gpm, pressureUnits: .psi, headloss: .darcyWeisbach)
        #expect(abs(us.pressureMetres(100) - 70.3439) < 1e-4)  // 100 psi ≈ 70.3 m of water
        #expect(abs(us.roughness(1) - 0.3048) < 1e-12)  // D-W millifeet → mm
        #expect(abs(us.kilowatts(100) - 74.57) < 1e-9)
    }
}
