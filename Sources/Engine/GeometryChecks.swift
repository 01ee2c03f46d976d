import CityImport
import Foundation
import SpatialCore
import SpatialGEOS
import SpatialProjection

/// Geometry services the importers take from the bridges: GEOS validity and WKT, GCJ-02 conversion.
enum GeometryChecks {
    /// Checks every polygon with GEOS (rings closed, no self-intersection …).
    ///
    /// With `repair` (OpenStreetMap, where a few self-touching buildings are normal), an invalid polygon is
    /// replaced by GEOS `makeValid` and noted in `repaired`; one that cannot be repaired into polygons is
    /// dropped and noted too. Without it, each is a problem naming the feature, the reason and where.
    /// O(n log n) per polygon.
    static func checkPolygons(_ features: inout [Feature], repair: Bool) -> (problems: [ImportError.Problem], repaired: [String]) {
        guard let geos = try? GEOS() else { return ([ImportError.Problem("", "GEOS could not start")], []) }
        var problems: [ImportError.Problem] = []
        var repaired: [String] = []
        var drop = IndexSet()
        for i in features.indices {
            let f = features[i]
            switch f.geometry {
            case .polygon, .multiPolygon: break
            default: continue
            }
            if problems.count >= ImportError.limit { break }
            if let ring = f.geometry.unclosedRing {
                problems.append(.init("feature \(f.id)", "ring \(ring) is not closed (its first and last positions differ)"))
                continue
            }
            do {
                let v = try geos.validity(f.geometry)
                guard !v.isValid else { continue }
                let at = v.location.map { " at \($0.longitude),\($0.latitude)" } ?? ""
                let reason = "invalid polygon: \(v.reason ?? "unknown reason")\(at)"
                guard repair else { problems.append(.init("feature \(f.id)", reason)); continue }
                let fixed = try geos.makeValid(f.geometry)
                switch fixed {
                case .polygon, .multiPolygon:
                    features[i].geometry = fixed
                    repaired.append("\(f.id): \(reason); repaired with GEOS makeValid")
                default:
                    drop.insert(i)
                    repaired.append("\(f.id): \(reason); not repairable into a polygon, left out")
                }
            } catch {
                problems.append(.init("feature \(f.id)", "\(error)"))
            }
        }
        for i in drop.reversed() { features.remove(at: i) }
        return (problems, repaired)
    }

    static func parseWKT(_ text: String) throws -> Geometry {
        try GEOS().geometry(wkt: text)
    }

    static func gcj02ToWGS84(_ c: Coordinate) -> Coordinate { ChinaOffset.gcj02ToWGS84(c) }
}

extension Geometry {
    /// The index of the first polygon ring whose ends differ (GEOS would refuse it without saying which), or nil.
    var unclosedRing: Int? {
        let rings: [[Coordinate]]
        switch self {
        case let .polygon(rs): rings = rs
        case let .multiPolygon(ps): rings = ps.flatMap { $0 }
        default: return nil
        }
        return rings.firstIndex { $0.count < 4 || $0.first != $0.last }
    }
}
