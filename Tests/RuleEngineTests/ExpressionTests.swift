import Foundation
import RuleEngine
import SpatialCore
import Testing

@Suite struct ExpressionTests {
    let env = CompileEnvironment(schema: Shipped.library.schema, catalog: Shipped.library.catalog)

    func eval(_ text: String, _ facts: [String: String] = [:], map: FixedMap = FixedMap(), now: Double = 0) throws -> Truth {
        let c = try ExpressionCompiler.condition(text, env).get()
        var f = FactSet(schema: env.schema)
        for (k, v) in facts { try f.set(k, parsing: v) }
        return c.evaluate(EvalContext(facts: f, now: now, location: Coordinate(longitude: 121.47, latitude: 31.23), spatial: map))
    }

    @Test func unitsConvertAndUnknownFactsAreUnknown() throws {
        #expect(try eval("release.quantity >= 500 kg", ["release.quantity": "0.6 t"]) == .yes)
        #expect(try eval("release.quantity >= 500 kg", ["release.quantity": "400 kg"]) == .no)
        #expect(try eval("release.quantity >= 500 kg") == .unknown)
        #expect(try eval("not (release.quantity >= 500 kg)") == .unknown)
        #expect(try eval("release.quantity >= 500 kg or true") == .yes)
        #expect(try eval("release.quantity >= 500 kg and false") == .no)
        #expect(try eval("sensor.rain_rate * 2 > 50 mm/h", ["sensor.rain_rate": "30 mm/h"]) == .yes)
        #expect(try eval("incident.deaths + incident.serious_injuries >= 10", ["incident.deaths": "3", "incident.serious_injuries": "7"]) == .yes)
        #expect(try eval("gas.concentration_lel >= 20 %", ["gas.concentration_lel": "25%"]) == .yes)
    }

    @Test func orderedValuesTimeAndLevels() throws {
        #expect(try eval("warning.colour >= orange", ["warning.colour": "red"]) == .yes)
        #expect(try eval("warning.colour >= orange", ["warning.colour": "yellow"]) == .no)
        #expect(try eval("warning.colour in [orange, red]", ["warning.colour": "red"]) == .yes)
        #expect(try eval("response.level >= II", ["response.level": "I"]) == .yes)
        #expect(try eval("response.level >= II", ["response.level": "III"]) == .no)
        #expect(try eval("since(alarm.first_at) >= 3 h", ["alarm.first_at": "1970-01-01T08:00:00+08:00"], now: 3 * 3600) == .yes)
        #expect(try eval("since(alarm.first_at) >= 3 h", ["alarm.first_at": "1970-01-01T08:00:00+08:00"], now: 3600) == .no)
        // 23:00 in Shanghai is 15:00 UTC.
        #expect(try eval("hour() >= 22", now: 15 * 3600) == .yes)
    }

    @Test func spatialPredicatesGoThroughTheProtocol() throws {
        let map = FixedMap(distances: ["facilities.school": 240], district: "ex:fire_district/02")
        #expect(try eval("within(300 m, facilities.school)", map: map) == .yes)
        #expect(try eval("within(0.2 km, facilities.school)", map: map) == .no)
        #expect(try eval("distance_to(school) < 250 m", map: map) == .yes)
        #expect(try eval("inside(\"ex:fire_district/02\")", map: map) == .yes)
        #expect(try eval("inside(\"ex:fire_district/03\")", map: map) == .no)
        // No school in the map at all: within is false, not unknown.
        #expect(try eval("within(300 m, facilities.school)") == .no)
    }

    @Test func typeErrorsCarryOffsets() throws {
        func firstError(_ text: String) -> ExpressionError? {
            if case let .failure(e) = ExpressionCompiler.condition(text, env) { return e.errors.first }
            return nil
        }
        #expect(firstError("incident.deaths > 3 m")?.offset == 16)
        #expect(firstError("warning.colour == purple")?.message.contains("expected one of blue") == true)
        #expect(firstError("incident.deaths")?.message.contains("must be true or false") == true)
        #expect(firstError("incident.deaths = 3")?.message.contains("'=='") == true)
        #expect(firstError("1 < 2 < 3")?.message.contains("do not chain") == true)
        #expect(firstError("within(300, facilities.school)")?.message.contains("distance") == true)
        #expect(firstError("system(\"rm -rf /\")")?.message.contains("unknown function") == true)
        #expect(firstError("inside(\"ex:fire_district/99\")")?.message.contains("unknown district") == true)
    }
}
