import Foundation
import SpatialCore

/// A demand point for coverage: a grid cell or district centre, and the station area it belongs to.
public struct CoveragePoint: Sendable, Hashable {
    public let id: String
    /// Station area (fire district) the point belongs to.
    public let area: String
    public let at: Coordinate
    public init(id: String, area: String, at: Coordinate) {
        self.id = id
        self.area = area
        self.at = at
    }
}

/// A place a unit can be moved to (a station).
public struct CoverageSite: Sendable, Hashable {
    public let id: String
    public let name: String
    public let at: Coordinate
    public init(id: String, name: String, at: Coordinate) {
        self.id = id
        self.name = name
        self.at = at
    }
}

/// Which station areas the available units leave outside the response standard, and the moves that restore most.
public struct UnitCoverageReport: Sendable {
    public struct Area: Sendable {
        public let id: String
        public let points: Int
        /// Points no available unit reaches within the standard.
        public let uncovered: [String]
        /// How many of them stay uncovered even with every unit of the types at its home station (the stations'
        /// own gaps, not the dispatch's).
        public let uncoveredAtFullStrength: Int
    }
    public struct Move: Sendable {
        public let unit: DispatchUnit
        public let to: CoverageSite
        /// Points newly covered, points only this unit covered that it leaves.
        public let gained: Int
        public let lost: Int
        /// Drive from the unit's position to the site, seconds (infinity when unknown).
        public let driveSeconds: Double
        /// Covered points after this move and the ones before it.
        public let coveredAfter: Int
        public let reason: String
    }
    public let standardSeconds: Double
    public let unitKinds: [String]
    public let unitsConsidered: Int
    public let pointCount: Int
    public let covered: Int
    /// Every station area, by id.
    public let areas: [Area]
    /// Advice only — nothing is moved.
    public let moves: [Move]
    public let milliseconds: Double
    public let basis: String

    public var areasOutside: [Area] { areas.filter { !$0.uncovered.isEmpty } }
}

/// Coverage after dispatch (DOMAIN.md: reach the edge of the station district within 5 min of the turnout
/// order, so drive time only): each demand point is covered when an available unit of the given types can
/// drive there within the standard. Move-up advice is greedy maximum coverage: repeatedly the (unit, station)
/// move with the largest net gain (points newly covered minus points only that unit covered), ties by fewer
/// points lost, then unit id, then station id; each unit moves at most once. Advice only.
///
/// Cost: one bounded many-to-one query per demand point over units and stations (radius = the standard),
/// then O(moves · units · sites · points covered) set work.
public struct UnitCoverageAdvisor {
    public let model: any TravelTimeModel
    /// DOMAIN.md's 5-minute standard for fire stations, seconds.
    public var standardSeconds = 300.0
    public var maxMoves = 3

    public init(model: any TravelTimeModel) {
        self.model = model
    }

    public func advise(points: [CoveragePoint], units: [DispatchUnit], sites: [CoverageSite], unitKinds: [String]) throws -> UnitCoverageReport {
        let started = DispatchTime.now().uptimeNanoseconds
        let movable = units.filter { $0.status == "available" && unitKinds.contains($0.kind) }.sorted { $0.id < $1.id }
        let froms = movable.map { (id: "u:" + $0.id, at: $0.start) } + sites.map { (id: "s:" + $0.id, at: $0.at) }
        var unitPoints = [Set<Int>](repeating: [], count: movable.count), sitePoints = [Set<Int>](repeating: [], count: sites.count)
        let unitIndex = Dictionary(uniqueKeysWithValues: movable.enumerated().map { ("u:" + $1.id, $0) })
        let siteIndex = Dictionary(sites.enumerated().map { ("s:" + $1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (p, point) in points.enumerated() {
            for c in try model.fastest(from: froms, to: point.at, limitSeconds: standardSeconds) where c.travelSeconds <= standardSeconds {
                if let u = unitIndex[c.id] { unitPoints[u].insert(p) } else if let s = siteIndex[c.id] { sitePoints[s].insert(p) }
            }
        }
        var count = [Int](repeating: 0, count: points.count)
        for set in unitPoints { for p in set { count[p] += 1 } }
        let initial = count, coveredBefore = count.filter { $0 > 0 }.count

        var moves: [UnitCoverageReport.Move] = [], moved = Set<Int>(), covered = coveredBefore
        while moves.count < maxMoves {
            var best: (net: Int, lost: Int, u: Int, s: Int, gained: Int)?
            for u in movable.indices where !moved.contains(u) {
                for s in sites.indices where sites[s].at != movable[u].start {
                    let gained = sitePoints[s].filter { count[$0] == 0 }.count
                    let lost = unitPoints[u].filter { count[$0] == 1 && !sitePoints[s].contains($0) }.count
                    let net = gained - lost
                    guard net > 0 else { continue }
                    if let b = best, (b.net, -b.lost) >= (net, -lost) { continue }
                    best = (net, lost, u, s, gained)
                }
            }
            guard let b = best else { break }
            for p in unitPoints[b.u] { count[p] -= 1 }
            for p in sitePoints[b.s] { count[p] += 1 }
            unitPoints[b.u] = sitePoints[b.s]
            moved.insert(b.u)
            covered += b.net
            let unit = movable[b.u], site = sites[b.s]
            let drive = try model.fastest(from: [(id: unit.id, at: unit.start)], to: site.at, limitSeconds: .infinity).first?.travelSeconds ?? .infinity
            let share = points.isEmpty ? 0 : Double(covered) * 100 / Double(points.count)
            let reason = "move \(unit.name) \(unit.origin.description.replacingOccurrences(of: "from ", with: "from its ")) to \(site.name) "
                + "(drive \(DispatchText.duration(drive))): \(b.gained) more point\(b.gained == 1 ? "" : "s") within \(Int(standardSeconds / 60)) min"
                + (b.lost > 0 ? ", \(b.lost) left uncovered where it stood" : ", none lost") + String(format: "; %.0f %% covered after", share)
            moves.append(.init(unit: unit, to: site, gained: b.gained, lost: b.lost, driveSeconds: drive, coveredAfter: covered, reason: reason))
        }

        // Station areas as they stand now (before any advised move), and with every unit of the types at home.
        let homes = Set(units.filter { unitKinds.contains($0.kind) }.compactMap(\.homeStation))
        var atFullStrength = Set<Int>()
        for (s, site) in sites.enumerated() where homes.contains(site.id) { atFullStrength.formUnion(sitePoints[s]) }
        var areas: [String: (Int, [String], Int)] = [:]
        for (p, point) in points.enumerated() {
            var a = areas[point.area] ?? (0, [], 0)
            a.0 += 1
            if initial[p] == 0 {
                a.1.append(point.id)
                if !atFullStrength.contains(p) { a.2 += 1 }
            }
            areas[point.area] = a
        }
        return UnitCoverageReport(standardSeconds: standardSeconds, unitKinds: unitKinds, unitsConsidered: movable.count, pointCount: points.count,
                              covered: coveredBefore, areas: areas.keys.sorted().map { .init(id: $0, points: areas[$0]!.0, uncovered: areas[$0]!.1, uncoveredAtFullStrength: areas[$0]!.2) },
                              moves: moves, milliseconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6, basis: model.basis)
    }
}
