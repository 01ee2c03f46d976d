import Engine
import Foundation
import RuleEngine
import SpatialStore

/// A figure across replications: the mean and the half-width of its 95 % confidence interval (Student t).
public struct Estimate: Codable, Sendable, Hashable {
    public var mean: Double
    public var ci95: Double?
    public var n: Int
    init?(_ values: [Double]) {
        guard let m = SampleStatistics.meanWithCI95(values) else { return nil }
        mean = (m.mean * 10_000).rounded() / 10_000
        ci95 = m.halfWidth.map { ($0 * 10_000).rounded() / 10_000 }
        n = values.count
    }
}

/// The whole result of `beacon simulate`: the scenario, the model's basis, and per policy the summary across
/// replications plus every replication. Encoded with sorted keys and no timings: the same seed gives the same bytes.
public struct SimulationResult: Codable, Sendable {
    public struct ModelInfo: Codable, Sendable {
        public var units: Int
        public var places: Int
        public var demandPlaces: Int
        public var roadStates: Int
        public var roadBasis: String
        public var approximations: [String]
        /// What the model changed to run (unreachable scripted places …).
        public var notes: [String]
    }
    public struct Summary: Codable, Sendable {
        public struct Stream: Codable, Sendable { public var name: String; public var calls: Estimate?; public var meanResponseSeconds: Estimate?; public var p90ResponseSeconds: Estimate? }
        public struct Standard: Codable, Sendable {
            public var name: String; public var targetSeconds: Double; public var requiredShare: Double; public var source: String
            public var p90Seconds: Estimate?; public var compliance: Estimate?
        }
        public struct Coverage: Codable, Sendable { public var name: String; public var hoursPerPoint: Int; public var meanShares: [Double]; public var mean: Estimate?; public var minimum: Estimate? }
        public var streams: [Stream]
        public var standards: [Standard]
        public var utilisation: [String: Estimate]
        public var coverage: [Coverage]
        /// Unit type → mean units per replication that had to wait / were never sent.
        public var waited: [String: Estimate]
        public var neverSent: [String: Estimate]
        /// Item → mean shortfall per replication.
        public var stockShortfall: [String: Estimate]
        public var deadlinesMissed: Estimate?
        public var deadlineTasks: Estimate?
        public var events: Estimate?
    }
    public struct PolicyResult: Codable, Sendable {
        public var policy: String
        public var summary: Summary
        public var replications: [ReplicationResult]
    }
    public var schema = "beacon-simulation-result/1"
    public var scenario: String
    public var title: String
    public var period: [String]
    public var plans: [String]
    public var seed: UInt64
    public var runs: Int
    public var model: ModelInfo
    public var policies: [PolicyResult]

    /// Pretty JSON with sorted keys.
    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }
}

/// Runs a scenario: replications × policies over one city model.
public struct ScenarioRunner {
    public let model: CityModel

    public init(model: CityModel) { self.model = model }

    /// Loads the scenario (checked against the store and plans), the store and the model.
    public static func load(scenario url: URL, storePath: String?, plansDirectory: URL,
                            progress: (String) -> Void = { _ in }) throws -> (Scenario, CityModel, CityStore) {
        let library = try PlanLibrary.load(directory: plansDirectory)
        let text = try String(contentsOf: url, encoding: .utf8)
        // The store named in the file, unless the caller names one; read first without references to learn it.
        let path: String
        if let storePath { path = storePath } else {
            let bare = try? ScenarioReader.read(file: url.relativePath, text: text, references: nil)
            guard let bare else { _ = try ScenarioReader.read(file: url.relativePath, text: text, references: nil); throw ScenarioFileError("unreachable") }
            path = bare.store
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ScenarioFileError("\(url.path): the city store \(path) does not exist (run `make demo` to build the default city, or pass --store)")
        }
        let store = try CityStore.open(at: path, readOnly: true)
        let catalog = try ScenarioCatalog(store: store, library: library)
        var scenario = try ScenarioReader.read(file: url.relativePath, text: text, references: catalog)
        scenario.store = path
        let (capabilities, runOrders) = try dispatchTables(plansDirectory: plansDirectory)
        let model = try CityModel(scenario: scenario, store: store, library: library, capabilities: capabilities, runOrders: runOrders,
                                  progress: progress)
        return (scenario, model, store)
    }

    /// The duty officer's dispatch tables from the plans folder: dispatch_capabilities.csv and run_orders.csv,
    /// each nil when the folder has none (errors name the file and line).
    public static func dispatchTables(plansDirectory: URL) throws -> (CapabilityRequirements?, ZoneRunOrders?) {
        func load<T>(_ name: String, _ read: (URL) throws -> T) throws -> T? {
            let url = plansDirectory.appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: url.path) ? try read(url) : nil
        }
        return (try load("dispatch_capabilities.csv", CapabilityRequirements.load), try load("run_orders.csv", ZoneRunOrders.load))
    }

    /// `runs` replications per policy; `progress(done, total, fraction within the current run)`.
    public func run(runs: Int, seed: UInt64, policies: [DispatchPolicy],
                    progress: @escaping (Int, Int, Double) -> Void = { _, _, _ in }) throws -> SimulationResult {
        let s = model.scenario
        var out: [SimulationResult.PolicyResult] = []
        let total = runs * policies.count
        var done = 0
        for policy in policies {
            var reps: [ReplicationResult] = []
            for r in 0..<runs {
                let d = done
                let rep = Replication(model: model, policy: policy, index: r, seed: seed) { progress(d, total, $0) }
                reps.append(try rep.run())
                done += 1
            }
            out.append(.init(policy: policy.name, summary: Self.summarise(reps), replications: reps))
        }
        progress(total, total, 1)
        return SimulationResult(
            scenario: s.id, title: s.title, period: [IncidentOpening.iso(s.start), IncidentOpening.iso(s.end)], plans: s.plans,
            seed: seed, runs: runs,
            model: .init(units: model.units.count, places: model.places.count, demandPlaces: model.demandPlaces.count,
                         roadStates: model.epochs.count, roadBasis: model.roadBasis, approximations: Self.approximations, notes: model.notes),
            policies: out)
    }

    public static let approximations = [
        "Calls happen at \(CityModel.demandPlaceCount) demand junctions drawn by street length (the population proxy), at the features a stream names, or at scripted places; each place is where it snaps onto its road.",
        "Units are picked by Engine's DispatchCore, the duty officer's dispatcher (needs by type and capability from Plans/dispatch_capabilities.csv, zone run orders for the run-order policy, one min-cost plan for calls at the same instant); its travel-time model is the place table below.",
        "Drive times come from one one-to-all road search per place and road state (closures in force), scaled by 1 / the weather's speed factor; no search runs per call.",
        "A unit sent while returning is routed from its last scene (as a fresh AVL fix) and has no turnout; a unit at its station adds NFPA 1710 turnout (60 s EMS, 80 s fire) and counts as in quarters (its station's run-order position applies).",
        "A need no free unit can fill waits first-in first-out; a freed unit goes to the oldest waiting need it fits, through DispatchCore.",
        "Background calls of one type at one place and hour share one plan evaluation (plans in force, else the run card, else the stream's units).",
        "Evacuation finishes after the slowest shelter's drive plus the people at \(Int(Replication.evacuationPeoplePerHour)) per hour; other tasks are done one mean call-processing time after they fire.",
    ]

    static func summarise(_ reps: [ReplicationResult]) -> SimulationResult.Summary {
        let first = reps[0]
        let streams = first.streams.indices.map { k in
            SimulationResult.Summary.Stream(name: first.streams[k].name, calls: Estimate(reps.map { Double($0.streams[k].calls) }),
                                            meanResponseSeconds: Estimate(reps.compactMap { $0.streams[k].meanResponseSeconds }),
                                            p90ResponseSeconds: Estimate(reps.compactMap { $0.streams[k].p90ResponseSeconds }))
        }
        let standards = first.standards.indices.map { k in
            SimulationResult.Summary.Standard(name: first.standards[k].name, targetSeconds: first.standards[k].targetSeconds,
                                              requiredShare: first.standards[k].requiredShare, source: first.standards[k].source,
                                              p90Seconds: Estimate(reps.compactMap { $0.standards[k].p90Seconds }),
                                              compliance: Estimate(reps.compactMap { $0.standards[k].compliance }))
        }
        let kinds = Set(reps.flatMap { $0.utilisation.keys })
        var utilisation: [String: Estimate] = [:]
        for k in kinds { utilisation[k] = Estimate(reps.map { $0.utilisation[k] ?? 0 }) }
        let coverage = first.coverage.indices.map { k in
            let n = reps.map { $0.coverage[k].shares.count }.min() ?? 0
            let shares = (0..<n).map { p in ((reps.reduce(0) { $0 + $1.coverage[k].shares[p] } / Double(reps.count)) * 10_000).rounded() / 10_000 }
            return SimulationResult.Summary.Coverage(name: first.coverage[k].name, hoursPerPoint: first.coverage[k].hoursPerPoint, meanShares: shares,
                                                     mean: Estimate(reps.map { $0.coverage[k].mean }), minimum: Estimate(reps.map { $0.coverage[k].minimum }))
        }
        var waited: [String: Estimate] = [:], never: [String: Estimate] = [:]
        for k in Set(reps.flatMap { $0.unmet.map(\.unitKind) }) {
            waited[k] = Estimate(reps.map { r in Double(r.unmet.first { $0.unitKind == k }?.waited ?? 0) })
            never[k] = Estimate(reps.map { r in Double(r.unmet.first { $0.unitKind == k }?.neverSent ?? 0) })
        }
        var shortfall: [String: Estimate] = [:]
        for item in Set(reps.flatMap { $0.stock.map(\.item) }) {
            shortfall[item] = Estimate(reps.map { r in r.stock.first { $0.item == item }?.shortfall ?? 0 })
        }
        return .init(streams: streams, standards: standards, utilisation: utilisation, coverage: coverage, waited: waited, neverSent: never,
                     stockShortfall: shortfall, deadlinesMissed: Estimate(reps.map { Double($0.deadlines.missed) }),
                     deadlineTasks: Estimate(reps.map { Double($0.deadlines.tasks) }), events: Estimate(reps.map { Double($0.events) }))
    }
}
