import Foundation
import SpatialCore

/// Thermal radiation from a BLEVE fireball, solid-flame model (CCPS 1994, *Guidelines for Evaluating the
/// Characteristics of VCEs, Flash Fires and BLEVEs*, ch. 6; CCPS 2000 *CPQRA* §2.2.4):
///
/// - diameter D = 5.8 M^(1/3) m; duration t = 0.45 M^(1/3) s (M < 30 000 kg), 2.6 M^(1/6) s above;
/// - centre height H = 0.75 D (CCPS), or D/2 for a fireball touching the ground;
/// - surface emissive power E: 350 kW/m² for large hydrocarbon fireballs (CCPS), or from the radiative fraction
///   E = F·M·ΔHc / (π D² t), F = 0.27 P^0.32 (Roberts 1981; P the burst pressure in MPa);
/// - view factor of a sphere seen by a vertical target at ground distance X: F = (D/2)² X / (X² + H²)^(3/2);
/// - transmissivity τ = 2.02 (Pw · s)^−0.09 (Pw water partial pressure Pa, s path length m; CCPS 2000 eq. 2.2.38);
/// - received flux q = τ · E · F, kW/m².
public struct Fireball: Sendable, Hashable {
    public var fuelKilograms: Double
    public var diameterMetres: Double
    public var durationSeconds: Double
    public var centreHeightMetres: Double
    public var surfaceEmissivePowerKWPerSquareMetre: Double
    /// Relative humidity 0–1 for the transmissivity; nil takes τ = 1 (no atmospheric absorption).
    public var relativeHumidity: Double?

    public static let defaultSurfaceEmissivePower = 350.0

    /// A fireball of `fuelKilograms`, with CCPS's defaults unless given.
    public init(fuelKilograms m: Double, surfaceEmissivePowerKWPerSquareMetre e: Double = Fireball.defaultSurfaceEmissivePower,
                centreHeightFactor: Double = 0.75, relativeHumidity: Double? = 0.7) throws(HazardError) {
        try require(m, in: 1...1e7, field: "fireball fuel mass (kg)", why: "the correlations were fitted from grams to thousands of tonnes; below 1 kg there is no fireball to speak of")
        try require(e, in: 10...500, field: "surface emissive power (kW/m²)", why: "hydrocarbon fireballs measure 200–400 kW/m²")
        try require(centreHeightFactor, in: 0.5...1.5, field: "centre height / diameter", why: "from touching the ground (0.5) to lifted off")
        if let rh = relativeHumidity { try require(rh, in: 0...1, field: "relative humidity", why: "a fraction") }
        fuelKilograms = m
        diameterMetres = 5.8 * cbrt(m)
        durationSeconds = m < 30_000 ? 0.45 * cbrt(m) : 2.6 * pow(m, 1.0 / 6)
        centreHeightMetres = centreHeightFactor * diameterMetres
        surfaceEmissivePowerKWPerSquareMetre = e
        self.relativeHumidity = relativeHumidity
    }

    /// Water vapour pressure at 25 °C, Pa.
    static let saturationPressureAt25CPascal = 3169.0

    /// Atmospheric transmissivity over `pathMetres` (CCPS 2000 eq. 2.2.38), at most 1.
    public static func transmissivity(pathMetres s: Double, relativeHumidity rh: Double?) -> Double {
        guard let rh, rh > 0, s > 0 else { return 1 }
        return min(1, 2.02 * pow(rh * saturationPressureAt25CPascal * s, -0.09))
    }

    /// View factor to a vertical target at ground distance `x` from the point below the centre.
    public func viewFactor(groundDistanceMetres x: Double) -> Double {
        let r = diameterMetres / 2, h = centreHeightMetres
        return r * r * x / pow(x * x + h * h, 1.5)
    }

    /// Received flux, kW/m², at ground distance `x` metres.
    public func fluxKWPerSquareMetre(groundDistanceMetres x: Double) -> Double {
        let path = (x * x + centreHeightMetres * centreHeightMetres).squareRoot() - diameterMetres / 2
        return Fireball.transmissivity(pathMetres: path, relativeHumidity: relativeHumidity)
            * surfaceEmissivePowerKWPerSquareMetre * viewFactor(groundDistanceMetres: x)
    }

    /// The ground distance beyond which the flux stays below `kW` (the outer crossing; the view factor of a
    /// raised fireball first rises then falls with distance). nil when never reached.
    public func radiusMetres(forFluxKWPerSquareMetre kW: Double) -> Double? {
        let peak = centreHeightMetres / 2.squareRoot() // maximum of x/(x²+h²)^1.5
        return crossing(in: peak...(1000 * diameterMetres), target: kW) { fluxKWPerSquareMetre(groundDistanceMetres: $0) }
    }

    public static let caveats = [
        "Fireball (solid flame, CCPS): a sphere of constant size and emissive power for its whole duration; real fireballs grow, lift off and fade.",
        "The kW/m² levels are for about 60 s of exposure; a fireball lasts seconds, so harm depends on the thermal dose q^(4/3)·t — the zones are conservative for short fireballs.",
        "Missiles (vessel fragments) and the blast of the BLEVE itself are not modelled.",
    ]
}

/// Thermal radiation levels, kW/m² (DOMAIN.md, verify: configurable).
public enum ThermalLevels {
    public static let `default`: [(ThreatLevel, kW: Double, meaning: String)] = [
        (.yellow, 2, "2 kW/m²: pain after 60 s"),
        (.orange, 5, "5 kW/m²: second-degree burns in 60 s"),
        (.red, 10, "10 kW/m²: potentially lethal in 60 s"),
    ]

    /// Circular zones around `centre` from a radius function.
    static func zones(at centre: Coordinate, levels: [(ThreatLevel, kW: Double, meaning: String)],
                      radius: (Double) -> Double?, validity: inout [String]) -> [HazardZone] {
        levels.map { level, kW, meaning in
            let r = radius(kW)
            if r == nil { validity.append("\(kW) kW/m² is not reached outside the flame; zone not drawn") }
            return Footprint.circularZone(level: level, threshold: kW, unit: "kW/m²", meaning: meaning, radiusMetres: r ?? 0, centre: centre)
        }
    }
}

/// Zones of a fire model with its geometry.
public struct ThermalResult: HazardResult {
    public var zones: [HazardZone]
    public var caveats: [String]
    public var validity: [String]
    /// Model-specific figures (diameter, duration, flame height …) by name with their units in the key.
    public var figures: [String: Double]
}

extension Fireball {
    /// Zones at 10 / 5 / 2 kW/m² around `centre`. O(levels).
    public func zones(at centre: Coordinate, levels: [(ThreatLevel, kW: Double, meaning: String)] = ThermalLevels.default) -> ThermalResult {
        var validity: [String] = []
        let zones = ThermalLevels.zones(at: centre, levels: levels, radius: { radiusMetres(forFluxKWPerSquareMetre: $0) }, validity: &validity)
        return ThermalResult(zones: zones, caveats: Fireball.caveats, validity: validity,
                             figures: ["diameterMetres": diameterMetres, "durationSeconds": durationSeconds,
                                       "centreHeightMetres": centreHeightMetres])
    }
}
