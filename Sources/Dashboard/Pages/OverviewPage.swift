import Engine

/// 总览: the situation map, KPI tiles, and the levels and warnings in force.
enum OverviewPage {
    static func render(_ c: PageContext) -> String {
        let s = c.situation
        let active = s.activeIncidents
        let committed = s.units.filter { ["dispatched", "en_route", "on_scene"].contains($0.status) }.count
        let available = s.units.filter { $0.status == "available" }.count
        let highest = active.map(\.level).min { rank($0) > rank($1) }
        let response = s.kpi.intervals.first { $0.standard.key == "response" }
        var tiles = c.tile(String(active.count), "active_incidents", sub: "\(c.t("total")) \(s.kpi.total)", tone: active.isEmpty ? "good" : "warn")
        tiles += c.tile(highest.map(c.levelBadge) ?? "—", "highest_level", sub: highest.map { c.t("level_" + $0) } ?? c.t("none"))
        tiles += c.tile(String(committed), "units_committed", sub: "\(c.t("of")) \(s.units.count)", tone: committed > 0 ? "warn" : "")
        tiles += c.tile(String(available), "units_available", tone: available > 0 ? "good" : "bad")
        tiles += c.tile(String(s.closures.count), "road_closures", tone: s.closures.isEmpty ? "" : "bad")
        tiles += c.alarmTile()
        tiles += c.tile(IncidentKPIs.duration(response?.p90Seconds), "p90_response",
                        sub: "\(c.t("standard")) \(IncidentKPIs.duration(response?.standard.limitSeconds))",
                        tone: response?.meetsStandard.map { $0 ? "good" : "bad" } ?? "")
        tiles += c.tile(IncidentKPIs.percent(s.kpi.cases.closureRate), "closure_rate", sub: "\(s.kpi.cases.closed) / \(s.kpi.cases.due)")
        tiles += c.tile(IncidentKPIs.percent(s.kpi.cases.onTimeRate), "on_time_rate", sub: "\(s.kpi.cases.closedOnTime) / \(s.kpi.cases.due)")

        var levels = ""
        if active.isEmpty { levels = "<div class=\"empty\">\(c.t("no_active_incidents"))</div>" } else {
            levels = "<table><tr><th>\(c.t("level"))</th><th>\(c.t("incident"))</th><th>\(c.t("state"))</th><th>\(c.t("called"))</th><th class=\"num\">\(c.t("units"))</th></tr>"
            for i in active.sorted(by: { rank($0.level) > rank($1.level) }).prefix(8) {
                levels += "<tr><td>\(c.levelBadge(i.level))</td><td><b>\(c.incidentName(i.feature))</b><br><span class=\"muted\">\(Markup.escape(i.id))</span></td>"
                    + "<td>\(c.t("state_" + i.state))</td><td>\(c.clock(i.calledAt))</td><td class=\"num big\">\(i.assignments.count)</td></tr>"
            }
            levels += "</table>"
        }
        let warnings = Set(active.compactMap(\.warningColour)).sorted { colourRank($0) > colourRank($1) }
        var warn = warnings.isEmpty ? "<div class=\"empty\">\(c.t("no_warnings"))</div>" : ""
        for w in warnings {
            warn += "<span class=\"lv\" style=\"background:\(Theme.levelColour(w));font-size:26px;margin-right:10px\">\(c.t("warning_" + w))</span>"
        }
        let map = SituationMap(context: c, layers: [.hazards, .facilities, .units], widthPx: 1100, heightPx: 760).svg()
        let body = c.panel("situation_map", note: c.t("map_note"), map)
            + "<div class=\"stack\"><div class=\"tiles\">\(tiles)</div>"
            + c.panel("levels_in_force", levels) + c.panel("warnings_in_force", warn) + "</div>"
        return PageShell.html(.overview, c, mainClass: "two", body: body)
    }

    /// I = 4 … IV = 1.
    static func rank(_ level: String) -> Int { ["I": 4, "II": 3, "III": 2, "IV": 1][level] ?? 0 }
    static func colourRank(_ c: String) -> Int { ["red": 4, "orange": 3, "yellow": 2, "blue": 1][c] ?? 0 }
}
