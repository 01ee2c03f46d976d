import SpatialCore

/// An element that matched at least one layer, kept until the whole file is read.
struct OSMCandidate {
    var type: OSMElementType
    var id: Int64
    var tags: OSMTags
    var classes: [(layer: Layer, kind: String)]
    /// The position of a node.
    var coordinate: Coordinate? = nil
    /// The members of a relation.
    var members: [OSMMember] = []
}

/// Warnings, with per-element sentences capped so that a clipped extract cannot flood a log.
struct OSMWarnings {
    private var lines: [String] = []
    private var elementLines = 0
    private var unreported = 0
    /// Per-element warnings kept in full; the rest are counted in one closing line.
    let elementLimit = 100

    /// A warning about the file as a whole: always kept.
    mutating func note(_ line: String) { lines.append(line) }

    /// A warning about one element: kept while under ``elementLimit``.
    mutating func element(_ line: String) {
        if elementLines < elementLimit {
            lines.append(line)
            elementLines += 1
        } else {
            unreported += 1
        }
    }

    func finish() -> [String] {
        unreported == 0 ? lines : lines + ["… and \(unreported) more element warnings like those above"]
    }
}

/// The geometry facts of one element, resolved once for all the layers it feeds.
private struct OSMShape {
    /// A node's position.
    var point: Coordinate?
    /// A way's consecutive nodes present in the file (one run unless nodes are missing).
    var runs: [[Coordinate]] = []
    /// The area of a closed way or an assembled multipolygon, with its largest outer ring.
    var area: (geometry: Geometry, largestOuter: [Coordinate], squareMetres: Double)?
    /// Why there is no area, for a warning.
    var noAreaReason = "is a point"
    /// Every position known for the element, for a representative point without an area.
    var allPoints: [Coordinate] = []
    var missingNodes = 0
}

/// Builds features from candidates: geometry per layer, ids, names and properties.
struct OSMFeatureAssembler {
    let nodes: OSMIDTable<Coordinate>
    let ways: OSMIDTable<Range<Int>>
    let wayNodeIDs: [Int64]

    private(set) var features: [Feature] = []
    private(set) var skippedByLayer: [Layer: Int] = [:]
    var warnings = OSMWarnings()
    private var partialWays = 0
    private var firstPartialWay: String?

    init(nodes: OSMIDTable<Coordinate>, ways: OSMIDTable<Range<Int>>, wayNodeIDs: [Int64]) {
        self.nodes = nodes
        self.ways = ways
        self.wayNodeIDs = wayNodeIDs
    }

    /// Adds the features of one candidate, or warnings for those that cannot be built.
    mutating func add(_ candidate: OSMCandidate) {
        let shape = shape(of: candidate)
        let elementID = "\(candidate.type.rawValue)/\(candidate.id)"
        var madeAny = false
        for (layer, kind) in candidate.classes {
            let geometries = geometries(for: layer, shape)
            guard !geometries.isEmpty else {
                skippedByLayer[layer, default: 0] += 1
                warnings.element("\(elementID) (\(layer) \(kind)) \(skipReason(for: layer, shape)); skipped")
                continue
            }
            let id = "osm:\(elementID)" + (madeAny ? OSMClassifier.idSuffix(layer) : "")
            madeAny = true
            let properties = OSMFeatureProperties.make(layer: layer, kind: kind, type: candidate.type,
                                                       id: candidate.id, tags: candidate.tags,
                                                       areaSquareMetres: shape.area?.squareMetres)
            // A road clipped into pieces becomes one line feature per piece: `#part2`, `#part3` …
            for (part, geometry) in geometries.enumerated() {
                features.append(Feature(id: id + (part == 0 ? "" : "#part\(part + 1)"), layer: layer, kind: kind,
                                        name: OSMFeatureProperties.name(candidate.tags), geometry: geometry,
                                        properties: properties))
            }
        }
        if madeAny, shape.missingNodes > 0, candidate.type == .way {
            partialWays += 1
            if firstPartialWay == nil { firstPartialWay = elementID }
        }
    }

    /// The warnings, with one line for all the ways that were built from the nodes present.
    func finishWarnings() -> [String] {
        var result = warnings
        if let firstPartialWay {
            result.note("\(partialWays) ways reference nodes missing from the file (a clipped extract?), e.g. "
                + "\(firstPartialWay); their features use the nodes present")
        }
        return result.finish()
    }

    /// The geometries of a layer's feature: one line per run of present nodes for roads (the routing
    /// graph and the store's LINESTRING column want simple lines), else at most one.
    private func geometries(for layer: Layer, _ shape: OSMShape) -> [Geometry] {
        switch layer {
        case .roads:
            return shape.runs.filter { $0.count >= 2 }.map { .lineString($0) }
        case .buildings:
            if let point = shape.point { return [.point(point)] }
            return shape.area.map { [$0.geometry] } ?? []
        default:
            if let point = shape.point { return [.point(point)] }
            if let area = shape.area { return OSMPolygon.centroid(area.largestOuter).map { [.point($0)] } ?? [] }
            return OSMPolygon.vertexAverage(shape.allPoints).map { [.point($0)] } ?? []
        }
    }

    private func skipReason(for layer: Layer, _ shape: OSMShape) -> String {
        switch layer {
        case .roads: "has fewer than two consecutive nodes in the file"
        case .buildings: shape.noAreaReason
        default: "has no nodes in the file"
        }
    }

    // MARK: - Resolving ids to positions

    private func nodeIDs(ofWay id: Int64) -> ArraySlice<Int64>? {
        ways[id].map { wayNodeIDs[$0] }
    }

    private func shape(of candidate: OSMCandidate) -> OSMShape {
        var shape = OSMShape()
        switch candidate.type {
        case .node:
            shape.point = candidate.coordinate
        case .way:
            let ids = nodeIDs(ofWay: candidate.id) ?? []
            var run: [Coordinate] = []
            for id in ids {
                if let c = nodes[id] {
                    run.append(c)
                    shape.allPoints.append(c)
                } else {
                    shape.missingNodes += 1
                    if !run.isEmpty { shape.runs.append(run); run = [] }
                }
            }
            if !run.isEmpty { shape.runs.append(run) }
            if ids.count < 4 || ids.first != ids.last {
                shape.noAreaReason = "is not a closed ring"
            } else if shape.missingNodes > 0 {
                shape.noAreaReason = "references \(shape.missingNodes) node(s) missing from the file"
            } else {
                let ring = shape.allPoints
                shape.area = (.polygon([ring]), ring, OSMPolygon.areaSquareMetres(ring))
            }
        case .relation:
            assembleArea(candidate.members, into: &shape)
        }
        return shape
    }

    /// Assembles a relation's outer and inner member ways into polygons (role `outer` or empty is
    /// outer, `inner` is inner); records why not when a member is missing or a ring does not close.
    private func assembleArea(_ members: [OSMMember], into shape: inout OSMShape) {
        var outerIDs: [[Int64]] = [], innerIDs: [[Int64]] = []
        var missingWays: [Int64] = []
        for member in members {
            switch member.type {
            case .node:
                if let c = nodes[member.id] { shape.allPoints.append(c) }
            case .way:
                guard let ids = nodeIDs(ofWay: member.id) else {
                    if member.role != "inner" { missingWays.append(member.id) }
                    continue
                }
                shape.allPoints += ids.compactMap { nodes[$0] }
                switch member.role {
                case "outer", "": outerIDs.append(Array(ids))
                case "inner": innerIDs.append(Array(ids))
                default: break
                }
            case .relation:
                break
            }
        }
        if let missing = missingWays.first {
            shape.noAreaReason = "has \(missingWays.count) member ways missing from the file (way/\(missing) …)"
            return
        }
        guard !outerIDs.isEmpty else { shape.noAreaReason = "has no outer member ways"; return }
        guard let outerRings = OSMPolygon.assembleRings(outerIDs) else {
            shape.noAreaReason = "has outer ways that do not close into rings"
            return
        }
        guard let innerRings = OSMPolygon.assembleRings(innerIDs) else {
            shape.noAreaReason = "has inner ways that do not close into rings"
            return
        }
        let resolve = { (ring: [Int64]) -> [Coordinate]? in
            let coordinates = ring.compactMap { nodes[$0] }
            return coordinates.count == ring.count ? coordinates : nil
        }
        let outers = outerRings.compactMap(resolve), inners = innerRings.compactMap(resolve)
        guard outers.count == outerRings.count, inners.count == innerRings.count,
              let geometry = OSMPolygon.geometry(outers: outers, inners: inners)
        else {
            shape.noAreaReason = "has ring nodes missing from the file"
            return
        }
        let outerAreas = outers.map(OSMPolygon.areaSquareMetres)
        let largest = outerAreas.indices.max { outerAreas[$0] < outerAreas[$1] } ?? 0
        let squareMetres = outerAreas.reduce(0, +) - inners.map(OSMPolygon.areaSquareMetres).reduce(0, +)
        shape.area = (geometry, outers[largest], max(0, squareMetres))
    }
}
