import SpatialCore

/// A feature found by a spatial query, with its ellipsoidal distance from the query point in metres.
public struct FeatureHit: Sendable {
    public let feature: Feature
    /// Geodesic distance on WGS84 (SpatiaLite `ST_Distance(…, 1)`); 0 when the geometry covers the point.
    public let distanceMetres: Double
}

/// Counts, extent and kinds of one layer.
public struct LayerSummary: Sendable {
    public let layer: Layer
    public let geometryType: String
    public let srid: Int
    public let count: Int
    public let extent: BoundingBox?
    /// The most common kinds with their counts, most common first.
    public let kinds: [(kind: String, count: Int)]
}

extension CityStore {
    /// One feature by its id, from whichever layer holds it.
    public func feature(id: String) throws -> Feature? {
        for schema in LayerSchema.all {
            let st = try connection.prepare("SELECT \(Self.selectColumns(schema)) FROM \(schema.table) WHERE id = ?")
            try st.bind([.text(id)])
            if try st.step() { return try Self.readFeature(st, schema: schema) }
        }
        return nil
    }

    /// Features of a layer, optionally of some kinds, in id order. O(n).
    public func features(in layer: Layer, kinds: Set<String>? = nil, limit: Int? = nil) throws -> [Feature] {
        let schema = LayerSchema.of(layer)
        var sql = "SELECT \(Self.selectColumns(schema)) FROM \(schema.table)"
        var bindings: [SQLValue] = []
        if let kinds, !kinds.isEmpty {
            sql += " WHERE kind IN (\(kinds.map { _ in "?" }.joined(separator: ",")))"
            bindings += kinds.sorted().map { .text($0) }
        }
        sql += " ORDER BY id"
        if let limit { sql += " LIMIT \(limit)" }
        let st = try connection.prepare(sql)
        try st.bind(bindings)
        var out: [Feature] = []
        while try st.step() { out.append(try Self.readFeature(st, schema: schema)) }
        return out
    }

    /// Features within `radiusMetres` of a point, nearest first; the R*Tree prunes, the ellipsoid decides.
    public func features(near center: Coordinate, withinMetres radiusMetres: Double, layers: [Layer],
                         kinds: Set<String>? = nil, limit: Int? = nil) throws -> [FeatureHit] {
        let box = BoundingBox.around(center, radiusMetres: radiusMetres)
        var hits: [FeatureHit] = []
        for layer in layers {
            let schema = LayerSchema.of(layer)
            var sql = """
                SELECT \(Self.selectColumns(schema)), CASE WHEN ST_Intersects(geom, MakePoint(?1, ?2, 4326)) THEN 0
                  ELSE ST_Distance(geom, MakePoint(?1, ?2, 4326), 1) END AS d
                FROM \(schema.table) WHERE fid IN (SELECT pkid FROM idx_\(schema.table)_geom
                  WHERE xmax >= ?3 AND xmin <= ?4 AND ymax >= ?5 AND ymin <= ?6) AND d <= ?7
                """
            var bindings: [SQLValue] = [.real(center.longitude), .real(center.latitude), .real(box.minLongitude),
                                        .real(box.maxLongitude), .real(box.minLatitude), .real(box.maxLatitude),
                                        .real(radiusMetres)]
            if let kinds, !kinds.isEmpty {
                sql += " AND kind IN (\(kinds.sorted().enumerated().map { "?\($0.offset + 8)" }.joined(separator: ",")))"
                bindings += kinds.sorted().map { .text($0) }
            }
            sql += " ORDER BY d, id"
            if let limit { sql += " LIMIT \(limit)" }
            let st = try connection.prepare(sql)
            try st.bind(bindings)
            while try st.step() {
                let f = try Self.readFeature(st, schema: schema)
                hits.append(FeatureHit(feature: f, distanceMetres: st.double(Int32(Self.columnCount(schema)))))
            }
        }
        hits.sort { ($0.distanceMetres, $0.feature.id) < ($1.distanceMetres, $1.feature.id) }
        if let limit, hits.count > limit { hits.removeLast(hits.count - limit) }
        return hits
    }

    /// The `k` nearest features, by a radius that doubles until `k` are found inside it (so the answer is exact),
    /// up to `maxMetres`.
    public func nearest(_ k: Int, to center: Coordinate, layers: [Layer], kinds: Set<String>? = nil,
                        startMetres: Double = 250, maxMetres: Double = 200_000) throws -> [FeatureHit] {
        var radius = startMetres
        while true {
            let hits = try features(near: center, withinMetres: radius, layers: layers, kinds: kinds, limit: k)
            if hits.count >= k || radius >= maxMetres { return hits }
            radius = min(radius * 2, maxMetres)
        }
    }

    /// Features whose geometry shares interior points with `area` (a polygon or multipolygon; neighbours that
    /// only touch its boundary are left out), with their distance to the
    /// area's representative point.
    public func features(intersecting area: Geometry, layers: [Layer], kinds: Set<String>? = nil) throws -> [FeatureHit] {
        guard let box = area.boundingBox, let ref = area.representativePoint else { return [] }
        var hits: [FeatureHit] = []
        for layer in layers {
            let schema = LayerSchema.of(layer)
            var sql = """
                SELECT \(Self.selectColumns(schema)), ST_Distance(geom, MakePoint(?1, ?2, 4326), 1) AS d
                FROM \(schema.table) WHERE fid IN (SELECT pkid FROM idx_\(schema.table)_geom
                  WHERE xmax >= ?3 AND xmin <= ?4 AND ymax >= ?5 AND ymin <= ?6)
                  AND ST_Intersects(geom, GeomFromWKB(?7, 4326)) = 1 AND ST_Touches(geom, GeomFromWKB(?7, 4326)) = 0
                """
            var bindings: [SQLValue] = [.real(ref.longitude), .real(ref.latitude), .real(box.minLongitude),
                                        .real(box.maxLongitude), .real(box.minLatitude), .real(box.maxLatitude),
                                        .blob(WKB.encode(area))]
            if let kinds, !kinds.isEmpty {
                sql += " AND kind IN (\(kinds.sorted().enumerated().map { "?\($0.offset + 8)" }.joined(separator: ",")))"
                bindings += kinds.sorted().map { .text($0) }
            }
            sql += " ORDER BY id"
            let st = try connection.prepare(sql)
            try st.bind(bindings)
            while try st.step() {
                hits.append(FeatureHit(feature: try Self.readFeature(st, schema: schema),
                                       distanceMetres: st.double(Int32(Self.columnCount(schema)))))
            }
        }
        return hits
    }

    /// Count, extent and kinds of every layer. O(n) per layer.
    public func layerSummaries() throws -> [LayerSummary] {
        try LayerSchema.all.map { schema in
            let count = Int(try connection.scalar("SELECT count(*) FROM \(schema.table)")?.int ?? 0)
            var extent: BoundingBox?
            if count > 0 {
                let st = try connection.prepare("SELECT min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)), max(MbrMaxY(geom)) FROM \(schema.table)")
                if try st.step(), !st.isNull(0) {
                    extent = BoundingBox(minLongitude: st.double(0), minLatitude: st.double(1),
                                         maxLongitude: st.double(2), maxLatitude: st.double(3))
                }
            }
            let kst = try connection.prepare("SELECT kind, count(*) AS n FROM \(schema.table) GROUP BY kind ORDER BY n DESC, kind")
            var kinds: [(String, Int)] = []
            while try kst.step() { kinds.append((kst.string(0) ?? "", Int(kst.int(1)))) }
            let srid = Int(try connection.scalar("SELECT srid FROM geometry_columns WHERE f_table_name = ?", [.text(schema.table)])?.int ?? 0)
            return LayerSummary(layer: schema.layer, geometryType: schema.geometryType, srid: srid, count: count,
                                extent: extent, kinds: kinds)
        }
    }

    /// How many geometries of a layer SpatiaLite (GEOS underneath) finds invalid. O(n).
    public func invalidGeometryCount(in layer: Layer) throws -> Int {
        Int(try connection.scalar("SELECT count(*) FROM \(layer.rawValue) WHERE ST_IsValid(geom) = 0")?.int ?? 0)
    }

    // MARK: Row mapping

    static func columnCount(_ schema: LayerSchema) -> Int { 5 + schema.columns.count }

    static func selectColumns(_ schema: LayerSchema) -> String {
        (["id", "kind", "name"] + schema.columns.map(\.name) + ["props", "AsBinary(geom)"]).joined(separator: ", ")
    }

    static func readFeature(_ st: Statement, schema: LayerSchema) throws -> Feature {
        let id = st.string(0) ?? ""
        var properties: [String: PropertyValue] = [:]
        for (offset, column) in schema.columns.enumerated() {
            let i = Int32(3 + offset)
            guard !st.isNull(i) else { continue }
            switch (column.type, st.value(i)) {
            case let (.boolean, .integer(v)): properties[column.name] = .bool(v != 0)
            case let (_, .integer(v)): properties[column.name] = .integer(v)
            case let (_, .real(v)): properties[column.name] = .real(v)
            case let (_, .text(v)): properties[column.name] = .text(v)
            default: break
            }
        }
        let propsIndex = Int32(3 + schema.columns.count)
        for (k, v) in try PropertyCodec.decode(st.string(propsIndex) ?? "{}") where properties[k] == nil {
            properties[k] = v
        }
        let geometry: Geometry
        do { geometry = try WKB.decode(st.blob(propsIndex + 1)) } catch {
            throw StoreError(message: "feature \(id) in \(schema.table) has an unreadable geometry: \(error)")
        }
        return Feature(id: id, layer: schema.layer, kind: st.string(1) ?? "", name: st.string(2),
                       geometry: geometry, properties: properties)
    }
}
