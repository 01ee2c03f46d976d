import Engine

/// 绩效: the response intervals at the 90th percentile against their standards, the case KPIs, and the counts by
/// level and type — exactly ``IncidentKPIReport``'s figures, formatted as `beacon kpi` prints them.
enum PerformancePage {
    static func render(_ c: PageContext) -> String {
        let r = c.situation.kpi
        var table = "<table class=\"kpi\"><tr><th>\(c.t("interval"))</th><th>\(c.t("between"))</th><th class=\"num\">n</th><th class=\"num\">P90</th>"
            + "<th class=\"num\">\(c.t("median"))</th><th class=\"num\">\(c.t("standard"))</th><th class=\"num\">\(c.t("within_standard"))</th><th>\(c.t("meets"))</th></tr>"
        for i in r.intervals {
            let meets = i.meetsStandard.map { $0 ? "<b class=\"ok\">✔ \(c.t("yes"))</b>" : "<b class=\"bad\">✘ \(c.t("no"))</b>" } ?? "<span class=\"muted\">—</span>"
            table += "<tr><td><b>\(Markup.escape(c.language == .zh ? i.standard.nameZh : i.standard.nameEn))</b></td>"
                + "<td class=\"muted\">\(c.t("col_" + i.standard.fromColumn)) → \(c.t("col_" + i.standard.toColumn))</td>"
                + "<td class=\"num\">\(i.samples)</td><td class=\"num big\">\(IncidentKPIs.duration(i.p90Seconds))</td>"
                + "<td class=\"num\">\(IncidentKPIs.duration(i.medianSeconds))</td><td class=\"num\">\(IncidentKPIs.duration(i.standard.limitSeconds))</td>"
                + "<td class=\"num\">\(IncidentKPIs.percent(i.compliance))</td><td>\(meets)</td></tr>"
        }
        table += "</table><div class=\"note\">" + r.intervals.map { Markup.escape($0.standard.source) }.joined(separator: " · ")
            + " · \(c.t("p90_note"))</div>"
        let bars = r.intervals.map { i in
            BarChart.Bar(label: c.language == .zh ? i.standard.nameZh : i.standard.nameEn, value: i.p90Seconds ?? 0,
                         text: "\(IncidentKPIs.duration(i.p90Seconds)) / \(IncidentKPIs.duration(i.standard.limitSeconds))",
                         target: i.standard.limitSeconds, cssClass: i.meetsStandard.map { $0 ? "ok" : "over" } ?? "")
        }
        let chart = BarChart(bars: bars).svg(width: 900, height: 230)

        let k = r.cases
        let cases = "<div class=\"tiles\" style=\"grid-template-columns:repeat(2,minmax(0,1fr))\">"
            + c.tile(IncidentKPIs.percent(k.closureRate), "closure_rate", sub: "\(k.closed) \(c.t("closed")) / \(k.due) \(c.t("due_cases"))", tone: tone(k.closureRate, higherIsBetter: true))
            + c.tile(IncidentKPIs.percent(k.onTimeRate), "on_time_rate", sub: "\(k.closedOnTime) \(c.t("on_time")) / \(k.due) \(c.t("due_cases"))", tone: tone(k.onTimeRate, higherIsBetter: true))
            + c.tile(IncidentKPIs.percent(k.reworkRate), "rework_rate", sub: "\(k.reworked) \(c.t("reopened")) / \(k.everClosed) \(c.t("ever_closed"))", tone: tone(k.reworkRate, higherIsBetter: false))
            + c.tile(IncidentKPIs.percent(k.extensionRate), "extension_rate", sub: "\(k.extended) \(c.t("past_limit")) / \(k.due) \(c.t("due_cases"))", tone: tone(k.extensionRate, higherIsBetter: false))
            + "</div><div class=\"note\">\(c.t("case_note")) " + ["I", "II", "III", "IV"].map { "\($0) \(Markup.number(r.limits.hours[$0] ?? 0)) h" }.joined(separator: " · ")
            + " · \(c.t("as_of")) \(Markup.escape(r.asOf))</div>"

        let levelBars = r.byLevel.map { l in
            BarChart.Bar(label: Labels.text("level_" + l.level, c.language), value: Double(l.count), text: "\(l.count) (\(l.active) \(Labels.text("open", c.language)))", cssClass: "lv" + l.level)
        }
        let typeBars = r.byType.prefix(8).map { t in BarChart.Bar(label: c.language == .zh ? t.nameZh : t.nameEn, value: Double(t.count)) }
        var level = BarChart(bars: levelBars)
        level.labelWidth = 170
        var type = BarChart(bars: Array(typeBars))
        type.labelWidth = 170
        let counts = level.svg(width: 760, height: 160) + "<div style=\"height:12px\"></div>"
            + (typeBars.isEmpty ? "<div class=\"empty\">\(c.t("no_incidents"))</div>" : type.svg(width: 760, height: Double(typeBars.count) * 40))

        let body = c.panel("response_intervals", note: "\(c.t("incidents")) \(r.total)", table + chart)
            + "<div class=\"stack\">" + c.panel("case_kpis", cases) + c.panel("counts_by_level_type", counts) + "</div>"
        return PageShell.html(.performance, c, mainClass: "cols2 top", body: body)
    }

    /// Tile colour for a rate: good at ≥ 90 % (≤ 10 % when lower is better), bad under 60 % (over 30 %), else a warning.
    static func tone(_ rate: Double?, higherIsBetter: Bool) -> String {
        guard let r = rate else { return "" }
        let good = higherIsBetter ? r >= 0.9 : r <= 0.1
        let bad = higherIsBetter ? r < 0.6 : r > 0.3
        return good ? "good" : bad ? "bad" : "warn"
    }
}
