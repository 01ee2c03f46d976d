import SpatialCore

extension CRS {
    /// A projected CRS in metres with small distortion around `c`, for planar metric work (buffers,
    /// planar areas): the CGCS2000 3° Gauss-Krüger zone (EPSG:4534–4554) inside China, else the WGS84
    /// UTM zone. Scale error within one zone is below 0.04 % (GK 3°) or 0.1 % (UTM). O(1).
    public static func localMetric(for c: Coordinate) -> CRS {
        if ChinaOffset.isInChinaRegion(c), let zone = cgcs2000GaussKruger3(for: c) { return zone }
        return utm(for: c)
    }
}
