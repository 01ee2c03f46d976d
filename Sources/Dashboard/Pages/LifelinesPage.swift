import Engine

/// 生命线: water mains and gas pipes on the map with the sensors (those with a standing alarm red), sensor readings
/// against their thresholds, the alarms of `beacon alarms` (Engine `SensorAlarms.evaluate`), and the isolations the
/// active incidents' plans ask for.
enum LifelinesPage {
    static let sensorRows = 5
    static let alarmRows = 4

    static func render(_ c: PageContext) -> String {
        let s = c.situation
        func rank(_ x: SensorSnapshot) -> Int { x.alarm != nil ? 0 : !x.alarms.isEmpty ? 1 : x.latest != nil ? 2 : 3 }
        let sensors = s.sensors.sorted { (rank($0), $0.feature.id) < (rank($1), $1.feature.id) }
        var table = "<table class=\"compact\"><tr><th>\(c.t("sensor"))</th><th>\(c.t("sensor_kind"))</th><th class=\"num\">\(c.t("latest"))</th><th class=\"num\">\(c.t("thresholds"))</th><th>\(c.t("state"))</th></tr>"
        for x in sensors.prefix(sensorRows) {
            let value = x.latest.map { Markup.number($0.value) + " " + Markup.escape(x.unit) } ?? "—"
            let limits = switch (x.low, x.high) {
            case let (l?, h?): "\(Markup.number(l))–\(Markup.number(h))"
            case let (l?, nil): "≥ \(Markup.number(l))"
            case let (nil, h?): "≤ \(Markup.number(h))"
            default: ""
            }
            let state = if let kind = x.alarm { "<b class=\"bad\">\(c.t("alarm_" + kind))</b>" }
                else if let last = x.alarms.last { "<span class=\"warn\">\(c.t("last_alarm")) \(c.clock(Double(last.episode.raisedAt)).prefix(10))</span>" }
                else if x.latest == nil { "<span class=\"muted\">\(c.t("no_readings"))</span>" }
                else { "<span class=\"ok\">\(c.t("normal"))</span>" }
            table += "<tr><td>\(c.name(x.feature))</td><td class=\"nowrap\">\(c.t("sensor_" + x.feature.kind))</td>"
                + "<td class=\"num nowrap\">\(value)</td><td class=\"num muted nowrap\">\(limits)</td><td class=\"nowrap\">\(state)</td></tr>"
        }
        table += "</table>"
        if sensors.count > sensorRows { table += "<div class=\"note\">\(c.t("more_sensors")): \(sensors.count - sensorRows)</div>" }
        if sensors.isEmpty { table = "<div class=\"empty\">\(c.t("no_sensors"))</div>" }

        let names = Dictionary(s.sensors.map { ($0.feature.id, c.name($0.feature)) }, uniquingKeysWith: { a, _ in a })
        var alarms = "<table class=\"compact\"><tr><th>\(c.t("sensor"))</th><th>\(c.t("alarm"))</th><th>\(c.t("raised_cleared"))</th><th class=\"num\">\(c.t("peak_limit"))</th></tr>"
        let newest = s.sensorAlarms.sorted { ($0.episode.isOpen ? 0 : 1, -$0.episode.raisedAt) < ($1.episode.isOpen ? 0 : 1, -$1.episode.raisedAt) }
        for a in newest.prefix(alarmRows) {
            let e = a.episode
            let raised = c.clock(Double(e.raisedAt))
            let cleared = e.clearedAt.map { t in
                let text = c.clock(Double(t))
                return text.prefix(4) == raised.prefix(4) ? String(text.dropFirst(5)) : text
            } ?? "<b class=\"bad\">\(c.t("standing"))</b>"
            // A bare series id may break after its separators (beijing:Guanyuan/<wbr>PM2.5) so the table keeps to the panel.
            let name = names[e.sensorID] ?? Markup.escape(e.sensorID).replacingOccurrences(of: "/", with: "/<wbr>").replacingOccurrences(of: ":", with: ":<wbr>")
            alarms += "<tr><td>\(name)</td><td class=\"nowrap\">\(c.t("alarm_short_" + e.kind.rawValue))</td>"
                + "<td class=\"nowrap\">\(raised) → \(cleared)</td>"
                + "<td class=\"num nowrap\">\(Markup.number(e.peak)) / \(Markup.number(e.limit)) \(Markup.escape(e.unit))</td></tr>"
        }
        alarms += "</table>"
        if newest.count > alarmRows { alarms += "<div class=\"note\">\(c.t("more_alarms")): \(newest.count - alarmRows) · beacon alarms</div>" }
        if newest.isEmpty { alarms = "<div class=\"empty\">\(c.t("no_alarms"))</div>" }

        let withReadings = s.sensors.filter { $0.latest != nil }.count
        let tiles = "<div class=\"tiles\">" + c.alarmTile()
            + c.tile(String(withReadings), "sensors_reporting", sub: "\(c.t("of")) \(s.sensors.count)")
            + c.tile(Markup.number(s.pipes.reduce(0) { $0 + ($1.properties["length_m"]?.doubleValue ?? 0) } / 1000, decimals: 0), "km_mains_shown") + "</div>"

        var isolations = ""
        for i in s.activeIncidents {
            for t in i.tasks where t.action == "isolate" {
                isolations += "<tr><td>\(c.levelBadge(i.level)) \(c.incidentName(i.feature))</td><td>\(c.t("network_" + (t.parameters["network"] ?? "other")))</td>"
                    + "<td>\(Markup.escape(t.text))</td><td>\(c.hm(t.dueAt))</td></tr>"
            }
        }
        isolations = isolations.isEmpty ? "<div class=\"empty\">\(c.t("no_isolations"))</div>"
            : "<table class=\"compact\"><tr><th>\(c.t("incident"))</th><th>\(c.t("network"))</th><th>\(c.t("task"))</th><th>\(c.t("due"))</th></tr>\(isolations)</table>"
            + "<div class=\"note\">beacon isolate --at LON,LAT --network water|gas</div>"

        let map = SituationMap(context: c, layers: [.pipes, .sensors], widthPx: 1000, heightPx: 720).svg()
        let body = c.panel("lifeline_map", note: c.t("lifeline_map_note"), map)
            + "<div class=\"stack\">" + tiles + c.panel("sensors_alarms", table) + c.panel("alarm_episodes", note: "beacon alarms", alarms)
            + c.panel("isolations", isolations) + "</div>"
        return PageShell.html(.lifelines, c, mainClass: "two", body: body)
    }
}
