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

/// The impact table and evacuation plan on a small synthetic town whose answers can be computed by hand:
/// a 0.01° × 0.01° square at (121.00, 31.00), a water pipe along the parallel 31.005 and a gas pipe along the
/// meridian 121.002 crossing it, a road along the meridian 121.005, and three shelters: one inside, one 1.1 km
/// and one 2.2 km north along the road.
@Suite struct HazardImpactCommandTests {
    let dir = TestPaths.temporaryDirectory("hazard-impact")
    var store: String { dir.appendingPathComponent("town.beacon.sqlite").path }

    // WGS84 radii of curvature: along a parallel N cos φ, along a meridian M (metres per radian).
    static let a = 6_378_137.0, e2 = 0.00669437999014
    static func parallelMetres(latitude: Double, degrees: Double) -> Double {
        let phi = latitude * .pi / 180
        return a / (1 - e2 * sin(phi) * sin(phi)).squareRoot() * cos(phi) * degrees * .pi / 180
    }
    static func meridianMetres(from lat0: Double, to lat1: Double) -> Double {
        // Midpoint rule on M(φ); the error over 0.01° is far below a millimetre.
        let phi = (lat0 + lat1) / 2 * .pi / 180
        return a * (1 - e2) / pow(1 - e2 * sin(phi) * sin(phi), 1.5) * (lat1 - lat0) * .pi / 180
    }

    func makeTown() throws {
        #expect(try BeaconBinary.run(["init", store, "--name", "Squaretown"]).status == 0)
        func point(_ id: String, _ layer: String, _ kind: String, _ lon: Double, _ lat: Double, _ props: String = "") -> String {
            #"{"type":"Feature","id":"\#(id)","properties":{"layer":"\#(layer)","kind":"\#(kind)","name":"\#(id)"\#(props)},"geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]}}"#
        }
        func line(_ id: String, _ layer: String, _ kind: String, _ coords: String, _ props: String) -> String {
            #"{"type":"Feature","id":"\#(id)","properties":{"layer":"\#(layer)","kind":"\#(kind)","name":"\#(id)"\#(props)},"geometry":{"type":"LineString","coordinates":\#(coords)}}"#
        }
        let features = [
            line("W1", "pipes", "pipe", "[[120.995,31.005],[121.015,31.005]]", #","network":"water""#),
            line("G1", "pipes", "pipe", "[[121.002,30.995],[121.002,31.015]]", #","network":"gas""#),
            line("R1", "roads", "residential", "[[121.005,30.99],[121.005,31.005],[121.005,31.03]]", #","speed_kmh":36,"oneway":0"#),
            line("R2", "roads", "residential", "[[121.02,31.05],[121.03,31.05]]", #","speed_kmh":36,"oneway":0"#),
            point("school-in", "facilities", "school", 121.003, 31.003),
            point("hospital-out", "facilities", "hospital", 121.03, 31.03),
            point("shelter-in", "facilities", "shelter", 121.008, 31.008, #","capacity":1000"#),
            point("shelter-near", "facilities", "shelter", 121.005, 31.015, #","capacity":500"#),
            point("shelter-far", "facilities", "shelter", 121.005, 31.025, #","capacity":100000"#),
            point("fuel-in", "hazards", "fuel_station", 121.001, 31.001, #","substance":"gasoline","quantity_t":40"#),
            point("chlorine", "hazards", "chemical_store", 121.05, 31.05, #","substance":"chlorine","quantity_t":18,"people_offsite_500m":420"#),
            point("E1", "units", "engine", 121.004, 31.004),
            point("lamp", "components", "street_lamp", 121.006, 31.006, #","class_code":"01""#),
            #"{"type":"Feature","id":"B1","properties":{"layer":"buildings","kind":"residential","levels":4},"geometry":{"type":"Polygon","coordinates":[[[121.001,31.006],[121.002,31.006],[121.002,31.007],[121.001,31.007],[121.001,31.006]]]}}"#,
        ]
        let file = dir.appendingPathComponent("town.geojson")
        try (#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}").write(to: file, atomically: true, encoding: .utf8)
        let imp = try BeaconBinary.run(["import", "geojson", "--store", store, file.path])
        #expect(imp.status == 0, "\(imp.stderr)")
    }

    /// The first number after `prefix` in `text`.
    func number(after prefix: String, in text: String) -> Double? {
        guard let r = text.range(of: prefix) else { return nil }
        let rest = text[r.upperBound...].drop { !$0.isNumber }
        return Double(String(rest.prefix { $0.isNumber || $0 == "." }))
    }

    @Test func squareZoneImpactMatchesHandComputation() throws {
        try makeTown()
        let square = dir.appendingPathComponent("square.geojson")
        try #"{"type":"Polygon","coordinates":[[[121.0,31.0],[121.01,31.0],[121.01,31.01],[121.0,31.01],[121.0,31.0]]]}"#
            .write(to: square, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("impact.geojson").path
        let r = try BeaconBinary.run(["hazard", "impact", "--store", store, "--polygon", square.path, "--geojson", out])
        #expect(r.status == 0, "\(r.stderr)")
        let text = r.stdout
        // Pipes clipped to the square, against the WGS84 arc lengths.
        let water = try #require(number(after: "water 1 pieces, ", in: text))
        let gas = try #require(number(after: "gas 1 pieces, ", in: text))
        #expect(abs(water - Self.parallelMetres(latitude: 31.005, degrees: 0.01)) <= 1.5, "water \(water)")
        #expect(abs(gas - Self.meridianMetres(from: 31.0, to: 31.01)) <= 1.5, "gas \(gas)")
        // The road through the square, and not the one outside.
        #expect(text.contains("roads to close (1,"))
        let road = try #require(number(after: "R1 R1 ", in: text) ?? number(after: "R1 ", in: text))
        #expect(abs(road - Self.meridianMetres(from: 31.0, to: 31.01)) <= 1.5, "road \(road)")
        #expect(!text.contains("R2"))
        // People from the one building: footprint × 4 storeys ÷ 40 m².
        let footprint = Self.parallelMetres(latitude: 31.0065, degrees: 0.001) * Self.meridianMetres(from: 31.006, to: 31.007)
        let people = try #require(number(after: "people: ", in: text))
        #expect(abs(people - footprint * 4 / 40) <= 0.01 * footprint * 4 / 40, "people \(people) vs \(footprint * 4 / 40)")
        #expect(text.contains("(buildings:"))
        // Facilities, units, components and the domino source; nothing outside.
        #expect(text.contains("school (1): school-in"))
        #expect(!text.contains("hospital-out"))
        #expect(text.contains("units inside (1): E1"))
        #expect(text.contains("street_lamp [01] 1"))
        #expect(text.contains("other hazard sources (domino): fuel-in"))
        #expect(!text.contains("domino): chlorine"))
        // Evacuation: the shelter inside is refused; the near one fills first, the far one takes the rest.
        #expect(text.contains("not used: shelter-in"))
        let lines = text.split(separator: "\n")
        let near = try #require(lines.firstIndex { $0.hasPrefix("shelter-near") })
        let far = try #require(lines.firstIndex { $0.hasPrefix("shelter-far") })
        #expect(near < far, "the nearer shelter by road comes first")
        #expect(lines[near].contains("filled"))
        #expect(number(after: "shelter-far", in: String(lines[far])).map { _ in true } ?? false)
        let farAssigned = lines[far].split(separator: " ", omittingEmptySubsequences: true)
        // columns: id, name, road min, capacity, occupied, assigned, remaining, reason…
        #expect(Int(farAssigned[5]) == Int(people) - 500, "\(lines[far])")
        let nearMinutes = try #require(Double(lines[near].split(separator: " ", omittingEmptySubsequences: true)[2]))
        let farMinutes = try #require(Double(farAssigned[2]))
        #expect(nearMinutes < farMinutes)
        // 36 km/h = 10 m/s: about 1.1 km from the centroid to the near shelter, 2.2 km to the far one.
        #expect(abs(nearMinutes * 60 - Self.meridianMetres(from: 31.005, to: 31.015) / 10) < 12, "\(nearMinutes) min")
        let geojson = try String(contentsOfFile: out, encoding: .utf8)
        #expect(geojson.contains("\"impact_zone\"") && geojson.contains("\"evacuation_shelter\""))
    }

    @Test func gradeUsesTheFeatureAttributes() throws {
        try makeTown()
        let r = try BeaconBinary.run(["hazard", "grade", "chlorine", "--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("R = α Σ β q/Q = 28.8") && r.stdout.contains("三级"), "\(r.stdout)")
        let fewer = try BeaconBinary.run(["hazard", "grade", "chlorine", "--store", store, "--people-offsite", "0"])
        #expect(fewer.stdout.contains("α = 0.5") && fewer.stdout.contains("R = α Σ β q/Q = 7.2") && fewer.stdout.contains("四级"))
        let missing = try BeaconBinary.run(["hazard", "grade", "nowhere", "--store", store])
        #expect(missing.status != 0 && missing.stderr.contains("nowhere"))
    }
}

@Suite struct HazardTyphoonCommandTests {
    static let track = TestPaths.fixtures.appendingPathComponent("typhoon/JTWC_WP_201409_rammasun.csv").path
    static let districts = TestPaths.fixtures.appendingPathComponent("typhoon/haikou_districts_wgs84.geojson").path

    @Test func rammasunAtHaikouFromTheFixture() throws {
        let r = try BeaconBinary.run(["hazard", "typhoon", "--storm", "201409", "--city", "haikou", "--track", Self.track,
                                      "--districts", Self.districts, "--time", "2014-07-18T06:00Z", "--store", "/nonexistent"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("43 fixes"))
        #expect(r.stdout.contains("Closest approach") && r.stdout.contains("2014-07-18T1"))
        #expect(r.stdout.contains("RED"), "\(r.stdout)")
        for d in ["秀英区", "龙华区", "琼山区", "美兰区"] { #expect(r.stdout.contains(d)) }
        #expect(r.stdout.contains("Caveats"))
    }

    @Test func forecastIsAppendedAndMissingTrackIsExplained() throws {
        let r = try BeaconBinary.run(["hazard", "typhoon", "--storm", "201409", "--at", "108.3,21.5", "--track", Self.track,
                                      "--forecast", "107.0,22.5,2014-07-21T00:00Z,40,985", "--store", "/nonexistent"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(1 forecast)"))
        let missing = try BeaconBinary.run(["hazard", "typhoon", "--storm", "201409", "--city", "haikou", "--track", "/nonexistent/track.csv"])
        #expect(missing.status != 0 && missing.stderr.contains("/nonexistent/track.csv") && missing.stderr.contains("--track"))
        let badForecast = try BeaconBinary.run(["hazard", "typhoon", "--storm", "201409", "--city", "haikou", "--track", Self.track,
                                                "--forecast", "107,22.5,tomorrow,40"])
        #expect(badForecast.status != 0 && badForecast.stderr.contains("tomorrow"))
    }
}
