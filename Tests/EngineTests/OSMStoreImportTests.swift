import CityImport
import Engine
import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// Every OSM extract goes into a store whole: the store's layer counts equal what the reader produced,
/// and a second import of the same file updates every row and adds none.
@Suite struct OSMStoreImportTests {
    static var files: [URL] {
        var urls = [TestPaths.fixtures.appendingPathComponent("osm/monaco_sample.osm.pbf")]
        if let shared = TestPaths.sharedData?.appendingPathComponent("osm"),
           let names = try? FileManager.default.contentsOfDirectory(atPath: shared.path) {
            urls += names.filter { $0.hasSuffix(".osm") || $0.hasSuffix(".pbf") }.sorted().map { shared.appendingPathComponent($0) }
        }
        return urls
    }

    @Test(arguments: files) func importsIntoTheStoreAndReimportsAsUpdates(file: URL) throws {
        let dir = TestPaths.temporaryDirectory("osm-store")
        let actor = Actor(name: "t", post: "test")
        let store = try CityStore.create(at: dir.appendingPathComponent("c.beacon.sqlite").path, cityName: "t", actor: actor)
        let importer = CityImporter(store: store, actor: actor)
        let (first, read) = try importer.importOSM(file)
        var expected = Dictionary(grouping: try OSMImport.read(url: file).features, by: \.layer).mapValues(\.count)
        // Buildings GEOS cannot repair into polygons are left out, each with a warning.
        expected[.buildings, default: 0] -= read.warnings.filter { $0.contains("left out") }.count
        #expect(first.inserted == expected.values.reduce(0, +))
        for summary in try store.layerSummaries() {
            #expect(summary.count == expected[summary.layer] ?? 0, "\(file.lastPathComponent): \(summary.layer)")
        }
        #expect(read.counts["node"] ?? 0 > 0)
        // Repaired polygons are valid now (SpatiaLite's own check agrees with GEOS).
        #expect(try store.invalidGeometryCount(in: .buildings) == 0)
        let second = try importer.importOSM(file).0
        #expect(second.inserted == 0 && second.deleted == 0 && second.updated == first.inserted)
        try FileManager.default.removeItem(at: dir)
    }
}
