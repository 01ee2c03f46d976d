import Foundation
import SpatialCore

/// The units to send to one incident and why each one, from ``DispatchCore/recommend(_:units:)``.
public struct DispatchResult: Sendable {
    public struct Pick: Sendable {
        public let option: DispatchOption
        /// The need it fills (``DispatchNeed/label``).
        public let need: String
        /// "E021: ETA 3 min 40 s from home station 演练消防站02 (turnout 80 s + drive 2 min 20 s); next best E111: 5 min 10 s".
        public let reason: String
    }
    public let incidentID: String
    public let target: Coordinate
    public let needs: [DispatchNeed]
    /// Fastest first.
    public let picks: [Pick]
    /// Need label → count no available unit could fill.
    public let shortfall: [String: Int]
    /// Need label → its candidates in recommendation order (run order or ETA); unreachable ones last; candidates
    /// beyond a bounded search's radius are left out (all of them are listed with ``DispatchCore/rankAll``).
    public let ranked: [String: [DispatchOption]]
    /// The travel-time model's basis line.
    public let basis: String
    /// ETAs are exact up to this drive time; candidates beyond it were not searched (bounded search).
    public let exactWithinSeconds: Double
    /// Milliseconds spent in the travel-time model.
    public let searchMilliseconds: Double
}

/// The dispatcher without a store: requests, candidate units and a ``TravelTimeModel`` in; picks with
/// reasons, shortfalls, multi-incident plans out. The store adapter is ``DispatchAdvisor``; the simulator
/// calls this directly with in-memory unit states.
///
/// With a ``BoundedTravelTimeModel`` (the road network) each incident costs one search that stops once
/// every need has enough candidates settled (its count, plus one for "next best", plus what other needs of
/// the same incident may take); with any other model every candidate is timed.
public struct DispatchCore {
    public let model: any TravelTimeModel
    /// Drives longer than this are not considered, seconds.
    public var limitSeconds = Double.infinity
    /// Time every candidate (for `--all` listings and checks) instead of stopping when enough are known.
    public var rankAll = false
    public var weights = LevelWeights.doubling

    public init(model: any TravelTimeModel) {
        self.model = model
    }

    /// Drive times of one request's candidates: exact ones by unit index, the radius within which every
    /// candidate is exact (beyond it: not searched), notes for the others.
    struct Times {
        /// Drive seconds by unit index; infinity when unknown or unreachable.
        var drive: [Double]
        /// Whether the unit was not searched (beyond the radius) rather than unreachable.
        var beyond: [Bool]
        var notes: [Int: String] = [:]
        var exactWithinSeconds = Double.infinity
        var milliseconds = 0.0

        init(unitCount: Int) {
            drive = [Double](repeating: .infinity, count: unitCount)
            beyond = [Bool](repeating: false, count: unitCount)
        }

        mutating func record(_ u: Int, _ c: DispatchCandidate) {
            drive[u] = c.travelSeconds
            if let note = c.note {
                notes[u] = note
                beyond[u] = note.hasPrefix("beyond")
            }
        }

        /// A lower bound on a candidate's drive: exact when known, else the radius (infinity when unreachable).
        @inline(__always)
        func lowerBound(_ unit: Int) -> (seconds: Double, exact: Bool) {
            let d = drive[unit]
            if d.isFinite { return (d, true) }
            return (beyond[unit] ? exactWithinSeconds : .infinity, false)
        }
    }

    /// Times the `eligible` candidates (per need) of `request`, stopping once need `i` has `enough[i]` known.
    func times(_ request: DispatchRequest, units: [DispatchUnit], eligible: [[Int]], enough: [Int]?) throws -> Times {
        let members = Array(Set(eligible.joined())).sorted()
        guard !members.isEmpty else { return Times(unitCount: units.count) }
        var position = [Int](repeating: -1, count: units.count)
        for (k, u) in members.enumerated() { position[u] = k }
        let candidates = members.map { (id: units[$0].id, at: units[$0].start) }
        let started = DispatchTime.now().uptimeNanoseconds
        var t = Times(unitCount: units.count)
        if let enough, !rankAll, let bounded = model as? any BoundedTravelTimeModel {
            let (answered, exact) = try bounded.fastest(from: candidates, to: request.target, groups: eligible.map { $0.map { position[$0] } },
                                                        enough: enough, limitSeconds: limitSeconds)
            t.exactWithinSeconds = exact
            for (k, c) in zip(members.indices, answered) { t.record(members[k], c) }   // in the order given
        } else {
            let byID = Dictionary(members.map { (units[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
            for c in try model.fastest(from: candidates, to: request.target, limitSeconds: limitSeconds) {
                if let u = byID[c.id] { t.record(u, c) }
            }
        }
        t.milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        return t
    }

    /// Needs with the same label summed, empty ones dropped, in first-seen order.
    static func merged(_ needs: [DispatchNeed]) -> [DispatchNeed] {
        var out: [DispatchNeed] = []
        for n in needs where n.count > 0 {
            if let i = out.firstIndex(where: { $0.label == n.label }) { out[i].count += n.count } else { out.append(n) }
        }
        return out
    }

    /// Indexes of available units each need accepts.
    static func eligible(_ needs: [DispatchNeed], _ units: [DispatchUnit]) -> [[Int]] {
        needs.map { n in units.indices.filter { units[$0].status == "available" && n.accepts(units[$0]) } }
    }

    /// The units to send to one incident: each need filled with its fastest available units (or, for units
    /// without fresh AVL, in the district's zone run order when the request carries one), most specific need
    /// first, no unit twice. O(search + candidates · log). When a run order applies to a candidate without fresh
    /// AVL, every candidate is timed (the merge of run order and ETAs needs them all); otherwise the search is bounded.
    public func recommend(_ request: DispatchRequest, units: [DispatchUnit]) throws -> DispatchResult {
        let needs = Self.merged(request.needs)
        let eligible = Self.eligible(needs, units)
        // Most specific first: the need with the fewest candidates picks before a broader one can take them.
        let order = needs.indices.sorted { (eligible[$0].count, needs[$0].label) < (eligible[$1].count, needs[$1].label) }
        // Enough per need: its count, one more for "next best", and what needs picked before it may take from it.
        let sets = eligible.map(Set.init)
        var enough = [Int](repeating: 0, count: needs.count)
        for (k, i) in order.enumerated() {
            enough[i] = needs[i].count + 1 + order.prefix(k).filter { !sets[$0].isDisjoint(with: sets[i]) }.reduce(0) { $0 + needs[$1].count }
        }
        let usesRunOrder = request.runOrder != nil && eligible.joined().contains { !units[$0].origin.isFreshAVL }
        let t = try times(request, units: units, eligible: eligible, enough: usesRunOrder ? nil : enough)

        var ranked: [String: [DispatchOption]] = [:]
        for (i, need) in needs.enumerated() {
            ranked[need.label] = rank(eligible[i], units: units, times: t, runOrder: usesRunOrder ? request.runOrder : nil)
        }
        var taken = Set<String>(), picks: [DispatchResult.Pick] = [], shortfall: [String: Int] = [:]
        for i in order {
            let need = needs[i]
            let options = ranked[need.label]!.filter { $0.etaSeconds.isFinite && !taken.contains($0.unit.id) }
            for o in options.prefix(need.count) {
                taken.insert(o.unit.id)
                let next = options.count > need.count ? options[need.count] : nil
                picks.append(.init(option: o, need: need.label, reason: Self.reason(o, nextBest: next, need: need, runOrder: request.runOrder)))
            }
            if options.count < need.count { shortfall[need.label, default: 0] += need.count - options.count }
        }
        picks.sort { ($0.option.etaSeconds, $0.option.unit.id) < ($1.option.etaSeconds, $1.option.unit.id) }
        return DispatchResult(incidentID: request.incidentID, target: request.target, needs: needs, picks: picks, shortfall: shortfall,
                              ranked: ranked, basis: model.basis, exactWithinSeconds: t.exactWithinSeconds, searchMilliseconds: t.milliseconds)
    }

    /// Candidates of one need in recommendation order. By ETA (ties by id); with a run order, units without
    /// fresh AVL keep the order of their home stations (then ETA) and fresh-AVL units merge in by ETA.
    /// Candidates with no known ETA come last.
    func rank(_ members: [Int], units: [DispatchUnit], times t: Times, runOrder: ZoneRunOrder?) -> [DispatchOption] {
        func option(_ u: Int, _ position: Int?) -> DispatchOption {
            DispatchOption(unit: units[u], driveSeconds: t.drive[u], note: t.notes[u], runOrderPosition: position)
        }
        let byETA: (DispatchOption, DispatchOption) -> Bool = { ($0.etaSeconds, $0.unit.id) < ($1.etaSeconds, $1.unit.id) }
        guard let runOrder else {
            // Candidates beyond a bounded search's radius are not listed (nothing is known of them but "farther").
            let timed = members.filter { t.drive[$0].isFinite }.map { option($0, nil) }.sorted(by: byETA)
            return timed + members.filter { !t.drive[$0].isFinite && !t.beyond[$0] }.map { option($0, nil) }.sorted { $0.unit.id < $1.unit.id }
        }
        let avl = members.filter { units[$0].origin.isFreshAVL }.map { option($0, nil) }.filter { $0.etaSeconds.isFinite }.sorted(by: byETA)
        let home = members.filter { !units[$0].origin.isFreshAVL }.map { option($0, runOrder.position(of: units[$0].homeStation)) }
            .filter { $0.etaSeconds.isFinite }
            .sorted { ($0.runOrderPosition ?? .max, $0.etaSeconds, $0.unit.id) < ($1.runOrderPosition ?? .max, $1.etaSeconds, $1.unit.id) }
        var merged: [DispatchOption] = [], a = 0, h = 0
        while a < avl.count || h < home.count {
            if h == home.count || (a < avl.count && avl[a].etaSeconds < home[h].etaSeconds) { merged.append(avl[a]); a += 1 } else {
                merged.append(home[h]); h += 1
            }
        }
        let placed = Set(merged.map(\.unit.id))
        return merged + members.filter { !placed.contains(units[$0].id) }.map { option($0, nil) }.sorted { $0.unit.id < $1.unit.id }
    }

    /// "E021: ETA 3 min 40 s from home station 演练消防站02 (turnout 80 s + drive 2 min 20 s); next best E111: 5 min 10 s",
    /// with the run order named when it ranked the unit.
    static func reason(_ o: DispatchOption, nextBest: DispatchOption?, need: DispatchNeed, runOrder: ZoneRunOrder?) -> String {
        var text = "\(o.unit.name): ETA \(DispatchText.duration(o.etaSeconds)) \(o.origin.description) "
            + "(turnout \(Int(o.turnoutSeconds)) s + drive \(DispatchText.duration(o.driveSeconds)))"
        if let p = o.runOrderPosition, let runOrder {
            text += "; \(DispatchText.ordinal(p)) due by the zone run order of \(runOrder.district) (no fresh AVL)"
        }
        if !need.capabilities.isEmpty { text += "; has \(need.capabilities.joined(separator: ", "))" }
        return text + (nextBest.map { "; next best \($0.unit.name): \(DispatchText.duration($0.etaSeconds))" } ?? "; no other \(need.label) can reach it")
    }
}
