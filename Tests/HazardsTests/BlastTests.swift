import Foundation
import SpatialCore
import Testing
@testable import Hazards

@Suite struct BlastTests {
    /// DoD 6055.09-M quantity-distance K-factors (ft/lb^(1/3)) and the overpressures they stand for:
    /// K18 ≈ 3.5 psi, K40 ≈ 1.2 psi, K50 ≈ 0.9 psi, K328 = 0.0655 psi (public withdrawal distance).
    @Test(arguments: [(18.0, 3.5), (40, 1.2), (50, 0.9), (328, 0.0655)])
    func kFactorsWithinFivePercent(k: Double, psi: Double) throws {
        let z = k * 0.3048 / cbrt(0.45359237) // ft/lb^(1/3) → m/kg^(1/3)
        let kPa = try #require(Blast.overpressureKPa(scaledDistance: z))
        let expected = psi * 6.894757
        #expect(abs(kPa / expected - 1) < 0.05, "K\(k): \(kPa) kPa vs \(expected) kPa")
    }

    @Test func radiiInvertTheCurve() throws {
        let w = 1000.0
        for kPa in [55.0, 24, 6.9] {
            let r = try #require(Blast.radiusMetres(forOverpressureKPa: kPa, tntKilograms: w))
            #expect(abs(Blast.overpressureKPa(distanceMetres: r, tntKilograms: w)! / kPa - 1) < 1e-6)
        }
        // Cube-root scaling: 8× the charge doubles the radius.
        let r1 = try #require(Blast.radiusMetres(forOverpressureKPa: 24, tntKilograms: 100))
        let r8 = try #require(Blast.radiusMetres(forOverpressureKPa: 24, tntKilograms: 800))
        #expect(abs(r8 / r1 - 2) < 1e-6)
    }

    @Test func curveIsContinuousAtTheSegmentJoins() {
        for z in [2.9, 23.8] {
            let below = Blast.overpressureKPa(scaledDistance: z * 0.9999)!, above = Blast.overpressureKPa(scaledDistance: z * 1.0001)!
            #expect(abs(below / above - 1) < 0.01)
        }
        #expect(Blast.overpressureKPa(scaledDistance: 0.1) == nil)
        #expect(Blast.overpressureKPa(scaledDistance: 500) == nil)
    }

    @Test func tntEquivalenceAndZones() throws {
        // 1000 kg propane, 3 % yield: 0.03 × 1000 × 46.35 / 4.68 = 297 kg TNT.
        let w = try Blast.tntEquivalentKilograms(fuelKilograms: 1000, heatOfCombustionMJPerKg: 46.35)
        #expect(abs(w - 297.1) < 0.1)
        let result = try Blast.zones(at: Coordinate(longitude: 121.4, latitude: 31.2), tntKilograms: w)
        #expect(result.zones.map(\.level) == [.yellow, .orange, .red])
        #expect(result.zones[0].reachMetres > result.zones[1].reachMetres && result.zones[1].reachMetres > result.zones[2].reachMetres)
        let circle = result.zones[0]
        #expect(abs(circle.areaSquareMetres / (Double.pi * circle.reachMetres * circle.reachMetres) - 1) < 0.01)
        #expect(throws: HazardError.self) { try Blast.tntEquivalentKilograms(fuelKilograms: 1000, heatOfCombustionMJPerKg: 46.35, yield: 3) }
    }
}
