import Foundation
import SpatialCore
import Yams

/// Reads the files of a Plans/ folder into one library, reporting into one sink.
struct LibraryLoader {
    let sink: DiagnosticSink
    var levels: [ResponseLevel: LevelSpec] = [:]
    var types: [IncidentType] = []
    var schema = FactSchema()
    var catalog = PlanCatalog()
    var runCards: [RunCard] = []
    var plans: [Plan] = []

    init(sink: DiagnosticSink) {
        self.sink = sink
        for (name, type, summary) in PlanLibrary.builtInFacts { schema.add(name, type, summary: summary) }
    }

    var env: CompileEnvironment { CompileEnvironment(schema: schema, catalog: catalog) }

    /// Checks `schema: NAME/1` at the top of a file.
    func checkSchema(_ r: YAMLReader, _ map: [String: Node], expected: String) {
        guard let node = map["schema"], let s = r.string(node, "schema") else { return }
        if s != expected { r.error(node, "schema '\(s)' is not supported; expected '\(expected)'") }
    }

    mutating func readTable(_ name: String, file: String, text: String) {
        let (r, root) = YAMLReader.compose(file: file, text: text, sink: sink)
        guard let root else { return }
        switch name {
        case "levels.yaml":
            guard let m = r.mapping(root, "levels.yaml", allowed: ["schema", "levels"], required: ["schema", "levels"]) else { return }
            checkSchema(r, m, expected: "beacon-levels/1")
            for n in r.sequence(m["levels"], "levels") {
                guard let e = r.mapping(n, "a level", allowed: ["level", "name_zh", "name_en", "phone_report_minutes", "written_report_minutes"],
                                        required: ["level", "name_zh", "written_report_minutes"]),
                      let ls = r.string(e["level"], "level") else { continue }
                guard let level = ResponseLevel(name: ls) else { r.error(e["level"], "'\(ls)' is not a level; expected I, II, III or IV"); continue }
                if levels[level] != nil { r.error(e["level"], "level \(level) is listed twice") }
                levels[level] = LevelSpec(level: level, nameZh: r.string(e["name_zh"], "name_zh") ?? "", nameEn: r.string(e["name_en"], "name_en") ?? "",
                                          phoneReportMinutes: r.double(e["phone_report_minutes"], "phone_report_minutes"),
                                          writtenReportMinutes: r.double(e["written_report_minutes"], "written_report_minutes") ?? 0)
            }
            for l in ResponseLevel.allCases where levels[l] == nil { r.error(root, "levels.yaml has no entry for level \(l)") }
        case "incident_types.yaml":
            guard let m = r.mapping(root, "incident_types.yaml", allowed: ["schema", "types"], required: ["schema", "types"]) else { return }
            checkSchema(r, m, expected: "beacon-incident-types/1")
            for n in r.sequence(m["types"], "types") {
                guard let e = r.mapping(n, "an incident type", allowed: ["code", "name_zh", "name_en", "aliases"], required: ["code", "name_zh"]),
                      let code = r.string(e["code"], "code") else { continue }
                if code.isEmpty || !code.allSatisfy(\.isNumber) || !"1234".contains(code.first!) {
                    r.error(e["code"], "'\(code)' is not a GB/T 35561 code; expected digits starting with 1–4 (category)")
                }
                if types.contains(where: { $0.code == code }) { r.error(e["code"], "incident type \(code) is listed twice") }
                types.append(IncidentType(code: code, nameZh: r.string(e["name_zh"], "name_zh") ?? "", nameEn: r.string(e["name_en"], "name_en") ?? "",
                                          aliases: r.strings(e["aliases"], "aliases").map(\.0)))
            }
        case "facts.yaml":
            guard let m = r.mapping(root, "facts.yaml", allowed: ["schema", "facts"], required: ["schema", "facts"]) else { return }
            checkSchema(r, m, expected: "beacon-facts/1")
            guard case let .mapping(facts)? = m["facts"] else { r.error(m["facts"], "facts must be a mapping of name: {type: …}"); return }
            for (k, v) in facts {
                guard let name = k.string else { continue }
                guard let e = r.mapping(v, "fact \(name)", allowed: ["type", "values", "ordered", "summary"], required: ["type"]),
                      let ts = r.string(e["type"], "type") else { continue }
                guard let type = ValueType(name: ts) else {
                    r.error(e["type"], "unknown type '\(ts)'; expected bool, string, level, time, number, a dimension (\(Dimension.allCases.map(\.rawValue).joined(separator: ", "))) or a unit")
                    continue
                }
                if !name.contains(".") { r.error(k, "fact '\(name)' needs a dotted name such as incident.\(name)") }
                if !schema.add(name, type, values: r.strings(e["values"], "values").map(\.0), ordered: r.bool(e["ordered"], "ordered") ?? false,
                               summary: r.string(e["summary"], "summary") ?? "") {
                    r.error(k, "fact '\(name)' is declared twice (or is built in)")
                }
            }
        default: // catalog.yaml
            guard let m = r.mapping(root, "catalog.yaml", allowed: ["schema", "unit_types", "kinds", "departments", "districts", "networks", "hazard_models", "supplies"],
                                    required: ["schema", "unit_types", "kinds"]) else { return }
            checkSchema(r, m, expected: "beacon-catalog/1")
            catalog.unitTypes = r.strings(m["unit_types"], "unit_types").map(\.0)
            catalog.departments = Set(r.strings(m["departments"], "departments").map(\.0))
            catalog.districts = Set(r.strings(m["districts"], "districts").map(\.0))
            catalog.networks = Set(r.strings(m["networks"], "networks").map(\.0))
            catalog.hazardModels = Set(r.strings(m["hazard_models"], "hazard_models").map(\.0))
            catalog.supplies = Set(r.strings(m["supplies"], "supplies").map(\.0))
            if case let .mapping(kinds)? = m["kinds"] {
                for (k, v) in kinds {
                    guard let name = k.string else { continue }
                    guard let layer = Layer(name: name) else {
                        r.error(k, "unknown layer '\(name)'; expected one of \(Layer.allCases.map(\.rawValue).joined(separator: ", "))")
                        continue
                    }
                    catalog.kinds[layer] = Set(r.strings(v, "kinds of \(name)").map(\.0))
                }
            } else { r.error(m["kinds"], "kinds must map layers to lists of kinds") }
            if let units = catalog.kinds[.units], Set(catalog.unitTypes) != units {
                r.error(m["unit_types"], "unit_types must equal kinds.units (\(units.sorted().joined(separator: ", ")))")
            }
        }
    }
}
