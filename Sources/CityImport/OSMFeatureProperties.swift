import Foundation
import SpatialCore

/// The name and typed properties of a feature made from an OSM element, per layer (see OSM.md).
enum OSMFeatureProperties {
    /// `name`, else `name:zh`, else `name:en`.
    static func name(_ tags: OSMTags) -> String? {
        tags["name"] ?? tags["name:zh"] ?? tags["name:en"]
    }

    /// OSM keys copied as text properties, by layer.
    static let copiedKeys: [Layer: [String]] = [
        .hazards: ["substance", "content", "industrial", "product", "operator"],
        .components: [
            "fire_hydrant:type", "fire_hydrant:diameter", "fire_hydrant:position", "fire_hydrant:pressure",
            "pressure", "couplings", "water_source", "water_tank:volume", "manhole", "substance",
            "defibrillator:location", "indoor", "operator", "ref",
        ],
    ]

    /// Every property of a feature in `layer` of `kind` for an element with `tags`.
    /// `areaSquareMetres` is the footprint when the element is an area (facilities record it).
    static func make(layer: Layer, kind: String, type: OSMElementType, id: Int64, tags: OSMTags,
                     areaSquareMetres: Double?) -> [String: PropertyValue] {
        var properties: [String: PropertyValue] = ["osm_id": .integer(id), "osm_type": .text(type.rawValue)]
        if let en = tags["name:en"] { properties["name_en"] = .text(en) }
        if let zh = tags["name:zh"], zh != tags["name"] { properties["name_zh"] = .text(zh) }
        for key in copiedKeys[layer] ?? [] {
            if let value = tags[key] { properties[key] = .text(value) }
        }
        switch layer {
        case .roads:
            guard let roadClass = RoadClass.byHighway[kind] else { break }
            if let tagged = tags["maxspeed"].flatMap(OSMRoadTags.speedKmh) {
                properties["speed_kmh"] = .real(tagged)
                properties["maxspeed_source"] = .text("tag")
            } else {
                properties["speed_kmh"] = .real(roadClass.defaultSpeedKmh)
                properties["maxspeed_source"] = .text("default")
            }
            properties["oneway"] = .integer(OSMRoadTags.oneway(tags: tags, roadClass: roadClass))
            if let lanes = OSMRoadTags.lanes(tags: tags) { properties["lanes"] = .integer(lanes) }
        case .buildings:
            if let levels = tags["building:levels"].flatMap(number), levels >= 0 {
                properties["levels"] = .integer(Int64(levels.rounded(.down)))
            }
            if let height = tags["height"].flatMap(metres) { properties["height_m"] = .real(height) }
        case .facilities:
            if let capacity = tags["capacity"].flatMap(number), capacity >= 0, capacity == capacity.rounded() {
                properties["capacity"] = .integer(Int64(capacity))
            }
            if let areaSquareMetres { properties["footprint_area_m2"] = .real(areaSquareMetres) }
        case .hazards:
            if properties["substance"] == nil {
                if let content = tags["content"] {
                    properties["substance"] = .text(content)
                } else if kind == "fuel_station" {
                    properties["substance"] = .text("fuel")
                }
            }
        default:
            break
        }
        return properties
    }

    /// A plain decimal number (`3`, `2.5`), or nil.
    private static func number(_ text: String) -> Double? {
        Double(text.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
    }

    /// A height in metres: `12`, `12 m`, `12.5m`; nil for other units (`40'`).
    static func metres(_ text: String) -> Double? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("m") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        return number(text).flatMap { $0 >= 0 ? $0 : nil }
    }
}
