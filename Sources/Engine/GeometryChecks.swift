import CityImport
import SpatialCore
import SpatialGEOS
import SpatialProjection

/// Geometry services the importers take from the bridges: GEOS validity and WKT, GCJ-02 conversion.
enum GeometryChecks {
    /// A problem for every polygon GEOS finds invalid (self-intersection, ring not closed …), naming the
    /// feature, the reason and where. O(n log n) per polygon.
    static func invalidPolygons(_ features: [Feature]) -> [ImportError.Problem] {
        guard let geos = try? GEOS() else { return [ImportError.Problem("", "GEOS could not start")] }
        var problems: [ImportError.Problem] = []
        for f in features {
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
                if !v.isValid {
                    let at = v.location.map { " at \($0.longitude),\($0.latitude)" } ?? ""
                    problems.append(.init("feature \(f.id)", "invalid polygon: \(v.reason ?? "unknown reason")\(at)"))
                }
            } catch {
                problems.append(.init("feature \(f.id)", "\(error)"))
            }
        }
        return problems
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
