import CPROJ
import SpatialCore

/// Transforms positions between two CRSs with PROJ, always in (x = longitude or easting,
/// y = latitude or northing) order.
///
/// Axis order is settled here, once: the PROJ operation is normalised for visualisation
/// (`proj_normalize_for_visualization`), so geographic CRSs such as EPSG:4326 — whose authority order
/// is latitude, longitude — take and give **longitude first**, and projected CRSs whose authority
/// order is northing, easting (the CGCS2000 Gauss-Krüger zones) take and give **easting first**.
///
/// Threading: each transformer owns its own `PJ_CONTEXT`, and PROJ objects are not thread-safe, so a
/// transformer is used by one thread or task at a time (it is deliberately not `Sendable`). Create one
/// per task; creation costs a database look-up (about a millisecond), a transform a microsecond.
public final class Transformer {
    /// Which way to run the operation: `forward` is `from` → `to`.
    public enum Direction: Sendable {
        case forward, inverse
    }

    public let source: CRS
    public let target: CRS
    private let context: ProjContext
    private let operation: OpaquePointer

    /// Prepares the operation `source` → `target`; throws naming the EPSG code PROJ does not know.
    public init(from source: CRS, to target: CRS) throws(ProjectionError) {
        self.source = source
        self.target = target
        let context = try ProjContext()
        self.context = context
        let from = try Self.createCRS(source, in: context)
        defer { proj_destroy(from) }
        let to = try Self.createCRS(target, in: context)
        defer { proj_destroy(to) }
        let what = "creating the operation \(source) → \(target)"
        context.clear()
        // NULL = failure (no operation between the two CRSs).
        guard let raw = proj_create_crs_to_crs_from_pj(context.handle, from, to, nil, nil) else {
            throw context.error(what)
        }
        defer { proj_destroy(raw) }
        guard let normalized = proj_normalize_for_visualization(context.handle, raw) else {
            throw context.error("normalising the axis order of \(source) → \(target)")
        }
        operation = normalized
    }

    deinit {
        proj_destroy(operation)
    }

    private static func createCRS(_ crs: CRS, in context: ProjContext) throws(ProjectionError) -> OpaquePointer {
        context.clear()
        // NULL = unknown code or broken database.
        guard let pj = proj_create(context.handle, "EPSG:\(crs.epsg)") else {
            throw context.error("creating CRS EPSG:\(crs.epsg) (is the EPSG code right?)")
        }
        guard proj_is_crs(pj) != 0 else {
            proj_destroy(pj)
            throw ProjectionError(operation: "creating CRS EPSG:\(crs.epsg)",
                                  message: "EPSG:\(crs.epsg) is not a coordinate reference system", code: 0)
        }
        return pj
    }

    private var label: String { "\(source) → \(target)" }

    private func pjDirection(_ d: Direction) -> PJ_DIRECTION { d == .forward ? PJ_FWD : PJ_INV }

    /// Transforms one position. O(1).
    ///
    /// - Throws: ``ProjectionError`` naming the input when PROJ fails or gives an infinite result
    ///   (a point outside the projection's domain).
    public func transform(x: Double, y: Double, direction: Direction = .forward) throws(ProjectionError) -> (x: Double, y: Double) {
        context.clear()
        proj_errno_reset(operation)
        let out = proj_trans(operation, pjDirection(direction), proj_coord(x, y, 0, 0))
        // A failed point comes back as HUGE_VAL (infinity) with errno set.
        guard out.xy.x.isFinite, out.xy.y.isFinite else {
            throw failure(x: x, y: y, direction: direction)
        }
        return (out.xy.x, out.xy.y)
    }

    private func failure(x: Double, y: Double, direction: Direction) -> ProjectionError {
        let way = direction == .forward ? label : "\(target) → \(source)"
        var e = context.error("transforming (\(x), \(y)) \(way)", errno: proj_errno(operation))
        if e.code == 0 && e.message == "PROJ gave no message" {
            e.message = "the result is not finite (the point is outside the projection's domain)"
        }
        return e
    }

    /// Projects a longitude/latitude coordinate (forward direction) to easting/northing metres.
    public func project(_ c: Coordinate) throws(ProjectionError) -> ProjectedPoint {
        let p = try transform(x: c.longitude, y: c.latitude, direction: .forward)
        return ProjectedPoint(eastingMetres: p.x, northingMetres: p.y)
    }

    /// Unprojects easting/northing metres (inverse direction) to longitude/latitude.
    public func unproject(_ p: ProjectedPoint) throws(ProjectionError) -> Coordinate {
        let c = try transform(x: p.eastingMetres, y: p.northingMetres, direction: .inverse)
        return Coordinate(longitude: c.x, latitude: c.y)
    }

    /// Transforms many positions in one `proj_trans_generic` call. O(n), no per-point allocation.
    ///
    /// `Coordinate` is used as an (x, y) pair: for a projected side, `longitude` holds the easting and
    /// `latitude` the northing, in metres.
    /// - Throws: ``ProjectionError`` naming the first input whose result is not finite.
    public func transform(_ coordinates: [Coordinate], direction: Direction = .forward) throws(ProjectionError) -> [Coordinate] {
        var out = coordinates
        guard !out.isEmpty else { return out }
        let stride = MemoryLayout<Coordinate>.stride
        let yOffset = MemoryLayout<Coordinate>.offset(of: \.latitude)!
        context.clear()
        proj_errno_reset(operation)
        out.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            let xs = base.assumingMemoryBound(to: Double.self)
            let ys = (base + yOffset).assumingMemoryBound(to: Double.self)
            _ = proj_trans_generic(operation, pjDirection(direction),
                                   xs, stride, raw.count / stride,
                                   ys, stride, raw.count / stride,
                                   nil, 0, 0, nil, 0, 0)
        }
        if let bad = out.firstIndex(where: { !$0.longitude.isFinite || !$0.latitude.isFinite }) {
            let c = coordinates[bad]
            var e = failure(x: c.longitude, y: c.latitude, direction: direction)
            e.operation += " (position \(bad) of \(coordinates.count))"
            throw e
        }
        return out
    }

    /// Transforms every vertex of a geometry. O(n).
    ///
    /// For geographic → projected, the result holds **metres** in `Coordinate`'s fields (`longitude` =
    /// easting, `latitude` = northing); pass such a geometry to planar operations (GEOS) only, and bring
    /// it back with `direction: .inverse` before treating it as degrees again.
    public func transform(_ geometry: Geometry, direction: Direction = .forward) throws(ProjectionError) -> Geometry {
        try geometry.mapPaths { (path) throws(ProjectionError) in try transform(path, direction: direction) }
    }
}

@available(*, unavailable, message: "a Transformer owns a PROJ context: use it from one task only")
extension Transformer: Sendable {}
