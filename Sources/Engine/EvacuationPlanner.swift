import Foundation
import Hazards
import NetworkAnalysis
import SpatialCore
import SpatialGEOS
import SpatialProjection
import SpatialStore

/// Sends the people of an evacuation zone to shelters outside the whole hazard footprint: fastest by road
/// from the zone's centroid first, each filled up to its remaining capacity (greedy), until everyone has a place.
///
/// Cost: one snap per shelter, one forward Dijkstra from the origin (O((V + E) log V)), then O(S log S).
struct EvacuationPlanner {
    let store: CityStore
    let roads: RoadService

    /// Facility kinds that take evacuees.
    static let shelterKinds: Set<String> = ["shelter"]

    func plan(people: Int, zone: ThreatLevel, zoneGeometry: Geometry, footprint: ImpactAssessment.PreparedZone,
              geos: GEOS) throws -> ImpactReport.Evacuation {
        let origin = try geos.centroid(zoneGeometry) ?? zoneGeometry.representativePoint!
        var notes = ["Travel time by road from the centroid of the \(zone.rawValue) zone, with the closures and speed limits in force; shelters inside the \(footprint.zone.level.rawValue) zone are not used."]
        var excluded: [(ImpactReport.Site, String)] = []
        var candidates: [(site: ImpactReport.Site, capacity: Int, occupied: Int, position: RoadPosition)] = []
        for f in try store.features(in: .facilities, kinds: Self.shelterKinds) {
            guard let at = f.geometry.representativePoint else { continue }
            let site = ImpactReport.Site(id: f.id, kind: f.kind, name: f.name ?? f.id, location: at, distanceMetres: Geodesic.distanceMetres(origin, at))
            if footprint.containment.contains(at) {
                excluded.append((site, "inside the \(footprint.zone.level.rawValue) zone"))
                continue
            }
            guard let capacity = f.properties["capacity"]?.doubleValue.map({ Int($0) }), capacity > 0 else {
                excluded.append((site, "no capacity recorded"))
                continue
            }
            let occupied = Int((f.properties["occupied"] ?? f.properties["occupants"])?.doubleValue ?? 0)
            do {
                candidates.append((site, capacity, occupied, try roads.snap(at, f.id)))
            } catch {
                excluded.append((site, "not on the road network: \(error)"))
            }
        }
        let start: RoadPosition
        do { start = try roads.snap(origin, "evacuation origin") } catch {
            notes.append("no travel times: \(error)")
            return ImpactReport.Evacuation(zone: zone, peopleToMove: people, origin: origin, shelters: [], unplaced: people,
                                           excluded: excluded, notes: notes)
        }
        let seconds = Self.travelSeconds(from: start, to: candidates.map(\.position), roads: roads)
        let order = candidates.indices.sorted { (seconds[$0], candidates[$0].site.id) < (seconds[$1], candidates[$1].site.id) }
        var left = people
        var shelters: [ImpactReport.ShelterAssignment] = []
        for i in order {
            let c = candidates[i]
            let free = max(0, c.capacity - c.occupied)
            let t = seconds[i]
            let assigned = t.isFinite ? min(free, left) : 0
            left -= assigned
            let minutes = String(format: "%.1f min", t / 60)
            let reason = !t.isFinite ? "no road route from the zone"
                : free == 0 ? "full before this plan"
                : assigned > 0 ? "\(minutes) by road; \(assigned == free ? "filled" : "takes the remaining \(assigned)")"
                : "\(minutes) by road; not needed (earlier shelters take everyone)"
            shelters.append(.init(shelter: c.site, travelSeconds: t, capacity: c.capacity, alreadyOccupied: c.occupied,
                                  assigned: assigned, remainingCapacity: c.capacity - c.occupied - assigned, reason: reason))
        }
        if left > 0 { notes.append("\(left) people have no shelter place: open more shelters or shelter in place.") }
        return ImpactReport.Evacuation(zone: zone, peopleToMove: people, origin: origin, shelters: shelters, unplaced: left,
                                       excluded: excluded, notes: notes)
    }

    /// Forward travel seconds from `origin` to each target position: one Dijkstra, then each target is reached from
    /// the source node of its edge (or of the twin edge) plus the part of the edge up to it, or straight along the
    /// edge when origin and target share it (the Dijkstra over nodes would go round). O((V + E) log V + T).
    static func travelSeconds(from origin: RoadPosition, to targets: [RoadPosition], roads: RoadService) -> [Double] {
        var router = RoadRouter(network: roads.network, costs: roads.costs)
        let nodeSeconds = router.travelSeconds(from: [origin])
        let graph = roads.network.graph, forward = roads.costs.forwardSeconds, twin = roads.network.edgeTwin
        return targets.map { p in
            var best = Double.infinity
            let e = p.edge
            if forward[e].isFinite { best = min(best, nodeSeconds[Int(graph.edgeSources[e])] + p.fraction * forward[e]) }
            let t = Int(twin[e])
            if t >= 0, forward[t].isFinite { best = min(best, nodeSeconds[Int(graph.edgeSources[t])] + (1 - p.fraction) * forward[t]) }
            // Same edge: along it in travel order, on whichever direction is open.
            func along(_ q: RoadPosition, _ edge: Int) -> Double? {
                if q.edge == edge { return q.fraction }
                if Int(twin[q.edge]) == edge { return 1 - q.fraction }
                return nil
            }
            for edge in [origin.edge, Int(twin[origin.edge])] where edge >= 0 && forward[edge].isFinite {
                if let from = along(origin, edge), let to = along(p, edge), to >= from { best = min(best, (to - from) * forward[edge]) }
            }
            return best
        }
    }
}
