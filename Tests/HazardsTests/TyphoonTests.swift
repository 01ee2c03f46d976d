import Foundation
import SpatialCore
import SpatialProjection
import Testing
import TestSupport
@testable import Hazards

@Suite struct TyphoonTests {
    static let haikou = Coordinate(longitude: 110.32, latitude: 20.04)
    static func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int) -> Date {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c.date(from: DateComponents(year: y, month: m, day: d, hour: h))!
    }

    static func rammasun() throws -> BestTrack {
        // The committed fixture: storm 201409's rows of ../shared/data/typhoon/JTWC_WP_besttrack.csv, unchanged.
        let url = TestPaths.fixtures.appendingPathComponent("typhoon/JTWC_WP_201409_rammasun.csv")
        return try JTWCBestTrack.load(url, stormId: "201409")
    }

    @Test func hollandProfilePeaksAtTheRadiusOfMaximumWind() throws {
        let fix = TrackFix(time: Date(), position: Coordinate(longitude: 110, latitude: 20), maxWindKnots: 100, centralPressureHPa: 950)
        let w = try HollandWind(fix: fix)
        let vm = w.windMetresPerSecond(atRadiusMetres: w.radiusOfMaxWindMetres)
        #expect(abs(vm / (100 * 0.514444 * 0.93) - 1) < 0.03, "Coriolis lowers the peak slightly")
        #expect(w.windMetresPerSecond(atRadiusMetres: w.radiusOfMaxWindMetres * 0.5) < vm)
        #expect(w.windMetresPerSecond(atRadiusMetres: w.radiusOfMaxWindMetres * 2) < vm)
        let gale = try #require(w.radiusMetres(forWindMetresPerSecond: WindForce.gale))
        let storm = try #require(w.radiusMetres(forWindMetresPerSecond: WindForce.storm))
        #expect(gale > storm && storm > w.radiusOfMaxWindMetres)
        #expect(abs(w.windMetresPerSecond(atRadiusMetres: gale) - WindForce.gale) < 1e-6)
        // A tropical depression never reaches storm force.
        let td = try HollandWind(fix: TrackFix(time: Date(), position: fix.position, maxWindKnots: 25, centralPressureHPa: nil))
        #expect(td.radiusMetres(forWindMetresPerSecond: WindForce.storm) == nil && td.pressureEstimated)
    }

    @Test func rammasun2014PassesHaikou() throws {
        let a = TyphoonAssessment(track: try Self.rammasun())
        let ca = try a.closestApproach(to: Self.haikou)
        // The data's own figure: 40.1 km at the 2014-07-18 12:00 fix; interpolation can only come closer.
        #expect(ca.distanceMetres <= 40_100 && ca.distanceMetres > 20_000, "\(ca.distanceMetres)")
        #expect(abs(ca.time.timeIntervalSince(Self.utc(2014, 7, 18, 12))) <= 3 * 3600)
        #expect(ca.windAtPointMetresPerSecond >= WindForce.level12)
        #expect((ca.galeRadiusMetres ?? 0) > (ca.stormRadiusMetres ?? 0))
        print("Rammasun closest approach:", ca.time, Int(ca.distanceMetres), "m; wind at Haikou", ca.windAtPointMetresPerSecond,
              "m/s; gale radius", Int(ca.galeRadiusMetres ?? 0), "m; storm radius", Int(ca.stormRadiusMetres ?? 0), "m")

        #expect(try a.warning(for: Self.haikou, at: Self.utc(2014, 7, 18, 6)).level?.colour == "red")
        #expect(try a.warning(for: Self.haikou, at: Self.utc(2014, 7, 14, 0)).level == nil)
        let dayBefore = try a.warning(for: Self.haikou, at: Self.utc(2014, 7, 17, 12))
        #expect(dayBefore.level != nil)
        print("warning at 2014-07-17 12Z:", dayBefore.level?.colour ?? "none", dayBefore.expectedWindByColour)
    }

    @Test func haikouDistrictsInGaleAndStormWinds() throws {
        let url = TestPaths.fixtures.appendingPathComponent("typhoon/haikou_districts_wgs84.geojson")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let districts = try (object["features"] as! [[String: Any]]).compactMap { f -> (String, Geometry)? in
            let props = f["properties"] as! [String: Any]
            guard let name = props["district"] as? String else { return nil }
            return (name, try GeoJSON.geometry(from: f["geometry"]!))
        }
        #expect(districts.count == 4)
        var a = TyphoonAssessment(track: try Self.rammasun())
        a.stepSeconds = 3600
        let exposure = try a.districts(districts)
        for e in exposure { print(e.name, Int(e.peakWindMetresPerSecond), "m/s at", e.peakTime, "gale", e.gale.map { "\($0)" } ?? "-") }
        // Rammasun's eye passed over Haikou: every district had storm-force winds.
        #expect(exposure.allSatisfy { $0.storm != nil })
    }

    @Test func gapsAreFlaggedAndShortTracksRefused() throws {
        let p = Coordinate(longitude: 115, latitude: 18)
        let t0 = Self.utc(2020, 8, 1, 0)
        let track = try BestTrack(stormId: "test", fixes: [
            TrackFix(time: t0, position: p, maxWindKnots: 80, centralPressureHPa: 960),
            TrackFix(time: t0 + 6 * 3600, position: Coordinate(longitude: 114, latitude: 19), maxWindKnots: 80, centralPressureHPa: 960),
            TrackFix(time: t0 + 30 * 3600, position: Coordinate(longitude: 111, latitude: 20), maxWindKnots: 70, centralPressureHPa: 970),
        ])
        #expect(track.gaps.count == 1)
        let ca = try TyphoonAssessment(track: track).closestApproach(to: Coordinate(longitude: 111.5, latitude: 20))
        #expect(ca.validity.contains { $0.contains("gap") } || ca.time == t0 + 30 * 3600)
        let w = try TyphoonAssessment(track: track).warning(for: Coordinate(longitude: 111.5, latitude: 20), at: t0 + 12 * 3600)
        #expect(w.validity.contains { $0.contains("gap") })
        #expect(throws: HazardError.self) { try BestTrack(stormId: "x", fixes: [track.fixes[0]]) }
        #expect(throws: HazardError.self) { try track.appending(forecast: track.fixes[0]) }
    }
}
