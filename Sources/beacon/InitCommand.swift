import ArgumentParser
import Engine
import Foundation
import SpatialStore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create an empty city store (a SpatiaLite file QGIS can open).")

    @Argument(help: "The store file to create, e.g. shanghai.beacon.sqlite.") var path: String
    @Option(help: "The city's name, shown on reports.") var name: String?

    func run() throws {
        let cityName = name ?? URL(fileURLWithPath: path).deletingPathExtension().deletingPathExtension().lastPathComponent
        let store = try CityStore.create(at: path, cityName: cityName, actor: .commandLine)
        defer { store.close() }
        print("created \(path): city '\(cityName)', schema version \(try store.schemaVersion()), \(LayerSchema.all.count) layers")
    }
}
