import Foundation
import SpatialCore
import Yams

extension LibraryLoader {
    /// Reads the steps and checks ids, dependencies (unknown, cycles), action parameters and steps that can never fire.
    func readSteps(_ r: YAMLReader, _ node: Node?, reachable: Set<ResponseLevel>, incidentTypes: [String]) -> [PlanStep] {
        var steps: [PlanStep] = []
        var afterNodes: [String: [(String, Node)]] = [:]
        for n in r.sequence(node, "steps") {
            guard let s = r.mapping(n, "a step", allowed: Self.stepKeys, required: ["id", "action"]),
                  let id = r.string(s["id"], "step id"), let actionText = r.string(s["action"], "action") else { continue }
            if steps.contains(where: { $0.id == id }) { r.error(s["id"], "step id '\(id)' is used twice in this plan") }
            guard let action = StepAction(rawValue: actionText) else {
                r.error(s["action"], "unknown action '\(actionText)'; expected one of \(StepAction.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            let when = s["when"] == nil ? Condition.always : r.condition(s["when"], "step \(id).when", env)
            let after = r.strings(s["after"], "after")
            afterNodes[id] = after
            var departments: [String] = []
            for (d, dn) in r.strings(s["departments"], "departments") {
                if !catalog.departments.contains(d) {
                    let near = catalog.departments.filter { editDistance($0, d) <= 1 }.sorted()
                    r.error(dn, "unknown department '\(d)'" + (near.isEmpty ? "; departments are listed in Plans/catalog.yaml" : "; did you mean '\(near[0])'?"))
                }
                departments.append(d)
            }
            var units: [String: Int] = [:]
            if let un = s["units"] {
                if case let .mapping(um) = un {
                    for (k, v) in um {
                        guard let type = k.string else { continue }
                        if !catalog.unitTypes.contains(type) {
                            r.error(k, "unknown unit type '\(type)'; expected one of \(catalog.unitTypes.joined(separator: ", "))")
                        }
                        if let count = r.int(v, "count of \(type)") {
                            if count < 1 { r.error(v, "count of \(type) must be at least 1") }
                            units[type] = count
                        }
                    }
                } else { r.error(un, "units must map unit types to counts, e.g. {engine: 2, ladder: 1}") }
            }
            let runCard = r.bool(s["run_card"], "run_card") ?? false
            var parameters: [(String, String)] = []
            for key in ["network", "model", "radius", "zone", "count", "to", "items"] {
                guard let v = s[key] else { continue }
                switch key {
                case "network":
                    if let net = r.string(v, "network") {
                        if !catalog.networks.contains(net) { r.error(v, "unknown network '\(net)'; expected one of \(catalog.networks.sorted().joined(separator: ", "))") }
                        parameters.append((key, net))
                    }
                case "model":
                    if let model = r.string(v, "model") {
                        if !catalog.hazardModels.contains(model) { r.error(v, "unknown hazard model '\(model)'; expected one of \(catalog.hazardModels.sorted().joined(separator: ", "))") }
                        parameters.append((key, model))
                    }
                case "radius":
                    if let text = r.string(v, "radius") {
                        if let (_, d) = Units.parse(text), d == .length { parameters.append((key, text)) }
                        else { r.error(v, "radius '\(text)' must be a distance such as 300 m or 1 km") }
                    }
                case "zone":
                    if let z = r.string(v, "zone") {
                        if !["red", "orange", "yellow"].contains(z) { r.error(v, "zone '\(z)' must be a hazard zone: red, orange or yellow") }
                        parameters.append((key, z))
                    }
                case "items":
                    if case let .mapping(im) = v {
                        for (k, q) in im {
                            guard let item = k.string, let qty = r.string(q, "quantity of \(item)") else { continue }
                            if !catalog.supplies.contains(item) { r.error(k, "unknown supply '\(item)'; supplies are listed in Plans/catalog.yaml") }
                            parameters.append((item, qty))
                        }
                    } else { r.error(v, "items must map supply names to quantities") }
                default:
                    if let t = r.string(v, key) { parameters.append((key, t)) }
                }
            }
            // What each action needs.
            switch action {
            case .notify where departments.isEmpty: r.error(n, "step \(id): notify needs departments")
            case .dispatch where units.isEmpty && !runCard: r.error(n, "step \(id): dispatch needs units or run_card: true")
            case .isolate where !parameters.contains { $0.0 == "network" }: r.error(n, "step \(id): isolate needs a network")
            case .modelHazard where !parameters.contains { $0.0 == "model" }: r.error(n, "step \(id): model_hazard needs a model")
            case .evacuate where !parameters.contains { $0.0 == "radius" || $0.0 == "zone" }: r.error(n, "step \(id): evacuate needs a radius or a hazard zone")
            case .requestSupplies where !parameters.contains { catalog.supplies.contains($0.0) }: r.error(n, "step \(id): request_supplies needs items")
            default: break
            }
            if runCard, action != .dispatch { r.error(s["run_card"], "run_card applies to dispatch steps only") }
            if runCard, !runCards.contains(where: { card in incidentTypes.contains { p in
                let t = IncidentType(code: p, nameZh: "", nameEn: "", aliases: [])
                return t.isCovered(by: card.typePrefix) || IncidentType(code: card.typePrefix, nameZh: "", nameEn: "", aliases: []).isCovered(by: p)
            } }) {
                r.error(s["run_card"], "step \(id) asks for the run card, but run_cards.csv has no row for \(incidentTypes.joined(separator: ", "))")
            }
            let reportMode = r.string(s["report"], "report")
            if let reportMode, !["phone", "written"].contains(reportMode) { r.error(s["report"], "report must be phone or written") }
            if action == .report, reportMode == "phone", !reachable.contains(where: { levels[$0]?.phoneReportMinutes != nil }), s["deadline_minutes"] == nil {
                r.error(n, "step \(id): no reachable level of this plan requires a phone report (levels.yaml), so it has no deadline")
            }
            guard let when else { continue }
            if levelsWhereAlive(when, reachable: reachable).isEmpty {
                r.error(s["when"] ?? n, "step \(id) can never fire: its condition is false at every level this plan reaches (\(reachable.sorted(by: >).map(\.description).joined(separator: ", ")))")
            }
            steps.append(PlanStep(id: id, action: action, text: r.string(s["text"], "text") ?? "", when: when, after: after.map(\.0),
                                  priority: r.int(s["priority"], "priority") ?? 0, repeats: r.bool(s["repeat"], "repeat") ?? false,
                                  deadlineMinutes: r.double(s["deadline_minutes"], "deadline_minutes"), reportMode: reportMode,
                                  departments: departments, units: units, runCard: runCard, parameters: parameters, location: r.location(n)))
        }
        // Dependencies: known ids and no cycles.
        let ids = Set(steps.map(\.id))
        for step in steps {
            for (dep, dn) in afterNodes[step.id] ?? [] where !ids.contains(dep) {
                r.error(dn, "step \(step.id) comes after unknown step '\(dep)'; expected one of \(steps.map(\.id).joined(separator: ", "))")
            }
        }
        for cycle in Self.cycles(steps) {
            let first = steps.first { $0.id == cycle[0] }!
            r.error(first.location, "steps depend on each other in a cycle: \((cycle + [cycle[0]]).joined(separator: " → ")); none of them can fire")
        }
        return steps
    }

    /// The levels at which `condition` is not definitely false, knowing only the response level. Empty means never.
    func levelsWhereAlive(_ condition: Condition, reachable: Set<ResponseLevel>) -> Set<ResponseLevel> {
        var alive: Set<ResponseLevel> = []
        for level in reachable {
            var facts = FactSet(schema: schema)
            _ = try? facts.set("response.level", .level(level))
            if condition.evaluate(EvalContext(facts: facts, now: 0)) != .no { alive.insert(level) }
        }
        return alive
    }

    /// Every elementary cycle found by depth-first search over `after` edges (each reported once). O(steps + edges).
    static func cycles(_ steps: [PlanStep]) -> [[String]] {
        let deps = Dictionary(steps.map { ($0.id, $0.after) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]  // 1 on stack, 2 done
        var stack: [String] = []
        var found: [[String]] = []
        func visit(_ id: String) {
            state[id] = 1
            stack.append(id)
            for d in deps[id] ?? [] where deps[d] != nil {
                if state[d] == 1, let i = stack.firstIndex(of: d) { found.append(Array(stack[i...])) }
                else if state[d] == nil { visit(d) }
            }
            stack.removeLast()
            state[id] = 2
        }
        for s in steps where state[s.id] == nil { visit(s.id) }
        return found
    }
}
