import ArgumentParser
import Engine
import Foundation
import Hazards
import SpatialStore

/// `--incident ID`: feed a hazard result into a stored incident, so its plans escalate by themselves.
struct IncidentFeedOptions: ParsableArguments {
    @Option(help: "Incident id: feed the zone reaches and the people and sensitive sites per zone into it as hazard.* facts.")
    var incident: String?
    @Option(help: "Time of that incident update, ISO 8601 (default: now); not before its last update.") var time: String?
    @OptionGroup var plansOptions: PlansOptions

    /// Feeds the facts and, for a model run (`outcome`), its zone footprints (one audited `incident.update`), and
    /// prints what changed. Does nothing without `--incident`.
    func feed(zones: [HazardZone], report: ImpactReport?, outcome: HazardOutcome? = nil, storePath: String) throws {
        guard let incident else { return }
        let library = try plansOptions.load()
        let at = try IncidentOpen.parseTime(time)
        guard FileManager.default.fileExists(atPath: storePath) else { throw CLIError("--incident needs the store: no store at \(storePath)") }
        let store = try CityStore.open(at: storePath)
        defer { store.close() }
        let change: IncidentChange
        do {
            change = try HazardIncidentFacts.feed(zones: zones, report: report, outcome: outcome, store: store, library: library,
                                                  incident: incident, at: at, actor: .commandLine)
        } catch let e as IncidentError { throw CLIError(e.description) }
        if let n = change.replayNote { FileHandle.standardError.write(Data("warning: \(n)\n".utf8)) }
        print("\nIncident \(change.id) at \(IncidentOpening.iso(change.at.timeIntervalSince1970)): "
              + change.facts.map(\.assignment).joined(separator: " "))
        if let r = change.levelReason {
            print("level \(change.levelBefore) → \(change.levelAfter): \(IncidentUpdating.levelLine(change.levelBefore, change.levelAfter)) "
                  + "because \(IncidentUpdating.because(r))")
        } else {
            print("level \(change.levelAfter) unchanged")
        }
        if outcome != nil {
            let stored = try store.hazardZones(incidentID: change.id)
            print("hazard zones stored with the incident: " + (stored.isEmpty ? "none (the model drew no footprint)"
                : stored.reversed().map { "\($0.level) \(Int($0.reachMetres.rounded())) m" }.joined(separator: ", "))
                + " — beacon incident show \(change.id) [--geojson]")
        }
        if change.tasks.isEmpty { print("no new tasks") } else {
            print("new tasks:")
            print(IncidentOpen.taskTable(change.tasks))
        }
        print("Why: beacon incident why \(change.id)")
    }
}
