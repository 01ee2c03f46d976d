import CityImport
import Engine
import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// Every EPANET network in ../shared/data/epanet goes into one store with its own name; the store then
/// holds exactly the file's junctions, reservoirs and tanks as pipe_nodes and its pipes, pumps and valves
/// as pipes. Kentucky files are placed by their state-plane CRS, the others at an anchor.
@Suite(.enabled(if: TestPaths.sharedData != nil)) struct PipeNetworkImportTests {
    static let inpFiles: [String] = {
        guard let dir = TestPaths.sharedData?.appendingPathComponent("epanet"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasSuffix(".inp") }.sorted()
    }()

    @Test func everyInpFileImportsWithItsOwnCounts() throws {
        let dir = TestPaths.temporaryDirectory("epanet-store")
        let actor = Actor(name: "t", post: "test")
        let store = try CityStore.create(at: dir.appendingPathComponent("w.beacon.sqlite").path, cityName: "w", actor: actor)
        let importer = CityImporter(store: store, actor: actor)
        var expectedNodes = 0, expectedLinks = 0
        for name in Self.inpFiles {
            let url = TestPaths.sharedData!.appendingPathComponent("epanet/\(name)")
            let network = try EPANETNetwork.read(contentsOf: url)
            let placement: EPANETPlacement = name.hasPrefix("ky") ? .crs(CRS(epsg: 3089))
                : .anchor(Coordinate(longitude: 121.47, latitude: 31.23), .metres)
            let summary = try importer.importEPANET(url, placement: placement)
            let nodes = network.junctions.count + network.reservoirs.count + network.tanks.count
            let links = network.pipes.count + network.pumps.count + network.valves.count
            #expect(summary.perLayer[.pipeNodes] == nodes, "\(name)")
            #expect(summary.perLayer[.pipes] == links, "\(name)")
            expectedNodes += nodes
            expectedLinks += links
        }
        let layers = try store.layerSummaries()
        #expect(layers.first { $0.layer == .pipeNodes }?.count == expectedNodes)
        #expect(layers.first { $0.layer == .pipes }?.count == expectedLinks)
        // Kentucky networks land in Kentucky.
        let ky = try #require(try store.feature(id: "epanet:ky10:node/J-1"))
        let p = try #require(ky.geometry.representativePoint)
        #expect((-89.6 ... -81.9).contains(p.longitude) && (36.4 ... 39.2).contains(p.latitude))
        try FileManager.default.removeItem(at: dir)
    }

    @Test func theGasNetworkHasOneSourceAndItsCustomers() throws {
        let dir = TestPaths.temporaryDirectory("gas-store")
        let actor = Actor(name: "t", post: "test")
        let store = try CityStore.create(at: dir.appendingPathComponent("g.beacon.sqlite").path, cityName: "g", actor: actor)
        let s = try CityImporter(store: store, actor: actor)
            .importGasNetwork(TestPaths.sharedData!.appendingPathComponent("gas/schutterwald_gas_network.geojson"))
        #expect(s.perLayer[.pipeNodes] == 2559 && s.perLayer[.pipes] == 2559)
        let sources = try store.features(in: .pipeNodes).filter { $0.properties["is_source"] == .bool(true) }
        #expect(sources.count == 1)
        #expect(try store.features(in: .pipeNodes, kinds: ["customer"]).count == 1506)
        try FileManager.default.removeItem(at: dir)
    }
}
