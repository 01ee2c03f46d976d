import SpatialCore

/// Turns a position in a file's own units (a CRS's easting/northing, or local units) into
/// longitude/latitude. A PROJ transformer, a ``LocalPlacement``, or `{ Coordinate(longitude: $0, latitude: $1) }`
/// for files already in degrees.
public typealias PlanarTransform = (_ x: Double, _ y: Double) throws -> Coordinate

extension EPANETNetwork {
    /// The stable feature id of a node: `epanet:<network>:node/<ID>`.
    public static func nodeFeatureID(network: String, node: String) -> String { "epanet:\(network):node/\(node)" }
    /// The stable feature id of a link (pipe, pump or valve): `epanet:<network>:link/<ID>`.
    public static func linkFeatureID(network: String, link: String) -> String { "epanet:\(network):link/\(link)" }

    /// The network as `pipe_nodes` (junctions, reservoirs, tanks) and `pipes` (pipes, pumps, valves)
    /// features, every quantity in SI. O(n) in nodes, links and vertices.
    ///
    /// - Parameters:
    ///   - name: the network's name in feature ids, e.g. `Net3` → `epanet:Net3:node/10`.
    ///   - networkKind: the `network` property (`water`; EPANET also models other pressurised liquids).
    ///   - skippingNodesWithoutCoordinates: leave out nodes with no `[COORDINATES]` entry and every link
    ///     touching them, instead of failing; list them first with ``nodesWithoutCoordinates``.
    ///   - transform: file coordinates → longitude/latitude; every result is checked to be in range.
    /// - Throws: ``EPANETError/missingCoordinates(file:nodeIDs:totalCount:)`` and
    ///   ``EPANETError/transformFailed(file:element:x:y:reason:)``.
    public func features(network name: String, networkKind: String = "water",
                         skippingNodesWithoutCoordinates: Bool = false,
                         transform: PlanarTransform) throws(EPANETError) -> [Feature] {
        let missing = nodesWithoutCoordinates
        if !missing.isEmpty, !skippingNodesWithoutCoordinates {
            throw .missingCoordinates(file: fileName, nodeIDs: Array(missing.prefix(10)), totalCount: missing.count)
        }
        func place(_ p: Point, _ element: String) throws(EPANETError) -> Coordinate {
            let c: Coordinate
            do { c = try transform(p.x, p.y) } catch {
                throw .transformFailed(file: fileName, element: element, x: p.x, y: p.y, reason: "\(error)")
            }
            do { return try Coordinate.validated(longitude: c.longitude, latitude: c.latitude) } catch {
                throw .transformFailed(file: fileName, element: element, x: p.x, y: p.y,
                                       reason: "the transform gave \(error); is the coordinate system right?")
            }
        }

        var out: [Feature] = []
        out.reserveCapacity(junctions.count + reservoirs.count + tanks.count + pipes.count + pumps.count + valves.count)
        var placed: [String: Coordinate] = [:]
        let common: [String: PropertyValue] = ["network": .text(networkKind)]

        func addNode(_ id: String, kind: String, comment: String?, _ extra: [String: PropertyValue]) throws(EPANETError) {
            guard let p = coordinates[id] else { return }
            let c = try place(p, "node '\(id)'")
            placed[id] = c
            var props = common.merging(extra) { $1 }
            props["epanet_id"] = .text(id)
            if let comment { props["comment"] = .text(comment) }
            if let tag = nodeTags[id] { props["tag"] = .text(tag) }
            out.append(Feature(id: Self.nodeFeatureID(network: name, node: id), layer: .pipeNodes, kind: kind,
                               name: id, geometry: .point(c), properties: props))
        }
        for j in junctions {
            var props: [String: PropertyValue] = [
                "elevation_m": .real(j.elevationMetres), "base_demand_lps": .real(j.baseDemandLitresPerSecond),
                "is_source": .bool(false),
            ]
            if let pattern = j.patternID { props["pattern"] = .text(pattern) }
            if j.demands.count > 1 { props["demand_categories"] = .integer(Int64(j.demands.count)) }
            try addNode(j.id, kind: "junction", comment: j.comment, props)
        }
        for r in reservoirs {
            var props: [String: PropertyValue] = ["head_m": .real(r.headMetres), "is_source": .bool(true)]
            if let pattern = r.patternID { props["pattern"] = .text(pattern) }
            try addNode(r.id, kind: "reservoir", comment: r.comment, props)
        }
        for t in tanks {
            var props: [String: PropertyValue] = ["elevation_m": .real(t.elevationMetres), "is_source": .bool(true)]
            props["init_level_m"] = t.initialLevelMetres.map(PropertyValue.real)
            props["min_level_m"] = t.minimumLevelMetres.map(PropertyValue.real)
            props["max_level_m"] = t.maximumLevelMetres.map(PropertyValue.real)
            props["diameter_m"] = t.diameterMetres.map(PropertyValue.real)
            props["min_volume_m3"] = t.minimumVolumeCubicMetres.map(PropertyValue.real)
            props["volume_curve"] = t.volumeCurveID.map(PropertyValue.text)
            if t.isFixedLevel { props["head_m"] = .real(t.elevationMetres) }
            try addNode(t.id, kind: "tank", comment: t.comment, props)
        }

        func addLink(_ id: String, kind: String, from: String, to: String, comment: String?,
                     _ extra: [String: PropertyValue]) throws(EPANETError) {
            guard let a = placed[from], let b = placed[to] else { return }  // skipped node
            var line = [a]
            for (i, v) in (vertices[id] ?? []).enumerated() { line.append(try place(v, "vertex \(i + 1) of link '\(id)'")) }
            line.append(b)
            var props = common.merging(extra) { $1 }
            props["from_node"] = .text(Self.nodeFeatureID(network: name, node: from))
            props["to_node"] = .text(Self.nodeFeatureID(network: name, node: to))
            props["epanet_id"] = .text(id)
            if let comment { props["comment"] = .text(comment) }
            if let tag = linkTags[id] { props["tag"] = .text(tag) }
            out.append(Feature(id: Self.linkFeatureID(network: name, link: id), layer: .pipes, kind: kind,
                               name: id, geometry: .lineString(line), properties: props))
        }
        let formula = PropertyValue.text(options.headloss.rawValue)
        for p in pipes {
            try addLink(p.id, kind: "pipe", from: p.fromNode, to: p.toNode, comment: p.comment, [
                "length_m": .real(p.lengthMetres), "diameter_mm": .real(p.diameterMillimetres),
                "roughness": .real(p.roughness), "roughness_formula": formula,
                "minor_loss": .real(p.minorLossCoefficient), "status": .text(p.status.rawValue),
            ])
        }
        for p in pumps {
            var props: [String: PropertyValue] = ["status": .text(p.status.rawValue)]
            props["pump_curve"] = p.headCurveID.map(PropertyValue.text)
            props["power_kw"] = p.powerKilowatts.map(PropertyValue.real)
            props["speed"] = p.speed.map(PropertyValue.real)
            props["pattern"] = p.patternID.map(PropertyValue.text)
            try addLink(p.id, kind: "pump", from: p.fromNode, to: p.toNode, comment: p.comment, props)
        }
        for v in valves {
            var props: [String: PropertyValue] = [
                "valve_type": .text(v.type.rawValue), "diameter_mm": .real(v.diameterMillimetres),
                "minor_loss": .real(v.minorLossCoefficient), "status": .text(v.status.rawValue),
                "valve_state": .text(v.status == .closed ? "closed" : "open"),
            ]
            switch v.setting {
            case let .pressureMetres(m): props["setting_m"] = .real(m)
            case let .flowLitresPerSecond(q): props["setting_lps"] = .real(q)
            case let .coefficient(k): props["setting"] = .real(k)
            case let .headlossCurve(id): props["headloss_curve"] = .text(id)
            }
            try addLink(v.id, kind: "valve", from: v.fromNode, to: v.toNode, comment: v.comment, props)
        }
        return out
    }
}
