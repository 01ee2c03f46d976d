import Foundation

/// GeoJSON (RFC 7946) reading and writing of geometries and features.
///
/// RFC 7946 positions are `[longitude, latitude]`; a position whose first value is beyond ±90°
/// latitude range but whose second is not is reported as swapped by ``Coordinate/validated``.
public enum GeoJSON {
    // MARK: Writing

    /// The geometry as a GeoJSON object string. O(n).
    public static func string(_ g: Geometry) -> String {
        func pos(_ c: Coordinate) -> String { "[\(num(c.longitude)),\(num(c.latitude))]" }
        func line(_ cs: [Coordinate]) -> String { "[" + cs.map(pos).joined(separator: ",") + "]" }
        func poly(_ rs: [[Coordinate]]) -> String { "[" + rs.map(line).joined(separator: ",") + "]" }
        switch g {
        case let .point(c): return #"{"type":"Point","coordinates":\#(pos(c))}"#
        case let .lineString(cs): return #"{"type":"LineString","coordinates":\#(line(cs))}"#
        case let .polygon(rs): return #"{"type":"Polygon","coordinates":\#(poly(rs))}"#
        case let .multiPoint(cs): return #"{"type":"MultiPoint","coordinates":\#(line(cs))}"#
        case let .multiLineString(ls): return #"{"type":"MultiLineString","coordinates":\#(poly(ls))}"#
        case let .multiPolygon(ps):
            return #"{"type":"MultiPolygon","coordinates":[\#(ps.map(poly).joined(separator: ","))]}"#
        }
    }

    /// One feature as a GeoJSON Feature string; `extra` properties (e.g. a distance) come first.
    public static func string(_ f: Feature, extra: [(String, PropertyValue)] = []) -> String {
        var props: [(String, PropertyValue)] = extra
        props.append(("layer", .text(f.layer.rawValue)))
        props.append(("kind", .text(f.kind)))
        if let n = f.name { props.append(("name", .text(n))) }
        props += f.properties.sorted { $0.key < $1.key }
        let body = props.map { "\(quote($0.0)):\(json($0.1))" }.joined(separator: ",")
        return #"{"type":"Feature","id":\#(quote(f.id)),"properties":{\#(body)},"geometry":\#(string(f.geometry))}"#
    }

    /// A FeatureCollection of already-encoded Feature strings.
    public static func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    /// A JSON value for a property.
    public static func json(_ v: PropertyValue) -> String {
        switch v {
        case let .text(s): quote(s)
        case let .integer(i): String(i)
        case let .real(d): d.isFinite ? num(d) : "null"
        case let .bool(b): b ? "true" : "false"
        }
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    static func num(_ d: Double) -> String { d.formatted(significantDigits: 15) }

    // MARK: Reading

    /// Reads a GeoJSON geometry object (already parsed by `JSONSerialization`).
    /// Every position is validated; `path` names where the object sits, for error messages.
    public static func geometry(from object: Any, path: String = "geometry") throws(GeoJSONError) -> Geometry {
        guard let dict = object as? [String: Any], let type = dict["type"] as? String else {
            throw .malformed(path: path, reason: "not an object with a \"type\"")
        }
        let raw = dict["coordinates"]
        switch type {
        case "Point": return .point(try position(raw, "\(path).coordinates"))
        case "LineString": return .lineString(try positions(raw, "\(path).coordinates"))
        case "Polygon": return .polygon(try rings(raw, "\(path).coordinates"))
        case "MultiPoint": return .multiPoint(try positions(raw, "\(path).coordinates"))
        case "MultiLineString": return .multiLineString(try rings(raw, "\(path).coordinates"))
        case "MultiPolygon":
            guard let polys = raw as? [Any] else { throw .malformed(path: "\(path).coordinates", reason: "not an array") }
            var out: [[[Coordinate]]] = []
            for (i, p) in polys.enumerated() { out.append(try rings(p, "\(path).coordinates[\(i)]")) }
            return .multiPolygon(out)
        default:
            throw .malformed(path: "\(path).type", reason: "unsupported geometry type \"\(type)\"")
        }
    }

    /// The first polygon or multipolygon in a GeoJSON file holding a geometry, a Feature or a
    /// FeatureCollection — how a user hands Beacon a drawn area.
    public static func firstPolygon(inFile path: String) throws(GeoJSONError) -> Geometry {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .malformed(path: path, reason: "cannot read a JSON document: \(error.localizedDescription)")
        }
        var geometry = object
        if let dict = object as? [String: Any] {
            if let features = dict["features"] as? [[String: Any]] {
                guard let first = features.first else { throw .malformed(path: "\(path): features", reason: "the collection is empty") }
                geometry = first["geometry"] ?? NSNull()
            } else if dict["type"] as? String == "Feature" {
                geometry = dict["geometry"] ?? NSNull()
            }
        }
        let g = try Self.geometry(from: geometry, path: path)
        switch g {
        case .polygon, .multiPolygon: return g
        default: throw .malformed(path: path, reason: "the geometry is a \(g.typeName), not a polygon")
        }
    }

    private static func position(_ raw: Any?, _ path: String) throws(GeoJSONError) -> Coordinate {
        guard let arr = raw as? [Any], arr.count >= 2,
              let x = (arr[0] as? NSNumber)?.doubleValue, let y = (arr[1] as? NSNumber)?.doubleValue
        else { throw .malformed(path: path, reason: "a position must be [longitude, latitude]") }
        do { return try Coordinate.validated(longitude: x, latitude: y) } catch {
            throw .badCoordinate(path: path, error)
        }
    }

    private static func positions(_ raw: Any?, _ path: String) throws(GeoJSONError) -> [Coordinate] {
        guard let arr = raw as? [Any] else { throw .malformed(path: path, reason: "not an array of positions") }
        var out: [Coordinate] = []
        out.reserveCapacity(arr.count)
        for (i, p) in arr.enumerated() { out.append(try position(p, "\(path)[\(i)]")) }
        return out
    }

    private static func rings(_ raw: Any?, _ path: String) throws(GeoJSONError) -> [[Coordinate]] {
        guard let arr = raw as? [Any] else { throw .malformed(path: path, reason: "not an array of rings") }
        var out: [[Coordinate]] = []
        for (i, r) in arr.enumerated() { out.append(try positions(r, "\(path)[\(i)]")) }
        return out
    }
}

/// Why a GeoJSON object could not be read; `path` is a JSON path such as `features[12].geometry`.
public enum GeoJSONError: Error, CustomStringConvertible {
    case malformed(path: String, reason: String)
    case badCoordinate(path: String, CoordinateError)

    public var description: String {
        switch self {
        case let .malformed(path, reason): "\(path): \(reason)"
        case let .badCoordinate(path, e): "\(path): \(e)"
        }
    }
}
