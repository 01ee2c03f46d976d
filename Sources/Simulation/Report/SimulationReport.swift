import Foundation

/// The self-contained HTML report of a simulation: inline CSS and SVG, no scripts, no external fetches, so it opens
/// from `file://` on an air-gapped network. Every KPI names the two timestamps it measures between.
public enum SimulationReport {
    public static func html(_ r: SimulationResult) -> String {
        var b = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>\(esc(r.title)) — Beacon plan rehearsal</title>\n<style>\(css)</style></head><body>\n"
        b += "<h1>预案仿真 Plan rehearsal: \(esc(r.title))</h1>\n"
        b += "<p class=meta>Scenario <code>\(esc(r.scenario))</code> · \(esc(r.period[0])) → \(esc(r.period[1])) · plans in force: \(esc(r.plans.joined(separator: ", "))) · "
        b += "\(r.runs) replication\(r.runs == 1 ? "" : "s") per policy, seed \(r.seed) · \(r.model.units) units, \(r.model.demandPlaces) demand places, \(r.model.roadStates) road state\(r.model.roadStates == 1 ? "" : "s") · \(esc(r.model.roadBasis))</p>\n"
        let policies = r.policies.map(\.policy)

        b += "<h2>Response-time standards (call → first unit of the type on scene, 90th percentile)</h2>\n"
        b += "<table><tr><th>standard</th><th>target</th>" + policies.map { "<th>\(esc($0)): p90</th><th>\(esc($0)): within target</th>" }.joined() + "</tr>\n"
        for (k, s) in (r.policies.first?.summary.standards ?? []).enumerated() {
            b += "<tr><td>\(esc(s.name))<div class=src>\(esc(s.source))</div></td><td>\(duration(s.targetSeconds)) for ≥ \(pct(s.requiredShare))</td>"
            for p in r.policies {
                let x = p.summary.standards[k]
                let ok = (x.compliance?.mean ?? 0) >= s.requiredShare
                b += "<td>\(est(x.p90Seconds, duration))</td><td class=\(ok ? "ok" : "bad")>\(est(x.compliance, pct)) \(ok ? "✓" : "✗")</td>"
            }
            b += "</tr>\n"
        }
        b += "</table>\n"

        b += "<h2>Calls by stream (call → first unit on scene)</h2>\n<table><tr><th>stream</th>"
            + policies.map { "<th>\(esc($0)): calls</th><th>mean</th><th>p90</th>" }.joined() + "</tr>\n"
        for (k, s) in (r.policies.first?.summary.streams ?? []).enumerated() {
            b += "<tr><td>\(esc(s.name))</td>"
            for p in r.policies {
                let x = p.summary.streams[k]
                b += "<td>\(est(x.calls) { String(format: "%.0f", $0) })</td><td>\(est(x.meanResponseSeconds, duration))</td><td>\(est(x.p90ResponseSeconds, duration))</td>"
            }
            b += "</tr>\n"
        }
        b += "</table>\n"

        b += "<h2>Unit utilisation (dispatch → back at station, share of the period)</h2>\n" + utilisationChart(r)
        for (k, c) in (r.policies.first?.summary.coverage ?? []).enumerated() {
            b += "<h2>Coverage over time: \(esc(c.name))</h2>\n<p class=src>Share of demand places a free unit reaches within the target (turnout + drive), each point the mean of \(c.hoursPerPoint) h and of the replications.</p>\n"
            b += coverageChart(r.policies.map { ($0.policy, $0.summary.coverage[k].meanShares) })
            b += "<p>" + r.policies.map { "\(esc($0.policy)): mean \(est($0.summary.coverage[k].mean, pct)), lowest hour \(est($0.summary.coverage[k].minimum, pct))" }.joined(separator: " · ") + "</p>\n"
        }

        b += "<h2>Unmet requirements (units per replication)</h2>\n<table><tr><th>unit type</th>" + policies.map { "<th>\(esc($0)): waited</th><th>never sent</th>" }.joined() + "</tr>\n"
        for kind in Set(r.policies.flatMap { $0.summary.waited.keys }).sorted() {
            b += "<tr><td>\(esc(kind))</td>" + r.policies.map { p in
                "<td>\(est(p.summary.waited[kind]) { String(format: "%.1f", $0) })</td><td>\(est(p.summary.neverSent[kind]) { String(format: "%.1f", $0) })</td>"
            }.joined() + "</tr>\n"
        }
        b += "</table>\n"

        let items = Set(r.policies.flatMap { $0.summary.stockShortfall.keys }).sorted()
        b += "<h2>Stock drawn from warehouses</h2>\n"
        if items.isEmpty { b += "<p>No plan step requested supplies.</p>\n" } else {
            b += "<table><tr><th>item</th><th>requested</th>" + policies.map { "<th>\(esc($0)): shortfall</th>" }.joined() + "</tr>\n"
            for item in items {
                let rep = r.policies.first?.replications.first?.stock.first { $0.item == item }
                b += "<tr><td>\(esc(item)) \(esc(rep?.name ?? ""))</td><td>\(rep.map { String(format: "%.0f", $0.requested) } ?? "")</td>"
                    + r.policies.map { p in let e = p.summary.stockShortfall[item]; return "<td class=\((e?.mean ?? 0) > 0 ? "bad" : "ok")>\(est(e) { String(format: "%.0f", $0) })</td>" }.joined() + "</tr>\n"
            }
            b += "</table>\n"
        }

        b += "<h2>Deadlines (plan tasks with a due time)</h2>\n<p>" + r.policies.map { p in
            "\(esc(p.policy)): \(est(p.summary.deadlinesMissed) { String(format: "%.1f", $0) }) missed of \(est(p.summary.deadlineTasks) { String(format: "%.0f", $0) })"
        }.joined(separator: " · ") + "</p>\n"
        if let missed = r.policies.first?.replications.first?.deadlines.missedTasks, !missed.isEmpty {
            b += "<ul>" + missed.map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
        }

        if let injects = r.policies.first?.replications.first?.injects, !injects.isEmpty {
            b += "<h2>Scripted injects (first replication, \(esc(r.policies[0].policy)))</h2>\n<table><tr><th>at</th><th>type</th><th>level</th><th>plans</th><th>tasks</th><th>units sent</th><th>first on scene</th><th>evacuation</th></tr>\n"
            for i in injects {
                let e = i.evacuation.map { "\($0.peopleToMove) people to \($0.sheltersUsed) shelters (\($0.shelterPlaces) places); unplaced \($0.unplaced); slowest shelter \(duration($0.slowestShelterSeconds)) — \($0.model)" } ?? ""
                b += "<tr><td>\(esc(i.at))</td><td>\(esc(i.type))</td><td>\(esc(i.level))</td><td>\(esc(i.plans.joined(separator: ", ")))</td><td>\(i.tasks)</td><td>\(i.unitsSent)</td><td>\(i.firstOnSceneSeconds.map(duration) ?? "—")</td><td class=\((i.evacuation?.unplaced ?? 0) > 0 ? "bad" : "")>\(esc(e))</td></tr>\n"
            }
            b += "</table>\n"
            for i in injects where !i.dispatchReasons.isEmpty {
                b += "<p>Dispatcher's reasons for \(esc(i.type)) at \(esc(i.at)) (Engine DispatchCore):</p>\n<ul>"
                    + i.dispatchReasons.map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
            }
        }
        if !r.model.notes.isEmpty { b += "<h2>Notes on the city data</h2>\n<ul>" + r.model.notes.map { "<li class=bad>\(esc($0))</li>" }.joined() + "</ul>\n" }
        b += "<h2>How this was computed</h2>\n<ul>" + r.model.approximations.map { "<li>\(esc($0))</li>" }.joined()
            + "<li>Confidence intervals: 95 %, Student t across replications (± half-width); one replication gives no interval.</li></ul>\n"
        b += "<p class=src>Beacon \(esc(r.schema)). Exercise data: facilities, units and stock are invented on real OpenStreetMap roads (© OpenStreetMap contributors, ODbL).</p>\n</body></html>\n"
        return b
    }

    // MARK: charts

    static let palette = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700"]

    static func utilisationChart(_ r: SimulationResult) -> String {
        let kinds = Set(r.policies.flatMap { $0.summary.utilisation.keys }).sorted()
        let rowH = 16.0 * Double(max(1, r.policies.count)) + 8, width = 640.0, left = 110.0
        var s = "<svg viewBox=\"0 0 \(Int(width)) \(Int(rowH * Double(kinds.count) + 24))\" width=\"\(Int(width))\" role=img aria-label=\"unit utilisation\">"
        for (k, kind) in kinds.enumerated() {
            let y = Double(k) * rowH + 4
            s += "<text x=0 y=\(f(y + 12)) class=lab>\(esc(kind))</text>"
            for (p, policy) in r.policies.enumerated() {
                let v = policy.summary.utilisation[kind]?.mean ?? 0
                let w = max(1, (width - left - 60) * min(1, v))
                s += "<rect x=\(f(left)) y=\(f(y + Double(p) * 16)) width=\(f(w)) height=13 fill=\"\(palette[p % palette.count])\"><title>\(esc(policy.policy)) \(pct(v))</title></rect>"
                s += "<text x=\(f(left + w + 4)) y=\(f(y + Double(p) * 16 + 11)) class=lab>\(pct(v))</text>"
            }
        }
        s += legend(r.policies.map(\.policy), y: rowH * Double(kinds.count) + 18)
        return s + "</svg>\n"
    }

    static func coverageChart(_ series: [(String, [Double])]) -> String {
        let width = 640.0, height = 180.0, left = 40.0, bottom = 20.0
        var s = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height + 20))\" width=\"\(Int(width))\" role=img aria-label=\"coverage over time\">"
        for g in [0.0, 0.5, 1.0] {
            let y = (height - bottom) * (1 - g) + 4
            s += "<line x1=\(f(left)) x2=\(f(width)) y1=\(f(y)) y2=\(f(y)) class=grid /><text x=0 y=\(f(y + 4)) class=lab>\(pct(g))</text>"
        }
        for (p, (_, values)) in series.enumerated() where values.count > 0 {
            let dx = (width - left) / Double(max(1, values.count - 1))
            let pts = values.enumerated().map { "\(f(left + Double($0.offset) * dx)),\(f((height - bottom) * (1 - $0.element) + 4))" }.joined(separator: " ")
            s += "<polyline fill=none stroke=\"\(palette[p % palette.count])\" stroke-width=1.5 points=\"\(pts)\" />"
        }
        s += legend(series.map(\.0), y: height + 12)
        return s + "</svg>\n"
    }

    static func legend(_ names: [String], y: Double) -> String {
        names.enumerated().map { p, n in
            "<rect x=\(f(110 + Double(p) * 120)) y=\(f(y - 9)) width=10 height=10 fill=\"\(palette[p % palette.count])\" /><text x=\(f(124 + Double(p) * 120)) y=\(f(y)) class=lab>\(esc(n))</text>"
        }.joined()
    }

    // MARK: text

    static let css = """
        body{font:14px/1.45 system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:24px auto;max-width:1100px;color:#1f2328;padding:0 16px}
        h1{font-size:22px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #d0d7de}
        table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#f6f8fa}.ok{color:#1a7f37}.bad{color:#d1242f;font-weight:600}.meta,.src{color:#57606a;font-size:12px}
        .lab{font:11px system-ui,sans-serif;fill:#57606a}.grid{stroke:#d0d7de;stroke-width:.5}code{background:#f6f8fa;padding:0 3px}
        """

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
    static func f(_ x: Double) -> String { String(format: "%.1f", x) }
    static func pct(_ x: Double) -> String { String(format: "%.1f %%", x * 100) }
    /// "4 min 05 s", "48 s".
    public static func duration(_ s: Double) -> String {
        guard s.isFinite else { return "—" }
        let t = Int(s.rounded())
        return t < 60 ? "\(t) s" : String(format: "%d min %02d s", t / 60, t % 60)
    }
    static func est(_ e: Estimate?, _ show: (Double) -> String) -> String {
        guard let e else { return "—" }
        return show(e.mean) + (e.ci95.map { " <span class=src>± \(show($0))</span>" } ?? "")
    }
}
