import SpatialCore

/// How the attributes of a generic file (GeoJSON, CSV) become a layer's features.
///
/// - `layer`: the target layer; nil reads each feature's `layer` attribute (Beacon's own GeoJSON, as
///   `beacon find --geojson` writes it, round-trips this way).
/// - `id`: the source attribute holding a stable id; ids become `<idPrefix>:<value>` (the value alone when
///   `idPrefix` is empty). Without it, a GeoJSON
///   feature's own `id` member is used, else the row or feature number (stable only while the file's order is).
/// - `kind`: a fixed kind for every feature, or `kindField` naming the attribute that holds it.
/// - `renames`: source attribute → Beacon property (`cap=capacity`); other attributes keep their names.
public struct FieldMapping: Sendable {
    public var layer: Layer?
    public var idPrefix: String
    public var idField: String?
    public var kind: String?
    public var kindField: String?
    public var nameField: String?
    public var renames: [String: String]

    public init(layer: Layer?, idPrefix: String, idField: String? = nil, kind: String? = nil, kindField: String? = nil,
                nameField: String? = nil, renames: [String: String] = [:]) {
        self.layer = layer
        self.idPrefix = idPrefix
        self.idField = idField
        self.kind = kind
        self.kindField = kindField
        self.nameField = nameField
        self.renames = renames
    }

    /// Parses `src=dst` pairs as typed on a command line.
    public static func parseRenames(_ pairs: [String]) throws(ImportError) -> [String: String] {
        var out: [String: String] = [:]
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ImportError(file: "--map", "'\(pair)' is not SOURCE=PROPERTY")
            }
            out[parts[0]] = parts[1]
        }
        return out
    }

    /// Builds one feature from a record's attributes, or describes what is missing.
    func feature(attributes: [String: PropertyValue], geometry: Geometry, fallbackId: String,
                 location: String) throws(ImportError.Problem) -> Feature {
        let rawId: String
        if let idField {
            guard let v = attributes[idField], !v.textValue.isEmpty else {
                throw ImportError.Problem(location, "id field \"\(idField)\" is missing or empty")
            }
            rawId = v.textValue
        } else {
            rawId = fallbackId
        }
        let kindValue: String
        if let kind { kindValue = kind } else if let kindField {
            guard let v = attributes[kindField], !v.textValue.isEmpty else {
                throw ImportError.Problem(location, "kind field \"\(kindField)\" is missing or empty")
            }
            kindValue = v.textValue
        } else {
            throw ImportError.Problem(location, "no kind: give --kind or --kind-field")
        }
        let target: Layer
        if let layer { target = layer } else {
            guard let name = attributes["layer"]?.textValue, let named = Layer(name: name) else {
                throw ImportError.Problem(location, "no layer: the feature has no valid \"layer\" attribute and no --layer was given")
            }
            target = named
        }
        var properties: [String: PropertyValue] = [:]
        for (key, value) in attributes where key != idField && key != kindField && key != nameField && !(layer == nil && key == "layer") {
            properties[renames[key] ?? key] = value
        }
        let name = nameField.flatMap { attributes[$0]?.textValue } ?? attributes["name"]?.textValue
        properties["name"] = nil
        return Feature(id: idPrefix.isEmpty ? rawId : "\(idPrefix):\(rawId)", layer: target, kind: kindValue, name: name,
                       geometry: geometry, properties: properties)
    }
}
