import Foundation
import Testing
import TestSupport
@testable import CityImport
import SpatialCore

@Suite("EPANET networks as pipes and pipe_nodes features")
struct EPANETFeaturesTests {
    static let anchor = Coordinate(longitude: 110.33, latitude: 20.03)  // Haikou

    @Test("tiny.inp: ids, kinds, properties, valve state, vertices in the geometry")
    func tinyFeatures() throws {
        let net = try EPANETNetwork.read(contentsOf: TestPaths.fixtures.appendingPathComponent("epanet/tiny.inp"))
        let place = LocalPlacement(anchor: Self.anchor, unit: .metres)
        let features = try net.features(network: "tiny", transform: place.transform)
        let byID = Dictionary(uniqueKeysWithValues: features.map { ($0.id, $0) })
        #expect(features.count == 5 + 6)

        let j1 = try #require(byID["epanet:tiny:node/J1"])
        #expect(j1.layer == .pipeNodes && j1.kind == "junction" && j1.name == "J1")
        #expect(j1.properties["network"] == .text("water"))
        #expect(j1.properties["elevation_m"] == .real(100))
        #expect(j1.properties["base_demand_lps"] == .real(2.5))
        #expect(j1.properties["pattern"] == .text("P1"))
        #expect(j1.properties["is_source"] == .bool(false))
        #expect(j1.properties["tag"] == .text("Hospital"))
        #expect(j1.geometry == .point(place.coordinate(x: 100, y: 200)))

        let r1 = try #require(byID["epanet:tiny:node/R1"])
        #expect(r1.kind == "reservoir" && r1.properties["is_source"] == .bool(true) && r1.properties["head_m"] == .real(150))
        let t1 = try #require(byID["epanet:tiny:node/T1"])
        #expect(t1.kind == "tank" && t1.properties["is_source"] == .bool(true) && t1.properties["max_level_m"] == .real(10))

        let p2 = try #require(byID["epanet:tiny:link/P2"])
        #expect(p2.layer == .pipes && p2.kind == "pipe")
        #expect(p2.properties["from_node"] == .text("epanet:tiny:node/J1"))
        #expect(p2.properties["to_node"] == .text("epanet:tiny:node/J2"))
        #expect(p2.properties["status"] == .text("closed"))
        #expect(p2.properties["length_m"] == .real(500) && p2.properties["diameter_mm"] == .real(200))
        #expect(p2.properties["roughness"] == .real(120))
        #expect(p2.properties["material"] == nil)
        #expect(p2.geometry == .lineString([place.coordinate(x: 100, y: 200), place.coordinate(x: 200, y: 250),
                                            place.coordinate(x: 250, y: 250), place.coordinate(x: 300, y: 200)]))
        #expect(byID["epanet:tiny:link/P3"]?.properties["status"] == .text("cv"))

        let v1 = try #require(byID["epanet:tiny:link/V1"])
        #expect(v1.kind == "valve" && v1.properties["valve_type"] == .text("PRV"))
        #expect(v1.properties["valve_state"] == .text("open") && v1.properties["status"] == .text("active"))
        #expect(v1.properties["setting_m"] == .real(30))
        #expect(byID["epanet:tiny:link/PU1"]?.kind == "pump")
    }

    @Test("Net1 with a local placement: every link's ends are its nodes' points", .enabled(if: TestPaths.sharedData != nil))
    func net1Endpoints() throws {
        let url = try #require(TestPaths.sharedData).appendingPathComponent("epanet/Net1.inp")
        let net = try EPANETNetwork.read(contentsOf: url)
        #expect(!LocalPlacement.looksLikeLongitudeLatitude(net.planarPoints))
        let place = try #require(LocalPlacement(centreOf: net.planarPoints, at: Self.anchor, unit: .feet))
        let features = try net.features(network: "Net1", transform: place.transform)
        let nodes = features.filter { $0.layer == .pipeNodes }
        let links = features.filter { $0.layer == .pipes }
        #expect(nodes.count == 11 && links.count == 13)
        let point = Dictionary(uniqueKeysWithValues: nodes.map { n -> (String, Coordinate) in
            guard case let .point(c) = n.geometry else { return (n.id, Coordinate(longitude: .nan, latitude: .nan)) }
            return (n.id, c)
        })
        for link in links {
            guard case let .lineString(cs) = link.geometry, let from = link.properties["from_node"]?.textValue,
                  let to = link.properties["to_node"]?.textValue else {
                Issue.record("\(link.id) is not a line with from/to"); continue
            }
            #expect(cs.first == point[from], "\(link.id) start")
            #expect(cs.last == point[to], "\(link.id) end")
        }
        // Node 10 sits at (20, 70) ft; the box centre (40, 50) is at the anchor: 20 ft west, 20 ft north.
        let c10 = try #require(point["epanet:Net1:node/10"])
        let east = (c10.longitude - Self.anchor.longitude) * .pi / 180 * 6_378_137 * cos(Self.anchor.latitude * .pi / 180)
        let north = (c10.latitude - Self.anchor.latitude) * .pi / 180 * 6_371_000
        #expect(abs(east + 20 * 0.3048) < 0.01 && abs(north - 20 * 0.3048) < 0.05)
        let pipe10 = try #require(links.first { $0.id == "epanet:Net1:link/10" })
        #expect(abs((pipe10.properties["length_m"]?.doubleValue ?? 0) - 3209.544) < 1e-6)
        #expect(pipe10.properties["diameter_mm"] == .real(457.2))
    }

    @Test("nodes without coordinates: an error naming them, or skipped with their links when asked")
    func missingCoordinates() throws {
        let text = "[JUNCTIONS]\nA 1\nB 2\nC 3\n[PIPES]\nP A B 10 100 100\nQ B C 10 100 100\n[COORDINATES]\nA 0 0\nB 10 0\n"
        let net = try EPANETNetwork.parse(text: text, fileName: "partial.inp")
        #expect(net.nodesWithoutCoordinates == ["C"])
        let place = LocalPlacement(anchor: Self.anchor)
        do {
            _ = try net.features(network: "partial", transform: place.transform)
            Issue.record("should fail")
        } catch let error {
            #expect(error.description.hasPrefix("partial.inp: 1 node has no [COORDINATES] entry: C"))
        }
        let kept = try net.features(network: "partial", skippingNodesWithoutCoordinates: true, transform: place.transform)
        #expect(kept.map(\.id).sorted() == ["epanet:partial:link/P", "epanet:partial:node/A", "epanet:partial:node/B"])
    }

    @Test("a transform that gives something other than lon/lat is an error naming the node")
    func badTransform() throws {
        let text = "[JUNCTIONS]\nA 1\n[COORDINATES]\nA 4390000 3836000\n"
        let net = try EPANETNetwork.parse(text: text, fileName: "ky.inp")
        do {
            _ = try net.features(network: "ky") { x, y in Coordinate(longitude: x, latitude: y) }
            Issue.record("should fail")
        } catch let error {
            #expect(error.description.contains("node 'A' at (4390000.0, 3836000.0)"))
            #expect(error.description.contains("is the coordinate system right?"))
        }
    }
}
