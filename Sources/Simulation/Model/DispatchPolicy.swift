/// How the simulator asks the real dispatcher. Every policy is Engine's ``DispatchCore`` — requirements by unit
/// type and capability, "most specific need first, no unit twice", reasons, and ``DispatchCore/plan(_:units:)``
/// for calls at the same instant — called with different inputs:
///
/// - `closest`: fastest ETA (turnout + drive), DOMAIN.md's "closest unit by road travel time", as when every unit
///   has a fresh AVL fix.
/// - `run-order`: units in quarters are ranked by the zone run order of the incident's district
///   (Plans/run_orders.csv, the CAD fallback the duty officer's `dispatch` uses for units without fresh AVL);
///   units on the road (returning from a scene) merge in by ETA.
/// - `coverage`: DispatchCore with a coverage penalty: a unit whose dispatch would leave its station without
///   another free unit of its type counts `coveragePenaltySeconds` more turnout, so a slightly slower unit
///   from a station that keeps one back is preferred. The penalty only ranks; the unit drives in its true time.
public struct DispatchPolicy: Sendable, Hashable {
    public let name: String
    /// Pass the district's zone run order with each request.
    public let usesRunOrders: Bool
    /// Extra seconds counted for a unit that would empty its station of its type; nil for none.
    public let coveragePenaltySeconds: Double?

    public init(name: String, usesRunOrders: Bool = false, coveragePenaltySeconds: Double? = nil) {
        self.name = name
        self.usesRunOrders = usesRunOrders
        self.coveragePenaltySeconds = coveragePenaltySeconds
    }

    public static let closest = DispatchPolicy(name: "closest")
    public static let runOrder = DispatchPolicy(name: "run-order", usesRunOrders: true)
    /// 90 s: what keeping a district covered may cost one caller.
    public static let coverage = DispatchPolicy(name: "coverage", coveragePenaltySeconds: 90)
}

/// The policies `beacon simulate --policy` and scenario files name.
public enum DispatchPolicies {
    public static let all: [DispatchPolicy] = [.closest, .coverage, .runOrder]
    public static var names: [String] { all.map(\.name) }
    public static func named(_ name: String) -> DispatchPolicy? { all.first { $0.name == name } }
}
