import Foundation
import RuleEngine
import SpatialCore
import TestSupport

/// The shipped Plans/ folder, loaded once.
enum Shipped {
    static let directory = TestPaths.repoRoot.appendingPathComponent("Plans")
    static let library: PlanLibrary = {
        do { return try PlanLibrary.load(directory: directory) } catch { fatalError("shipped plans do not load:\n\(error)") }
    }()
    static func planText(_ id: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("plans/\(id).yaml"), encoding: .utf8)
    }
}

/// A map with one school at a fixed distance and one district, for spatial predicates without a store.
struct FixedMap: SpatialFacts {
    var distances: [String: Double] = [:]   // "layer.kind" → metres
    var district: String? = nil
    func distanceMetres(from: Coordinate, toNearest layer: Layer, kind: String?) -> Double? {
        distances["\(layer.rawValue).\(kind ?? "")"]
    }
    func isInside(_ c: Coordinate, district: String) -> Bool { district == self.district }
}

extension PlanErrors {
    func contains(_ fragment: String) -> Bool { diagnostics.contains { $0.message.contains(fragment) } }
}
