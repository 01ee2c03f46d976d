import Foundation
import SpatialCore
import Testing
@testable import Hazards

@Suite struct FireballTests {
    /// CCPS (1994) BLEVE example as worked by A. Srivastava ("BLEVE fireball diameter & duration and radiation
    /// estimation"): a 22.7 m³ propane truck, 90 % full, ρ = 585.3 kg/m³ → M = 11 957.7 kg, D = 132.6 m,
    /// t = 10.3 s, at X = 100 m the view factor is 0.255 and q = E·F = 89.1 kW/m² (E = 350, τ = 1, centre at D/2).
    @Test func ccpsTruckExampleWithinFivePercent() throws {
        let m = 22.7 * 0.9 * 585.3
        #expect(abs(m - 11_957.7) < 0.5)
        let f = try Fireball(fuelKilograms: m, centreHeightFactor: 0.5, relativeHumidity: nil)
        #expect(abs(f.diameterMetres / 132.6 - 1) < 0.05)
        #expect(abs(f.durationSeconds / 10.3 - 1) < 0.05)
        #expect(abs(f.viewFactor(groundDistanceMetres: 100) / 0.255 - 1) < 0.05)
        #expect(abs(f.fluxKWPerSquareMetre(groundDistanceMetres: 100) / 89.1 - 1) < 0.05)
    }

    @Test func zonesFallOutwardAndMatchTheirLevels() throws {
        let f = try Fireball(fuelKilograms: 25_000)
        let result = f.zones(at: Coordinate(longitude: 121.4, latitude: 31.2))
        let radii = result.zones.map(\.reachMetres)
        #expect(radii[0] > radii[1] && radii[1] > radii[2] && radii[2] > 0)
        for z in result.zones { #expect(abs(f.fluxKWPerSquareMetre(groundDistanceMetres: z.reachMetres) / z.threshold - 1) < 1e-6) }
        #expect(Fireball.transmissivity(pathMetres: 500, relativeHumidity: 0.7) < 1)
        #expect(throws: HazardError.self) { try Fireball(fuelKilograms: 0) }
    }
}

@Suite struct PoolFireTests {
    /// NRC NUREG-1805 *Fire Dynamics Tools*, Chapter 5 spreadsheet "05-1 Heat Flux Calculations Wind Free" (point
    /// source radiation model, version 1805.0), two worked input sets as published (copies on scribd.com,
    /// documents 618265562 and 173862721): Q = m''∞ · ΔHc · (1 − e^(−kβ·D)) · A with D = √(4A/π).
    ///   m'' 0.045 kg/(m²·s), ΔHc 44 400 kJ/kg, kβ 2.1 m⁻¹, A 2 545 ft² (236.44 m²) → Q 472 403.60 kW;
    ///   m'' 0.033 kg/(m²·s), ΔHc 28 000 kJ/kg, kβ 2.6 m⁻¹, A 9 ft² (0.84 m²)      → Q 719.75 kW.
    /// Only the heat release rate is checked: the spreadsheet's flux output was not readable in the source copy.
    @Test(arguments: [(0.045, 44_400.0, 2.1, 2_545.0, 472_403.60), (0.033, 28_000, 2.6, 9, 719.75)])
    func nureg1805HeatReleaseRateWithinFivePercent(mInf: Double, hcKJPerKg: Double, kBeta: Double, areaSquareFeet: Double,
                                                  publishedKilowatts: Double) throws {
        let fuel = Substance(name: "NUREG-1805 fuel", aliases: [], cas: "", molarMassGramsPerMole: 100, yellow: nil, orange: nil, red: nil,
                             heatOfCombustionMJPerKg: hcKJPerKg / 1000, poolBurningRateKgPerSquareMetreSecond: mInf,
                             poolExtinctionPerMetre: kBeta, criticalQuantityTonnes: nil, gb18218Beta: nil, source: "NUREG-1805 ch. 5")
        let areaSquareMetres = areaSquareFeet * 0.3048 * 0.3048
        let fire = try PoolFire(substance: fuel, diameterMetres: (4 * areaSquareMetres / .pi).squareRoot(), relativeHumidity: nil)
        let error = abs(fire.heatReleaseKilowatts / publishedKilowatts - 1)
        print("NUREG-1805 ch. 5: A \(areaSquareFeet) ft², Q published \(publishedKilowatts) kW, modelled \(String(format: "%.2f", fire.heatReleaseKilowatts)) kW (\(String(format: "%.3f", error * 100)) %)")
        #expect(error < 0.05)
    }

    @Test func gasolinePoolFollowsTheCorrelations() throws {
        let gasoline = try SubstanceTable.lookup("gasoline")
        let fire = try PoolFire(substance: gasoline, diameterMetres: 10, relativeHumidity: nil)
        // Babrauskas: m'' = 0.055 (1 − e^(−2.1·10)) ≈ 0.055 kg/(m²·s).
        #expect(abs(fire.burningRateKgPerSquareMetreSecond - 0.055) < 1e-6)
        // Thomas: H = 42·10·(0.055 / (1.2·√(9.81·10)))^0.61 ≈ 15.8 m.
        #expect(abs(fire.flameHeightMetres - 15.8) < 0.1)
        // Point source conserves energy: q·4πL² = χr·Q.
        let x = 60.0, h = fire.flameHeightMetres / 2
        let q = fire.fluxKWPerSquareMetre(groundDistanceMetres: x)
        #expect(abs(q * 4 * .pi * (x * x + h * h) / (0.35 * fire.heatReleaseKilowatts) - 1) < 1e-9)
        let result = fire.zones(at: Coordinate(longitude: 121.4, latitude: 31.2))
        #expect(result.zones.allSatisfy { $0.reachMetres > 5 })
    }

    @Test func aGasWithoutBurningRateIsRefused() throws {
        #expect(throws: HazardError.self) { try PoolFire(substance: SubstanceTable.lookup("chlorine"), diameterMetres: 5) }
    }
}
