import Engine
import Foundation
import SpatialStore

/// Writes the leaders' pages (领导驾驶舱): self-contained HTML with inline CSS and SVG, no script and nothing fetched
/// (a content-security policy in each page forbids both), so they open from `file://` on a closed network.
public enum DashboardBuilder {
    /// Reads the store for `scope` and writes every page into `directory` (created when missing).
    /// Returns the files written, overview (`index.html`) first. O(features read + vertices drawn).
    @discardableResult
    public static func build(store: CityStore, scope: DistrictScope = .city, options: DashboardOptions = DashboardOptions(),
                             to directory: URL) throws -> [URL] {
        let situation = try Situation.read(store: store, scope: scope, now: options.now, limits: options.limits)
        let (sensorPanels, eligible) = try TrendPanels.sensors(situation, store: store, forecaster: options.forecaster, language: options.language)
        let panels = sensorPanels + [TrendPanels.incidentsPerDay(situation.incidents, now: options.now, forecaster: options.forecaster, language: options.language)]
        return try write(render(situation, trends: panels, trendSeries: eligible, options: options), to: directory)
    }

    /// Every page's HTML for a situation; `trendSeries` is how many series the trends page chose its panels from.
    public static func render(_ situation: Situation, trends: [TrendPanel], trendSeries: Int = 0, options: DashboardOptions) -> [DashboardPage: String] {
        let c = PageContext(situation: situation, options: options)
        return [
            .overview: OverviewPage.render(c),
            .incidents: IncidentsPage.render(c),
            .resources: ResourcesPage.render(c),
            .lifelines: LifelinesPage.render(c),
            .trends: TrendsPage.render(c, panels: trends, eligible: trendSeries),
            .performance: PerformancePage.render(c),
        ]
    }

    /// Writes the pages atomically (each file replaced whole, so a kiosk never reads half a page).
    public static func write(_ pages: [DashboardPage: String], to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try DashboardPage.allCases.compactMap { page in
            guard let html = pages[page] else { return nil }
            let url = directory.appendingPathComponent(page.fileName)
            do { try Data(html.utf8).write(to: url, options: .atomic) } catch {
                throw IncidentError("cannot write \(url.path): \(error.localizedDescription)")
            }
            return url
        }
    }
}
