import Foundation
import SpatialCore
import Yams

/// Every plan of a Plans/ folder with its shared tables, all checked together.
///
/// Loading collects every error in every file (file:line:column, the line and a caret) and throws them as one
/// ``PlanErrors``; a library with errors is never returned, so no plan is ever loaded half-way.
public struct PlanLibrary: Sendable {
    public let plans: [Plan]
    public let levels: [ResponseLevel: LevelSpec]
    public let incidentTypes: [IncidentType]
    public let schema: FactSchema
    public let catalog: PlanCatalog
    public let runCards: RunCards
    /// The files read, for `beacon plan check`.
    public let files: [String]

    /// Finds an incident type by code or alias.
    public func incidentType(_ codeOrAlias: String) -> IncidentType? {
        incidentTypes.first { $0.code == codeOrAlias || $0.aliases.contains(codeOrAlias) }
    }

    /// Facts every library declares whatever facts.yaml says: the engine sets them.
    static let builtInFacts: [(String, ValueType, String)] = [
        ("response.level", .level, "the current response level (set by grading and escalation)"),
        ("incident.type", .string, "GB/T 35561 code of the incident"),
        ("incident.called_at", .time, "when the call was received"),
    ]

    /// Loads and checks `directory` (levels.yaml, incident_types.yaml, facts.yaml, catalog.yaml, plans/*.yaml, run_cards.csv).
    public static func load(directory: URL) throws(PlanErrors) -> PlanLibrary {
        let sink = DiagnosticSink()
        let fm = FileManager.default
        func read(_ name: String) -> (String, String)? {
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                sink.error(SourceLocation(file: url.path, line: 1, column: 1), "cannot read \(name) (missing or not UTF-8)", in: nil)
                return nil
            }
            return (url.path, text)
        }
        var files: [String] = []
        var loader = LibraryLoader(sink: sink)
        for name in ["levels.yaml", "incident_types.yaml", "facts.yaml", "catalog.yaml"] {
            guard let (path, text) = read(name) else { continue }
            files.append(path)
            loader.readTable(name, file: path, text: text)
        }
        let planDir = directory.appendingPathComponent("plans")
        let planFiles = ((try? fm.contentsOfDirectory(atPath: planDir.path)) ?? []).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        if planFiles.isEmpty {
            sink.error(SourceLocation(file: planDir.path, line: 1, column: 1), "no plans (*.yaml) in \(planDir.path)", in: nil)
        }
        if let (path, text) = read("run_cards.csv") {
            files.append(path)
            loader.readRunCards(file: path, text: text)
        }
        for name in planFiles {
            let url = planDir.appendingPathComponent(name)
            files.append(url.path)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                sink.error(SourceLocation(file: url.path, line: 1, column: 1), "cannot read the plan (not UTF-8?)", in: nil)
                continue
            }
            loader.readPlan(file: url.path, text: text)
        }
        guard sink.isEmpty else { throw PlanErrors(sink.diagnostics) }
        return PlanLibrary(plans: loader.plans, levels: loader.levels, incidentTypes: loader.types, schema: loader.schema,
                           catalog: loader.catalog, runCards: RunCards(cards: loader.runCards), files: files)
    }

    /// Loads one plan text against an already loaded library's tables (tests, `beacon plan check FILE`).
    public func checking(planFile file: String, text: String) throws(PlanErrors) -> Plan {
        let sink = DiagnosticSink()
        var loader = LibraryLoader(sink: sink)
        loader.levels = levels
        loader.types = incidentTypes
        loader.schema = schema
        loader.catalog = catalog
        loader.runCards = runCards.cards
        loader.readPlan(file: file, text: text)
        guard sink.isEmpty, let plan = loader.plans.first else { throw PlanErrors(sink.diagnostics) }
        return plan
    }
}
