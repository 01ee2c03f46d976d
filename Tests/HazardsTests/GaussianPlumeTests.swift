import Foundation
import SpatialCore
import SpatialProjection
import Testing
@testable import Hazards

@Suite struct GaussianPlumeTests {
    let source = Coordinate(longitude: 121.47, latitude: 31.23)

    func plume(rateKgS: Double = 2, windFrom: Double = 90, wind: Double = 3, stability: StabilityClass? = .D,
               height: Double = 0, substance: String = "chlorine") throws -> GaussianPlume {
        try GaussianPlume(release: PlumeRelease(source: source, substance: SubstanceTable.lookup(substance),
                                                rate: ReleaseRate(rateKgS, unit: "kg/s"), releaseHeightMetres: height),
                          weather: PlumeWeather(windFromDegrees: windFrom, windSpeedMetresPerSecond: wind, stability: stability, terrain: .rural))
    }

    @Test func centrelineMatchesTheClosedForm() throws {
        // Ground release, ground receptor: C = Q / (π u σy σz).
        let p = try plume()
        let (sy, sz) = Briggs.sigmas(downwindMetres: 500, stability: .D, terrain: .rural)
        let expected = 2000 / (Double.pi * 3 * sy * sz)
        #expect(abs(p.concentration(downwindMetres: 500, crosswindMetres: 0).gramsPerCubicMetre / expected - 1) < 1e-12)
        #expect(p.concentration(downwindMetres: -10, crosswindMetres: 0).gramsPerCubicMetre == 0)
    }

    @Test func briggsRuralDAtOneKilometre() {
        // Hanna, Briggs & Hosker (1982) Table 4.5: σy = 0.08x(1+0.0001x)^-½, σz = 0.06x(1+0.0015x)^-½.
        let s = Briggs.sigmas(downwindMetres: 1000, stability: .D, terrain: .rural)
        #expect(abs(s.y - 76.3) < 0.1)
        #expect(abs(s.z - 37.9) < 0.1)
    }

    @Test func zonesAreNestedAndPointDownwind() throws {
        // Wind from the east (90°) carries the plume west.
        let result = try plume().zones()
        #expect(result.zones.map(\.level) == [.yellow, .orange, .red])
        let reaches = result.zones.map(\.reachMetres)
        #expect(reaches[0] > reaches[1] && reaches[1] > reaches[2] && reaches[2] > 0)
        let tipAzimuth = Geodesic.inverse(source, Geodesic.destination(from: source, azimuthDegrees: 270, distanceMetres: reaches[1])).initialAzimuthDegrees
        #expect(abs(abs(tipAzimuth) - 90) < 0.01)
        // Every vertex of the orange footprint lies west of the source.
        guard case let .polygon(rings)? = result.zones[1].footprint else { Issue.record("no polygon"); return }
        #expect(rings[0].allSatisfy { $0.longitude <= source.longitude + 1e-9 })
        #expect(!result.caveats.isEmpty)
    }

    @Test func concentrationAtTheZoneEdgeEqualsTheLevel() throws {
        let p = try plume()
        let zone = p.zones().zones[1]
        let tip = Geodesic.destination(from: source, azimuthDegrees: 270, distanceMetres: zone.reachMetres)
        let ppm = p.concentration(at: tip).ppm(molarMassGramsPerMole: 70.90)
        #expect(abs(ppm / 2.0 - 1) < 0.01, "orange = AEGL-2 chlorine 2.0 ppm; got \(ppm)")
    }

    @Test func elevatedReleaseLowersTheNearField() throws {
        let ground = try plume().concentration(downwindMetres: 200, crosswindMetres: 0)
        let stack = try plume(height: 30).concentration(downwindMetres: 200, crosswindMetres: 0)
        #expect(stack < ground)
    }

    @Test func stabilityFromTheSky() throws {
        #expect(try Stability.pasquillClass(windSpeedMetresPerSecond: 1.5, sky: .day(.strong)) == .A)
        #expect(try Stability.pasquillClass(windSpeedMetresPerSecond: 4, sky: .day(.slight)) == .C)
        #expect(try Stability.pasquillClass(windSpeedMetresPerSecond: 2.5, sky: .night(cloudOktas: 2)) == .F)
        #expect(try Stability.pasquillClass(windSpeedMetresPerSecond: 7, sky: .night(cloudOktas: 6)) == .D)
        #expect(try Stability.pasquillClass(windSpeedMetresPerSecond: 4, sky: .overcast) == .D)
        let p = try GaussianPlume(release: PlumeRelease(source: source, substance: SubstanceTable.lookup("ammonia"), rate: ReleaseRate(1, unit: "kg/s")),
                                  weather: PlumeWeather(windFromDegrees: 0, windSpeedMetresPerSecond: 2.5, sky: .night(cloudOktas: 1)))
        #expect(p.stability == .F)
        #expect(p.zones().validity.contains { $0.contains("stable air") })
    }

    @Test func badInputIsRefusedWithItsName() throws {
        #expect(throws: HazardError.self) { try plume(wind: 0) }
        #expect(throws: HazardError.self) { try plume(wind: 0.5) }
        #expect(throws: HazardError.self) { try plume(windFrom: 400) }
        do { _ = try SubstanceTable.lookup("unobtainium"); Issue.record("accepted an unknown substance") } catch {
            #expect(error.description.contains("unobtainium") && error.description.contains("chlorine"))
        }
        do { _ = try ReleaseRate(2, unit: "m3/s"); Issue.record("accepted a volume rate") } catch {
            #expect(error.description.contains("m3/s") && error.description.contains("kg/s"))
        }
        #expect(throws: HazardError.self) {
            try GaussianPlume(release: PlumeRelease(source: source, substance: SubstanceTable.lookup("chlorine"), rate: ReleaseRate(1, unit: "kg/s")),
                              weather: PlumeWeather(windFromDegrees: 0, windSpeedMetresPerSecond: 3))
        }
    }

    @Test func releaseRateUnitsConvert() throws {
        #expect(try ReleaseRate(3600, unit: "kg/h").kilogramsPerSecond == 1)
        #expect(try ReleaseRate(500, unit: "g/s").kilogramsPerSecond == 0.5)
    }

    @Test func phosgeneHasNoYellowZoneAndSaysSo() throws {
        let result = try plume(substance: "光气").zones()
        #expect(result.zones.map(\.level) == [.orange, .red])
        #expect(result.validity.contains { $0.contains("NR") })
    }
}
