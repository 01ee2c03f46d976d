import SpatialCore

/// Names a plan may use and the validator checks: unit types, layers' kinds, departments, districts, networks.
///
/// Loaded from Plans/catalog.yaml; `Engine` checks it against the store's layer schema and unit kinds.
public struct PlanCatalog: Sendable {
    public var unitTypes: [String] = []
    public var kinds: [Layer: Set<String>] = [:]
    public var departments: Set<String> = []
    public var districts: Set<String> = []
    public var networks: Set<String> = []
    public var hazardModels: Set<String> = []
    public var supplies: Set<String> = []
    public init() {}
}

/// A response level's name and its reporting deadlines (configurable: DOMAIN.md gives a provincial example).
public struct LevelSpec: Sendable, Hashable {
    public let level: ResponseLevel
    public let nameZh: String
    public let nameEn: String
    /// Minutes from the call within which a phone report is due; nil when none is required.
    public let phoneReportMinutes: Double?
    /// Minutes within which the written report (初报) is due.
    public let writtenReportMinutes: Double
}

/// One incident type of GB/T 35561 (codes are hierarchical: a plan for "2" covers every accident).
public struct IncidentType: Sendable, Hashable {
    public let code: String
    public let nameZh: String
    public let nameEn: String
    public let aliases: [String]
    /// 自然灾害, 事故灾难, 公共卫生事件 or 社会安全事件.
    public var category: String {
        switch code.first {
        case "1": "自然灾害 natural disaster"
        case "2": "事故灾难 accident"
        case "3": "公共卫生事件 public health"
        case "4": "社会安全事件 social security"
        default: "unknown"
        }
    }

    /// Whether this type falls under `prefix` ("23100" under "23", "2", "23100"); trailing zeros are not significant.
    public func isCovered(by prefix: String) -> Bool {
        var p = Substring(prefix)
        while p.count > 1, p.hasSuffix("0") { p = p.dropLast() }
        return code.hasPrefix(p)
    }
}
