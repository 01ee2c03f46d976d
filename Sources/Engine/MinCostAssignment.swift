/// Exact minimum-cost assignment of every row to a distinct column (rows ≤ columns): the Hungarian
/// method with potentials (Kuhn–Munkres, shortest augmenting paths, as in Jonker–Volgenant's dense form).
/// O(rows² · columns) time, O(rows · columns) for the matrix. Costs must be finite; give forbidden pairs a
/// large finite cost and check the result. Deterministic: ties go to the lowest column index found first.
public enum MinCostAssignment {
    /// `cost[r * columns + c]`; returns the column of every row.
    public static func solve(rows: Int, columns: Int, cost: [Double]) -> [Int] {
        precondition(rows <= columns, "an assignment needs at least as many columns as rows")
        precondition(cost.count == rows * columns, "cost must be rows × columns")
        guard rows > 0 else { return [] }
        // 1-based arrays with a virtual column 0, after e-maxx's formulation.
        var u = [Double](repeating: 0, count: rows + 1), v = [Double](repeating: 0, count: columns + 1)
        var rowOf = [Int](repeating: 0, count: columns + 1), way = [Int](repeating: 0, count: columns + 1)
        var minv = [Double](repeating: .infinity, count: columns + 1), used = [Bool](repeating: false, count: columns + 1)
        cost.withUnsafeBufferPointer { a in
            for i in 1...rows {
                rowOf[0] = i
                var j0 = 0
                for j in 0...columns { minv[j] = .infinity; used[j] = false }
                repeat {
                    used[j0] = true
                    let i0 = rowOf[j0], base = (i0 - 1) * columns
                    var delta = Double.infinity, j1 = 0
                    for j in 1...columns where !used[j] {
                        let reduced = a[base + j - 1] - u[i0] - v[j]
                        if reduced < minv[j] { minv[j] = reduced; way[j] = j0 }
                        if minv[j] < delta { delta = minv[j]; j1 = j }
                    }
                    for j in 0...columns {
                        if used[j] { u[rowOf[j]] += delta; v[j] -= delta } else { minv[j] -= delta }
                    }
                    j0 = j1
                } while rowOf[j0] != 0
                repeat {
                    let j1 = way[j0]
                    rowOf[j0] = rowOf[j1]
                    j0 = j1
                } while j0 != 0
            }
        }
        var columnOf = [Int](repeating: -1, count: rows)
        for j in 1...columns where rowOf[j] != 0 { columnOf[rowOf[j] - 1] = j - 1 }
        return columnOf
    }
}
