import RuleEngine
import Testing

@Suite struct AlertRulesTests {
    let yaml = """
        schema: beacon-alerts/1
        sensor_kinds: {rain_gauge: "mm/h", pressure: kPa}
        rules:
          - {name: rain-Z01-III, kind: rain_gauge, zone: Z01, level: III, when: "reading.value >= 30 mm/h and reading.value < 50 mm/h"}
          - {name: rain-any-II, kind: rain_gauge, level: II, when: "reading.value >= 50 mm/h or reading.trend >= 20 mm/h"}
          - {name: pressure-low, kind: pressure, level: III, when: "reading.value <= 140 kPa"}
        """

    func fired(_ set: AlertRuleSet, kind: String, zone: String, value: Double, trend: Double) -> [String] {
        var context = set.makeContext()
        context.facts.setNumber(slot: AlertRuleSet.valueSlot, value)
        context.facts.setNumber(slot: AlertRuleSet.trendSlot, trend)
        var names: [String] = []
        set.fire(set.candidates(kind: kind, zone: zone), context) { names.append(set.rules[$0].name) }
        return names
    }

    @Test func rulesAreIndexedByKindAndZone() throws {
        let set = try AlertRuleSet.load(file: "a.yaml", text: yaml)
        #expect(fired(set, kind: "rain_gauge", zone: "Z01", value: 35, trend: 0) == ["rain-Z01-III"])
        #expect(fired(set, kind: "rain_gauge", zone: "Z02", value: 35, trend: 0) == [])
        #expect(fired(set, kind: "rain_gauge", zone: "Z02", value: 10, trend: 25) == ["rain-any-II"])
        #expect(fired(set, kind: "rain_gauge", zone: "Z01", value: 45, trend: 25) == ["rain-Z01-III", "rain-any-II"])
        #expect(fired(set, kind: "pressure", zone: "Z09", value: 120, trend: 0) == ["pressure-low"])
        #expect(fired(set, kind: "flow", zone: "Z01", value: 1e9, trend: 0) == [])
    }

    @Test func wrongUnitsAndKindsAreErrorsWithLocations() {
        let bad = yaml.replacingOccurrences(of: "reading.value <= 140 kPa", with: "reading.value <= 140 mm/h")
            .replacingOccurrences(of: "kind: pressure, level", with: "kind: presure, level")
        do {
            _ = try AlertRuleSet.load(file: "a.yaml", text: bad)
            Issue.record("expected errors")
        } catch {
            #expect(error.contains("unknown sensor kind 'presure'"))
            #expect(error.diagnostics.allSatisfy { $0.location.file == "a.yaml" && $0.location.line == 6 })
        }
        let wrongUnit = yaml.replacingOccurrences(of: "reading.value <= 140 kPa", with: "reading.value <= 140 mm/h")
        do {
            _ = try AlertRuleSet.load(file: "a.yaml", text: wrongUnit)
            Issue.record("expected errors")
        } catch {
            #expect(error.contains("cannot combine"))
        }
    }
}
