import SpatialCore
import SpatialProjection

/// Lays a water or gas distribution network under the roads of the overlay.
///
/// Water: a pipe under every road segment of the main network, mains under big roads (DN 600/400/300),
/// DN 150 under small streets; gas: medium-pressure mains under primary to tertiary roads only.
/// Valves sit 8 m into all pipes but one at junctions where three or more pipes meet (strategic N-1, as
/// WNTR calls it); valve state (open/closed) and operability (works/seized/buried) are drawn
/// apart. Hydrants stand every 110 m along water pipes (GB 50974: at most 120 m apart). Sources: two
/// water works and an elevated tank; a gas city-gate station and three district regulators.
struct PipeNetworkBuilder {
    let network: String
    let overlay: Overlay

    static let waterDiameterMm: [String: Double] = [
        "trunk": 600, "primary": 600, "secondary": 400, "tertiary": 300,
        "trunk_link": 200, "primary_link": 200, "secondary_link": 200, "tertiary_link": 200,
    ]
    static let gasDiameterMm: [String: Double] = [
        "trunk": 300, "primary": 300, "secondary": 200, "tertiary": 160,
        "trunk_link": 160, "primary_link": 160, "secondary_link": 160, "tertiary_link": 160,
    ]

    func build(rng: inout SplitMix64) -> [Feature] {
        let isWater = network == "water"
        let table = isWater ? Self.waterDiameterMm : Self.gasDiameterMm
        var segments = overlay.segments.filter { overlay.mainNodes.contains($0.from) && overlay.mainNodes.contains($0.to) }
        if !isWater { segments = segments.filter { table[$0.roadClass] != nil } }
        let keep = Overlay.largestComponent(nodeCount: overlay.graph.nodeCount, segments: segments)
        segments = segments.filter { keep.contains($0.from) }

        var out: [Feature] = []
        var degree: [Int: [(pipe: String, seg: Int, atStart: Bool)]] = [:]
        func nodeId(_ n: Int) -> String { "ex:\(network):node/\(n)" }
        for (i, s) in segments.enumerated() {
            let diameter = table[s.roadClass] ?? 150
            let pipeId = "ex:\(network):pipe/\(i + 1)"
            out.append(Feature(id: pipeId, layer: .pipes, kind: "pipe", name: s.roadName, geometry: .lineString(s.shape), properties: [
                "network": .text(network), "diameter_mm": .real(diameter), "length_m": .real((s.lengthMetres * 10).rounded() / 10),
                "material": .text(isWater ? (diameter >= 300 ? "ductile iron" : "PE100") : (diameter >= 200 ? "steel" : "PE100")),
                "pressure_class": .text(isWater ? "PN10 (0.35 MPa service)" : (diameter >= 200 ? "中压A 0.4 MPa" : "中压B 0.2 MPa")),
                "install_year": .integer(Int64(rng.int(in: 1985...2023))), "from_node": .text(nodeId(s.from)),
                "to_node": .text(nodeId(s.to)), "status": .text("open"), "exercise": .bool(true),
            ]))
            degree[s.from, default: []].append((pipeId, i, true))
            degree[s.to, default: []].append((pipeId, i, false))
            if isWater {
                var d = 55.0
                var k = 1
                while d < s.lengthMetres - 20 {
                    out.append(Feature(id: "ex:water:hydrant/\(i + 1)-\(k)", layer: .pipeNodes, kind: "hydrant",
                                       geometry: .point(Self.point(along: s.shape, atMetres: d)), properties: [
                                           "network": .text("water"), "on_pipe": .text(pipeId), "outlet_mm": .integer(100),
                                           "operability": .text(rng.chance(0.95) ? "works" : "seized"), "exercise": .bool(true),
                                       ]))
                    d += 110
                    k += 1
                }
            }
        }
        for node in degree.keys.sorted() {
            let incident = degree[node]!
            out.append(Feature(id: nodeId(node), layer: .pipeNodes, kind: "junction",
                               geometry: .point(overlay.graph.nodeCoordinates[node]), properties: [
                                   "network": .text(network), "elevation_m": .real(Double(rng.int(in: 30...55)) / 10),
                                   "customers": .integer(Int64(rng.int(in: isWater ? 20...400 : 10...300))),
                                   "base_demand_lps": .real(isWater ? Double(rng.int(in: 2...30)) / 10 : 0), "exercise": .bool(true),
                               ]))
            guard incident.count >= 3 else { continue }
            // Strategic N-1 (as WNTR names it): a valve on every pipe at the junction but one, drawn at random.
            let unvalved = rng.int(in: 0...(incident.count - 1))
            for (k, end) in incident.enumerated() where k != unvalved {
                let s = segments[end.seg]
                let shape = end.atStart ? s.shape : s.shape.reversed()
                let state = rng.chance(0.015) ? "closed" : "open"
                let r = rng.unit()
                out.append(Feature(id: "ex:\(network):valve/\(end.pipe.split(separator: "/").last!)@\(node)", layer: .pipeNodes,
                                   kind: "valve", geometry: .point(Self.point(along: shape, atMetres: min(8, s.lengthMetres / 3))),
                                   properties: [
                                       "network": .text(network), "on_pipe": .text(end.pipe), "near_node": .text(nodeId(node)),
                                       "valve_state": .text(state), "operability": .text(r < 0.90 ? "works" : r < 0.97 ? "seized" : "buried"),
                                       "diameter_mm": .real(table[s.roadClass] ?? 150), "exercise": .bool(true),
                                   ]))
            }
        }
        out += sources(segments: segments, nodeId: nodeId, rng: &rng)
        return out
    }

    /// Supply points joined to the network by a short feeder pipe.
    private func sources(segments: [Overlay.Segment], nodeId: (Int) -> String, rng: inout SplitMix64) -> [Feature] {
        var candidates = Set<Int>()
        for s in segments where ["primary", "secondary", "trunk"].contains(s.roadClass) {
            candidates.insert(s.from)
            candidates.insert(s.to)
        }
        var copy = overlay
        let edgeNodes = candidates.sorted().filter { overlay.isNearEdge($0) }
        let specs: [(kind: String, zh: String, en: String)] = network == "water"
            ? [("source", "演练水厂1", "Exercise Waterworks 1"), ("source", "演练水厂2", "Exercise Waterworks 2"), ("tank", "演练高位水池", "Exercise Elevated Tank")]
            : [("source", "演练天然气门站", "Exercise Gas City Gate"), ("regulator", "演练调压站1", "Exercise Regulator 1"),
               ("regulator", "演练调压站2", "Exercise Regulator 2"), ("regulator", "演练调压站3", "Exercise Regulator 3")]
        let picks = copy.spread(specs.count, over: specs.count <= 3 ? edgeNodes : candidates.sorted())
        var out: [Feature] = []
        for (i, (spec, node)) in zip(specs, picks).enumerated() {
            let at = overlay.graph.nodeCoordinates[node]
            let site = Geodesic.destination(from: at, azimuthDegrees: Double(rng.int(in: 0...359)), distanceMetres: 60)
            let id = "ex:\(network):\(spec.kind)/\(i + 1)"
            var props: [String: PropertyValue] = ["network": .text(network), "is_source": .bool(true), "name_en": .text(spec.en), "exercise": .bool(true)]
            if network == "water" { props["head_m"] = .real(spec.kind == "tank" ? 45 : 38) } else {
                props["pressure_bar"] = .real(spec.kind == "source" ? 4.0 : 2.0)
            }
            out.append(Feature(id: id, layer: .pipeNodes, kind: spec.kind, name: spec.zh, geometry: .point(site), properties: props))
            out.append(Feature(id: "ex:\(network):feeder/\(i + 1)", layer: .pipes, kind: "pipe", name: spec.zh + "出厂管",
                               geometry: .lineString([site, at]), properties: [
                                   "network": .text(network), "diameter_mm": .real(network == "water" ? 1000 : 400),
                                   "length_m": .real(60), "material": .text("steel"), "from_node": .text(id), "to_node": .text(nodeId(node)),
                                   "status": .text("open"), "install_year": .integer(2005), "exercise": .bool(true),
                               ]))
        }
        return out
    }

    /// The point `metres` along a polyline (Haversine), clamped to its ends. O(vertices).
    static func point(along shape: [Coordinate], atMetres metres: Double) -> Coordinate {
        var left = metres
        for (a, b) in zip(shape, shape.dropFirst()) {
            let d = Haversine.distanceMetres(a, b)
            if left <= d, d > 0 {
                let t = left / d
                return Coordinate(longitude: a.longitude + (b.longitude - a.longitude) * t,
                                  latitude: a.latitude + (b.latitude - a.latitude) * t)
            }
            left -= d
        }
        return shape.last!
    }
}
