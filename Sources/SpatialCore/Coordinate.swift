import Foundation

/// A position as longitude and latitude in degrees (WGS84 or CGCS2000; the two agree to centimetres).
///
/// Axis order is fixed here, once: **longitude first**, as in GeoJSON, WKT and SpatiaLite.
/// Projected positions use ``ProjectedPoint`` so that metres and degrees never mix.
public struct Coordinate: Hashable, Sendable, Codable, CustomStringConvertible {
    public var longitude: Double
    public var latitude: Double

    /// Creates a coordinate without checking it; use ``validated(longitude:latitude:)`` for input.
    @inlinable
    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Creates a coordinate from untrusted input, rejecting out-of-range values with a reason.
    ///
    /// A latitude beyond ±90° whose longitude is inside ±90° is reported as a probable swap.
    public static func validated(longitude: Double, latitude: Double) throws(CoordinateError) -> Coordinate {
        guard longitude.isFinite, latitude.isFinite else {
            throw .notFinite(longitude: longitude, latitude: latitude)
        }
        if abs(latitude) > 90 {
            if abs(longitude) <= 90 { throw .probablySwapped(longitude: longitude, latitude: latitude) }
            throw .outOfRange(longitude: longitude, latitude: latitude)
        }
        guard abs(longitude) <= 180 else { throw .outOfRange(longitude: longitude, latitude: latitude) }
        return Coordinate(longitude: longitude, latitude: latitude)
    }

    /// Parses `"LON,LAT"` as typed on a command line.
    public init(parsing text: String) throws(CoordinateError) {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]) else {
            throw .unparsable(text)
        }
        self = try Coordinate.validated(longitude: lon, latitude: lat)
    }

    public var description: String { "\(longitude),\(latitude)" }
}

/// Why a coordinate was rejected.
public enum CoordinateError: Error, Equatable, CustomStringConvertible {
    case notFinite(longitude: Double, latitude: Double)
    case outOfRange(longitude: Double, latitude: Double)
    case probablySwapped(longitude: Double, latitude: Double)
    case unparsable(String)

    public var description: String {
        switch self {
        case let .notFinite(lon, lat): "coordinate (\(lon), \(lat)) is not a finite number"
        case let .outOfRange(lon, lat): "coordinate (\(lon), \(lat)) is outside longitude ±180° / latitude ±90°"
        case let .probablySwapped(lon, lat):
            "latitude \(lat) is beyond ±90° — latitude and longitude look swapped; expected LON,LAT, e.g. \(lat),\(lon)"
        case let .unparsable(text): "'\(text)' is not LON,LAT (two decimal numbers separated by a comma)"
        }
    }
}

/// A position in a projected CRS, in metres (easting, northing).
public struct ProjectedPoint: Hashable, Sendable, Codable {
    public var eastingMetres: Double
    public var northingMetres: Double
    @inlinable
    public init(eastingMetres: Double, northingMetres: Double) {
        self.eastingMetres = eastingMetres
        self.northingMetres = northingMetres
    }
}

/// An axis-aligned box in degrees: `minLongitude…maxLongitude` × `minLatitude…maxLatitude`.
public struct BoundingBox: Hashable, Sendable, Codable, CustomStringConvertible {
    public var minLongitude: Double
    public var minLatitude: Double
    public var maxLongitude: Double
    public var maxLatitude: Double

    @inlinable
    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) {
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    /// The smallest box around the coordinates, or nil when there are none. O(n).
    public init?<S: Sequence>(covering coordinates: S) where S.Element == Coordinate {
        var iterator = coordinates.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = BoundingBox(minLongitude: first.longitude, minLatitude: first.latitude,
                              maxLongitude: first.longitude, maxLatitude: first.latitude)
        while let c = iterator.next() { box.extend(c) }
        self = box
    }

    @inlinable
    public mutating func extend(_ c: Coordinate) {
        minLongitude = Swift.min(minLongitude, c.longitude)
        maxLongitude = Swift.max(maxLongitude, c.longitude)
        minLatitude = Swift.min(minLatitude, c.latitude)
        maxLatitude = Swift.max(maxLatitude, c.latitude)
    }

    public mutating func extend(_ other: BoundingBox) {
        minLongitude = Swift.min(minLongitude, other.minLongitude)
        maxLongitude = Swift.max(maxLongitude, other.maxLongitude)
        minLatitude = Swift.min(minLatitude, other.minLatitude)
        maxLatitude = Swift.max(maxLatitude, other.maxLatitude)
    }

    @inlinable
    public func contains(_ c: Coordinate) -> Bool {
        c.longitude >= minLongitude && c.longitude <= maxLongitude
            && c.latitude >= minLatitude && c.latitude <= maxLatitude
    }

    @inlinable
    public func intersects(_ o: BoundingBox) -> Bool {
        !(o.minLongitude > maxLongitude || o.maxLongitude < minLongitude
            || o.minLatitude > maxLatitude || o.maxLatitude < minLatitude)
    }

    public var center: Coordinate {
        Coordinate(longitude: (minLongitude + maxLongitude) / 2, latitude: (minLatitude + maxLatitude) / 2)
    }

    /// A box around `center` that contains every point within `radiusMetres` (spherical, conservative).
    public static func around(_ center: Coordinate, radiusMetres: Double) -> BoundingBox {
        let dLat = radiusMetres / Haversine.metresPerDegreeLatitude
        let cosLat = Swift.max(cos(center.latitude * .pi / 180), 1e-6)
        let dLon = Swift.min(radiusMetres / (Haversine.metresPerDegreeLatitude * cosLat), 180)
        return BoundingBox(minLongitude: center.longitude - dLon, minLatitude: center.latitude - dLat,
                           maxLongitude: center.longitude + dLon, maxLatitude: center.latitude + dLat)
    }

    public var description: String {
        "[\(minLongitude), \(minLatitude), \(maxLongitude), \(maxLatitude)]"
    }
}
