import Foundation
import SpatialCore
import SpatialStore

extension DispatchAdvisor {
    /// Coverage of the city by the units still available (``UnitCoverageAdvisor``): demand points are the grid
    /// cells (their centres, grouped by their `district` property), else the fire districts' centroids;
    /// moves go to fire stations.
    public func coverage(unitKinds: [String] = ["engine"], standardSeconds: Double = 300, maxMoves: Int = 3,
                         now: Date = Date()) throws -> UnitCoverageReport {
        var points = try store.features(in: .gridCells).compactMap { c -> CoveragePoint? in
            guard let at = c.geometry.representativePoint else { return nil }
            return CoveragePoint(id: c.id, area: c.properties["district"]?.textValue ?? "(no district)", at: at)
        }
        if points.isEmpty {
            points = try fireDistricts().map { CoveragePoint(id: $0.id, area: $0.id, at: $0.centroid) }
        }
        let sites = try store.features(in: .facilities).filter { $0.kind == "fire_station" }.compactMap { f -> CoverageSite? in
            f.geometry.representativePoint.map { CoverageSite(id: f.id, name: f.name ?? f.id, at: $0) }
        }.sorted { $0.id < $1.id }
        var advisor = UnitCoverageAdvisor(model: model)
        advisor.standardSeconds = standardSeconds
        advisor.maxMoves = maxMoves
        return try advisor.advise(points: points.sorted { $0.id < $1.id }, units: try dispatchUnits(now: now), sites: sites, unitKinds: unitKinds)
    }

    /// Fire districts (districts of kind `fire_district`) with their area centroids, by id.
    public func fireDistricts() throws -> [(id: String, centroid: Coordinate)] {
        try store.features(in: .districts).filter { $0.kind == "fire_district" }.compactMap { d in
            d.geometry.areaCentroid.map { (d.id, $0) }
        }.sorted { $0.id < $1.id }
    }

    /// Fire stations that house at least one unit, with their positions, by id (the stations of zone run orders;
    /// police, ambulance and repair-crew bases are ranked by ETA, not by a fire district's order).
    public func unitStations() throws -> [(id: String, at: Coordinate)] {
        var out: [(String, Coordinate)] = []
        for id in Set(try store.units().map(\.homeFacility)).filter({ !$0.isEmpty }).sorted() {
            if let f = try store.feature(id: id), f.kind == "fire_station", let at = f.geometry.representativePoint { out.append((id, at)) }
        }
        return out
    }

    /// The zone run orders by the documented rule (``ZoneRunOrders/generate(districts:stations:model:)``) on this store.
    public func generateRunOrders() throws -> ZoneRunOrders {
        try ZoneRunOrders.generate(districts: fireDistricts(), stations: unitStations(), model: model)
    }
}
