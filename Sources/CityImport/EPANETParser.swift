import Foundation

extension EPANETNetwork {
    /// At most this many malformed lines are reported at once; the count of all of them is kept.
    public static let maximumIssues = 20

    /// Reads and parses an `.inp` file. O(n) in the file size.
    ///
    /// - Throws: ``EPANETError/unreadable(file:reason:)`` when the file cannot be read;
    ///   ``EPANETError/invalid(file:issues:totalCount:)`` listing malformed lines by file:line,
    ///   section and field. Nothing is returned when any line is malformed.
    public static func read(contentsOf url: URL) throws(EPANETError) -> EPANETNetwork {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        return try parse(bytes: [UInt8](data), fileName: url.lastPathComponent)
    }

    /// Parses the bytes of an `.inp` file; `fileName` is used in messages. O(n) in bytes.
    ///
    /// Sections may come in any order: options are applied first, then nodes, then links, then the
    /// sections that refer to them (`[DEMANDS]`, `[STATUS]`, `[COORDINATES]`, `[VERTICES]`, `[TAGS]`).
    public static func parse(bytes: [UInt8], fileName: String) throws(EPANETError) -> EPANETNetwork {
        var parser = EPANETParser(file: fileName)
        parser.run(bytes)
        if parser.issueCount > 0 {
            throw .invalid(file: fileName, issues: parser.issues, totalCount: parser.issueCount)
        }
        return parser.network
    }

    /// Parses `.inp` text already in memory (e.g. a test fixture). O(n).
    public static func parse(text: String, fileName: String) throws(EPANETError) -> EPANETNetwork {
        try parse(bytes: Array(text.utf8), fileName: fileName)
    }
}

/// The reading of one `.inp` file; collects issues instead of stopping at the first.
struct EPANETParser {
    let file: String
    var network: EPANETNetwork
    private(set) var issues: [EPANETIssue] = []
    private(set) var issueCount = 0
    private var sections: [EPANETSection: [EPANETLine]] = [:]
    private var titleLines: [String] = []
    private var nodeOrigin: [String: (section: EPANETSection, line: Int)] = [:]
    private var linkOrigin: [String: (section: EPANETSection, line: Int)] = [:]
    private var junctionIndex: [String: Int] = [:]
    private var pipeIndex: [String: Int] = [:]
    private var pumpIndex: [String: Int] = [:]
    private var valveIndex: [String: Int] = [:]
    private var units = EPANETUnitConverter(flowUnits: .gpm, pressureUnits: .psi, headloss: .hazenWilliams)

    init(file: String) {
        self.file = file
        network = EPANETNetwork(fileName: file)
    }

    mutating func run(_ bytes: [UInt8]) {
        split(bytes)
        readOptions()
        read(.junctions) { p, l in p.junction(l) }
        read(.reservoirs) { p, l in p.reservoir(l) }
        read(.tanks) { p, l in p.tank(l) }
        read(.pipes) { p, l in p.pipe(l) }
        read(.pumps) { p, l in p.pump(l) }
        read(.valves) { p, l in p.valve(l) }
        var replacedDemands: Set<String> = []
        read(.demands) { p, l in p.demand(l, replaced: &replacedDemands) }
        read(.status) { p, l in p.status(l) }
        read(.coordinates) { p, l in p.coordinate(l) }
        read(.vertices) { p, l in p.vertex(l) }
        read(.tags) { p, l in p.tag(l) }
    }

    // MARK: Splitting into sections

    private mutating func split(_ bytes: [UInt8]) {
        let (lines, latin1) = EPANETLines.decode(bytes)
        if let first = latin1.first {
            network.warnings.append("\(file):\(first): \(latin1.count) line\(latin1.count == 1 ? " is" : "s are") "
                + "not valid UTF-8 and \(latin1.count == 1 ? "was" : "were") read as ISO-8859-1 (Latin-1)")
        }
        var current: EPANETSection?
        var unknownHeader = false
        var strayLine: Int?
        for (index, text) in lines.enumerated() {
            let number = index + 1
            let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\0" }
            if trimmed.hasPrefix("[") {
                current = EPANETSection(header: String(trimmed))
                unknownHeader = current == nil
                if current == .end { break }
                if unknownHeader {
                    let name = trimmed.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                    network.warnings.append("\(file):\(number): unknown section \(name) skipped")
                }
                continue
            }
            if current == .title {
                let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !t.isEmpty { titleLines.append(t) }
                continue
            }
            let line = EPANETLines.tokenize(text, number: number)
            guard !line.tokens.isEmpty else { continue }
            guard let section = current else {
                if !unknownHeader, strayLine == nil { strayLine = number }
                continue
            }
            sections[section, default: []].append(line)
        }
        if let n = strayLine {
            network.warnings.append("\(file):\(n): data before the first [SECTION] header ignored")
        }
        network.title = titleLines.joined(separator: "\n")
    }

    private mutating func read(_ section: EPANETSection, _ body: (inout EPANETParser, EPANETLine) -> Void) {
        for line in sections[section] ?? [] { body(&self, line) }
    }

    // MARK: Issues and fields

    private mutating func report(_ line: EPANETLine, _ section: EPANETSection, field: Int?, _ message: String) {
        issueCount += 1
        guard issues.count < EPANETNetwork.maximumIssues else { return }
        let names = section.fieldNames
        let name = field.map { $0 < names.count ? names[$0] : "field \($0 + 1)" }
        issues.append(EPANETIssue(file: file, line: line.number, section: section.rawValue, field: name,
                                  message: message))
    }

    /// Checks the field count; reports "expected at least n fields" naming them.
    private mutating func require(_ n: Int, _ line: EPANETLine, _ section: EPANETSection) -> Bool {
        guard line.tokens.count < n else { return true }
        let names = section.fieldNames.prefix(n).joined(separator: ", ")
        report(line, section, field: nil,
               "expected at least \(n) fields (\(names)), found \(line.tokens.count)")
        return false
    }

    /// The number in field `i`; reports and returns nil when it is not a finite number.
    private mutating func number(_ line: EPANETLine, _ i: Int, _ section: EPANETSection) -> Double? {
        let token = line.tokens[i]
        if let v = Double(token), v.isFinite { return v }
        report(line, section, field: i, "'\(token)' is not a number")
        return nil
    }

    /// The number in field `i` when present, else `fallback`; `.none` after reporting a bad value.
    private mutating func optionalNumber(_ line: EPANETLine, _ i: Int, _ section: EPANETSection,
                                         default fallback: Double) -> Double? {
        i < line.tokens.count ? number(line, i, section) : fallback
    }

    /// A text field that may be absent or `*` (EPANET's "none").
    private func optionalText(_ line: EPANETLine, _ i: Int) -> String? {
        guard i < line.tokens.count, line.tokens[i] != "*" else { return nil }
        return line.tokens[i]
    }

    private mutating func positive(_ v: Double, _ line: EPANETLine, _ i: Int, _ section: EPANETSection) -> Bool {
        if v > 0 { return true }
        report(line, section, field: i, "must be greater than zero, found \(line.tokens[i])")
        return false
    }

    // MARK: Ids

    private mutating func newNode(_ line: EPANETLine, _ section: EPANETSection) -> String? {
        newID(line, section, kind: "node", in: \.nodeOrigin)
    }

    private mutating func newLink(_ line: EPANETLine, _ section: EPANETSection) -> String? {
        newID(line, section, kind: "link", in: \.linkOrigin)
    }

    /// The id in field 0, recorded where it was first defined; a duplicate is reported and gives nil.
    private mutating func newID(_ line: EPANETLine, _ section: EPANETSection, kind: String,
                                in origins: WritableKeyPath<Self, [String: (section: EPANETSection, line: Int)]>) -> String? {
        let id = line.tokens[0]
        if let first = self[keyPath: origins][id] {
            report(line, section, field: 0,
                   "duplicate \(kind) id '\(id)' (first defined at \(file):\(first.line) in [\(first.section.rawValue)])")
            return nil
        }
        self[keyPath: origins][id] = (section, line.number)
        return id
    }

    /// Both end nodes of a link line (fields 1 and 2), each checked to exist and to differ.
    private mutating func endNodes(_ line: EPANETLine, _ section: EPANETSection) -> (String, String)? {
        var ok = true
        for i in 1...2 where nodeOrigin[line.tokens[i]] == nil {
            report(line, section, field: i, "unknown node '\(line.tokens[i])'")
            ok = false
        }
        if ok, line.tokens[1] == line.tokens[2] {
            report(line, section, field: 2, "link starts and ends at the same node '\(line.tokens[1])'")
            ok = false
        }
        return ok ? (line.tokens[1], line.tokens[2]) : nil
    }

    // MARK: Options

    private mutating func readOptions() {
        var flow: EPANETFlowUnits?
        var headloss = EPANETHeadlossFormula.hazenWilliams
        var pressure: EPANETPressureUnits?
        for line in sections[.options] ?? [] {
            let t = line.tokens
            let key = t[0].uppercased()
            switch key {
            case "UNITS":
                guard require(2, line, .options) else { continue }
                if let f = EPANETFlowUnits(keyword: t[1]) { flow = f } else {
                    report(line, .options, field: 1, "unknown flow units '\(t[1])'; expected one of "
                        + EPANETFlowUnits.allCases.map(\.rawValue).joined(separator: ", ") + " (or SI, US)")
                }
            case "HEADLOSS":
                guard require(2, line, .options) else { continue }
                if let h = EPANETHeadlossFormula(keyword: t[1]) { headloss = h } else {
                    report(line, .options, field: 1, "unknown headloss formula '\(t[1])'; expected H-W, D-W or C-M")
                }
            case "PRESSURE":
                guard require(2, line, .options) else { continue }
                if let p = EPANETPressureUnits(keyword: t[1]) { pressure = p } else {
                    report(line, .options, field: 1, "unknown pressure units '\(t[1])'; expected PSI, KPA or METERS")
                }
            default: break
            }
            // Raw: the longest run of leading words that are not numbers is the key.
            let words = t.prefix { Double($0) == nil }
            let keyCount = max(1, min(words.count, t.count - 1))
            network.options.raw[t.prefix(keyCount).joined(separator: " ").uppercased()] =
                t.dropFirst(keyCount).joined(separator: " ")
        }
        if flow == nil {
            network.warnings.append("\(file): no [OPTIONS] UNITS; EPANET's default GPM (US customary) assumed")
        }
        let flowUnits = flow ?? .gpm
        network.options.flowUnits = flowUnits
        network.options.headloss = headloss
        network.options.pressureUnits = pressure
        units = EPANETUnitConverter(flowUnits: flowUnits,
                                    pressureUnits: pressure ?? (flowUnits.unitSystem == .si ? .metres : .psi),
                                    headloss: headloss)
    }

    // MARK: Nodes

    private mutating func junction(_ line: EPANETLine) {
        guard require(2, line, .junctions) else { return }
        let elevation = number(line, 1, .junctions)
        let demand = optionalNumber(line, 2, .junctions, default: 0)
        guard let id = newNode(line, .junctions), let elevation, let demand else { return }
        junctionIndex[id] = network.junctions.count
        network.junctions.append(.init(
            id: id, elevationMetres: units.metres(elevation),
            demands: [.init(baseLitresPerSecond: units.litresPerSecond(demand), patternID: optionalText(line, 3))],
            comment: line.comment))
    }

    private mutating func reservoir(_ line: EPANETLine) {
        guard require(2, line, .reservoirs) else { return }
        let head = number(line, 1, .reservoirs)
        guard let id = newNode(line, .reservoirs), let head else { return }
        network.reservoirs.append(.init(id: id, headMetres: units.metres(head), patternID: optionalText(line, 2),
                                        comment: line.comment))
    }

    /// EPANET: 2–3 fields is a fixed-level tank (a reservoir), 4–5 is an error, 6 or more a tank.
    private mutating func tank(_ line: EPANETLine) {
        guard require(2, line, .tanks) else { return }
        let n = line.tokens.count
        if n == 4 || n == 5 {
            report(line, .tanks, field: nil, "expected 2 fields (id, elevation) for a fixed-level tank or at least 6 "
                + "(id, elevation, init_level, min_level, max_level, diameter), found \(n)")
            return
        }
        var values: [Double?] = []
        for i in 1..<min(n, 7) { values.append(n <= 3 && i > 1 ? nil : number(line, i, .tanks)) }
        guard let id = newNode(line, .tanks), !values.prefix(n <= 3 ? 1 : 5).contains(where: { $0 == nil }),
              let elevation = values[0] else { return }
        var tank = EPANETNetwork.Tank(id: id, elevationMetres: units.metres(elevation), comment: line.comment)
        if n >= 6 {
            tank.initialLevelMetres = values[1].map(units.metres)
            tank.minimumLevelMetres = values[2].map(units.metres)
            tank.maximumLevelMetres = values[3].map(units.metres)
            tank.diameterMetres = values[4].map(units.metres)
            tank.minimumVolumeCubicMetres = units.cubicMetres(n >= 7 ? (values[5] ?? 0) : 0)
            tank.volumeCurveID = optionalText(line, 7)
        }
        network.tanks.append(tank)
    }

    // MARK: Links

    private mutating func pipe(_ line: EPANETLine) {
        guard require(6, line, .pipes) else { return }
        let length = number(line, 3, .pipes), diameter = number(line, 4, .pipes), rough = number(line, 5, .pipes)
        var minorLoss: Double? = 0
        var status = EPANETNetwork.LinkStatus.open
        let n = line.tokens.count
        if n == 7, let s = Self.pipeStatus(line.tokens[6]) {
            status = s  // EPANET: a 7th field is either a minor loss or a status
        } else if n >= 7 {
            minorLoss = number(line, 6, .pipes)
            if n >= 8 {
                if let s = Self.pipeStatus(line.tokens[7]) { status = s } else {
                    report(line, .pipes, field: 7, "'\(line.tokens[7])' is not OPEN, CLOSED or CV")
                }
            }
        }
        let ends = endNodes(line, .pipes)
        guard let id = newLink(line, .pipes), let ends, let length, let diameter, let rough, let minorLoss,
              positive(length, line, 3, .pipes), positive(diameter, line, 4, .pipes),
              positive(rough, line, 5, .pipes) else { return }
        if minorLoss < 0 { report(line, .pipes, field: 6, "must not be negative, found \(line.tokens[6])"); return }
        pipeIndex[id] = network.pipes.count
        network.pipes.append(.init(
            id: id, fromNode: ends.0, toNode: ends.1, lengthMetres: units.metres(length),
            diameterMillimetres: units.millimetres(diameter), roughness: units.roughness(rough),
            minorLossCoefficient: minorLoss, status: status, comment: line.comment))
    }

    private static func pipeStatus(_ token: String) -> EPANETNetwork.LinkStatus? {
        switch token.uppercased() {
        case "OPEN": .open
        case "CLOSED": .closed
        case "CV": .cv
        default: nil
        }
    }

    /// `ID N1 N2 [HEAD curve] [POWER p] [SPEED s] [PATTERN pat]`, or EPANET 1.x numbers after the nodes.
    private mutating func pump(_ line: EPANETLine) {
        guard require(4, line, .pumps) else { return }
        let ends = endNodes(line, .pumps)
        var pump = EPANETNetwork.Pump(id: line.tokens[0], fromNode: line.tokens[1], toNode: line.tokens[2],
                                      legacyParameters: [], status: .open, comment: line.comment)
        var ok = true
        if Double(line.tokens[3]) != nil {
            for i in 3..<line.tokens.count {
                if let v = number(line, i, .pumps) { pump.legacyParameters.append(v) } else { ok = false }
            }
        } else {
            var i = 3
            while i < line.tokens.count {
                let key = line.tokens[i].uppercased()
                guard i + 1 < line.tokens.count else {
                    report(line, .pumps, field: 3, "keyword '\(line.tokens[i])' has no value"); ok = false; break
                }
                switch key {
                case "HEAD": pump.headCurveID = line.tokens[i + 1]
                case "PATTERN": pump.patternID = line.tokens[i + 1]
                case "POWER":
                    if let v = number(line, i + 1, .pumps) { pump.powerKilowatts = units.kilowatts(v) } else { ok = false }
                case "SPEED":
                    if let v = number(line, i + 1, .pumps) { pump.speed = v } else { ok = false }
                default:
                    report(line, .pumps, field: 3, "unknown pump keyword '\(line.tokens[i])'; expected HEAD, POWER, SPEED or PATTERN")
                    ok = false
                }
                i += 2
            }
            if ok, pump.headCurveID == nil, pump.powerKilowatts == nil {
                report(line, .pumps, field: 3, "a pump needs HEAD curve or POWER")
                ok = false
            }
        }
        guard let id = newLink(line, .pumps), ends != nil, ok else { return }
        pumpIndex[id] = network.pumps.count
        network.pumps.append(pump)
    }

    /// `ID N1 N2 Diameter Type Setting [MinorLoss]`.
    private mutating func valve(_ line: EPANETLine) {
        guard require(6, line, .valves) else { return }
        let ends = endNodes(line, .valves)
        let diameter = number(line, 3, .valves)
        let type = EPANETNetwork.ValveType(rawValue: line.tokens[4].uppercased())
        if type == nil {
            report(line, .valves, field: 4, "unknown valve type '\(line.tokens[4])'; expected "
                + EPANETNetwork.ValveType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let setting = type.flatMap { valveSetting(line, 5, $0) }
        let minorLoss = optionalNumber(line, 6, .valves, default: 0)
        guard let id = newLink(line, .valves), let ends, let diameter, let setting, let minorLoss, let type,
              positive(diameter, line, 3, .valves) else { return }
        valveIndex[id] = network.valves.count
        network.valves.append(.init(
            id: id, fromNode: ends.0, toNode: ends.1, diameterMillimetres: units.millimetres(diameter),
            type: type, setting: setting, minorLossCoefficient: minorLoss, status: .active, comment: line.comment))
    }

    private mutating func valveSetting(_ line: EPANETLine, _ i: Int, _ type: EPANETNetwork.ValveType,
                                       section: EPANETSection = .valves) -> EPANETNetwork.ValveSetting? {
        if type == .gpv { return .headlossCurve(line.tokens[i]) }
        guard let v = number(line, i, section) else { return nil }
        switch type {
        case .prv, .psv, .pbv: return .pressureMetres(units.pressureMetres(v))
        case .fcv: return .flowLitresPerSecond(units.litresPerSecond(v))
        case .tcv, .pcv, .gpv: return .coefficient(v)
        }
    }

    // MARK: Sections referring to nodes and links

    /// `[DEMANDS]` entries replace a junction's `[JUNCTIONS]` demand (EPANET 2.2 behaviour).
    private mutating func demand(_ line: EPANETLine, replaced: inout Set<String>) {
        guard require(2, line, .demands) else { return }
        let id = line.tokens[0]
        let value = number(line, 1, .demands)
        guard let j = junctionIndex[id] else {
            report(line, .demands, field: 0, nodeOrigin[id] == nil ? "unknown junction '\(id)'"
                : "'\(id)' is not a junction; only junctions have demands")
            return
        }
        guard let value else { return }
        if replaced.insert(id).inserted { network.junctions[j].demands = [] }
        network.junctions[j].demands.append(.init(
            baseLitresPerSecond: units.litresPerSecond(value), patternID: optionalText(line, 2),
            category: line.comment))
    }

    /// `ID OPEN|CLOSED|ACTIVE|setting`: the initial status of a pipe, pump or valve.
    private mutating func status(_ line: EPANETLine) {
        guard require(2, line, .status) else { return }
        let id = line.tokens[0], word = line.tokens[1].uppercased()
        let fixed: EPANETNetwork.LinkStatus? = switch word {
        case "OPEN": .open
        case "CLOSED": .closed
        case "ACTIVE": .active
        default: nil
        }
        if let p = pipeIndex[id] {
            guard let fixed, fixed != .active else {
                report(line, .status, field: 1, "a pipe's status is OPEN or CLOSED, found '\(line.tokens[1])'")
                return
            }
            if network.pipes[p].status == .cv {
                network.warnings.append("\(file):\(line.number): [STATUS] for check valve pipe '\(id)' ignored")
            } else {
                network.pipes[p].status = fixed
            }
        } else if let p = pumpIndex[id] {
            if let fixed, fixed != .active {
                network.pumps[p].status = fixed
            } else if let speed = number(line, 1, .status) {
                network.pumps[p].speed = speed
                network.pumps[p].status = speed == 0 ? .closed : .open
            }
        } else if let v = valveIndex[id] {
            if let fixed {
                network.valves[v].status = fixed
            } else if let s = valveSetting(line, 1, network.valves[v].type, section: .status) {
                network.valves[v].setting = s
                network.valves[v].status = .active
            }
        } else {
            report(line, .status, field: 0, "unknown link '\(id)'")
        }
    }

    private mutating func coordinate(_ line: EPANETLine) {
        guard require(3, line, .coordinates) else { return }
        let x = number(line, 1, .coordinates), y = number(line, 2, .coordinates)
        guard nodeOrigin[line.tokens[0]] != nil else {
            report(line, .coordinates, field: 0, "unknown node '\(line.tokens[0])'")
            return
        }
        guard let x, let y else { return }
        network.coordinates[line.tokens[0]] = .init(x: x, y: y)
    }

    private mutating func vertex(_ line: EPANETLine) {
        guard require(3, line, .vertices) else { return }
        let x = number(line, 1, .vertices), y = number(line, 2, .vertices)
        guard linkOrigin[line.tokens[0]] != nil else {
            report(line, .vertices, field: 0, "unknown link '\(line.tokens[0])'")
            return
        }
        guard let x, let y else { return }
        network.vertices[line.tokens[0], default: []].append(.init(x: x, y: y))
    }

    /// `NODE|LINK id tag`.
    private mutating func tag(_ line: EPANETLine) {
        guard require(3, line, .tags) else { return }
        let id = line.tokens[1], tag = line.tokens[2...].joined(separator: " ")
        switch line.tokens[0].uppercased() {
        case "NODE":
            if nodeOrigin[id] != nil { network.nodeTags[id] = tag } else {
                report(line, .tags, field: 1, "unknown node '\(id)'")
            }
        case "LINK":
            if linkOrigin[id] != nil { network.linkTags[id] = tag } else {
                report(line, .tags, field: 1, "unknown link '\(id)'")
            }
        default:
            report(line, .tags, field: 0, "'\(line.tokens[0])' is not NODE or LINK")
        }
    }
}
