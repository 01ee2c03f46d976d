import CGEOS
import SpatialCore

/// Planar geometry operations on Beacon geometries, by GEOS.
///
/// Planar means the arithmetic is done on the coordinates as given: on longitude/latitude input,
/// distances and areas come out in degrees and squared degrees. For metres, project first
/// (``bufferMetres(_:metres:quadrantSegments:)`` does it for you) or use the geodesic measures.
///
/// Threading: a `GEOS` value owns one GEOS context, which is single-threaded, so it is not
/// `Sendable`: create one per task (cheap, microseconds) and keep it there. Every call converts
/// its inputs to GEOS through WKB and its result back, O(n) in vertices on top of the operation.
public struct GEOS {
    let context: GEOSContext

    /// Creates a GEOS context for this task.
    public init() throws(GEOSError) {
        context = try GEOSContext()
    }

    /// The GEOS library version, e.g. `3.11.1-CAPI-1.17.1`.
    public static var version: String { String(cString: GEOSversion()) }

    // MARK: Text

    /// Well-Known Text of a geometry, trimmed (`POINT (121.5 31.2)`). O(n).
    public func wkt(_ geometry: Geometry) throws(GEOSError) -> String {
        let g = try context.handle(for: geometry)
        defer { withExtendedLifetime(g) {} }
        let writer = try context.pointer("creating a WKT writer") { GEOSWKTWriter_create_r($0) }
        defer { GEOSWKTWriter_destroy_r(context.handle, writer) }
        GEOSWKTWriter_setTrim_r(context.handle, writer, 1)
        GEOSWKTWriter_setOutputDimension_r(context.handle, writer, 2)
        let text = try context.pointer("writing WKT") { GEOSWKTWriter_write_r($0, writer, g.raw) }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    /// Parses Well-Known Text; the error carries GEOS's `ParseException` message. O(n).
    public func geometry(wkt: String) throws(GEOSError) -> Geometry {
        let reader = try context.pointer("creating a WKT reader") { GEOSWKTReader_create_r($0) }
        defer { GEOSWKTReader_destroy_r(context.handle, reader) }
        let raw = try context.pointer("reading WKT '\(wkt.prefix(60))'") { GEOSWKTReader_read_r($0, reader, wkt) }
        return try context.geometry(GeometryHandle(raw, in: context))
    }

    // MARK: Validity

    /// Why a geometry is or is not valid in the OGC sense.
    public struct Validity: Hashable, Sendable {
        public var isValid: Bool
        /// GEOS's reason when invalid, e.g. `Self-intersection`, `Ring Self-intersection`, `Too few points`.
        public var reason: String?
        /// Where the problem is.
        public var location: Coordinate?

        public init(isValid: Bool, reason: String?, location: Coordinate?) {
            self.isValid = isValid
            self.reason = reason
            self.location = location
        }
    }

    /// OGC validity with GEOS's reason and location (`GEOSisValidDetail_r`). O(n log n).
    public func validity(_ geometry: Geometry) throws(GEOSError) -> Validity {
        let g = try context.handle(for: geometry)
        defer { withExtendedLifetime(g) {} }
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let valid = try context.predicate("checking validity") { GEOSisValidDetail_r($0, g.raw, 0, &reason, &location) }
        defer { if let reason { GEOSFree_r(context.handle, reason) } }
        let place = location.map { GeometryHandle($0, in: context) }
        defer { withExtendedLifetime(place) {} }
        var result = Validity(isValid: valid, reason: valid ? nil : reason.map { String(cString: $0) }, location: nil)
        if let place, case let .point(c)? = try? context.geometry(place), c.longitude.isFinite {
            result.location = c
        }
        return result
    }

    /// A valid geometry covering the same points (`GEOSMakeValid_r`, linework method): a bow-tie
    /// becomes two triangles. Collapsed parts are dropped (see the collection rule in the guide). O(n log n).
    public func makeValid(_ geometry: Geometry) throws(GEOSError) -> Geometry {
        try unary("makeValid", geometry) { GEOSMakeValid_r($0, $1) }
    }

    // MARK: Constructions

    /// The buffer at `distance` in the coordinates' unit (planar; negative shrinks polygons), with
    /// `quadrantSegments` segments per quarter circle. O(n log n).
    public func buffer(_ geometry: Geometry, distance: Double, quadrantSegments: Int = 8) throws(GEOSError) -> Geometry {
        try unary("buffer by \(distance)", geometry) { GEOSBuffer_r($0, $1, distance, Int32(quadrantSegments)) }
    }

    /// The union of all geometries (`GEOSUnaryUnion_r` over their collection). O(n log n).
    public func union(_ geometries: [Geometry]) throws(GEOSError) -> Geometry {
        let parts = try geometries.map { (g) throws(GEOSError) in try context.handle(for: g) }
        var raws: [OpaquePointer?] = parts.map { $0.release() }
        // NULL = exception; the collection owns the parts from the call on.
        let collection = try context.pointer("collecting \(geometries.count) geometries") {
            GEOSGeom_createCollection_r($0, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), &raws, UInt32(raws.count))
        }
        let owner = GeometryHandle(collection, in: context)
        defer { withExtendedLifetime(owner) {} }
        let result = try context.pointer("union of \(geometries.count) geometries") { GEOSUnaryUnion_r($0, owner.raw) }
        return try context.geometry(GeometryHandle(result, in: context))
    }

    /// The points common to both. O((n + m) log(n + m)).
    public func intersection(_ a: Geometry, _ b: Geometry) throws(GEOSError) -> Geometry {
        try binary("intersection", a, b) { GEOSIntersection_r($0, $1, $2) }
    }

    /// The points of `a` not in `b`. O((n + m) log(n + m)).
    public func difference(_ a: Geometry, _ b: Geometry) throws(GEOSError) -> Geometry {
        try binary("difference", a, b) { GEOSDifference_r($0, $1, $2) }
    }

    /// The centre of mass (of the highest-dimension parts); nil for an empty geometry. O(n).
    public func centroid(_ geometry: Geometry) throws(GEOSError) -> Coordinate? {
        guard case let .point(c) = try unary("centroid", geometry, { GEOSGetCentroid_r($0, $1) }), c.longitude.isFinite
        else { return nil }
        return c
    }

    /// Simplified with tolerance `tolerance` (coordinates' unit). Topology-preserving by default, so
    /// valid polygons stay valid; otherwise plain Douglas–Peucker. O(n log n).
    public func simplify(_ geometry: Geometry, tolerance: Double, preservingTopology: Bool = true) throws(GEOSError) -> Geometry {
        try unary("simplify by \(tolerance)", geometry) {
            preservingTopology ? GEOSTopologyPreserveSimplify_r($0, $1, tolerance) : GEOSSimplify_r($0, $1, tolerance)
        }
    }

    /// The smallest convex polygon around the geometry. O(n log n).
    public func convexHull(_ geometry: Geometry) throws(GEOSError) -> Geometry {
        try unary("convexHull", geometry) { GEOSConvexHull_r($0, $1) }
    }

    /// A concave hull (GEOS ≥ 3.11): `ratio` 1 gives the convex hull, smaller values hug the points
    /// more tightly (0 = the tightest). O(n log n).
    public func concaveHull(_ geometry: Geometry, ratio: Double, allowHoles: Bool = false) throws(GEOSError) -> Geometry {
        try unary("concaveHull with ratio \(ratio)", geometry) { GEOSConcaveHull_r($0, $1, ratio, allowHoles ? 1 : 0) }
    }

    // MARK: Predicates

    /// Whether the geometries share at least one point. O((n + m) log(n + m)).
    public func intersects(_ a: Geometry, _ b: Geometry) throws(GEOSError) -> Bool {
        try predicate("intersects", a, b) { GEOSIntersects_r($0, $1, $2) }
    }

    /// Whether `b` lies inside `a` and touches its interior (boundary-only contact is not containment).
    public func contains(_ a: Geometry, _ b: Geometry) throws(GEOSError) -> Bool {
        try predicate("contains", a, b) { GEOSContains_r($0, $1, $2) }
    }

    /// Whether `a` lies inside `b` (`contains` with the arguments swapped).
    public func within(_ a: Geometry, _ b: Geometry) throws(GEOSError) -> Bool {
        try predicate("within", a, b) { GEOSWithin_r($0, $1, $2) }
    }

    // MARK: Planar measures

    /// Area in the square of the coordinates' unit (square metres only for projected input). O(n).
    public func planarArea(_ geometry: Geometry) throws(GEOSError) -> Double {
        try measure("area", geometry) { GEOSArea_r($0, $1, $2) }
    }

    /// Length (lines) or perimeter (polygons) in the coordinates' unit. O(n).
    public func planarLength(_ geometry: Geometry) throws(GEOSError) -> Double {
        try measure("length", geometry) { GEOSLength_r($0, $1, $2) }
    }

    /// The shortest distance between the geometries, in the coordinates' unit. O(n·m) worst case.
    public func planarDistance(_ a: Geometry, _ b: Geometry) throws(GEOSError) -> Double {
        let ga = try context.handle(for: a), gb = try context.handle(for: b)
        defer { withExtendedLifetime((ga, gb)) {} }
        var out = 0.0
        try context.integer("distance", failingWith: 0) { GEOSDistance_r($0, ga.raw, gb.raw, &out) }
        return out
    }

    // MARK: Plumbing: one shape per GEOS signature

    private func unary(_ operation: String, _ geometry: Geometry,
                       _ call: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> Geometry {
        let g = try context.handle(for: geometry)
        defer { withExtendedLifetime(g) {} }
        let result = try context.pointer(operation) { call($0, g.raw) }
        return try context.geometry(GeometryHandle(result, in: context))
    }

    private func binary(_ operation: String, _ a: Geometry, _ b: Geometry,
                        _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> Geometry {
        let ga = try context.handle(for: a), gb = try context.handle(for: b)
        defer { withExtendedLifetime((ga, gb)) {} }
        let result = try context.pointer(operation) { call($0, ga.raw, gb.raw) }
        return try context.geometry(GeometryHandle(result, in: context))
    }

    private func predicate(_ operation: String, _ a: Geometry, _ b: Geometry,
                           _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws(GEOSError) -> Bool {
        let ga = try context.handle(for: a), gb = try context.handle(for: b)
        defer { withExtendedLifetime((ga, gb)) {} }
        return try context.predicate(operation) { call($0, ga.raw, gb.raw) }
    }

    private func measure(_ operation: String, _ geometry: Geometry,
                         _ call: (GEOSContextHandle_t, OpaquePointer, UnsafeMutablePointer<Double>) -> Int32) throws(GEOSError) -> Double {
        let g = try context.handle(for: geometry)
        defer { withExtendedLifetime(g) {} }
        var out = 0.0
        try context.integer(operation, failingWith: 0) { call($0, g.raw, &out) }
        return out
    }
}

@available(*, unavailable, message: "a GEOS value owns a single-threaded GEOS context: use it from one task only")
extension GEOS: Sendable {}
