import SpatialCore

extension ImpactReport {
    /// The report as a GeoJSON FeatureCollection: one polygon per zone (people, area, counts), the evacuation
    /// origin, and one point per shelter in the plan (travel minutes, assigned, remaining). O(vertices + shelters).
    public func geoJSON() -> String {
        var features: [String] = []
        for z in zones {
            let props: [String: PropertyValue] = [
                "level": .text(z.level.rawValue), "meaning": .text(z.meaning), "area_m2": .real(z.areaSquareMetres.rounded()),
                "people": .integer(Int64(z.people.count)), "people_method": .text(z.people.method.rawValue),
                "people_assumption": .text(z.people.assumption),
                "facilities": .integer(Int64(z.facilities.reduce(0) { $0 + $1.sites.count })),
                "roads_to_close": .integer(Int64(z.roads.count)),
                "pipe_length_m": .real(z.pipes.reduce(0) { $0 + $1.lengthInsideMetres }.rounded()),
                "hazard_sources": .integer(Int64(z.hazardSources.count)),
            ]
            features.append(GeoJSON.string(Feature(id: "impact/\(z.level.rawValue)", layer: .hazards, kind: "impact_zone",
                                                   name: z.meaning, geometry: z.footprint, properties: props)))
        }
        if let e = evacuation {
            features.append(GeoJSON.string(Feature(id: "evacuation/origin", layer: .incidents, kind: "evacuation_origin",
                                                   geometry: .point(e.origin),
                                                   properties: ["zone": .text(e.zone.rawValue), "people": .integer(Int64(e.peopleToMove))])))
            for s in e.shelters {
                var props: [String: PropertyValue] = [
                    "capacity": .integer(Int64(s.capacity)), "assigned": .integer(Int64(s.assigned)),
                    "remaining": .integer(Int64(s.remainingCapacity)), "reason": .text(s.reason)]
                if s.travelSeconds.isFinite { props["travel_min"] = .real((s.travelSeconds / 6).rounded() / 10) }
                features.append(GeoJSON.string(Feature(
                    id: s.shelter.id, layer: .facilities, kind: "evacuation_shelter", name: s.shelter.name,
                    geometry: .point(s.shelter.location), properties: props)))
            }
        }
        return GeoJSON.collection(features)
    }
}
