import Hazards
import SpatialCore
import SpatialStore

/// The part of the city a report covers: the whole city, or one district (a polygon of the `districts` or
/// `grid_cells` layer). Used by the KPIs and the dashboard so that "limited to a district" means the same everywhere.
///
/// A point is in the district when it lies inside its polygon (even–odd rule, degrees as a plane); a line or
/// polygon is in it when any of its vertices is (so a pipe crossing the boundary shows on both sides).
/// O(vertices) to prepare, O(1 + edges in one latitude band) per point.
public struct DistrictScope: Sendable {
    /// The district's id, or nil for the whole city.
    public let districtID: String?
    public let districtName: String?
    /// The district's outline (nil for the whole city).
    public let outline: Geometry?
    private let containment: PolygonContainment?

    /// The whole city.
    public static let city = DistrictScope(districtID: nil, districtName: nil, outline: nil, containment: nil)

    private init(districtID: String?, districtName: String?, outline: Geometry?, containment: PolygonContainment?) {
        self.districtID = districtID
        self.districtName = districtName
        self.outline = outline
        self.containment = containment
    }

    /// One district of the store by id (`ex:fire_district/02`) or exact name; the error lists the districts there are.
    public init(store: CityStore, district: String) throws {
        let candidates = try store.features(in: .districts) + store.features(in: .gridCells)
        guard let f = candidates.first(where: { $0.id == district || $0.name == district }) else {
            let known = try store.features(in: .districts).map(\.id)
            throw IncidentError("no district '\(district)' in \(store.path); districts: "
                + (known.isEmpty ? "none (import some with beacon import boundaries)" : known.prefix(20).joined(separator: ", ")))
        }
        guard let c = PolygonContainment(f.geometry) else { throw IncidentError("district \(f.id) is not a polygon") }
        self.init(districtID: f.id, districtName: f.name, outline: f.geometry, containment: c)
    }

    /// Whether the scope is the whole city.
    public var isCity: Bool { districtID == nil }

    /// Whether `c` lies in the scope.
    public func contains(_ c: Coordinate) -> Bool {
        guard let containment else { return true }
        return containment.contains(c)
    }

    /// Whether any vertex of `g` lies in the scope.
    public func touches(_ g: Geometry) -> Bool {
        guard let containment else { return true }
        if let box = g.boundingBox, !box.intersects(containment.bounds) { return false }
        return g.coordinates.contains { containment.contains($0) }
    }
}
