import Engine

/// 资源: units by type and status, units the plans ask for against those committed, facilities, and warehouse stock
/// against the supplies the active incidents' plans request.
enum ResourcesPage {
    static let statuses = ["available", "dispatched", "en_route", "on_scene", "returning", "out_of_service"]

    static func render(_ c: PageContext) -> String {
        let s = c.situation
        let kinds = Array(Set(s.units.map(\.kind))).sorted()
        var units = "<table class=\"compact\"><tr><th>\(c.t("unit_type"))</th>" + statuses.map { "<th class=\"num\">\(c.statusBadge($0))</th>" }.joined()
            + "<th class=\"num\">\(c.t("total"))</th></tr>"
        for k in kinds {
            let of = s.units.filter { $0.kind == k }
            units += "<tr><td>\(c.t("unit_" + k))</td>" + statuses.map { st in
                let n = of.filter { $0.status == st }.count
                return "<td class=\"num\(n > 0 && st != "available" ? " warn" : "")\">\(n == 0 ? "·" : String(n))</td>"
            }.joined() + "<td class=\"num\"><b>\(of.count)</b></td></tr>"
        }
        units += "</table>"
        if kinds.isEmpty { units = "<div class=\"empty\">\(c.t("no_units"))</div>" }

        // Units the active incidents' dispatch tasks ask for, against those assigned.
        var need: [String: Int] = [:], have: [String: Int] = [:]
        for i in s.activeIncidents {
            for t in i.tasks where t.action == "dispatch" { for (k, n) in t.units { need[k, default: 0] += n } }
            for a in i.assignments { if let u = s.units.first(where: { $0.id == a.unitID }) { have[u.kind, default: 0] += 1 } }
        }
        let bars = need.keys.sorted().map { k in
            BarChart.Bar(label: Labels.text("unit_" + k, c.language), value: Double(have[k] ?? 0), text: "\(have[k] ?? 0) / \(need[k]!)",
                         target: Double(need[k]!), cssClass: (have[k] ?? 0) >= need[k]! ? "ok" : "short")
        }
        let needs = bars.isEmpty ? "<div class=\"empty\">\(c.t("no_unit_needs"))</div>" : BarChart(bars: bars).svg(width: 560, height: Double(bars.count) * 44)

        // Stock against requested supplies.
        var requested: [String: Double] = [:]
        for i in s.activeIncidents {
            for t in i.tasks where t.action == "request_supplies" {
                for (item, q) in t.parameters { if let v = Double(q.prefix { "0123456789.".contains($0) }) { requested[item, default: 0] += v } }
            }
        }
        var byItem: [String: (name: String, qty: Double, unit: String)] = [:]
        for l in s.stock { byItem[l.itemCode, default: (l.itemName, 0, l.unit)].qty += l.quantity }
        var stock = "<table><tr><th>\(c.t("item"))</th><th class=\"num\">\(c.t("in_stock"))</th><th class=\"num\">\(c.t("requested"))</th><th class=\"num\">\(c.t("balance"))</th></tr>"
        for code in Set(byItem.keys).union(requested.keys).sorted() {
            let item = byItem[code]
            let name = item.map { n in c.language == .zh ? String(n.name.split(separator: " ").first ?? "") : n.name.split(separator: " ").dropFirst().joined(separator: " ") } ?? code
            let q = item?.qty ?? 0, r = requested[code] ?? 0
            stock += "<tr><td>\(Markup.escape(code)) \(Markup.escape(name))</td><td class=\"num\">\(Markup.number(q)) \(Markup.escape(item?.unit ?? ""))</td>"
                + "<td class=\"num\">\(r > 0 ? Markup.number(r) : "·")</td><td class=\"num \(q - r < 0 ? "bad" : "ok")\">\(Markup.number(q - r))</td></tr>"
        }
        stock += "</table>"
        if byItem.isEmpty && requested.isEmpty { stock = "<div class=\"empty\">\(c.t("no_stock"))</div>" }

        var facilities = "<div class=\"tiles\" style=\"grid-template-columns:repeat(2,minmax(0,1fr))\">"
        for kind in ["fire_station", "hospital", "ambulance_station", "police", "shelter", "warehouse"] {
            let of = s.facilities.filter { $0.kind == kind }
            let capacity = of.compactMap { $0.properties["capacity"]?.doubleValue }.reduce(0, +)
            facilities += c.tile(String(of.count), "kind_" + kind, sub: capacity > 0 ? "\(c.t("capacity")) \(Markup.number(capacity))" : "")
        }
        facilities += "</div>"

        let map = SituationMap(context: c, layers: [.allFacilities, .units], widthPx: 600, heightPx: 760).svg()
        let body = "<div class=\"stack\">" + c.panel("units_by_status", units) + c.panel("unit_needs", note: c.t("unit_needs_note"), needs) + "</div>"
            + "<div class=\"stack\">" + c.panel("facilities", facilities) + c.panel("stock_vs_needs", stock) + "</div>"
            + c.panel("resource_map", map)
        return PageShell.html(.resources, c, mainClass: "cols3 top", body: body)
    }
}
