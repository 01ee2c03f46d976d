import Foundation
import Hazards
import SpatialCore
import SpatialStore

/// A hazard scenario as a duty officer states it; ``HazardAssessment`` runs the model and the impact query.
public enum HazardScenario: Sendable {
    case plume(PlumeRelease, PlumeWeather)
    case blast(centre: Coordinate, tntKilograms: Double)
    case fireball(centre: Coordinate, fuelKilograms: Double)
    case poolFire(centre: Coordinate, substance: Substance, diameterMetres: Double)
}

/// A model's zones and notes, whatever the model.
public struct HazardOutcome: Sendable {
    public var model: String
    public var zones: [HazardZone]
    public var caveats: [String]
    public var validity: [String]
    /// Model figures by name (units in the names): stability, TNT mass, fireball diameter …
    public var figures: [(String, String)]
}

/// Runs hazard models; ``ImpactAssessment`` intersects their zones with the city store.
public enum HazardAssessment {
    /// Runs the model of `scenario`. - Throws: ``HazardError`` for input outside the model's range.
    public static func run(_ scenario: HazardScenario) throws -> HazardOutcome {
        switch scenario {
        case let .plume(release, weather):
            let plume = try GaussianPlume(release: release, weather: weather)
            let r = plume.zones()
            return HazardOutcome(model: "Gaussian plume (\(release.substance.name))", zones: r.zones, caveats: r.caveats, validity: r.validity,
                                 figures: [("stability", "\(r.stability.rawValue) (\(r.stabilitySource))"),
                                           ("terrain", weather.terrain.rawValue),
                                           ("rate kg/s", String(format: "%.3g", release.rate.kilogramsPerSecond))])
        case let .blast(centre, w):
            let r = try Blast.zones(at: centre, tntKilograms: w)
            return HazardOutcome(model: "TNT-equivalent blast (Kingery–Bulmash)", zones: r.zones, caveats: r.caveats,
                                 validity: r.validity, figures: [("TNT kg", String(format: "%.1f", w))])
        case let .fireball(centre, m):
            let r = try Fireball(fuelKilograms: m).zones(at: centre)
            return HazardOutcome(model: "BLEVE fireball (CCPS solid flame)", zones: r.zones, caveats: r.caveats, validity: r.validity,
                                 figures: r.figures.sorted { $0.key < $1.key }.map { ($0.key, String(format: "%.1f", $0.value)) })
        case let .poolFire(centre, substance, d):
            let r = try PoolFire(substance: substance, diameterMetres: d).zones(at: centre)
            return HazardOutcome(model: "pool fire (\(substance.name), point source)", zones: r.zones, caveats: r.caveats, validity: r.validity,
                                 figures: r.figures.sorted { $0.key < $1.key }.map { ($0.key, String(format: "%.3g", $0.value)) })
        }
    }
}

extension HazardOutcome {
    /// The zones with a footprint as rows for incident `incidentID`, outermost first, each carrying the model, its
    /// caveats and validity notes (the assessment time is set when the incident update stores them). O(zones).
    public func incidentZones(incidentID: String, assessedAt: String = "") -> [IncidentHazardZone] {
        zones.sorted { $0.level < $1.level }.compactMap { z in
            guard let footprint = z.footprint else { return nil }
            return IncidentHazardZone(incidentID: incidentID, level: z.level.rawValue, model: model, threshold: z.threshold,
                                      thresholdUnit: z.thresholdUnit, meaning: z.meaning, reachMetres: z.reachMetres,
                                      widthMetres: z.widthMetres, areaSquareMetres: z.areaSquareMetres, caveats: caveats,
                                      validity: validity, assessedAt: assessedAt, footprint: footprint)
        }
    }
}
