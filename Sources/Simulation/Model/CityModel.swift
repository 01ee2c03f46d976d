import Engine
import Foundation
import Hazards
import NetworkAnalysis
import RuleEngine
import SpatialCore
import SpatialStore

/// Everything a replication reads and never changes, built once per scenario from the city store: units (type,
/// capabilities, station), the places calls happen at, travel-time tables between all places for each road state
/// (asked through ``PlaceTravelTimes``, the dispatcher's ``TravelTimeModel``), districts and their zone run orders,
/// the capability table, stock and the evacuations of scripted releases.
///
/// Travel model (the approximation, stated): calls happen at a fixed set of demand places — `demandPlaceCount`
/// road junctions drawn by street length (the population proxy), plus the features a stream names and every
/// scripted place — and each place sits where it snaps onto its road. One forward one-to-all search per
/// place and road state gives a place × place table (the road search never runs per call). A unit sent while
/// returning is routed from its last scene's place. Weather scales every drive by 1 / speed factor.
public final class CityModel: @unchecked Sendable {
    public struct Unit: Sendable {
        public let id: String
        public let name: String
        public let kind: String
        /// What the unit can do beyond its type (the units layer's `capabilities`), matched by ``DispatchNeed``.
        public let capabilities: Set<String>
        public let station: String
        /// The station's name (what reasons say: "from home station 演练消防站02").
        public let stationName: String
        /// Place index of the home station.
        public let home: Int
        public let turnoutSeconds: Double
    }
    public struct Place: Sendable {
        public let at: Coordinate
        public let node: Int
        public let districts: Set<String>
    }
    /// A road state: the closures in force from `from` (scenario seconds since 1970) until the next epoch.
    public struct Epoch: Sendable {
        public let from: Double
        public let closedRoads: [String]
        /// place × place seconds, row = from; `.infinity` when unreachable.
        let seconds: [Float]
    }

    public let scenario: Scenario
    public let library: PlanLibrary
    public let units: [Unit]
    public let places: [Place]
    public let epochs: [Epoch]
    /// Stream index → (place indices, weights).
    public let streamPlaces: [[Int]]
    /// Inject index → place index; sensor index → place index.
    public let injectPlaces: [Int]
    public let sensorPlaces: [Int]
    /// Where each inject and sensor really is (plans and hazard models use it; units drive to its place).
    public let injectSites: [Place]
    public let sensorSites: [Place]
    /// What the model had to change to run (a scripted place no station reaches by road …).
    public let notes: [String]
    /// Population demand places (for coverage), equally weighted.
    public let demandPlaces: [Int]
    /// Unit index → intervals when out of service (station closed, lent).
    public let outOfService: [[(from: Double, to: Double)]]
    /// Warehouse stock at the start, item code → quantity (all warehouses pooled), and item names/units.
    public let stock: [String: Double]
    public let stockNames: [String: String]
    /// Inject index → evacuation figures of its release (people to move, shelter places, unplaced, slowest shelter s).
    public let evacuations: [Int: Evacuation]
    public let roadBasis: String
    /// Place index by its coordinate (how ``PlaceTravelTimes`` finds the places ``DispatchCore`` names).
    public let placeByCoordinate: [Coordinate: Int]
    /// Capabilities a unit type must have by incident type (Plans/dispatch_capabilities.csv); empty when none.
    public let capabilities: CapabilityRequirements
    /// Place index → the zone run order of its district (Plans/run_orders.csv), nil when none.
    public let runOrders: [ZoneRunOrder?]
    public let buildMilliseconds: Double
    let spatial: PlanSpatialFacts

    public struct Evacuation: Sendable, Codable {
        public let model: String
        public let peopleToMove: Int
        public let shelterPlaces: Int
        public let unplaced: Int
        public let slowestShelterSeconds: Double
        public let sheltersUsed: Int
    }

    public static let demandPlaceCount = 300

    /// Builds the model; `progress` is told what is being built. `capabilities` and `runOrders` are the plans
    /// folder's dispatch tables (the duty officer's), none when nil.
    public init(scenario: Scenario, store: CityStore, library: PlanLibrary, turnout: TurnoutTimes = .nfpa1710,
                capabilities: CapabilityRequirements? = nil, runOrders: ZoneRunOrders? = nil,
                progress: (String) -> Void = { _ in }) throws {
        let clock = ContinuousClock.now
        self.scenario = scenario
        self.library = library
        self.capabilities = capabilities ?? CapabilityRequirements(rows: [])
        spatial = PlanSpatialFacts(store: store)
        progress("loading roads")
        let roads = try RoadService(store: store)
        roadBasis = roads.basis
        let graph = roads.network.graph

        // Places: stations first, then demand junctions, then stream layers, injects and sensors.
        var coords: [Coordinate] = [], positions: [RoadPosition] = [], placeIndex: [String: Int] = [:]
        func addPlace(_ c: Coordinate, key: String) throws -> Int? {
            if let i = placeIndex[key] { return i }
            guard let p = try? roads.snap(c, key) else { return nil }
            coords.append(c)
            positions.append(p)
            placeIndex[key] = coords.count - 1
            return coords.count - 1
        }
        var unitList: [Unit] = []
        for u in try store.units().sorted(by: { $0.id < $1.id }) {
            let station = try store.feature(id: u.homeFacility)
            guard let h = try addPlace(station?.geometry.representativePoint ?? u.position, key: "station:" + u.homeFacility) else { continue }
            unitList.append(Unit(id: u.id, name: u.name, kind: u.kind, capabilities: Set(u.capabilities), station: u.homeFacility,
                                 stationName: station?.name ?? u.homeFacility, home: h, turnoutSeconds: turnout.seconds(u.kind)))
        }
        units = unitList

        var random = RandomStream(seed: 0x5EED_C17E)
        let weights = (0..<graph.nodeCount).map { n in graph.outgoingEdges(of: n).reduce(0.0) { $0 + graph.edgeLengthMetres[$1] } }
        var demand: [Int] = []
        if let choice = WeightedChoice(weights: weights) {
            var seen: Set<Int> = []
            var tries = 0
            while demand.count < Self.demandPlaceCount, tries < Self.demandPlaceCount * 20 {
                tries += 1
                let n = choice.draw(&random)
                guard seen.insert(n).inserted, let i = try addPlace(graph.nodeCoordinates[n], key: "node:\(n)") else { continue }
                demand.append(i)
            }
        }
        var streamPlaces: [[Int]] = []
        for s in scenario.streams {
            switch s.spatial {
            case .population: streamPlaces.append(demand)
            case let .layer(name, kind):
                guard let layer = Layer(name: name) else { streamPlaces.append(demand); continue }
                var features = try store.features(in: layer, kinds: kind.map { [$0] }).sorted { $0.id < $1.id }
                if features.count > Self.demandPlaceCount {   // a fixed sample keeps the table small
                    var r = RandomStream(seed: 0xFEA7)
                    features = (0..<Self.demandPlaceCount).map { _ in features[r.index(features.count)] }
                }
                streamPlaces.append(try features.compactMap { f in try f.geometry.representativePoint.flatMap { try addPlace($0, key: "feature:" + f.id) } })
            }
        }
        func resolve(_ p: ScenarioPlace) throws -> Coordinate {
            switch p {
            case let .coordinate(c): return c
            case let .feature(id):
                guard let c = try store.feature(id: id)?.geometry.representativePoint else { throw ScenarioFileError("\(scenario.file): no feature '\(id)' in the store") }
                return c
            }
        }
        let injectSnapped = try scenario.injects.map { i in
            guard let p = try addPlace(try resolve(i.place), key: "place:\(i.place)") else { throw ScenarioFileError("\(scenario.file): inject at \(i.place) is not near a road") }
            return p
        }
        let sensorSnapped = try scenario.sensors.map { s in
            guard let p = try addPlace(try resolve(s.place), key: "place:\(s.place)") else { throw ScenarioFileError("\(scenario.file): sensor at \(s.place) is not near a road") }
            return p
        }
        let nodes = positions.map { $0.fraction < 0.5 ? Int(graph.edgeSources[$0.edge]) : Int(graph.edgeTargets[$0.edge]) }
        let facts = spatial
        places = (0..<coords.count).map { i in Place(at: coords[i], node: nodes[i], districts: facts.districts(at: coords[i])) }
        var byCoordinate: [Coordinate: Int] = [:]
        for (i, c) in coords.enumerated() where byCoordinate[c] == nil { byCoordinate[c] = i }
        placeByCoordinate = byCoordinate
        let orders = runOrders
        self.runOrders = places.map { p in orders?.order(forAnyOf: p.districts) }

        // Road states: one table per distinct set of closures in force.
        var cuts = Set([scenario.start])
        for c in scenario.closures { cuts.insert(c.from); cuts.insert(c.to) }
        var epochs: [Epoch] = []
        var tables: [[String]: [Float]] = [:]
        for t in cuts.sorted() where t < scenario.end {
            let closed = scenario.closures.filter { $0.from <= t && t < $0.to }.map(\.road).sorted()
            if epochs.last?.closedRoads == closed { continue }
            if tables[closed] == nil {
                progress("travel table: \(coords.count) places" + (closed.isEmpty ? "" : ", \(closed.count) roads closed"))
                tables[closed] = Self.table(roads: roads, positions: positions, closed: closed)
            }
            epochs.append(Epoch(from: t, closedRoads: closed, seconds: tables[closed]!))
        }
        self.epochs = epochs
        // Demand places no station reaches are dropped (islands of the road graph).
        let base = epochs[0].seconds, n = coords.count
        let homes = Set(unitList.map(\.home))
        let reachable = { (p: Int) in homes.contains { base[$0 * n + p].isFinite } }
        demandPlaces = demand.filter(reachable)
        self.streamPlaces = streamPlaces.map { $0.filter(reachable) }
        // A scripted place no station reaches (a one-way trap, an island) is served at the nearest reachable demand junction.
        var notes: [String] = []
        let fallback = { [demandPlaces] (p: Int, what: String) -> Int in
            guard !reachable(p), let near = demandPlaces.min(by: { Haversine.distanceMetres(coords[$0], coords[p]) < Haversine.distanceMetres(coords[$1], coords[p]) }) else { return p }
            notes.append("\(what) at \(coords[p]): no station reaches it by road (one-way streets or an island); units are sent to the nearest reachable junction, \(Int(Haversine.distanceMetres(coords[near], coords[p]))) m away")
            return near
        }
        let built = places
        injectSites = injectSnapped.map { built[$0] }
        sensorSites = sensorSnapped.map { built[$0] }
        injectPlaces = injectSnapped.enumerated().map { fallback($0.element, "inject \($0.offset + 1) (\(scenario.injects[$0.offset].type))") }
        sensorPlaces = sensorSnapped.enumerated().map { fallback($0.element, "sensor \($0.offset + 1)") }
        self.notes = notes

        outOfService = unitList.map { u in
            scenario.roster.compactMap { r in
                switch r.what {
                case let .stationClosed(id): id == u.station ? (r.from, r.to) : nil
                case let .unitsLent(ids): ids.contains(u.id) || ids.contains(u.name) ? (r.from, r.to) : nil
                }
            }
        }
        var stock: [String: Double] = [:], names: [String: String] = [:]
        for s in try store.stockLevels() {
            stock[s.itemCode, default: 0] += s.quantity
            names[s.itemCode] = "\(s.itemName) (\(s.unit))"
        }
        self.stock = stock
        stockNames = names

        var evacuations: [Int: Evacuation] = [:]
        for (i, inject) in scenario.injects.enumerated() {
            guard let r = inject.release else { continue }
            progress("hazard model for inject \(i + 1)")
            evacuations[i] = try Self.evacuation(r, at: coords[injectPlaces[i]], sourceID: { if case let .feature(id) = inject.place { id } else { nil } }(),
                                                 store: store, roads: roads)
        }
        self.evacuations = evacuations
        buildMilliseconds = Double((ContinuousClock.now - clock).components.attoseconds) / 1e15 + Double((ContinuousClock.now - clock).components.seconds) * 1000
    }

    /// One forward search per place on the road costs with `closed` roads shut. O(places × (V + E) log V).
    static func table(roads: RoadService, positions: [RoadPosition], closed: [String]) -> [Float] {
        var edits = EdgeOverrides()
        for o in roads.overrides {
            switch o.kind {
            case let .closure(roadID): edits.closures.append(.init(overrideID: o.id, roadID: roadID))
            case let .speedFactor(area, factor): edits.speedAreas.append(.init(overrideID: o.id, area: area, factor: factor))
            }
        }
        for (k, r) in closed.enumerated() { edits.closures.append(.init(overrideID: -1 - k, roadID: r)) }
        let costs = edits.costs(on: roads.network).costs
        var router = RoadRouter(network: roads.network, costs: costs)
        let graph = roads.network.graph, twin = roads.network.edgeTwin
        let n = positions.count
        var out = [Float](repeating: .infinity, count: n * n)
        for p in 0..<n {
            let seconds = router.travelSeconds(from: [positions[p]])
            for q in 0..<n where q != p {
                // Arrive along the place's edge from its start, or along its twin from the other end.
                let e = positions[q].edge, f = positions[q].fraction
                var best = seconds[Int(graph.edgeSources[e])] + f * costs.forwardSeconds[e]
                let t = Int(twin[e])
                if t >= 0 { best = min(best, seconds[Int(graph.edgeSources[t])] + (1 - f) * costs.forwardSeconds[t]) }
                out[p * n + q] = Float(best)
            }
            out[p * n + p] = 0
        }
        return out
    }

    static func evacuation(_ r: Inject.Release, at origin: Coordinate, sourceID: String?, store: CityStore, roads: RoadService) throws -> Evacuation {
        let substance = try SubstanceTable.lookup(r.substance)
        let release = PlumeRelease(source: origin, substance: substance, rate: ReleaseRate(kilogramsPerSecond: r.rateKilogramsPerSecond))
        let weather = PlumeWeather(windFromDegrees: r.windFromDegrees, windSpeedMetresPerSecond: r.windMetresPerSecond,
                                   stability: r.stability.flatMap { StabilityClass(rawValue: $0) })
        let outcome = try HazardAssessment.run(.plume(release, weather))
        let report = try ImpactAssessment().assess(zones: outcome.zones, source: outcome.model, origin: origin, sourceFeatureID: sourceID,
                                                   in: store, roads: roads)
        let e = report.evacuation
        let used = e?.shelters.filter { $0.assigned > 0 } ?? []
        return Evacuation(model: outcome.model, peopleToMove: e?.peopleToMove ?? 0, shelterPlaces: e?.shelters.reduce(0) { $0 + max(0, $1.capacity - $1.alreadyOccupied) } ?? 0,
                          unplaced: e?.unplaced ?? 0, slowestShelterSeconds: used.map(\.travelSeconds).filter(\.isFinite).max() ?? 0,
                          sheltersUsed: used.count)
    }

    /// The road state in force at `t`.
    func epoch(at t: Double) -> Int {
        var i = 0
        while i + 1 < epochs.count, epochs[i + 1].from <= t { i += 1 }
        return i
    }

    /// Drive seconds from place `a` to place `b` in road state `epoch`.
    func drive(_ epoch: Int, _ a: Int, _ b: Int) -> Double { Double(epochs[epoch].seconds[a * places.count + b]) }

    /// Speed factor and call factor of the weather at `t`.
    func weather(at t: Double) -> (speed: Double, calls: Double) {
        for w in scenario.weather where w.from <= t && t < w.to { return (w.speedFactor, w.callFactor) }
        return (1, 1)
    }

    func isOutOfService(_ unit: Int, at t: Double) -> Bool { outOfService[unit].contains { $0.from <= t && t < $0.to } }
}
