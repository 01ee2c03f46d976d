import Foundation

/// Holland (1980) parametric wind profile of a tropical cyclone:
///
///     V(r) = √( Vm² (Rm/r)^B · exp(1 − (Rm/r)^B) + (r f / 2)² ) − r f / 2
///
/// with B = ρ e Vm² / Δp (Holland's cyclostrophic relation, clamped to 1.0…2.5), Δp = p_n − p_c, f the Coriolis
/// parameter. Rm from Vickery & Wadhera (2008): ln Rm[km] = 3.015 − 6.291×10⁻⁵ Δp² + 0.0337 φ (verify; an
/// Atlantic fit). When p_c is missing it is estimated from Vmax by Atkinson & Holliday (1977):
/// Vmax[kt] = 6.7 (1010 − p_c)^0.644.
public struct HollandWind: Sendable, Hashable {
    /// Surface maximum sustained wind used in the profile, m/s (agency value × ``sustainedWindFactor``).
    public var maxWindMetresPerSecond: Double
    public var radiusOfMaxWindMetres: Double
    public var b: Double
    public var coriolisPerSecond: Double
    /// True when the central pressure was estimated from the wind.
    public var pressureEstimated: Bool

    /// Converts JTWC 1-minute winds to the 10-minute mean (WMO guidelines, Harper et al. 2010, "at sea": 0.93).
    public static let sustainedWindFactor = 0.93
    public static let ambientPressureHPa = 1010.0
    static let airDensity = 1.15

    public init(fix: TrackFix, ambientPressureHPa pn: Double = HollandWind.ambientPressureHPa,
                windFactor: Double = HollandWind.sustainedWindFactor) throws(HazardError) {
        try require(fix.maxWindKnots, in: 10...200, field: "maximum wind (kt)", why: "tropical cyclones lie between 10 and 200 kt")
        var pc = fix.centralPressureHPa
        pressureEstimated = pc == nil
        if pc == nil { pc = 1010 - pow(fix.maxWindKnots / 6.7, 1 / 0.644) }
        let dp = max(pn - pc!, 1)
        let vm = fix.maxWindKnots * 0.514444 * windFactor
        maxWindMetresPerSecond = vm
        b = min(2.5, max(1.0, HollandWind.airDensity * M_E * vm * vm / (dp * 100)))
        let lat = abs(fix.position.latitude)
        radiusOfMaxWindMetres = exp(3.015 - 6.291e-5 * dp * dp + 0.0337 * lat) * 1000
        coriolisPerSecond = 2 * 7.292e-5 * sin(lat * .pi / 180)
    }

    /// Wind speed, m/s, at `radiusMetres` from the centre. O(1).
    public func windMetresPerSecond(atRadiusMetres r: Double) -> Double {
        guard r > 0 else { return 0 }
        let x = pow(radiusOfMaxWindMetres / r, b)
        let rf2 = r * coriolisPerSecond / 2
        return (maxWindMetresPerSecond * maxWindMetresPerSecond * x * exp(1 - x) + rf2 * rf2).squareRoot() - rf2
    }

    /// The outer radius, metres, out to which the wind is at least `speed` m/s; nil when the storm never reaches it.
    public func radiusMetres(forWindMetresPerSecond speed: Double) -> Double? {
        guard windMetresPerSecond(atRadiusMetres: radiusOfMaxWindMetres) >= speed else { return nil }
        return crossing(in: radiusOfMaxWindMetres...2_000_000, target: speed) { windMetresPerSecond(atRadiusMetres: $0) }
    }

    /// The highest wind over the radii `nearest…farthest` (the profile peaks at Rm).
    public func maxWind(nearestMetres a: Double, farthestMetres b: Double) -> Double {
        let r = a > radiusOfMaxWindMetres ? a : b < radiusOfMaxWindMetres ? b : radiusOfMaxWindMetres
        return windMetresPerSecond(atRadiusMetres: r)
    }
}

/// Chinese wind thresholds on the Beaufort scale (GB/T 28591-2012), m/s, lower bounds.
public enum WindForce {
    public static let level6 = 10.8
    /// 8 级, gale (大风).
    public static let gale = 17.2
    /// 10 级, storm (狂风).
    public static let storm = 24.5
    /// 12 级, typhoon force.
    public static let level12 = 32.7
}
