import Foundation
import NetworkAnalysis
import SpatialCore
import SpatialGEOS
import SpatialStore

/// The duty officer's 关阀分析 over the city store: one network's pipes and nodes loaded, a valve layer
/// chosen, and breaks isolated by pipe id or by a coordinate, with critical users found by a spatial join.
public struct NetworkIsolation {
    /// Where the isolation valves come from.
    public enum ValveSource: Sendable, Hashable {
        /// The valves recorded in `pipe_nodes` (kind valve with on_pipe / near_node, or valve nodes).
        case data
        /// WNTR's strategic placement: all links but `unvalvedPerNode` at every node get a valve.
        case strategic(unvalvedPerNode: Int, seed: UInt64)
        /// WNTR's random placement of `count` valves at pipe ends.
        case random(count: Int, seed: UInt64)
    }

    /// Facility kinds that must be told first when their supply stops.
    public static let criticalKinds: Set<String> = ["hospital", "clinic", "school", "kindergarten", "nursing_home"]

    public let store: CityStore
    public let network: String
    public let isolator: PipeIsolator
    /// The network's features by id, for geometry and names in the answer.
    public let features: [String: Feature]
    /// Notes on the valve layer (generated, or missing in the data).
    public let notes: [String]
    /// Milliseconds spent loading features and building the graph.
    public let loadMilliseconds: Double

    /// Loads `network`'s pipes and pipe_nodes. O(n) in the store's pipe features.
    /// - Throws: ``PipeNetworkError`` (no pipes, broken references, duplicate ids …) with the networks the
    ///   store does hold when `network` has no pipes; store errors.
    public init(store: CityStore, network: String, valves: ValveSource = .data, skippingInvalid: Bool = false) throws {
        let started = Date()
        let all = try store.features(in: .pipes) + store.features(in: .pipeNodes)
        let mine = all.filter { $0.properties["network"]?.textValue == network }
        guard mine.contains(where: { $0.layer == .pipes }) else {
            let known = Set(all.filter { $0.layer == .pipes }.compactMap { $0.properties["network"]?.textValue }).sorted()
            throw NetworkIsolationError.noSuchNetwork(network, known: known)
        }
        let net = try PipeNetwork(features: mine, network: network, skippingInvalid: skippingInvalid)
        var notes = net.warnings.map { "skipped: \($0)" }
        let layer: ValveLayer
        switch valves {
        case .data:
            layer = net.dataValves
            if layer.count == 0 {
                notes.append("network '\(network)' has no isolation valves in the data; use a generated layer "
                             + "(--valves strategic) to see segments a crew could close")
            }
        case let .strategic(n, seed):
            layer = ValveLayer.strategic(on: net, unvalvedLinksPerNode: n, seed: seed)
            notes.append("valves: generated strategic N-\(n) layer (seed \(seed)), \(layer.count) valves, open and working — not the real valves")
        case let .random(count, seed):
            layer = ValveLayer.random(on: net, count: count, seed: seed)
            notes.append("valves: generated random layer (seed \(seed)), \(layer.count) valves, open and working — not the real valves")
        }
        self.store = store
        self.network = network
        self.isolator = PipeIsolator(network: net, valves: layer)
        self.features = Dictionary(mine.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.notes = notes
        self.loadMilliseconds = Date().timeIntervalSince(started) * 1000
    }

    /// The pipe of this network nearest to `point`, with its distance in metres (geodesic, from the store).
    /// - Throws: ``NetworkIsolationError/noPipeNear(_:network:withinMetres:)``.
    public func nearestPipe(to point: Coordinate, maxMetres: Double = 2_000) throws -> (id: String, distanceMetres: Double) {
        for k in [8, 64, 512] {
            let hits = try store.nearest(k, to: point, layers: [.pipes], maxMetres: maxMetres)
            if let hit = hits.first(where: { isolator.network.link(id: $0.feature.id) != nil }) {
                return (hit.feature.id, hit.distanceMetres)
            }
            if hits.count < k { break }
        }
        throw NetworkIsolationError.noPipeNear(point, network: network, withinMetres: maxMetres)
    }

    /// Isolates a break on the pipe `pipeID`.
    public func isolate(pipeID: String, criticalWithinMetres: Double = 50) throws -> IsolationReport {
        guard let link = isolator.network.link(id: pipeID) else {
            throw NetworkIsolationError.unknownPipe(pipeID, network: network, found: features[pipeID] != nil)
        }
        return try report(link: link, locatedBy: "pipe id", criticalWithinMetres: criticalWithinMetres)
    }

    /// Isolates a break on the pipe nearest `point`.
    public func isolate(near point: Coordinate, criticalWithinMetres: Double = 50) throws -> IsolationReport {
        let (id, metres) = try nearestPipe(to: point)
        let located = String(format: "nearest pipe to %.6f,%.6f (%.0f m away)", point.longitude, point.latitude, metres)
        return try report(link: isolator.network.link(id: id)!, locatedBy: located, criticalWithinMetres: criticalWithinMetres)
    }

    private func report(link: Int, locatedBy: String, criticalWithinMetres: Double) throws -> IsolationReport {
        let clock = ContinuousClock()
        var result: PipeIsolation?
        let elapsed = try clock.measure { result = try isolator.isolate(link: link) }
        let r = result!
        let critical = try criticalUsers(of: r, withinMetres: criticalWithinMetres)
        return IsolationReport(context: self, result: r, locatedBy: locatedBy, critical: critical,
                               criticalWithinMetres: criticalWithinMetres,
                               queryMicroseconds: Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }

    /// Critical facilities within `metres` of a pipe losing supply: the GEOS buffer (in a local metric
    /// projection) of those pipes, joined with `facilities` of ``criticalKinds`` in the store (interior
    /// intersection, SpatiaLite). Each comes with the nearest such pipe and its distance. O(p log p + f·p).
    func criticalUsers(of r: PipeIsolation, withinMetres metres: Double) throws -> [IsolationReport.CriticalUser] {
        let lines = r.linksLosingSupply.compactMap { l -> [Coordinate]? in
            guard case let .lineString(cs)? = features[isolator.network.links[l].id]?.geometry else { return nil }
            return cs
        }
        guard !lines.isEmpty else { return [] }
        let area = try GEOS().bufferMetres(.multiLineString(lines), metres: metres)
        let hits = try store.features(intersecting: area, layers: [.facilities], kinds: Self.criticalKinds)
        return hits.map { hit in
            let at = hit.feature.geometry.representativePoint ?? Coordinate(longitude: 0, latitude: 0)
            var best = (pipe: "", metres: Double.infinity)
            for l in r.linksLosingSupply {
                let id = isolator.network.links[l].id
                guard let shape = features[id]?.geometry.coordinates else { continue }
                let d = PointToLine.distanceMetres(at, shape)
                if d < best.metres { best = (id, d) }
            }
            return IsolationReport.CriticalUser(feature: hit.feature, nearestPipe: best.pipe, distanceMetres: best.metres)
        }
    }

    /// Segment figures for the whole network, worst first: customers who lose supply when a pipe in the
    /// segment breaks (the segment's own and those cut off behind it, through seized valves too), then pipe length.
    /// The same figure as `isolator.isolate(link: s.links[0]).customersLosingSupply`, for all segments at once
    /// (``BreakImpacts``: dominators of the supply graph): O((V + E) log (V + E)).
    public func segments() throws -> SegmentReport {
        let net = isolator.network
        let clock = ContinuousClock()
        var partition: ValveSegments?
        let elapsed = clock.measure { partition = ValveSegments(network: net, valves: isolator.valves) }
        let all = partition!.segments(on: net, valves: isolator.valves)
        let impacts = net.sourceNodes.isEmpty ? nil : try BreakImpacts(isolator: isolator)
        var rows: [SegmentReport.Row] = []
        for s in all where !s.links.isEmpty {
            let impact = impacts?.customersLosingSupply[s.links[0]]
            rows.append(SegmentReport.Row(segment: s, customersLosingSupplyOnBreak: impact,
                                          examplePipe: net.links[s.links[0]].id))
        }
        rows.sort { ($0.customersLosingSupplyOnBreak ?? $0.segment.customers, $0.segment.pipeLengthMetres)
            > ($1.customersLosingSupplyOnBreak ?? $1.segment.customers, $1.segment.pipeLengthMetres) }
        return SegmentReport(network: network, nodeCount: net.nodes.count, linkCount: net.links.count, valveCount: isolator.valves.count,
                             segmentCount: partition!.segmentCount, rows: rows, notes: notes,
                             partitionMicroseconds: Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
}

/// Why an isolation could not be answered from the store.
public enum NetworkIsolationError: Error, CustomStringConvertible {
    case noSuchNetwork(String, known: [String])
    case unknownPipe(String, network: String, found: Bool)
    case noPipeNear(Coordinate, network: String, withinMetres: Double)

    public var description: String {
        switch self {
        case let .noSuchNetwork(name, known):
            "the store has no pipes of network '\(name)'"
                + (known.isEmpty ? " (it has no pipes at all; import a network first)" : "; networks with pipes: \(known.joined(separator: ", "))")
        case let .unknownPipe(id, network, found):
            found ? "'\(id)' is in the store but is not a pipe of network '\(network)'"
                : "no pipe '\(id)' in network '\(network)' (ids look like ex:water:pipe/123; find one with `beacon find --near LON,LAT --layer pipes`)"
        case let .noPipeNear(c, network, metres):
            "no pipe of network '\(network)' within \(Int(metres)) m of " + String(format: "%.6f,%.6f", c.longitude, c.latitude)
        }
    }
}

/// Distance from a point to a polyline in metres, in a local equirectangular frame (error < 0.1 % within a few km).
enum PointToLine {
    static func distanceMetres(_ p: Coordinate, _ line: [Coordinate]) -> Double {
        let metresPerDegree = 111_194.93, k = cos(p.latitude * .pi / 180)
        func xy(_ c: Coordinate) -> (Double, Double) {
            ((c.longitude - p.longitude) * metresPerDegree * k, (c.latitude - p.latitude) * metresPerDegree)
        }
        guard let first = line.first else { return .infinity }
        var best = hypot(xy(first).0, xy(first).1)
        for (a, b) in zip(line, line.dropFirst()) {
            let (ax, ay) = xy(a), (bx, by) = xy(b)
            let dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy
            let t = len2 > 0 ? max(0, min(1, -(ax * dx + ay * dy) / len2)) : 0
            best = min(best, hypot(ax + t * dx, ay + t * dy))
        }
        return best
    }
}
