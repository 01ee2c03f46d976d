import Foundation
import Testing
import TestSupport
@testable import CityImport
import SpatialCore

/// Rows of a pandas DataFrame embedded in pandapipes JSON (`{"_object": "<split-oriented JSON string>"}`).
private func pandapipesTable(_ root: [String: Any], _ name: String) throws -> (columns: [String], rows: [[Any]]) {
    let net = try #require(root["_object"] as? [String: Any])
    let table = try #require(net[name] as? [String: Any])
    let inner = try #require((table["_object"] as? String)?.data(using: .utf8))
    let frame = try #require(try JSONSerialization.jsonObject(with: inner) as? [String: Any])
    return (try #require(frame["columns"] as? [String]), try #require(frame["data"] as? [[Any]]))
}

@Suite("Gas network reader (pandapipes GeoJSON)")
struct GasNetworkTests {
    @Test("the committed excerpt: regulator, customer, junctions, pipes with SI properties and node ids")
    func excerpt() throws {
        let url = TestPaths.fixtures.appendingPathComponent("gas/schutterwald_excerpt.geojson")
        let features = try GasNetworkReader.read(geojson: url)
        let byID = Dictionary(uniqueKeysWithValues: features.map { ($0.id, $0) })
        #expect(features.filter { $0.layer == .pipeNodes }.count == 5)
        #expect(features.filter { $0.layer == .pipes }.count == 3)

        let supply = try #require(byID["gas:schutterwald:node/168"])
        #expect(supply.kind == "regulator" && supply.properties["is_source"] == .bool(true))
        #expect(supply.properties["pressure_bar"] == .real(1))
        #expect(supply.properties["elevation_m"] == .real(147.85))
        #expect(supply.properties["network"] == .text("gas"))
        #expect(supply.geometry == .point(Coordinate(longitude: 7.8762748, latitude: 48.4621826)))

        let house = try #require(byID["gas:schutterwald:node/1053"])
        #expect(house.kind == "customer" && house.properties["is_source"] == .bool(false))
        #expect(house.properties["annual_demand_m3"] == .real(2159))
        #expect(house.properties["load_profile"] == .text("I1P2"))
        #expect(house.properties["meter_id"] == .text("ZAE0000015B73EDD2CAA5"))
        #expect(byID["gas:schutterwald:node/167"]?.kind == "junction")

        let pipe = try #require(byID["gas:schutterwald:link/1715"])
        #expect(pipe.kind == "pipe" && pipe.layer == .pipes)
        #expect(pipe.properties["from_node"] == .text("gas:schutterwald:node/168"))
        #expect(pipe.properties["to_node"] == .text("gas:schutterwald:node/169"))
        #expect(abs((pipe.properties["length_m"]?.doubleValue ?? 0) - 27.6) < 1e-9)
        #expect(abs((pipe.properties["diameter_mm"]?.doubleValue ?? 0) - 147.2) < 1e-9)
        #expect(pipe.properties["roughness_mm"] == .real(0.1))
        #expect(pipe.properties["status"] == .text("open"))
        #expect(pipe.properties["house_connection"] == .bool(false))
        #expect(pipe.properties["material"] == nil)
        #expect(byID["gas:schutterwald:link/1719"]?.properties["house_connection"] == .bool(true))
        // Pipe ends sit on their junctions.
        guard case let .lineString(cs) = pipe.geometry, case let .point(a) = supply.geometry,
              case let .point(b) = try #require(byID["gas:schutterwald:node/169"]).geometry else {
            Issue.record("geometry types"); return
        }
        #expect(cs.first == a && cs.last == b)
    }

    @Test("malformed input: every problem named by JSON path, nothing returned")
    func errors() throws {
        let text = """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","geometry":{"type":"Point","coordinates":[7.88,48.45]},"properties":{"kind":"junction","id":1}},
             {"type":"Feature","geometry":{"type":"Point","coordinates":[7.89,48.45]},"properties":{"kind":"junction","id":1}},
             {"type":"Feature","geometry":{"type":"LineString","coordinates":[[7.88,48.45],[7.89,48.45]]},
              "properties":{"kind":"pipe","id":5,"from_junction":1,"to_junction":9,"length_km":"long","diameter_m":0.1}},
             {"type":"Feature","geometry":{"type":"LineString","coordinates":[[7.88,48.45],[7.89,48.45]]},
              "properties":{"kind":"pipe","id":6,"from_junction":1,"to_junction":9,"length_km":0.1,"diameter_m":0.1}},
             {"type":"Feature","geometry":{"type":"Point","coordinates":[48.45,97.88]},"properties":{"kind":"valve","id":3}}
            ]}
            """
        do {
            _ = try GasNetworkReader.parse(data: Data(text.utf8), fileName: "bad.geojson")
            Issue.record("should fail")
        } catch let error {
            guard case let .invalid(file, issues, total) = error else { Issue.record("\(error)"); return }
            #expect(file == "bad.geojson")
            #expect(issues.contains("features[1].properties.id: duplicate junction 1 (first at features[0])"))
            #expect(issues.contains("features[2].properties.length_km: expected a number, found long"))
            #expect(issues.contains("features[3].properties.to_junction: unknown junction 9"))
            #expect(issues.contains { $0.hasPrefix("features[4].geometry.coordinates: latitude 97.88") })
            #expect(total == 4)
        }
    }

    @Test("Schutterwald: 2,559 junctions (1,506 customers, 1 supply), 2,559 pipes, as SOURCE.md and the raw pandapipes tables say",
          .enabled(if: TestPaths.sharedData != nil))
    func schutterwald() throws {
        let dir = try #require(TestPaths.sharedData).appendingPathComponent("gas")
        let features = try GasNetworkReader.read(geojson: dir.appendingPathComponent("schutterwald_gas_network.geojson"))
        let nodes = features.filter { $0.layer == .pipeNodes }, pipes = features.filter { $0.layer == .pipes }
        #expect(nodes.count == 2559 && pipes.count == 2559)
        #expect(nodes.filter { $0.kind == "customer" }.count == 1506)
        let sources = nodes.filter { $0.properties["is_source"] == .bool(true) }
        #expect(sources.map(\.id) == ["gas:schutterwald:node/168"])
        #expect(Set(features.map(\.id)).count == features.count)

        // Independent cross-check against the raw pandapipes JSON (EPSG:31467 file).
        let raw = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: dir.appendingPathComponent("gas_net_schutterwald_1bar.json"))) as? [String: Any])
        let sink = try pandapipesTable(raw, "sink")
        let junctionColumn = try #require(sink.columns.firstIndex(of: "junction"))
        let sinkJunctions = Set(sink.rows.compactMap { ($0[junctionColumn] as? NSNumber)?.intValue })
        let customers = Set(nodes.filter { $0.kind == "customer" }.map(\.id))
        #expect(customers == Set(sinkJunctions.map { GasNetworkReader.nodeFeatureID(network: "schutterwald", junction: $0) }))
        let ext = try pandapipesTable(raw, "ext_grid")
        let extColumn = try #require(ext.columns.firstIndex(of: "junction"))
        let extJunction = try #require((ext.rows.first?[extColumn] as? NSNumber)?.intValue)
        #expect(sources.first?.id == GasNetworkReader.nodeFeatureID(network: "schutterwald", junction: extJunction))
        #expect(try pandapipesTable(raw, "pipe").rows.count == pipes.count)
        #expect(try pandapipesTable(raw, "junction").rows.count == nodes.count)

        // Every pipe's ends are nodes of the network, and the total length is plausible for a village.
        let nodeIDs = Set(nodes.map(\.id))
        #expect(pipes.allSatisfy { nodeIDs.contains($0.properties["from_node"]!.textValue)
            && nodeIDs.contains($0.properties["to_node"]!.textValue) })
        let totalKm = pipes.reduce(0) { $0 + ($1.properties["length_m"]?.doubleValue ?? 0) } / 1000
        #expect(totalKm > 10 && totalKm < 200, "total \(totalKm) km")
        let box = try #require(BoundingBox(covering: nodes.flatMap(\.geometry.coordinates)))
        #expect(box.minLongitude > 7.87 && box.maxLongitude < 7.91 && box.minLatitude > 48.44 && box.maxLatitude < 48.47)
    }
}
