import RuleEngine
import SpatialCore
import SpatialStore

/// Cross-checks a plan library's catalog against a city store: unit types the store has no unit of,
/// districts it does not hold, kinds absent from their layer. Returns readable warnings.
public enum PlanStoreCheck {
    public static func problems(_ library: PlanLibrary, store: CityStore) throws -> [String] {
        var out: [String] = []
        let summaries = Dictionary(uniqueKeysWithValues: try store.layerSummaries().map { ($0.layer, Set($0.kinds.map(\.kind))) })
        let unitKinds = Set(try store.features(in: .units).map(\.kind))
        for t in library.catalog.unitTypes where !unitKinds.contains(t) {
            out.append("unit type '\(t)' has no unit in \(store.path)")
        }
        for d in library.catalog.districts.sorted() where try store.feature(id: d) == nil {
            out.append("district '\(d)' is not in \(store.path)")
        }
        for (layer, kinds) in library.catalog.kinds.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let present = summaries[layer] ?? []
            let missing = kinds.subtracting(present).sorted()
            // The summaries list the common kinds only; check the rest directly.
            for k in missing where try store.features(in: layer, kinds: [k], limit: 1).isEmpty {
                out.append("layer \(layer) has no feature of kind '\(k)' in \(store.path)")
            }
        }
        return out
    }
}
