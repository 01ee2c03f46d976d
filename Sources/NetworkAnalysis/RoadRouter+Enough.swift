/// The dispatcher's bounded question: who reaches the target fastest, but only as far as needed to know
/// the `enough[g]` fastest candidates of every group `g` (unit types, capabilities).
extension RoadRouter {
    /// Travel seconds from each candidate to `target`, in the order of `candidates`, exact for every
    /// candidate within `exactWithinSeconds`; candidates beyond it come back `.infinity` (not searched,
    /// not necessarily unreachable).
    ///
    /// `groups[g]` lists candidate indexes (groups may overlap); the search stops once each group has
    /// `enough[g]` candidates within the radius, or every candidate is placed, or `limitSeconds` is reached.
    /// First pass: the reverse Dijkstra stops as soon as the exits of `hints` (per group, the candidates
    /// likely fastest — e.g. the nearest in a straight line) are all settled, or at `startSeconds × 2`;
    /// every node with seconds ≤ the last key settled is exact, so a candidate whose best time lies within
    /// that radius is exact. When a group still lacks candidates within it, a second round adds the hinted
    /// candidates' longest way onto the network (which puts every hint inside), or else the radius grows
    /// (×1.5, ×4 after a round that found no new candidate: the target on a road island, or the rest unreachable)
    /// until every group has enough; past a day it searches to `limitSeconds`. Work is O(nodes within the final
    /// radius · log) per round plus O(candidates). No preprocessing.
    public mutating func fastest(from candidates: [RoadPosition], to target: RoadPosition, groups: [[Int]], enough: [Int],
                                 hints: [Int] = [], startSeconds: Double, limitSeconds: Double = .infinity)
        -> (seconds: [Double], exactWithinSeconds: Double) {
        precondition(groups.count == enough.count, "one count per group")
        let sources = arrivals(target).map { ($0.node, $0.seconds) }
        // Every candidate's exits, flattened once: node, seconds from the candidate to it, owner.
        var exitNode: [Int32] = [], exitSeconds: [Double] = [], exitOwner: [Int32] = []
        exitNode.reserveCapacity(2 * candidates.count)
        var best = [Double](repeating: .infinity, count: candidates.count)
        var straight = [Double](repeating: .infinity, count: candidates.count)
        for (i, c) in candidates.enumerated() {
            for d in departures(c) {
                exitNode.append(d.node)
                exitSeconds.append(d.seconds)
                exitOwner.append(Int32(i))
            }
            if let s = direct(c, target) { straight[i] = s.seconds }
        }
        // The hinted candidates' exit nodes: the first pass stops once they are all settled.
        var hinted = [Bool](repeating: false, count: candidates.count)
        for h in hints { hinted[h] = true }
        let hintExits = exitNode.indices.filter { hinted[Int(exitOwner[$0])] }.map { exitNode[$0] }
        var radius = min(max(startSeconds, 1) * (hintExits.isEmpty ? 1 : 2), limitSeconds)
        var targeted = !hintExits.isEmpty
        var found = -1
        while true {
            workspace.run(on: graph, direction: .reverse, sources: sources, limitSeconds: radius, targets: targeted ? hintExits : exitNode,
                          costs: costs, recordsTree: false)
            var next = radius * 1.5
            if targeted {
                // Stopped once every hinted exit was settled: everything up to the last of them is exact, and every
                // hinted candidate lies within that plus its shortest way onto the network: the second round's radius.
                let keys = hintExits.map { workspace.seconds[Int($0)] }
                if keys.allSatisfy(\.isFinite) {
                    radius = keys.max()!.nextDown   // below the last key every node is settled
                    var onto = [Double](repeating: .infinity, count: candidates.count)
                    for k in exitNode.indices where hinted[Int(exitOwner[k])] { onto[Int(exitOwner[k])] = min(onto[Int(exitOwner[k])], exitSeconds[k]) }
                    next = radius + (hints.map { onto[$0] }.filter(\.isFinite).max() ?? 0) + 1e-9
                }
            }
            best = straight
            workspace.seconds.withUnsafeBufferPointer { dist in
                for k in exitNode.indices {
                    let s = exitSeconds[k] + dist[Int(exitNode[k])]
                    let owner = Int(exitOwner[k])
                    if s < best[owner] { best[owner] = s }
                }
            }
            var reached = 0
            for i in best.indices {
                if best[i] > radius { best[i] = .infinity } else { reached += 1 }
            }
            if reached == candidates.count { return (best, .infinity) }
            let satisfied = zip(groups, enough).allSatisfy { group, n in
                var count = 0
                for i in group where best[i].isFinite {
                    count += 1
                    if count >= n { return true }
                }
                return count >= n
            }
            if satisfied || radius >= limitSeconds { return (best, radius) }
            if reached == found { next = radius * 4 }   // no new candidate: the rest may be far or unreachable
            found = reached
            radius = next < limitSeconds && radius < 86_400 ? next : limitSeconds
            targeted = false
        }
    }
}
