import Foundation
import Testing
import TestSupport

/// The command line as a user meets it: exit codes, messages that name the problem, and output formats.
@Suite struct StoreCommandsTests {
    let dir = TestPaths.temporaryDirectory("cli")
    var store: String { dir.appendingPathComponent("t.beacon.sqlite").path }

    func initStore() throws {
        let r = try BeaconBinary.run(["init", store, "--name", "Testville"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Testville"))
    }

    func writeShelters() throws -> URL {
        let csv = dir.appendingPathComponent("shelters.csv")
        try """
            id,name,lon,lat,cap
            S1,人民广场避难场所,121.4737,31.2304,5000
            S2,"Park, north",121.4800,31.2400,1200
            """.write(to: csv, atomically: true, encoding: .utf8)
        return csv
    }

    @Test func initImportFindShowAuditEndToEnd() throws {
        try initStore()
        let csv = try writeShelters()
        let imp = try BeaconBinary.run(["import", "csv", "--store", store, "--layer", "facilities", "--kind", "shelter",
                                        "--id-field", "id", "--map", "cap=capacity", csv.path])
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stdout.contains("2 inserted"))
        let again = try BeaconBinary.run(["import", "csv", "--store", store, "--layer", "facilities", "--kind", "shelter",
                                          "--id-field", "id", "--map", "cap=capacity", csv.path])
        #expect(again.stdout.contains("0 inserted, 2 updated"))

        let find = try BeaconBinary.run(["find", "--store", store, "--near", "121.4737,31.2304", "--nearest", "2"])
        #expect(find.status == 0)
        let lines = find.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[2].contains("人民广场避难场所") && lines[2].hasPrefix("         0"))
        #expect(lines[3].contains("Park, north"))

        let json = try BeaconBinary.run(["find", "--store", store, "--near", "121.4737,31.2304", "--radius", "2000", "--json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 2)
        let distance = (parsed?[1]["properties"] as? [String: Any])?["distance_m"] as? Double
        #expect(distance.map { abs($0 - 1235) < 15 } == true, "distance \(String(describing: distance))")

        let show = try BeaconBinary.run(["show", "--store", store, "shelters:S1"])
        #expect(show.stdout.contains("capacity") && show.stdout.contains("5000"))

        let audit = try BeaconBinary.run(["audit", "--store", store, "--verify"])
        #expect(audit.stdout.contains("audit chain intact: 8 rows"))  // migrate v1–v5, init, two imports
        #expect(audit.stdout.contains("cli-test") && audit.stdout.contains("test-desk"))
    }

    @Test func swappedCoordinatesAndUnknownLayersAreRefusedWithTheReason() throws {
        try initStore()
        let swapped = try BeaconBinary.run(["find", "--store", store, "--near", "31.2304,121.4737"])
        #expect(swapped.status != 0)
        #expect(swapped.stderr.contains("swapped"))
        let layer = try BeaconBinary.run(["find", "--store", store, "--near", "121.4,31.2", "--layer", "rivers"])
        #expect(layer.status != 0 && layer.stderr.contains("unknown layer 'rivers'"))
        let missing = try BeaconBinary.run(["layers", "--store", dir.appendingPathComponent("nope.sqlite").path])
        #expect(missing.status != 0 && missing.stderr.contains("beacon init"))
    }

    @Test func aBadRowNamesItsLineAndColumnAndChangesNothing() throws {
        try initStore()
        let csv = dir.appendingPathComponent("bad.csv")
        try "id,name,lon,lat\nA,ok,121.47,31.23\nB,bad,121.47,north\nC,swapped,31.23,121.47\n".write(to: csv, atomically: true, encoding: .utf8)
        let r = try BeaconBinary.run(["import", "csv", "--store", store, "--layer", "facilities", "--kind", "shelter", "--id-field", "id", csv.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("line 3, column \"lat\""))
        #expect(r.stderr.contains("line 4") && r.stderr.contains("swapped"))
        let layers = try BeaconBinary.run(["layers", "--store", store, "--json"])
        let parsed = try JSONSerialization.jsonObject(with: Data(layers.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.first { $0["layer"] as? String == "facilities" }?["count"] as? Int == 0)
    }

    @Test func nonUTF8InputIsNamed() throws {
        try initStore()
        let csv = dir.appendingPathComponent("latin1.csv")
        var bytes = Array("id,name,lon,lat\nA,ok,121.47,31.23\n".utf8)
        bytes += [0x42, 0x2C, 0x43, 0x61, 0x66, 0xE9, 0x2C, 0x31, 0x32, 0x31, 0x2C, 0x33, 0x31, 0x0A]
        try Data(bytes).write(to: csv)
        let r = try BeaconBinary.run(["import", "csv", "--store", store, "--layer", "facilities", "--kind", "shelter", csv.path])
        #expect(r.status != 0 && r.stderr.contains("line 3") && r.stderr.contains("UTF-8"))
    }
}

/// Broken files of every kind are refused with the file and the reason, and the store stays as it was.
@Suite struct BadFileTests {
    let dir = TestPaths.temporaryDirectory("bad-files")
    var store: String { dir.appendingPathComponent("b.beacon.sqlite").path }

    func auditRows() throws -> Int {
        let out = try BeaconBinary.run(["audit", "--store", store, "--verify"]).stdout
        return Int(out.split(separator: "\n").first?.split(separator: " ").dropLast().last ?? "") ?? -1
    }

    @Test func truncatedUnknownAndMisplacedInputChangesNothing() throws {
        try BeaconBinary.run(["init", store])
        let before = try auditRows()
        #expect(before > 0)

        // A .pbf cut short.
        let pbf = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("osm/monaco_sample.osm.pbf"))
        let cut = dir.appendingPathComponent("cut.osm.pbf")
        try pbf.prefix(pbf.count / 2).write(to: cut)
        let r1 = try BeaconBinary.run(["import", "osm", "--store", store, cut.path])
        #expect(r1.status != 0 && r1.stderr.contains("cut.osm.pbf"))

        // An EPANET file cut in the middle of a line, and an unknown EPSG code.
        let inp = TestPaths.fixtures.appendingPathComponent("epanet/tiny.inp")
        let r2 = try BeaconBinary.run(["import", "epanet", "--store", store, "--crs", "EPSG:999999", inp.path])
        #expect(r2.status != 0 && r2.stderr.contains("EPSG:999999"))
        let truncated = TestPaths.fixtures.appendingPathComponent("epanet/truncated.inp")
        let r3 = try BeaconBinary.run(["import", "epanet", "--store", store, "--anchor", "121.47,31.23", truncated.path])
        #expect(r3.status != 0 && r3.stderr.contains("truncated.inp:"))

        // EPANET without a placement: refused with the extent, not guessed.
        let r4 = try BeaconBinary.run(["import", "epanet", "--store", store, inp.path])
        #expect(r4.status != 0 && r4.stderr.contains("say where the network is"))

        // GeoJSON with latitude and longitude swapped.
        let swapped = dir.appendingPathComponent("swapped.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"s1","properties":{"kind":"shelter"},"geometry":{"type":"Point","coordinates":[31.23,121.47]}}]}"#
            .write(to: swapped, atomically: true, encoding: .utf8)
        let r5 = try BeaconBinary.run(["import", "geojson", "--store", store, "--layer", "facilities", "--kind", "shelter", swapped.path])
        #expect(r5.status != 0 && r5.stderr.contains("features[0].geometry.coordinates") && r5.stderr.contains("swapped"))

        #expect(try auditRows() == before)
    }
}
