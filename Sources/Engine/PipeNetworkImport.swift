import CityImport
import Foundation
import SpatialCore
import SpatialProjection
import SpatialStore

/// Where an EPANET file's coordinates are on the Earth; the user must say, because `.inp` files do not.
public enum EPANETPlacement: Sendable {
    /// Coordinates in a projected CRS (e.g. EPSG:3089, Kentucky state plane, US feet).
    case crs(CRS)
    /// Local drawing units placed with the network's centre at a point (units: metres or feet).
    case anchor(Coordinate, LocalPlacement.Unit)
    /// The coordinates already are longitude/latitude degrees (x = longitude).
    case longitudeLatitude
}

extension CityImporter {
    /// An EPANET `.inp` water network → `pipes` and `pipe_nodes`, ids `epanet:<name>:node/<ID>`.
    public func importEPANET(_ url: URL, name: String? = nil, placement: EPANETPlacement) throws -> ImportSummary {
        let network = try EPANETNetwork.read(contentsOf: url)
        let networkName = name ?? url.deletingPathExtension().lastPathComponent
        let transform: PlanarTransform
        switch placement {
        case let .crs(crs):
            let transformer = try Transformer(from: crs, to: .wgs84)
            transform = { x, y in
                let p = try transformer.transform(x: x, y: y)
                return try Coordinate.validated(longitude: p.x, latitude: p.y)
            }
        case let .anchor(anchor, unit):
            guard let placed = LocalPlacement(centreOf: network.planarPoints, at: anchor, unit: unit) else {
                throw ImportError(file: url.path, "has no coordinates to place")
            }
            transform = placed.transform
        case .longitudeLatitude:
            transform = { x, y in try Coordinate.validated(longitude: x, latitude: y) }
        }
        let features = try network.features(network: networkName, networkKind: "water", transform: transform)
        return try write(features, source: Self.source("epanet", url), file: url)
    }

    /// Describes an EPANET file's coordinate extent, so a user can choose a placement.
    public static func describeCoordinates(of url: URL) throws -> String {
        let network = try EPANETNetwork.read(contentsOf: url)
        guard let b = PlanarBounds(network.planarPoints) else { return "no coordinates" }
        let guess = LocalPlacement.looksLikeLongitudeLatitude(network.planarPoints)
            ? "they look like longitude/latitude degrees (--lonlat)"
            : "they look like projected or local units (--crs EPSG:… or --anchor LON,LAT --unit m|ft)"
        return "x \(b.minX)…\(b.maxX), y \(b.minY)…\(b.maxY): \(guess)"
    }

    /// The Schutterwald gas network (pandapipes GeoJSON, WGS84) → `pipes` and `pipe_nodes` of network "gas".
    public func importGasNetwork(_ url: URL, name: String = "schutterwald") throws -> ImportSummary {
        let features = try GasNetworkReader.read(geojson: url, networkName: name)
        return try write(features, source: Self.source("gas", url), file: url)
    }
}
