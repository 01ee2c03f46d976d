import CityImport
import Foundation
import NetworkAnalysis
import SpatialCore
import TestSupport

/// Central Shanghai roads 2025, shipped in MapData/ and read by the real OSM importer once per test process.
enum ShanghaiRoads {
    static let url = TestPaths.mapData.appendingPathComponent("shanghai_center_roads_2025.osm")
    static let isAvailable = FileManager.default.fileExists(atPath: url.path)
    static let features: [Feature] = ((try? OSMImport.read(url: url))?.features ?? []).filter { $0.layer == .roads }
    static let graph = RoadGraph(roads: features)
}

#if DEBUG
let isReleaseBuild = false
#else
let isReleaseBuild = true
#endif
