import Foundation
import RuleEngine
import SpatialCore
import SpatialStore

/// The names a scenario may use, read once from the city store and the plan library. O(features) to build.
public final class ScenarioCatalog: ScenarioReferences {
    public let library: PlanLibrary
    let store: CityStore
    let units: Set<String>
    let counts: [String: [String: Int]]
    public let unitKinds: Set<String>

    public init(store: CityStore, library: PlanLibrary) throws {
        self.store = store
        self.library = library
        let records = try store.units()
        units = Set(records.map(\.id) + records.map(\.name))
        var counts: [String: [String: Int]] = [:]
        for layer in Layer.allCases where layer != .roads && layer != .incidents {
            var byKind: [String: Int] = [:]
            for f in try store.features(in: layer) { byKind[f.kind, default: 0] += 1 }
            counts[layer.rawValue] = byKind
        }
        self.counts = counts
        unitKinds = Set(library.catalog.unitTypes).union(records.map(\.kind))
    }

    public func layerOfFeature(_ id: String) -> String? { (try? store.feature(id: id))??.layer.rawValue }
    public func unitExists(_ id: String) -> Bool { units.contains(id) }
    public func featureCount(layer: String, kind: String?) -> Int? {
        if layer == "roads" { return kind == nil ? 1 : nil }
        guard let byKind = counts[layer] else { return nil }
        return kind.map { byKind[$0] ?? 0 } ?? byKind.values.reduce(0, +)
    }
    public var planIDs: Set<String> { Set(library.plans.map(\.id)) }
    public func incidentTypeExists(_ codeOrAlias: String) -> Bool { library.incidentType(codeOrAlias) != nil }
    public func factExists(_ name: String) -> Bool { library.schema[name] != nil }
}
