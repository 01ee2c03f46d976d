import Foundation
import Testing
import TestSupport
@testable import CityImport
import SpatialCore

/// Counts data lines per section the simplest possible way, independently of the reader:
/// bytes as Latin-1, split at LF, drop CR, cut at `;`, trim blanks and NULs, skip empty lines,
/// `[NAME]` starts a section (full upper-case name), `[END]` stops.
private func independentSectionCounts(_ url: URL) throws -> [String: Int] {
    let bytes = try [UInt8](Data(contentsOf: url))
    var counts: [String: Int] = [:]
    var section = ""
    // Split the bytes, not a String: Swift treats CR LF as one Character.
    for rawBytes in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
        var raw = ""
        raw.unicodeScalars.append(contentsOf: rawBytes.map { Unicode.Scalar($0) })
        let beforeComment = raw.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let line = beforeComment.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\0"))
        if line.isEmpty { continue }
        if line.hasPrefix("[") {
            section = line.uppercased().trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
            if section == "END" { break }
            continue
        }
        counts[section, default: 0] += 1
    }
    return counts
}

private let epanetFiles: [URL] = {
    guard let dir = TestPaths.sharedData?.appendingPathComponent("epanet") else { return [] }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.lowercased().hasSuffix(".inp") }.sorted().map { dir.appendingPathComponent($0) }
}()

private func sharedEPANET(_ name: String) throws -> EPANETNetwork {
    let url = try #require(TestPaths.sharedData).appendingPathComponent("epanet/\(name)")
    return try EPANETNetwork.read(contentsOf: url)
}

@Suite("EPANET reader on every shared .inp file", .enabled(if: TestPaths.sharedData != nil))
struct EPANETSharedDataTests {
    @Test("the shared folder has the files the issue names")
    func filesPresent() {
        let names = Set(epanetFiles.map(\.lastPathComponent))
        for required in ["Net1.inp", "Net3.inp", "MICROPOLIS_v1.inp", "BIN.inp", "BAK.inp", "ky1.inp"] {
            #expect(names.contains(required), "\(required) missing from shared/data/epanet")
        }
        #expect(epanetFiles.count >= 20)
    }

    @Test("parses and component counts equal an independent count of data lines", arguments: epanetFiles)
    func countsMatchIndependentCounter(url: URL) throws {
        let net = try EPANETNetwork.read(contentsOf: url)
        let expected = try independentSectionCounts(url)
        let name = url.lastPathComponent
        #expect(net.junctions.count == expected["JUNCTIONS", default: 0], "\(name) junctions")
        #expect(net.reservoirs.count == expected["RESERVOIRS", default: 0], "\(name) reservoirs")
        #expect(net.tanks.count == expected["TANKS", default: 0], "\(name) tanks")
        #expect(net.pipes.count == expected["PIPES", default: 0], "\(name) pipes")
        #expect(net.pumps.count == expected["PUMPS", default: 0], "\(name) pumps")
        #expect(net.valves.count == expected["VALVES", default: 0], "\(name) valves")
        #expect(net.coordinates.count == expected["COORDINATES", default: 0], "\(name) coordinates")
        #expect(net.vertices.values.reduce(0) { $0 + $1.count } == expected["VERTICES", default: 0], "\(name) vertices")
        #expect(!net.junctions.isEmpty)
        // Every link's ends are known nodes (the reader promises this).
        let nodes = Set(net.allNodeIDs)
        for p in net.pipes { #expect(nodes.contains(p.fromNode) && nodes.contains(p.toNode)) }
    }

    @Test("Net3: 92 junctions, 2 reservoirs, 3 tanks, 117 pipes, 2 pumps, no valves; values as in the file")
    func net3() throws {
        let net = try sharedEPANET("Net3.inp")
        #expect(net.junctions.count == 92)
        #expect(net.reservoirs.count == 2)
        #expect(net.tanks.count == 3)
        #expect(net.pipes.count == 117)
        #expect(net.pumps.count == 2)
        #expect(net.valves.isEmpty)
        #expect(net.unitSystem == .usCustomary)
        #expect(net.options.flowUnits == .gpm)
        // Line 118: " 101  10  101  14200  18  110  0  Open"
        let p101 = try #require(net.pipes.first { $0.id == "101" })
        #expect(p101.fromNode == "10" && p101.toNode == "101")
        #expect(abs(p101.lengthMetres - 14200 * 0.3048) < 1e-9)
        #expect(abs(p101.diameterMillimetres - 18 * 25.4) < 1e-9)
        #expect(p101.roughness == 110)
        // Line 229: pipe 330 is Closed in [PIPES]; line 247: pump 10 Closed in [STATUS].
        #expect(net.pipes.first { $0.id == "330" }?.status == .closed)
        #expect(net.pumps.first { $0.id == "10" }?.status == .closed)
        #expect(net.pumps.first { $0.id == "335" }?.status == .open)
        // Line 17: junction 101, elevation 42 ft, demand 189.95 GPM.
        let j = try #require(net.junctions.first { $0.id == "101" })
        #expect(abs(j.elevationMetres - 42 * 0.3048) < 1e-9)
        #expect(abs(j.baseDemandLitresPerSecond - 189.95 * 3.785411784 / 60) < 1e-9)
        #expect(net.reservoirs.map(\.id) == ["River", "Lake"])
        #expect(abs(net.reservoirs[0].headMetres - 220 * 0.3048) < 1e-9)
        let tank1 = try #require(net.tanks.first)
        #expect(abs((tank1.minimumLevelMetres ?? -1) - 0.1 * 0.3048) < 1e-9)  // ".1" in the file
        #expect(net.nodesWithoutCoordinates.isEmpty)
    }

    @Test("Net1 is GPM/feet: pipe 10 is 10530 ft = 3209.5 m long, 18 in = 457.2 mm wide")
    func net1Units() throws {
        let net = try sharedEPANET("Net1.inp")
        #expect(net.unitSystem == .usCustomary)
        let p10 = try #require(net.pipes.first { $0.id == "10" })
        #expect(abs(p10.lengthMetres - 3209.544) < 1e-6)
        #expect(abs(p10.diameterMillimetres - 457.2) < 1e-9)
        // Junction 11: demand 150 GPM = 9.4635 L/s; tank 2: diameter 50.5 ft.
        let j11 = try #require(net.junctions.first { $0.id == "11" })
        #expect(abs(j11.baseDemandLitresPerSecond - 9.46352946) < 1e-6)
        #expect(abs((net.tanks.first?.diameterMetres ?? 0) - 15.3924) < 1e-9)
        #expect(net.pumps.first?.headCurveID == "1")
    }

    @Test("BAK: lower-case `units si` means LPS; values stay as written; 2-field tank is fixed-level")
    func bakSI() throws {
        let net = try sharedEPANET("BAK.inp")
        #expect(net.options.flowUnits == .lps)
        #expect(net.unitSystem == .si)
        #expect(net.options.headloss == .hazenWilliams)
        // "  2  1  2  470 1100.0  100" → 470 m, 1100 mm.
        let p2 = try #require(net.pipes.first { $0.id == "2" })
        #expect(p2.lengthMetres == 470)
        #expect(p2.diameterMillimetres == 1100)
        #expect(net.junctions.first { $0.id == "6" }?.baseDemandLitresPerSecond == 231.75)
        let tank = try #require(net.tanks.first)
        #expect(tank.id == "99" && tank.elevationMetres == 58 && tank.isFixedLevel)
    }

    @Test("BIN: a non-UTF-8 line decodes as Latin-1, with a warning naming it")
    func binLatin1() throws {
        let net = try sharedEPANET("BIN.inp")
        // Byte 0xA1 in "Almer\xA1a" is "¡" in ISO-8859-1 (the author's DOS code page 850 meant "í").
        #expect(net.title.contains("Almer\u{00A1}a"))
        #expect(net.warnings.contains { $0.hasPrefix("BIN.inp:2: 1 line is not valid UTF-8") })
        #expect(net.warnings.contains { $0.contains("ISO-8859-1") })
        #expect(net.junctions.count == 443)
    }

    @Test("MICROPOLIS: clock times like `6 AM` in [RULES]/[TIMES] do not disturb reading")
    func micropolis() throws {
        let net = try sharedEPANET("MICROPOLIS_v1.inp")
        #expect(net.valves.count == 196)
        #expect(net.valves.allSatisfy { $0.type == .tcv })
        #expect(net.pumps.first { $0.id == "HSP#2" }?.status == .closed)
        #expect(net.valves.first { $0.id == "V1" }?.status == .open)
        // Comments carry the service-connection material: ";Svconn;Copper\t;1950".
        #expect(net.pipes.first { $0.id == "SC0" }?.comment?.contains("Copper") == true)
    }

    @Test("MOD: NUL padding after [END] is ignored")
    func modNulPadding() throws {
        let net = try sharedEPANET("MOD.inp")
        #expect(net.junctions.count == 268)
        #expect(net.warnings.isEmpty, "\(net.warnings)")
    }

    @Test("L-TOWN: [DEMANDS] replace the [JUNCTIONS] demand; CMH converts to L/s")
    func ltownDemands() throws {
        let net = try sharedEPANET("L-TOWN.inp")
        #expect(net.options.flowUnits == .cmh)
        let url = try #require(TestPaths.sharedData).appendingPathComponent("epanet/L-TOWN.inp")
        #expect(net.junctions.reduce(0) { $0 + $1.demands.count } >= (try independentSectionCounts(url))["DEMANDS"]!)
        #expect(net.valves.allSatisfy {
            if case .pressureMetres = $0.setting { true } else { false }
        })
    }

    @Test("Kentucky ky1: coordinates are state-plane feet, not degrees")
    func kentuckyCoordinates() throws {
        let net = try sharedEPANET("ky1.inp")
        let box = try #require(PlanarBounds(net.planarPoints))
        #expect(box.minX > 4_000_000 && box.maxX < 6_000_000)
        #expect(!LocalPlacement.looksLikeLongitudeLatitude(net.planarPoints))
    }
}
