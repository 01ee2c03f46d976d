import ArgumentParser
import Foundation
import SpatialCore
import SpatialStore

struct Find: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find features near a point (within a radius or the k nearest), or inside a district or polygon.",
        discussion: """
            Examples:
              beacon find --near 121.4737,31.2304 --layer facilities --kind fire_station --nearest 3
              beacon find --near 121.4737,31.2304 --radius 500 --layer components --kind hydrant
              beacon find --in-district 秀英区 --layer facilities
            Distances are geodesic metres on WGS84, from the point to the nearest part of each feature.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "The point, as LON,LAT in degrees.") var near: String?
    @Option(help: "Everything within this many metres of --near.") var radius: Double?
    @Option(help: "The k nearest to --near (default 5 when no --radius).") var nearest: Int?
    @Option(name: .customLong("in-district"), help: "A district's id or name: features inside it.") var inDistrict: String?
    @Option(name: .customLong("in-polygon"), help: "A GeoJSON file holding a polygon: features inside it.") var inPolygon: String?
    @Option(name: .customLong("layer"), help: "Layers to search (repeatable; default all).") var layers: [String] = []
    @Option(name: .customLong("kind"), help: "Kinds to keep, e.g. fire_station, hydrant (repeatable).") var kinds: [String] = []
    @Option(help: "At most this many results.") var limit = 50

    func validate() throws {
        let modes = [near != nil, inDistrict != nil, inPolygon != nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give exactly one of --near, --in-district, --in-polygon") }
        if near == nil, radius != nil || nearest != nil { throw ValidationError("--radius and --nearest need --near") }
        if radius != nil, nearest != nil { throw ValidationError("choose --radius or --nearest, not both") }
        if let radius, !(radius > 0) { throw ValidationError("--radius must be a positive number of metres") }
        if let nearest, nearest < 1 { throw ValidationError("--nearest must be at least 1") }
        for name in layers where Layer(name: name) == nil {
            throw ValidationError("unknown layer '\(name)'; layers are \(Layer.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let near {
            do { _ = try Coordinate(parsing: near) } catch { throw ValidationError("--near: \(error)") }
        }
    }

    func run() throws {
        let store = try CityStore.open(at: storeOptions.path, readOnly: true)
        defer { store.close() }
        let layerList = layers.isEmpty ? Layer.allCases : layers.compactMap { Layer(name: $0) }
        let kindSet = kinds.isEmpty ? nil : Set(kinds)
        var hits: [FeatureHit]
        if let near {
            let center = try Coordinate(parsing: near)
            if let radius {
                hits = try store.features(near: center, withinMetres: radius, layers: layerList, kinds: kindSet, limit: limit)
            } else {
                hits = try store.nearest(min(nearest ?? 5, limit), to: center, layers: layerList, kinds: kindSet)
            }
        } else {
            let area = try inDistrict.map { try district(named: $0, in: store) } ?? GeoJSON.firstPolygon(inFile: inPolygon!)
            hits = Array(try store.features(intersecting: area, layers: layerList, kinds: kindSet).prefix(limit))
        }
        FeatureFormatting.print(hits, output: output)
    }

    private func district(named key: String, in store: CityStore) throws -> Geometry {
        if let f = try store.feature(id: key), f.layer == .districts { return f.geometry }
        let matches = try store.features(in: .districts).filter { $0.name == key || $0.properties["admin_code"]?.textValue == key }
        guard let first = matches.first else {
            let known = try store.features(in: .districts, limit: 20).map { $0.name ?? $0.id }
            throw CLIError("no district '\(key)'" + (known.isEmpty ? "; the store has no districts" : "; known: \(known.joined(separator: ", "))"))
        }
        guard matches.count == 1 else {
            throw CLIError("'\(key)' names \(matches.count) districts (\(matches.map(\.id).joined(separator: ", "))); give the id")
        }
        return first.geometry
    }
}

/// Rendering features and hits as tables, JSON and GeoJSON.
enum FeatureFormatting {
    static func print(_ hits: [FeatureHit], output: OutputOptions) {
        if output.geojson {
            Swift.print(GeoJSON.collection(hits.map { GeoJSON.string($0.feature, extra: [("distance_m", .real(($0.distanceMetres * 10).rounded() / 10))]) }), terminator: "")
            return
        }
        if output.json {
            Swift.print("[\n" + hits.map { GeoJSON.string($0.feature, extra: [("distance_m", .real(($0.distanceMetres * 10).rounded() / 10))]) }.joined(separator: ",\n") + "\n]")
            return
        }
        guard !hits.isEmpty else { Swift.print("nothing found"); return }
        var table = TextTable("distance m", "layer", "kind", "name", "id", "lon,lat", rightAligned: [0])
        for h in hits {
            let p = h.feature.geometry.representativePoint
            table.add(String(format: "%.0f", h.distanceMetres), h.feature.layer.rawValue, h.feature.kind,
                      h.feature.name ?? "—", h.feature.id, p.map { String(format: "%.6f,%.6f", $0.longitude, $0.latitude) } ?? "")
        }
        Swift.print(table.render())
    }

    static func geometrySummary(_ g: Geometry) -> String {
        let n = g.coordinates.count
        let p = g.representativePoint.map { String(format: "%.6f,%.6f", $0.longitude, $0.latitude) } ?? "empty"
        return "\(g.typeName), \(n) vertices, at \(p)"
    }
}
