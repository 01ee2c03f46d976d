import Testing
@testable import Dashboard

@Test func moduleLinks() { #expect("\(DashboardModule.self)" == "DashboardModule") }
