import Foundation
import SpatialCore
import Testing
import TestSupport

@Suite struct CoordinateTests {
    @Test func swappedAxesAreNamedAndRangesChecked() throws {
        #expect(throws: CoordinateError.probablySwapped(longitude: 31.23, latitude: 121.47)) {
            try Coordinate.validated(longitude: 31.23, latitude: 121.47)
        }
        #expect(throws: CoordinateError.outOfRange(longitude: 200, latitude: 100)) {
            try Coordinate.validated(longitude: 200, latitude: 100)
        }
        #expect(throws: CoordinateError.self) { try Coordinate.validated(longitude: .nan, latitude: 1) }
        #expect(try Coordinate(parsing: " 121.47 , 31.23 ") == Coordinate(longitude: 121.47, latitude: 31.23))
        #expect(throws: CoordinateError.self) { try Coordinate(parsing: "121.47;31.23") }
    }

    @Test func boxesAroundAPointContainTheCircle() {
        let c = Coordinate(longitude: 121.47, latitude: 31.23)
        let box = BoundingBox.around(c, radiusMetres: 1000)
        for bearing in stride(from: 0.0, to: 360, by: 15) {
            let rad = bearing * .pi / 180
            let p = Coordinate(longitude: c.longitude + 0.0105 * sin(rad) / cos(c.latitude * .pi / 180) * 0.85,
                               latitude: c.latitude + 0.0089 * cos(rad) * 0.85)
            #expect(Haversine.distanceMetres(c, p) < 1000)
            #expect(box.contains(p))
        }
    }

    /// Haversine against the WGS84 geodesic from `geod -I +ellps=WGS84` (Shanghai → Beijing: 1,067,309.6 m).
    @Test func haversineIsWithinHalfAPercentOfTheEllipsoid() {
        let d = Haversine.distanceMetres(Coordinate(longitude: 121.4737, latitude: 31.2304), Coordinate(longitude: 116.4074, latitude: 39.9042))
        #expect(abs(d - 1_067_309.6) / 1_067_309.6 < 0.005)
    }

    @Test func gaussKrugerZonesFollowTheCentralMeridian() {
        #expect(CRS.cgcs2000GaussKruger3(for: Coordinate(longitude: 121.47, latitude: 31.23)) == CRS(epsg: 4549))
        #expect(CRS.cgcs2000GaussKruger3(for: Coordinate(longitude: 114.3, latitude: 30.6)) == CRS(epsg: 4547))
        #expect(CRS.cgcs2000GaussKruger3(for: Coordinate(longitude: 2.3, latitude: 48.8)) == nil)
        #expect(CRS.utm(for: Coordinate(longitude: 121.47, latitude: 31.23)) == CRS(epsg: 32651))
        #expect(CRS.utm(for: Coordinate(longitude: -70.6, latitude: -33.4)) == CRS(epsg: 32719))
        #expect(CRS(parsing: "epsg:4490") == .cgcs2000 && CRS(parsing: "EPSG:x") == nil)
    }
}

@Suite struct EncodingTests {
    static let samples: [Geometry] = [
        .point(.init(longitude: 121.4737, latitude: 31.2304)),
        .lineString([.init(longitude: 1, latitude: 2), .init(longitude: 3, latitude: 4.5)]),
        .polygon([[.init(longitude: 0, latitude: 0), .init(longitude: 1, latitude: 0), .init(longitude: 1, latitude: 1), .init(longitude: 0, latitude: 0)],
                  [.init(longitude: 0.2, latitude: 0.1), .init(longitude: 0.3, latitude: 0.1), .init(longitude: 0.3, latitude: 0.2), .init(longitude: 0.2, latitude: 0.1)]]),
        .multiPoint([.init(longitude: -1, latitude: -2), .init(longitude: 179.9999999, latitude: -89.5)]),
        .multiLineString([[.init(longitude: 1, latitude: 1), .init(longitude: 2, latitude: 2)], [.init(longitude: 3, latitude: 3), .init(longitude: 4, latitude: 5)]]),
        .multiPolygon([[[.init(longitude: 0, latitude: 0), .init(longitude: 1, latitude: 0), .init(longitude: 0, latitude: 1), .init(longitude: 0, latitude: 0)]]]),
    ]

    @Test(arguments: samples) func wkbRoundTrips(_ g: Geometry) throws {
        #expect(try WKB.decode(WKB.encode(g)) == g)
    }

    @Test(arguments: samples) func geoJSONRoundTrips(_ g: Geometry) throws {
        let object = try JSONSerialization.jsonObject(with: Data(GeoJSON.string(g).utf8))
        #expect(try GeoJSON.geometry(from: object) == g)
    }

    /// POINT(1 2) in big-endian WKB, as some writers emit it.
    @Test func bigEndianWKBIsRead() throws {
        let bytes: [UInt8] = [0, 0, 0, 0, 1, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0]
        #expect(try WKB.decode(bytes) == .point(.init(longitude: 1, latitude: 2)))
    }

    @Test func truncatedOrForeignWKBIsRefusedWithTheOffset() {
        let full = WKB.encode(Self.samples[2])
        // The first ring declares 4 points (bytes 9–12) but fewer remain: reported where the count ends.
        #expect(throws: WKBError.truncated(at: 13)) { try WKB.decode(Array(full.prefix(45))) }
        #expect(throws: WKBError.unsupportedType(1001)) { try WKB.decode([1, 0xE9, 3, 0, 0]) }
        #expect(throws: WKBError.trailingBytes(at: 21)) { try WKB.decode(WKB.encode(Self.samples[0]) + [0]) }
    }

    @Test func geoJSONErrorsNameThePath() throws {
        let object = try JSONSerialization.jsonObject(with: Data(#"{"type":"LineString","coordinates":[[121.4,31.2],[31.2,121.4]]}"#.utf8))
        do {
            _ = try GeoJSON.geometry(from: object, path: "features[7].geometry")
            Issue.record("swapped position accepted")
        } catch {
            #expect(error.description.hasPrefix("features[7].geometry.coordinates[1]") && error.description.contains("swapped"))
        }
    }

    @Test func featureStringsEscapeAndKeepTypes() throws {
        let f = Feature(id: "a\"b", layer: .facilities, kind: "shelter", name: "人民\n广场",
                        geometry: .point(.init(longitude: 1, latitude: 2)), properties: ["n": .integer(3), "x": .real(0.5), "ok": .bool(true)])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(GeoJSON.string(f).utf8)) as? [String: Any])
        #expect(object["id"] as? String == "a\"b")
        let props = try #require(object["properties"] as? [String: Any])
        #expect(props["name"] as? String == "人民\n广场" && props["n"] as? Int == 3 && props["x"] as? Double == 0.5)
    }

    @Test func seededDrawsRepeat() {
        var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
        var c = SplitMix64(seed: 1)
        #expect((0..<1000).allSatisfy { _ in (0...9).contains(c.int(in: 0...9)) })
    }
}

@Suite struct DrawnAreaTests {
    @Test func theFirstPolygonOfAFileIsFoundAndOtherShapesAreRefused() throws {
        let dir = TestPaths.temporaryDirectory("area")
        let collection = dir.appendingPathComponent("area.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[121.4,31.2],[121.5,31.2],[121.5,31.3],[121.4,31.2]]]}}]}"#
            .write(to: collection, atomically: true, encoding: .utf8)
        #expect(try GeoJSON.firstPolygon(inFile: collection.path).typeName == "POLYGON")
        let point = dir.appendingPathComponent("point.geojson")
        try #"{"type":"Point","coordinates":[121.4,31.2]}"#.write(to: point, atomically: true, encoding: .utf8)
        #expect(throws: GeoJSONError.self) { try GeoJSON.firstPolygon(inFile: point.path) }
        #expect(throws: GeoJSONError.self) { try GeoJSON.firstPolygon(inFile: dir.appendingPathComponent("missing.geojson").path) }
    }
}
