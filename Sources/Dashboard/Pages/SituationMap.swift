import Engine
import SpatialCore
import SpatialStore

/// The situation map in SVG: district outlines, main roads, closures, pipes, hazard zones and sources, facilities,
/// units by status and incidents by level, each layer optional. Built on ``MapProjection``; O(vertices drawn).
struct SituationMap {
    struct Layers: OptionSet {
        let rawValue: Int
        static let hazards = Layers(rawValue: 1)
        static let facilities = Layers(rawValue: 2)
        static let units = Layers(rawValue: 4)
        static let pipes = Layers(rawValue: 8)
        static let sensors = Layers(rawValue: 16)
        static let allFacilities = Layers(rawValue: 32)
    }

    let context: PageContext
    let layers: Layers
    let widthPx: Double
    let heightPx: Double

    var situation: Situation { context.situation }

    func svg() -> String {
        let s = situation
        let proj = MapProjection(fitting: s.bounds, widthPx: widthPx, heightPx: heightPx)
        var out = "<svg class=\"map\" viewBox=\"0 0 \(Markup.n(widthPx)) \(Markup.n(heightPx))\" role=\"img\"><title>\(context.t("map"))</title>"
        out += "<defs><clipPath id=\"frame\"><rect width=\"\(Markup.n(widthPx))\" height=\"\(Markup.n(heightPx))\"/></clipPath></defs><g clip-path=\"url(#frame)\">"
        // Districts, the selected one highlighted.
        let outlines = s.districts.filter { $0.id != s.scope.districtID }.flatMap { MapProjection.lineParts($0.geometry) }
        out += "<path class=\"district\" d=\"\(proj.path(outlines))\"/>"
        // Roads by class.
        for (cls, kinds) in [("r3", ["secondary"]), ("r2", ["primary", "primary_link"]), ("r1", ["motorway", "trunk", "motorway_link", "trunk_link"])] {
            let parts = s.roads.filter { kinds.contains($0.kind) }.flatMap { MapProjection.lineParts($0.geometry) }
            out += "<path class=\"road \(cls)\" d=\"\(proj.path(parts))\"/>"
        }
        if let outline = s.scope.outline {
            out += "<path class=\"district sel\" fill-rule=\"evenodd\" d=\"\(proj.ringsPath(MapProjection.lineParts(outline)))\"/>"
        }
        if layers.contains(.pipes) {
            for network in ["water", "gas"] {
                let parts = s.pipes.filter { $0.properties["network"]?.textValue == network }.flatMap { MapProjection.lineParts($0.geometry) }
                out += "<path class=\"pipe-\(network)\" d=\"\(proj.path(parts))\"/>"
            }
        }
        // Hazard zones of active incidents: the stored model footprints, else reach circles; and evacuation radii.
        if layers.contains(.hazards) {
            for i in s.activeIncidents {
                out += zoneShapes(i, proj)
                guard let at = i.location else { continue }
                let p = proj.point(at)
                for r in i.evacuationRadiiMetres {
                    out += "<circle cx=\"\(Markup.n(p.x))\" cy=\"\(Markup.n(p.y))\" r=\"\(Markup.n(max(r * proj.pixelsPerMetre, 6)))\" "
                        + "fill=\"none\" stroke=\"#ffffff\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
                }
            }
            for h in s.hazards {
                guard let at = h.geometry.representativePoint else { continue }
                let p = proj.point(at)
                let r = h.kind == "fuel_station" ? 5.0 : 8.0
                out += "<path d=\"M\(Markup.n(p.x)) \(Markup.n(p.y - r))L\(Markup.n(p.x + r)) \(Markup.n(p.y))L\(Markup.n(p.x)) \(Markup.n(p.y + r))L\(Markup.n(p.x - r)) \(Markup.n(p.y))Z\" "
                    + "fill=\"#c084fc\" stroke=\"#070d1a\" stroke-width=\"1.5\"><title>\(context.name(h))</title></path>"
            }
        }
        if layers.contains(.facilities) || layers.contains(.allFacilities) {
            for f in s.facilities {
                guard layers.contains(.allFacilities) || ["fire_station", "hospital"].contains(f.kind), let at = f.geometry.representativePoint else { continue }
                let p = proj.point(at)
                out += Self.facilityMarker(kind: f.kind, x: p.x, y: p.y, title: context.name(f))
            }
        }
        func sensorMarker(_ sensor: SensorSnapshot) -> String {
            guard let at = sensor.feature.geometry.representativePoint else { return "" }
            let p = proj.point(at)
            let colour = sensor.alarm != nil ? "#ff3b3b" : sensor.latest == nil ? "#64748b" : "#22c55e"
            return "<rect x=\"\(Markup.n(p.x - 6))\" y=\"\(Markup.n(p.y - 6))\" width=\"12\" height=\"12\" transform=\"rotate(45 \(Markup.n(p.x)) \(Markup.n(p.y)))\" "
                + "fill=\"\(colour)\" stroke=\"#070d1a\" stroke-width=\"1.5\"><title>\(context.name(sensor.feature))</title></rect>"
        }
        // Quiet sensors here; those with a standing alarm last, above the incident an alarm may itself have opened.
        if layers.contains(.sensors) {
            for sensor in s.sensors where sensor.alarm == nil { out += sensorMarker(sensor) }
        }
        // Units: committed ones drawn larger, with a line to their incident.
        if layers.contains(.units) {
            let incidentAt = Dictionary(s.incidents.compactMap { i in i.location.map { (i.id, $0) } }, uniquingKeysWith: { a, _ in a })
            let assignment = Dictionary(s.incidents.flatMap(\.assignments).map { ($0.unitID, $0.incidentID) }, uniquingKeysWith: { a, _ in a })
            for u in s.units.sorted(by: { ($0.status == "available" ? 0 : 1) < ($1.status == "available" ? 0 : 1) }) {
                let p = proj.point(u.position)
                let committed = u.status != "available" && u.status != "out_of_service"
                if committed, let inc = assignment[u.id].flatMap({ incidentAt[$0] }) {
                    let q = proj.point(inc)
                    out += "<line x1=\"\(Markup.n(p.x))\" y1=\"\(Markup.n(p.y))\" x2=\"\(Markup.n(q.x))\" y2=\"\(Markup.n(q.y))\" stroke=\"\(Theme.statusColour(u.status))\" stroke-width=\"2\" stroke-dasharray=\"3 3\"/>"
                }
                out += "<circle cx=\"\(Markup.n(p.x))\" cy=\"\(Markup.n(p.y))\" r=\"\(committed ? 8 : 4.5)\" fill=\"\(Theme.statusColour(u.status))\" stroke=\"#070d1a\" stroke-width=\"1.5\">"
                    + "<title>\(Markup.escape(u.name)) \(Markup.escape(u.kind)) \(context.t("status_" + u.status))</title></circle>"
                if committed {
                    out += "<text class=\"maplabel\" x=\"\(Markup.n(p.x + 11))\" y=\"\(Markup.n(p.y + 5))\" style=\"font-size:13px\">\(Markup.escape(u.name))</text>"
                }
            }
        }
        // Closures: the closed road, and a no-entry sign at its middle so a short road still shows.
        for (o, road) in s.closures {
            guard let road else { continue }
            out += "<path class=\"closure\" d=\"\(proj.path(MapProjection.lineParts(road.geometry)))\"/>"
            let vertices = road.geometry.coordinates
            guard !vertices.isEmpty else { continue }
            let p = proj.point(vertices[vertices.count / 2])
            out += "<g><title>\(Markup.escape(road.name ?? road.id)) — \(Markup.escape(o.reason))</title>"
                + "<circle cx=\"\(Markup.n(p.x))\" cy=\"\(Markup.n(p.y))\" r=\"10\" fill=\"#ff3b3b\" stroke=\"#fff\" stroke-width=\"2\"/>"
                + "<rect x=\"\(Markup.n(p.x - 6))\" y=\"\(Markup.n(p.y - 2))\" width=\"12\" height=\"4\" fill=\"#fff\"/></g>"
        }
        // Incidents on top.
        for i in s.activeIncidents {
            guard let at = i.location else { continue }
            let p = proj.point(at)
            let colour = Theme.levelColour(i.level)
            out += "<circle cx=\"\(Markup.n(p.x))\" cy=\"\(Markup.n(p.y))\" r=\"26\" fill=\"\(colour)\" fill-opacity=\"0.25\" stroke=\"\(colour)\" stroke-width=\"3\"/>"
            out += "<circle cx=\"\(Markup.n(p.x))\" cy=\"\(Markup.n(p.y))\" r=\"11\" fill=\"\(colour)\" stroke=\"#070d1a\" stroke-width=\"2\"><title>\(Markup.escape(i.id))</title></circle>"
            let roman = ["I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ"][i.level] ?? i.level
            let flip = p.x > widthPx * 0.7
            out += "<text class=\"maplabel\" x=\"\(Markup.n(p.x + (flip ? -32 : 32)))\" y=\"\(Markup.n(p.y - 10))\" text-anchor=\"\(flip ? "end" : "start")\" style=\"font-size:19px\">"
                + "\(roman) \(context.incidentName(i.feature))</text>"
        }
        if layers.contains(.sensors) {
            for sensor in s.sensors where sensor.alarm != nil { out += sensorMarker(sensor) }
        }
        out += "</g></svg>"
        return out + legend()
    }

    static func facilityMarker(kind: String, x: Double, y: Double, title: String) -> String {
        let (shape, colour): (String, String) = switch kind {
        case "fire_station": ("square", "#ff5b5b")
        case "hospital": ("cross", "#f8fafc")
        case "shelter": ("triangle", "#4ade80")
        case "warehouse": ("square", "#a78bfa")
        case "police": ("square", "#60a5fa")
        case "ambulance_station": ("cross", "#fda4af")
        default: ("dot", "#94a3b8")
        }
        let X = Markup.n(x), Y = Markup.n(y)
        let body: String = switch shape {
        case "square": "<rect x=\"\(Markup.n(x - 6))\" y=\"\(Markup.n(y - 6))\" width=\"12\" height=\"12\" fill=\"\(colour)\" stroke=\"#070d1a\" stroke-width=\"1.5\">"
        case "cross": "<path d=\"M\(Markup.n(x - 2.5)) \(Markup.n(y - 7))h5v4.5h4.5v5h-4.5v4.5h-5v-4.5h-4.5v-5h4.5Z\" fill=\"\(colour)\" stroke=\"#070d1a\" stroke-width=\"1\">"
        case "triangle": "<path d=\"M\(X) \(Markup.n(y - 7))L\(Markup.n(x + 7)) \(Markup.n(y + 6))L\(Markup.n(x - 7)) \(Markup.n(y + 6))Z\" fill=\"\(colour)\" stroke=\"#070d1a\" stroke-width=\"1.5\">"
        default: "<circle cx=\"\(X)\" cy=\"\(Y)\" r=\"4\" fill=\"\(colour)\">"
        }
        let close = shape == "square" ? "</rect>" : shape == "dot" ? "</circle>" : "</path>"
        return body + "<title>\(title)</title>" + close
    }

    private func legend() -> String {
        var items: [String] = []
        for l in ["I", "II", "III", "IV"] { items.append("<span><i style=\"background:\(Theme.levelColour(l))\"></i>\(context.t("level_" + l))</span>") }
        if layers.contains(.units) {
            for st in ["available", "dispatched", "en_route", "on_scene", "returning"] {
                items.append("<span><i style=\"background:\(Theme.statusColour(st));width:10px;height:10px\"></i>\(context.t("status_" + st))</span>")
            }
        }
        if layers.contains(.hazards) {
            items.append("<span><i style=\"background:#c084fc\" class=\"sq\"></i>\(context.t("hazard_source"))</span>")
            items += zoneLegend()
        }
        items.append("<span><i style=\"background:#ff3b3b;height:5px\" class=\"sq\"></i>\(context.t("road_closure"))</span>")
        if layers.contains(.pipes) {
            items.append("<span><i style=\"background:#38bdf8;height:4px\" class=\"sq\"></i>\(context.t("water_mains"))</span>")
            items.append("<span><i style=\"background:#fbbf24;height:4px\" class=\"sq\"></i>\(context.t("gas_pipes"))</span>")
        }
        if layers.contains(.sensors) { items.append("<span><i style=\"background:#ff3b3b\" class=\"sq\"></i>\(context.t("sensor_alarm"))</span>") }
        if layers.contains(.facilities) || layers.contains(.allFacilities) {
            items.append("<span><i style=\"background:#ff5b5b\" class=\"sq\"></i>\(context.t("kind_fire_station"))</span>")
            items.append("<span><i style=\"background:#f8fafc\" class=\"sq\"></i>\(context.t("kind_hospital"))</span>")
        }
        if layers.contains(.allFacilities) {
            items.append("<span><i style=\"background:#4ade80\" class=\"sq\"></i>\(context.t("kind_shelter"))</span>")
            items.append("<span><i style=\"background:#a78bfa\" class=\"sq\"></i>\(context.t("kind_warehouse"))</span>")
        }
        return "<div class=\"legend\">" + items.joined() + "</div>"
    }
}
