import Foundation
import SpatialCore

/// A road network saved beside the store (`<store>.roadgraph`), so a command does not re-read and
/// re-build the roads: the forward CSR arrays, shapes, road ids and names, little-endian, after a
/// header holding a format tag and the key of the road data it was built from. The reverse CSR,
/// twins and grids are rebuilt on load (O(V + E)).
public enum RoadNetworkCache {
    static let magic = Array("BCNROAD1".utf8)

    /// What went wrong reading a cache file (the caller rebuilds).
    public struct CacheError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Writes `network` with `key` to `url` atomically. O(V + E + shape vertices).
    public static func write(_ network: RoadNetwork, key: String, to url: URL) throws {
        let g = network.graph
        var out = BinaryWriter()
        out.bytes(magic)
        out.string(key)
        out.int64(g.nodeCount); out.int64(g.edgeCount); out.int64(g.shapeCoordinates.count); out.int64(network.roadIDs.count)
        out.coordinates(g.nodeCoordinates)
        out.array(g.edgeOffsets); out.array(g.edgeSources); out.array(g.edgeTargets)
        out.array(g.edgeTravelSeconds); out.array(g.edgeLengthMetres); out.array(g.edgeRoadIndex)
        out.array(g.edgeShapeFirst); out.array(g.edgeShapeLast)
        out.coordinates(g.shapeCoordinates)
        for list in [g.buildNotes.zeroLengthRoads, g.buildNotes.selfLoopRoads, g.buildNotes.closedRoads] {
            out.int64(list.count); out.array(list)
        }
        out.string(network.roadIDs.joined(separator: "\u{0}"))
        out.string(network.roadNames.joined(separator: "\u{0}"))
        try out.data.write(to: url, options: .atomic)
    }

    /// The key stored in the file at `url`, or nil when it is missing or not a cache file. Reads the header only.
    public static func key(at url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4096) else { return nil }
        var reader = BinaryReader(head)
        guard (try? reader.bytes(magic.count)) == magic else { return nil }
        return try? reader.string()
    }

    /// Reads a network saved by ``write(_:key:to:)``. Nil when the file is absent or its key differs
    /// (the road data changed); throws ``CacheError`` when the file is damaged.
    public static func read(from url: URL, expectedKey: String) throws -> RoadNetwork? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        var r = BinaryReader(try Data(contentsOf: url, options: .mappedIfSafe))
        guard try r.bytes(magic.count) == magic else { throw CacheError(description: "\(url.path) is not a Beacon road graph cache") }
        guard try r.string() == expectedKey else { return nil }
        let n = try r.count(), m = try r.count(), s = try r.count(), roads = try r.count()
        let nodes = try r.coordinates(n)
        let offsets: [Int32] = try r.array(n + 1)
        let sources: [Int32] = try r.array(m), targets: [Int32] = try r.array(m)
        let seconds: [Double] = try r.array(m), metres: [Double] = try r.array(m)
        let roadIndex: [Int32] = try r.array(m), first: [Int32] = try r.array(m), last: [Int32] = try r.array(m)
        let shape = try r.coordinates(s)
        var notes = RoadBuildNotes()
        notes.zeroLengthRoads = try r.array(try r.count())
        notes.selfLoopRoads = try r.array(try r.count())
        notes.closedRoads = try r.array(try r.count())
        let ids = try r.string().split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
        let names = try r.string().split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
        guard ids.count == roads || (roads == 0 && ids == [""]), names.count == ids.count,
              offsets.last.map({ Int($0) == m }) ?? false,
              targets.allSatisfy({ $0 >= 0 && Int($0) < n }), roadIndex.allSatisfy({ $0 >= 0 && Int($0) < roads }),
              first.allSatisfy({ $0 >= 0 && Int($0) < s }), last.allSatisfy({ $0 >= 0 && Int($0) < s }) else {
            throw CacheError(description: "\(url.path) is damaged: its arrays do not fit together")
        }
        var graph = RoadGraph(nodeCoordinates: nodes, edgeOffsets: offsets, edgeSources: sources, edgeTargets: targets,
                              edgeTravelSeconds: seconds, edgeLengthMetres: metres, edgeRoadIndex: roadIndex,
                              edgeShapeFirst: first, edgeShapeLast: last, shapeCoordinates: shape)
        graph.buildNotes = notes
        return RoadNetwork(graph: graph, roadIDs: roads == 0 ? [] : ids, roadNames: roads == 0 ? [] : names)
    }
}

/// Appends little-endian values to a byte buffer.
struct BinaryWriter {
    var data = Data()
    mutating func bytes(_ b: [UInt8]) { data.append(contentsOf: b) }
    mutating func int64(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { data.append(contentsOf: $0) } }
    mutating func array<T: FixedWidthInteger>(_ values: [T]) {
        values.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
    }
    mutating func array(_ values: [Double]) { array(values.map(\.bitPattern)) }
    mutating func coordinates(_ values: [Coordinate]) {
        var flat: [UInt64] = []
        flat.reserveCapacity(2 * values.count)
        for c in values { flat.append(c.longitude.bitPattern); flat.append(c.latitude.bitPattern) }
        array(flat)
    }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int64(utf8.count)
        data.append(contentsOf: utf8)
    }
}

/// Reads what ``BinaryWriter`` wrote, checking every length against the bytes left.
struct BinaryReader {
    let data: Data
    var offset: Int
    init(_ data: Data) { self.data = data; offset = data.startIndex }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, offset + count <= data.endIndex else {
            throw RoadNetworkCache.CacheError(description: "road graph cache ends early (wanted \(count) bytes at \(offset))")
        }
        defer { offset += count }
        return Array(data[offset..<offset + count])
    }

    mutating func count() throws -> Int {
        let raw = try bytes(8).withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
        guard raw >= 0, raw < Int64(data.count) else { throw RoadNetworkCache.CacheError(description: "road graph cache holds an impossible count \(raw)") }
        return Int(raw)
    }

    mutating func array<T: FixedWidthInteger>(_ count: Int) throws -> [T] {
        let size = count * MemoryLayout<T>.size
        guard count >= 0, offset + size <= data.endIndex else {
            throw RoadNetworkCache.CacheError(description: "road graph cache ends early (wanted \(count) values at \(offset))")
        }
        var out = [T](repeating: 0, count: count)
        out.withUnsafeMutableBytes { target in
            data.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[(offset - data.startIndex)..<(offset - data.startIndex + size)]))
            }
        }
        offset += size
        if T.self != UInt8.self, 1.littleEndian != 1 { out = out.map { T(littleEndian: $0) } }
        return out
    }

    mutating func array(_ count: Int) throws -> [Double] {
        let bits: [UInt64] = try array(count)
        return bits.map(Double.init(bitPattern:))
    }

    mutating func coordinates(_ count: Int) throws -> [Coordinate] {
        let flat: [Double] = try array(2 * count)
        return (0..<count).map { Coordinate(longitude: flat[2 * $0], latitude: flat[2 * $0 + 1]) }
    }

    mutating func string() throws -> String {
        let n = try count()
        return String(decoding: try bytes(n), as: UTF8.self)
    }
}
