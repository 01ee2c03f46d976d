import SpatialCore
import Testing
@testable import SpatialIndex

@Suite struct PointIndexTests {
    static let shanghai = BoundingBox(minLongitude: 121.0, minLatitude: 30.7, maxLongitude: 122.0, maxLatitude: 31.7)

    /// Checks box, radius and k-nearest answers against brute force at `queryCount` random places.
    func expectMatchesBruteForce(_ points: [Coordinate], queriesIn area: BoundingBox, queryCount: Int,
                                 radiiMetres: [Double], seed: UInt64) {
        let index = PointIndex(points)
        #expect(index.count == points.count)
        var random = SplitMix64(seed: seed)
        for q in 0..<queryCount {
            // Every fourth query sits exactly on a data point, to exercise zero distances and ties.
            let centre = q % 4 == 0 ? points[Int.random(in: 0..<points.count, using: &random)]
                                    : random.coordinate(in: area)
            let radius = radiiMetres[q % radiiMetres.count]
            let box = BoundingBox.around(centre, radiusMetres: radius)
            #expect(index.inBox(box).sorted() == BruteForce.inBox(points, box), "box \(box)")
            #expect(BruteForce.hits(index.within(radiusMetres: radius, of: centre))
                    == BruteForce.within(points, radiusMetres: radius, of: centre), "radius \(radius) m at \(centre)")
            for k in [1, 5, 17] {
                #expect(BruteForce.hits(index.nearest(k, to: centre))
                        == BruteForce.nearest(points, k, to: centre), "k \(k) at \(centre)")
            }
            #expect(BruteForce.hits(index.nearest(5, to: centre, maxDistanceMetres: radius))
                    == BruteForce.nearest(points, 5, to: centre, maxDistanceMetres: radius), "k 5 within \(radius) m")
        }
    }

    @Test func cityMatchesBruteForce() {
        var random = SplitMix64(seed: 42)
        let points = random.points(20_000, in: Self.shanghai)
        expectMatchesBruteForce(points, queriesIn: Self.shanghai, queryCount: 200, radiiMetres: [0, 200, 1_500],
                                seed: 7)
    }

    @Test func highLatitudesAndPolesMatchBruteForce() {
        var random = SplitMix64(seed: 43)
        let arctic = BoundingBox(minLongitude: -180, minLatitude: 70, maxLongitude: 180, maxLatitude: 90)
        let points = random.points(5_000, in: arctic)
        expectMatchesBruteForce(points, queriesIn: arctic, queryCount: 150, radiiMetres: [5_000, 60_000, 900_000],
                                seed: 8)
    }

    @Test func antimeridianMatchesBruteForce() {
        var random = SplitMix64(seed: 44)
        let east = random.points(2_000, in: BoundingBox(minLongitude: 179, minLatitude: -18, maxLongitude: 180, maxLatitude: -16))
        let west = random.points(2_000, in: BoundingBox(minLongitude: -180, minLatitude: -18, maxLongitude: -179, maxLatitude: -16))
        let points = east + west
        let index = PointIndex(points)
        let wrapped = BoundingBox(minLongitude: 179.8, minLatitude: -17.5, maxLongitude: -179.7, maxLatitude: -16.9)
        #expect(index.inBox(wrapped).sorted() == BruteForce.inBox(points, wrapped))
        #expect(!index.inBox(wrapped).isEmpty)
        expectMatchesBruteForce(points, queriesIn: BoundingBox(minLongitude: 179.9, minLatitude: -17.5,
                                                               maxLongitude: 180, maxLatitude: -16.5),
                                queryCount: 100, radiiMetres: [3_000, 20_000], seed: 9)
    }

    @Test func emptyIndexAnswersNothing() {
        let index = PointIndex([])
        let here = Coordinate(longitude: 121.47, latitude: 31.23)
        #expect(index.count == 0)
        #expect(index.bounds == nil)
        #expect(index.inBox(Self.shanghai).isEmpty)
        #expect(index.within(radiusMetres: 1e7, of: here).isEmpty)
        #expect(index.nearest(5, to: here).isEmpty)
    }

    @Test func askingForMoreThanThereAreReturnsAllInOrder() {
        let points = [Coordinate(longitude: 121.5, latitude: 31.2), Coordinate(longitude: 121.4, latitude: 31.2),
                      Coordinate(longitude: 121.45, latitude: 31.2)]
        let index = PointIndex(points)
        let found = index.nearest(10, to: Coordinate(longitude: 121.39, latitude: 31.2))
        #expect(found.map(\.index) == [1, 2, 0])
        #expect(index.nearest(0, to: points[0]).isEmpty)
        #expect(index.bounds == BoundingBox(minLongitude: 121.4, minLatitude: 31.2, maxLongitude: 121.5, maxLatitude: 31.2))
    }

    @Test func duplicatesAreOrderedByIndexAndRadiusZeroFindsExactMatches() {
        let spot = Coordinate(longitude: 121.47, latitude: 31.23)
        let points = [Coordinate(longitude: 121.48, latitude: 31.23), spot, spot,
                      Coordinate(longitude: 121.47, latitude: 31.2300001), spot]
        let index = PointIndex(points)
        #expect(index.within(radiusMetres: 0, of: spot).map(\.index) == [1, 2, 4])
        #expect(index.within(radiusMetres: 0, of: spot).allSatisfy { $0.distanceMetres == 0 })
        #expect(index.nearest(4, to: spot).map(\.index) == [1, 2, 4, 3])
        #expect(index.inBox(BoundingBox(minLongitude: spot.longitude, minLatitude: spot.latitude,
                                        maxLongitude: spot.longitude, maxLatitude: spot.latitude)).sorted() == [1, 2, 4])
    }

    @Test func visitorsSeeWhatTheArraysHold() {
        var random = SplitMix64(seed: 45)
        let points = random.points(3_000, in: Self.shanghai)
        let index = PointIndex(points)
        let centre = Coordinate(longitude: 121.5, latitude: 31.2)
        var seen: [Int32] = []
        index.forEach(inBox: BoundingBox.around(centre, radiusMetres: 3_000)) { seen.append($0) }
        #expect(seen == index.inBox(BoundingBox.around(centre, radiusMetres: 3_000)))
        var near: [(Int32, Double)] = []
        index.forEach(withinRadiusMetres: 3_000, of: centre) { near.append(($0, $1)) }
        #expect(near.count == index.within(radiusMetres: 3_000, of: centre).count)
        #expect(!near.isEmpty)
    }
}
