import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SpatialCore
import Testing
import TestSupport
@testable import SpatialIndex

/// Reads the `lat`/`lon` of every `<node>` of an OSM XML file (test-only loader).
final class OSMNodeReader: NSObject, XMLParserDelegate {
    private(set) var coordinates: [Coordinate] = []
    private(set) var failure: String?

    static func read(_ url: URL) throws -> [Coordinate] {
        let parser = try #require(XMLParser(contentsOf: url), "cannot open \(url.path)")
        let reader = OSMNodeReader()
        parser.delegate = reader
        #expect(parser.parse(), "\(url.lastPathComponent): \(parser.parserError.map { "\($0)" } ?? "")")
        if let failure = reader.failure { Issue.record("\(url.lastPathComponent): \(failure)") }
        return reader.coordinates
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard name == "node" else { return }
        guard let lat = attributes["lat"].flatMap(Double.init), let lon = attributes["lon"].flatMap(Double.init) else {
            failure = failure ?? "line \(parser.lineNumber): node without numeric lat/lon"
            return
        }
        coordinates.append(Coordinate(longitude: lon, latitude: lat))
    }
}

@Suite struct OSMNodesTests {
    @Test(.enabled(if: TestPaths.sharedData != nil))
    func shanghaiRoadNodesMatchBruteForce() throws {
        let url = try #require(TestPaths.sharedData).appendingPathComponent("osm/shanghai_center_roads_2025.osm")
        let points = try OSMNodeReader.read(url)
        #expect(points.count > 20_000, "the extract holds 21,786 nodes")
        let index = PointIndex(points)
        let bounds = try #require(index.bounds)
        #expect(bounds == BoundingBox(covering: points))
        var random = SplitMix64(seed: 60)
        for q in 0..<150 {
            let centre = q % 3 == 0 ? points[Int.random(in: 0..<points.count, using: &random)]
                                    : random.coordinate(in: bounds)
            let radius = [50.0, 300, 1_000][q % 3]
            let box = BoundingBox.around(centre, radiusMetres: radius)
            #expect(index.inBox(box).sorted() == BruteForce.inBox(points, box))
            #expect(BruteForce.hits(index.within(radiusMetres: radius, of: centre))
                    == BruteForce.within(points, radiusMetres: radius, of: centre))
            #expect(BruteForce.hits(index.nearest(8, to: centre)) == BruteForce.nearest(points, 8, to: centre))
        }
    }
}
