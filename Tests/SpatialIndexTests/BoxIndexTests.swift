import SpatialCore
import Testing
@testable import SpatialIndex

@Suite struct BoxIndexTests {
    static let shanghai = BoundingBox(minLongitude: 121.0, minLatitude: 30.7, maxLongitude: 122.0, maxLatitude: 31.7)

    /// Random small boxes (up to about 1 km across), a few of them identical.
    func randomBoxes(_ count: Int, seed: UInt64) -> [BoundingBox] {
        var random = SplitMix64(seed: seed)
        var boxes: [BoundingBox] = []
        for i in 0..<count {
            if i % 25 == 24 { boxes.append(boxes[i / 2]); continue }
            let corner = random.coordinate(in: Self.shanghai)
            boxes.append(BoundingBox(minLongitude: corner.longitude, minLatitude: corner.latitude,
                                     maxLongitude: corner.longitude + Double.random(in: 0...0.01, using: &random),
                                     maxLatitude: corner.latitude + Double.random(in: 0...0.01, using: &random)))
        }
        return boxes
    }

    @Test func searchMatchesBruteForce() {
        let boxes = randomBoxes(10_000, seed: 50)
        let index = BoxIndex(boxes)
        var random = SplitMix64(seed: 51)
        for _ in 0..<300 {
            let query = BoundingBox.around(random.coordinate(in: Self.shanghai), radiusMetres: 800)
            let expected = boxes.indices.filter { boxes[$0].intersects(query) }.map { Int32($0) }
            #expect(index.search(query).sorted() == expected)
        }
    }

    @Test func nearestWithExactDistanceMatchesBruteForce() {
        let boxes = randomBoxes(10_000, seed: 52)
        let index = BoxIndex(boxes)
        var random = SplitMix64(seed: 53)
        for q in 0..<200 {
            let query = random.coordinate(in: Self.shanghai)
            // The exact distance of the test: to the box's centre (never less than to the box).
            let distance = { (i: Int32) in Haversine.distanceMetres(query, boxes[Int(i)].center) }
            let k = [1, 5, 12][q % 3]
            let limit = q % 2 == 0 ? Double.infinity : 1_000
            var calls = 0
            let found = index.nearest(k: k, to: query, maxDistanceMetres: limit) { calls += 1; return distance($0) }
            let all = boxes.indices.map { BruteForce.Hit(index: Int32($0), distanceMetres: distance(Int32($0))) }
            let expected = Array(BruteForce.ranked(all.filter { $0.distanceMetres <= limit }).prefix(k))
            #expect(BruteForce.hits(found) == expected, "k \(k) within \(limit) m at \(query)")
            #expect(calls < boxes.count / 10, "the distance closure runs only near the answer")
        }
    }

    @Test func emptyAndWrappedBoxes() {
        let empty = BoxIndex([])
        #expect(empty.search(Self.shanghai).isEmpty)
        #expect(empty.nearest(k: 3, to: Coordinate(longitude: 0, latitude: 0)) { _ in 0 }.isEmpty)
        let fiji = BoundingBox(minLongitude: 179.5, minLatitude: -18, maxLongitude: -179.5, maxLatitude: -17)
        let index = BoxIndex([Self.shanghai, fiji])
        #expect(index.search(BoundingBox(minLongitude: -179.9, minLatitude: -17.5, maxLongitude: -179.8, maxLatitude: -17.4)) == [1])
        #expect(index.search(BoundingBox(minLongitude: 179.9, minLatitude: -17.6, maxLongitude: -179.9, maxLatitude: -17.5)) == [1])
        #expect(index.search(BoundingBox(minLongitude: 121.5, minLatitude: 31, maxLongitude: 121.6, maxLatitude: 31.1)) == [0])
    }
}
