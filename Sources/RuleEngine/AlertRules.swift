import Foundation
import SpatialCore
import Yams

/// One threshold or expression rule on sensor readings: for a sensor kind (and zone), when the condition holds, alert at a level.
public struct AlertRule: Sendable {
    public let name: String
    public let sensorKind: String
    /// nil: any zone.
    public let zone: String?
    public let level: ResponseLevel
    public let when: Condition
    public let location: SourceLocation
}

/// Sensor-reading rules indexed by sensor kind and zone (a discrimination tree of two levels), so a reading is
/// tested only against the rules written for its kind and zone. Loading parses and type-checks every rule once.
///
/// Facts: `reading.value` (typed per sensor kind: mm/h, kPa, ppm …), `reading.trend` (same unit, change since the last
/// reading), `sensor.kind`, `sensor.zone`. Evaluation is O(rules for the kind and zone) per reading.
public struct AlertRuleSet: Sendable {
    public let rules: [AlertRule]
    /// Sensor kind → its unit (as written) and dimension.
    public let sensorUnits: [String: String]
    public let schema: FactSchema
    private let index: [String: [String: [Int]]]
    private let anyZone: [String: [Int]]

    public static let valueSlot = 0, trendSlot = 1, kindSlot = 2, zoneSlot = 3

    static func baseSchema() -> FactSchema {
        var s = FactSchema()
        s.add("reading.value", .number(.none), summary: "the reading, in its sensor kind's unit")
        s.add("reading.trend", .number(.none), summary: "change since the previous reading, same unit")
        s.add("sensor.kind", .string)
        s.add("sensor.zone", .string)
        return s
    }

    /// Parses `schema: beacon-alerts/1`, `sensor_kinds: {kind: unit}`, `rules: [{name, kind, zone?, level, when}]`.
    public static func load(file: String, text: String) throws(PlanErrors) -> AlertRuleSet {
        let sink = DiagnosticSink()
        let (r, root) = YAMLReader.compose(file: file, text: text, sink: sink)
        var rules: [AlertRule] = []
        var units: [String: String] = [:]
        let base = baseSchema()
        if let root, let m = r.mapping(root, "an alert rule file", allowed: ["schema", "sensor_kinds", "rules"], required: ["schema", "sensor_kinds", "rules"]) {
            if let s = r.string(m["schema"], "schema"), s != "beacon-alerts/1" { r.error(m["schema"], "schema '\(s)' is not supported; expected 'beacon-alerts/1'") }
            var schemas: [String: FactSchema] = [:]
            if case let .mapping(kinds)? = m["sensor_kinds"] {
                for (k, v) in kinds {
                    guard let kind = k.string, let unit = r.string(v, "unit of \(kind)") else { continue }
                    guard let (dim, factor) = Units.table[unit] else { r.error(v, "unknown unit '\(unit)'"); continue }
                    if factor != 1 { r.error(v, "readings of \(kind) must be in the base unit \(dim.baseUnit), not \(unit)") }
                    units[kind] = unit
                    let t = ValueType.number(dim)
                    schemas[kind] = base.retyping("reading.value", as: t).retyping("reading.trend", as: t)
                }
            } else { r.error(m["sensor_kinds"], "sensor_kinds must map sensor kinds to units, e.g. {rain_gauge: mm/h}") }
            var names: Set<String> = []
            for n in r.sequence(m["rules"], "rules") {
                guard let e = r.mapping(n, "an alert rule", allowed: ["name", "kind", "zone", "level", "when"], required: ["name", "kind", "level", "when"]),
                      let name = r.string(e["name"], "name"), let kind = r.string(e["kind"], "kind"), let ls = r.string(e["level"], "level") else { continue }
                if !names.insert(name).inserted { r.error(e["name"], "rule name '\(name)' is used twice") }
                guard let schema = schemas[kind] else {
                    r.error(e["kind"], "unknown sensor kind '\(kind)'; expected one of \(schemas.keys.sorted().joined(separator: ", "))")
                    continue
                }
                guard let level = ResponseLevel(name: ls) else { r.error(e["level"], "'\(ls)' is not a level; expected I, II, III or IV"); continue }
                let env = CompileEnvironment(schema: schema, catalog: PlanCatalog())
                guard let when = r.condition(e["when"], "rule \(name)", env) else { continue }
                rules.append(AlertRule(name: name, sensorKind: kind, zone: e["zone"].flatMap { r.string($0, "zone") }, level: level, when: when,
                                       location: r.location(n)))
            }
        }
        guard sink.isEmpty else { throw PlanErrors(sink.diagnostics) }
        return AlertRuleSet(rules: rules, sensorUnits: units, schema: base)
    }

    init(rules: [AlertRule], sensorUnits: [String: String], schema: FactSchema) {
        self.rules = rules
        self.sensorUnits = sensorUnits
        self.schema = schema
        var index: [String: [String: [Int]]] = [:]
        var anyZone: [String: [Int]] = [:]
        for (i, r) in rules.enumerated() {
            if let z = r.zone { index[r.sensorKind, default: [:]][z, default: []].append(i) } else { anyZone[r.sensorKind, default: []].append(i) }
        }
        // Rules for any zone are tested after the zone's own, in file order.
        for (kind, zones) in index { for (z, list) in zones { index[kind]![z] = list + (anyZone[kind] ?? []) } }
        self.index = index
        self.anyZone = anyZone
    }

    /// The rule indices to test for a reading of `kind` in `zone` (resolve once per kind and zone, then reuse).
    public func candidates(kind: String, zone: String) -> [Int] {
        index[kind]?[zone] ?? anyZone[kind] ?? []
    }

    /// A reusable evaluator: set the reading's slots and call ``fire(_:_:)``.
    public func makeContext() -> EvalContext { EvalContext(facts: FactSet(schema: schema), now: 0) }

    /// Calls `alert` with the index of every rule among `candidates` whose condition holds for the reading in `context`.
    @inline(__always)
    public func fire(_ candidates: [Int], _ context: EvalContext, alert: (Int) -> Void) {
        for i in candidates where rules[i].when.evaluate(context) == .yes { alert(i) }
    }
}

extension FactSet {
    /// Sets a numeric slot without checks (hot loops that resolved the slot and type once).
    @inline(__always)
    public mutating func setNumber(slot: Int, _ value: Double) { numbers[slot] = value }
    /// Sets a string slot without checks.
    @inline(__always)
    public mutating func setString(slot: Int, _ value: String?) { strings[slot] = value }
}
