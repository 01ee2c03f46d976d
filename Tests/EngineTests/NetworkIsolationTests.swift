import Engine
import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// The isolation use case over a real store: a small water main along a street with a hospital beside it.
@Suite struct NetworkIsolationTests {
    static let actor = Actor(name: "t", post: "test")

    /// R ─p1─ A ─p2─ B ─p3─ C, east along latitude 31.2 (≈ 95 m per 0.001°); valves at both ends of p2 (the
    /// one at B seized) and on p3 at B; a hydrant on p3. A hospital 30 m north of p3, a school 400 m away.
    func makeStore(network: String = "water", withSource: Bool = true) throws -> CityStore {
        let dir = TestPaths.temporaryDirectory("isolation")
        let store = try CityStore.create(at: dir.appendingPathComponent("c.beacon.sqlite").path, cityName: "t", actor: Self.actor)
        func c(_ k: Double) -> Coordinate { Coordinate(longitude: 121.400 + k * 0.001, latitude: 31.2) }
        func node(_ id: String, _ kind: String, _ k: Double, _ props: [String: PropertyValue] = [:]) -> Feature {
            Feature(id: id, layer: .pipeNodes, kind: kind, geometry: .point(c(k)), properties: props.merging(["network": .text(network)]) { a, _ in a })
        }
        func pipe(_ id: String, _ a: String, _ ka: Double, _ b: String, _ kb: Double) -> Feature {
            Feature(id: id, layer: .pipes, kind: "pipe", geometry: .lineString([c(ka), c(kb)]),
                    properties: ["network": .text(network), "from_node": .text(a), "to_node": .text(b), "status": .text("open")])
        }
        var features = [
            node("R", withSource ? "reservoir" : "junction", 0, ["is_source": .bool(withSource)]),
            node("A", "junction", 1, ["customers": .integer(10)]), node("B", "junction", 2, ["customers": .integer(20)]),
            node("C", "junction", 3, ["customers": .integer(30)]),
            pipe("p1", "R", 0, "A", 1), pipe("p2", "A", 1, "B", 2), pipe("p3", "B", 2, "C", 3),
            node("v2a", "valve", 1.1, ["on_pipe": .text("p2"), "near_node": .text("A")]),
            node("v2b", "valve", 1.9, ["on_pipe": .text("p2"), "near_node": .text("B"), "operability": .text("seized")]),
            node("v3b", "valve", 2.1, ["on_pipe": .text("p3"), "near_node": .text("B")]),
            node("h3", "hydrant", 2.5, ["on_pipe": .text("p3")]),
        ]
        features += [
            Feature(id: "hosp", layer: .facilities, kind: "hospital", name: "演练医院",
                    geometry: .point(Coordinate(longitude: 121.4025, latitude: 31.20027)), properties: ["name_en": .text("Drill Hospital")]),
            Feature(id: "school", layer: .facilities, kind: "school", name: "Far School",
                    geometry: .point(Coordinate(longitude: 121.4025, latitude: 31.204))),
        ]
        _ = try store.upsert(features, source: "test", actor: Self.actor)
        return store
    }

    @Test func aBreakByIdNamesValvesCustomersHydrantsAndTheHospital() throws {
        let store = try makeStore()
        let context = try NetworkIsolation(store: store, network: "water")
        let r = try context.isolate(pipeID: "p2")
        // v2b is seized: the segment grows through it to node B, where v3b (on p3) is the next valve out;
        // B is drained, and C behind the closed v3b is cut off together with p3 and its hydrant.
        #expect(r.valvesToClose.map(\.id) == ["v2a", "v3b"])
        #expect(r.inoperable.map(\.id) == ["v2b"])
        #expect(r.customersLosingSupply == 50 && r.nodesIsolated == 1 && r.nodesCutOff == 1)
        #expect(r.hydrantsOutOfService.map(\.id) == ["h3"])
        #expect(r.criticalUsers.map(\.feature.id) == ["hosp"])
        let hospital = try #require(r.criticalUsers.first)
        #expect(hospital.nearestPipe == "p3" && abs(hospital.distanceMetres - 30) < 2)
        let text = r.text()
        #expect(text.contains("v2a") && text.contains("121.401100,31.200000") && text.contains("演练医院 (Drill Hospital)"))
        #expect(text.contains("Customers losing supply: 50") && text.contains("seized"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.geojson().utf8)) as? [String: Any])
        let roles = (json["features"] as? [[String: Any]] ?? []).compactMap { ($0["properties"] as? [String: Any])?["role"] as? String }
        #expect(Set(roles) == ["break", "valve_to_close", "next_valve_out", "inoperable_valve", "cut_off_pipe", "hydrant_out_of_service",
                               "node_losing_supply", "critical_user"])
    }

    @Test func aBreakAtACoordinateTakesTheNearestPipeOfThatNetwork() throws {
        let store = try makeStore()
        let context = try NetworkIsolation(store: store, network: "water")
        let r = try context.isolate(near: Coordinate(longitude: 121.4005, latitude: 31.2002))
        #expect(r.brokenPipe == "p1" && r.locatedBy.contains("22 m away"))
        #expect(throws: NetworkIsolationError.self) { try context.isolate(pipeID: "hosp") }
    }

    @Test func clearErrorsForAMissingNetworkOrSource() throws {
        let store = try makeStore()
        do {
            _ = try NetworkIsolation(store: store, network: "gas")
            Issue.record("a network without pipes was accepted")
        } catch {
            #expect("\(error)" == "the store has no pipes of network 'gas'; networks with pipes: water")
        }
        let noSource = try NetworkIsolation(store: try makeStore(withSource: false), network: "water")
        #expect(throws: PipeNetworkError.noSource(network: "water", nodeCount: 4)) { try noSource.isolate(pipeID: "p2") }
    }

    @Test func segmentsRankTheWorstBreakFirst() throws {
        let context = try NetworkIsolation(store: try makeStore(), network: "water")
        let report = try context.segments()
        #expect(report.valveCount == 3 && report.segmentCount == 4)
        // WNTR's segments: {R, p1, A}, {p2}, {B}, {p3, C}. A break in p1's segment cuts off everyone (60 customers);
        // one in p2 drains B through the seized v2b and cuts off C (50); one in p3 takes C only (30).
        #expect(report.rows.map(\.examplePipe) == ["p1", "p2", "p3"])
        #expect(report.rows.map(\.customersLosingSupplyOnBreak) == [60, 50, 30])
    }
}
