import CityImport
import Engine
import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport

private func emptyStore() throws -> (CityImporter, URL) {
    let dir = TestPaths.temporaryDirectory("engine")
    let store = try CityStore.create(at: dir.appendingPathComponent("c.beacon.sqlite").path, cityName: "t",
                                     actor: Actor(name: "t", post: "test"))
    return (CityImporter(store: store, actor: Actor(name: "t", post: "test")), dir)
}

@Suite struct CityImporterTests {
    @Test func anInvalidPolygonIsRefusedWithGEOSReasonAndNothingIsWritten() throws {
        let (importer, dir) = try emptyStore()
        let file = dir.appendingPathComponent("districts.geojson")
        try """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","id":"ok","properties":{"kind":"district"},"geometry":{"type":"Polygon","coordinates":[[[121.40,31.20],[121.41,31.20],[121.41,31.21],[121.40,31.21],[121.40,31.20]]]}},
             {"type":"Feature","id":"bowtie","properties":{"kind":"district"},"geometry":{"type":"Polygon","coordinates":[[[121.40,31.20],[121.41,31.21],[121.41,31.20],[121.40,31.21],[121.40,31.20]]]}},
             {"type":"Feature","id":"open","properties":{"kind":"district"},"geometry":{"type":"Polygon","coordinates":[[[121.40,31.20],[121.41,31.20],[121.41,31.21],[121.40,31.21]]]}}
            ]}
            """.write(to: file, atomically: true, encoding: .utf8)
        let mapping = FieldMapping(layer: .districts, idPrefix: "d", kindField: "kind")
        do {
            _ = try importer.importGeoJSON(file, mapping: mapping)
            Issue.record("invalid polygons were accepted")
        } catch let e as ImportError {
            #expect(e.description.contains("d:bowtie") && e.description.contains("Self-intersection"))
            #expect(e.description.contains("d:open") && e.description.contains("not closed"))
            #expect(!e.description.contains("d:ok"))
        }
        #expect(try importer.store.features(in: .districts).isEmpty)
    }

    @Test func csvWithAWKTColumnIsParsedByGEOS() throws {
        let (importer, dir) = try emptyStore()
        let file = dir.appendingPathComponent("zones.csv")
        try "id,kind,wkt\nZ1,flood_zone,\"POLYGON((121.4 31.2, 121.5 31.2, 121.5 31.3, 121.4 31.2))\"\nZ2,flood_zone,POINT(121.45 31.25)\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let s = try importer.importCSV(file, mapping: FieldMapping(layer: .components, idPrefix: "z", idField: "id", kindField: "kind"),
                                       columns: .init())
        #expect(s.inserted == 2)
        let z1 = try #require(try importer.store.feature(id: "z:Z1"))
        #expect(z1.geometry.typeName == "POLYGON" && z1.geometry.coordinates.count == 4)
        let bad = dir.appendingPathComponent("bad.csv")
        try "id,kind,wkt\nZ3,flood_zone,POLYGON((121.4 31.2, 121.5\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: ImportError.self) {
            try importer.importCSV(bad, mapping: FieldMapping(layer: .components, idPrefix: "z", idField: "id", kindField: "kind"), columns: .init())
        }
    }

    /// The AMap boundaries as published (GCJ-02), converted on import, land on the independently converted
    /// WGS84 file; read as if they were WGS84, they sit ~500 m off.
    @Test(.enabled(if: TestPaths.sharedData != nil)) func gcj02BoundariesAreConvertedToWGS84OnImport() throws {
        let data = TestPaths.sharedData!.appendingPathComponent("boundaries")
        let (importer, _) = try emptyStore()
        _ = try importer.importBoundaries(data.appendingPathComponent("haikou_gcj02_as_published.geojson"), datum: .gcj02)
        let converted = try importer.store.features(in: .districts)
        #expect(converted.count == 5)
        let reference = try BoundaryReader.read(url: data.appendingPathComponent("haikou_wgs84_converted.geojson"), datum: .wgs84) { $0 }
        let asPublished = try BoundaryReader.read(url: data.appendingPathComponent("haikou_gcj02_as_published.geojson"), datum: .wgs84) { $0 }
        for (mine, theirs) in zip(converted.sorted { $0.id < $1.id }, reference.sorted { $0.id < $1.id }) {
            #expect(mine.id == theirs.id)
            let worst = zip(mine.geometry.coordinates, theirs.geometry.coordinates).map { Haversine.distanceMetres($0, $1) }.max() ?? .infinity
            #expect(worst < 0.05, "\(mine.id): \(worst) m")
        }
        let shift = Haversine.distanceMetres(asPublished[0].geometry.coordinates[0], reference[0].geometry.coordinates[0])
        #expect(shift > 300 && shift < 700)
        #expect(converted.first { $0.id == "district:460105" }?.name == "秀英区")
    }
}
