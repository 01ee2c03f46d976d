import Foundation
import SpatialCore

/// Where an import is, for a progress bar or a log line.
public struct OSMProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        /// Streaming the file: element counts grow.
        case reading
        /// Building geometries from the elements read.
        case assembling
        /// Done; `features` is final.
        case finished
    }

    public var phase: Phase
    public var nodes: Int
    public var ways: Int
    public var relations: Int
    public var features: Int
}

/// The features, tag counts and warnings read from one OpenStreetMap file.
///
/// See OSM.md beside this file for the tag → layer/kind table, default road speeds and ids.
public struct OSMImport: Sendable {
    /// Roads (lines), buildings (polygons; points for tagged nodes), facilities, hazards and
    /// components (points; areas by their centroid), in file order per element.
    public var features: [Feature]
    /// Tag counts keyed as in `shared/data/osm/*.stats.json` (`node`, `way_highway`,
    /// `amenity=fire_station`, `cjk_name` …); zero counts are absent.
    public var counts: [String: Int]
    /// Ways per `highway` value (the `highway` histogram of the stats files).
    public var highwayHistogram: [String: Int]
    /// Elements that matched a layer but could not become a feature (open or incomplete rings,
    /// ways without nodes in the file), by layer. Each is also described in ``warnings``.
    public var skippedByLayer: [Layer: Int]
    /// What was odd about the data, one sentence each, naming the element (`way/123`).
    public var warnings: [String]

    /// Reads a `.osm` (XML) or `.osm.pbf` file.
    ///
    /// Time O(elements + refs · log nodes); memory holds every node position (24 bytes) and every way's
    /// node ids (8 bytes each) until assembly, so relation members can be resolved in one pass.
    /// - Throws: ``OSMImportError`` naming the file: missing, not OSM, truncated or corrupt.
    public static func read(url: URL, progress: ((OSMProgress) -> Void)? = nil) throws(OSMImportError) -> OSMImport {
        let collector = OSMCollector(progress: progress)
        try OSMReader.read(url, into: collector)
        return collector.assemble()
    }
}

/// Collects what assembly needs while the file streams by: node positions, way node ids, and the
/// elements that match a layer.
private final class OSMCollector: OSMElementSink {
    private let progress: ((OSMProgress) -> Void)?
    private var statistics = OSMStatistics()
    private var nodes = OSMIDTable<Coordinate>()
    private var wayNodeIDs: [Int64] = []
    private var ways = OSMIDTable<Range<Int>>()
    private var candidates: [OSMCandidate] = []
    private var elementCount = 0
    private var nodesWithoutPosition = 0
    private let progressInterval = 100_000

    init(progress: ((OSMProgress) -> Void)?) { self.progress = progress }

    func node(_ node: OSMNodeRecord) {
        statistics.add(.node, tags: node.tags)
        guard node.hasPosition else { nodesWithoutPosition += 1; return tick() }
        nodes.append(node.id, node.coordinate)
        collect(.node, node.id, node.tags) { $0.coordinate = node.coordinate }
        tick()
    }

    func way(_ way: OSMWayRecord) {
        statistics.add(.way, tags: way.tags)
        ways.append(way.id, wayNodeIDs.count..<(wayNodeIDs.count + way.nodeIDs.count))
        wayNodeIDs += way.nodeIDs
        collect(.way, way.id, way.tags) { _ in }
        tick()
    }

    func relation(_ relation: OSMRelationRecord) {
        statistics.add(.relation, tags: relation.tags)
        collect(.relation, relation.id, relation.tags) { $0.members = relation.members }
        tick()
    }

    private func collect(_ type: OSMElementType, _ id: Int64, _ tags: OSMTags, _ fill: (inout OSMCandidate) -> Void) {
        let classes = OSMClassifier.classify(tags, type: type)
        guard !classes.isEmpty else { return }
        var candidate = OSMCandidate(type: type, id: id, tags: tags, classes: classes)
        fill(&candidate)
        candidates.append(candidate)
    }

    private func tick() {
        elementCount += 1
        if elementCount % progressInterval == 0 { report(.reading, features: 0) }
    }

    private func report(_ phase: OSMProgress.Phase, features: Int) {
        progress?(OSMProgress(phase: phase, nodes: statistics.counts["node"] ?? 0,
                              ways: statistics.counts["way"] ?? 0,
                              relations: statistics.counts["relation"] ?? 0, features: features))
    }

    /// Turns the candidates into features. O(candidates · refs · log nodes).
    func assemble() -> OSMImport {
        report(.assembling, features: 0)
        nodes.sortIfNeeded()
        ways.sortIfNeeded()
        var assembler = OSMFeatureAssembler(nodes: nodes, ways: ways, wayNodeIDs: wayNodeIDs)
        for candidate in candidates { assembler.add(candidate) }
        if nodesWithoutPosition > 0 {
            assembler.warnings.note("\(nodesWithoutPosition) nodes have no position and were ignored")
        }
        let result = OSMImport(features: assembler.features, counts: statistics.counts,
                               highwayHistogram: statistics.highwayHistogram,
                               skippedByLayer: assembler.skippedByLayer, warnings: assembler.finishWarnings())
        report(.finished, features: result.features.count)
        return result
    }
}
