import CityImport
import Foundation
import SpatialCore
import Testing
import TestSupport

/// The importer on small real extracts committed in Tests/Fixtures/osm (runs without ../shared).
struct OSMFixtureTests {
    static let monacoXML = OSMTestData.fixtures.appendingPathComponent("monaco_sample.osm")
    static let monacoPBF = OSMTestData.fixtures.appendingPathComponent("monaco_sample.osm.pbf")
    static let shanghaiXML = OSMTestData.fixtures.appendingPathComponent("shanghai_sample.osm")

    @Test("XML and PBF of the same elements give the same features")
    func xmlAndPBFAgree() throws {
        let xml = try OSMImport.read(url: Self.monacoXML)
        let pbf = try OSMImport.read(url: Self.monacoPBF)
        #expect(xml.counts == pbf.counts)
        #expect(xml.features.map(\.id) == pbf.features.map(\.id))
        for (a, b) in zip(xml.features, pbf.features) {
            #expect(a.kind == b.kind && a.name == b.name && a.properties == b.properties, "\(a.id)")
            let close = zip(a.geometry.coordinates, b.geometry.coordinates).allSatisfy {
                abs($0.longitude - $1.longitude) < 1e-9 && abs($0.latitude - $1.latitude) < 1e-9
            }
            #expect(a.geometry.coordinates.count == b.geometry.coordinates.count && close, "\(a.id)")
        }
    }

    @Test("tag counts of the sample")
    func counts() throws {
        let result = try OSMImport.read(url: Self.monacoXML)
        #expect(result.counts["amenity=fire_station"] == 2)
        #expect(result.counts["amenity=hospital"] == 1)
        #expect(result.counts["amenity=police"] == 2)
        #expect(result.counts["relation_building"] == 2)
        #expect(result.counts["way_highway"] == 6)
        #expect(result.highwayHistogram["footway"] == 1)
        #expect(result.counts["cjk_name"] == 1, "the palace has name:zh")
        #expect(result.warnings.isEmpty, "\(result.warnings)")
    }

    @Test("drivable roads with speed, direction and lanes; footways left out")
    func roads() throws {
        let result = try OSMImport.read(url: Self.monacoXML)
        let roads = result.features(in: .roads)
        #expect(Set(roads.map(\.id)) == ["osm:way/4226740", "osm:way/4229900", "osm:way/4230113",
                                          "osm:way/4229326", "osm:way/718024988"])

        let albert = try #require(result.feature("osm:way/4226740"))
        #expect(albert.kind == "primary" && albert.name == "Boulevard Albert 1er")
        #expect(albert.properties["speed_kmh"] == .real(50) && albert.properties["maxspeed_source"] == .text("tag"))
        #expect(albert.properties["oneway"] == .integer(1) && albert.properties["lanes"] == .integer(2))
        guard case .lineString(let line) = albert.geometry else { Issue.record("not a line"); return }
        #expect(line.count == 13)

        let roundabout = try #require(result.feature("osm:way/4229900"))
        #expect(roundabout.properties["oneway"] == .integer(1), "junction=roundabout implies oneway")
        #expect(roundabout.properties["speed_kmh"] == .real(25) && roundabout.properties["maxspeed_source"] == .text("default"))

        let annonciade = try #require(result.feature("osm:way/4230113"))
        #expect(annonciade.properties["oneway"] == .integer(0) && annonciade.properties["speed_kmh"] == .real(30))
        #expect(result.feature("osm:way/4229326")?.kind == "primary_link")
        #expect(result.feature("osm:way/718024988")?.properties["speed_kmh"] == .real(10))
    }

    @Test("a hospital building is a polygon building and a point facility")
    func hospital() throws {
        let result = try OSMImport.read(url: Self.monacoXML)
        let building = try #require(result.feature("osm:way/49209406"))
        let facility = try #require(result.feature("osm:way/49209406#facility"))
        #expect(building.layer == .buildings && building.kind == "hospital")
        #expect(facility.layer == .facilities && facility.kind == "hospital")
        #expect(facility.name == "Centre Hospitalier Princesse Grace")
        #expect(facility.properties["name_en"] == .text("Princess Grace Hospital"))
        #expect(facility.properties["osm_type"] == .text("way") && facility.properties["osm_id"] == .integer(49209406))
        guard case .polygon(let rings) = building.geometry, case .point(let centre) = facility.geometry else {
            Issue.record("geometry types"); return
        }
        #expect(rings.count == 1 && rings[0].count == 20)
        #expect(try #require(building.geometry.boundingBox).contains(centre))
        let area = try #require(facility.properties["footprint_area_m2"]?.doubleValue)
        #expect(area > 1_000 && area < 100_000)
    }

    @Test("multipolygon building relations keep their holes")
    func buildingRelations() throws {
        let result = try OSMImport.read(url: Self.monacoXML)
        let palace = try #require(result.feature("osm:relation/393226"))
        #expect(palace.layer == .buildings && palace.kind == "castle")
        #expect(palace.properties["name_zh"] == .text("摩納哥親王宮"))
        guard case .polygon(let rings) = palace.geometry else { Issue.record("not a polygon"); return }
        #expect(rings.map(\.count) == [32, 6], "two outer ways join into one ring, two inner ways into one hole")

        let fairmont = try #require(result.feature("osm:relation/2093796"))
        guard case .polygon(let fairmontRings) = fairmont.geometry else { Issue.record("not a polygon"); return }
        #expect(fairmontRings.count == 3)
        #expect(fairmont.name == "Fairmont")
    }

    @Test("points: fire stations, police, hydrant, defibrillator, fuel")
    func points() throws {
        let result = try OSMImport.read(url: Self.monacoXML)
        #expect(Set(result.features(in: .facilities, kind: "fire_station").compactMap(\.name))
            == ["Caserne de Fontvieille", "Caserne de la Condamine"])
        #expect(result.features(in: .facilities, kind: "police").count == 2)
        let hydrant = try #require(result.feature("osm:node/6482565675"))
        #expect(hydrant.layer == .components && hydrant.kind == "hydrant")
        #expect(hydrant.properties["fire_hydrant:type"] == .text("pillar"))
        #expect(hydrant.geometry == .point(Coordinate(longitude: 7.4124516, latitude: 43.7280634)))
        #expect(result.feature("osm:node/2475270782")?.kind == "defibrillator")
        let fuel = try #require(result.feature("osm:node/25230434"))
        #expect(fuel.layer == .hazards && fuel.kind == "fuel_station" && fuel.properties["substance"] == .text("fuel"))
    }

    @Test("Chinese names: name first, name:en kept, counted as CJK")
    func shanghai() throws {
        let result = try OSMImport.read(url: Self.shanghaiXML)
        let weihai = try #require(result.feature("osm:way/8758061"))
        #expect(weihai.name == "威海路" && weihai.properties["name_en"] == .text("Weihai Road"))
        #expect(weihai.properties["speed_kmh"] == .real(25))
        #expect(result.feature("osm:way/8792331")?.properties["lanes"] == .integer(4))
        #expect(result.counts["cjk_name"] == 4, "three roads and a bus stop named in Chinese")
        #expect(result.feature("osm:node/63283237")?.kind == "traffic_signals")
    }

    @Test("progress reports the phases and ends with the feature count")
    func progress() throws {
        var seen: [OSMProgress] = []
        let result = try OSMImport.read(url: Self.monacoPBF) { seen.append($0) }
        #expect(seen.first?.phase == .assembling)
        let last = try #require(seen.last)
        #expect(last.phase == .finished && last.features == result.features.count)
        #expect(last.nodes == result.counts["node"] && last.ways == result.counts["way"])
    }
}
