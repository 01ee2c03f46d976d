import Foundation
import Hazards
import RuleEngine
import SpatialStore

/// The hazard figures the plans read (Plans/facts.yaml `hazard.*`), drawn from a model's zones and the impact
/// report, and fed into a stored incident through ``IncidentUpdating/update(store:library:id:facts:at:actor:)``.
public enum HazardIncidentFacts {
    /// `NAME=VALUE` assignments, in the units Plans/facts.yaml declares: zone reaches in metres (from the model's
    /// zones; none for a drawn polygon), people per zone and sensitive sites (schools, hospitals, nursing homes)
    /// in the orange zone (from the report; none without a store). A zone the model did not draw counts 0. O(zones + sites).
    public static func assignments(zones: [HazardZone], report: ImpactReport?) -> [String] {
        var out: [String] = []
        for level in ThreatLevel.allCases.reversed() {
            guard let z = zones.first(where: { $0.level == level }) else { continue }
            out.append("hazard.\(level.rawValue)_zone_reach=\(Int(z.reachMetres.rounded()))m")
        }
        guard let report else { return out }
        for level in ThreatLevel.allCases.reversed() {
            out.append("hazard.people_in_\(level.rawValue)=\(report.zones.first { $0.level == level }?.people.count ?? 0)")
        }
        let orange = report.zones.first { $0.level == .orange }
        let sensitive = orange?.facilities.filter { ImpactAssessment.priorityKinds.contains($0.kind) }.reduce(0) { $0 + $1.sites.count } ?? 0
        out.append("hazard.facilities_sensitive_in_orange=\(sensitive)")
        return out
    }

    /// Feeds `assignments(zones:report:)` into incident `id` at `at`: one audited `incident.update` transaction;
    /// the plans escalate and add tasks by themselves, and `beacon incident why` cites these facts.
    /// With `outcome` (a model run) its footprints are stored with the facts in that same transaction and replace the
    /// incident's current zones (``CityStore/hazardZones(incidentID:)``); without one (a drawn polygon) stored zones stay.
    /// - Throws: ``IncidentError`` when the incident is unknown, stood down, or `at` is before its last update.
    public static func feed(zones: [HazardZone], report: ImpactReport?, outcome: HazardOutcome? = nil, store: CityStore,
                            library: PlanLibrary, incident id: String, at: Date = Date(), actor: Actor) throws -> IncidentChange {
        try IncidentUpdating.update(store: store, library: library, id: id, facts: assignments(zones: zones, report: report),
                                    hazardZones: outcome.map { $0.incidentZones(incidentID: id) }, at: at, actor: actor)
    }
}
