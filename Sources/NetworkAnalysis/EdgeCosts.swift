import SpatialCore

/// Travel seconds per edge used by a search, in the forward CSR order and copied into the reverse
/// CSR order, so a search reads them as fast as the graph's own. `.infinity` = closed.
///
/// Built once per set of overrides (O(E)) and reused by every query: live edits cost no rebuild.
public struct EdgeCosts: Sendable {
    /// Seconds per edge id.
    public let forwardSeconds: [Double]
    /// Seconds per reverse CSR slot.
    let reverseSeconds: [Double]

    /// The graph's free-flow seconds.
    public init(freeFlow graph: RoadGraph) {
        forwardSeconds = graph.edgeTravelSeconds
        reverseSeconds = graph.reverseTravelSeconds
    }

    /// Given seconds per edge id (`seconds.count == graph.edgeCount`). O(E).
    public init(graph: RoadGraph, seconds: [Double]) {
        precondition(seconds.count == graph.edgeCount, "one cost per edge: \(seconds.count) for \(graph.edgeCount) edges")
        forwardSeconds = seconds
        reverseSeconds = graph.reverseEdgeIDs.map { seconds[Int($0)] }
    }

    /// Whether edge `e` can be travelled at all.
    public func isOpen(_ e: Int) -> Bool { forwardSeconds[e].isFinite }
}

/// Live edits to the road network, applied per query without rebuilding the graph.
///
/// A closure removes every edge of one road feature (both directions). A speed area multiplies the
/// speed of every edge whose shape has a vertex or a segment midpoint inside the polygon by
/// `factor` (0 < factor; 0.3 = flooding, travel takes 1/0.3 ≈ 3.3 times as long). Where areas
/// overlap the smallest factor wins (the worst condition, not the product).
/// Caveat: an edge that crosses an area without a vertex or segment midpoint inside it is not slowed;
/// give an area at least as wide as the blocks it covers.
public struct EdgeOverrides: Sendable {
    public struct Closure: Sendable, Hashable {
        public let overrideID: Int
        public let roadID: String
        public init(overrideID: Int, roadID: String) {
            self.overrideID = overrideID
            self.roadID = roadID
        }
    }

    public struct SpeedArea: Sendable, Hashable {
        public let overrideID: Int
        /// A `.polygon` or `.multiPolygon` in degrees.
        public let area: Geometry
        /// Speed multiplier, > 0.
        public let factor: Double
        public init(overrideID: Int, area: Geometry, factor: Double) {
            self.overrideID = overrideID
            self.area = area
            self.factor = factor
        }
    }

    /// What one override did to the graph.
    public struct Applied: Sendable, Hashable {
        public let overrideID: Int
        /// "closure of ROAD" or "speed × F".
        public let summary: String
        /// Directed edges changed.
        public let edgeCount: Int
    }

    public var closures: [Closure]
    public var speedAreas: [SpeedArea]

    public init(closures: [Closure] = [], speedAreas: [SpeedArea] = []) {
        self.closures = closures
        self.speedAreas = speedAreas
    }

    public var isEmpty: Bool { closures.isEmpty && speedAreas.isEmpty }

    /// The costs with every override applied, and what each did. O(E + areas × shape vertices × polygon vertices).
    public func costs(on network: RoadNetwork) -> (costs: EdgeCosts, applied: [Applied]) {
        let graph = network.graph
        guard !isEmpty else { return (EdgeCosts(freeFlow: graph), []) }
        var seconds = graph.edgeTravelSeconds
        var applied: [Applied] = []
        var factor = [Double](repeating: 1, count: graph.edgeCount)
        for area in speedAreas {
            guard area.factor > 0, let box = area.area.boundingBox else {
                applied.append(Applied(overrideID: area.overrideID, summary: "speed × \(area.factor) ignored: not a polygon with factor > 0", edgeCount: 0))
                continue
            }
            var count = 0
            for e in 0..<graph.edgeCount where Self.edge(e, of: graph, touches: area.area, box: box) {
                factor[e] = min(factor[e], area.factor)
                count += 1
            }
            applied.append(Applied(overrideID: area.overrideID, summary: "speed × \(area.factor)", edgeCount: count))
        }
        for e in 0..<graph.edgeCount where factor[e] != 1 { seconds[e] /= factor[e] }
        for closure in closures {
            guard let road = network.roadIndex(id: closure.roadID) else {
                applied.append(Applied(overrideID: closure.overrideID, summary: "closure of \(closure.roadID): no such road in the graph", edgeCount: 0))
                continue
            }
            let edges = network.edges(ofRoad: road)
            for e in edges { seconds[e] = .infinity }
            let name = network.roadNames[road].isEmpty ? closure.roadID : "\(network.roadNames[road]) (\(closure.roadID))"
            applied.append(Applied(overrideID: closure.overrideID, summary: "closure of \(name)", edgeCount: edges.count))
        }
        return (EdgeCosts(graph: graph, seconds: seconds), applied)
    }

    static func edge(_ e: Int, of graph: RoadGraph, touches area: Geometry, box: BoundingBox) -> Bool {
        let count = graph.vertexCount(ofEdge: e)
        var previous = graph.vertex(0, ofEdge: e)
        if box.contains(previous), PolygonContainment.contains(area, previous) { return true }
        for k in 1..<count {
            let c = graph.vertex(k, ofEdge: e)
            let mid = Coordinate(longitude: (c.longitude + previous.longitude) / 2, latitude: (c.latitude + previous.latitude) / 2)
            for p in [c, mid] where box.contains(p) && PolygonContainment.contains(area, p) { return true }
            previous = c
        }
        return false
    }
}

/// Point in polygon by ray casting on longitude/latitude (planar; fine at city scale). O(vertices).
enum PolygonContainment {
    static func contains(_ area: Geometry, _ p: Coordinate) -> Bool {
        switch area {
        case let .polygon(rings): return contains(rings: rings, p)
        case let .multiPolygon(polygons): return polygons.contains { contains(rings: $0, p) }
        default: return false
        }
    }

    /// Inside the exterior ring and outside every hole.
    static func contains(rings: [[Coordinate]], _ p: Coordinate) -> Bool {
        guard let exterior = rings.first, inside(exterior, p) else { return false }
        return !rings.dropFirst().contains { inside($0, p) }
    }

    static func inside(_ ring: [Coordinate], _ p: Coordinate) -> Bool {
        var result = false
        var j = ring.count - 1
        for i in ring.indices {
            let a = ring[i], b = ring[j]
            if (a.latitude > p.latitude) != (b.latitude > p.latitude) {
                let x = a.longitude + (p.latitude - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude)
                if p.longitude < x { result.toggle() }
            }
            j = i
        }
        return result
    }
}
