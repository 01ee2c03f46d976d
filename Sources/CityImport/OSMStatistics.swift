/// Tag counts of an OSM file, counted the way `shared/data/osm/*.stats.json` counts them.
///
/// Reverse-engineered from those files and checked on all five (see OSM.md, "Counts"):
/// - `node`, `way`, `relation`: every element of that type.
/// - `node_tagged`: nodes with at least one tag. `node_tagged_building`: nodes with a `building` tag.
/// - `way_highway`, `way_building`, `relation_building`: ways / relations with that key (any value).
/// - `amenity=X`, `emergency=X`: elements of any type with that tag, for the values in
///   ``trackedValues`` only; `healthcare=*`, `power=*`, `waterway=*`: any element with the key;
///   `man_made=pipeline`: any element with that tag.
/// - `cjk_name`: elements whose `name` contains a CJK ideograph or that carry `name:zh`.
/// - ``highwayHistogram``: ways per `highway` value.
/// Keys whose count is zero are absent, as in the stats files.
struct OSMStatistics {
    private(set) var counts: [String: Int] = [:]
    private(set) var highwayHistogram: [String: Int] = [:]

    /// Tag values counted as `key=value`; a value of `*` counts every element with the key as `key=*`.
    static let trackedValues: [String: Set<String>] = [
        "amenity": ["fire_station", "hospital", "clinic", "doctors", "police", "school", "kindergarten",
                    "university", "shelter", "fuel"],
        "emergency": ["fire_hydrant", "defibrillator", "ambulance_station", "assembly_point",
                      "fire_extinguisher", "suction_point", "water_tank"],
        "healthcare": ["*"], "power": ["*"], "waterway": ["*"],
        "man_made": ["pipeline"],
    ]

    /// Counts one element. O(number of tags).
    mutating func add(_ type: OSMElementType, tags: OSMTags) {
        counts[type.rawValue, default: 0] += 1
        guard !tags.isEmpty else { return }
        switch type {
        case .node:
            counts["node_tagged", default: 0] += 1
            if tags["building"] != nil { counts["node_tagged_building", default: 0] += 1 }
        case .way:
            if let highway = tags["highway"] {
                counts["way_highway", default: 0] += 1
                highwayHistogram[highway, default: 0] += 1
            }
            if tags["building"] != nil { counts["way_building", default: 0] += 1 }
        case .relation:
            if tags["building"] != nil { counts["relation_building", default: 0] += 1 }
        }
        for (key, values) in Self.trackedValues {
            guard let value = tags[key] else { continue }
            if values.contains("*") {
                counts["\(key)=*", default: 0] += 1
            } else if values.contains(value) {
                counts["\(key)=\(value)", default: 0] += 1
            }
        }
        if Self.hasCJKName(tags) { counts["cjk_name", default: 0] += 1 }
    }

    /// True when `name` holds a CJK ideograph (U+3400–U+9FFF, U+F900–U+FAFF) or `name:zh` is present.
    static func hasCJKName(_ tags: OSMTags) -> Bool {
        if tags["name:zh"] != nil { return true }
        guard let name = tags["name"] else { return false }
        return name.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) || (0xF900...0xFAFF).contains($0.value) }
    }
}
