import Foundation
import Testing
@testable import CityImport
import SpatialCore

@Suite("LocalPlacement: local x/y placed at an anchor")
struct EPANETPlacementTests {
    @Test("the origin lands on the anchor; offsets scale by metres per unit")
    func origin() {
        let anchor = Coordinate(longitude: 7.88, latitude: 48.45)
        let p = LocalPlacement(anchor: anchor, originX: 500, originY: -20, unit: .feet)
        #expect(p.coordinate(x: 500, y: -20) == anchor)
        // 1000 ft north and east, measured back with the haversine: √2·304.8 m within 0.5 %.
        let c = p.coordinate(x: 1500, y: 980)
        let d = Haversine.distanceMetres(anchor, c)
        #expect(abs(d - 2.0.squareRoot() * 304.8) < 0.005 * 431)
        #expect(c.longitude > anchor.longitude && c.latitude > anchor.latitude)
    }

    /// Reference positions from PROJ 9 on WGS84:
    /// `printf '10000 10000\n…' | cs2cs -f %.9f +proj=aeqd +lat_0=45 +lon_0=110 +ellps=WGS84 +units=m +to +proj=longlat +ellps=WGS84`
    static let projAzimuthalEquidistant: [(anchor: Coordinate, x: Double, y: Double, lon: Double, lat: Double)] = [
        (Coordinate(longitude: 110, latitude: 45), 10_000, 10_000, 110.127026999, 45.089911983),
        (Coordinate(longitude: 110, latitude: 45), -20_000, 15_000, 109.745747074, 45.134690727),
        (Coordinate(longitude: 110, latitude: 45), 5_000, -5_000, 110.063364496, 44.954990603),
        (Coordinate(longitude: 110.33, latitude: 20.03), 10_000, 10_000, 110.425632106, 20.120304114),
        (Coordinate(longitude: 110.33, latitude: 20.03), -20_000, 15_000, 110.138680966, 20.165391077),
    ]

    @Test("agrees with PROJ's azimuthal equidistant projection to < 0.7 m at 20 km, < 0.12 m at 10 km")
    func againstPROJ() {
        for r in Self.projAzimuthalEquidistant {
            let c = LocalPlacement(anchor: r.anchor).coordinate(x: r.x, y: r.y)
            let errorMetres = Haversine.distanceMetres(c, Coordinate(longitude: r.lon, latitude: r.lat))
            let limit = max(abs(r.x), abs(r.y)) > 10_000 ? 0.7 : 0.12
            #expect(errorMetres < limit, "\(r.x), \(r.y) at \(r.anchor): \(errorMetres) m")
        }
    }

    @Test("distances along the axes agree with the haversine sphere to its own 0.6 %", arguments: [0.0, 30, 60])
    func axisDistances(latitude: Double) {
        // The sphere of mean radius differs from the ellipsoid by up to 0.56 % north-south at the equator.
        let anchor = Coordinate(longitude: 10, latitude: latitude)
        let p = LocalPlacement(anchor: anchor)
        for metres in [100.0, 1000, 10_000] {
            let east = Haversine.distanceMetres(anchor, p.coordinate(x: metres, y: 0))
            let north = Haversine.distanceMetres(anchor, p.coordinate(x: 0, y: metres))
            #expect(abs(east - metres) / metres < 0.006, "east \(metres) m at \(latitude)°: \(east)")
            #expect(abs(north - metres) / metres < 0.006, "north \(metres) m at \(latitude)°: \(north)")
        }
    }

    @Test("units: US survey foot, foot, metre, custom")
    func units() {
        #expect(LocalPlacement.Unit.usSurveyFeet.metres == 1200.0 / 3937.0)
        #expect(LocalPlacement.Unit.feet.metres == 0.3048)
        #expect(LocalPlacement.Unit.custom(metres: 2).metres == 2)
    }

    @Test("looks like lon/lat: small spans inside ±180/±90 only")
    func lonLatHeuristic() {
        #expect(LocalPlacement.looksLikeLongitudeLatitude([(x: 7.87, y: 48.45), (x: 7.90, y: 48.46)]))
        #expect(!LocalPlacement.looksLikeLongitudeLatitude([(x: 10, y: 10), (x: 70, y: 90)]))  // Net1's grid
        #expect(!LocalPlacement.looksLikeLongitudeLatitude([(x: 4_390_000, y: 3_836_000)]))
        #expect(!LocalPlacement.looksLikeLongitudeLatitude([(x: 200, y: 10)]))
        #expect(!LocalPlacement.looksLikeLongitudeLatitude([(x: Double, y: Double)]()))
    }

    @Test("centreOf pins the bounding-box centre")
    func centre() throws {
        let anchor = Coordinate(longitude: 121.47, latitude: 31.23)
        let p = try #require(LocalPlacement(centreOf: [(x: 0, y: 0), (x: 100, y: 40)], at: anchor))
        #expect(p.originX == 50 && p.originY == 20)
        #expect(p.coordinate(x: 50, y: 20) == anchor)
    }
}
