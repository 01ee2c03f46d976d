import ArgumentParser
import Foundation
import SpatialCore
import SpatialStore

struct Layers: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the store's layers: counts, extents, CRS and kinds.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let summaries = try store.layerSummaries()
        if json {
            let items = summaries.map { s in
                let extent = s.extent.map { "[\($0.minLongitude),\($0.minLatitude),\($0.maxLongitude),\($0.maxLatitude)]" } ?? "null"
                let kinds = s.kinds.map { "\(GeoJSON.quote($0.kind)):\($0.count)" }.joined(separator: ",")
                return #"{"layer":\#(GeoJSON.quote(s.layer.rawValue)),"geometry":\#(GeoJSON.quote(s.geometryType)),"srid":\#(s.srid),"count":\#(s.count),"extent":\#(extent),"kinds":{\#(kinds)}}"#
            }
            print("[\n" + items.joined(separator: ",\n") + "\n]")
            return
        }
        print("\(try store.meta("city_name") ?? "city") — \(store.path), schema v\(try store.schemaVersion()), stored as EPSG:4326 (lon, lat)")
        var table = TextTable("layer", "geometry", "count", "extent (lon/lat)", "kinds", rightAligned: [2])
        for s in summaries {
            let extent = s.extent.map { String(format: "%.4f,%.4f … %.4f,%.4f", $0.minLongitude, $0.minLatitude, $0.maxLongitude, $0.maxLatitude) } ?? "—"
            let kinds = s.kinds.prefix(4).map { "\($0.kind) \($0.count)" }.joined(separator: ", ") + (s.kinds.count > 4 ? ", …" : "")
            table.add(s.layer.rawValue, s.geometryType, String(s.count), extent, kinds)
        }
        print(table.render())
    }
}
