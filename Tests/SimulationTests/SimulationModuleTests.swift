import Testing
@testable import Simulation

@Test func moduleLinks() { #expect("\(SimulationModule.self)" == "SimulationModule") }
