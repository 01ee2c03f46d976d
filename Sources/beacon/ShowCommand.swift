import ArgumentParser
import Foundation
import SpatialCore
import SpatialStore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one feature by id, with all its attributes.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The feature id, e.g. osm:node/123.") var id: String

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        guard let f = try store.feature(id: id) else {
            throw CLIError("no feature with id '\(id)' in \(store.path)")
        }
        if output.geojson { print(GeoJSON.collection([GeoJSON.string(f)]), terminator: ""); return }
        if output.json { print(GeoJSON.string(f)); return }
        var table = TextTable("attribute", "value")
        table.add("id", f.id)
        table.add("layer", f.layer.rawValue)
        table.add("kind", f.kind)
        table.add("name", f.name ?? "—")
        table.add("geometry", FeatureFormatting.geometrySummary(f.geometry))
        for (k, v) in f.properties.sorted(by: { $0.key < $1.key }) { table.add(k, v.description) }
        print(table.render())
    }
}
