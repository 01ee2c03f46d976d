import SpatialCore

/// One row of the tag → layer/kind table.
struct OSMTagRule: Sendable {
    var layer: Layer
    var key: String
    /// The value to match; nil matches any value except those in ``excludedValues``.
    var value: String?
    /// The feature kind; nil means the tag's value is the kind (`building=house` → `house`).
    var kind: String?
    /// Another tag that must also be present (`amenity=social_facility` for `social_facility=nursing_home`).
    var requires: (key: String, value: String)? = nil
    /// Values that never match (`building=no`).
    var excludedValues: Set<String> = []
    /// Element types the rule applies to; roads are ways only.
    var types: Set<OSMElementType> = [.node, .way, .relation]

    func kind(for tags: OSMTags, type: OSMElementType) -> String? {
        guard types.contains(type), let tagValue = tags[key], !excludedValues.contains(tagValue) else { return nil }
        if let value, tagValue != value { return nil }
        if let requires, tags[requires.key] != requires.value { return nil }
        return kind ?? tagValue
    }
}

/// Maps an element's tags to the features it becomes: at most one per layer, first matching row wins.
///
/// The rows are the table in OSM.md; change both together.
enum OSMClassifier {
    /// The layers an element can produce, in id precedence: the first feature of an element keeps the
    /// plain id (`osm:way/1`), later ones get ``idSuffix`` (`osm:way/1#facility`).
    static let layerOrder: [Layer] = [.roads, .buildings, .facilities, .hazards, .components]

    /// The suffix of a secondary feature's id, by layer.
    static func idSuffix(_ layer: Layer) -> String {
        switch layer {
        case .roads: "#road"
        case .buildings: "#building"
        case .facilities: "#facility"
        case .hazards: "#hazard"
        case .components: "#component"
        default: "#\(layer.rawValue)"
        }
    }

    static let rules: [OSMTagRule] = {
        var rules: [OSMTagRule] = RoadClass.drivable.map {
            OSMTagRule(layer: .roads, key: "highway", value: $0.highway, kind: $0.highway, types: [.way])
        }
        rules.append(OSMTagRule(layer: .buildings, key: "building", value: nil, kind: nil, excludedValues: ["no"]))
        let facilities: [(String, String, String)] = [
            ("amenity", "fire_station", "fire_station"), ("amenity", "hospital", "hospital"),
            ("amenity", "police", "police"), ("amenity", "clinic", "clinic"), ("amenity", "doctors", "doctors"),
            ("amenity", "school", "school"), ("amenity", "kindergarten", "kindergarten"),
            ("amenity", "university", "university"), ("amenity", "shelter", "shelter"),
            ("amenity", "nursing_home", "nursing_home"),
            ("emergency", "ambulance_station", "ambulance_station"),
            ("emergency", "assembly_point", "assembly_point"),
        ]
        rules += facilities.map { OSMTagRule(layer: .facilities, key: $0.0, value: $0.1, kind: $0.2) }
        rules.append(OSMTagRule(layer: .facilities, key: "social_facility", value: "nursing_home",
                                kind: "nursing_home", requires: ("amenity", "social_facility")))
        let hazards: [(String, String?, String)] = [
            ("amenity", "fuel", "fuel_station"), ("man_made", "storage_tank", "storage_tank"),
            ("power", "plant", "power_plant"), ("power", "substation", "substation"),
            ("industrial", nil, "industrial_site"),
        ]
        rules += hazards.map { OSMTagRule(layer: .hazards, key: $0.0, value: $0.1, kind: $0.2) }
        let components: [(String, String?, String)] = [
            ("emergency", "fire_hydrant", "hydrant"), ("emergency", "suction_point", "suction_point"),
            ("emergency", "water_tank", "water_tank"), ("emergency", "defibrillator", "defibrillator"),
            ("emergency", "fire_extinguisher", "fire_extinguisher"),
            ("man_made", "manhole", "manhole"), ("manhole", nil, "manhole"),
            ("power", "tower", "power_pole"), ("power", "pole", "power_pole"),
            ("highway", "street_lamp", "street_lamp"), ("highway", "traffic_signals", "traffic_signals"),
        ]
        rules += components.map { OSMTagRule(layer: .components, key: $0.0, value: $0.1, kind: $0.2) }
        return rules
    }()

    /// Row numbers of ``rules`` by tag key and value (rows with a fixed value) …
    static let rowsByTag: [String: [String: [Int]]] =
        Dictionary(grouping: rules.indices.filter { rules[$0].value != nil }, by: { rules[$0].key })
            .mapValues { rows in Dictionary(grouping: rows, by: { rules[$0].value! }) }
    /// … and by key alone (rows matching any value), so an element is matched in O(its tags).
    static let rowsByKey: [String: [Int]] =
        Dictionary(grouping: rules.indices.filter { rules[$0].value == nil }, by: { rules[$0].key })

    /// The (layer, kind) pairs for an element, in ``layerOrder``; per layer the earliest row wins.
    static func classify(_ tags: OSMTags, type: OSMElementType) -> [(layer: Layer, kind: String)] {
        var best: [Layer: (row: Int, kind: String)] = [:]
        for (key, value) in tags {
            for row in (rowsByTag[key]?[value] ?? []) + (rowsByKey[key] ?? []) {
                let rule = rules[row]
                if let current = best[rule.layer], current.row < row { continue }
                if let kind = rule.kind(for: tags, type: type) { best[rule.layer] = (row, kind) }
            }
        }
        guard !best.isEmpty else { return [] }
        return layerOrder.compactMap { layer in best[layer].map { (layer, $0.kind) } }
    }
}
