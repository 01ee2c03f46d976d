import Engine
import Foundation

extension Replication {
    /// The replication's KPIs. O(incidents log incidents).
    func result() -> ReplicationResult {
        let scenario = model.scenario
        var streams: [ReplicationResult.StreamKPI] = []
        let groups: [(String, (Incident) -> Bool)] = scenario.streams.enumerated().map { s, stream in (stream.name, { $0.stream == s }) }
            + [("scripted injects", { $0.stream == -1 }), ("sensor alarms", { $0.stream == -2 })]
        for (name, belongs) in groups {
            let list = incidents.filter(belongs)
            if list.isEmpty && (name == "scripted injects" || name == "sensor alarms") { continue }
            let times = list.compactMap { i in i.firstArrival.map { $0 - i.calledAt } }
            streams.append(.init(name: name, calls: list.count, responded: times.count, meanResponseSeconds: SampleStatistics.mean(times).map(Self.round1),
                                 p90ResponseSeconds: SampleStatistics.quantile(times, 0.9).map(Self.round1)))
        }
        var standards: [ReplicationResult.StandardKPI] = []
        for target in scenario.coverageTargets {
            var times: [Double] = []
            var calls = 0
            for i in incidents {
                let arrivals = target.unitKinds.compactMap { i.firstArrivalByKind[$0] }
                let asked = target.unitKinds.contains { i.asked.contains($0) }
                guard asked else { continue }
                calls += 1
                times.append((arrivals.min() ?? horizon) - i.calledAt)
            }
            standards.append(.init(name: target.name, targetSeconds: target.seconds, requiredShare: target.share, calls: calls,
                                   p90Seconds: SampleStatistics.quantile(times, 0.9).map(Self.round1),
                                   compliance: times.isEmpty ? nil : Self.round4(Double(times.filter { $0 <= target.seconds }.count) / Double(times.count)),
                                   source: target.source))
        }
        var busyByKind: [String: Double] = [:], countByKind: [String: Int] = [:]
        for (u, info) in model.units.enumerated() {
            busyByKind[info.kind, default: 0] += busySeconds[u]
            countByKind[info.kind, default: 0] += 1
        }
        let utilisation = busyByKind.mapValues { $0 }.reduce(into: [String: Double]()) { out, kv in
            out[kv.key] = Self.round4(kv.value / (Double(countByKind[kv.key]!) * horizon))
        }
        let coverage = zip(scenario.coverageTargets, coverageHourly).map { target, hourly -> ReplicationResult.CoverageSeries in
            let per = max(1, Int((Double(hourly.count) / 168).rounded(.up)))
            let points = stride(from: 0, to: hourly.count, by: per).map { k in
                Self.round4(hourly[k..<min(hourly.count, k + per)].reduce(0, +) / Double(min(hourly.count, k + per) - k))
            }
            return .init(name: target.name, hoursPerPoint: per, shares: points, mean: Self.round4(SampleStatistics.mean(hourly) ?? 0),
                         minimum: Self.round4(hourly.min() ?? 0))
        }
        let unmet = requested.keys.sorted().map { k in
            ReplicationResult.UnmetKPI(unitKind: k, requested: requested[k]!, waited: waited[k] ?? 0,
                                       neverSent: (waiting[k] ?? []).reduce(0) { $0 + $1.need.count })
        }
        let stockKPIs = stockRequested.keys.sorted().map { item in
            ReplicationResult.StockKPI(item: item, name: model.stockNames[item] ?? item, requested: stockRequested[item]!,
                                       supplied: stockSupplied[item] ?? 0, shortfall: stockRequested[item]! - (stockSupplied[item] ?? 0))
        }
        var missed: [String] = []
        for t in tasks {
            let done = doneAt(t)
            if done.map({ $0 > t.dueAt }) ?? (t.dueAt < horizon) {
                let late = done.map { "done \(IncidentOpening.iso(t0 + $0)), \(Int((($0 - t.dueAt) / 60).rounded(.up))) min late" } ?? "not done"
                missed.append("\(t.label) due \(IncidentOpening.iso(t0 + t.dueAt)): \(late)")
            }
        }
        let injects = injectIncident.enumerated().map { k, i -> ReplicationResult.InjectKPI in
            let incident = incidents[i], session = sessions[incident.session]
            return .init(at: IncidentOpening.iso(t0 + incident.calledAt), type: incident.type, level: session.level.description,
                         plans: session.activePlans.filter { scenario.plans.isEmpty || scenario.plans.contains($0) },
                         tasks: session.tasks.filter(inForce).count,
                         firstOnSceneSeconds: incident.firstArrival.map { Self.round1($0 - incident.calledAt) }, unitsSent: incident.sent,
                         dispatchReasons: incident.reasons, evacuation: model.evacuations[k])
        }
        return ReplicationResult(replication: index, seed: seed, policy: policy.name, events: kernel.processed, incidents: incidents.count,
                                 streams: streams, standards: standards, utilisation: utilisation, coverage: coverage, unmet: unmet,
                                 stock: stockKPIs, deadlines: .init(tasks: tasks.count, missed: missed.count, missedTasks: Array(missed.prefix(20))),
                                 injects: injects,
                                 dispatch: .init(recommendations: recommendations, jointPlans: jointPlans, jointIncidents: jointIncidents))
    }

    /// When a task with a due time was done: dispatch when the last unit sent arrived; evacuate after the people
    /// reached the slowest shelter at `evacuationPeoplePerHour`; everything else one call-processing time after it fired.
    func doneAt(_ t: TrackedTask) -> Double? {
        let i = incidents[t.incident]
        switch t.action {
        case .dispatch:
            return i.pendingUnits == 0 && i.sent > 0 ? i.lastArrival : nil
        case .evacuate:
            guard let k = injectIncident.firstIndex(of: t.incident), let e = model.evacuations[k] else { return t.firedAt + model.scenario.callProcessing.meanSeconds }
            return t.firedAt + e.slowestShelterSeconds + Double(e.peopleToMove) / Self.evacuationPeoplePerHour * 3600
        default:
            return t.firedAt + model.scenario.callProcessing.meanSeconds
        }
    }

    /// People moved out of a zone per hour (buses, police guidance), an exercise figure (verify locally).
    static let evacuationPeoplePerHour = 3000.0

    static func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
    static func round4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
}
