import Foundation
import Testing
import TestSupport

@Suite struct HazardCommandTests {
    @Test func plumePrintsZonesAndCaveats() throws {
        let dir = TestPaths.temporaryDirectory("hazard-cli")
        let out = dir.appendingPathComponent("zones.geojson").path
        let r = try BeaconBinary.run(["hazard", "plume", "--at", "121.47,31.23", "--substance", "chlorine", "--rate", "2",
                                      "--wind-from", "90", "--wind-ms", "3", "--stability", "D", "--no-impact", "--geojson-out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("AEGL-3") && r.stdout.contains("Caveats"))
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("\"level\"") && text.contains("Polygon"))
    }

    @Test func calmWindAndUnknownSubstanceAreRefused() throws {
        let calm = try BeaconBinary.run(["hazard", "plume", "--at", "121.47,31.23", "--substance", "chlorine", "--rate", "2",
                                         "--wind-from", "90", "--wind-ms", "0", "--stability", "D", "--no-impact"])
        #expect(calm.status != 0)
        #expect(calm.stderr.contains("wind speed"))
        let unknown = try BeaconBinary.run(["hazard", "plume", "--at", "121.47,31.23", "--substance", "kryptonite", "--rate", "2",
                                            "--wind-from", "90", "--wind-ms", "3", "--stability", "D", "--no-impact"])
        #expect(unknown.status != 0 && unknown.stderr.contains("kryptonite"))
        let volume = try BeaconBinary.run(["hazard", "plume", "--at", "121.47,31.23", "--substance", "chlorine", "--rate", "2",
                                           "--rate-unit", "m3/s", "--wind-from", "90", "--wind-ms", "3", "--stability", "D", "--no-impact"])
        #expect(volume.status != 0 && volume.stderr.contains("m3/s"))
    }

    @Test func blastAndFireballRun() throws {
        let blast = try BeaconBinary.run(["hazard", "blast", "--at", "121.47,31.23", "--fuel-kg", "1000", "--substance", "propane", "--no-impact"])
        #expect(blast.status == 0 && blast.stdout.contains("kPa"), "\(blast.stderr)")
        let fire = try BeaconBinary.run(["hazard", "fireball", "--at", "121.47,31.23", "--fuel-kg", "10000", "--no-impact"])
        #expect(fire.status == 0 && fire.stdout.contains("kW/m²"), "\(fire.stderr)")
    }
}
