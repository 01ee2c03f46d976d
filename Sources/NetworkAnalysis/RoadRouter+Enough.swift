/// The dispatcher's bounded question: who reaches the target fastest, but only as far as needed to know
/// the `enough[g]` fastest candidates of every group `g` (unit types, capabilities).
extension RoadRouter {
    /// Travel seconds from candidates to `target` (fastest first), exact for every candidate within
    /// `exactWithinSeconds`; candidates beyond it come back `.infinity` (not searched, not unreachable).
    ///
    /// `groups[g]` lists candidate indexes (groups may overlap); the search stops once each group has
    /// `enough[g]` candidates within the radius, or every candidate is placed, or `limitSeconds` is reached.
    /// It runs the reverse Dijkstra with a radius starting at `startSeconds` and doubling until that
    /// holds: a node with seconds ≤ radius is settled exactly, so a candidate whose best exit lies within
    /// the radius is exact. Work is O(nodes within the final radius · log), at most about 4/3 of that
    /// over the doublings on a planar network. No preprocessing.
    public mutating func fastest(from candidates: [RoadPosition], to target: RoadPosition, groups: [[Int]], enough: [Int],
                                 startSeconds: Double, limitSeconds: Double = .infinity)
        -> (times: [CandidateTime], exactWithinSeconds: Double) {
        precondition(groups.count == enough.count, "one count per group")
        var radius = min(max(startSeconds, 1), limitSeconds)
        while true {
            let times = fastest(from: candidates, to: target, limitSeconds: radius)
            var best = [Double](repeating: .infinity, count: candidates.count)
            for t in times { best[t.index] = t.travelSeconds }
            if best.allSatisfy(\.isFinite) { return (times, .infinity) }
            let satisfied = zip(groups, enough).allSatisfy { group, n in group.lazy.filter { best[$0] <= radius }.count >= n }
            if satisfied || radius >= limitSeconds { return (times, radius) }
            radius = radius.isFinite && radius * 2 < limitSeconds && radius < 86_400 ? radius * 2 : limitSeconds
        }
    }
}
