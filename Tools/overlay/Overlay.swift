import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialGEOS
import SpatialProjection

/// Builds the exercise overlay: every layer a command centre needs, invented but laid out on the real
/// roads by the rules a planner would use. Deterministic for a given seed and road file.
struct Overlay {
    let roads: [Feature]
    let graph: RoadGraph
    var rng: SplitMix64
    let log: (String) -> Void
    /// Undirected road segments between junctions (one per direction pair), the pipes' right of way.
    let segments: [Segment]
    /// Nodes of the largest connected part of the undirected network; isolated fragments get no pipes.
    let mainNodes: Set<Int>
    /// The extent of the road junctions.
    let extent: BoundingBox
    private(set) var siting: StationSiting.Result?
    var summary: [String] = []

    struct Segment {
        let from: Int, to: Int
        let shape: [Coordinate]
        let lengthMetres: Double
        let roadClass: String
        let roadName: String?
    }

    init(roads: [Feature], seed: UInt64, log: @escaping (String) -> Void) throws {
        self.roads = roads
        self.rng = SplitMix64(seed: seed)
        self.log = log
        graph = RoadGraph(roads: roads)
        extent = BoundingBox(covering: graph.nodeCoordinates)!
        var seen = Set<[Int]>()
        var segments: [Segment] = []
        for e in 0..<graph.edgeCount {
            let u = Int(graph.edgeSources[e]), v = Int(graph.edgeTargets[e]), r = Int(graph.edgeRoadIndex[e])
            guard u != v, seen.insert([min(u, v), max(u, v), r]).inserted else { continue }
            segments.append(Segment(from: u, to: v, shape: graph.edgeShape(e), lengthMetres: graph.edgeLengthMetres[e],
                                    roadClass: roads[r].kind, roadName: roads[r].name))
        }
        self.segments = segments
        mainNodes = Overlay.largestComponent(nodeCount: graph.nodeCount, segments: segments)
        log("road graph: \(graph.nodeCount) junctions, \(graph.edgeCount) directed edges, \(segments.count) segments; main part \(mainNodes.count) junctions")
    }

    /// Every layer of the overlay, by file name.
    mutating func build() throws -> [String: [Feature]] {
        var layers: [String: [Feature]] = [:]
        let stations = try fireStations()
        layers["fire_stations"] = stations
        layers["facilities"] = otherFacilities()
        layers["units"] = units(stations: stations, facilities: layers["facilities"]!)
        let water = PipeNetworkBuilder(network: "water", overlay: self).build(rng: &rng)
        layers["water_network"] = water
        let gas = PipeNetworkBuilder(network: "gas", overlay: self).build(rng: &rng)
        layers["gas_network"] = gas
        layers["hazards"] = hazards()
        layers["components"] = components(water: water)
        layers["sensors"] = sensors(water: water, gas: gas)
        let (districts, cells) = try stationDistricts(stations: stations)
        layers["districts"] = districts
        layers["grid_cells"] = cells
        return layers
    }

    // MARK: Fire stations — fewest stations reaching every junction within 5 minutes

    mutating func fireStations() throws -> [Feature] {
        let start = Date()
        let result = StationSiting.solve(on: graph, budgetSeconds: 300)
        siting = result
        let note = "\(result.stations.count) stations (greedy \(result.greedyStationCount), lower bound \(result.lowerBound)) "
            + "cover \(result.demandCount) junctions within 300 s, worst \(Int(result.worstCaseTravelSeconds)) s, "
            + "\(result.uncoverableNodes.count) unreachable"
        log("fire stations: \(note); \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        summary.append("Fire stations: " + note)  // no timings: the README must not change between runs
        return result.stations.enumerated().map { i, node in
            let n = String(format: "%02d", i + 1)
            return Feature(id: "ex:fire_station/\(n)", layer: .facilities, kind: "fire_station",
                           name: "演练消防站\(n)", geometry: .point(graph.nodeCoordinates[node]),
                           properties: ["name_en": .text("Exercise Fire Station \(n)"), "district": .text("ex:fire_district/\(n)"),
                                        "grade": .text("一级站"), "turnout_seconds": .integer(60), "exercise": .bool(true)])
        }
    }

    // MARK: Other facilities, spread by farthest-point sampling over main-road junctions

    mutating func otherFacilities() -> [Feature] {
        let mainRoad = nodes(onClasses: ["trunk", "primary", "secondary"])
        let anyRoad = nodes(onClasses: nil)
        var out: [Feature] = []
        func place(_ kind: String, _ count: Int, on pool: [Int], zh: String, en: String,
                   _ props: (inout SplitMix64, Int) -> [String: PropertyValue]) {
            for (i, node) in spread(count, over: pool).enumerated() {
                let n = String(format: "%02d", i + 1)
                var p = props(&rng, i)
                p["name_en"] = .text("Exercise \(en) \(n)")
                p["exercise"] = .bool(true)
                out.append(Feature(id: "ex:\(kind)/\(n)", layer: .facilities, kind: kind, name: "演练\(zh)\(n)",
                                   geometry: .point(graph.nodeCoordinates[node]), properties: p))
            }
        }
        place("hospital", 6, on: mainRoad, zh: "医院", en: "Hospital") { r, _ in
            ["capacity": .integer(Int64(r.int(in: 6...20) * 100)), "level": .text("三级甲等"), "emergency_department": .bool(true)]
        }
        place("ambulance_station", 4, on: mainRoad, zh: "急救分站", en: "Ambulance Station") { _, _ in [:] }
        place("police", 6, on: mainRoad, zh: "派出所", en: "Police Station") { _, _ in [:] }
        place("shelter", 15, on: anyRoad, zh: "应急避难场所", en: "Shelter") { r, _ in
            ["capacity": .integer(Int64(r.int(in: 8...60) * 100)), "shelter_type": .text("park or square")]
        }
        place("school", 12, on: anyRoad, zh: "学校", en: "School") { r, _ in ["pupils": .integer(Int64(r.int(in: 4...20) * 100))] }
        place("nursing_home", 5, on: anyRoad, zh: "养老院", en: "Nursing Home") { r, _ in ["capacity": .integer(Int64(r.int(in: 8...30) * 10))] }
        place("warehouse", 3, on: mainRoad, zh: "应急物资仓库", en: "Emergency Supplies Warehouse") { _, _ in [:] }
        return out
    }

    mutating func units(stations: [Feature], facilities: [Feature]) -> [Feature] {
        var out: [Feature] = []
        func add(_ kind: String, _ code: String, at home: Feature, _ capabilities: String) {
            out.append(Feature(id: "ex:unit/\(code)", layer: .units, kind: kind, name: code, geometry: home.geometry,
                               properties: ["home_facility": .text(home.id), "status": .text("available"),
                                            "capabilities": .text(capabilities), "exercise": .bool(true)]))
        }
        for (i, s) in stations.enumerated() {
            let n = String(format: "%02d", i + 1)
            add("engine", "E\(n)1", at: s, "pump,water,rescue-basic")
            add("engine", "E\(n)2", at: s, "pump,water")
            if i % 3 == 0 { add("ladder", "L\(n)", at: s, "aerial-32m,rescue-height") }
            if i % 2 == 1 { add("rescue", "R\(n)", at: s, "extrication,rescue-technical") }
            if i == 0 || i == stations.count / 2 { add("hazmat", "HM\(n)", at: s, "hazmat,gas-detection,decontamination") }
        }
        for f in facilities {
            let n = f.id.split(separator: "/").last.map(String.init) ?? ""
            switch f.kind {
            case "hospital": add("ambulance", "A-H\(n)", at: f, "als")
            case "ambulance_station":
                add("ambulance", "A-S\(n)1", at: f, "als")
                add("ambulance", "A-S\(n)2", at: f, "bls")
            case "police": add("police", "P\(n)", at: f, "patrol,traffic-control")
            case "warehouse":
                add("repair_crew", "W-WATER\(n)", at: f, "water-network,valve-operation")
                add("repair_crew", "W-GAS\(n)", at: f, "gas-network,valve-operation,gas-detection")
            default: break
            }
        }
        return out
    }

    // MARK: Hazard sources

    mutating func hazards() -> [Feature] {
        var out: [Feature] = []
        for (i, node) in spread(12, over: nodes(onClasses: ["primary", "secondary", "trunk"])).enumerated() {
            let n = String(format: "%02d", i + 1)
            out.append(Feature(id: "ex:fuel_station/\(n)", layer: .hazards, kind: "fuel_station", name: "演练加油站\(n)",
                               geometry: .point(graph.nodeCoordinates[node]),
                               properties: ["substance": .text("gasoline"), "quantity_t": .real(Double(rng.int(in: 30...90))),
                                            "exercise": .bool(true)]))
        }
        let edge = spread(2, over: nodes(onClasses: ["secondary", "tertiary"]).filter { isNearEdge($0) })
        out.append(Feature(id: "ex:chemical_store/01", layer: .hazards, kind: "chemical_store", name: "演练危化品仓库01（液氯）",
                           geometry: .point(graph.nodeCoordinates[edge[0]]),
                           properties: ["substance": .text("chlorine"), "quantity_t": .real(18), "storage": .text("pressurised cylinders"),
                                        "people_offsite_500m": .integer(420), "exercise": .bool(true)]))
        out.append(Feature(id: "ex:lpg_station/01", layer: .hazards, kind: "lpg_station", name: "演练液化石油气站01",
                           geometry: .point(graph.nodeCoordinates[edge[1]]),
                           properties: ["substance": .text("propane"), "quantity_t": .real(25), "storage": .text("pressurised sphere"),
                                        "exercise": .bool(true)]))
        return out
    }

    // MARK: Helpers

    /// Junctions of the main network on roads of the given classes (all classes when nil), ascending.
    func nodes(onClasses classes: Set<String>?) -> [Int] {
        var s = Set<Int>()
        for seg in segments where classes == nil || classes!.contains(seg.roadClass) {
            if mainNodes.contains(seg.from) { s.insert(seg.from) }
            if mainNodes.contains(seg.to) { s.insert(seg.to) }
        }
        return s.sorted()
    }

    /// Picks `count` nodes far apart: a seeded first pick, then farthest-point sampling. O(count · pool).
    mutating func spread(_ count: Int, over pool: [Int]) -> [Int] {
        guard !pool.isEmpty else { return [] }
        var chosen = [pool[rng.int(in: 0...(pool.count - 1))]]
        var best = pool.map { Haversine.distanceMetres(graph.nodeCoordinates[$0], graph.nodeCoordinates[chosen[0]]) }
        while chosen.count < min(count, pool.count) {
            let i = best.indices.max { best[$0] < best[$1] }!
            chosen.append(pool[i])
            for j in pool.indices {
                best[j] = min(best[j], Haversine.distanceMetres(graph.nodeCoordinates[pool[j]], graph.nodeCoordinates[pool[i]]))
            }
        }
        return chosen
    }

    /// Whether a node lies in the outer tenth of the road network's extent (for sources and hazards).
    func isNearEdge(_ node: Int) -> Bool {
        let box = extent, c = graph.nodeCoordinates[node]
        let fx = (c.longitude - box.minLongitude) / (box.maxLongitude - box.minLongitude)
        let fy = (c.latitude - box.minLatitude) / (box.maxLatitude - box.minLatitude)
        return min(fx, 1 - fx, fy, 1 - fy) < 0.1
    }

    static func largestComponent(nodeCount: Int, segments: [Segment]) -> Set<Int> {
        var parent = Array(0..<nodeCount)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for s in segments { parent[find(s.from)] = find(s.to) }
        var size: [Int: Int] = [:]
        for s in segments { size[find(s.from), default: 0] += 1 }
        guard let root = size.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return [] }
        return Set((0..<nodeCount).filter { find($0) == root })
    }
}
