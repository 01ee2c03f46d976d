import Foundation
import NetworkAnalysis
import SpatialCore

/// The answer to one break, resolved to ids, places, names and reasons; as text for the duty officer and
/// as GeoJSON for the map.
public struct IsolationReport {
    public struct Item: Sendable, Hashable {
        public var id: String
        public var coordinate: Coordinate?
        public var reason: String
    }

    public struct CriticalUser {
        public var feature: Feature
        /// The nearest pipe that loses supply, and how far it is (metres).
        public var nearestPipe: String
        public var distanceMetres: Double
    }

    public let network: String
    public let brokenPipe: String
    public let locatedBy: String
    public let valvesToClose: [Item]
    public let alreadyClosed: [Item]
    public let inoperable: [Item]
    public let closedPipesAtBoundary: [String]
    public let segmentNodeCount: Int
    public let segmentPipeCount: Int
    public let segmentPipeLengthMetres: Double
    public let extensionPipeCount: Int
    public let nodesIsolated: Int
    public let nodesCutOff: Int
    public let customersLosingSupply: Int
    public let hydrantsOutOfService: [Item]
    public let criticalUsers: [CriticalUser]
    public let criticalWithinMetres: Double
    public let caveats: [String]
    public let queryMicroseconds: Double
    /// The raw result, for callers that need the indices.
    public let result: PipeIsolation
    private let geoFeatures: [String]

    init(context c: NetworkIsolation, result r: PipeIsolation, locatedBy: String, critical: [CriticalUser],
         criticalWithinMetres: Double, queryMicroseconds: Double) {
        let net = c.isolator.network
        func item(_ a: PipeIsolation.ValveAction) -> Item {
            Item(id: a.valve.id, coordinate: a.valve.coordinate ?? c.features[a.valve.id]?.geometry.representativePoint, reason: a.reason)
        }
        network = c.network
        brokenPipe = net.links[r.brokenLink].id
        self.locatedBy = locatedBy
        valvesToClose = r.valvesToClose.map(item)
        alreadyClosed = r.alreadyClosed.map(item)
        inoperable = r.inoperable.map(item)
        closedPipesAtBoundary = r.closedLinksAtBoundary.map { net.links[$0].id }
        segmentNodeCount = r.segmentNodes.count
        segmentPipeCount = r.segmentLinks.count
        segmentPipeLengthMetres = r.segmentLinks.reduce(0) { $0 + net.links[$1].lengthMetres }
        extensionPipeCount = r.extensionLinkCount
        nodesIsolated = r.nodesLosingSupply.filter { $0.reason == .isolated }.count
        nodesCutOff = r.nodesLosingSupply.filter { $0.reason == .cutOff }.count
        customersLosingSupply = r.customersLosingSupply
        hydrantsOutOfService = r.hydrantsOutOfService.map {
            let h = net.hydrants[$0.hydrant]
            return Item(id: h.id, coordinate: h.coordinate, reason: $0.reason == .isolated
                        ? "on pipe '\(h.pipe)' inside the isolated segment" : "on pipe '\(h.pipe)', cut off from every source")
        }
        criticalUsers = critical
        self.criticalWithinMetres = criticalWithinMetres
        caveats = c.notes + r.caveats
        self.queryMicroseconds = queryMicroseconds
        result = r

        // GeoJSON: every element with its role and reason.
        var out: [String] = []
        func add(_ id: String, _ role: String, _ reason: String, fallback: Coordinate? = nil, extra: [(String, PropertyValue)] = []) {
            let props: [(String, PropertyValue)] = [("role", .text(role)), ("reason", .text(reason))] + extra
            if let f = c.features[id] {
                out.append(GeoJSON.string(f, extra: props))
            } else if let p = fallback {
                out.append(GeoJSON.string(Feature(id: id, layer: .pipeNodes, kind: "valve", geometry: .point(p)), extra: props))
            }
        }
        add(brokenPipe, "break", "the broken pipe (\(locatedBy))")
        let lost = Set(r.linksLosingSupply)
        for l in r.segmentLinks where l != r.brokenLink {
            add(net.links[l].id, "isolated_pipe", lost.contains(l) ? "inside the isolated segment" : "inside the isolated segment (had no supply before)")
        }
        let segment = Set(r.segmentLinks)
        for l in r.linksLosingSupply where !segment.contains(l) { add(net.links[l].id, "cut_off_pipe", "cut off from every source") }
        for (role, list) in [("valve_to_close", r.valvesToClose), ("already_closed_valve", r.alreadyClosed), ("inoperable_valve", r.inoperable)] {
            for a in list {
                add(a.valve.id, a.replaces == nil || role != "valve_to_close" ? role : "next_valve_out", a.reason, fallback: a.valve.coordinate,
                    extra: [("valve_state", .text(a.valve.condition.state.rawValue)), ("operability", .text(a.valve.condition.operability.rawValue))])
            }
        }
        for h in hydrantsOutOfService { add(h.id, "hydrant_out_of_service", h.reason) }
        for loss in r.nodesLosingSupply {
            let n = net.nodes[loss.node]
            add(n.id, "node_losing_supply", loss.reason == .isolated ? "inside the isolated segment" : "cut off: the segment was its only path to a source",
                extra: [("customers_affected", .integer(Int64(n.customers)))])
        }
        for u in critical {
            out.append(GeoJSON.string(u.feature, extra: [
                ("role", .text("critical_user")),
                ("reason", .text("within \(Int(criticalWithinMetres)) m of pipe '\(u.nearestPipe)' (\(Int(u.distanceMetres.rounded())) m), which loses supply")),
            ]))
        }
        geoFeatures = out
    }

    /// A FeatureCollection of the break, the isolated and cut-off pipes, the valves (by role), hydrants, nodes
    /// losing supply and critical users, each with `role` and `reason`.
    public func geojson() -> String { GeoJSON.collection(geoFeatures) }

    /// The readable list for the duty officer.
    public func text() -> String {
        func at(_ c: Coordinate?) -> String { c.map { String(format: "%.6f,%.6f", $0.longitude, $0.latitude) } ?? "location unknown" }
        var s = "Break on \(network) pipe \(brokenPipe) (\(locatedBy))\n"
        s += "\nValves to close (\(valvesToClose.count)):\n"
        for v in valvesToClose { s += "  \(v.id)  at \(at(v.coordinate))  — \(v.reason)\n" }
        if valvesToClose.isEmpty { s += "  none\n" }
        if !alreadyClosed.isEmpty {
            s += "Already closed, no action (\(alreadyClosed.count)):\n"
            for v in alreadyClosed { s += "  \(v.id)  at \(at(v.coordinate))  — \(v.reason)\n" }
        }
        if !inoperable.isEmpty {
            s += "Cannot be operated — the next valves out close instead (\(inoperable.count)):\n"
            for v in inoperable { s += "  \(v.id)  at \(at(v.coordinate))  — \(v.reason)\n" }
        }
        if !closedPipesAtBoundary.isEmpty { s += "Closed pipes on the boundary (no action): \(closedPipesAtBoundary.joined(separator: ", "))\n" }
        s += String(format: "\nIsolated segment: %d pipes (%.0f m), %d nodes", segmentPipeCount, segmentPipeLengthMetres, segmentNodeCount)
        s += extensionPipeCount > 0 ? " — \(extensionPipeCount) pipes added by valves that cannot be operated\n" : "\n"
        s += "Nodes losing supply: \(nodesIsolated + nodesCutOff) (\(nodesIsolated) in the segment, \(nodesCutOff) cut off downstream)\n"
        s += "Customers losing supply: \(customersLosingSupply)\n"
        s += "Hydrants out of service: \(hydrantsOutOfService.count)\n"
        for h in hydrantsOutOfService.prefix(10) { s += "  \(h.id)  at \(at(h.coordinate))  — \(h.reason)\n" }
        if hydrantsOutOfService.count > 10 { s += "  … \(hydrantsOutOfService.count - 10) more (see --geojson)\n" }
        s += "Critical users affected (\(NetworkIsolation.criticalKinds.sorted().joined(separator: ", ")) within \(Int(criticalWithinMetres)) m of a pipe losing supply): \(criticalUsers.count)\n"
        for u in criticalUsers {
            let name = u.feature.name ?? u.feature.id
            let en = u.feature.properties["name_en"].map { " (\($0.textValue))" } ?? ""
            s += "  \(u.feature.kind) \(name)\(en)  — \(Int(u.distanceMetres.rounded())) m from pipe \(u.nearestPipe)\n"
        }
        for c in caveats { s += "Note: \(c)\n" }
        s += String(format: "(isolation computed in %.0f µs)\n", queryMicroseconds)
        return s
    }
}

/// Valve segments of a whole network, worst first.
public struct SegmentReport {
    public struct Row {
        public var segment: ValveSegments.Segment
        /// Customers who lose supply when a pipe in this segment breaks (nil when the network has no source).
        public var customersLosingSupplyOnBreak: Int?
        public var examplePipe: String
    }

    public let network: String
    public let nodeCount: Int
    public let linkCount: Int
    public let valveCount: Int
    public let segmentCount: Int
    public let rows: [Row]
    public let notes: [String]
    public let partitionMicroseconds: Double
}
