/// Why a pipe network could not be built or queried. Every case names the network and the element.
public enum PipeNetworkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broken references, duplicate ids, unknown values: `problems` are the first 20 of `totalCount`.
    case invalid(network: String, problems: [String], totalCount: Int)
    /// No link of the network is left to analyse.
    case empty(network: String)
    /// No node is a source (`is_source`, or kind reservoir, tank, source, regulator): isolation cannot
    /// tell who loses supply.
    case noSource(network: String, nodeCount: Int)
    /// The pipe asked for is not in the network.
    case unknownPipe(network: String, id: String)
    /// A valve layer row names a link or node that is not in the network, or a node that is not an end of its link.
    case invalidValve(network: String, row: Int, reason: String)

    public var description: String {
        switch self {
        case let .invalid(network, problems, total):
            "network '\(network)': \(total) problem\(total == 1 ? "" : "s"):\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
                + (total > problems.count ? "\n  … and \(total - problems.count) more" : "")
        case let .empty(network):
            "network '\(network)' has no pipes (check the network name and the from_node / to_node of its pipes)"
        case let .noSource(network, count):
            "network '\(network)' has no source: none of its \(count) nodes has is_source = true or kind "
                + "reservoir, tank, source or regulator, so nobody can be said to lose supply"
        case let .unknownPipe(network, id):
            "network '\(network)' has no pipe '\(id)'"
        case let .invalidValve(network, row, reason):
            "network '\(network)': valve layer row \(row): \(reason)"
        }
    }
}
