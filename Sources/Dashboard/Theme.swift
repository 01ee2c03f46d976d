/// The command-centre wall look: dark background, large numerals, level colours (Ⅰ red, Ⅱ orange, Ⅲ yellow,
/// Ⅳ blue — DOMAIN.md's warning colours), system fonts only (nothing fetched). One stylesheet, inlined in every page.
enum Theme {
    /// Colour of a response level `I` … `IV` (or a warning colour name).
    static func levelColour(_ level: String) -> String {
        switch level {
        case "I", "red": "#ff3b3b"
        case "II", "orange": "#ff8a1f"
        case "III", "yellow": "#ffd21f"
        case "IV", "blue": "#3b8bff"
        default: "#8aa0b8"
        }
    }

    /// Colour of a unit status.
    static func statusColour(_ status: String) -> String {
        switch status {
        case "available": "#22c55e"
        case "dispatched": "#ffd21f"
        case "en_route": "#ff8a1f"
        case "on_scene": "#ff3b3b"
        case "returning": "#38bdf8"
        default: "#64748b"
        }
    }

    static let css = """
    *{box-sizing:border-box;margin:0;padding:0}
    html,body{background:#070d1a;color:#e6edf7;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","DejaVu Sans",sans-serif;font-size:18px;line-height:1.35}
    body{min-height:100vh;display:flex;flex-direction:column}
    header{display:flex;align-items:center;gap:28px;padding:12px 24px;background:linear-gradient(90deg,#0d1b33,#0a1426);border-bottom:2px solid #1e3a5f}
    header h1{font-size:30px;font-weight:700;letter-spacing:2px;white-space:nowrap}
    header .scope{font-size:20px;color:#9fb3cc;white-space:nowrap}
    header .clock{margin-left:auto;font-size:26px;font-variant-numeric:tabular-nums;color:#7dd3fc;white-space:nowrap}
    nav{display:flex;gap:6px;padding:6px 24px;background:#0a1222;border-bottom:1px solid #16263f;flex-wrap:wrap}
    nav a{color:#9fb3cc;text-decoration:none;padding:6px 16px;border-radius:6px;font-size:18px}
    nav a.on{background:#1e3a5f;color:#fff;font-weight:700}
    main{flex:1;display:grid;gap:16px;padding:16px 24px}
    .two{grid-template-columns:minmax(0,1.55fr) minmax(0,1fr)}
    .cols2{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
    .cols3{grid-template-columns:repeat(3,minmax(0,1fr))}
    .panel{background:#0d182b;border:1px solid #1b2f4d;border-radius:10px;padding:14px 18px;min-width:0;overflow:hidden}
    .panel h2{font-size:21px;color:#9fd5ff;font-weight:700;margin-bottom:10px;letter-spacing:1px}
    .panel h2 small{color:#6b819c;font-weight:400;font-size:15px;margin-left:10px;letter-spacing:0}
    .stack{display:flex;flex-direction:column;gap:16px;min-width:0}
    .tiles{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:12px}
    .tile{background:#0f2038;border:1px solid #1f3b61;border-radius:10px;padding:10px 14px}
    .tile .v{font-size:48px;font-weight:800;line-height:1.08;font-variant-numeric:tabular-nums;white-space:nowrap;letter-spacing:-1px}
    .tile .k{font-size:16px;color:#9fb3cc}
    .tile .s{font-size:14px;color:#6b819c}
    .tile.bad .v{color:#ff5b5b}.tile.good .v{color:#4ade80}.tile.warn .v{color:#ffd21f}
    table{width:100%;border-collapse:collapse;font-size:17px}
    th{color:#7f95b0;font-weight:400;text-align:left;padding:5px 8px;border-bottom:1px solid #1b2f4d;white-space:nowrap}
    td{padding:6px 8px;border-bottom:1px solid #13233b;vertical-align:top}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    .lv{display:inline-block;min-width:44px;text-align:center;border-radius:5px;font-weight:800;color:#0b1220;padding:1px 8px}
    .lvI{background:#ff3b3b}.lvII{background:#ff8a1f}.lvIII{background:#ffd21f}.lvIV{background:#3b8bff;color:#fff}
    .st{display:inline-block;border-radius:5px;padding:0 8px;font-size:15px;color:#0b1220;font-weight:700}
    .big{font-size:40px;font-weight:800}
    .muted{color:#6b819c}.ok{color:#4ade80}.bad{color:#ff5b5b}.warn{color:#ffd21f}
    .legend{display:flex;flex-wrap:wrap;gap:14px;font-size:15px;color:#9fb3cc;margin-top:8px}
    .legend i{display:inline-block;width:14px;height:14px;border-radius:50%;margin-right:5px;vertical-align:-2px}
    .legend i.sq{border-radius:2px}
    .empty{color:#6b819c;font-size:18px;padding:10px 0}
    .note{color:#6b819c;font-size:14px;margin-top:8px}
    .note.warn{color:#ffd21f}
    .timeline{list-style:none;border-left:3px solid #1f3b61;margin-left:8px;padding-left:14px}
    .timeline li{margin:0 0 6px;font-size:16px}
    .timeline .t{color:#7dd3fc;font-variant-numeric:tabular-nums;margin-right:8px}
    .timeline .kind{color:#9fb3cc;margin-right:6px}
    .overdue{color:#ff5b5b;font-weight:700}
    svg{display:block}
    svg.map{background:#0a1426;border-radius:8px;width:100%;height:auto}
    .road{fill:none;stroke:#2a4466;stroke-linecap:round;stroke-linejoin:round}
    .road.r1{stroke:#3f6a99;stroke-width:2.6}.road.r2{stroke:#33577f;stroke-width:1.8}.road.r3{stroke:#29476a;stroke-width:1.1}
    .district{fill:none;stroke:#5b7fa8;stroke-width:1.2;stroke-dasharray:5 4;opacity:.8}
    .district.sel{stroke:#7dd3fc;stroke-width:2.5;stroke-dasharray:none;fill:#7dd3fc;fill-opacity:.05}
    .closure{fill:none;stroke:#ff3b3b;stroke-width:6;stroke-dasharray:8 5;stroke-linecap:butt}
    .zone{stroke-width:2}
    .pipe-water{fill:none;stroke:#38bdf8;stroke-width:3.4;opacity:.5}
    .pipe-gas{fill:none;stroke:#fbbf24;stroke-width:1.1;opacity:.95}
    .maplabel{fill:#e6edf7;font-size:15px;font-weight:700;paint-order:stroke;stroke:#070d1a;stroke-width:4px}
    .chart .grid{stroke:#1b2f4d;stroke-width:1}
    .chart .tick{fill:#7f95b0;font-size:14px}
    .chart .obs{fill:none;stroke:#7dd3fc;stroke-width:2.2}
    .chart .fc{fill:none;stroke:#c084fc;stroke-width:2;stroke-dasharray:6 4}
    .chart .band{fill:#c084fc;fill-opacity:.16;stroke:none}
    .chart .band80{fill:#c084fc;fill-opacity:.26;stroke:none}
    .chart .thr{stroke:#ff5b5b;stroke-width:1.4;stroke-dasharray:4 4}
    .chart .thrl{fill:#ff8a8a;font-size:13px}
    .chart .anom{fill:none;stroke:#ff3b3b;stroke-width:3}
    .chart .blabel{fill:#c9d6e6;font-size:17px}
    .chart .bval{fill:#e6edf7;font-size:17px;font-weight:700}
    .chart .bar{fill:#38bdf8}.chart .bar.lvI{fill:#ff3b3b}.chart .bar.lvII{fill:#ff8a1f}.chart .bar.lvIII{fill:#ffd21f}.chart .bar.lvIV{fill:#3b8bff}
    .chart .bar.ok{fill:#22c55e}.chart .bar.over{fill:#ff3b3b}.chart .bar.short{fill:#ff8a1f}
    .chart .target{stroke:#ffffff;stroke-width:3}
    .top{align-items:start}
    table.compact td{padding:4px 8px}
    table.kpi td{vertical-align:middle}
    .nowrap{white-space:nowrap}
    .panel h3{font-size:16px;color:#6b819c;font-weight:400;margin:10px 0 6px}
    td.big{font-size:30px;font-weight:800;line-height:1.1;vertical-align:middle}
    footer{padding:6px 24px 10px;color:#4f6684;font-size:14px}
    """
}
