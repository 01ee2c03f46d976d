import CityImport
import Engine
import Foundation
import NetworkAnalysis
import SpatialStore
import Testing
import TestSupport

/// The segment ranking of the default city against one isolation per segment, on the exercise overlay's
/// water and gas networks (generated for the test run). A debug build checks every 10th segment and
/// every 25th link (an isolation takes ~15 ms there); a release build checks all of them.
@Suite struct SegmentRankingTests {
    #if DEBUG
    static let (segmentStep, linkStep) = (10, 25)
    #else
    static let (segmentStep, linkStep) = (1, 1)
    #endif
    /// A store holding the exercise overlay's water and gas networks, generated for this test run.
    static let store: URL = {
        let url = TestPaths.temporaryDirectory("segments").appendingPathComponent("networks.beacon.sqlite")
        let actor = Actor(name: "test", post: "test")
        guard let store = try? CityStore.create(at: url.path, cityName: "networks", actor: actor) else { return url }
        let importer = CityImporter(store: store, actor: actor)
        for file in ["water_network.geojson", "gas_network.geojson"] {
            _ = try? importer.importGeoJSON(DefaultCityTests.overlay.appendingPathComponent(file),
                                            mapping: FieldMapping(layer: nil, idPrefix: "", kindField: "kind"))
        }
        store.close()
        return url
    }()

    @Test(arguments: ["water", "gas"])
    func rankingAgreesWithOneIsolationPerSegment(_ network: String) throws {
        let store = try CityStore.open(at: Self.store.path, readOnly: true)
        let context = try NetworkIsolation(store: store, network: network)
        let clock = ContinuousClock()
        var report: SegmentReport?
        let ranking = try clock.measure { report = try context.segments() }
        let rows = try #require(report).rows
        #expect(rows.count > 1000)
        var isolations = 0
        let oneByOne = try clock.measure {
            for row in stride(from: 0, to: rows.count, by: Self.segmentStep).map({ rows[$0] }) {
                let link = try #require(context.isolator.network.link(id: row.examplePipe))
                let expected = try context.isolator.isolate(link: link).customersLosingSupply
                #expect(row.customersLosingSupplyOnBreak == expected, "\(network) segment \(row.segment.index), pipe \(row.examplePipe)")
                isolations += 1
            }
        }
        // Every link, not only each segment's example pipe.
        let impacts = try BreakImpacts(isolator: context.isolator)
        let differing = try stride(from: 0, to: context.isolator.network.links.count, by: Self.linkStep).filter {
            try impacts.customersLosingSupply[$0] != context.isolator.isolate(link: $0).customersLosingSupply
        }
        #expect(differing.isEmpty, "\(network): \(differing.count) links differ")
        #expect(rows.first!.customersLosingSupplyOnBreak! > rows.last!.customersLosingSupplyOnBreak!)
        print("\(network): ranking of \(rows.count) segments \(ranking) ; \(isolations) isolations one by one \(oneByOne); "
              + "\(impacts.segmentsIsolatedOneByOne) segments with a pump or check valve isolated one by one")
    }
}
