import CityImport
import Foundation
import Testing
import TestSupport

/// Bad input gives an error naming the file and the problem, never a crash.
struct OSMErrorTests {
    static func readError(_ url: URL) -> OSMImportError? {
        do {
            _ = try OSMImport.read(url: url)
            return nil
        } catch {
            return error
        }
    }

    static func write(_ data: Data, named name: String) throws -> URL {
        let url = TestPaths.temporaryDirectory("osm-error").appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    @Test func missingFile() throws {
        let url = TestPaths.temporaryDirectory("osm-error").appendingPathComponent("absent.osm.pbf")
        let error = try #require(Self.readError(url))
        #expect(error.reason == .fileNotFound)
        #expect(error.description.contains("absent.osm.pbf"))
    }

    @Test("the first 30 % of a PBF file is reported as truncated or corrupt")
    func truncatedPBF() throws {
        let source = OSMTestData.sharedFile("monaco_2020.osm.pbf")
            .flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
            ?? OSMTestData.fixtures.appendingPathComponent("monaco_sample.osm.pbf")
        let data = try Data(contentsOf: source)
        let url = try Self.write(data.prefix(data.count * 3 / 10), named: "truncated.osm.pbf")
        let error = try #require(Self.readError(url))
        #expect(error.reason == .corrupt, "\(error)")
        #expect(error.path == url.path && error.readosmCode != nil)
    }

    @Test("half an XML file is reported as corrupt")
    func truncatedXML() throws {
        let data = try Data(contentsOf: OSMTestData.fixtures.appendingPathComponent("monaco_sample.osm"))
        let url = try Self.write(data.prefix(data.count / 2), named: "truncated.osm")
        let error = try #require(Self.readError(url))
        #expect(error.reason == .corrupt, "\(error)")
    }

    @Test("a text file is not OSM", arguments: [
        ("notes.osm", "This is not OpenStreetMap data.\n", OSMImportError.Reason.notOSM),
        ("page.osm", "<html><body>hello</body></html>\n", .notOSM),
        ("notes.osm.pbf", "This is not OpenStreetMap data either.\n", .corrupt),
        ("notes.txt", "<osm version=\"0.6\"></osm>\n", .unsupportedName),
    ])
    func notOSM(name: String, content: String, reason: OSMImportError.Reason) throws {
        let url = try Self.write(Data(content.utf8), named: name)
        let error = try #require(Self.readError(url))
        #expect(error.reason == reason, "\(error)")
        #expect(error.description.hasPrefix(url.path))
    }

    @Test("an empty but valid OSM XML file gives no features and no error")
    func emptyOSM() throws {
        let url = try Self.write(Data("<?xml version='1.0'?>\n<osm version=\"0.6\"></osm>\n".utf8), named: "empty.osm")
        let result = try OSMImport.read(url: url)
        #expect(result.features.isEmpty && result.counts.isEmpty)
    }
}
