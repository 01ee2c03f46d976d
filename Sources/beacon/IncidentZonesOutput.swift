import Foundation
import SpatialCore
import SpatialStore

/// The hazard zones stored with an incident (`beacon hazard … --incident`), for `beacon incident show`.
enum IncidentZonesOutput {
    /// A table of the zones, outermost first: level, model, threshold, area km², reach and width m, assessment time;
    /// then the model's caveats and validity notes once. Empty string when there are none.
    static func table(_ zones: [IncidentHazardZone]) -> String {
        guard !zones.isEmpty else { return "" }
        var t = TextTable("zone", "model", "threshold", "area km²", "reach m", "width m", "assessed", "audit", rightAligned: [3, 4, 5, 7])
        for z in zones {
            t.add(z.level + (z.supersededSeq.map { " (superseded by audit \($0))" } ?? ""), z.model,
                  "\(z.threshold.formatted()) \(z.thresholdUnit) — \(z.meaning)", String(format: "%.3f", z.areaSquareMetres / 1_000_000),
                  String(format: "%.0f", z.reachMetres), String(format: "%.0f", z.widthMetres), z.assessedAt, String(z.auditSeq))
        }
        var lines = ["hazard zones (stored footprints):", t.render()]
        let latest = zones.filter { $0.auditSeq == zones.map(\.auditSeq).max() }
        if let notes = latest.first {
            lines += notes.caveats.map { "  - \($0)" }
            lines += notes.validity.map { "  ! \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    /// The zones as a GeoJSON FeatureCollection (multipolygons with their figures as properties).
    static func geoJSON(_ zones: [IncidentHazardZone]) -> String {
        GeoJSON.collection(zones.map { GeoJSON.string($0.feature) })
    }
}
