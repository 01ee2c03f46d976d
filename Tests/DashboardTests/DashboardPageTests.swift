import Dashboard
import Engine
import Foundation
import SpatialCore
import SpatialStore
import Testing
import TestSupport

/// The pages for a small city: self-contained (no script, nothing fetched, a policy that forbids both), every label in
/// both languages, kiosk rotation, the district filter, and — in headless Chromium — every page renders with no
/// console message and no request, with a screenshot kept under .build/artifacts/dashboard/.
@Suite(.serialized) struct DashboardPageTests {
    static let artifacts = TestPaths.repoRoot.appendingPathComponent(".build/artifacts/dashboard")

    static func build(_ store: CityStore, language: DashboardLanguage, scope: DistrictScope = .city, kiosk: Int? = nil) throws -> URL {
        let dir = TestPaths.temporaryDirectory("dashboard-pages-\(language.rawValue)")
        try DashboardBuilder.build(store: store, scope: scope, options: DashboardOptions(language: language, kioskSeconds: kiosk, now: DashboardFixture.now), to: dir)
        return dir
    }

    static func html(_ dir: URL, _ page: DashboardPage) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(page.fileName), encoding: .utf8)
    }

    @Test func pagesAreSelfContainedAndFullyLabelled() throws {
        let store = try DashboardFixture.store()
        defer { store.close() }
        for language in DashboardLanguage.allCases {
            let dir = try Self.build(store, language: language)
            for page in DashboardPage.allCases {
                let html = try Self.html(dir, page)
                #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"), "\(page) lacks the no-fetch policy")
                #expect(!html.lowercased().contains("<script"), "\(page) has a script")
                #expect(!html.contains("http://") && !html.contains("https://"), "\(page) names a URL")
                #expect(!html.contains(" src="), "\(page) loads something")
                #expect(!html.contains("⟦"), "\(page) \(language) has a label missing from the table: \(html.components(separatedBy: "⟦").dropFirst().map { $0.prefix(30) })")
                let links = html.matches(of: /href="([^"]*)"/).map { String($0.1) }
                #expect(Set(links).isSubset(of: Set(DashboardPage.allCases.map(\.fileName))), "\(page) links outside the pages: \(links)")
                #expect(!html.contains("http-equiv=\"refresh\""), "no kiosk refresh unless asked")
            }
        }
    }

    @Test func theOverviewShowsTheSituation() throws {
        let store = try DashboardFixture.store()
        defer { store.close() }
        let dir = try Self.build(store, language: .en)
        let overview = try Self.html(dir, .overview)
        let active = try store.incidents().filter { $0.properties["state"]?.textValue != "closed" }
        #expect(active.count == 2)
        for i in active { #expect(overview.contains(i.id)) }
        #expect(overview.contains("class=\"closure\""))                // the closed road
        #expect(overview.contains("fill-opacity=\"0.16\""))            // hazard reach circles of the chemical release
        #expect(overview.contains("gas leak cordon"))
        let incidents = try Self.html(dir, .incidents)
        #expect(incidents.contains("overdue"))                          // the written report was due 30–60 min after the call
        let lifelines = try Self.html(dir, .lifelines)
        #expect(lifelines.contains("above high limit"))                 // the rain gauge at 40 mm/h
        let trends = try Self.html(dir, .trends)
        #expect(trends.contains("class=\"band\"") && trends.contains("class=\"obs\""))
        let resources = try Self.html(dir, .resources)
        #expect(resources.contains("E01"))                              // gas masks the chlorine plan requests
    }

    @Test func kioskPagesRotateAndTheDistrictFilterCuts() throws {
        let store = try DashboardFixture.store()
        defer { store.close() }
        let kiosk = try Self.build(store, language: .zh, kiosk: 20)
        for page in DashboardPage.allCases {
            #expect(try Self.html(kiosk, page).contains("<meta http-equiv=\"refresh\" content=\"20;url=\(page.next.fileName)\">"))
        }
        #expect(DashboardPage.performance.next == .overview)
        let east = try DistrictScope(store: store, district: "d/east")
        let dir = try Self.build(store, language: .zh, scope: east)
        let overview = try Self.html(dir, .overview)
        let all = try store.incidents()
        for i in all {
            let inEast = east.contains(i.geometry.representativePoint!)
            if i.properties["state"]?.textValue != "closed" { #expect(overview.contains(i.id) == inEast, "\(i.id) in east: \(inEast)") }
        }
        #expect(overview.contains("东区"))
        let report = try IncidentKPIs.compute(store: store, scope: east, asOf: DashboardFixture.now)
        #expect(report.total == 2)
        #expect(try Self.html(dir, .performance).contains(IncidentKPIs.percent(report.cases.closureRate)))
        #expect(!(try Self.html(dir, .resources).contains("一号消防站")))   // station 1 is in the west
    }

    @Test(.enabled(if: HeadlessChromium.executable != nil,
                   "Chromium is not installed and could not be installed with apt (make test installs the chromium package); the browser check is skipped"))
    func everyPageRendersInChromium() throws {
        let store = try DashboardFixture.store()
        defer { store.close() }
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        for language in DashboardLanguage.allCases {
            let dir = try Self.build(store, language: language)
            for page in DashboardPage.allCases {
                let shot = Self.artifacts.appendingPathComponent("\(language.rawValue)-\(page.rawValue).png")
                try? FileManager.default.removeItem(at: shot)
                let r = try HeadlessChromium.render(dir.appendingPathComponent(page.fileName), screenshot: shot)
                #expect(r.exitCode == 0, "chromium exited \(r.exitCode) on \(page)")
                #expect(r.console.isEmpty, "\(language) \(page): console says \(r.console)")
                #expect(r.requests.isEmpty, "\(language) \(page): requests \(r.requests)")
                let png = try Data(contentsOf: shot)
                #expect(png.count > 30_000, "\(page) screenshot is \(png.count) bytes: blank?")
                #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
                let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
                #expect(width == 1920 && height == 1080)
            }
        }
    }

    /// The checker itself: a page with a script error and an external image is caught.
    @Test(.enabled(if: HeadlessChromium.executable != nil, "Chromium is not available"))
    func theBrowserCheckCatchesScriptErrorsAndFetches() throws {
        let dir = TestPaths.temporaryDirectory("dashboard-bad")
        let bad = dir.appendingPathComponent("bad.html")
        try Data("<!doctype html><html><body><img src=\"https://example.invalid/a.png\"><script>nothing()</script></body></html>".utf8).write(to: bad)
        let r = try HeadlessChromium.render(bad, screenshot: dir.appendingPathComponent("bad.png"))
        #expect(r.console.contains { $0.contains("nothing is not defined") })
        #expect(r.requests.contains("https://example.invalid/a.png"))
    }
}
