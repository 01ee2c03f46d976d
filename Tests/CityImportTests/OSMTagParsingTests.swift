@testable import CityImport
import SpatialCore
import Testing

/// The small parsers and the ring assembly, on hand-made input.
struct OSMTagParsingTests {
    @Test("maxspeed in km/h, mph and knots; symbolic values are not numbers", arguments: [
        ("50", 50.0), ("50 km/h", 50), ("30 mph", 48.28032), ("20mph", 32.18688), ("10 knots", 18.52),
        ("60;40", 60), ("RU:urban", nil), ("none", nil), ("walk", nil), ("signals", nil), ("0", nil),
    ] as [(String, Double?)])
    func maxspeed(text: String, kmh: Double?) {
        let parsed = OSMRoadTags.speedKmh(maxspeed: text)
        if let kmh {
            #expect(parsed.map { abs($0 - kmh) < 1e-9 } == true, "\(text) → \(String(describing: parsed))")
        } else {
            #expect(parsed == nil, "\(text)")
        }
    }

    @Test("oneway: explicit tags win, roundabouts and motorways imply forward")
    func oneway() throws {
        let primary = try #require(RoadClass.byHighway["primary"])
        let motorway = try #require(RoadClass.byHighway["motorway"])
        let link = try #require(RoadClass.byHighway["motorway_link"])
        #expect(OSMRoadTags.oneway(tags: ["oneway": "yes"], roadClass: primary) == 1)
        #expect(OSMRoadTags.oneway(tags: ["oneway": "-1"], roadClass: primary) == -1)
        #expect(OSMRoadTags.oneway(tags: [:], roadClass: primary) == 0)
        #expect(OSMRoadTags.oneway(tags: ["junction": "roundabout"], roadClass: primary) == 1)
        #expect(OSMRoadTags.oneway(tags: [:], roadClass: motorway) == 1)
        #expect(OSMRoadTags.oneway(tags: [:], roadClass: link) == 1)
        #expect(OSMRoadTags.oneway(tags: ["oneway": "no"], roadClass: motorway) == 0)
    }

    @Test("links take their class's default speed; footway, track and path are not drivable")
    func roadClasses() {
        #expect(RoadClass.byHighway["secondary_link"]?.defaultSpeedKmh == RoadClass.byHighway["secondary"]?.defaultSpeedKmh)
        for excluded in ["footway", "path", "steps", "cycleway", "track", "pedestrian", "construction"] {
            #expect(RoadClass.byHighway[excluded] == nil, "\(excluded)")
        }
    }

    @Test("classification: one feature per layer, several layers per element")
    func classify() {
        let hospital = OSMClassifier.classify(["amenity": "hospital", "building": "yes"], type: .way)
        #expect(hospital.map(\.layer) == [.buildings, .facilities] && hospital.map(\.kind) == ["yes", "hospital"])
        #expect(OSMClassifier.classify(["highway": "primary"], type: .node).isEmpty, "roads are ways")
        #expect(OSMClassifier.classify(["building": "no"], type: .way).isEmpty)
        #expect(OSMClassifier.classify(["amenity": "social_facility", "social_facility": "nursing_home"], type: .node)
            .map(\.kind) == ["nursing_home"])
        #expect(OSMClassifier.classify(["social_facility": "nursing_home"], type: .node).isEmpty)
        #expect(OSMClassifier.classify(["industrial": "chemical"], type: .way).map(\.kind) == ["industrial_site"])
        #expect(OSMClassifier.classify(["man_made": "pipeline"], type: .way).isEmpty)
    }

    @Test("ways join end to end, reversed when needed, into closed rings")
    func rings() throws {
        let rings = try #require(OSMPolygon.assembleRings([[1, 2, 3], [5, 4, 3], [5, 6, 1], [7, 8, 9, 7]]))
        #expect(rings == [[1, 2, 3, 4, 5, 6, 1], [7, 8, 9, 7]])
        #expect(OSMPolygon.assembleRings([[1, 2, 3], [3, 4]]) == nil, "an open chain")
        #expect(OSMPolygon.assembleRings([]) == [])
    }

    @Test("area and centroid of a 0.001° square near the equator")
    func areaAndCentroid() throws {
        let square = [(0.0, 0.0), (0.001, 0.0), (0.001, 0.001), (0.0, 0.001), (0.0, 0.0)]
            .map { Coordinate(longitude: $0.0, latitude: $0.1) }
        let side = Haversine.metresPerDegreeLatitude * 0.001
        #expect(abs(OSMPolygon.areaSquareMetres(square) - side * side) / (side * side) < 1e-6)
        let centre = try #require(OSMPolygon.centroid(square))
        #expect(abs(centre.longitude - 0.0005) < 1e-12 && abs(centre.latitude - 0.0005) < 1e-12)
        #expect(OSMPolygon.contains(square, Coordinate(longitude: 0.0005, latitude: 0.0005)))
        #expect(!OSMPolygon.contains(square, Coordinate(longitude: 0.002, latitude: 0.0005)))
    }

    @Test("ids sorted once, found by binary search, also when appended out of order")
    func idTable() {
        var table = OSMIDTable<Int>()
        for id in [5, 1, 9, 3] as [Int64] { table.append(id, Int(id) * 10) }
        table.sortIfNeeded()
        #expect(table[9] == 90 && table[1] == 10 && table[4] == nil)
    }

    @Test("the CJK rule of the stats files")
    func cjk() {
        #expect(OSMStatistics.hasCJKName(["name": "威海路"]))
        #expect(OSMStatistics.hasCJKName(["name": "Monaco", "name:zh": "摩纳哥"]))
        #expect(!OSMStatistics.hasCJKName(["name": "Monaco", "name:ja": "モナコ"]))
    }

    @Test("names fall back to name:zh then name:en; typed building and facility properties")
    func properties() {
        #expect(OSMFeatureProperties.name(["name:zh": "医院", "name:en": "Hospital"]) == "医院")
        #expect(OSMFeatureProperties.name(["name:en": "Hospital"]) == "Hospital")
        let building = OSMFeatureProperties.make(
            layer: .buildings, kind: "yes", type: .way, id: 7,
            tags: ["building:levels": "2.5", "height": "12.5 m", "name": "A", "name:zh": "A"], areaSquareMetres: 80)
        #expect(building["levels"] == .integer(2) && building["height_m"] == .real(12.5))
        #expect(building["name_zh"] == nil, "name:zh equal to name is not repeated")
        #expect(building["osm_id"] == .integer(7) && building["osm_type"] == .text("way"))
        let shelter = OSMFeatureProperties.make(
            layer: .facilities, kind: "shelter", type: .node, id: 1, tags: ["capacity": "120"], areaSquareMetres: nil)
        #expect(shelter["capacity"] == .integer(120) && shelter["footprint_area_m2"] == nil)
        let hydrant = OSMFeatureProperties.make(
            layer: .components, kind: "hydrant", type: .node, id: 2,
            tags: ["fire_hydrant:diameter": "100", "colour": "red"], areaSquareMetres: nil)
        #expect(hydrant["fire_hydrant:diameter"] == .text("100") && hydrant["colour"] == nil)
        #expect(OSMFeatureProperties.metres("40'") == nil)
    }
}
