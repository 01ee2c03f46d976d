import Foundation
import SpatialCore

/// Reads a GeoJSON FeatureCollection into features of one layer through a ``FieldMapping``.
///
/// Positions must be `[longitude, latitude]` in WGS84 (RFC 7946) unless `transform` converts them
/// (e.g. from GCJ-02). Every problem (bad geometry, swapped axes, missing id) is collected with the
/// feature's index and thrown together; nothing is returned then. O(n) in the file size.
public enum GeoJSONReader {
    public static func read(url: URL, mapping: FieldMapping,
                            transform: ((Coordinate) -> Coordinate)? = nil) throws(ImportError) -> [Feature] {
        let file = url.path
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ImportError(file: file, "cannot read: \(error.localizedDescription)")
        }
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw ImportError(file: file, "not valid JSON: \(Self.describe(error))")
        }
        guard let dict = root as? [String: Any], let list = dict["features"] as? [Any] else {
            throw ImportError(file: file, "not a GeoJSON FeatureCollection (no \"features\" array)")
        }
        var features: [Feature] = []
        var problems: [ImportError.Problem] = []
        features.reserveCapacity(list.count)
        for (i, item) in list.enumerated() {
            if problems.count >= ImportError.limit { break }
            let location = "features[\(i)]"
            guard let f = item as? [String: Any], let rawGeometry = f["geometry"], !(rawGeometry is NSNull) else {
                problems.append(.init(location, "feature without a geometry"))
                continue
            }
            do {
                var geometry = try GeoJSON.geometry(from: rawGeometry, path: "\(location).geometry")
                if let transform { geometry = geometry.mapCoordinates(transform) }
                let attributes = Self.attributes(f["properties"] as? [String: Any] ?? [:])
                let ownId = (f["id"] as? String) ?? (f["id"] as? NSNumber)?.stringValue
                features.append(try mapping.feature(attributes: attributes, geometry: geometry,
                                                    fallbackId: ownId ?? String(i), location: location))
            } catch let e as GeoJSONError {
                problems.append(.init("", e.description))
            } catch let p as ImportError.Problem {
                problems.append(p)
            } catch {
                problems.append(.init(location, "\(error)"))
            }
        }
        if !problems.isEmpty { throw ImportError(file: file, problems: problems) }
        return features
    }

    /// Scalar attributes as property values; nested objects and arrays are kept as JSON text.
    static func attributes(_ raw: [String: Any]) -> [String: PropertyValue] {
        var out: [String: PropertyValue] = [:]
        for (k, v) in raw {
            switch v {
            case is NSNull: continue
            case let s as String: out[k] = .text(s)
            case let n as NSNumber:
                // objCType tells JSON's true/false ("c"), integers ("i", "q") and reals ("d") apart.
                switch String(cString: n.objCType) {
                case "c", "B": out[k] = .bool(n.boolValue)
                case "d", "f": out[k] = .real(n.doubleValue)
                default: out[k] = .integer(n.int64Value)
                }
            default:
                if let data = try? JSONSerialization.data(withJSONObject: v), let s = String(data: data, encoding: .utf8) {
                    out[k] = .text(s)
                }
            }
        }
        return out
    }

    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}
