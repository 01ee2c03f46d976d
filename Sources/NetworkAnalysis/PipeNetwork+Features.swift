import SpatialCore

extension PipeNetwork {
    /// Builds one network from the store's features: `pipes` (links) and `pipe_nodes` whose `network`
    /// property equals `network`; other features are ignored. O(n).
    ///
    /// Mapping:
    /// - a `pipes` feature → a link (`from_node`, `to_node`: pipe_node ids; `status` open / closed / cv,
    ///   default open; `length_m`, default the Haversine length of its geometry); its `kind` (pipe, pump, valve) is kept;
    /// - a `pipe_nodes` feature with `on_pipe` and kind `valve` → an isolation valve on that pipe at `near_node`
    ///   (or at the nearer end when `near_node` is missing); with kind `hydrant` → a hydrant on that pipe;
    /// - any other `pipe_nodes` feature → a node; a node of kind `valve` (GIS data that splits pipes at valves)
    ///   is a valve on every link that meets there;
    /// - sources: `is_source` true, or kind reservoir, tank, source, regulator;
    /// - customers: the `customers` integer, else 1 for kind `customer`, else 0;
    /// - valve condition: `valve_state` open / closed (default open), `operability` works / seized / buried
    ///   (default works); other values are problems.
    ///
    /// - Throws: ``PipeNetworkError`` naming each feature and field at fault.
    public init(features: [Feature], network: String, skippingInvalid: Bool = false) throws(PipeNetworkError) {
        var problems = ProblemList()
        var nodes: [Node] = []
        var links: [LinkRecord] = []
        var valves: [ValveRecord] = []
        var hydrants: [Hydrant] = []
        for f in features where f.properties["network"]?.textValue == network {
            switch f.layer {
            case .pipes:
                let from = f.properties["from_node"]?.textValue, to = f.properties["to_node"]?.textValue
                guard let from, let to else {
                    problems.add("pipe '\(f.id)': missing \(from == nil ? "from_node" : "to_node")"); continue
                }
                let statusText = f.properties["status"]?.textValue.lowercased() ?? "open"
                guard let status = LinkStatus(rawValue: statusText) else {
                    problems.add("pipe '\(f.id)': status '\(statusText)' is not open, closed or cv"); continue
                }
                let length = f.properties["length_m"]?.doubleValue ?? Self.lengthMetres(f.geometry.coordinates)
                links.append(LinkRecord(id: f.id, kind: f.kind, fromNode: from, toNode: to, status: status, lengthMetres: length))
            case .pipeNodes:
                let point = f.geometry.representativePoint
                let onPipe = f.properties["on_pipe"]?.textValue
                var condition: ValveLayer.Condition?
                if f.kind == "valve" {
                    do throws(ValveLayer.ConditionError) { condition = try ValveLayer.Condition(properties: f.properties) } catch {
                        problems.add("valve '\(f.id)': \(error)"); continue
                    }
                }
                if let onPipe, f.kind == "hydrant" {
                    hydrants.append(Hydrant(id: f.id, pipe: onPipe, coordinate: point,
                                            operability: f.properties["operability"]?.textValue ?? "works"))
                } else if let onPipe, let condition {
                    valves.append(ValveRecord(id: f.id, pipe: onPipe, nearNode: f.properties["near_node"]?.textValue,
                                              condition: condition, coordinate: point))
                } else {
                    let customers = f.properties["customers"]?.doubleValue.map { Int($0) } ?? (f.kind == "customer" ? 1 : 0)
                    let isSource = f.properties["is_source"] == .bool(true) || Self.sourceKinds.contains(f.kind)
                    nodes.append(Node(id: f.id, kind: f.kind, isSource: isSource, customers: customers, coordinate: point,
                                      valve: condition))
                }
            default:
                continue
            }
        }
        if problems.count > 0, !skippingInvalid {
            throw .invalid(network: network, problems: problems.first, totalCount: problems.count)
        }
        let built: PipeNetwork
        do throws(PipeNetworkError) {
            built = try PipeNetwork(name: network, nodes: nodes, links: links, valves: valves, hydrants: hydrants,
                                    skippingInvalid: skippingInvalid)
        } catch let .invalid(name, more, total) where problems.count > 0 {
            throw .invalid(network: name, problems: Array((problems.first + more).prefix(ProblemList.kept)),
                           totalCount: total + problems.count)
        }
        self = built
        warnings = problems.all + built.warnings
    }

    /// Haversine length of a polyline in metres. O(n).
    static func lengthMetres(_ line: [Coordinate]) -> Double {
        zip(line, line.dropFirst()).reduce(0) { $0 + Haversine.distanceMetres($1.0, $1.1) }
    }
}
