import CGEOS
import SpatialCore

/// GEOS's own GeoJSON reader and writer, kept internal: Beacon reads and writes GeoJSON with
/// ``SpatialCore/GeoJSON``; these exist so tests can check the two agree.
extension GEOS {
    /// GeoJSON written by GEOS (`GEOSGeoJSONWriter_writeGeometry_r`, no indentation).
    func geosGeoJSON(_ geometry: Geometry) throws(GEOSError) -> String {
        let g = try context.handle(for: geometry)
        defer { withExtendedLifetime(g) {} }
        let writer = try context.pointer("creating a GeoJSON writer") { GEOSGeoJSONWriter_create_r($0) }
        defer { GEOSGeoJSONWriter_destroy_r(context.handle, writer) }
        let text = try context.pointer("writing GeoJSON") { GEOSGeoJSONWriter_writeGeometry_r($0, writer, g.raw, -1) }
        defer { GEOSFree_r(context.handle, text) }
        return String(cString: text)
    }

    /// A geometry read by GEOS's GeoJSON reader.
    func geometry(geosGeoJSON text: String) throws(GEOSError) -> Geometry {
        let reader = try context.pointer("creating a GeoJSON reader") { GEOSGeoJSONReader_create_r($0) }
        defer { GEOSGeoJSONReader_destroy_r(context.handle, reader) }
        let raw = try context.pointer("reading GeoJSON") { GEOSGeoJSONReader_readGeometry_r($0, reader, text) }
        return try context.geometry(GeometryHandle(raw, in: context))
    }
}
