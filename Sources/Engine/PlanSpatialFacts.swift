import RuleEngine
import SpatialCore
import SpatialStore

/// Answers the rule engine's spatial predicates from the city store; remembers answers for one incident.
///
/// `within(500 m, facilities.school)` becomes one nearest-feature query (R*Tree, then ellipsoidal distance),
/// searched out to `maxMetres`. Not thread-safe: one per incident session.
public final class PlanSpatialFacts: SpatialFacts {
    let store: CityStore
    let maxMetres: Double
    private var distances: [String: Double?] = [:]
    private var inside: [String: Bool] = [:]

    public init(store: CityStore, maxMetres: Double = 20_000) {
        self.store = store
        self.maxMetres = maxMetres
    }

    public func distanceMetres(from: Coordinate, toNearest layer: Layer, kind: String?) -> Double? {
        let key = "\(from)|\(layer.rawValue)|\(kind ?? "")"
        if let d = distances[key] { return d }
        let hit = try? store.nearest(1, to: from, layers: [layer], kinds: kind.map { [$0] }, maxMetres: maxMetres).first
        distances[key] = hit?.distanceMetres
        return hit?.distanceMetres
    }

    public func isInside(_ c: Coordinate, district: String) -> Bool {
        let key = "\(c)|\(district)"
        if let b = inside[key] { return b }
        let ids = (try? store.features(near: c, withinMetres: 0, layers: [.districts, .gridCells]).map(\.feature.id)) ?? []
        let b = ids.contains(district)
        inside[key] = b
        return b
    }

    /// The districts (fire districts, administrative areas) covering `c`.
    public func districts(at c: Coordinate) -> Set<String> {
        Set((try? store.features(near: c, withinMetres: 0, layers: [.districts]).map(\.feature.id)) ?? [])
    }
}
