import Engine
import SpatialCore
import SpatialStore

/// Hazard zones on the situation map: an incident's stored model footprints (red / orange / yellow polygons,
/// semi-transparent, outermost first so red lies on top), or — for an incident that has reach facts but no stored
/// footprint — dashed circles of those reaches, which the legend names as such. O(vertices drawn).
extension SituationMap {
    /// Fill opacity of a zone; zones nest, so the red core shows through three layers.
    static let zoneFillOpacity = "0.22"

    /// The SVG of incident `i`'s hazard zones.
    func zoneShapes(_ i: IncidentSnapshot, _ proj: MapProjection) -> String {
        var out = ""
        if !i.hazardZones.isEmpty {
            for z in i.hazardZones {
                let colour = Theme.levelColour(z.level)
                out += "<path class=\"zone zone-footprint\" data-level=\"\(z.level)\" fill-rule=\"evenodd\" d=\"\(proj.ringsPath(MapProjection.lineParts(z.footprint)))\" "
                    + "fill=\"\(colour)\" fill-opacity=\"\(Self.zoneFillOpacity)\" stroke=\"\(colour)\">"
                    + "<title>\(Markup.escape(i.id)) \(Markup.escape(z.level)) — \(Markup.escape(z.model)): \(Markup.escape(z.meaning)), "
                    + "\(Markup.n(z.reachMetres.rounded())) m</title></path>"
            }
            return out
        }
        guard let at = i.location else { return "" }
        let p = proj.point(at)
        for (zone, metres) in i.hazardReachesMetres {
            out += "<circle class=\"zone zone-reach\" cx=\"\(Markup.n(p.x))\" cy=\"\(Markup.n(p.y))\" r=\"\(Markup.n(metres * proj.pixelsPerMetre))\" "
                + "fill=\"\(Theme.levelColour(zone))\" fill-opacity=\"0.16\" stroke=\"\(Theme.levelColour(zone))\" stroke-dasharray=\"6 4\">"
                + "<title>\(Markup.escape(i.id)) \(zone) \(Markup.n(metres.rounded())) m — \(context.t("reach_circle"))</title></circle>"
        }
        return out
    }

    /// Legend entries: the three zone colours when any footprint is drawn, and the reach-circle note when any
    /// incident falls back to circles.
    func zoneLegend() -> [String] {
        let active = situation.activeIncidents
        var items: [String] = []
        if active.contains(where: { !$0.hazardZones.isEmpty }) {
            for level in IncidentHazardZone.levels.reversed() {
                items.append("<span><i style=\"background:\(Theme.levelColour(level));opacity:0.7\" class=\"sq\"></i>\(context.t("zone_" + level))</span>")
            }
        }
        if active.contains(where: { $0.hazardZones.isEmpty && !$0.hazardReachesMetres.isEmpty }) {
            items.append("<span><i style=\"background:none;border:2px dashed \(Theme.levelColour("orange"))\"></i>\(context.t("reach_circle"))</span>")
        }
        return items
    }
}
