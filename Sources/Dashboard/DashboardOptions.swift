import Engine
import Foundation

/// The language of the pages' labels.
public enum DashboardLanguage: String, Sendable, CaseIterable {
    case zh, en
}

/// The pages `beacon dashboard` writes, in kiosk order; `overview` is `index.html`.
public enum DashboardPage: String, Sendable, CaseIterable {
    case overview, incidents, resources, lifelines, trends, performance

    public var fileName: String { self == .overview ? "index.html" : "\(rawValue).html" }
    /// The next page in kiosk rotation.
    public var next: DashboardPage {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// How the pages are built.
public struct DashboardOptions: Sendable {
    public var language: DashboardLanguage = .zh
    /// Kiosk mode: each page moves to the next (and the last back to the first) after this many seconds, re-reading
    /// the files so regenerated pages show; nil = no rotation.
    public var kioskSeconds: Int?
    /// The time the pages are built at (the clock on the page; open cases are judged at it).
    public var now = Date()
    public var limits: CaseTimeLimits = .defaults
    /// Makes the trends' forecast bands: TimeSeries' Holt–Winters, as `beacon series forecast`.
    public var forecaster: any TrendForecaster = HoltWintersForecaster()

    public init(language: DashboardLanguage = .zh, kioskSeconds: Int? = nil, now: Date = Date()) {
        self.language = language
        self.kioskSeconds = kioskSeconds
        self.now = now
    }
}
