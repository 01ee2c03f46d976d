/// One unit the simulator could send, as a policy sees it.
public struct PolicyCandidate: Sendable {
    /// Index into the simulator's unit table.
    public let unit: Int
    /// Turnout plus drive, seconds.
    public let etaSeconds: Double
    /// Other units of the same type still free at this unit's station (what is left to cover its district).
    public let othersFreeAtStation: Int
    public init(unit: Int, etaSeconds: Double, othersFreeAtStation: Int) {
        self.unit = unit
        self.etaSeconds = etaSeconds
        self.othersFreeAtStation = othersFreeAtStation
    }
}

/// How the simulator picks units for one requirement (type × count). The real dispatcher plugs in here;
/// the two shipped policies are the baselines planners compare.
public protocol DispatchPolicy: Sendable {
    var name: String { get }
    /// Picks up to `count` of `candidates` (all of the required type, available, reachable), best first.
    func choose(_ candidates: [PolicyCandidate], count: Int) -> [Int]
}

/// Closest by ETA (turnout + road travel), ties by unit index: DOMAIN.md's "closest unit by road travel time".
public struct ClosestPolicy: DispatchPolicy {
    public init() {}
    public var name: String { "closest" }
    public func choose(_ candidates: [PolicyCandidate], count: Int) -> [Int] {
        candidates.sorted { ($0.etaSeconds, $0.unit) < ($1.etaSeconds, $1.unit) }.prefix(count).map(\.unit)
    }
}

/// Coverage-aware: among units within `slackSeconds` of the fastest, prefer one whose station keeps another unit
/// of the type free (so its district stays covered); then by ETA. The slack bounds what coverage may cost a caller.
public struct CoveragePolicy: DispatchPolicy {
    public var slackSeconds: Double
    public init(slackSeconds: Double = 90) { self.slackSeconds = slackSeconds }
    public var name: String { "coverage" }
    public func choose(_ candidates: [PolicyCandidate], count: Int) -> [Int] {
        var pool = candidates.sorted { ($0.etaSeconds, $0.unit) < ($1.etaSeconds, $1.unit) }
        var out: [Int] = []
        while out.count < count, let best = pool.first {
            let window = pool.prefix { $0.etaSeconds <= best.etaSeconds + slackSeconds }
            let pick = window.max { a, b in
                (a.othersFreeAtStation > 0 ? 1 : 0, -a.etaSeconds, -a.unit) < (b.othersFreeAtStation > 0 ? 1 : 0, -b.etaSeconds, -b.unit)
            }!
            out.append(pick.unit)
            pool.removeAll { $0.unit == pick.unit }
        }
        return out
    }
}

/// The policies `beacon simulate --policy` and scenario files name.
public enum DispatchPolicies {
    public static let names = ["closest", "coverage"]
    public static func named(_ name: String) -> (any DispatchPolicy)? {
        switch name {
        case "closest": ClosestPolicy()
        case "coverage": CoveragePolicy()
        default: nil
        }
    }
}
