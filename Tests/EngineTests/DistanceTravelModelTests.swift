import Engine
import Foundation
import RuleEngine
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// The distance model: calibration recovers a known law through noise and outliers, refuses what cannot be
/// fitted, ranks candidates, learns offsets; the factory picks roads, history or the stated default.
@Suite struct DistanceTravelModelTests {
    static let centre = Coordinate(longitude: 121.47, latitude: 31.23)

    /// A point `metres` east of `centre`.
    static func east(_ metres: Double) -> Coordinate {
        Coordinate(longitude: centre.longitude + metres / (Haversine.metresPerDegreeLatitude * cos(centre.latitude * .pi / 180)),
                   latitude: centre.latitude)
    }

    static func truth(_ d: Double) -> Double { 100 + 0.06 * d + 1.5 * d.squareRoot() }

    @Test func calibrationRecoversTheLawDespiteOutliers() throws {
        var rng = SplitMix64(seed: 7)
        var trips: [MeasuredTrip] = []
        for i in 0..<400 {
            let d = 200 + rng.unit() * 9_000
            var t = Self.truth(d) + (rng.unit() - 0.5) * 40
            if i % 10 == 0 { t += 400 }   // a crew that was out: 10 % of trips far too slow
            trips.append(MeasuredTrip(origin: Self.centre, target: Self.east(d), travelSeconds: t))
        }
        trips.append(MeasuredTrip(origin: Self.centre, target: Self.east(100), travelSeconds: .nan))
        let m = try DistanceModelCalibration.fit(trips, source: "synthetic")
        for d in [500.0, 2_000, 6_000, 9_000] {
            #expect(abs(m.travelSeconds(distanceMetres: d) - Self.truth(d)) < 8, "at \(d) m: \(m.travelSeconds(distanceMetres: d)) vs \(Self.truth(d))")
        }
        #expect(m.basis.contains("fitted on 400 trips from synthetic (1 rows skipped)"))
        #expect(try #require(m.medianAbsoluteErrorSeconds) < 15)
    }

    @Test func calibrationRefusesTooFewRowsAndShrinkingTimes() {
        let few = (0..<5).map { MeasuredTrip(origin: Self.centre, target: Self.east(Double($0) * 500 + 100), travelSeconds: 200) }
        #expect { try DistanceModelCalibration.fit(few, source: "five rows") } throws: { "\($0)".contains("5 usable trips from five rows (of 5); at least 20") }
        let shrinking = (0..<40).map { MeasuredTrip(origin: Self.centre, target: Self.east(Double($0) * 200 + 100), travelSeconds: 900 - Double($0) * 10) }
        #expect { try DistanceModelCalibration.fit(shrinking, source: "odd log") } throws: { "\($0)".contains("time does not grow with distance") }
    }

    @Test func fastestRanksAppliesOffsetsAndLimits() throws {
        var m = DistanceTravelModel(interceptSeconds: 60, secondsPerMetre: 0.1, fittedOn: "test")
        m.offsetSeconds = ["slow": 500]
        let out = try m.fastest(from: [(id: "far", at: Self.east(3_000)), (id: "near", at: Self.east(1_000)),
                                       (id: "slow", at: Self.east(500)), (id: "bad", at: Coordinate(longitude: 500, latitude: 0))],
                                to: Self.centre, limitSeconds: 400)
        #expect(out.map(\.id) == ["near", "far", "bad", "slow"] || out.map(\.id) == ["near", "far", "slow", "bad"])
        #expect(abs(out[0].travelSeconds - 160) < 0.5)
        #expect(out.first { $0.id == "slow" }?.travelSeconds == .infinity)
        #expect(out.first { $0.id == "bad" }?.note?.contains("not a WGS84") == true)
        #expect(m.basis.hasPrefix("distance model (no road network): 60 s + straight line at 36 km/h + per-origin offsets (1), test"))
        #expect(DistanceTravelModel.uncalibrated().basis.contains("UNCALIBRATED default: 1.4 × straight line at 30 km/h"))
    }

    /// Calls between two stations always answered by B, though A is a little nearer: the offsets learn it.
    @Test func offsetsLearnWhoActuallyAnswers() {
        let stations = [StationPoint(id: "A", at: Self.east(0)), StationPoint(id: "B", at: Self.east(2_000))]
        let calls = (0..<30).map { i in
            AnsweredCall(id: "\(i)", at: Self.east(850 + Double(i % 5) * 20), respondingStationID: "B", attendanceSeconds: 300)
        }
        var ranker = FirstStationRanker(stations: stations, model: DistanceTravelModel(interceptSeconds: 60, secondsPerMetre: 0.1, fittedOn: "test"))
        #expect(FirstStationValidation.agreement(calls) { ranker.first(at: $0.at) }.agreed == 0)
        ranker.model.offsetSeconds = ranker.learnOffsets(from: calls)
        // Averaged offsets are conservative: most, not necessarily all, calls flip to B.
        #expect(FirstStationValidation.agreement(calls) { ranker.first(at: $0.at) }.agreed >= 20)
        #expect(ranker.model.offsetSeconds["B", default: 0] < ranker.model.offsetSeconds["A", default: 0])
        #expect(ranker.first(at: Self.east(300)) == "A")   // far from the learned calls, A still wins
    }

    // MARK: The factory

    static let actor = Actor(name: "tester", post: "desk")

    static func emptyStore() throws -> CityStore {
        let path = TestPaths.temporaryDirectory("distance-model").appendingPathComponent("city.beacon.sqlite").path
        return try CityStore.create(at: path, cityName: "points-only", actor: actor)
    }

    @Test func factoryWithoutRoadsOrHistorySaysUncalibrated() throws {
        let store = try Self.emptyStore()
        defer { store.close() }
        let model = try travelTimeModel(for: store)
        #expect(model is DistanceTravelModel)
        #expect(model.basis.contains("UNCALIBRATED"))
        #expect(model.basis.contains("0 measured trips in the store, 20 needed"))
    }

    @Test func factoryWithRoadsUsesTheNetwork() throws {
        let store = try Self.emptyStore()
        defer { store.close() }
        _ = try CityImporter(store: store, actor: Self.actor).importOSM(TestPaths.fixtures.appendingPathComponent("osm/monaco_sample.osm"))
        let model = try travelTimeModel(for: store)
        #expect(model is RoadTravelTimes)
        #expect(model.basis.hasPrefix("road network"))
    }

    /// 24 fires, each answered by the station's engine; drive = 90 s + 0.09 s/m: the factory fits it from the store.
    @Test func factoryCalibratesFromClosedIncidents() throws {
        let store = try Self.emptyStore()
        defer { store.close() }
        let station = Feature(id: "st/1", layer: .facilities, kind: "fire_station", name: "Station 1", geometry: .point(Self.centre))
        let engine = Feature(id: "unit/E1", layer: .units, kind: "engine", name: "E1", geometry: .point(Self.centre),
                             properties: ["home_facility": .text("st/1"), "status": .text("available")])
        _ = try store.upsert([station], source: "test-stations", actor: Self.actor)
        _ = try store.upsert([engine], source: "test-units", actor: Self.actor)
        let library = try PlanLibrary.load(directory: TestPaths.repoRoot.appendingPathComponent("Plans"))
        var t = ISO8601DateFormatter().date(from: "2025-03-01T02:00:00Z")!
        for i in 0..<24 {
            let d = 300 + Double(i) * 250
            let opened = try IncidentOpening.open(store: store, library: library, type: "fire", at: Self.east(d), facts: [], calledAt: t, actor: Self.actor)
            _ = try IncidentLifecycle.assign(store: store, incident: opened.id, units: ["E1"], recommended: ["unit/E1"], reason: nil, at: t + 30, actor: Self.actor)
            _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .en_route, at: t + 90, actor: Self.actor)
            _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .on_scene, at: t + 90 + 90 + 0.09 * d, actor: Self.actor)
            _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .returning, at: t + 1_800, actor: Self.actor)
            _ = try IncidentLifecycle.report(store: store, unit: "E1", status: .available, at: t + 2_400, actor: Self.actor)
            try IncidentLifecycle.advance(store: store, incident: opened.id, to: .under_control, at: t + 1_700, actor: Self.actor)
            try IncidentLifecycle.advance(store: store, incident: opened.id, to: .closed, at: t + 2_500, actor: Self.actor)
            t += 3_600
        }
        #expect(try measuredTrips(in: store).count == 24)
        let model = try #require(try travelTimeModel(for: store) as? DistanceTravelModel)
        #expect(model.basis.contains("fitted on 24 trips from closed incidents of city.beacon.sqlite"))
        for d in [1_000.0, 4_000] { #expect(abs(model.travelSeconds(distanceMetres: d) - (90 + 0.09 * d)) < 3) }
    }
}
