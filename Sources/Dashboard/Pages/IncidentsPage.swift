import Engine
import Foundation
import SpatialStore

/// 事件: each active incident with its timeline (opened, graded, escalated, dispatched, unit reports, state changes)
/// and its plan tasks with their deadlines (overdue ones marked), as `beacon incident why` explains them.
enum IncidentsPage {
    /// Event kinds the timeline shows (tasks and firings are in the task table; facts in the opening line).
    static let timelineKinds: Set<String> = ["opened", "update", "graded", "escalated", "level", "assigned", "released", "unit", "state", "reopened", "stand_down"]

    static func render(_ c: PageContext) -> String {
        let s = c.situation
        let now = s.generatedAt.timeIntervalSince1970
        var body = ""
        let shown = s.activeIncidents.sorted { OverviewPage.rank($0.level) > OverviewPage.rank($1.level) }
        if shown.isEmpty { body = c.panel("incidents_active", "<div class=\"empty\">\(c.t("no_active_incidents"))</div>") }
        for i in shown.prefix(4) {
            var timeline = "<ul class=\"timeline\">"
            let events = i.events.filter { timelineKinds.contains($0.kind) }
            for e in events.suffix(8) {
                timeline += "<li><span class=\"t\">\(c.hm(IncidentKPIs.parseTime(e.at)))</span><span class=\"kind\">\(c.t("event_" + e.kind))</span>"
                    + "\(Markup.escape(shortened(e)))</li>"
            }
            timeline += "</ul>"
            if events.count > 8 { timeline = "<div class=\"note\">\(c.t("earlier_events")): \(events.count - 8)</div>" + timeline }

            var tasks = "<table><tr><th>#</th><th>\(c.t("task"))</th><th>\(c.t("action"))</th><th>\(c.t("due"))</th><th>\(c.t("needs"))</th></tr>"
            for (n, task) in i.tasks.enumerated().prefix(maxTasks) {
                let overdue = task.dueAt.map { $0 < now } ?? false
                let needs = task.units.sorted { $0.key < $1.key }.map { "\(c.t("unit_" + $0.key))×\($0.value)" }.joined(separator: " ")
                tasks += "<tr><td class=\"num\">\(n + 1)</td><td>\(Markup.escape(task.text))</td><td>\(c.t("action_" + task.action))</td>"
                    + "<td class=\"\(overdue ? "overdue " : "")nowrap\">\(c.hm(task.dueAt))\(overdue ? " " + c.t("overdue") : "")</td><td>\(needs)</td></tr>"
            }
            tasks += "</table>"
            if i.tasks.count > maxTasks { tasks += "<div class=\"note\">\(c.t("more_tasks")): \(i.tasks.count - maxTasks) · beacon incident why \(Markup.escape(i.id))</div>" }
            if i.tasks.isEmpty { tasks = "<div class=\"empty\">\(c.t("no_tasks"))</div>" }

            let units = i.assignments.map { a in
                let u = s.units.first { $0.id == a.unitID }
                return "\(Markup.escape(u?.name ?? a.unitID)) \(c.statusBadge(u?.status ?? "dispatched"))"
            }.joined(separator: " &nbsp; ")
            let head = "<h2>\(c.levelBadge(i.level)) \(c.incidentName(i.feature)) <small>\(Markup.escape(i.id)) · \(c.t("state_" + i.state)) · "
                + "\(c.t("called")) \(c.clock(i.calledAt))</small></h2>"
            body += "<section class=\"panel\">\(head)<h3>\(c.t("timeline"))</h3>\(timeline)"
                + "<div class=\"note\">\(c.t("units_assigned")): \(units.isEmpty ? c.t("none") : units)</div>"
                + "<h3>\(c.t("tasks_deadlines"))</h3>\(tasks)</section>"
        }
        if shown.count > 4 { body += "<div class=\"note\">\(c.t("more_incidents")): \(shown.count - 4)</div>" }
        return PageShell.html(.incidents, c, mainClass: shown.count > 1 ? "cols2 top" : "top", body: body)
    }

    /// Tasks listed per incident (the rest are counted, with the command that lists them all).
    static let maxTasks = 9

    /// An event's text for the timeline: plan file paths dropped, the reason cut at its condition, at most 110 characters.
    static func shortened(_ e: IncidentEvent) -> String {
        var text = e.text.replacingOccurrences(of: #"\s*\([^()\s]*\.(yaml|csv):\d+:\d+\)"#, with: "", options: .regularExpression)
        for cut in [" — ", " because "] where ["graded", "escalated", "level"].contains(e.kind) {
            if let r = text.range(of: cut) { text = String(text[..<r.lowerBound]) }
        }
        return text.count > 110 ? String(text.prefix(109)) + "…" : text
    }
}
