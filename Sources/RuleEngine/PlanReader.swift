import Foundation
import SpatialCore
import Yams

extension LibraryLoader {
    static let planKeys = ["schema", "id", "title", "title_en", "kind", "owner", "version", "applies_to", "grading", "steps", "escalation", "stand_down", "notes"]
    static let stepKeys = ["id", "action", "text", "when", "after", "priority", "repeat", "deadline_minutes", "report", "departments", "units",
                           "run_card", "network", "model", "radius", "zone", "count", "items", "to"]

    /// Reads one plan file and checks it; appends it to `plans` only when the file had no error.
    mutating func readPlan(file: String, text: String) {
        let before = sink.diagnostics.count
        let (r, root) = YAMLReader.compose(file: file, text: text, sink: sink)
        guard let root, let m = r.mapping(root, "a plan", allowed: Self.planKeys, required: ["schema", "id", "title", "kind", "applies_to", "grading", "steps"]) else { return }
        checkSchema(r, m, expected: "beacon-plan/1")
        let id = r.string(m["id"], "id") ?? ""
        if plans.contains(where: { $0.id == id }) { r.error(m["id"], "plan id '\(id)' is used by another plan") }
        let kindText = r.string(m["kind"], "kind") ?? "government"
        let kind = Plan.Kind(rawValue: kindText)
        if kind == nil { r.error(m["kind"], "kind '\(kindText)' is not known; expected government (专项预案) or enterprise (现场处置方案)") }

        // What it applies to.
        var incidentTypes: [String] = [], warnings: [String] = [], districts: [String] = []
        var applies: Condition?
        if let a = r.mapping(m["applies_to"], "applies_to", allowed: ["incident_types", "warnings", "districts", "when"], required: ["incident_types"]) {
            for (code, node) in r.strings(a["incident_types"], "incident_types") {
                if !types.contains(where: { $0.isCovered(by: code) }) {
                    r.error(node, "incident type '\(code)' covers no type of incident_types.yaml; expected one of \(types.map(\.code).joined(separator: ", "))")
                }
                incidentTypes.append(code)
            }
            let colours = schema["warning.colour"]?.values ?? ["blue", "yellow", "orange", "red"]
            for (w, node) in r.strings(a["warnings"], "warnings") {
                if !colours.contains(w) { r.error(node, "warning '\(w)' is not a colour; expected one of \(colours.joined(separator: ", "))") }
                warnings.append(w)
            }
            for (d, node) in r.strings(a["districts"], "districts") {
                if !catalog.districts.contains(d) { r.error(node, "unknown district '\(d)'; expected one of Plans/catalog.yaml's districts") }
                districts.append(d)
            }
            applies = r.condition(a["when"], "applies_to.when", env)
        }

        let grading = readGrading(r, m["grading"])
        var reachable: Set<ResponseLevel> = [grading.base]
        for c in grading.criteria { reachable.formUnion(c.ranges.map(\.level)) }
        reachable.formUnion(grading.rules.map(\.level))

        var escalations: [Escalation] = []
        for n in r.sequence(m["escalation"], "escalation") {
            guard let e = r.mapping(n, "an escalation", allowed: ["level", "when", "reason"], required: ["level", "when", "reason"]) else { continue }
            let level = readLevel(r, e["level"])
            let when = r.condition(e["when"], "escalation.when", env)
            if let level, let when {
                escalations.append(Escalation(level: level, when: when, reason: r.string(e["reason"], "reason") ?? "", location: r.location(n)))
                reachable.insert(level)
            }
        }
        var standDown: Condition?
        if let s = r.mapping(m["stand_down"], "stand_down", allowed: ["when"], required: ["when"]) {
            standDown = r.condition(s["when"], "stand_down.when", env)
        }

        let steps = readSteps(r, m["steps"], reachable: reachable, incidentTypes: incidentTypes)
        guard sink.diagnostics.count == before, let kind else { return }
        plans.append(Plan(id: id, title: r.string(m["title"], "title") ?? id, titleEn: r.string(m["title_en"], "title_en") ?? "",
                          kind: kind, owner: r.string(m["owner"], "owner") ?? "", version: r.string(m["version"], "version") ?? "",
                          location: r.location(root), incidentTypes: incidentTypes, warnings: warnings, districts: districts,
                          applies: applies, grading: grading, steps: steps, escalations: escalations, standDown: standDown))
    }

    func readLevel(_ r: YAMLReader, _ node: Node?) -> ResponseLevel? {
        guard let s = r.string(node, "level") else { return nil }
        guard let l = ResponseLevel(name: s) else { r.error(node, "'\(s)' is not a response level; expected I, II, III or IV"); return nil }
        return l
    }

    /// Reads `grading`; checks each criterion's ranges cover 0…∞ once, with more severe levels higher.
    func readGrading(_ r: YAMLReader, _ node: Node?) -> Grading {
        var criteria: [Grading.Criterion] = [], rules: [Grading.Rule] = []
        var base = ResponseLevel.IV
        guard let g = r.mapping(node, "grading", allowed: ["base", "criteria", "rules"]) else { return Grading(criteria: [], rules: [], base: base) }
        if g["base"] != nil, let l = readLevel(r, g["base"]) { base = l }
        for n in r.sequence(g["criteria"], "criteria") {
            guard let c = r.mapping(n, "a criterion", allowed: ["fact", "levels"], required: ["fact", "levels"]),
                  let factName = r.string(c["fact"], "fact") else { continue }
            guard let field = schema[factName] else {
                r.error(c["fact"], "unknown field '\(factName)'" + FactSet.hint(schema.suggestions(for: factName)) + "; facts are declared in Plans/facts.yaml")
                continue
            }
            guard case let .number(dim) = field.type else { r.error(c["fact"], "a criterion needs a numeric fact; '\(factName)' is a \(field.type)"); continue }
            guard case let .mapping(levelsMap)? = c["levels"] else { r.error(c["levels"], "levels must map I…IV to ranges such as \">= 30\" or \"10 ..< 30\""); continue }
            var ranges: [Grading.Range] = []
            for (k, v) in levelsMap {
                guard let level = readLevel(r, k), let text = r.string(v, "a range") else { continue }
                guard let (lo, hi) = parseRange(text, dimension: dim) else {
                    r.error(r.textStart(v), "'\(text)' is not a range of \(factName) (\(field.type)); expected \">= 30\", \"10 ..< 30\" or \"< 3\"" + (dim == .none || dim == .people ? "" : " with units, e.g. \"10 \(Units.names(of: dim).first ?? "") ..< 50 \(Units.names(of: dim).first ?? "")\""))
                    continue
                }
                if lo >= hi { r.error(r.textStart(v), "range '\(text)' is empty") }
                ranges.append(Grading.Range(level: level, lower: lo, upper: hi, text: text, location: r.textStart(v)))
            }
            checkCoverage(r, factName, ranges, at: r.location(n))
            criteria.append(Grading.Criterion(fact: factName, ranges: ranges, location: r.location(n)))
        }
        for n in r.sequence(g["rules"], "rules") {
            guard let e = r.mapping(n, "a grading rule", allowed: ["level", "when", "reason"], required: ["level", "when", "reason"]) else { continue }
            if let level = readLevel(r, e["level"]), let when = r.condition(e["when"], "grading rule", env) {
                rules.append(Grading.Rule(level: level, when: when, reason: r.string(e["reason"], "reason") ?? "", location: r.location(n)))
            }
        }
        return Grading(criteria: criteria, rules: rules, base: base)
    }

    /// `>= a`, `> a` is refused (bounds include the lower figure), `a ..< b`, `< b`; values with the fact's units.
    func parseRange(_ text: String, dimension: Dimension) -> (Double, Double)? {
        func value(_ s: Substring) -> Double? {
            guard let (v, d) = Units.parse(String(s)) else { return nil }
            if d == dimension || (d == .none && (dimension == .people || dimension == .none)) { return v }
            return nil
        }
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix(">=") { return value(t.dropFirst(2)).map { ($0, .infinity) } }
        if t.hasPrefix("<") && !t.hasPrefix("<=") { return value(t.dropFirst(1)).map { (-.infinity, $0) } }
        let parts = t.components(separatedBy: "..<")
        if parts.count == 2, let lo = value(Substring(parts[0])), let hi = value(Substring(parts[1])) { return (lo, hi) }
        return nil
    }

    /// Ranges sorted by lower bound must start at or below 0, meet end to end, reach ∞, and rise in severity.
    func checkCoverage(_ r: YAMLReader, _ fact: String, _ ranges: [Grading.Range], at: SourceLocation) {
        let sorted = ranges.sorted { $0.lower < $1.lower }
        guard let first = sorted.first else { r.error(at, "criterion on \(fact) has no ranges"); return }
        if first.lower > 0 { r.error(first.location, "levels of \(fact) leave a gap: nothing covers values from 0 up to \(first.text)") }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            if b.lower < a.upper { r.error(b.location, "level \(b.level) range '\(b.text)' overlaps level \(a.level) range '\(a.text)' of \(fact)") }
            else if b.lower > a.upper { r.error(b.location, "levels of \(fact) leave a gap between '\(a.text)' (\(a.level)) and '\(b.text)' (\(b.level))") }
            if b.level <= a.level { r.error(b.location, "level \(b.level) of \(fact) ('\(b.text)') must be above the range of the less severe level \(a.level) ('\(a.text)')") }
        }
        if sorted.last!.upper != .infinity { r.error(sorted.last!.location, "levels of \(fact) leave a gap above '\(sorted.last!.text)'") }
        var seen: Set<ResponseLevel> = []
        for x in ranges where !seen.insert(x.level).inserted { r.error(x.location, "level \(x.level) has two ranges for \(fact)") }
    }
}
