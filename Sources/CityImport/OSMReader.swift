// The only file that touches libreadosm: it opens a `.osm` / `.osm.pbf` file, streams its elements
// through readosm's C callbacks and hands out Swift values. The readosm handle never leaves this file.
import CReadOSM
import Foundation
import SpatialCore

/// An element's tags as read from the file.
typealias OSMTags = [String: String]

/// The three OSM element types, spelled as in OSM ids (`node/123`).
enum OSMElementType: String, Sendable {
    case node, way, relation
}

/// A node: its id, position and tags (empty for most nodes).
struct OSMNodeRecord {
    var id: Int64
    var coordinate: Coordinate
    var tags: OSMTags
}

/// A way: its id, the ids of its nodes in order, and its tags.
struct OSMWayRecord {
    var id: Int64
    var nodeIDs: [Int64]
    var tags: OSMTags
}

/// One member of a relation.
struct OSMMember: Sendable {
    var type: OSMElementType
    var id: Int64
    var role: String
}

/// A relation: its id, members in order, and its tags.
struct OSMRelationRecord {
    var id: Int64
    var members: [OSMMember]
    var tags: OSMTags
}

/// Receives the elements of a file in file order (normally nodes, then ways, then relations).
protocol OSMElementSink: AnyObject {
    func node(_ node: OSMNodeRecord)
    func way(_ way: OSMWayRecord)
    func relation(_ relation: OSMRelationRecord)
}

/// Streams an OSM file through readosm.
enum OSMReader {
    /// Reads every element of the file at `url` into `sink`. O(file size); memory is the sink's.
    ///
    /// The readosm handle is owned by one ``ReadOSMHandle`` and closed exactly once when this returns
    /// or throws.
    static func read(_ url: URL, into sink: any OSMElementSink) throws(OSMImportError) {
        try checkBeforeOpening(url)
        let handle = try ReadOSMHandle(opening: url)
        try handle.parse(into: sink)
    }

    /// Catches what readosm would not report clearly: a missing file, a folder, and XML that is
    /// well-formed but not OSM (readosm reads `<html>…</html>` as an empty OSM file). Reads ≤ 4 KiB.
    static func checkBeforeOpening(_ url: URL) throws(OSMImportError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw OSMImportError(path: url.path, reason: .fileNotFound, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw OSMImportError(path: url.path, reason: .fileNotFound, message: "is a folder, not an OSM file")
        }
        guard url.pathExtension.lowercased() == "osm" else { return }
        guard let file = FileHandle(forReadingAtPath: url.path) else {
            throw OSMImportError(path: url.path, reason: .fileNotFound, message: "the file cannot be opened for reading")
        }
        defer { try? file.close() }
        let head = (try? file.read(upToCount: 4096)) ?? Data()
        guard head.range(of: Data("<osm".utf8)) != nil else {
            throw OSMImportError(path: url.path, reason: .notOSM,
                                 message: "not OSM XML: no <osm> element in the first \(head.count) bytes")
        }
    }
}

/// Sole owner of one readosm handle; `deinit` closes it, so it is closed exactly once.
private struct ReadOSMHandle: ~Copyable {
    private let raw: UnsafeRawPointer
    private let url: URL

    /// Opens the file; on failure the half-opened handle is closed before throwing (readosm asks for
    /// `readosm_close` even after a failed open).
    init(opening url: URL) throws(OSMImportError) {
        var opened: UnsafeRawPointer?
        let code = url.path.withCString { readosm_open($0, &opened) }
        guard code == READOSM_OK, let opened else {
            if let opened { readosm_close(opened) }
            throw OSMImportError(url: url, readosmCode: code)
        }
        raw = opened
        self.url = url
    }

    deinit { readosm_close(raw) }

    /// Parses the whole file, calling the sink for every element.
    func parse(into sink: any OSMElementSink) throws(OSMImportError) {
        let context = OSMCallbackContext(sink: sink)
        let code = withExtendedLifetime(context) {
            readosm_parse(
                raw, UnsafeRawPointer(Unmanaged.passUnretained(context).toOpaque()),
                { user, node in
                    guard let user, let node else { return READOSM_OK }
                    OSMCallbackContext.from(user).sink.node(OSMNodeRecord(node.pointee))
                    return READOSM_OK
                },
                { user, way in
                    guard let user, let way else { return READOSM_OK }
                    OSMCallbackContext.from(user).sink.way(OSMWayRecord(way.pointee))
                    return READOSM_OK
                },
                { user, relation in
                    guard let user, let relation else { return READOSM_OK }
                    OSMCallbackContext.from(user).sink.relation(OSMRelationRecord(relation.pointee))
                    return READOSM_OK
                })
        }
        guard code == READOSM_OK else { throw OSMImportError(url: url, readosmCode: code) }
    }
}

/// What readosm's `user_data` points at during one parse (passed unretained; the parse keeps it alive).
private final class OSMCallbackContext {
    let sink: any OSMElementSink
    init(sink: any OSMElementSink) { self.sink = sink }

    static func from(_ pointer: UnsafeRawPointer) -> OSMCallbackContext {
        Unmanaged<OSMCallbackContext>.fromOpaque(pointer).takeUnretainedValue()
    }
}

// MARK: - C structs to Swift values (the pointers are only valid during the callback)

private func makeTags(_ tags: UnsafePointer<readosm_tag>?, count: Int32) -> OSMTags {
    guard count > 0, let tags else { return [:] }
    var result = OSMTags(minimumCapacity: Int(count))
    for index in 0..<Int(count) {
        let tag = tags[index]
        guard let key = tag.key, let value = tag.value else { continue }
        result[String(cString: key)] = String(cString: value)
    }
    return result
}

extension OSMNodeRecord {
    fileprivate init(_ node: readosm_node) {
        self.init(id: node.id, coordinate: Coordinate(longitude: node.longitude, latitude: node.latitude),
                  tags: makeTags(node.tags, count: node.tag_count))
    }

    /// readosm reports a missing position as `READOSM_UNDEFINED`.
    var hasPosition: Bool {
        coordinate.latitude != Double(READOSM_UNDEFINED) && coordinate.longitude != Double(READOSM_UNDEFINED)
    }
}

extension OSMWayRecord {
    fileprivate init(_ way: readosm_way) {
        let refs: [Int64] = if way.node_ref_count > 0, let refs = way.node_refs {
            Array(UnsafeBufferPointer(start: refs, count: Int(way.node_ref_count)))
        } else {
            []
        }
        self.init(id: way.id, nodeIDs: refs, tags: makeTags(way.tags, count: way.tag_count))
    }
}

extension OSMRelationRecord {
    fileprivate init(_ relation: readosm_relation) {
        var members: [OSMMember] = []
        if relation.member_count > 0, let raw = relation.members {
            members.reserveCapacity(Int(relation.member_count))
            for index in 0..<Int(relation.member_count) {
                let member = raw[index]
                let type: OSMElementType
                switch member.member_type {
                case READOSM_MEMBER_NODE: type = .node
                case READOSM_MEMBER_WAY: type = .way
                case READOSM_MEMBER_RELATION: type = .relation
                default: continue
                }
                members.append(OSMMember(type: type, id: member.id,
                                         role: member.role.map { String(cString: $0) } ?? ""))
            }
        }
        self.init(id: relation.id, members: members, tags: makeTags(relation.tags, count: relation.tag_count))
    }
}

extension OSMImportError {
    /// Converts a readosm return code into an error naming the file; the one place codes are read.
    init(url: URL, readosmCode code: Int32) {
        let reason: Reason
        let message: String
        switch code {
        case READOSM_INVALID_SUFFIX:
            reason = .unsupportedName
            message = "the file name must end in .osm (XML) or .pbf (OSM PBF)"
        case READOSM_FILE_NOT_FOUND:
            reason = .fileNotFound
            message = "the file does not exist or cannot be read"
        case READOSM_INSUFFICIENT_MEMORY:
            reason = .outOfMemory
            message = "readosm ran out of memory"
        case READOSM_CREATE_XML_PARSER_ERROR:
            reason = .readFailed
            message = "readosm could not create its XML parser"
        case READOSM_READ_ERROR:
            reason = .corrupt
            message = "read error: the file ends early or cannot be read (truncated download?)"
        case READOSM_XML_ERROR:
            reason = .corrupt
            message = "the XML is not well-formed: the file is truncated or is not OSM XML"
        case READOSM_INVALID_PBF_HEADER:
            reason = .corrupt
            message = "invalid PBF block header: the file is truncated, corrupt or not an OSM PBF file"
        case READOSM_UNZIP_ERROR:
            reason = .corrupt
            message = "a compressed PBF block does not inflate: the file is truncated or corrupt"
        case READOSM_ABORT:
            reason = .readFailed
            message = "parsing was aborted"
        default:
            reason = .readFailed
            message = "readosm failed"
        }
        self.init(path: url.path, reason: reason, message: message, readosmCode: code)
    }
}
