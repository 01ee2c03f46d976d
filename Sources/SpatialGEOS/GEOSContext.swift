import CGEOS
import SpatialCore

/// Owns one GEOS context (`GEOS_init_r` … `GEOS_finish_r`), the last error message GEOS reported
/// on it, and its WKB/WKT readers and writers.
///
/// GEOS contexts are single-threaded: a context and every geometry made in it stay in one task.
/// Internal: no GEOS handle leaves this module. The three C return conventions are converted here
/// and only here: ``pointer(_:_:)`` (NULL), ``predicate(_:_:)`` (char 0/1, 2 = exception) and
/// ``integer(_:failingWith:_:)`` (an int status with a stated failure value).
final class GEOSContext {
    let handle: GEOSContextHandle_t
    private let messages: MessageBuffer
    private let wkbReader: OpaquePointer
    private let wkbWriter: OpaquePointer

    final class MessageBuffer {
        var lastError: String?
    }

    init() throws(GEOSError) {
        guard let handle = GEOS_init_r() else {
            throw GEOSError(operation: "creating a context", message: "GEOS_init_r returned NULL")
        }
        let messages = MessageBuffer()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userData in
            guard let message, let userData else { return }
            Unmanaged<MessageBuffer>.fromOpaque(userData).takeUnretainedValue().lastError = String(cString: message)
        }, Unmanaged.passUnretained(messages).toOpaque())
        guard let reader = GEOSWKBReader_create_r(handle) else {
            GEOS_finish_r(handle)
            throw GEOSError(operation: "creating a WKB reader", message: messages.lastError ?? "NULL")
        }
        guard let writer = GEOSWKBWriter_create_r(handle) else {
            GEOSWKBReader_destroy_r(handle, reader)
            GEOS_finish_r(handle)
            throw GEOSError(operation: "creating a WKB writer", message: messages.lastError ?? "NULL")
        }
        GEOSWKBWriter_setOutputDimension_r(handle, writer, 2)
        GEOSWKBWriter_setByteOrder_r(handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        GEOSWKBWriter_setIncludeSRID_r(handle, writer, 0)
        self.handle = handle
        self.messages = messages
        self.wkbReader = reader
        self.wkbWriter = writer
    }

    deinit {
        GEOSWKBWriter_destroy_r(handle, wkbWriter)
        GEOSWKBReader_destroy_r(handle, wkbReader)
        GEOS_finish_r(handle)
    }

    // MARK: The three return conventions

    /// Calls a function that returns NULL on exception.
    func pointer<T>(_ operation: @autoclosure () -> String, _ call: (GEOSContextHandle_t) -> T?) throws(GEOSError) -> T {
        messages.lastError = nil
        guard let result = call(handle) else { throw failure(operation()) }
        return result
    }

    /// Calls a predicate returning 1 (true), 0 (false) or 2 (exception).
    func predicate(_ operation: @autoclosure () -> String, _ call: (GEOSContextHandle_t) -> CChar) throws(GEOSError) -> Bool {
        messages.lastError = nil
        switch call(handle) {
        case 1: return true
        case 0: return false
        default: throw failure(operation())
        }
    }

    /// Calls a function returning an int status or count whose value `failure` means exception
    /// (0 for measurements such as `GEOSArea_r`, −1 for counts and type ids).
    @discardableResult
    func integer(_ operation: @autoclosure () -> String, failingWith failure: Int32,
                 _ call: (GEOSContextHandle_t) -> Int32) throws(GEOSError) -> Int32 {
        messages.lastError = nil
        let result = call(handle)
        guard result != failure else { throw self.failure(operation()) }
        return result
    }

    private func failure(_ operation: String) -> GEOSError {
        GEOSError(operation: operation, message: messages.lastError ?? "GEOS reported a failure without a message")
    }

    // MARK: Conversion through WKB

    /// A GEOS geometry for a Beacon geometry. O(n).
    func handle(for geometry: Geometry) throws(GEOSError) -> GeometryHandle {
        let wkb = WKB.encode(geometry)
        // NULL = exception (malformed input).
        let raw = try pointer("reading \(geometry.typeName) from WKB") { GEOSWKBReader_read_r($0, wkbReader, wkb, wkb.count) }
        return GeometryHandle(raw, in: self)
    }

    /// A GEOS point. O(1).
    func handle(for c: Coordinate) throws(GEOSError) -> GeometryHandle {
        let raw = try pointer("creating point \(c)") { GEOSGeom_createPointFromXY_r($0, c.longitude, c.latitude) }
        return GeometryHandle(raw, in: self)
    }

    /// The Beacon geometry for a GEOS result, which is then destroyed. O(n).
    func geometry(_ result: GeometryHandle) throws(GEOSError) -> Geometry {
        defer { withExtendedLifetime(result) {} }
        return try geometry(result.raw)
    }

    /// The Beacon geometry for a GEOS geometry owned elsewhere (kept alive by the caller). O(n).
    ///
    /// Beacon has no geometry collection: a GEOS collection (from `makeValid`, or an overlay whose
    /// result mixes dimensions) keeps only its parts of the highest dimension, as a multi-geometry;
    /// lower-dimensional parts (zero area or length) are dropped. An empty collection becomes an
    /// empty multi-point.
    func geometry(_ raw: OpaquePointer) throws(GEOSError) -> Geometry {
        let type = try integer("reading a geometry type", failingWith: -1) { GEOSGeomTypeId_r($0, raw) }
        if type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) { return try collection(raw) }
        var size = 0
        let bytes = try pointer("writing WKB") { GEOSWKBWriter_write_r($0, wkbWriter, raw, &size) }
        defer { GEOSFree_r(handle, bytes) }
        do {
            return try WKB.decode(Array(UnsafeBufferPointer(start: bytes, count: size)))
        } catch {
            throw GEOSError(operation: "reading GEOS output", message: error.description)
        }
    }

    private func collection(_ raw: OpaquePointer) throws(GEOSError) -> Geometry {
        let n = try integer("counting collection parts", failingWith: -1) { GEOSGetNumGeometries_r($0, raw) }
        var points: [Coordinate] = [], lines: [[Coordinate]] = [], polygons: [[[Coordinate]]] = []
        for i in 0..<n {
            // NULL = exception; the part belongs to the collection.
            let part = try pointer("reading collection part \(i)") { GEOSGetGeometryN_r($0, raw, i) }
            switch try geometry(part) {
            case let .point(c): if c.longitude.isFinite { points.append(c) }
            case let .multiPoint(cs): points += cs
            case let .lineString(l): if !l.isEmpty { lines.append(l) }
            case let .multiLineString(ls): lines += ls
            case let .polygon(p): if !p.isEmpty { polygons.append(p) }
            case let .multiPolygon(ps): polygons += ps
            }
        }
        if !polygons.isEmpty { return .multiPolygon(polygons) }
        if !lines.isEmpty { return .multiLineString(lines) }
        return .multiPoint(points)
    }
}

/// One GEOS geometry, destroyed with its owner; keeps its context alive.
///
/// Swift may end an object's life after its last use, so code that passes `raw` to GEOS keeps the
/// handle alive to the end of its scope with `defer { withExtendedLifetime(handle) {} }`.
final class GeometryHandle {
    let context: GEOSContext
    private(set) var raw: OpaquePointer
    private var owned = true

    init(_ raw: OpaquePointer, in context: GEOSContext) {
        self.raw = raw
        self.context = context
    }

    /// Hands the geometry to a GEOS call that takes ownership (e.g. `GEOSGeom_createCollection_r`).
    func release() -> OpaquePointer {
        owned = false
        return raw
    }

    deinit {
        if owned { GEOSGeom_destroy_r(context.handle, raw) }
    }
}
