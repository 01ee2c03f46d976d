import CityImport
import Foundation
import SpatialCore
import SpatialStore

/// Imports files into a city store: reads with a `CityImport` reader, checks, and writes in one
/// audited transaction. A re-import of the same source (same importer and file name) updates rows
/// and removes the ones the file no longer has.
public struct CityImporter {
    public let store: CityStore
    public let actor: Actor
    /// Called with (done, total) during long writes.
    public var progress: ((Int, Int) -> Void)?

    public init(store: CityStore, actor: Actor, progress: ((Int, Int) -> Void)? = nil) {
        self.store = store
        self.actor = actor
        self.progress = progress
    }

    /// The source tag of a file: importer and file name, so moving the file does not duplicate it.
    public static func source(_ importer: String, _ url: URL) -> String { "\(importer):\(url.lastPathComponent)" }

    public func importGeoJSON(_ url: URL, mapping: FieldMapping) throws -> ImportSummary {
        let features = try GeoJSONReader.read(url: url, mapping: mapping)
        return try write(features, source: Self.source("geojson", url), file: url)
    }

    public func importCSV(_ url: URL, mapping: FieldMapping, columns: CSVReader.Columns) throws -> ImportSummary {
        let features = try CSVReader.read(url: url, mapping: mapping, columns: columns, parseWKT: GeometryChecks.parseWKT)
        return try write(features, source: Self.source("csv", url), file: url)
    }

    public func importBoundaries(_ url: URL, datum: BoundaryReader.Datum) throws -> ImportSummary {
        let features = try BoundaryReader.read(url: url, datum: datum, gcj02ToWGS84: GeometryChecks.gcj02ToWGS84)
        return try write(features, source: Self.source("boundaries", url), file: url)
    }

    /// Checks polygons with GEOS (a self-intersecting district is refused, naming the feature and the
    /// reason), then writes.
    func write(_ features: [Feature], source: String, file: URL) throws -> ImportSummary {
        let problems = GeometryChecks.invalidPolygons(features)
        if !problems.isEmpty { throw ImportError(file: file.path, problems: problems) }
        return try store.upsert(features, source: source, actor: actor, progress: progress)
    }
}
