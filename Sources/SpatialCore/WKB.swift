/// Well-Known Binary (OGC 06-103r4, 2D) encoding and decoding.
///
/// WKB is how geometries cross into GEOS and SpatiaLite (`GeomFromWKB` / `AsBinary`), so both
/// directions live here once. Encoding writes little-endian (NDR); decoding reads either byte order.
public enum WKB {
    /// Encodes a geometry. O(n) in vertices.
    public static func encode(_ geometry: Geometry) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(geometry, into: &out)
        return out
    }

    /// Decodes a geometry, rejecting truncated or unsupported input with the offset where it failed.
    public static func decode(_ bytes: [UInt8]) throws(WKBError) -> Geometry {
        var reader = Reader(bytes: bytes)
        let g = try reader.geometry()
        guard reader.offset == bytes.count else { throw .trailingBytes(at: reader.offset) }
        return g
    }

    private static func write(_ g: Geometry, into out: inout [UInt8]) {
        out.append(1)
        switch g {
        case let .point(c):
            put(UInt32(1), &out); put(c, &out)
        case let .lineString(cs):
            put(UInt32(2), &out); put(cs, &out)
        case let .polygon(rings):
            put(UInt32(3), &out); put(UInt32(rings.count), &out)
            for r in rings { put(r, &out) }
        case let .multiPoint(cs):
            put(UInt32(4), &out); put(UInt32(cs.count), &out)
            for c in cs { write(.point(c), into: &out) }
        case let .multiLineString(ls):
            put(UInt32(5), &out); put(UInt32(ls.count), &out)
            for l in ls { write(.lineString(l), into: &out) }
        case let .multiPolygon(ps):
            put(UInt32(6), &out); put(UInt32(ps.count), &out)
            for p in ps { write(.polygon(p), into: &out) }
        }
    }

    private static func put(_ v: UInt32, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
    private static func put(_ c: Coordinate, _ out: inout [UInt8]) {
        withUnsafeBytes(of: c.longitude.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: c.latitude.bitPattern.littleEndian) { out.append(contentsOf: $0) }
    }
    private static func put(_ cs: [Coordinate], _ out: inout [UInt8]) {
        put(UInt32(cs.count), &out)
        for c in cs { put(c, &out) }
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0
        var littleEndian = true

        mutating func geometry() throws(WKBError) -> Geometry {
            guard offset < bytes.count else { throw .truncated(at: offset) }
            let order = bytes[offset]
            guard order <= 1 else { throw .badByteOrder(order, at: offset) }
            littleEndian = order == 1
            offset += 1
            let rawType = try uint32()
            // ISO Z/M (1000s) and EWKB flags are rejected: Beacon stores 2D.
            switch rawType {
            case 1: return .point(try coordinate())
            case 2: return .lineString(try coordinates())
            case 3: return .polygon(try rings())
            case 4: return .multiPoint(try parts { r throws(WKBError) in
                    guard case let .point(c) = try r.geometry() else { throw .unexpectedPart(at: r.offset) }
                    return c })
            case 5: return .multiLineString(try parts { r throws(WKBError) in
                    guard case let .lineString(l) = try r.geometry() else { throw .unexpectedPart(at: r.offset) }
                    return l })
            case 6: return .multiPolygon(try parts { r throws(WKBError) in
                    guard case let .polygon(p) = try r.geometry() else { throw .unexpectedPart(at: r.offset) }
                    return p })
            default: throw .unsupportedType(rawType)
            }
        }

        mutating func parts<T>(_ body: (inout Reader) throws(WKBError) -> T) throws(WKBError) -> [T] {
            let n = try count(minBytesEach: 9)
            var result: [T] = []
            result.reserveCapacity(n)
            for _ in 0..<n {
                let saved = littleEndian
                result.append(try body(&self))
                littleEndian = saved
            }
            return result
        }

        mutating func rings() throws(WKBError) -> [[Coordinate]] {
            let n = try count(minBytesEach: 4)
            var rings: [[Coordinate]] = []
            rings.reserveCapacity(n)
            for _ in 0..<n { rings.append(try coordinates()) }
            return rings
        }

        mutating func coordinates() throws(WKBError) -> [Coordinate] {
            let n = try count(minBytesEach: 16)
            var cs: [Coordinate] = []
            cs.reserveCapacity(n)
            for _ in 0..<n { cs.append(try coordinate()) }
            return cs
        }

        mutating func count(minBytesEach: Int) throws(WKBError) -> Int {
            let n = Int(try uint32())
            guard n * minBytesEach <= bytes.count - offset else { throw .truncated(at: offset) }
            return n
        }

        mutating func coordinate() throws(WKBError) -> Coordinate {
            let x = Double(bitPattern: try uint64())
            let y = Double(bitPattern: try uint64())
            return Coordinate(longitude: x, latitude: y)
        }

        mutating func uint32() throws(WKBError) -> UInt32 {
            guard offset + 4 <= bytes.count else { throw .truncated(at: offset) }
            var v: UInt32 = 0
            for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * i) }
            offset += 4
            return littleEndian ? v : v.byteSwapped
        }

        mutating func uint64() throws(WKBError) -> UInt64 {
            guard offset + 8 <= bytes.count else { throw .truncated(at: offset) }
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * i) }
            offset += 8
            return littleEndian ? v : v.byteSwapped
        }
    }
}

/// Why a WKB blob could not be read; offsets are in bytes from the start.
public enum WKBError: Error, Equatable, CustomStringConvertible {
    case truncated(at: Int)
    case badByteOrder(UInt8, at: Int)
    case unsupportedType(UInt32)
    case unexpectedPart(at: Int)
    case trailingBytes(at: Int)

    public var description: String {
        switch self {
        case let .truncated(at): "WKB truncated at byte \(at)"
        case let .badByteOrder(b, at): "WKB byte-order flag \(b) at byte \(at) is neither 0 nor 1"
        case let .unsupportedType(t): "WKB geometry type \(t) is not a 2D point, line, polygon or multi-geometry"
        case let .unexpectedPart(at): "WKB multi-geometry has a part of the wrong type before byte \(at)"
        case let .trailingBytes(at): "WKB has extra bytes after the geometry, from byte \(at)"
        }
    }
}
