/// Why a hazard model refused its input. Every case names the field and the value it got.
public enum HazardError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A number outside the range the model is valid for (e.g. wind speed 0.2 m/s for a Gaussian plume).
    case outOfRange(field: String, value: Double, validRange: String, why: String)
    /// A substance name not in the substance table.
    case unknownSubstance(String, known: [String])
    /// A substance without the property a model needs (e.g. no toxic levels of concern).
    case missingProperty(substance: String, property: String)
    /// A unit the model does not take, with the units it does.
    case unknownUnit(field: String, unit: String, accepted: [String])
    /// A data file line that could not be read.
    case malformedLine(file: String, line: Int, reason: String)
    /// Input that cannot give an answer (no fixes, a track that does not cover the time asked).
    case insufficientData(String)

    public var description: String {
        switch self {
        case let .outOfRange(field, value, range, why):
            "\(field) = \(value) is outside the valid range \(range): \(why)"
        case let .unknownSubstance(name, known):
            "unknown substance '\(name)'; known: \(known.joined(separator: ", "))"
        case let .missingProperty(substance, property):
            "substance '\(substance)' has no \(property) in the substance table"
        case let .unknownUnit(field, unit, accepted):
            "\(field): unit '\(unit)' is not accepted; use one of \(accepted.joined(separator: ", "))"
        case let .malformedLine(file, line, reason):
            "\(file):\(line): \(reason)"
        case let .insufficientData(reason):
            reason
        }
    }
}

/// Checks that `value` is finite and inside `range`, else throws ``HazardError/outOfRange(field:value:validRange:why:)``.
@inlinable
func require(_ value: Double, in range: ClosedRange<Double>, field: String, why: String) throws(HazardError) {
    guard value.isFinite, range.contains(value) else {
        throw .outOfRange(field: field, value: value, validRange: "\(range.lowerBound)…\(range.upperBound)", why: why)
    }
}
