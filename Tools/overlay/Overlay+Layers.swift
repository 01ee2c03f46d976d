import Foundation
import SpatialCore
import SpatialGEOS
import SpatialProjection

extension Overlay {
    /// County code for component ObjIDs: 310101 (Huangpu District, Shanghai). The overlay spans several
    /// districts; one real code keeps ObjIDs well-formed (16 digits: county 6 + class 2 + sub-class 2 + serial 6).
    static let countyCode = "310101"

    /// City components (GB/T 30428.2): valve-chamber covers at junctions of the water mains, sewer covers every
    /// 120 m along minor streets, storm inlets and street lamps every 120 m along main roads. Sub-class codes other than 0101/0102 come from MapData/component_codes.csv.
    mutating func components(water: [Feature]) -> [Feature] {
        var out: [Feature] = []
        var serial: [String: Int] = [:]
        func add(_ sub: String, _ kind: String, _ zh: String, at c: Coordinate, _ extra: [String: PropertyValue] = [:]) {
            serial[sub, default: 0] += 1
            let objid = Self.countyCode + sub + String(format: "%06d", serial[sub]!)
            var p = extra
            p["objid"] = .text(objid)
            p["class_code"] = .text(String(sub.prefix(2)))
            p["subclass_code"] = .text(sub)
            p["status"] = .text(rng.chance(0.97) ? "normal" : "damaged")
            p["grid_cell"] = .text(gridCode(of: c))
            p["exercise"] = .bool(true)
            out.append(Feature(id: "ex:component/\(objid)", layer: .components, kind: kind, name: zh, geometry: .point(c), properties: p))
        }
        // One valve chamber (and its cover) per junction of the water mains.
        var chambers = Set<String>()
        let junctionAt = Dictionary(uniqueKeysWithValues: water.filter { $0.kind == "junction" }.map { ($0.id, $0.geometry) })
        for v in water where v.kind == "valve" && (v.properties["diameter_mm"]?.doubleValue ?? 0) >= 300 {
            guard let junction = v.properties["near_node"]?.textValue, chambers.insert(junction).inserted,
                  let at = junctionAt[junction]?.representativePoint else { continue }
            add("0101", "water_manhole_cover", "上水井盖", at: at, ["department": .text("供水公司"), "chamber_of": .text(junction)])
        }
        for s in segments where mainNodes.contains(s.from) {
            switch s.roadClass {
            case "residential", "tertiary", "unclassified":
                for d in stride(from: 40.0, to: s.lengthMetres, by: 120) {
                    add("0102", "sewage_manhole_cover", "污水井盖", at: PipeNetworkBuilder.point(along: s.shape, atMetres: d), ["department": .text("排水公司")])
                }
            case "primary", "secondary", "trunk":
                for d in stride(from: 20.0, to: s.lengthMetres, by: 120) {
                    add("0103", "storm_inlet_cover", "雨水井盖", at: PipeNetworkBuilder.point(along: s.shape, atMetres: d), ["department": .text("排水公司")])
                }
                for d in stride(from: 30.0, to: s.lengthMetres, by: 120) {
                    add("0106", "street_lamp", "路灯", at: PipeNetworkBuilder.point(along: s.shape, atMetres: d), ["department": .text("路灯管理所")])
                }
            default: break
            }
        }
        return out
    }

    /// Sensors on the lifelines: water pressure at spread junctions, flow at the sources, gas pressure at
    /// the regulators, rain gauges, and road water-level gauges at low points.
    mutating func sensors(water: [Feature], gas: [Feature]) -> [Feature] {
        var out: [Feature] = []
        func add(_ id: String, _ kind: String, _ name: String, at c: Coordinate, network: String?, quantity: String, unit: String,
                 low: Double?, high: Double?, attachedTo: String?) {
            var p: [String: PropertyValue] = ["quantity": .text(quantity), "unit": .text(unit), "exercise": .bool(true)]
            if let network { p["network"] = .text(network) }
            if let low { p["alarm_low"] = .real(low) }
            if let high { p["alarm_high"] = .real(high) }
            if let attachedTo { p["attached_to"] = .text(attachedTo) }
            out.append(Feature(id: id, layer: .sensors, kind: kind, name: name, geometry: .point(c), properties: p))
        }
        let junctions = water.filter { $0.kind == "junction" }
        let byNode = Dictionary(uniqueKeysWithValues: junctions.compactMap { j in
            Int(j.id.split(separator: "/").last!).map { ($0, j) } })
        for (i, node) in spread(20, over: byNode.keys.sorted()).enumerated() {
            let j = byNode[node]!
            add("ex:sensor/water-pressure-\(i + 1)", "pressure", "供水压力监测点\(i + 1)", at: j.geometry.representativePoint!,
                network: "water", quantity: "pressure", unit: "MPa", low: 0.14, high: 0.60, attachedTo: j.id)
        }
        for s in water where s.kind == "source" || s.kind == "tank" {
            add("ex:sensor/water-flow-\(s.id.split(separator: "/").last!)-\(s.kind)", "flow", "\(s.name ?? "")出厂流量",
                at: s.geometry.representativePoint!, network: "water", quantity: "flow", unit: "m3/h", low: nil, high: nil, attachedTo: s.id)
        }
        for r in gas where r.kind == "regulator" || r.kind == "source" {
            add("ex:sensor/gas-pressure-\(r.id.split(separator: "/").last!)-\(r.kind)", "pressure", "\(r.name ?? "")出口压力",
                at: r.geometry.representativePoint!, network: "gas", quantity: "pressure", unit: "kPa",
                low: r.kind == "source" ? 300 : 150, high: r.kind == "source" ? 450 : 260, attachedTo: r.id)
        }
        let all = nodes(onClasses: nil)
        for (i, node) in spread(6, over: all).enumerated() {
            add("ex:sensor/rain-\(i + 1)", "rain_gauge", "雨量站\(i + 1)", at: graph.nodeCoordinates[node], network: nil,
                quantity: "rain rate", unit: "mm/h", low: nil, high: 30, attachedTo: nil)
        }
        for (i, node) in spread(6, over: nodes(onClasses: ["primary", "secondary"])).enumerated() {
            add("ex:sensor/road-water-\(i + 1)", "water_level", "道路积水监测点\(i + 1)", at: graph.nodeCoordinates[node], network: nil,
                quantity: "water depth on road", unit: "cm", low: nil, high: 15, attachedTo: nil)
        }
        return out
    }

    // MARK: Grid cells and fire-station districts

    static let cellMetres = 500.0

    var gridOrigin: Coordinate { Coordinate(longitude: extent.minLongitude, latitude: extent.minLatitude) }

    var cellDegrees: (lon: Double, lat: Double) {
        let lat = Self.cellMetres / Haversine.metresPerDegreeLatitude
        return (lat / cos(gridOrigin.latitude * .pi / 180), lat)
    }

    func gridIndex(of c: Coordinate) -> (row: Int, col: Int) {
        (Int((c.latitude - gridOrigin.latitude) / cellDegrees.lat), Int((c.longitude - gridOrigin.longitude) / cellDegrees.lon))
    }

    func gridCode(of c: Coordinate) -> String {
        let (r, col) = gridIndex(of: c)
        return String(format: "EX-%02d-%02d", r, col)
    }

    /// 500 m grid cells over the road network, each given to the station that reaches its nearest junction
    /// first; a station's district is the union of its cells (GEOS), with its area checked against 建标152.
    mutating func stationDistricts(stations: [Feature]) throws -> (districts: [Feature], cells: [Feature]) {
        guard let siting else { return ([], []) }
        let geos = try GEOS()
        let box = extent
        let (dLon, dLat) = cellDegrees
        let rows = Int(((box.maxLatitude - box.minLatitude) / dLat).rounded(.up))
        let cols = Int(((box.maxLongitude - box.minLongitude) / dLon).rounded(.up))
        var cells: [Feature] = []
        var cellsByStation: [Int: [Geometry]] = [:]
        for r in 0..<rows {
            for c in 0..<cols {
                let x0 = box.minLongitude + Double(c) * dLon, y0 = box.minLatitude + Double(r) * dLat
                let center = Coordinate(longitude: x0 + dLon / 2, latitude: y0 + dLat / 2)
                guard let (node, offMetres) = graph.nearestNode(to: center), offMetres < Self.cellMetres,
                      let station = siting.station(serving: node),
                      let index = siting.stations.firstIndex(of: station) else { continue }
                let ring = [Coordinate(longitude: x0, latitude: y0), Coordinate(longitude: x0 + dLon, latitude: y0),
                            Coordinate(longitude: x0 + dLon, latitude: y0 + dLat), Coordinate(longitude: x0, latitude: y0 + dLat),
                            Coordinate(longitude: x0, latitude: y0)]
                let code = String(format: "EX-%02d-%02d", r, c)
                let district = stations[index].properties["district"]!
                cells.append(Feature(id: "ex:grid/\(code)", layer: .gridCells, kind: "grid_cell", name: code, geometry: .polygon([ring]),
                                     properties: ["code": .text(code), "district": district, "exercise": .bool(true),
                                                  "travel_seconds_from_station": .real((siting.travelSecondsFromNearestStation[node]).rounded())]))
                cellsByStation[index, default: []].append(.polygon([ring]))
            }
        }
        var districts: [Feature] = []
        for (index, polys) in cellsByStation.sorted(by: { $0.key < $1.key }) {
            let station = stations[index]
            let shape = try geos.union(polys)
            let areaKm2 = Geodesic.areaSquareMetres(shape) / 1e6
            let n = String(format: "%02d", index + 1)
            districts.append(Feature(id: "ex:fire_district/\(n)", layer: .districts, kind: "fire_district",
                                     name: "演练消防站\(n)责任区", geometry: shape,
                                     properties: ["station": .text(station.id), "area_km2": .real((areaKm2 * 100).rounded() / 100),
                                                  "within_7km2_standard": .bool(areaKm2 <= 7), "exercise": .bool(true)]))
        }
        summary.append("Grid: \(cells.count) cells of \(Int(Self.cellMetres)) m; \(districts.count) fire districts, largest \(String(format: "%.1f", districts.compactMap { $0.properties["area_km2"]?.doubleValue }.max() ?? 0)) km²")
        return (districts, cells)
    }
}
