import Foundation

/// The sections of an EPANET 2.2/2.3 `.inp` file.
///
/// EPANET recognises a section header by its first four letters, case-insensitively (`[JUNC`),
/// so `[junctions]`, `[Junctions]` and `[JUNCTION]` are the same section; Beacon does the same.
enum EPANETSection: String, CaseIterable, Sendable {
    case title = "TITLE", junctions = "JUNCTIONS", reservoirs = "RESERVOIRS", tanks = "TANKS"
    case pipes = "PIPES", pumps = "PUMPS", valves = "VALVES", tags = "TAGS", demands = "DEMANDS"
    case status = "STATUS", coordinates = "COORDINATES", vertices = "VERTICES", options = "OPTIONS"
    // Sections read by EPANET but not needed for the map: skipped without a warning.
    case patterns = "PATTERNS", curves = "CURVES", controls = "CONTROLS", rules = "RULES"
    case energy = "ENERGY", emitters = "EMITTERS", quality = "QUALITY", sources = "SOURCES"
    case reactions = "REACTIONS", mixing = "MIXING", times = "TIMES", report = "REPORT"
    case labels = "LABELS", backdrop = "BACKDROP", roughness = "ROUGHNESS", leakage = "LEAKAGE"
    case end = "END"

    /// The section named by a header line such as `[Pipes]`, or nil for an unknown name.
    init?(header: String) {
        var name = header.drop { $0 == "[" || $0 == " " || $0 == "\t" }
        if let close = name.firstIndex(of: "]") { name = name[..<close] }
        let key = name.trimmingCharacters(in: .whitespaces).uppercased().prefix(4)
        guard !key.isEmpty, let match = Self.allCases.first(where: { $0.rawValue.prefix(4) == key }) else {
            return nil
        }
        self = match
    }

    /// The field names of a data line, used in error messages.
    var fieldNames: [String] {
        switch self {
        case .junctions: ["id", "elevation", "demand", "pattern"]
        case .reservoirs: ["id", "head", "pattern"]
        case .tanks: ["id", "elevation", "init_level", "min_level", "max_level", "diameter", "min_volume",
                      "volume_curve", "overflow"]
        case .pipes: ["id", "node1", "node2", "length", "diameter", "roughness", "minor_loss", "status"]
        case .pumps: ["id", "node1", "node2", "parameters"]
        case .valves: ["id", "node1", "node2", "diameter", "type", "setting", "minor_loss"]
        case .demands: ["junction", "demand", "pattern", "category"]
        case .status: ["link", "status"]
        case .coordinates: ["node", "x", "y"]
        case .vertices: ["link", "x", "y"]
        case .tags: ["object", "id", "tag"]
        default: []
        }
    }
}
