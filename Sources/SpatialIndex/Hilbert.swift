/// Hilbert-curve ordering for packing the static trees.
///
/// Items are ranked by the Hilbert value of their box centre on a 65,536 × 65,536 grid over the
/// data's extent, so that neighbours on the curve are neighbours on the map and packed nodes are
/// small. The algorithm is the branch-free one of Flatbush (V. Agafonkin, ISC), after
/// "Hacker's Delight" (H. S. Warren).
enum Hilbert {
    /// The Hilbert value of the cell `(x, y)`, each in `0..<65_536`. O(1).
    static func value(_ x: UInt32, _ y: UInt32) -> UInt32 {
        var a = x ^ y
        var b = 0xFFFF ^ a
        var c = 0xFFFF ^ (x | y)
        var d = x & (y ^ 0xFFFF)

        var A = a | (b >> 1)
        var B = (a >> 1) ^ a
        var C = ((c >> 1) ^ (b & (d >> 1))) ^ c
        var D = ((a & (c >> 1)) ^ (d >> 1)) ^ d

        a = A; b = B; c = C; d = D
        A = (a & (a >> 2)) ^ (b & (b >> 2))
        B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2))
        C ^= (a & (c >> 2)) ^ (b & (d >> 2))
        D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2))

        a = A; b = B; c = C; d = D
        A = (a & (a >> 4)) ^ (b & (b >> 4))
        B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4))
        C ^= (a & (c >> 4)) ^ (b & (d >> 4))
        D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4))

        a = A; b = B; c = C; d = D
        C ^= (a & (c >> 8)) ^ (b & (d >> 8))
        D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8))

        a = C ^ (C >> 1)
        b = D ^ (D >> 1)

        var i0 = x ^ y
        var i1 = b | (0xFFFF ^ (i0 | a))

        i0 = (i0 | (i0 << 8)) & 0x00FF_00FF
        i0 = (i0 | (i0 << 4)) & 0x0F0F_0F0F
        i0 = (i0 | (i0 << 2)) & 0x3333_3333
        i0 = (i0 | (i0 << 1)) & 0x5555_5555

        i1 = (i1 | (i1 << 8)) & 0x00FF_00FF
        i1 = (i1 | (i1 << 4)) & 0x0F0F_0F0F
        i1 = (i1 | (i1 << 2)) & 0x3333_3333
        i1 = (i1 | (i1 << 1)) & 0x5555_5555

        return (i1 << 1) | i0
    }

    /// Positions `0..<centres.count / 2` in Hilbert order of the interleaved `[x0, y0, x1, y1, …]`
    /// centres; equal Hilbert values keep input order. O(n log n).
    static func order(interleavedCentres centres: [Double]) -> [Int] {
        let n = centres.count / 2
        guard n > 1 else { return Array(0..<n) }
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for i in 0..<n {
            minX = min(minX, centres[2 * i]); maxX = max(maxX, centres[2 * i])
            minY = min(minY, centres[2 * i + 1]); maxY = max(maxY, centres[2 * i + 1])
        }
        let scaleX = maxX > minX ? 65_535 / (maxX - minX) : 0
        let scaleY = maxY > minY ? 65_535 / (maxY - minY) : 0
        // Key = Hilbert value in the high half, position in the low half: one plain integer sort.
        var keys = [UInt64](repeating: 0, count: n)
        for i in 0..<n {
            let x = UInt32((centres[2 * i] - minX) * scaleX)
            let y = UInt32((centres[2 * i + 1] - minY) * scaleY)
            keys[i] = UInt64(value(x, y)) << 32 | UInt64(i)
        }
        keys.sort()
        return keys.map { Int($0 & 0xFFFF_FFFF) }
    }
}
