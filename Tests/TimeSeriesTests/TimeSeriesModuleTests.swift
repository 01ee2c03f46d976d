import Testing
@testable import TimeSeries

@Test func moduleLinks() { #expect("\(TimeSeriesModule.self)" == "TimeSeriesModule") }
