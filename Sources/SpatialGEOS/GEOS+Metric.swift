import SpatialCore
import SpatialProjection

/// Operations in metres on longitude/latitude geometries (WGS84 or CGCS2000, which agree to centimetres).
extension GEOS {
    /// The buffer of a longitude/latitude geometry at `metres` (negative shrinks polygons).
    ///
    /// Projects to ``SpatialCore/CRS/localMetric(for:)`` of the geometry's bounding-box centre
    /// (a CGCS2000 Gauss-Krüger 3° zone in China, else UTM), buffers there, and projects back. Scale
    /// error stays below 0.1 % within a few hundred kilometres of the centre; a geometry spanning
    /// several zones should be split first. An empty geometry is returned as it is. O(n log n).
    /// - Throws: ``SpatialProjection/ProjectionError`` or ``GEOSError``.
    public func bufferMetres(_ geometry: Geometry, metres: Double, quadrantSegments: Int = 8) throws -> Geometry {
        guard let centre = geometry.boundingBox?.center else { return geometry }
        let transformer = try Transformer(from: .wgs84, to: .localMetric(for: centre))
        let projected = try transformer.transform(geometry)
        let buffered = try buffer(projected, distance: metres, quadrantSegments: quadrantSegments)
        return try transformer.transform(buffered, direction: .inverse)
    }

    /// Area in square metres on the WGS84 ellipsoid (``SpatialProjection/Geodesic/areaSquareMetres(_:)``).
    public func areaSquareMetres(_ geometry: Geometry) -> Double { Geodesic.areaSquareMetres(geometry) }

    /// Length or perimeter in metres on the WGS84 ellipsoid (``SpatialProjection/Geodesic/lengthMetres(_:)``).
    public func lengthMetres(_ geometry: Geometry) -> Double { Geodesic.lengthMetres(geometry) }
}
