import Foundation
import SpatialCore

/// Explosion overpressure by TNT equivalence and the Kingery–Bulmash hemispherical surface-burst curve.
///
/// - TNT mass: W = η · M · ΔHc / E_TNT, with E_TNT = 4.68 MJ/kg (CCPS 1994, *Guidelines for Evaluating the
///   Characteristics of VCEs, Flash Fires and BLEVEs*) and yield η of 1–10 % for vapour clouds (CCPS; default 3 %).
/// - Scaled distance Z = R / W^(1/3), m/kg^(1/3).
/// - Incident overpressure P = exp(A + B·lnZ + C·lnZ² + D·lnZ³ + E·lnZ⁴) kPa, Swisdak (1994) "Simplified
///   Kingery airblast calculations" fit of Kingery & Bulmash (1984) for a hemispherical surface burst (the curve
///   of UFC 3-340-02 and ConWep), valid for 0.2 ≤ Z ≤ 198.5.
public enum Blast {
    /// Blast energy of TNT, MJ/kg.
    public static let tntEnergyMJPerKg = 4.68
    /// Default explosion yield for an unconfined vapour cloud (CCPS: 1–10 %).
    public static let defaultVapourCloudYield = 0.03

    /// Swisdak's piecewise coefficients (Z upper bound, A, B, C, D, E) for incident overpressure in kPa.
    static let segments: [(zMax: Double, c: [Double])] = [
        (2.9, [7.2106, -2.1069, -0.3229, 0.1117, 0.0685]),
        (23.8, [7.5938, -3.0523, 0.40977, 0.0261, -0.01267]),
        (198.5, [6.0536, -1.4066, 0, 0, 0]),
    ]
    /// The scaled distances the fit covers, m/kg^(1/3).
    public static let validScaledDistance: ClosedRange<Double> = 0.2...198.5

    /// TNT-equivalent mass, kg, of `fuelKilograms` of fuel with heat of combustion `heatOfCombustionMJPerKg` at yield `yield`.
    public static func tntEquivalentKilograms(fuelKilograms: Double, heatOfCombustionMJPerKg: Double,
                                              yield: Double = defaultVapourCloudYield) throws(HazardError) -> Double {
        try require(fuelKilograms, in: 1e-3...1e9, field: "fuel mass (kg)", why: "a positive mass")
        try require(yield, in: 0.001...1, field: "explosion yield", why: "a fraction; vapour clouds 0.01–0.10 (CCPS)")
        try require(heatOfCombustionMJPerKg, in: 1...150, field: "heat of combustion (MJ/kg)", why: "fuels lie between 1 and 150 MJ/kg")
        return yield * fuelKilograms * heatOfCombustionMJPerKg / tntEnergyMJPerKg
    }

    /// Incident (side-on) overpressure, kPa, at scaled distance `z`; nil outside ``validScaledDistance``. O(1).
    public static func overpressureKPa(scaledDistance z: Double) -> Double? {
        guard validScaledDistance.contains(z), let seg = segments.first(where: { z <= $0.zMax }) else { return nil }
        let l = log(z)
        let exponent = seg.c[0] + l * (seg.c[1] + l * (seg.c[2] + l * (seg.c[3] + l * seg.c[4])))
        return exp(exponent)
    }

    /// Overpressure at `distanceMetres` from a charge of `tntKilograms`; nil outside the curve's range.
    public static func overpressureKPa(distanceMetres r: Double, tntKilograms w: Double) -> Double? {
        overpressureKPa(scaledDistance: r / cbrt(w))
    }

    /// The distance, metres, at which the overpressure falls to `kPa`; nil when the level lies outside the curve.
    public static func radiusMetres(forOverpressureKPa kPa: Double, tntKilograms w: Double) -> Double? {
        guard let z = crossing(in: validScaledDistance, target: kPa, { overpressureKPa(scaledDistance: $0) ?? 0 }),
              z < validScaledDistance.upperBound else { return nil }
        return z * cbrt(w)
    }

    /// Threat levels for overpressure, kPa (DOMAIN.md, verify: configurable).
    public static let defaultLevels: [(ThreatLevel, kPa: Double, meaning: String)] = [
        (.yellow, 6.9, "1.0 psi: glass breaks"),
        (.orange, 24, "3.5 psi: serious injury"),
        (.red, 55, "8.0 psi: buildings destroyed"),
    ]

    public static let caveats = [
        "TNT equivalence: a point charge on the ground; a vapour-cloud explosion's near field and its dependence on congestion and confinement are not modelled (use TNO multi-energy or Baker–Strehlow for that).",
        "Yield η is uncertain by a factor of several (CCPS: 1–10 %); the zones scale with η^(1/3).",
        "Incident (side-on) overpressure in the open; reflections from buildings raise it, shielding lowers it.",
    ]

    /// Zones at `levels` around `centre` for a charge of `tntKilograms`. O(levels).
    public static func zones(at centre: Coordinate, tntKilograms w: Double,
                             levels: [(ThreatLevel, kPa: Double, meaning: String)] = defaultLevels) throws(HazardError) -> BlastResult {
        try require(w, in: 1e-3...1e10, field: "TNT mass (kg)", why: "a positive charge")
        var validity: [String] = []
        let zones = levels.map { level, kPa, meaning -> HazardZone in
            let r = radiusMetres(forOverpressureKPa: kPa, tntKilograms: w)
            if r == nil { validity.append("\(kPa) kPa lies outside the Kingery–Bulmash range Z 0.2–198.5; zone not drawn") }
            return Footprint.circularZone(level: level, threshold: kPa, unit: "kPa", meaning: meaning,
                                          radiusMetres: r ?? 0, centre: centre)
        }
        return BlastResult(zones: zones, caveats: caveats, validity: validity, tntKilograms: w)
    }
}

/// Overpressure zones with the charge they came from.
public struct BlastResult: HazardResult {
    public var zones: [HazardZone]
    public var caveats: [String]
    public var validity: [String]
    public var tntKilograms: Double
}
