import SpatialCore

/// One thing the engine did, with the facts that made it happen: the audit trail behind `beacon incident why`.
public struct Firing: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case activated, graded, escalated, step
        case standDown = "stand_down"
    }
    public let kind: Kind
    public let planID: String
    public let stepID: String?
    /// The level reached (graded, escalated) or in force (step).
    public let level: ResponseLevel
    /// Seconds since 1970.
    public let at: Double
    /// The rule's reason or the step's text, and the condition that held.
    public let reason: String
    public let condition: String
    /// The facts the condition read, with their values when it fired.
    public let facts: [String]

    /// One line: `step notify (gas-pipeline-leak) at level III: … because gas.concentration_lel >= 10 % [gas.concentration_lel = 0.25]`.
    public var explanation: String {
        let what = switch kind {
        case .activated: "plan \(planID) activated"
        case .graded: "level \(level) (\(planID))"
        case .escalated: "escalated to \(level) (\(planID))"
        case .step: "step \(stepID ?? "?") (\(planID))"
        case .standDown: "stand-down (\(planID))"
        }
        var s = "\(what): \(reason)"
        if !condition.isEmpty, condition != "true" { s += " — because \(condition)" }
        if !facts.isEmpty { s += " [\(facts.joined(separator: "; "))]" }
        return s
    }
}

/// A task on the incident's list: a fired step with its due time and what it needs.
public struct PlanTask: Sendable {
    public let planID: String
    public let step: PlanStep
    public let level: ResponseLevel
    /// Seconds since 1970.
    public let firedAt: Double
    /// When it is due (seconds since 1970), from the step's deadline or, for reports, the level's reporting limit.
    public let dueAt: Double?
    /// For dispatch steps: unit types and counts (the step's own, raised to the run card's).
    public let units: [String: Int]
    /// The run card row used, if any.
    public let runCardNote: String?
    public let reason: String
}
