import SpatialCore

/// Places points on the open roads of one network under one set of costs — the one rule every road question
/// uses (routes, the dispatcher, coverage, simulations).
///
/// A road is usable when it is open in either direction. When the nearest usable road lies outside the main
/// strongly connected part (a clipped one-way stub that can be left but never reached, or an island) and a
/// main-part road is at most ``trapAvoidanceMetres`` farther, the point goes there instead, so an incident or a
/// unit beside a one-way trap still gets a route; the position's `offNetworkMetres` says how far it moved.
/// Not for concurrent use (the components are computed on the first snap that needs them, O(V + E)).
public final class RoadSnapper {
    public let network: RoadNetwork
    public let index: EdgeSnapIndex
    public let costs: EdgeCosts
    /// Points farther than this from every usable road are refused, metres.
    public var maxOffNetworkMetres: Double
    /// How much farther than the nearest road a point may be placed to reach the main part, metres.
    public var trapAvoidanceMetres: Double
    private lazy var strong = StrongComponents(network.graph)

    public init(network: RoadNetwork, index: EdgeSnapIndex, costs: EdgeCosts,
                maxOffNetworkMetres: Double = 1000, trapAvoidanceMetres: Double = 300) {
        self.network = network
        self.index = index
        self.costs = costs
        self.maxOffNetworkMetres = maxOffNetworkMetres
        self.trapAvoidanceMetres = trapAvoidanceMetres
    }

    /// The road position of `point`. O(cells searched) per snap, plus O(V + E) once for the components.
    public func snap(_ point: Coordinate) throws(SnapError) -> RoadPosition {
        let twin = network.edgeTwin, costs = self.costs, graph = network.graph
        let isOpen = { (e: Int) in costs.isOpen(e) || (twin[e] >= 0 && costs.isOpen(Int(twin[e]))) }
        let nearest = try index.snap(point, in: graph, maxOffNetworkMetres: maxOffNetworkMetres, isUsable: isOpen)
        let strong = self.strong
        let inMain = { (e: Int) in strong.isMain(edge: e, in: graph) || (twin[e] >= 0 && strong.isMain(edge: Int(twin[e]), in: graph)) }
        if inMain(nearest.edge) { return nearest }
        let limit = min(maxOffNetworkMetres, nearest.offNetworkMetres + trapAvoidanceMetres)
        return (try? index.snap(point, in: graph, maxOffNetworkMetres: limit) { isOpen($0) && inMain($0) }) ?? nearest
    }
}
