import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NetworkAnalysis
import SpatialCore
import TestSupport

/// TEST-ONLY minimal OSM XML road reader, standing in until the CityImport OSM importer lands.
///
/// Reads nodes and `highway` ways; writes features as the importer will: layer `.roads`, kind = the
/// highway class, exact node coordinates, `speed_kmh` by class, `oneway` 1 / -1 / 0 (roundabouts are
/// one-way by OSM convention), `name_en`. Ways referencing missing nodes keep the nodes present.
final class OSMTestRoads: NSObject, XMLParserDelegate {
    private var nodes: [Int64: Coordinate] = [:]
    private var wayID: Int64?
    private var wayNodes: [Int64] = []
    private var wayTags: [String: String] = [:]
    private(set) var features: [Feature] = []

    static func load(_ url: URL) throws -> [Feature] {
        guard let parser = XMLParser(contentsOf: url) else { throw ScipyReference.ReferenceError("cannot open \(url.path)") }
        let reader = OSMTestRoads()
        parser.delegate = reader
        guard parser.parse() else {
            throw ScipyReference.ReferenceError("\(url.path):\(parser.lineNumber): \(parser.parserError.map { "\($0)" } ?? "parse error")")
        }
        return reader.features
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "node":
            if let id = attributes["id"].flatMap(Int64.init), let lat = attributes["lat"].flatMap(Double.init),
               let lon = attributes["lon"].flatMap(Double.init) {
                nodes[id] = Coordinate(longitude: lon, latitude: lat)
            }
        case "way":
            wayID = attributes["id"].flatMap(Int64.init)
            wayNodes = []
            wayTags = [:]
        case "nd" where wayID != nil:
            if let ref = attributes["ref"].flatMap(Int64.init) { wayNodes.append(ref) }
        case "tag" where wayID != nil:
            if let k = attributes["k"], let v = attributes["v"] { wayTags[k] = v }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard name == "way", let id = wayID else { return }
        wayID = nil
        guard let highway = wayTags["highway"] else { return }
        let vertices = wayNodes.compactMap { nodes[$0] }
        guard vertices.count >= 2 else { return }
        let oneway: Int64 = switch wayTags["oneway"] {
        case "yes", "1", "true": 1
        case "-1", "reverse": -1
        case "no", "false", "0": 0
        default: wayTags["junction"] == "roundabout" ? 1 : 0
        }
        var properties: [String: PropertyValue] = [
            "speed_kmh": .real(RoadAttributes.defaultSpeedKmh(highwayClass: highway)), "oneway": .integer(oneway),
        ]
        if let english = wayTags["name:en"] { properties["name_en"] = .text(english) }
        features.append(Feature(id: "osm:way/\(id)", layer: .roads, kind: highway, name: wayTags["name"],
                                geometry: .lineString(vertices), properties: properties))
    }
}

/// Central Shanghai roads 2025 from the shared data, loaded once per test process.
enum ShanghaiRoads {
    static let url = TestPaths.sharedData?.appendingPathComponent("osm/shanghai_center_roads_2025.osm")
    static let isAvailable = url.map { FileManager.default.fileExists(atPath: $0.path) } ?? false
    static let features: [Feature] = url.flatMap { try? OSMTestRoads.load($0) } ?? []
    static let graph = RoadGraph(roads: features)
}

#if DEBUG
let isReleaseBuild = false
#else
let isReleaseBuild = true
#endif
