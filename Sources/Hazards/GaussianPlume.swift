import Foundation
import SpatialCore
import SpatialProjection

/// Weather for a dispersion run. The wind direction is meteorological: where the wind blows FROM, degrees
/// clockwise from north.
public struct PlumeWeather: Sendable, Hashable {
    public var windFromDegrees: Double
    /// Mean wind speed at 10 m (or at the height the caller measured), m/s.
    public var windSpeedMetresPerSecond: Double
    /// The stability class when known; else it is derived from `sky`.
    public var stability: StabilityClass?
    public var sky: SkyCondition?
    public var terrain: Terrain

    public init(windFromDegrees: Double, windSpeedMetresPerSecond: Double, stability: StabilityClass? = nil,
                sky: SkyCondition? = nil, terrain: Terrain = .urban) {
        self.windFromDegrees = windFromDegrees
        self.windSpeedMetresPerSecond = windSpeedMetresPerSecond
        self.stability = stability
        self.sky = sky
        self.terrain = terrain
    }
}

/// A continuous release of a gas from a point.
public struct PlumeRelease: Sendable, Hashable {
    public var source: Coordinate
    public var substance: Substance
    public var rate: ReleaseRate
    public var releaseHeightMetres: Double
    public init(source: Coordinate, substance: Substance, rate: ReleaseRate, releaseHeightMetres: Double = 0) {
        self.source = source
        self.substance = substance
        self.rate = rate
        self.releaseHeightMetres = releaseHeightMetres
    }
}

/// The Gaussian plume for a continuous point release with ground reflection (Turner 1970, eq. 3.1):
///
///     C(x, y, z) = Q / (2π u σy σz) · exp(−y² / 2σy²) · [exp(−(z−H)² / 2σz²) + exp(−(z+H)² / 2σz²)]
///
/// with σy, σz from Briggs' rural or urban curves (``Briggs``). C in g/m³ for Q in g/s and u in m/s.
/// Pure value; every call is O(1) except ``zones(receptorHeightMetres:)``, O(steps).
public struct GaussianPlume: Sendable {
    public let release: PlumeRelease
    public let weather: PlumeWeather
    public let stability: StabilityClass
    /// How the stability class was obtained ("given", "Pasquill table: 3.0 m/s, day, strong insolation").
    public let stabilitySource: String

    /// The wind speed below which the model refuses to answer, m/s.
    public static let minimumWindSpeedMetresPerSecond = 1.0
    /// The furthest distance zones are traced to, metres.
    public static let maximumDistanceMetres = 50_000.0

    /// The standing caveats (DOMAIN.md "Gaussian plume limits"), shown with every result.
    public static let caveats = [
        "Gaussian plume: unreliable in very low wind (< 1 m/s is refused), in very stable air (class F), near the source (< 100 m), and where terrain or buildings steer the flow.",
        "No chemistry, deposition or particles; the gas is treated as passive (neutrally buoyant). Dense gases (chlorine, phosgene, cold ammonia) slump and spread wider and upwind at first.",
        "Steady state: assumes the release has lasted at least as long as the wind takes to reach a point (x / u) and the weather holds.",
        "Concentrations are ~10-minute to 1-hour averages (Briggs curves) compared with 60-minute guideline levels; peaks are higher.",
    ]

    /// Checks the inputs and fixes the stability class.
    /// - Throws: ``HazardError`` for wind below 1 m/s, a direction outside 0…360°, a negative height, no stability or sky.
    public init(release: PlumeRelease, weather: PlumeWeather) throws(HazardError) {
        try require(weather.windSpeedMetresPerSecond, in: GaussianPlume.minimumWindSpeedMetresPerSecond...50,
                    field: "wind speed (m/s)",
                    why: "below 1 m/s the plume meanders and the Gaussian plume is not valid; treat calm as a circle around the source")
        try require(weather.windFromDegrees, in: 0...360, field: "wind direction (degrees, blowing from)", why: "a compass bearing")
        try require(release.releaseHeightMetres, in: 0...300, field: "release height (m)", why: "ground to a tall stack")
        try require(release.rate.kilogramsPerSecond, in: 1e-9...1e5, field: "release rate (kg/s)", why: "a continuous release must emit something")
        self.release = release
        self.weather = weather
        if let given = weather.stability {
            stability = given
            stabilitySource = "given"
        } else if let sky = weather.sky {
            stability = try Stability.pasquillClass(windSpeedMetresPerSecond: weather.windSpeedMetresPerSecond, sky: sky)
            stabilitySource = "Pasquill table from \(weather.windSpeedMetresPerSecond) m/s and \(sky)"
        } else {
            throw .insufficientData("no stability class and no sky condition (day insolation, night cloud or overcast) to derive one")
        }
    }

    /// Concentration at `downwindMetres`, `crosswindMetres` and height `heightMetres` above ground. Zero upwind.
    public func concentration(downwindMetres x: Double, crosswindMetres y: Double, heightMetres z: Double = 0) -> Concentration {
        guard x > 0 else { return Concentration(gramsPerCubicMetre: 0) }
        let (sy, sz) = Briggs.sigmas(downwindMetres: x, stability: stability, terrain: weather.terrain)
        let q = release.rate.kilogramsPerSecond * 1000, u = weather.windSpeedMetresPerSecond, h = release.releaseHeightMetres
        let lateral = exp(-y * y / (2 * sy * sy))
        let vertical = exp(-(z - h) * (z - h) / (2 * sz * sz)) + exp(-(z + h) * (z + h) / (2 * sz * sz))
        return Concentration(gramsPerCubicMetre: q / (2 * .pi * u * sy * sz) * lateral * vertical)
    }

    /// Concentration at a map position (geodesic distance and bearing from the source). O(1).
    public func concentration(at point: Coordinate, heightMetres z: Double = 0) -> Concentration {
        let (x, y) = localFrame(point)
        return concentration(downwindMetres: x, crosswindMetres: y, heightMetres: z)
    }

    /// `point` in the downwind frame: x along the wind, y to its left, metres.
    public func localFrame(_ point: Coordinate) -> (x: Double, y: Double) {
        let inv = Geodesic.inverse(release.source, point)
        let theta = (inv.initialAzimuthDegrees - Footprint.downwindAzimuth(windFromDegrees: weather.windFromDegrees)) * .pi / 180
        return (inv.distanceMetres * cos(theta), -inv.distanceMetres * sin(theta))
    }

    /// Threat zones for the substance's levels of concern, yellow (outermost) to red; a level the substance
    /// lacks (e.g. AEGL-1 "NR") yields no zone and a validity note. O(levels × steps).
    public func zones(receptorHeightMetres z: Double = 0, steps: Int = 240) -> PlumeResult {
        var zones: [HazardZone] = []
        var validity: [String] = []
        let molar = release.substance.molarMassGramsPerMole
        for level in ThreatLevel.allCases {
            guard let loc = release.substance.level(level) else {
                validity.append("\(release.substance.name): no \(level.rawValue) level (guideline not recommended, NR); that zone is not drawn")
                continue
            }
            let target = Concentration.fromPPM(loc.ppm, molarMassGramsPerMole: molar).gramsPerCubicMetre
            zones.append(zone(level: level, concern: loc, targetGramsPerCubicMetre: target, z: z, steps: steps))
        }
        let reach = zones.map(\.reachMetres).max() ?? 0
        if reach >= GaussianPlume.maximumDistanceMetres {
            validity.append("a zone reaches the \(Int(GaussianPlume.maximumDistanceMetres / 1000)) km limit of the trace and is cut there")
        }
        if reach > Briggs.fittedRangeMetres.upperBound {
            validity.append("beyond 10 km the Briggs curves are extrapolated (fitted 100 m – 10 km)")
        }
        if let inner = zones.filter({ $0.reachMetres > 0 }).map(\.reachMetres).min(), inner < Briggs.fittedRangeMetres.lowerBound {
            validity.append("a zone ends within 100 m of the source, where the Briggs curves are extrapolated and the plume model is least reliable")
        }
        if stability == .F || (stability == .E && weather.windSpeedMetresPerSecond < 2) {
            validity.append("stable air (class \(stability.rawValue)) at low wind: the plume may meander and concentrations may be underestimated or misplaced")
        }
        if stability == .F && weather.windSpeedMetresPerSecond > 5 {
            validity.append("class F with wind above 5 m/s is unusual; check the stability class")
        }
        validity.append(contentsOf: release.substance.unverified.map { "substance table: \($0)" })
        return PlumeResult(zones: zones, caveats: GaussianPlume.caveats, validity: validity,
                           stability: stability, stabilitySource: stabilitySource)
    }

    /// Traces C(x, y) = target along log-spaced x and closes the polygon on both sides of the axis.
    private func zone(level: ThreatLevel, concern: LevelOfConcern, targetGramsPerCubicMetre target: Double,
                      z: Double, steps: Int) -> HazardZone {
        let xMin = 1.0, xMax = GaussianPlume.maximumDistanceMetres
        let centreline = { (x: Double) in self.concentration(downwindMetres: x, crosswindMetres: 0, heightMetres: z).gramsPerCubicMetre }
        var upper: [(x: Double, y: Double)] = []
        var lastInside: Double?
        var firstOutsideAfter: Double?
        for i in 0...steps {
            let x = xMin * pow(xMax / xMin, Double(i) / Double(steps))
            let c = centreline(x)
            if c >= target {
                let sy = Briggs.sigmas(downwindMetres: x, stability: stability, terrain: weather.terrain).y
                upper.append((x, sy * (2 * log(c / target)).squareRoot()))
                lastInside = x
                firstOutsideAfter = nil
            } else if lastInside != nil, firstOutsideAfter == nil {
                firstOutsideAfter = x
            }
        }
        let unit = "ppm"
        guard let last = lastInside else {
            return HazardZone(level: level, threshold: concern.ppm, thresholdUnit: unit, meaning: concern.label,
                              reachMetres: 0, widthMetres: 0, footprint: nil, areaSquareMetres: 0)
        }
        // Refine the tip between the last step inside and the first outside.
        var reach = last
        if let out = firstOutsideAfter, let tip = crossing(in: last...out, target: target, centreline) { reach = tip }
        upper.append((reach, 0))
        var ring: [(x: Double, y: Double)] = []
        if upper.first!.x <= xMin * 1.0001 { ring.append((0, 0)) }
        ring.append(contentsOf: upper)
        ring.append(contentsOf: upper.dropLast().reversed().map { ($0.x, -$0.y) })
        let polygon = Footprint.place(ring, at: release.source,
                                      towardsAzimuthDegrees: Footprint.downwindAzimuth(windFromDegrees: weather.windFromDegrees))
        return HazardZone(level: level, threshold: concern.ppm, thresholdUnit: unit, meaning: concern.label,
                          reachMetres: reach, widthMetres: 2 * (upper.map(\.y).max() ?? 0), footprint: polygon,
                          areaSquareMetres: Geodesic.areaSquareMetres(polygon))
    }
}

/// Zones of a plume run with the stability used and the caveats.
public struct PlumeResult: HazardResult {
    public var zones: [HazardZone]
    public var caveats: [String]
    public var validity: [String]
    public var stability: StabilityClass
    public var stabilitySource: String
}
