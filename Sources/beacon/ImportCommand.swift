import ArgumentParser
import CityImport
import Engine
import Foundation
import SpatialCore
import SpatialStore

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a file into the city store (one audited transaction; a re-import updates).",
        subcommands: [ImportOSM.self, ImportEPANET.self, ImportGas.self, ImportGeoJSON.self, ImportCSV.self, ImportBoundaries.self,
                      ImportStock.self])
}

/// Options shared by the generic importers: target layer and field mapping.
struct MappingOptions: ParsableArguments {
    @Option(help: "Target layer (facilities, hazards, components, pipes, districts …). Without it, each feature's own \"layer\" and \"kind\" attributes and id are used, as `beacon find --geojson` writes them.") var layer: String?
    @Option(help: "A fixed kind for every feature (e.g. shelter).") var kind: String?
    @Option(name: .customLong("kind-field"), help: "The attribute holding each feature's kind.") var kindField: String?
    @Option(name: .customLong("id-field"), help: "The attribute holding a stable id.") var idField: String?
    @Option(name: .customLong("name-field"), help: "The attribute holding the name (default: name).") var nameField: String?
    @Option(name: .customLong("map"), help: "Rename an attribute: SOURCE=PROPERTY (repeatable), e.g. cap=capacity.") var renames: [String] = []

    func validate() throws {
        if let layer, Layer(name: layer) == nil {
            throw ValidationError("unknown layer '\(layer)'; layers are \(Layer.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if layer != nil, kind == nil, kindField == nil { throw ValidationError("give --kind or --kind-field") }
    }

    /// With --layer: the given mapping, ids prefixed by the file name. Without: Beacon's own GeoJSON.
    func mapping(for url: URL) throws -> FieldMapping {
        guard let layer else {
            return FieldMapping(layer: nil, idPrefix: "", idField: idField, kind: kind, kindField: kindField ?? "kind",
                                nameField: nameField, renames: try FieldMapping.parseRenames(renames))
        }
        return FieldMapping(layer: Layer(name: layer)!, idPrefix: url.deletingPathExtension().lastPathComponent,
                            idField: idField, kind: kind, kindField: kindField, nameField: nameField,
                            renames: try FieldMapping.parseRenames(renames))
    }
}

/// Runs one import against the store and prints what changed.
func runImport(_ storeOptions: StoreOptions, _ body: (CityImporter) throws -> ImportSummary) throws {
    let store = try CityStore.open(at: storeOptions.path)
    defer { store.close() }
    let start = Date()
    let importer = CityImporter(store: store, actor: .commandLine) { done, total in
        if total >= 10_000 { note("  writing \(done)/\(total)") }
    }
    let s = try body(importer)
    let layers = s.perLayer.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
    print("imported \(s.source) (run \(s.run)) in \(String(format: "%.2f", Date().timeIntervalSince(start))) s: " +
          "\(s.inserted) inserted, \(s.updated) updated, \(s.deleted) removed — \(layers)")
}

struct ImportGeoJSON: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "geojson", abstract: "Import a GeoJSON FeatureCollection (WGS84 lon/lat) into a layer.")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var mappingOptions: MappingOptions
    @Argument(help: "The .geojson file.") var file: String

    func run() throws {
        let url = URL(fileURLWithPath: file)
        try runImport(storeOptions) { try $0.importGeoJSON(url, mapping: try mappingOptions.mapping(for: url)) }
    }
}

struct ImportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "csv", abstract: "Import a CSV with lon/lat columns or a WKT column into a layer.")
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var mappingOptions: MappingOptions
    @Option(name: .customLong("lon-column")) var lonColumn: String?
    @Option(name: .customLong("lat-column")) var latColumn: String?
    @Option(name: .customLong("wkt-column")) var wktColumn: String?
    @Argument(help: "The .csv file (UTF-8, header row).") var file: String

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let columns = CSVReader.Columns(longitude: lonColumn, latitude: latColumn, wkt: wktColumn)
        try runImport(storeOptions) { try $0.importCSV(url, mapping: try mappingOptions.mapping(for: url), columns: columns) }
    }
}

struct ImportBoundaries: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "boundaries", abstract: "Import administrative boundaries (GeoJSON with adcode) into districts.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The datum the file is in: gcj02 (as AMap publishes; converted to WGS84) or wgs84. Required.")
    var datum: String
    @Argument(help: "The boundaries .geojson file.") var file: String

    func validate() throws {
        guard BoundaryReader.Datum(rawValue: datum.lowercased()) != nil else {
            throw ValidationError("--datum must be gcj02 or wgs84, not '\(datum)'")
        }
    }

    func run() throws {
        let url = URL(fileURLWithPath: file)
        try runImport(storeOptions) { try $0.importBoundaries(url, datum: BoundaryReader.Datum(rawValue: datum.lowercased())!) }
    }
}

struct ImportOSM: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "osm", abstract: "Import OpenStreetMap .osm or .osm.pbf: roads, facilities, hazards, components, buildings.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The .osm or .osm.pbf file.") var file: String

    func run() throws {
        let url = URL(fileURLWithPath: file)
        var counts: [String: Int] = [:]
        var warnings: [String] = []
        try runImport(storeOptions) { importer in
            let (summary, read) = try importer.importOSM(url) { p in
                if p.phase == .reading, p.nodes > 0, p.nodes % 100_000 == 0 { note("  read \(p.nodes) nodes, \(p.ways) ways") }
            }
            counts = read.counts
            warnings = read.warnings
            return summary
        }
        print("  file: \(counts["node"] ?? 0) nodes, \(counts["way"] ?? 0) ways, \(counts["relation"] ?? 0) relations")
        for w in warnings.prefix(5) { note("  warning: \(w)") }
        if warnings.count > 5 { note("  … \(warnings.count - 5) more warnings") }
    }
}

struct ImportStock: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stock", abstract: "Record warehouse stock movements from CSV (facility_id,item_code,item_name,quantity,unit[,reason]).")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The .csv file; negative quantities are issues out of stock.") var file: String

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path)
        defer { store.close() }
        let n = try CityImporter(store: store, actor: .commandLine).importStock(URL(fileURLWithPath: file))
        print("recorded \(n) stock movements from \(file)")
    }
}

struct ImportEPANET: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "epanet", abstract: "Import an EPANET .inp water network into pipes and pipe_nodes.",
        discussion: """
            .inp files do not say where they are: give --crs for projected coordinates (e.g. EPSG:3089 for the
            Kentucky networks), --anchor to place local drawing units, or --lonlat when x/y are degrees.
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The CRS of the file's coordinates, e.g. EPSG:3089.") var crs: String?
    @Option(help: "Place the network's centre at LON,LAT (local drawing units).") var anchor: String?
    @Option(help: "The unit of local coordinates with --anchor: m, ft or ftUS.") var unit = "m"
    @Flag(help: "The coordinates are longitude/latitude degrees.") var lonlat = false
    @Option(help: "The network's name in feature ids (default: the file name).") var name: String?
    @Argument(help: "The .inp file.") var file: String

    func validate() throws {
        guard [crs != nil, anchor != nil, lonlat].filter({ $0 }).count <= 1 else {
            throw ValidationError("choose one of --crs, --anchor, --lonlat")
        }
        if let crs, CRS(parsing: crs) == nil { throw ValidationError("--crs '\(crs)' is not an EPSG code like EPSG:3089") }
        if let anchor { do { _ = try Coordinate(parsing: anchor) } catch { throw ValidationError("--anchor: \(error)") } }
        guard ["m", "ft", "ftus"].contains(unit.lowercased()) else { throw ValidationError("--unit must be m, ft or ftUS") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let placement: EPANETPlacement
        if let crs { placement = .crs(CRS(parsing: crs)!) }
        else if let anchor {
            let units: [String: LocalPlacement.Unit] = ["m": .metres, "ft": .feet, "ftus": .usSurveyFeet]
            placement = .anchor(try Coordinate(parsing: anchor), units[unit.lowercased()]!)
        } else if lonlat { placement = .longitudeLatitude }
        else {
            throw CLIError("\(file): say where the network is — its coordinates are \(try CityImporter.describeCoordinates(of: url))")
        }
        try runImport(storeOptions) { try $0.importEPANET(url, name: name, placement: placement) }
    }
}

struct ImportGas: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gas", abstract: "Import the Schutterwald gas network (pandapipes GeoJSON, WGS84).")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The network's name in feature ids.") var name = "schutterwald"
    @Argument(help: "The .geojson file.") var file: String

    func run() throws {
        let url = URL(fileURLWithPath: file)
        try runImport(storeOptions) { try $0.importGasNetwork(url, name: name) }
    }
}
