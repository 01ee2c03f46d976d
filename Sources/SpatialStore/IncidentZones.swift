import Foundation
import SpatialCore

/// One stored hazard zone of an incident (`incident_hazard_zones`, schema v5): a model's red, orange or yellow
/// footprint with the threshold that drew it, the model's caveats and validity notes, the assessment time and the
/// audit row that stored it.
///
/// History: each hazard assessment fed into an incident stores all its zones in the same audited transaction as its
/// facts; a newer assessment marks the incident's current zones superseded (with its own audit seq) and adds its own.
/// Rows are never deleted or edited otherwise (triggers refuse it), so every footprint the incident ever had stays.
public struct IncidentHazardZone: Sendable, Hashable {
    /// The three levels, outermost first (the order zones are drawn in).
    public static let levels = ["yellow", "orange", "red"]

    public var incidentID: String
    /// `red`, `orange` or `yellow`.
    public var level: String
    /// The model that drew it, e.g. `Gaussian plume (chlorine)`.
    public var model: String
    /// The threshold in `thresholdUnit` (ppm, kPa, kW/m² …) and what it stands for (`AEGL-2 (60 min)` …).
    public var threshold: Double
    public var thresholdUnit: String
    public var meaning: String
    /// Furthest reach from the source and greatest width, metres; area on the ellipsoid, square metres.
    public var reachMetres: Double
    public var widthMetres: Double
    public var areaSquareMetres: Double
    /// The model's standing caveats and where this result is not valid, as the model gave them.
    public var caveats: [String]
    public var validity: [String]
    /// The assessment's time (the incident update's), ISO 8601.
    public var assessedAt: String
    /// The footprint, a multipolygon in degrees (a polygon is stored as a one-part multipolygon).
    public var footprint: Geometry
    /// Set by the store: the row id, the audit row that stored it, and the one that superseded it (nil while current).
    public internal(set) var id: Int = 0
    public internal(set) var auditSeq: Int = 0
    public internal(set) var supersededSeq: Int?

    public init(incidentID: String, level: String, model: String, threshold: Double, thresholdUnit: String, meaning: String,
                reachMetres: Double, widthMetres: Double, areaSquareMetres: Double, caveats: [String], validity: [String],
                assessedAt: String, footprint: Geometry) {
        self.incidentID = incidentID
        self.level = level
        self.model = model
        self.threshold = threshold
        self.thresholdUnit = thresholdUnit
        self.meaning = meaning
        self.reachMetres = reachMetres
        self.widthMetres = widthMetres
        self.areaSquareMetres = areaSquareMetres
        self.caveats = caveats
        self.validity = validity
        self.assessedAt = assessedAt
        self.footprint = footprint
    }

    /// The zone as a GeoJSON feature (`incident/ID/zone/LEVEL`): level, model, threshold, reach, width, area, caveats,
    /// validity, times and audit seqs as properties.
    public var feature: Feature {
        var props: [String: PropertyValue] = [
            "incident_id": .text(incidentID), "level": .text(level), "model": .text(model), "threshold": .real(threshold),
            "threshold_unit": .text(thresholdUnit), "meaning": .text(meaning), "reach_m": .real(reachMetres.rounded()),
            "width_m": .real(widthMetres.rounded()), "area_m2": .real(areaSquareMetres.rounded()),
            "caveats": .text(caveats.joined(separator: "\n")), "validity": .text(validity.joined(separator: "\n")),
            "assessed_at": .text(assessedAt), "audit_seq": .integer(Int64(auditSeq)),
        ]
        if let supersededSeq { props["superseded_seq"] = .integer(Int64(supersededSeq)) }
        return Feature(id: "\(incidentID)/zone/\(level)", layer: .incidents, kind: "hazard_zone", name: meaning,
                       geometry: footprint, properties: props)
    }
}

extension CityStore {
    /// Inside a write: marks the incident's current zones superseded and stores `zones` (all for `incidentID`),
    /// stamped with the audit row being written. Returns how many rows it superseded. O(zones · vertices).
    /// - Throws: ``StoreError`` for a zone of another incident, an unknown level, a footprint that is not a polygon,
    ///   coordinates out of range, or two zones of one level.
    func replaceHazardZones(_ tx: Transaction, incidentID: String, with zones: [IncidentHazardZone]) throws -> Int {
        let stored = try zones.map { z -> (IncidentHazardZone, Geometry) in
            guard z.incidentID == incidentID else {
                throw StoreError(message: "hazard zone \(z.level) belongs to incident \(z.incidentID), not \(incidentID)")
            }
            guard IncidentHazardZone.levels.contains(z.level) else {
                throw StoreError(message: "hazard zone level '\(z.level)' of incident \(incidentID): use red, orange or yellow")
            }
            let multi: Geometry
            switch z.footprint {
            case let .polygon(rings): multi = .multiPolygon([rings])
            case .multiPolygon: multi = z.footprint
            default: throw StoreError(message: "\(z.level) hazard zone of incident \(incidentID) is a \(z.footprint.typeName), not a polygon")
            }
            do { try z.footprint.validateCoordinates() } catch {
                throw StoreError(message: "\(z.level) hazard zone of incident \(incidentID): \(error)")
            }
            return (z, multi)
        }
        let levels = zones.map(\.level)
        guard Set(levels).count == levels.count else {
            throw StoreError(message: "incident \(incidentID): one zone per level, got \(levels.joined(separator: ", "))")
        }
        let auditSeq = Int64(try dataVersion() + 1)
        try tx.prepare("UPDATE incident_hazard_zones SET superseded_seq = ? WHERE incident_id = ? AND superseded_seq IS NULL")
            .run([.integer(auditSeq), .text(incidentID)])
        let superseded = connection.changes
        let insert = try tx.prepare("""
            INSERT INTO incident_hazard_zones(incident_id, level, model, threshold, threshold_unit, meaning, reach_m, width_m, area_m2,
              caveats, validity, assessed_at, audit_seq, geom) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?, GeomFromWKB(?, 4326))
            """)
        for (z, multi) in stored {
            try insert.run([.text(incidentID), .text(z.level), .text(z.model), .real(z.threshold), .text(z.thresholdUnit), .text(z.meaning),
                            .real(z.reachMetres), .real(z.widthMetres), .real(z.areaSquareMetres), .text(Self.jsonList(z.caveats)),
                            .text(Self.jsonList(z.validity)), .text(z.assessedAt), .integer(auditSeq), .blob(WKB.encode(multi))])
        }
        return superseded
    }

    /// The current zones of one incident (the latest assessment's), outermost first; empty when none is stored.
    /// O(log n + zones) on the (incident_id, superseded_seq) index.
    public func hazardZones(incidentID: String) throws -> [IncidentHazardZone] {
        try readHazardZones("WHERE incident_id = ? AND superseded_seq IS NULL", [.text(incidentID)])
    }

    /// Every zone the incident ever had, superseded ones included, oldest assessment first.
    public func hazardZoneHistory(incidentID: String) throws -> [IncidentHazardZone] {
        try readHazardZones("WHERE incident_id = ?", [.text(incidentID)])
    }

    /// The current zones of every incident, by incident id (for the dashboard: one query). O(current zones).
    public func currentHazardZones() throws -> [String: [IncidentHazardZone]] {
        Dictionary(grouping: try readHazardZones("WHERE superseded_seq IS NULL", []), by: \.incidentID)
    }

    private func readHazardZones(_ filter: String, _ bindings: [SQLValue]) throws -> [IncidentHazardZone] {
        let st = try connection.prepare("""
            SELECT id, incident_id, level, model, threshold, threshold_unit, meaning, reach_m, width_m, area_m2, caveats, validity,
              assessed_at, audit_seq, superseded_seq, AsBinary(geom)
            FROM incident_hazard_zones \(filter)
            ORDER BY audit_seq, CASE level WHEN 'yellow' THEN 0 WHEN 'orange' THEN 1 ELSE 2 END
            """)
        try st.bind(bindings)
        var out: [IncidentHazardZone] = []
        while try st.step() {
            var z = IncidentHazardZone(
                incidentID: st.string(1) ?? "", level: st.string(2) ?? "", model: st.string(3) ?? "", threshold: st.double(4),
                thresholdUnit: st.string(5) ?? "", meaning: st.string(6) ?? "", reachMetres: st.double(7), widthMetres: st.double(8),
                areaSquareMetres: st.double(9), caveats: Self.parseList(st.string(10)), validity: Self.parseList(st.string(11)),
                assessedAt: st.string(12) ?? "", footprint: try WKB.decode(st.blob(15)))
            z.id = Int(st.int(0))
            z.auditSeq = Int(st.int(13))
            z.supersededSeq = st.isNull(14) ? nil : Int(st.int(14))
            out.append(z)
        }
        return out
    }

    /// Notes as a JSON array of strings (kept readable in SQL: `json_each(caveats)`).
    static func jsonList(_ items: [String]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: items, options: [.withoutEscapingSlashes]) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    static func parseList(_ text: String?) -> [String] {
        guard let text, let items = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else { return [] }
        return items
    }
}
