import SpatialCore

/// What one import changed, per layer; figures come from the transaction that made the change.
public struct ImportSummary: Sendable {
    public let source: String
    public let run: Int
    public var inserted = 0
    public var updated = 0
    /// Rows of the same source that the new import no longer contains.
    public var deleted = 0
    public var perLayer: [Layer: Int] = [:]
}

/// Input that the store refuses before writing anything; `problems` lists every one found (up to 50).
public struct FeatureValidationError: Error, CustomStringConvertible {
    public let source: String
    public let problems: [String]
    public var description: String {
        "\(source): \(problems.count) problem(s), nothing was written:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

extension CityStore {
    /// Inserts or updates features from one source in a single audited transaction.
    ///
    /// Ids are stable per source, so importing the same source again updates rows instead of duplicating
    /// them, and rows of that source absent from the new import are deleted (`replaceSource`). Input is
    /// checked first — duplicate ids, coordinates out of range or swapped, geometry types the layer does
    /// not hold — and refused as a whole. O(n log n) in features (B-tree and R*Tree updates).
    @discardableResult
    public func upsert(_ features: [Feature], source: String, actor: Actor, replaceSource: Bool = true,
                       progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws -> ImportSummary {
        try Self.validate(features, source: source)
        return try write(actor: actor, action: "import", target: source) { tx in
            let run = Int(try connection.scalar("SELECT coalesce(max(run), 0) + 1 FROM import_runs")?.int ?? 1)
            var summary = ImportSummary(source: source, run: run)
            let now = timestamp()
            var done = 0
            let byLayer = Dictionary(grouping: features.indices, by: { features[$0].layer })
            for schema in LayerSchema.all {
                guard let indices = byLayer[schema.layer] else { continue }
                let exists = try tx.prepare("SELECT 1 FROM \(schema.table) WHERE id = ?")
                let upsert = try tx.prepare(Self.upsertSQL(schema))
                for i in indices {
                    let f = features[i]
                    try exists.bind([.text(f.id)])
                    if try exists.step() { summary.updated += 1 } else { summary.inserted += 1 }
                    try upsert.run(Self.bindings(f, schema: schema, source: source, run: run, now: now))
                    done += 1
                    if done % 5000 == 0 { progress?(done, features.count) }
                }
                summary.perLayer[schema.layer] = indices.count
            }
            if replaceSource {
                for schema in LayerSchema.all {
                    try tx.prepare("DELETE FROM \(schema.table) WHERE source = ? AND import_run <> ?")
                        .run([.text(source), .integer(Int64(run))])
                    summary.deleted += connection.changes
                }
            }
            let auditSeq = Int64(try dataVersion() + 1)
            try tx.prepare("INSERT INTO import_runs(run, source, at, inserted, updated, deleted, audit_seq) VALUES (?,?,?,?,?,?,?)")
                .run([.integer(Int64(run)), .text(source), .text(now), .integer(Int64(summary.inserted)),
                      .integer(Int64(summary.updated)), .integer(Int64(summary.deleted)), .integer(auditSeq)])
            progress?(features.count, features.count)
            let layers = summary.perLayer.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")
            return (summary, "run \(run): \(summary.inserted) inserted, \(summary.updated) updated, \(summary.deleted) deleted; \(layers)")
        }
    }

    static func upsertSQL(_ schema: LayerSchema) -> String {
        let typed = schema.columns.map(\.name)
        let columns = ["id", "kind", "name"] + typed + ["props", "source", "import_run", "updated_at", "geom"]
        let values = Array(repeating: "?", count: columns.count - 1) + ["GeomFromWKB(?, 4326)"]
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(schema.table) (\(columns.joined(separator: ", "))) VALUES (\(values.joined(separator: ", "))) "
            + "ON CONFLICT(id) DO UPDATE SET \(updates)"
    }

    static func bindings(_ f: Feature, schema: LayerSchema, source: String, run: Int, now: String) -> [SQLValue] {
        var values: [SQLValue] = [.text(f.id), .text(f.kind), f.name.map { .text($0) } ?? .null]
        let typedNames = Set(schema.columns.map(\.name))
        for column in schema.columns {
            values.append(f.properties[column.name].map { sqlValue($0, as: column.type) } ?? .null)
        }
        let rest = f.properties.filter { !typedNames.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        values.append(.text(PropertyCodec.encode(rest)))
        values.append(.text(source))
        values.append(.integer(Int64(run)))
        values.append(.text(now))
        values.append(.blob(WKB.encode(schema.stored(f.geometry))))
        return values
    }

    static func sqlValue(_ v: PropertyValue, as type: LayerSchema.ColumnType) -> SQLValue {
        switch (v, type) {
        case let (.bool(b), _): .integer(b ? 1 : 0)
        case let (.integer(i), .real): .real(Double(i))
        case let (.integer(i), _): .integer(i)
        case let (.real(d), .integer), let (.real(d), .boolean): .integer(Int64(d.rounded()))
        case let (.real(d), _): .real(d)
        case let (.text(s), .integer), let (.text(s), .boolean): Int64(s).map { .integer($0) } ?? .text(s)
        case let (.text(s), .real): Double(s).map { .real($0) } ?? .text(s)
        case let (.text(s), .text): .text(s)
        }
    }

    /// Collects every problem in a batch (up to 50) and throws them together; O(n).
    static func validate(_ features: [Feature], source: String) throws(FeatureValidationError) {
        var problems: [String] = []
        var seen = Set<String>()
        seen.reserveCapacity(features.count)
        for f in features {
            if problems.count >= 50 { problems.append("… more problems not listed"); break }
            if f.id.isEmpty { problems.append("a \(f.layer) feature of kind '\(f.kind)' has an empty id"); continue }
            if !seen.insert(f.id).inserted { problems.append("duplicate id '\(f.id)' in \(f.layer)") }
            let schema = LayerSchema.of(f.layer)
            if !schema.accepts(f.geometry) {
                problems.append("feature '\(f.id)': layer \(f.layer) holds \(schema.geometryType), not \(f.geometry.typeName)")
            }
            do { try f.geometry.validateCoordinates() } catch {
                problems.append("feature '\(f.id)': \(error)")
            }
            if f.geometry.coordinates.isEmpty { problems.append("feature '\(f.id)': empty geometry") }
        }
        if !problems.isEmpty { throw FeatureValidationError(source: source, problems: problems) }
    }
}
