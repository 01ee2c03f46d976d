import Foundation
import SpatialCore

/// Thermal radiation from a circular pool fire, point-source model (CCPS 2000 *CPQRA* §2.2.5; SFPE Handbook,
/// Beyler "Fire hazard calculations for large, open hydrocarbon fires"):
///
/// - burning rate m'' = m''∞ (1 − e^(−kβ·D)) kg/(m²·s) (Babrauskas 1983);
/// - heat release Q = m'' · (π D²/4) · ΔHc;
/// - flame height H = 42 D (m'' / (ρa √(g D)))^0.61 (Thomas 1963), the point source at H/2;
/// - received flux q = τ · χr · Q / (4π L²), L the slant distance to the point source, χr the radiative fraction
///   (CCPS: 0.15–0.35; default 0.35, conservative).
public struct PoolFire: Sendable, Hashable {
    public var diameterMetres: Double
    public var burningRateKgPerSquareMetreSecond: Double
    public var heatReleaseKilowatts: Double
    public var flameHeightMetres: Double
    public var radiativeFraction: Double
    public var relativeHumidity: Double?

    /// Ambient air density, kg/m³, and gravity, m/s².
    static let airDensity = 1.2, gravity = 9.81

    /// A pool of `diameterMetres` of `substance` (needs its burning rate and heat of combustion).
    public init(substance: Substance, diameterMetres d: Double, radiativeFraction: Double = 0.35,
                relativeHumidity: Double? = 0.7) throws(HazardError) {
        try require(d, in: 0.2...200, field: "pool diameter (m)", why: "the burning-rate and flame-height correlations cover 0.2 m to large tank fires")
        try require(radiativeFraction, in: 0.05...0.6, field: "radiative fraction", why: "CCPS gives 0.15–0.35")
        guard let mInf = substance.poolBurningRateKgPerSquareMetreSecond, let kb = substance.poolExtinctionPerMetre else {
            throw .missingProperty(substance: substance.name, property: "pool burning rate")
        }
        guard let hc = substance.heatOfCombustionMJPerKg else {
            throw .missingProperty(substance: substance.name, property: "heat of combustion")
        }
        diameterMetres = d
        burningRateKgPerSquareMetreSecond = mInf * (1 - exp(-kb * d))
        heatReleaseKilowatts = burningRateKgPerSquareMetreSecond * Double.pi * d * d / 4 * hc * 1000
        flameHeightMetres = 42 * d * pow(burningRateKgPerSquareMetreSecond / (PoolFire.airDensity * (PoolFire.gravity * d).squareRoot()), 0.61)
        self.radiativeFraction = radiativeFraction
        self.relativeHumidity = relativeHumidity
    }

    /// Received flux, kW/m², at ground distance `x` metres from the pool centre (point source at half flame height).
    public func fluxKWPerSquareMetre(groundDistanceMetres x: Double) -> Double {
        let h = flameHeightMetres / 2
        let l2 = x * x + h * h
        let tau = Fireball.transmissivity(pathMetres: l2.squareRoot(), relativeHumidity: relativeHumidity)
        return tau * radiativeFraction * heatReleaseKilowatts / (4 * .pi * l2)
    }

    /// Ground distance, metres, at which the flux falls to `kW`; nil when it is never reached outside the pool.
    public func radiusMetres(forFluxKWPerSquareMetre kW: Double) -> Double? {
        crossing(in: (diameterMetres / 2)...(diameterMetres * 500), target: kW) { fluxKWPerSquareMetre(groundDistanceMetres: $0) }
    }

    public static let caveats = [
        "Pool fire, point source: good beyond about five pool diameters; nearer, it overstates the flux on one side and understates it under a wind-tilted flame (use a solid-flame model there).",
        "Steady burning of a pool of fixed diameter; spreading, boil-over and wind tilt are not modelled.",
        "The kW/m² levels are for about 60 s of exposure.",
    ]

    /// Zones at 10 / 5 / 2 kW/m² around `centre`.
    public func zones(at centre: Coordinate, levels: [(ThreatLevel, kW: Double, meaning: String)] = ThermalLevels.default) -> ThermalResult {
        var validity: [String] = []
        let zones = ThermalLevels.zones(at: centre, levels: levels, radius: { radiusMetres(forFluxKWPerSquareMetre: $0) }, validity: &validity)
        for z in zones where z.reachMetres > 0 && z.reachMetres < 5 * diameterMetres {
            validity.append("\(z.meaning): radius \(Int(z.reachMetres)) m is within five pool diameters, where the point-source model is least reliable")
        }
        return ThermalResult(zones: zones, caveats: PoolFire.caveats, validity: validity,
                             figures: ["diameterMetres": diameterMetres, "flameHeightMetres": flameHeightMetres,
                                       "burningRateKgPerSquareMetreSecond": burningRateKgPerSquareMetreSecond,
                                       "heatReleaseKilowatts": heatReleaseKilowatts])
    }
}
