import Foundation

/// Units for several simultaneous incidents, assigned together (``DispatchCore/plan(_:units:)``), and the
/// first-come-first-served assignment it is compared with.
public struct DispatchPlan: Sendable {
    public struct Line: Sendable {
        public let incidentID: String
        public let need: String
        public let option: DispatchOption
        /// Level weight of the incident (``LevelWeights``).
        public let weight: Double
        public let reason: String
        /// How the duty officer names this line to accept it: `INCIDENT:CALLSIGN`.
        public var token: String { "\(incidentID):\(option.unit.name)" }
        public var weightedSeconds: Double { weight * option.etaSeconds }
    }
    public struct Shortfall: Sendable, Hashable {
        public let incidentID: String
        public let need: String
        public let count: Int
        public init(incidentID: String, need: String, count: Int) {
            self.incidentID = incidentID
            self.need = need
            self.count = count
        }
    }
    /// The optimal assignment, incidents in the order given, each fastest first.
    public let lines: [Line]
    public let shortfall: [Shortfall]
    /// Σ weight × ETA over `lines`, seconds.
    public var totalWeightedSeconds: Double { lines.reduce(0) { $0 + $1.weightedSeconds } }
    /// Incidents served in call order, each taking its fastest remaining units.
    public let greedyLines: [Line]
    public let greedyShortfall: [Shortfall]
    public var greedyTotalWeightedSeconds: Double { greedyLines.reduce(0) { $0 + $1.weightedSeconds } }
    /// Candidate-list enlargements until the optimum used only exact ETAs (1 = the first lists sufficed).
    public let rounds: Int
    public let searchMilliseconds: Double
    public let assignMilliseconds: Double
    public let basis: String
}

extension DispatchCore {
    /// Arrival time of a shortfall slot, seconds: a slot left unfilled costs weight × this, far more than any drive.
    static let unfilledSeconds = 1e7
    /// Cost of a unit that cannot fill a slot (wrong type or capability, no route).
    static let forbidden = 1e15

    /// Assigns units to every required slot of every request at once: minimum Σ weight(level) × ETA over all
    /// (incident, need, slot) × unit pairs, an exact min-cost assignment (``MinCostAssignment``); a slot no unit
    /// can fill is a shortfall (as few as possible, higher levels filled first).
    ///
    /// Each incident is searched once with bounded candidate lists (its needs' counts plus one). The matrix has
    /// slots as rows; as columns every unit with an exact ETA to some incident, then one "other" column per slot.
    /// A unit not exactly timed for an incident is costed at the lower bound "turnout + that search's radius";
    /// the "other" columns stand for any unit timed nowhere, at the slot's lowest such bound, or at the unfilled
    /// cost (weight × 10⁷ s) when none is left. This relaxes the true problem (every true assignment maps to one
    /// costing no more), so when its optimum uses only exact ETAs it is the true optimum; otherwise the lists of
    /// the incidents involved are doubled and the assignment re-solved (`rounds`).
    /// Ties are broken by input order: requests as given, units in the order of `units`. Cost per round:
    /// O(slots² · (units + slots)) for the assignment, plus the searches.
    public func plan(_ requests: [DispatchRequest], units: [DispatchUnit]) throws -> DispatchPlan {
        var ids = Set<String>()
        for r in requests where !ids.insert(r.incidentID).inserted { throw DispatchError("incident \(r.incidentID) is named twice") }
        let needs = requests.map { Self.merged($0.needs) }
        let eligible = zip(needs, requests).map { n, _ in Self.eligible(n, units) }
        var enough = needs.map { $0.map { $0.count + 1 } }
        var times = try requests.indices.map { try self.times(requests[$0], units: units, eligible: eligible[$0], enough: enough[$0]) }
        var searchMs = times.reduce(0) { $0 + $1.milliseconds }
        let weight = requests.map { weights.weight($0.level) }

        struct Slot { let request: Int; let need: Int }
        let slots = needs.indices.flatMap { r in needs[r].indices.flatMap { i in (0..<needs[r][i].count).map { _ in Slot(request: r, need: i) } } }
        var assignMs = 0.0, rounds = 0
        var chosen: [Int] = [], columns: [Int] = []
        while true {
            rounds += 1
            // Columns: every unit with an exact ETA somewhere, then one "other" column per slot standing for any unit
            // not among them (its cost: the slot's lowest bound over those units, else the unfilled cost).
            columns = units.indices.filter { u in times.contains { $0.drive[u].isFinite } }
            var columnOf = [Int](repeating: -1, count: units.count)
            for (c, u) in columns.enumerated() { columnOf[u] = c }
            let width = columns.count + slots.count
            var cost = [Double](repeating: Self.forbidden, count: slots.count * width)
            var otherIsBound = [Bool](repeating: false, count: slots.count)
            for (s, slot) in slots.enumerated() {
                let r = slot.request, w = weight[r], row = s * width
                var bound = Double.infinity
                for u in eligible[r][slot.need] {
                    let lb = times[r].lowerBound(u)
                    guard lb.seconds.isFinite else { continue }
                    let c = columnOf[u]
                    if c >= 0 { cost[row + c] = w * (units[u].turnoutSeconds + lb.seconds) } else { bound = min(bound, units[u].turnoutSeconds + lb.seconds) }
                }
                otherIsBound[s] = bound < Self.unfilledSeconds
                let other = w * min(bound, Self.unfilledSeconds)
                for d in 0..<slots.count { cost[row + columns.count + d] = other }
            }
            let started = DispatchTime.now().uptimeNanoseconds
            chosen = MinCostAssignment.solve(rows: slots.count, columns: width, cost: cost)
            assignMs += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            var grow = Set<Int>()
            for (s, c) in chosen.enumerated() {
                let r = slots[s].request
                let exact = c < columns.count ? times[r].lowerBound(columns[c]).exact : !otherIsBound[s]
                guard !exact else { continue }
                grow.insert(r)
                enough[r][slots[s].need] *= 2
            }
            if grow.isEmpty { break }
            for r in grow.sorted() {
                times[r] = try self.times(requests[r], units: units, eligible: eligible[r], enough: enough[r])
                searchMs += times[r].milliseconds
            }
        }

        // The plan's lines and shortfalls.
        var planned: [Int: (request: Int, need: Int)] = [:]
        for (s, c) in chosen.enumerated() where c < columns.count { planned[columns[c]] = (slots[s].request, slots[s].need) }
        var lines: [DispatchPlan.Line] = [], shortfall: [DispatchPlan.Shortfall] = []
        for r in requests.indices {
            for (i, need) in needs[r].enumerated() {
                let mine = planned.filter { $0.value == (r, i) }.keys.sorted()
                for u in mine {
                    let o = option(u, units, times[r])
                    lines.append(.init(incidentID: requests[r].incidentID, need: need.label, option: o, weight: weight[r],
                                       reason: planReason(o, request: r, need: i, requests: requests, units: units, eligible: eligible[r][i],
                                                          times: times[r], planned: planned, weight: weight)))
                }
                if mine.count < need.count {
                    shortfall.append(.init(incidentID: requests[r].incidentID, need: need.label, count: need.count - mine.count))
                }
            }
        }
        lines = Self.ordered(lines, requests)

        // First come, first served: in call order each incident takes its fastest remaining units.
        var taken = Set<Int>(), greedy: [DispatchPlan.Line] = [], greedyShort: [DispatchPlan.Shortfall] = []
        let callOrder = requests.indices.sorted { (requests[$0].calledAt ?? "", requests[$0].incidentID) < (requests[$1].calledAt ?? "", requests[$1].incidentID) }
        for r in callOrder {
            let order = needs[r].indices.sorted { (eligible[r][$0].count, needs[r][$0].label) < (eligible[r][$1].count, needs[r][$1].label) }
            for i in order {
                var filled = 0
                while filled < needs[r][i].count {
                    let free = eligible[r][i].filter { !taken.contains($0) }
                    guard let best = free.min(by: { a, b in
                        (units[a].turnoutSeconds + times[r].lowerBound(a).seconds, a) < (units[b].turnoutSeconds + times[r].lowerBound(b).seconds, b)
                    }), times[r].lowerBound(best).seconds.isFinite else { break }
                    if !times[r].lowerBound(best).exact {
                        enough[r][i] = max(enough[r][i] * 2, eligible[r][i].count - free.count + needs[r][i].count + 1)
                        times[r] = try self.times(requests[r], units: units, eligible: eligible[r], enough: enough[r])
                        searchMs += times[r].milliseconds
                        continue
                    }
                    taken.insert(best)
                    filled += 1
                    let o = option(best, units, times[r])
                    greedy.append(.init(incidentID: requests[r].incidentID, need: needs[r][i].label, option: o, weight: weight[r],
                                        reason: Self.reason(o, nextBest: nil, need: needs[r][i], runOrder: nil)))
                }
                if filled < needs[r][i].count {
                    greedyShort.append(.init(incidentID: requests[r].incidentID, need: needs[r][i].label, count: needs[r][i].count - filled))
                }
            }
        }
        return DispatchPlan(lines: lines, shortfall: shortfall, greedyLines: Self.ordered(greedy, requests), greedyShortfall: greedyShort,
                            rounds: rounds, searchMilliseconds: searchMs, assignMilliseconds: assignMs, basis: model.basis)
    }

    private func option(_ u: Int, _ units: [DispatchUnit], _ t: Times) -> DispatchOption {
        DispatchOption(unit: units[u], driveSeconds: t.drive[u], note: t.notes[u], runOrderPosition: nil)
    }

    /// Lines grouped by request in the order given, fastest first within each.
    private static func ordered(_ lines: [DispatchPlan.Line], _ requests: [DispatchRequest]) -> [DispatchPlan.Line] {
        let rank = Dictionary(uniqueKeysWithValues: requests.enumerated().map { ($1.incidentID, $0) })
        return lines.sorted { (rank[$0.incidentID]!, $0.option.etaSeconds, $0.option.unit.id) < (rank[$1.incidentID]!, $1.option.etaSeconds, $1.option.unit.id) }
    }

    /// The unit's own reason, its incident's level and weight, and — when a faster unit of this need was
    /// planned elsewhere — which one and for which incident.
    private func planReason(_ o: DispatchOption, request r: Int, need i: Int, requests: [DispatchRequest], units: [DispatchUnit],
                            eligible: [Int], times: Times, planned: [Int: (request: Int, need: Int)], weight: [Double]) -> String {
        let need = Self.merged(requests[r].needs)[i]
        var text = "\(o.unit.name): ETA \(DispatchText.duration(o.etaSeconds)) \(o.origin.description) "
            + "(turnout \(Int(o.turnoutSeconds)) s + drive \(DispatchText.duration(o.driveSeconds)))"
        if !need.capabilities.isEmpty { text += "; has \(need.capabilities.joined(separator: ", "))" }
        text += "; level \(requests[r].level ?? "ungraded") (weight \(Int(weight[r])))"
        func eta(_ u: Int) -> Double { units[u].turnoutSeconds + times.drive[u] }
        let faster = eligible.filter { u in
            guard let p = planned[u], p.request != r else { return false }
            return eta(u) < o.etaSeconds
        }.min { (eta($0), $0) < (eta($1), $1) }
        if let f = faster, let p = planned[f] {
            let other = requests[p.request]
            text += "; faster \(units[f].name) (ETA here \(DispatchText.duration(eta(f)))) is planned for \(other.incidentID) "
                + "(level \(other.level ?? "ungraded"), weight \(Int(weight[p.request])))"
        } else {
            text += "; no faster \(need.label) is planned elsewhere"
        }
        return text
    }
}
