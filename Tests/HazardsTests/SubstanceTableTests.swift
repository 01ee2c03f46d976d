import Testing
@testable import Hazards

@Suite struct SubstanceTableTests {
    @Test func theTenToxicsAndTwoFlammablesArePresent() throws {
        for name in ["chlorine", "ammonia", "hydrogen sulfide", "sulfur dioxide", "hydrogen chloride", "hydrogen cyanide",
                     "phosgene", "nitrogen dioxide", "carbon monoxide", "benzene"] {
            let s = try SubstanceTable.lookup(name)
            #expect(s.orange != nil && s.red != nil, "\(name) needs AEGL-2 and AEGL-3")
            if let y = s.yellow, let o = s.orange { #expect(y.ppm < o.ppm, "\(name) levels must rise") }
            #expect(s.orange!.ppm < s.red!.ppm)
            #expect(!s.source.isEmpty)
        }
        #expect(try SubstanceTable.lookup("methane").lowerFlammabilityLimitPercent == 5.0)
        #expect(try SubstanceTable.lookup("propane").lowerFlammabilityLimitPercent == 2.1)
        #expect(try SubstanceTable.lookup("液氯").name == "chlorine")
    }

    @Test func ppmToMilligramsAt25C() {
        // Chlorine: 1 ppm = 70.90 / 24.45 = 2.90 mg/m³.
        let c = Concentration.fromPPM(1, molarMassGramsPerMole: 70.90)
        #expect(abs(c.milligramsPerCubicMetre - 2.8998) < 1e-3)
        #expect(abs(c.ppm(molarMassGramsPerMole: 70.90) - 1) < 1e-12)
    }
}
