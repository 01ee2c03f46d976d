import ArgumentParser
import Dashboard
import Engine
import Foundation
import SpatialStore

/// `beacon kpi`: incident counts, response intervals at the 90th percentile against their standards, and the
/// city-management case KPIs — the same figures the dashboard's pages show.
struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Incident KPIs: counts by type and level, response intervals (90th percentile) against standards, 结案率 按期结案率 返工率 延期率.",
        discussion: """
            Each interval names its two timestamps; the percentile is nearest-rank. A case is an incident called in the
            window; it is due when closed or past its time limit (--closure-hours, from the call, by its level).
            Examples:
              beacon kpi
              beacon kpi --district ex:fire_district/02 --from 2025-08-01T00:00:00+08:00 --to 2025-09-01T00:00:00+08:00 --json
              beacon kpi --forecast      # incidents per day, the last week and the next 7 days with 80/95 % intervals
            """)
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only incidents inside this district (id or name of a districts or grid_cells feature).") var district: String?
    @Option(help: "Only incidents called at or after this time, ISO 8601.") var from: String?
    @Option(help: "Only incidents called before this time, ISO 8601; also the time open cases are judged at.") var to: String?
    @Option(help: "Case time limits in hours by level (default I=72,II=48,III=24,IV=12; verify locally).") var closureHours: String?
    @Flag(help: "Print JSON (rates as fractions 0…1, intervals in seconds).") var json = false
    @Flag(help: "Also forecast incidents per day (Holt–Winters, weekly season; the dashboard's trends panel).") var forecast = false

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let report: IncidentKPIReport
        do {
            let scope = try district.map { try DistrictScope(store: store, district: $0) } ?? .city
            let limits = try closureHours.map { try CaseTimeLimits(parsing: $0) } ?? .defaults
            report = try IncidentKPIs.compute(store: store, scope: scope, from: try Self.date(from, "--from"), to: try Self.date(to, "--to"),
                                              limits: limits)
        } catch let e as IncidentError { throw CLIError(e.description) }
        if json { print(try report.json()); return }
        print(Self.text(report))
        if forecast { try printForecast(store: store) }
    }

    /// Incidents per day (China time) and the next 7 days: the same panel, and the same numbers, as the dashboard's trends page.
    func printForecast(store: CityStore) throws {
        let now = try Self.date(to, "--to") ?? Date()
        let scope = try district.map { try DistrictScope(store: store, district: $0) } ?? .city
        let situation = try Situation.read(store: store, scope: scope, now: now)
        let panel = TrendPanels.incidentsPerDay(situation.incidents, now: now, forecaster: HoltWintersForecaster(), language: .en)
        let day = { (t: Double) in String(IncidentOpening.iso(t).prefix(10)) }
        var table = TextTable("day", "incidents", "forecast", "80 % low", "80 % high", "95 % low", "95 % high", rightAligned: [1, 2, 3, 4, 5, 6])
        for p in panel.observed.suffix(7) { table.add(day(p.t), String(Int(p.value)), "", "", "", "", "") }
        for b in panel.forecast {
            table.add(day(b.t), "", format(b.mean), format(b.lower80), format(b.upper80), format(b.lower), format(b.upper))
        }
        print("\nincidents per day — \(panel.method)")
        print(table.render())
        if !panel.note.isEmpty { print(panel.note) }
    }

    static func date(_ text: String?, _ option: String) throws -> Date? {
        guard let text else { return nil }
        guard let d = ISO8601DateFormatter().date(from: text) else { throw ValidationError("\(option) '\(text)' is not ISO 8601, e.g. 2025-08-09T00:00:00+08:00") }
        return d
    }

    static func text(_ r: IncidentKPIReport) -> String {
        var out = ["incidents \(r.total) (\(r.active) not closed)" + (r.district.map { " in \($0)" } ?? "")
                   + " — calls \(r.from ?? "…") to \(r.to ?? "…"), judged at \(r.asOf)"]
        var levels = TextTable("level", "incidents", "not closed", rightAligned: [1, 2])
        for l in r.byLevel { levels.add(l.level, String(l.count), String(l.active)) }
        out.append(levels.render())
        var types = TextTable("type", "name", "incidents", rightAligned: [2])
        for t in r.byType { types.add(t.code, "\(t.nameZh) \(t.nameEn)", String(t.count)) }
        out.append(types.render())
        var intervals = TextTable("interval", "between", "n", "p90", "median", "standard", "within", "meets", rightAligned: [2, 3, 4, 5, 6])
        for i in r.intervals {
            intervals.add("\(i.standard.nameZh) \(i.standard.nameEn)", "\(i.standard.fromColumn) → \(i.standard.toColumn)", String(i.samples),
                          IncidentKPIs.duration(i.p90Seconds), IncidentKPIs.duration(i.medianSeconds),
                          IncidentKPIs.duration(i.standard.limitSeconds), IncidentKPIs.percent(i.compliance),
                          i.meetsStandard.map { $0 ? "yes" : "NO" } ?? "—")
        }
        out.append(intervals.render())
        let c = r.cases
        var cases = TextTable("case KPI", "value", "of", rightAligned: [1])
        cases.add("结案率 closure rate", IncidentKPIs.percent(c.closureRate), "\(c.closed) closed / \(c.due) due")
        cases.add("按期结案率 on-time closure", IncidentKPIs.percent(c.onTimeRate), "\(c.closedOnTime) on time / \(c.due) due")
        cases.add("返工率 rework rate", IncidentKPIs.percent(c.reworkRate), "\(c.reworked) reopened / \(c.everClosed) ever closed")
        cases.add("延期率 extension rate", IncidentKPIs.percent(c.extensionRate), "\(c.extended) past limit / \(c.due) due")
        out.append(cases.render())
        out.append("standards: " + r.intervals.map { "\($0.standard.key) \($0.standard.source)" }.joined(separator: "; "))
        out.append("case limits (h): " + ["I", "II", "III", "IV"].map { "\($0)=\(Int(r.limits.hours[$0] ?? 0))" }.joined(separator: " ")
                   + "; due = closed or past its limit; 延期 counts overruns (no extension approvals are recorded)")
        return out.joined(separator: "\n\n")
    }
}
