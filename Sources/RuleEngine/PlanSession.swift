import Foundation
import SpatialCore

/// Forward chaining over one incident's facts: activates matching plans, grades the response, fires steps in
/// priority order (each once unless it repeats), escalates and stands down by itself when facts change.
///
/// A change re-evaluates only the conditions that read the changed facts (or the clock, when time advances);
/// every firing is recorded with the facts that made it fire. Not thread-safe: one session per incident.
public struct PlanSession {
    public let library: PlanLibrary
    public let incidentType: IncidentType
    public private(set) var context: EvalContext
    public private(set) var level: ResponseLevel = .IV
    public private(set) var activePlans: [String] = []
    public private(set) var firings: [Firing] = []
    public private(set) var tasks: [PlanTask] = []
    public private(set) var stoodDown = false
    /// Districts the incident lies in (for run cards and plan areas).
    public let districts: Set<String>

    private var active: [Bool]
    private var stepFired: [[Int]]
    private var stepTruth: [[Truth]]
    private var escalatedTo: [ResponseLevel?]
    private var cache: [Int: Truth] = [:]
    private var dirty: Set<String> = []
    private var clockMoved = false
    private var started = false
    /// How many condition evaluations ran (for tests that check re-evaluation is selective).
    public private(set) var evaluations = 0

    /// Prepares a session; call ``start()`` to activate and fire.
    public init(library: PlanLibrary, incidentType: IncidentType, facts: FactSet, now: Double, calledAt: Double? = nil,
                location: Coordinate? = nil, spatial: (any SpatialFacts)? = nil, districts: Set<String> = []) {
        self.library = library
        self.incidentType = incidentType
        var facts = facts
        _ = try? facts.set("incident.type", .string(incidentType.code))
        if facts.value("incident.called_at") == nil { _ = try? facts.set("incident.called_at", .time(calledAt ?? now)) }
        _ = try? facts.set("response.level", .level(.IV))
        context = EvalContext(facts: facts, now: now, location: location, spatial: spatial)
        self.districts = districts
        let n = library.plans.count
        active = Array(repeating: false, count: n)
        stepFired = library.plans.map { Array(repeating: 0, count: $0.steps.count) }
        stepTruth = library.plans.map { Array(repeating: .no, count: $0.steps.count) }
        escalatedTo = Array(repeating: nil, count: n)
    }

    /// Activates the plans that match and runs the agenda to quiescence.
    public mutating func start() {
        started = true
        run()
    }

    /// Sets facts (a new sensor alarm, an updated casualty count) and runs what they touch.
    public mutating func update(_ changes: [(String, FactValue)], at now: Double? = nil) throws(FactError) {
        for (name, value) in changes {
            try context.facts.set(name, value)
            dirty.insert(name)
        }
        if let now { advanceClock(now) }
        run()
    }

    /// Moves the clock (a deadline passing) and re-evaluates the conditions that read it.
    public mutating func advance(to now: Double) {
        advanceClock(now)
        run()
    }

    private mutating func advanceClock(_ now: Double) {
        if now != context.now { context.now = now; clockMoved = true }
    }

    /// The truth of a condition, recomputed only when a fact it reads changed (or the clock, if it reads it).
    private mutating func truth(_ key: Int, _ c: Condition) -> Truth {
        if let t = cache[key], !(c.readsClock && clockMoved), c.reads.isDisjoint(with: dirty) { return t }
        evaluations += 1
        let t = c.evaluate(context)
        cache[key] = t
        return t
    }

    private func factsRead(_ c: Condition) -> [String] {
        var out = c.reads.filter { library.schema[$0] != nil }.sorted().map { name in "\(name) = \(context.facts.value(name)?.description ?? "unknown")" }
        if c.readsClock { out.append("now = \(Self.format(context.now))") }
        if c.source.contains("within(") || c.source.contains("inside(") || c.source.contains("distance_to("), let at = context.location {
            out.append("incident at \(at)")
        }
        return out
    }

    static func format(_ t: Double) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        return f.string(from: Date(timeIntervalSince1970: t))
    }

    private func key(_ plan: Int, _ kind: Int, _ index: Int) -> Int { plan << 20 | kind << 16 | index }

    private mutating func record(_ kind: Firing.Kind, _ plan: Plan, step: String? = nil, level: ResponseLevel, reason: String,
                                 _ c: Condition?, facts: [String] = []) {
        firings.append(Firing(kind: kind, planID: plan.id, stepID: step, level: level, at: context.now, reason: reason,
                              condition: c?.source ?? "", facts: facts + (c.map(factsRead) ?? [])))
    }

    private mutating func run() {
        guard started else { return }
        var guardCount = 0
        while guardCount < 1000 {
            guardCount += 1
            activate()
            let before = level
            grade()
            if level != before {
                _ = try? context.facts.set("response.level", .level(level))
                dirty.insert("response.level")
            }
            if !stoodDown { standDown() }
            let firedAny = stoodDown ? false : fireReadySteps()
            if !firedAny && level == before { break }
        }
        dirty.removeAll()
        clockMoved = false
    }

    private mutating func activate() {
        for (p, plan) in library.plans.enumerated() where !active[p] {
            guard plan.incidentTypes.contains(where: { incidentType.isCovered(by: $0) }) else { continue }
            if !plan.warnings.isEmpty {
                guard case let .string(colour)? = context.facts.value("warning.colour"), plan.warnings.contains(colour) else { continue }
            }
            if !plan.districts.isEmpty, districts.isDisjoint(with: plan.districts) { continue }
            if let when = plan.applies, truth(key(p, 0, 0), when) != .yes { continue }
            active[p] = true
            activePlans.append(plan.id)
            record(.activated, plan, level: level, reason: "\(plan.title) (\(plan.kind.rawValue)) covers \(incidentType.code) \(incidentType.nameZh)", plan.applies)
        }
    }

    /// The highest level any active plan's criteria, rules or escalations give; levels only rise.
    private mutating func grade() {
        for (p, plan) in library.plans.enumerated() where active[p] {
            var best = plan.grading.base
            var because: (String, Condition?, [String]) = ("plan base level", nil, [])
            for criterion in plan.grading.criteria {
                guard case let .number(v, _)? = context.facts.value(criterion.fact),
                      let range = criterion.ranges.first(where: { v >= $0.lower && v < $0.upper }), range.level > best else { continue }
                best = range.level
                because = ("\(criterion.fact) in \(range.text) → \(range.level) (\(range.location))", nil,
                           ["\(criterion.fact) = \(context.facts.value(criterion.fact)!.description)"])
            }
            for (i, rule) in plan.grading.rules.enumerated() where rule.level > best && truth(key(p, 1, i), rule.when) == .yes {
                best = rule.level
                because = (rule.reason, rule.when, [])
            }
            for (i, e) in plan.escalations.enumerated() where truth(key(p, 2, i), e.when) == .yes {
                if escalatedTo[p].map({ e.level > $0 }) ?? true {
                    escalatedTo[p] = e.level
                    if e.level > level { record(.escalated, plan, level: e.level, reason: "扩大应急: \(e.reason)", e.when) }
                }
            }
            if best > level {
                level = best
                record(.graded, plan, level: best, reason: because.0, because.1, facts: because.2)
            }
            if let e = escalatedTo[p], e > level { level = e }
        }
    }

    private mutating func standDown() {
        for (p, plan) in library.plans.enumerated() where active[p] {
            if let c = plan.standDown, truth(key(p, 3, 0), c) == .yes {
                stoodDown = true
                record(.standDown, plan, level: level, reason: "应急结束 conditions met", c)
                return
            }
        }
    }

    /// Fires every ready step, highest priority first; a step is ready when its condition holds, its `after` steps
    /// have fired, and it has not fired (or it repeats and its condition was false since it last fired).
    private mutating func fireReadySteps() -> Bool {
        var ready: [(priority: Int, plan: Int, step: Int)] = []
        for (p, plan) in library.plans.enumerated() where active[p] {
            for (s, step) in plan.steps.enumerated() {
                let t = truth(key(p, 4, s), step.when)
                let was = stepTruth[p][s]
                stepTruth[p][s] = t
                if stepFired[p][s] > 0 && !(step.repeats && was != .yes) { continue }
                guard t == .yes else { continue }
                let ids = plan.steps.indices.filter { step.after.contains(plan.steps[$0].id) }
                guard ids.allSatisfy({ stepFired[p][$0] > 0 }) else { stepTruth[p][s] = .no; continue }
                ready.append((step.priority, p, s))
            }
        }
        ready.sort { ($0.priority, -$0.plan, -$0.step) > ($1.priority, -$1.plan, -$1.step) }
        for (_, p, s) in ready { fire(p, s) }
        return !ready.isEmpty
    }

    private mutating func fire(_ p: Int, _ s: Int) {
        let plan = library.plans[p], step = plan.steps[s]
        stepFired[p][s] += 1
        let calledAt = context.facts.numbers[library.schema["incident.called_at"]!.slot]
        var due: Double?
        if let m = step.deadlineMinutes { due = context.now + m * 60 }
        else if step.action == .report, let spec = library.levels[level] {
            let minutes = step.reportMode == "phone" ? spec.phoneReportMinutes : spec.writtenReportMinutes
            due = minutes.map { calledAt + $0 * 60 }
        }
        var units = step.units
        var note: String?
        if step.runCard {
            let minute = Int(((context.now + context.utcOffsetSeconds) / 60).truncatingRemainder(dividingBy: 1440))
            if let card = library.runCards.requirement(typeCode: incidentType.code, districts: districts, minuteOfDay: minute) {
                units.merge(card.units) { max($0, $1) }
                note = "run card \(card.area) × \(card.typePrefix): \(card.note) (\(card.location))"
            }
        }
        let repeatNote = stepFired[p][s] > 1 ? " (again, \(stepFired[p][s])×)" : ""
        let reason = step.text.isEmpty ? step.action.rawValue : step.text
        record(.step, plan, step: step.id, level: level, reason: reason + repeatNote, step.when)
        tasks.append(PlanTask(planID: plan.id, step: step, level: level, firedAt: context.now, dueAt: due, units: units,
                              runCardNote: note, reason: firings.last!.explanation))
    }
}
