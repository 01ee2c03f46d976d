import Testing
@testable import TimeSeries

@Suite struct CivilTimeTests {
    @Test func daysRoundTrip() {
        #expect(CivilTime.seconds(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilTime.seconds(year: 2019, month: 1, day: 1) == 1_546_300_800)
        let c = CivilTime.civil(1_546_300_800 + 3600 * 13 + 65)
        #expect(c.year == 2019 && c.month == 1 && c.day == 1 && c.hour == 13 && c.minute == 1 && c.second == 5)
        #expect(CivilTime.civil(-1).year == 1969)
    }

    @Test func parsesTimestampsInZones() throws {
        let utc = try #require(ZoneOffsets("UTC"))
        let sh = try #require(ZoneOffsets("Asia/Shanghai"))
        #expect(TimestampParser.parse("2019-01-01 00:00:00", zone: utc) == 1_546_300_800)
        #expect(TimestampParser.parse("2019-01-01 08:00:00", zone: sh) == 1_546_300_800)
        #expect(TimestampParser.parse("2019-01-01T08:00:00+08:00", zone: utc) == 1_546_300_800)
        #expect(TimestampParser.parse("2019-01-01T00:00:00Z", zone: sh) == 1_546_300_800)
        #expect(TimestampParser.parse("1546300800", zone: sh) == 1_546_300_800)
        #expect(TimestampParser.parse("2019-04-31 00:00", zone: utc) == nil)
        #expect(TimestampParser.parse("2019-13-01", zone: utc) == nil)
        #expect(TimestampParser.parse("yesterday", zone: utc) == nil)
        #expect(TimestampParser.parse("2019-01-01 25:00", zone: utc) == nil)
    }
}
