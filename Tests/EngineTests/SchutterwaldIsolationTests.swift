import CityImport
import Engine
import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// A break on the real Schutterwald gas network, through the store and the map output a reviewer opens.
@Suite struct SchutterwaldIsolationTests {
    static let file = TestPaths.sharedData?.appendingPathComponent("gas/schutterwald_gas_network.geojson")

    @Test(.enabled(if: file != nil))
    func aGasBreakShowsTheHousesThatLoseGasOnTheMap() throws {
        let features = try GasNetworkReader.read(geojson: try #require(Self.file))
        let dir = TestPaths.temporaryDirectory("schutterwald")
        let actor = Actor(name: "t", post: "test")
        let store = try CityStore.create(at: dir.appendingPathComponent("s.beacon.sqlite").path, cityName: "Schutterwald", actor: actor)
        _ = try store.upsert(features, source: "gas:schutterwald", actor: actor)
        // The source data has no isolation valves: a WNTR-style strategic N-1 layer stands in (and says so).
        let context = try NetworkIsolation(store: store, network: "gas", valves: .strategic(unvalvedPerNode: 1, seed: 42))
        #expect(context.notes.contains { $0.contains("generated strategic N-1") })
        // A street main: the first pipe (in id order) whose break takes 20–80 houses off gas.
        let net = context.isolator.network
        var chosen: (Int, PipeIsolation)?
        for l in net.links.indices where net.links[l].kind == "pipe" {
            let r = try context.isolator.isolate(link: l)
            if (20...80).contains(r.customersLosingSupply) { chosen = (l, r); break }
        }
        let (link, expected) = try #require(chosen)
        let shape = try #require(context.features[net.links[link].id]?.geometry.coordinates)
        let middle = Coordinate(longitude: (shape[0].longitude + shape[1].longitude) / 2, latitude: (shape[0].latitude + shape[1].latitude) / 2)
        let report = try context.isolate(near: middle)
        #expect(report.brokenPipe == net.links[link].id)
        #expect(report.customersLosingSupply == expected.customersLosingSupply)
        // Every house that loses gas is on the map, as a node_losing_supply point of kind customer.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.geojson().utf8)) as? [String: Any])
        let mapped = (json["features"] as? [[String: Any]] ?? []).filter {
            let p = $0["properties"] as? [String: Any]
            return p?["role"] as? String == "node_losing_supply" && p?["kind"] as? String == "customer"
        }
        #expect(mapped.count == report.customersLosingSupply)
        #expect(!report.valvesToClose.isEmpty)
        let out = dir.appendingPathComponent("schutterwald-break.geojson")
        try report.geojson().write(to: out, atomically: true, encoding: .utf8)
        print("Schutterwald: break on \(report.brokenPipe) at \(String(format: "%.6f,%.6f", middle.longitude, middle.latitude)): "
              + "\(report.valvesToClose.count) valves to close, \(report.customersLosingSupply) houses lose gas; map: \(out.path)")
    }
}
