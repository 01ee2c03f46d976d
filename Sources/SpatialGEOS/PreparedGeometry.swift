import CGEOS
import SpatialCore

/// A geometry indexed once for many predicate tests against it (`GEOSPrepare_r`): after O(n log n)
/// preparation, a point-in-polygon test costs O(log n) instead of O(n).
///
/// Typical use: one district or hazard footprint tested against thousands of features. It owns its
/// GEOS geometry and shares its context with the ``GEOS`` value that made it, so it lives in that
/// one task: it is deliberately not `Sendable`.
public final class PreparedGeometry {
    /// The geometry as given.
    public let geometry: Geometry
    private let base: GeometryHandle
    private let prepared: OpaquePointer

    fileprivate init(_ geometry: Geometry, context: GEOSContext) throws(GEOSError) {
        let base = try context.handle(for: geometry)
        // NULL = exception.
        prepared = try context.pointer("preparing \(geometry.typeName)") { GEOSPrepare_r($0, base.raw) }
        self.base = base
        self.geometry = geometry
    }

    deinit {
        // The prepared geometry refers to `base`, which is released after this body.
        GEOSPreparedGeom_destroy_r(base.context.handle, prepared)
    }

    private var context: GEOSContext { base.context }

    /// Whether the point lies in the interior of the geometry (a point on the boundary is not contained).
    public func contains(_ c: Coordinate) throws(GEOSError) -> Bool {
        let point = try context.handle(for: c)
        defer { withExtendedLifetime(point) {} }
        return try context.predicate("prepared contains \(c)") { GEOSPreparedContains_r($0, prepared, point.raw) }
    }

    /// Whether `other` lies inside the geometry and touches its interior.
    public func contains(_ other: Geometry) throws(GEOSError) -> Bool {
        try test("prepared contains", other) { GEOSPreparedContains_r($0, $1, $2) }
    }

    /// Whether `other` lies in the interior, not touching the boundary at all.
    public func containsProperly(_ other: Geometry) throws(GEOSError) -> Bool {
        try test("prepared containsProperly", other) { GEOSPreparedContainsProperly_r($0, $1, $2) }
    }

    /// Whether `other` shares at least one point with the geometry.
    public func intersects(_ other: Geometry) throws(GEOSError) -> Bool {
        try test("prepared intersects", other) { GEOSPreparedIntersects_r($0, $1, $2) }
    }

    private func test(_ operation: String, _ other: Geometry,
                      _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws(GEOSError) -> Bool {
        let g = try context.handle(for: other)
        defer { withExtendedLifetime(g) {} }
        return try context.predicate("\(operation) \(other.typeName)") { call($0, prepared, g.raw) }
    }
}

@available(*, unavailable, message: "a PreparedGeometry lives in the task whose GEOS context made it")
extension PreparedGeometry: Sendable {}

extension GEOS {
    /// Prepares `geometry` for repeated predicate tests in this context. O(n log n).
    public func prepare(_ geometry: Geometry) throws(GEOSError) -> PreparedGeometry {
        try PreparedGeometry(geometry, context: context)
    }
}
