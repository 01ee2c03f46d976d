import SpatialCore


/// A street grid near central Shanghai, built as road features the way the OSM importer writes them.
///
/// Rows run as one way each through every column, with a bent shape vertex between columns; columns
/// are split into two ways at the middle row. Speeds and one-way flags are drawn from a seeded
/// generator; about one road in `onewayEvery` is one-way (forward or reverse).
struct SyntheticGrid {
    let rows: Int, columns: Int
    var features: [Feature] = []

    static let origin = Coordinate(longitude: 121.45, latitude: 31.20)
    static let stepLongitude = 0.0012, stepLatitude = 0.001

    static func junction(_ row: Int, _ column: Int) -> Coordinate {
        Coordinate(longitude: origin.longitude + Double(column) * stepLongitude,
                   latitude: origin.latitude + Double(row) * stepLatitude)
    }

    init(rows: Int, columns: Int, seed: UInt64, onewayEvery: Int = 5) {
        self.rows = rows
        self.columns = columns
        var random = SplitMix64(seed: UInt64(seed))
        let speeds: [Double] = [15, 25, 35, 40, 50]
        func road(_ id: String, _ vertices: [Coordinate]) -> Feature {
            let oneway: Int64 = Int.random(in: 0..<onewayEvery, using: &random) == 0 ? (Bool.random(using: &random) ? 1 : -1) : 0
            return Feature(id: id, layer: .roads, kind: "residential", geometry: .lineString(vertices),
                           properties: ["speed_kmh": .real(speeds.randomElement(using: &random)!), "oneway": .integer(oneway)])
        }
        for r in 0..<rows {
            var vertices: [Coordinate] = []
            for c in 0..<columns {
                vertices.append(Self.junction(r, c))
                if c + 1 < columns {
                    let bend = Double.random(in: -0.0002...0.0002, using: &random)
                    vertices.append(Coordinate(longitude: Self.junction(r, c).longitude + Self.stepLongitude / 2,
                                               latitude: Self.junction(r, c).latitude + bend))
                }
            }
            features.append(road("row/\(r)", vertices))
        }
        let middle = rows / 2
        for c in 0..<columns {
            features.append(road("column/\(c)/south", (0...middle).map { Self.junction($0, c) }))
            features.append(road("column/\(c)/north", (middle..<rows).map { Self.junction($0, c) }))
        }
    }
}
