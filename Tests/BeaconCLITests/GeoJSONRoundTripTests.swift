import Foundation
import Testing
import TestSupport

/// What `find --geojson` writes, `import geojson` (without --layer) reads back unchanged.
@Suite struct GeoJSONRoundTripTests {
    @Test func exportedFeaturesImportIntoAnotherStoreUnchanged() throws {
        let dir = TestPaths.temporaryDirectory("roundtrip")
        let a = dir.appendingPathComponent("a.beacon.sqlite").path, b = dir.appendingPathComponent("b.beacon.sqlite").path
        try BeaconBinary.run(["init", a])
        try BeaconBinary.run(["init", b])
        let csv = dir.appendingPathComponent("h.csv")
        try "id,name,lon,lat,beds,note\nH1,瑞金医院,121.4686,31.2108,1800,\"a, b\"\nH2,Huashan,121.4436,31.2163,1200,x\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        try BeaconBinary.run(["import", "csv", "--store", a, "--layer", "facilities", "--kind", "hospital", "--id-field", "id", csv.path])
        let exported = try BeaconBinary.run(["find", "--store", a, "--near", "121.46,31.21", "--radius", "5000", "--geojson"])
        let file = dir.appendingPathComponent("export.geojson")
        try exported.stdout.write(to: file, atomically: true, encoding: .utf8)
        let imp = try BeaconBinary.run(["import", "geojson", "--store", b, file.path])
        #expect(imp.status == 0, "\(imp.stderr)")
        let showA = try BeaconBinary.run(["show", "--store", a, "h:H1", "--json"]).stdout
        let showB = try BeaconBinary.run(["show", "--store", b, "h:H1", "--json"]).stdout
        // The import keeps the export's distance as an attribute; everything else is identical.
        let b1 = try #require(try JSONSerialization.jsonObject(with: Data(showB.utf8)) as? [String: Any])
        let a1 = try #require(try JSONSerialization.jsonObject(with: Data(showA.utf8)) as? [String: Any])
        var propsB = b1["properties"] as? [String: Any] ?? [:]
        #expect(propsB.removeValue(forKey: "distance_m") != nil)
        #expect(NSDictionary(dictionary: propsB) == NSDictionary(dictionary: a1["properties"] as? [String: Any] ?? [:]))
        #expect(NSDictionary(dictionary: b1["geometry"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: a1["geometry"] as? [String: Any] ?? [:]))
    }
}
