/// Siting the fewest fire stations so that every demand node is reached within a travel budget.
///
/// A set-cover model on the road graph: candidate `c` covers demand node `d` when the forward
/// travel time c → d is within the budget (default 300 s, the Chinese 5-minute standard of
/// 建标152-2017, turnout excluded). Steps, all deterministic (ties go to the smaller node id):
/// 1. coverage sets by a limited Dijkstra from every candidate — O(C · (V_b + E_b) log V_b) for the
///    V_b nodes and E_b edges inside one budget;
/// 2. lazy greedy set cover (ln n approximation);
/// 3. improvement: drop redundant stations, replace any two stations by one candidate that covers
///    everything only they covered (2-for-1 swaps) until none applies, drop redundant again;
/// 4. a lower bound: demand nodes whose candidate sets are pairwise disjoint, packed greedily
///    (each needs its own station, so no solution has fewer).
/// Demand nodes that no candidate reaches within the budget are reported, not covered.
public enum StationSiting {
    /// The chosen stations and how good they are.
    public struct Result: Sendable {
        /// Travel budget used, seconds.
        public let budgetSeconds: Double
        /// Chosen station nodes, ascending.
        public let stations: [Int]
        /// Station count straight after greedy, before the improvement pass.
        public let greedyStationCount: Int
        /// No station set drawn from the candidates covers the coverable demand with fewer stations.
        public let lowerBound: Int
        /// Demand nodes considered and candidates offered.
        public let demandCount: Int, candidateCount: Int
        /// Demand nodes no candidate reaches within the budget, ascending (never covered).
        public let uncoverableNodes: [Int]
        /// Largest travel time from the nearest chosen station over the coverable demand, seconds
        /// (≤ `budgetSeconds` by construction).
        public let worstCaseTravelSeconds: Double
        /// Travel seconds from the nearest chosen station to every node (`.infinity` when unreachable).
        public let travelSecondsFromNearestStation: [Double]
        let nearestStation: [Int32]

        /// The chosen station that reaches `node` first (its district), or nil. O(1).
        public func station(serving node: Int) -> Int? {
            nearestStation[node] < 0 ? nil : Int(nearestStation[node])
        }
    }

    /// Chooses stations on `graph`. `candidates` and `demand` default to the nodes of the largest
    /// strongly connected component (pass a thinned candidate list to trade quality for speed).
    public static func solve(on graph: RoadGraph, budgetSeconds: Double = 300,
                             candidates: [Int]? = nil, demand: [Int]? = nil) -> Result {
        let core = (candidates == nil || demand == nil) ? graph.connectedComponents().largestStrongComponentNodes : []
        let candidateNodes = Array(Set(candidates ?? core)).sorted()
        let demandNodes = Array(Set(demand ?? core)).sorted()
        var cover = Coverage(graph: graph, candidates: candidateNodes, demand: demandNodes, budgetSeconds: budgetSeconds)

        var chosen = cover.lazyGreedy()
        let greedyCount = chosen.count
        cover.removeRedundant(&chosen)
        while cover.swapTwoForOne(&chosen) {}
        cover.removeRedundant(&chosen)

        let stations = chosen.map { candidateNodes[$0] }.sorted()
        var workspace = DijkstraWorkspace(nodeCount: graph.nodeCount)
        workspace.run(on: graph, direction: .forward, sources: stations.map { (Int32($0), 0) })
        var worst = 0.0
        for (slot, node) in demandNodes.enumerated() where cover.isCoverable(slot) {
            worst = max(worst, workspace.seconds[node])
        }
        return Result(
            budgetSeconds: budgetSeconds, stations: stations, greedyStationCount: greedyCount,
            lowerBound: cover.disjointLowerBound(), demandCount: demandNodes.count,
            candidateCount: candidateNodes.count,
            uncoverableNodes: demandNodes.indices.filter { !cover.isCoverable($0) }.map { demandNodes[$0] },
            worstCaseTravelSeconds: worst, travelSecondsFromNearestStation: workspace.seconds,
            nearestStation: workspace.origin)
    }
}

/// Coverage sets in both directions (candidate → demand slots, demand slot → candidates) as CSR,
/// plus how many chosen stations cover each demand slot.
private struct Coverage {
    let coverOffsets: [Int], coverDemand: [Int32]
    let reachOffsets: [Int], reachCandidates: [Int32]
    var coverCount: [Int32]
    var markA: [Int32], markB: [Int32]
    var stamp: Int32 = 0

    init(graph: RoadGraph, candidates: [Int], demand: [Int], budgetSeconds: Double) {
        var demandSlot = [Int32](repeating: -1, count: graph.nodeCount)
        for (slot, node) in demand.enumerated() { demandSlot[node] = Int32(slot) }
        var workspace = DijkstraWorkspace(nodeCount: graph.nodeCount)
        var offsets = [0], covered: [Int32] = []
        for c in candidates {
            workspace.run(on: graph, direction: .forward, sources: [(Int32(c), 0)], limitSeconds: budgetSeconds)
            for node in workspace.settledNodes where demandSlot[Int(node)] >= 0 { covered.append(demandSlot[Int(node)]) }
            offsets.append(covered.count)
        }
        // Invert by counting sort; candidate positions come out ascending in every list.
        var reach = [Int](repeating: 0, count: demand.count + 1)
        for d in covered { reach[Int(d) + 1] += 1 }
        for i in 0..<demand.count { reach[i + 1] += reach[i] }
        var fill = reach
        var reachers = [Int32](repeating: 0, count: covered.count)
        for c in candidates.indices {
            for slot in offsets[c]..<offsets[c + 1] {
                let d = Int(covered[slot])
                reachers[fill[d]] = Int32(c)
                fill[d] += 1
            }
        }
        coverOffsets = offsets; coverDemand = covered
        reachOffsets = reach; reachCandidates = reachers
        coverCount = [Int32](repeating: 0, count: demand.count)
        markA = coverCount; markB = coverCount
    }

    func covers(_ c: Int) -> ArraySlice<Int32> { coverDemand[coverOffsets[c]..<coverOffsets[c + 1]] }
    func reachers(_ d: Int) -> ArraySlice<Int32> { reachCandidates[reachOffsets[d]..<reachOffsets[d + 1]] }
    func isCoverable(_ d: Int) -> Bool { reachOffsets[d + 1] > reachOffsets[d] }

    mutating func add(_ c: Int) { for d in covers(c) { coverCount[Int(d)] += 1 } }
    mutating func remove(_ c: Int) { for d in covers(c) { coverCount[Int(d)] -= 1 } }

    /// Lazy greedy: gains only fall, so a popped candidate whose recomputed gain still equals its
    /// key is the best. Returns candidate positions in the order chosen.
    mutating func lazyGreedy() -> [Int] {
        var heap = MaxHeap()
        for c in 0..<(coverOffsets.count - 1) where !covers(c).isEmpty { heap.push(gain: covers(c).count, position: c) }
        var uncovered = (0..<(reachOffsets.count - 1)).filter(isCoverable).count
        var chosen: [Int] = []
        while uncovered > 0, let (gain, c) = heap.pop() {
            var fresh = 0
            for d in covers(c) where coverCount[Int(d)] == 0 { fresh += 1 }
            if fresh == gain {
                chosen.append(c)
                uncovered -= fresh
                add(c)
            } else if fresh > 0 {
                heap.push(gain: fresh, position: c)
            }
        }
        return chosen
    }

    /// Drops stations whose every demand node is covered by another, latest chosen first.
    mutating func removeRedundant(_ chosen: inout [Int]) {
        for i in chosen.indices.reversed() where covers(chosen[i]).allSatisfy({ coverCount[Int($0)] >= 2 }) {
            remove(chosen[i])
            chosen.remove(at: i)
        }
    }

    /// Replaces the first pair of stations (in choice order) that one unchosen candidate can stand
    /// in for. Returns false when no pair can be replaced.
    mutating func swapTwoForOne(_ chosen: inout [Int]) -> Bool {
        let isChosen = Set(chosen)
        for i in chosen.indices {
            for j in (i + 1)..<chosen.count {
                let a = chosen[i], b = chosen[j]
                stamp += 1
                for d in covers(a) { markA[Int(d)] = stamp }
                for d in covers(b) { markB[Int(d)] = stamp }
                // Demand only a and b cover between them.
                var only: [Int] = []
                for d in covers(a) where coverCount[Int(d)] - 1 - (markB[Int(d)] == stamp ? 1 : 0) == 0 { only.append(Int(d)) }
                for d in covers(b) where markA[Int(d)] != stamp && coverCount[Int(d)] == 1 { only.append(Int(d)) }
                var replacement: Int? = nil
                if !only.isEmpty {
                    only.sort { (reachers($0).count, $0) < (reachers($1).count, $1) }
                    replacement = reachers(only[0]).lazy.map(Int.init).first { c in
                        !isChosen.contains(c) && only.allSatisfy { self.reachers($0).containsSorted(Int32(c)) }
                    }
                    guard replacement != nil else { continue }
                }
                remove(a); remove(b)
                chosen.remove(at: j); chosen.remove(at: i)
                if let c = replacement { add(c); chosen.append(c) }
                return true
            }
        }
        return false
    }

    /// Packs demand nodes with pairwise disjoint candidate sets, fewest candidates first.
    mutating func disjointLowerBound() -> Int {
        stamp += 1
        var used = [Bool](repeating: false, count: coverOffsets.count - 1)
        let order = (0..<(reachOffsets.count - 1)).filter(isCoverable).sorted {
            (reachers($0).count, $0) < (reachers($1).count, $1)
        }
        var bound = 0
        for d in order where !reachers(d).contains(where: { used[Int($0)] }) {
            bound += 1
            for c in reachers(d) { used[Int(c)] = true }
        }
        return bound
    }
}

/// A max-heap of (gain, candidate position) packed in one UInt64: larger gain first, then the
/// smaller position.
private struct MaxHeap {
    private var keys: [UInt64] = []

    mutating func push(gain: Int, position: Int) {
        keys.append(UInt64(gain) << 32 | UInt64(UInt32.max - UInt32(position)))
        var i = keys.count - 1
        while i > 0, keys[(i - 1) / 2] < keys[i] { keys.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
    }

    mutating func pop() -> (gain: Int, position: Int)? {
        guard let top = keys.first else { return nil }
        keys.swapAt(0, keys.count - 1)
        keys.removeLast()
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= keys.count { break }
            if child + 1 < keys.count, keys[child + 1] > keys[child] { child += 1 }
            guard keys[child] > keys[i] else { break }
            keys.swapAt(i, child)
            i = child
        }
        return (Int(top >> 32), Int(UInt32.max - UInt32(truncatingIfNeeded: top)))
    }
}

extension ArraySlice where Element == Int32 {
    /// Binary search in an ascending slice. O(log n).
    func containsSorted(_ value: Int32) -> Bool {
        var low = startIndex, high = endIndex
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < endIndex && self[low] == value
    }
}
