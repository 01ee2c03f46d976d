/// Why an OSM file could not be read; names the file and, when readosm said so, its error code.
///
/// Match on ``reason``; ``description`` reads as one line for a log or a command line:
/// `data/x.osm.pbf: invalid PBF block header: the file is truncated … (readosm -9)`.
public struct OSMImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for matching.
    public enum Reason: String, Sendable, Equatable {
        /// There is no file at the path (or it cannot be read).
        case fileNotFound
        /// The name does not end in `.osm` or `.pbf`, which readosm needs to pick the format.
        case unsupportedName
        /// The file reads but is not OpenStreetMap data (XML whose root is not `<osm>`).
        case notOSM
        /// The file is truncated or corrupt (XML not well-formed, bad PBF block, inflate failure).
        case corrupt
        /// readosm ran out of memory.
        case outOfMemory
        /// Any other readosm failure.
        case readFailed
    }

    /// The path of the file, as given.
    public var path: String
    public var reason: Reason
    /// A sentence saying what went wrong, in the reader's terms.
    public var message: String
    /// readosm's return code (`READOSM_XML_ERROR` = -8 …) when the error came from readosm.
    public var readosmCode: Int32?

    public init(path: String, reason: Reason, message: String, readosmCode: Int32? = nil) {
        self.path = path
        self.reason = reason
        self.message = message
        self.readosmCode = readosmCode
    }

    public var description: String {
        "\(path): \(message)" + (readosmCode.map { " (readosm \($0))" } ?? "")
    }
}
