/// A contingency plan (预案) as loaded and checked: what it applies to, how it grades, its steps,
/// escalation (扩大应急) and stand-down (应急结束). Immutable and Sendable; conditions are compiled.
public struct Plan: Sendable {
    public enum Kind: String, Sendable { case government, enterprise }

    public let id: String
    public let title: String
    public let titleEn: String
    public let kind: Kind
    public let owner: String
    public let version: String
    public let location: SourceLocation
    /// GB/T 35561 codes (or prefixes) the plan covers.
    public let incidentTypes: [String]
    /// Warning colours that activate it (typhoon, rain): blue, yellow, orange, red.
    public let warnings: [String]
    /// District ids it is limited to; empty means the whole city.
    public let districts: [String]
    /// An extra activation condition.
    public let applies: Condition?
    public let grading: Grading
    public let steps: [PlanStep]
    public let escalations: [Escalation]
    public let standDown: Condition?
}

/// How a plan grades the response: ranges of facts per level, and rules that raise the level.
public struct Grading: Sendable {
    public struct Range: Sendable {
        public let level: ResponseLevel
        /// Base units; `lower` inclusive, `upper` exclusive; ±infinity when open.
        public let lower: Double
        public let upper: Double
        public let text: String
        public let location: SourceLocation
    }
    public struct Criterion: Sendable {
        public let fact: String
        public let ranges: [Range]
        public let location: SourceLocation
    }
    public struct Rule: Sendable {
        public let level: ResponseLevel
        public let when: Condition
        public let reason: String
        public let location: SourceLocation
    }
    public let criteria: [Criterion]
    public let rules: [Rule]
    /// The level when no criterion or rule says more (usually Ⅳ).
    public let base: ResponseLevel
}

/// What a step does. Each kind names what it needs; `Engine` and the dispatcher carry it out.
public enum StepAction: String, Sendable, CaseIterable {
    case notify, report, dispatch, isolate
    case modelHazard = "model_hazard"
    case evacuate
    case openShelters = "open_shelters"
    case closeRoads = "close_roads"
    case requestSupplies = "request_supplies"
    case warn, task
}

/// One step of a plan, with its condition, order and dependencies.
public struct PlanStep: Sendable {
    public let id: String
    public let action: StepAction
    public let text: String
    public let when: Condition
    /// Steps that must have fired before this one.
    public let after: [String]
    /// Higher fires first among steps ready together.
    public let priority: Int
    /// Fires again each time its condition becomes true again (otherwise once).
    public let repeats: Bool
    /// Minutes from activation within which the task is due; for `report`, from the level table when not given.
    public let deadlineMinutes: Double?
    /// For `report`: phone or written (written by default).
    public let reportMode: String?
    public let departments: [String]
    /// For `dispatch`: unit type → count; `runCard` adds the run card's requirement for the area, type and hour.
    public let units: [String: Int]
    public let runCard: Bool
    /// Free parameters (network, model, radius …) as written, for the task list.
    public let parameters: [(String, String)]
    public let location: SourceLocation
}

/// 扩大应急: when the condition holds, the response goes to at least `level`.
public struct Escalation: Sendable {
    public let level: ResponseLevel
    public let when: Condition
    public let reason: String
    public let location: SourceLocation
}
