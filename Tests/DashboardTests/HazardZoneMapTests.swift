import Dashboard
import Engine
import Foundation
import Hazards
import RuleEngine
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// The overview map draws an incident's stored hazard-zone footprints as polygons, and reach circles only for an
/// incident that has reach facts but no stored footprint (the fixture's chemical release before a model run).
@Suite(.serialized) struct HazardZoneMapTests {
    static let mapWidthPx = 1100.0, mapHeightPx = 760.0
    /// The level colours of the dashboard's theme (DESIGN: red / orange / yellow warning colours).
    static let colours = ["red": "#ff3b3b", "orange": "#ff8a1f", "yellow": "#ffd21f"]

    static func overview(_ store: CityStore, language: DashboardLanguage = .en) throws -> String {
        let dir = try DashboardPageTests.build(store, language: language)
        return try DashboardPageTests.html(dir, .overview)
    }

    @Test func storedFootprintsAreDrawnAsPolygonsInsteadOfCircles() throws {
        let store = try DashboardFixture.store()
        defer { store.close() }
        let chem = try #require(try store.incidents().first { $0.properties["type_code"]?.textValue == "24100" })

        // Before: reach facts only, so circles, and the legend says so.
        let before = try Self.overview(store)
        #expect(before.contains("class=\"zone zone-reach\""))
        #expect(!before.contains("zone-footprint"))
        #expect(before.contains("reach circle (distances only, no stored footprint)"))

        // A chlorine plume from the chemical store, fed in as `beacon hazard plume --incident` does.
        let library = try PlanLibrary.load(directory: TestPaths.repoRoot.appendingPathComponent("Plans"))
        let release = PlumeRelease(source: DashboardFixture.c(121.495, 31.215), substance: try SubstanceTable.lookup("chlorine"),
                                   rate: try ReleaseRate(2, unit: "kg/s"), releaseHeightMetres: 0)
        let weather = PlumeWeather(windFromDegrees: 200, windSpeedMetresPerSecond: 3, stability: .D, sky: nil, terrain: .urban)
        let outcome = try HazardAssessment.run(.plume(release, weather))
        _ = try HazardIncidentFacts.feed(zones: outcome.zones, report: nil, outcome: outcome, store: store, library: library,
                                         incident: chem.id, at: DashboardFixture.time("13:40:00"), actor: DashboardFixture.actor)
        let stored = try store.hazardZones(incidentID: chem.id)
        #expect(stored.map(\.level) == ["yellow", "orange", "red"])

        let after = try Self.overview(store)
        let situation = try Situation.read(store: store, now: DashboardFixture.now)
        let projection = MapProjection(fitting: situation.bounds, widthPx: Self.mapWidthPx, heightPx: Self.mapHeightPx)
        for z in stored {
            let d = projection.ringsPath(MapProjection.lineParts(z.footprint))
            #expect(d.count > 200, "\(z.level): a footprint path, not a point")
            #expect(after.contains("data-level=\"\(z.level)\" fill-rule=\"evenodd\" d=\"\(d)\""), "\(z.level) footprint path missing from the overview")
            #expect(after.contains("fill=\"\(Self.colours[z.level] ?? "?")\" fill-opacity=\"0.22\""))
        }
        // No circles left (the only incident with reaches now has footprints); the legend names the footprints.
        #expect(!after.contains("zone-reach"))
        #expect(!after.contains("reach circle"))
        #expect(after.contains("red zone (model footprint)") && after.contains("yellow zone (model footprint)"))
        let zh = try Self.overview(store, language: .zh)
        #expect(zh.contains("红区（模型范围）") && !zh.contains("⟦"))
    }
}
