import ArgumentParser
import Engine
import Foundation
import RuleEngine
import SpatialStore

/// Where the plans are.
struct PlansOptions: ParsableArguments {
    @Option(name: .long, help: "Plans folder (default: $BEACON_PLANS, else ./Plans).")
    var plans: String?

    var directory: URL {
        URL(fileURLWithPath: plans ?? ProcessInfo.processInfo.environment["BEACON_PLANS"] ?? "Plans")
    }

    /// Loads and checks the library; errors print with file:line:column and a caret. In the console the library
    /// stays loaded until a file in the folder changes.
    func load() throws -> PlanLibrary {
        do {
            guard StoreSession.isActive else { return try PlanLibrary.load(directory: directory) }
            return try StoreSession.cached("PlanLibrary|" + directory.standardizedFileURL.path, fingerprint: filesFingerprint(directory)) {
                try PlanLibrary.load(directory: directory)
            }
        } catch {
            throw CLIError("\(error)")
        }
    }
}

/// `beacon plan …`: check and list contingency plans.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Check and list contingency plans (预案) in Plans/.",
        subcommands: [PlanCheck.self, PlanList.self])
}

struct PlanCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every plan, table and run card; print every error with file:line:column.",
        discussion: """
            Examples:
              beacon plan check
              beacon plan check --plans Plans --store shanghai.beacon.sqlite
            Exit status 1 when anything is wrong; a plan with errors is never loaded half-way.
            With --store, the catalog's unit types, districts and kinds are also looked up in the city store.
            """)
    @OptionGroup var plansOptions: PlansOptions
    @Option(name: .long, help: "Also check names against this city store.") var store: String?

    func run() throws {
        let library = try plansOptions.load()
        print("\(library.plans.count) plans, \(library.runCards.cards.count) run cards, \(library.incidentTypes.count) incident types, \(library.schema.count) facts: OK")
        for p in library.plans {
            print("  \(p.id) (\(p.kind.rawValue)) — \(p.title): \(p.steps.count) steps, types \(p.incidentTypes.joined(separator: ","))")
        }
        if let store {
            let city = try CityStore.open(at: store, readOnly: true)
            defer { city.close() }
            let problems = try PlanStoreCheck.problems(library, store: city)
            for p in problems { print("warning: \(p)") }
            if problems.isEmpty { print("catalog matches \(store)") }
        }
    }
}

struct PlanList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List plans and their steps.")
    @OptionGroup var plansOptions: PlansOptions

    func run() throws {
        let library = try plansOptions.load()
        for p in library.plans {
            print("\(p.id) — \(p.title) / \(p.titleEn) [\(p.kind.rawValue), \(p.owner), v\(p.version)]")
            print("  applies to: \(p.incidentTypes.joined(separator: ", "))" + (p.warnings.isEmpty ? "" : "; warnings \(p.warnings.joined(separator: "/"))")
                  + (p.applies.map { "; when \($0.source)" } ?? ""))
            for s in p.steps {
                print("  \(String(s.priority).leftPadded(4)) \(s.id) [\(s.action.rawValue)]" + (s.when.source == "true" ? "" : " when \(s.when.source)")
                      + (s.after.isEmpty ? "" : " after \(s.after.joined(separator: ","))") + (s.repeats ? " (repeats)" : ""))
            }
        }
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
