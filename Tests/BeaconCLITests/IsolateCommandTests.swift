import Foundation
import Testing
import TestSupport

/// `beacon isolate` and `beacon segments` as a duty officer meets them.
@Suite struct IsolateCommandTests {
    let dir = TestPaths.temporaryDirectory("isolate-cli")
    var store: String { dir.appendingPathComponent("t.beacon.sqlite").path }

    /// R ─p1─ A ─p2─ B ─p3─ C along latitude 31.2; valves at both ends of p2, the one at B seized; p3 valved at B.
    func makeStore() throws {
        #expect(try BeaconBinary.run(["init", store, "--name", "Pipeville"]).status == 0)
        func pt(_ k: Double) -> String { "[\(121.4 + k * 0.001),31.2]" }
        func node(_ id: String, _ kind: String, _ k: Double, _ props: String = "") -> String {
            #"{"type":"Feature","id":"\#(id)","properties":{"layer":"pipe_nodes","kind":"\#(kind)","network":"water"\#(props)},"geometry":{"type":"Point","coordinates":\#(pt(k))}}"#
        }
        func pipe(_ id: String, _ a: String, _ ka: Double, _ b: String, _ kb: Double) -> String {
            #"{"type":"Feature","id":"\#(id)","properties":{"layer":"pipes","kind":"pipe","network":"water","from_node":"\#(a)","to_node":"\#(b)","status":"open"},"geometry":{"type":"LineString","coordinates":[\#(pt(ka)),\#(pt(kb))]}}"#
        }
        let features = [
            node("R", "reservoir", 0, #","is_source":true"#), node("A", "junction", 1, #","customers":10"#),
            node("B", "junction", 2, #","customers":20"#), node("C", "junction", 3, #","customers":30"#),
            pipe("p1", "R", 0, "A", 1), pipe("p2", "A", 1, "B", 2), pipe("p3", "B", 2, "C", 3),
            node("v2a", "valve", 1.1, #","on_pipe":"p2","near_node":"A","valve_state":"open","operability":"works""#),
            node("v2b", "valve", 1.9, #","on_pipe":"p2","near_node":"B","valve_state":"open","operability":"seized""#),
            node("v3b", "valve", 2.1, #","on_pipe":"p3","near_node":"B","valve_state":"open","operability":"works""#),
        ]
        let file = dir.appendingPathComponent("water.geojson")
        try (#"{"type":"FeatureCollection","features":["# + features.joined(separator: ",\n") + "]}")
            .write(to: file, atomically: true, encoding: .utf8)
        let imp = try BeaconBinary.run(["import", "geojson", "--store", store, file.path])
        #expect(imp.status == 0, "\(imp.stderr)")
    }

    @Test func isolateListsValvesWithReasonsAndSegmentsRankBreaks() throws {
        try makeStore()
        let r = try BeaconBinary.run(["isolate", "--store", store, "--pipe", "p2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("v2a  at 121.401100,31.200000  — bounds the break's segment"))
        #expect(r.stdout.contains("v3b") && r.stdout.contains("next valve out for seized valve 'v2b'"))
        #expect(r.stdout.contains("Customers losing supply: 50"))
        let at = try BeaconBinary.run(["isolate", "--store", store, "--at", "121.4005,31.2001", "--geojson"])
        #expect(at.status == 0 && at.stdout.contains(#""role":"break""#) && at.stdout.contains(#""id":"p1""#))
        let seg = try BeaconBinary.run(["segments", "--store", store, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(seg.stdout.utf8)) as? [String: Any])
        #expect(json["segments"] as? Int == 4)
        let worst = (json["worst"] as? [[String: Any]])?.first
        #expect(worst?["customers_losing_supply_on_break"] as? Int == 60)
    }

    @Test func badRequestsGetClearMessages() throws {
        try makeStore()
        let unknown = try BeaconBinary.run(["isolate", "--store", store, "--pipe", "nope"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no pipe 'nope' in network 'water'"))
        let gas = try BeaconBinary.run(["isolate", "--store", store, "--pipe", "p1", "--network", "gas"])
        #expect(gas.status != 0 && gas.stderr.contains("the store has no pipes of network 'gas'; networks with pipes: water"))
        let both = try BeaconBinary.run(["isolate", "--store", store, "--pipe", "p1", "--at", "121.4,31.2"])
        #expect(both.status != 0 && both.stderr.contains("give exactly one of --pipe ID and --at LON,LAT"))
        let valves = try BeaconBinary.run(["segments", "--store", store, "--valves", "some"])
        #expect(valves.status != 0 && valves.stderr.contains("--valves must be data, strategic or random"))
    }
}
