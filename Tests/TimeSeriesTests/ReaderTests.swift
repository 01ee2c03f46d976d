import Foundation
import Testing
import TestSupport
@testable import TimeSeries

@Suite struct ReaderTests {
    func read(_ text: String, _ format: ReadingFormat, _ options: ReadOptions = ReadOptions(), name: String = "in.csv") throws -> ([Series], ReadReport) {
        let dir = TestPaths.temporaryDirectory("ts-reader")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        let stream = try ReadingStream(path: url.path, format: format, options: options)
        let series = try stream.readAll()
        return (series, stream.report)
    }

    func lines(_ r: ReadReport, _ kind: ReadIssue.Kind) -> [Int] { r.examples.filter { $0.kind == kind }.map(\.line) }

    @Test func longCSVReportsBadLinesByNumber() throws {
        let text = """
            sensor,t,value,unit
            rain-1,2019-07-01T00:00:00+08:00,1.5,mm/h
            rain-1,2019-07-01T01:00:00+08:00,2.5,mm/h
            rain-1,2019-13-01T02:00:00+08:00,3,mm/h
            rain-1,2019-07-01T03:00:00+08:00,abc,mm/h
            rain-2,2019-07-01T03:00:00+08:00,4,furlongs
            rain-1;2019-07-01T04:00:00+08:00;4;mm/h
            rain-1,2019-07-01T05:00:00+08:00,NA,mm/h
            rain-1,2019-07-01T06:00:00+08:00,6,mm/h
            rain-1,2019-07-01T06:00:00+08:00,6.5,mm/h
            rain-1,2019-07-01T02:00:00+08:00,2,mm/h
            rain-1,2019-07-01T02:00:00+08:00,2,cm
            """
        let (series, r) = try read(text, .csv)
        #expect(lines(r, .badTimestamp) == [4])
        #expect(lines(r, .badValue) == [5])
        #expect(lines(r, .unknownUnit) == [6])
        #expect(lines(r, .mixedSeparators) == [7])
        #expect(lines(r, .missing) == [8])
        #expect(lines(r, .duplicate) == [10])
        #expect(lines(r, .outOfOrder) == [11])
        #expect(lines(r, .badRecord) == [12])      // unit changes within the series
        #expect(r.rejectedLines == 5)      // a missing value is counted, not a rejection
        let rain = try #require(series.first { $0.info.sensorID == "rain-1" })
        #expect(rain.readings.map(\.value) == [1.5, 2.5, 2, 6.5])   // in time order, the last of a repeated instant kept
        #expect(rain.info.unit == "mm/h")
    }

    @Test func wideLTownFileWithDecimalCommasAndMixedSeparators() throws {
        let text = """
            Timestamp;p227;p235;T1
            2019-01-01 00:00:00;88,14;90,89;3,41
            2019-01-01 00:05:00;82,9;83,3;3,43
            2019-01-01 00:10:00,82.9,83.3,3.43
            2019-01-01 00:15:00;81;x;3,5
            yesterday;1;2;3
            2019-01-01 02:15:00;80;80;3,6
            """
        let (series, r) = try read(text, .ltown, ReadOptions(idPrefix: "ltown:"))
        #expect(series.map(\.info.sensorID) == ["ltown:p227", "ltown:p235", "ltown:T1"])
        #expect(series[0].readings.map(\.value) == [88.14, 82.9, 81, 80])
        #expect(series[2].info.unit == "m" && series[0].info.unit == "m3/h")
        #expect(lines(r, .mixedSeparators) == [4])
        #expect(lines(r, .badValue) == [5])
        #expect(lines(r, .badTimestamp) == [6])
        #expect(lines(r, .gap).contains(7))
    }

    @Test func spikesAreReportedAtTheirLine() throws {
        var text = "Timestamp;p1\n"
        for i in 0..<30 { text += "2019-01-01 \(String(format: "%02d:%02d", i / 12, i % 12 * 5)):00;\(i == 20 ? "500" : String(100 + i % 3))\n" }
        let (_, r) = try read(text, .ltown)
        #expect(lines(r, .spike) == [22])
    }

    @Test func prsaLocalHoursAndMissingValues() throws {
        let text = """
            "No","year","month","day","hour","PM2.5","PM10","SO2","NO2","CO","O3","TEMP","PRES","DEWP","RAIN","wd","WSPM","station"
            1,2016,9,11,2,9,9,3,17,300,89,20.1,1000,18,0,"NNW",5.7,"Dongsi"
            2,2016,9,11,3,NA,9,3,17,300,89,19.7,1008.3,18.9,46.4,"E",3.4,"Dongsi"
            3,2016,9,31,4,5,9,3,17,300,89,19.7,1008.3,18.9,0.5,"E",3.4,"Dongsi"
            """
        let (series, r) = try read(text, .prsa, ReadOptions(columns: ["PM2.5", "RAIN"]), name: "PRSA_Data_Dongsi.csv")
        let rain = try #require(series.first { $0.info.sensorID == "prsa:Dongsi/RAIN" })
        #expect(rain.info.timeZone == "Asia/Shanghai" && rain.info.unit == "mm/h")
        #expect(rain.readings.map(\.value) == [0, 46.4])
        #expect(rain.readings[1].t == CivilTime.seconds(year: 2016, month: 9, day: 10, hour: 19))   // 03:00 +08:00
        #expect(lines(r, .missing) == [3])
        #expect(lines(r, .badTimestamp) == [4])                                                  // 31 September
    }

    @Test func jsonLinesAndMapping() throws {
        let text = """
            {"sensor": "a", "t": "2019-01-01T00:00:00Z", "value": 1, "unit": "kPa"}
            {"sensor": "a", "t": 1546300860, "value": 2, "unit": "kPa"}
            not json
            {"sensor": "a", "t": true, "value": 3, "unit": "kPa"}
            {"sensor": "a", "t": "2019-01-01T00:03:00Z", "value": "3", "unit": "kPa"}
            {"sensor": "b", "t": "2019-01-01T00:03:00Z", "value": 3, "unit": "kPa"}

            {"sensor": "a", "t": "2019-01-01T00:04:00Z", "value": null, "unit": "kPa"}
            """
        let (series, r) = try read(text, .jsonl, ReadOptions(mapping: ["a": "ex:sensor/a"]), name: "feed.jsonl")
        #expect(series.map(\.info.sensorID) == ["ex:sensor/a"])
        #expect(series[0].readings.map(\.t) == [1_546_300_800, 1_546_300_860])
        #expect(lines(r, .badRecord) == [3])
        #expect(lines(r, .badTimestamp) == [4])
        #expect(lines(r, .badValue) == [5])
        #expect(lines(r, .unmapped) == [6])
        #expect(lines(r, .missing) == [8])
    }

    @Test func headerProblemsStopTheRead() throws {
        #expect(throws: ReadError.self) { try read("when,what\n1,2\n", .csv) }
        #expect(throws: ReadError.self) { try read("sensor,t,value\na,2019-01-01,1\n", .csv) }   // no unit anywhere
        #expect(throws: ReadError.self) { try read("", .csv) }
        #expect(throws: ReadError.self) { try ReadingStream(path: "/nonexistent/x.csv", format: .csv, options: ReadOptions()) }
    }

    @Test func numbersParse() {
        func n(_ s: String, comma: Bool = false) -> Double? {
            var t = s
            return t.withUTF8 { if case let .number(v) = NumberParser.parse($0, decimalComma: comma) { v } else { nil } }
        }
        #expect(n("88,14", comma: true) == 88.14)
        #expect(n("-0.005") == -0.005)
        #expect(n("1e3") == 1000)
        #expect(n("12345678901234567890") == 1.2345678901234567e19)
        #expect(n("1.2.3") == nil && n("abc") == nil && n("88,14") == nil)
    }
}
