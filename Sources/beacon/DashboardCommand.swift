import ArgumentParser
import Dashboard
import Engine
import Foundation
import SpatialStore

/// `beacon dashboard --out DIR`: the leaders' pages, self-contained HTML that opens from file://.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write the leaders' dashboard pages (overview, incidents, resources, lifelines, trends, performance) as self-contained HTML.",
        discussion: """
            The pages use inline CSS and SVG only: no script, font, image or tile is fetched, so they open from file:// on a closed
            network. Their KPI figures are those of `beacon kpi` (same district, whole history, judged at the build time).
            Examples:
              beacon dashboard --out out/dashboard
              beacon dashboard --out /srv/wall --lang en --district ex:fire_district/02 --kiosk 20
            Kiosk mode: every page moves on to the next after SECONDS (meta refresh, no script); rerun beacon dashboard
            (e.g. every minute from cron) and the wall shows the new figures on its next turn.
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Folder to write the pages into (created when missing).") var out: String
    @Option(help: "Label language: zh or en.") var lang: String = "zh"
    @Option(help: "Only this district's data (id or name of a districts or grid_cells feature).") var district: String?
    @Option(help: "Kiosk mode: rotate to the next page every SECONDS.") var kiosk: Int?
    @Option(help: "Case time limits in hours by level, as for beacon kpi (default I=72,II=48,III=24,IV=12).") var closureHours: String?

    func validate() throws {
        guard DashboardLanguage(rawValue: lang) != nil else { throw ValidationError("--lang '\(lang)' is not one of zh, en") }
        if let kiosk, kiosk < 5 { throw ValidationError("--kiosk \(kiosk): give at least 5 seconds per page") }
    }

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        var options = DashboardOptions(language: DashboardLanguage(rawValue: lang)!, kioskSeconds: kiosk)
        let started = Date()
        let files: [URL]
        do {
            options.limits = try closureHours.map { try CaseTimeLimits(parsing: $0) } ?? .defaults
            let scope = try district.map { try DistrictScope(store: store, district: $0) } ?? .city
            files = try DashboardBuilder.build(store: store, scope: scope, options: options, to: URL(fileURLWithPath: out))
        } catch let e as IncidentError { throw CLIError(e.description) }
        note("wrote \(files.count) pages in \(Int(Date().timeIntervalSince(started) * 1000)) ms: " + files.map(\.lastPathComponent).joined(separator: " "))
        print(files[0].standardizedFileURL.absoluteString)
    }
}
