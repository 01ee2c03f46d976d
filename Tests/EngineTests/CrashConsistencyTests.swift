import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// A `beacon import` killed with SIGKILL at any moment leaves a store that is intact and holds either
/// the whole import with its audit row or none of it.
@Suite struct CrashConsistencyTests {
    @Test(arguments: [0.3, 0.9, 1.5, 2.2, 3.0]) func aKilledImportLeavesAllOrNothing(afterSeconds delay: Double) throws {
        let file = DefaultCityTests.overlay.appendingPathComponent("water_network.geojson")
        let expected = try DefaultCityTests.features("water_network.geojson").count
        let dir = TestPaths.temporaryDirectory("crash")
        let path = dir.appendingPathComponent("c.beacon.sqlite").path
        try BeaconBinary.run(["init", path])
        let before = try CityStore.open(at: path, readOnly: true).dataVersion()

        try BeaconBinary.killed(after: delay, ["import", "geojson", "--store", path, file.path])

        let store = try CityStore.open(at: path)
        #expect(try store.integrityCheck() == "ok")
        let rows = try store.layerSummaries().filter { $0.layer == .pipes || $0.layer == .pipeNodes }.map(\.count).reduce(0, +)
        let version = try store.dataVersion()
        #expect((rows == 0 && version == before) || (rows == expected && version == before + 1),
                "after \(delay) s: \(rows) rows, audit \(before) → \(version)")
        #expect(try store.verifyAuditChain() == version)
        store.close()
        try FileManager.default.removeItem(at: dir)
    }
}
