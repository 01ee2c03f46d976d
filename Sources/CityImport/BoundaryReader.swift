import Foundation
import SpatialCore

/// Reads Chinese administrative boundaries (cnmaps/AMap GeoJSON: `adcode`, `province`, `city`, `district`,
/// `level`) into the `districts` layer.
///
/// The caller must say which datum the file is in: AMap publishes GCJ-02, whose positions are shifted by
/// several hundred metres from WGS84. With ``Datum/gcj02`` every vertex passes through `gcj02ToWGS84`
/// before storing (the store holds WGS84). There is no default, on purpose.
public enum BoundaryReader {
    public enum Datum: String, Sendable, CaseIterable {
        case wgs84, gcj02
    }

    public static func read(url: URL, datum: Datum,
                            gcj02ToWGS84: @escaping (Coordinate) -> Coordinate) throws(ImportError) -> [Feature] {
        let mapping = FieldMapping(layer: .districts, idPrefix: "district", idField: "adcode", kindField: "level")
        let raw = try GeoJSONReader.read(url: url, mapping: mapping, transform: datum == .gcj02 ? gcj02ToWGS84 : nil)
        return raw.map { f in
            var f = f
            let p = f.properties
            f.name = [p["district"], p["city"], p["province"]].lazy.compactMap { $0?.textValue }.first
            f.kind = Self.levels[f.kind] ?? f.kind
            f.properties["admin_code"] = .text(String(f.id.dropFirst("district:".count)))
            f.properties["admin_level"] = .text(f.kind)
            f.properties["datum_as_published"] = .text(datum.rawValue)
            return f
        }
    }

    /// cnmaps `level` values → kinds.
    static let levels = ["省": "province", "市": "city", "区县": "county", "区": "county", "县": "county"]
}
