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

    /// OpenStreetMap `.osm` / `.osm.pbf`: roads, facilities, hazards, components, buildings.
    public func importOSM(_ url: URL, progress osmProgress: ((OSMProgress) -> Void)? = nil) throws -> (ImportSummary, OSMImport) {
        var read = try OSMImport.read(url: url, progress: osmProgress)
        let (summary, repaired) = try write(read.features, source: Self.source("osm", url), file: url, repair: true)
        read.features = []
        read.warnings += repaired
        return (summary, read)
    }

    /// Warehouse stock movements from CSV: `facility_id,item_code,item_name,quantity,unit[,reason]`.
    public func importStock(_ url: URL) throws -> Int {
        let rows = try CSVReader.records(url: url)
        guard let header = rows.first?.fields else { throw ImportError(file: url.path, "empty file: no header row") }
        let required = ["facility_id", "item_code", "item_name", "quantity", "unit"]
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name.trimmingCharacters(in: .whitespaces)] == nil {
            index[name.trimmingCharacters(in: .whitespaces)] = i
        }
        let missing = required.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw ImportError(file: url.path, at: "line 1", "missing column(s) \(missing.joined(separator: ", "))")
        }
        var movements: [StockMovement] = []
        var problems: [ImportError.Problem] = []
        for row in rows.dropFirst() {
            guard row.fields.count == header.count else {
                problems.append(.init("line \(row.line)", "\(row.fields.count) fields, the header has \(header.count)"))
                continue
            }
            func field(_ name: String) -> String { row.fields[index[name]!] }
            guard let quantity = Double(field("quantity")), quantity.isFinite else {
                problems.append(.init("line \(row.line), column \"quantity\"", "'\(field("quantity"))' is not a number"))
                continue
            }
            movements.append(StockMovement(facilityId: field("facility_id"), itemCode: field("item_code"), itemName: field("item_name"),
                                           quantity: quantity, unit: field("unit"),
                                           reason: index["reason"].map { row.fields[$0] } ?? "imported from \(url.lastPathComponent)"))
        }
        if !problems.isEmpty { throw ImportError(file: url.path, problems: problems) }
        do {
            try store.recordStock(movements, actor: actor, reference: Self.source("stock", url))
        } catch let e as StoreError {
            throw ImportError(file: url.path, e.message)
        }
        return movements.count
    }

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

    /// Checks polygons with GEOS, then writes. A self-intersecting polygon is refused, naming the feature
    /// and the reason — unless `repair` (OpenStreetMap), where it is repaired and reported.
    func write(_ features: [Feature], source: String, file: URL, repair: Bool) throws -> (ImportSummary, [String]) {
        var features = features
        let (problems, repaired) = GeometryChecks.checkPolygons(&features, repair: repair)
        if !problems.isEmpty { throw ImportError(file: file.path, problems: problems) }
        return (try store.upsert(features, source: source, actor: actor, progress: progress), repaired)
    }

    func write(_ features: [Feature], source: String, file: URL) throws -> ImportSummary {
        try write(features, source: source, file: file, repair: false).0
    }
}
