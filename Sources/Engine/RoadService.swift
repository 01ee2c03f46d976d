import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialStore

/// A road question that cannot be answered, with the reason in words (which end, how far, which island).
public struct RoadServiceError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The roads of one city store, ready for routing: the graph from the cache beside the store (or
/// built from the `roads` layer and cached when the road data changed), the edge snapping index,
/// and the live overrides in force (closures, speed factors) applied as edge costs.
///
/// Opening costs one cache read (or one build), one O(E) pass per override set; every query then
/// runs on the same arrays. Not for concurrent use: one service per task.
public final class RoadService {
    /// How the graph was obtained.
    public enum GraphSource: Sendable, Equatable {
        case cache
        /// Built from the store; `reason` says why the cache was not used.
        case built(reason: String)
    }

    public let store: CityStore
    public let network: RoadNetwork
    public let snapIndex: EdgeSnapIndex
    public let graphSource: GraphSource
    /// Milliseconds spent loading or building the graph and its snapping index (near 0 when a StoreSession kept them).
    public let loadMilliseconds: Double
    /// Active overrides read from the store, newest first.
    public let overrides: [RoadOverride]
    /// What each active override did to the graph.
    public let appliedOverrides: [EdgeOverrides.Applied]
    public let costs: EdgeCosts
    /// Places points on the open roads under these costs (one-way traps avoided); see ``RoadSnapper``.
    public let snapper: RoadSnapper
    /// Points farther than this from every road are refused, metres.
    public var maxOffNetworkMetres: Double {
        get { snapper.maxOffNetworkMetres }
        set { snapper.maxOffNetworkMetres = newValue }
    }
    /// How much farther than the nearest road a point may be placed to reach the main strongly connected part, metres.
    public var trapAvoidanceMetres: Double {
        get { snapper.trapAvoidanceMetres }
        set { snapper.trapAvoidanceMetres = newValue }
    }
    private var router: RoadRouter

    /// The cache file of a store: `<store>.roadgraph`.
    public static func cacheURL(forStoreAt path: String) -> URL { URL(fileURLWithPath: path + ".roadgraph") }

    /// Loads the roads of `store`. With `useCache`, reads `<store>.roadgraph` when its key matches the
    /// road data (``CityStore/roadDataKey()``), else builds from the roads layer and rewrites it.
    public init(store: CityStore, useCache: Bool = true) throws {
        self.store = store
        let start = DispatchTime.now().uptimeNanoseconds
        let key = try store.roadDataKey()
        let url = Self.cacheURL(forStoreAt: store.path)
        // In a StoreSession (the console) the graph and its snapping index stay loaded while the road data is unchanged.
        (network, snapIndex, graphSource) = try StoreSession.cached("RoadService|" + url.path, fingerprint: useCache ? key : UUID().uuidString) {
            var loaded: RoadNetwork?
            var reason = "cache disabled"
            if useCache {
                do {
                    loaded = try RoadNetworkCache.read(from: url, expectedKey: key)
                    if loaded == nil {
                        reason = FileManager.default.fileExists(atPath: url.path) ? "the road data changed since \(url.lastPathComponent) was written" : "no cache yet"
                    }
                } catch {
                    reason = "\(error); rebuilt"
                }
            }
            if let loaded { return (loaded, EdgeSnapIndex(loaded.graph), GraphSource.cache) }
            let network = RoadNetwork(roads: try store.features(in: .roads))
            if useCache {
                do { try RoadNetworkCache.write(network, key: key, to: url) } catch { reason += "; cache not written: \(error)" }
            }
            return (network, EdgeSnapIndex(network.graph), GraphSource.built(reason: reason))
        }
        loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        overrides = try store.roadOverrides()
        var edits = EdgeOverrides()
        for o in overrides {
            switch o.kind {
            case let .closure(roadID): edits.closures.append(.init(overrideID: o.id, roadID: roadID))
            case let .speedFactor(area, factor): edits.speedAreas.append(.init(overrideID: o.id, area: area, factor: factor))
            }
        }
        (costs, appliedOverrides) = edits.costs(on: network)
        router = RoadRouter(network: network, costs: costs)
        snapper = RoadSnapper(network: network, index: snapIndex, costs: costs)
    }

    /// One line naming the road network behind every answer.
    public var basis: String { "road network (\(network.graph.edgeCount) edges, live closures and speed factors)" }

    /// Places `point` on the nearest open road (``RoadSnapper``); `what` names the point in the error ("origin", "station 02").
    public func snap(_ point: Coordinate, _ what: String) throws -> RoadPosition {
        do { return try snapper.snap(point) } catch { throw RoadServiceError("\(what): \(error)") }
    }

    /// The fastest route between two points, with the roads it follows and the overrides in force.
    public func route(from origin: Coordinate, to destination: Coordinate) throws -> RouteReport {
        let a = try snap(origin, "origin"), b = try snap(destination, "destination")
        do {
            let route = try router.route(from: a, to: b)
            return RouteReport(route: route, roads: roads(along: route.edges), overrides: appliedOverrides)
        } catch {
            throw RoadServiceError(error.description + overrideNote)
        }
    }

    /// Roads reached within `limitSeconds` from the nearest of `origins` (closed roads never reached).
    public func reach(from origins: [RoadPosition], limitSeconds: Double) -> RoadReach {
        router.reach(from: origins, limitSeconds: limitSeconds)
    }

    /// Roads in travel order (feature id and name, "" when unnamed), consecutive repeats merged.
    func roads(along edges: [Int]) -> [RouteReport.Road] {
        var out: [RouteReport.Road] = []
        for e in edges {
            let id = network.roadID(ofEdge: e)
            if out.last?.id != id { out.append(.init(id: id, name: network.roadNames[Int(network.graph.edgeRoadIndex[e])])) }
        }
        return out
    }

    private var overrideNote: String {
        appliedOverrides.isEmpty ? "" : " [overrides in force: " + appliedOverrides.map { "#\($0.overrideID) \($0.summary)" }.joined(separator: "; ") + "]"
    }

    /// Road islands of the graph: junction counts of every weak component but the main one, largest first.
    public func islandSizes() -> [Int] { RoadIslands(network.graph).islandSizes }
}

/// A route with what a duty officer reads off it.
public struct RouteReport: Sendable {
    public struct Road: Sendable, Equatable {
        public let id: String
        public let name: String
    }
    public let route: Route
    /// Roads in travel order, consecutive repeats merged.
    public let roads: [Road]

    /// Names in travel order (the id when unnamed), consecutive repeats merged.
    public var roadNames: [String] {
        var names: [String] = []
        for r in roads where names.last != (r.name.isEmpty ? r.id : r.name) { names.append(r.name.isEmpty ? r.id : r.name) }
        return names
    }
    /// The overrides in force when the route was computed (each says how many edges it changed).
    public let overrides: [EdgeOverrides.Applied]
}
